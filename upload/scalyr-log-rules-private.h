/* scalyr-log-rules-private.h: redaction_rules and sampling_rules of a logs entry (private)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The compiled rules of one `logs` entry. Not thread-safe: it holds the
 * scratch buffers of the line being processed. */
typedef struct _ScalyrLogRules ScalyrLogRules;

/* Compiles the `redaction_rules` and `sampling_rules` members of a logs
 * entry (either may be %NULL or a JSON null). Returns %NULL without an
 * error when there is no rule at all; %NULL with @error set
 * (SCALYR_UPLOAD_ERROR_BAD_CONFIG, a message naming the field, the rule
 * index and the fix, without the entry) when one is invalid. */
ScalyrLogRules *scalyr_log_rules_new  (JsonNode  *redaction_rules,
                                       JsonNode  *sampling_rules,
                                       GError   **error);
void            scalyr_log_rules_free (ScalyrLogRules *rules);

/* Seeds the generator deciding the sampling (for tests). */
void            scalyr_log_rules_set_seed (ScalyrLogRules *rules,
                                           guint32         seed);

typedef struct {
  /* The message to send (valid UTF-8): the line itself or a buffer of the
   * rules, valid until the next call. */
  const char *message;
  gsize       length;
  /* `,"sample_rate":<rate>` to add to attrs after message, or %NULL. */
  const char *sample_rate_attr;
  gsize       sample_rate_attr_len;
  gboolean    redacted;       /* a redaction rule matched */
  gsize       invalid_utf8;   /* bytes of the line replaced by U+FFFD */
} ScalyrLineResult;

/* Applies the rules to one line (its bytes as read, terminator included):
 * decodes it as UTF-8 with replacement, then the first sampling rule that
 * matches decides whether it is kept, then every redaction rule in order
 * replaces all its matches. Returns %FALSE when sampling drops the line.
 * A kept line may be redacted to nothing (@result->length 0). A matching
 * error (a regex hitting PCRE's limits) empties the message and sets
 * @error. */
gboolean scalyr_log_rules_apply (ScalyrLogRules   *rules,
                                 const char       *line,
                                 gsize             len,
                                 ScalyrLineResult *result,
                                 GError          **error);

/* A Python re pattern translated to PCRE's syntax (\Z, \uXXXX,
 * \UXXXXXXXX), to compile with G_REGEX_NEWLINE_LF. Free with g_free(). */
char *scalyr_log_rules_python_pattern (const char *pattern);

G_END_DECLS
