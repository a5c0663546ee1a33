/* scalyr-line-groupers.c: lineGroupers of a logs entry, as the reference's
 * scalyr_agent/line_matcher.py (LineMatcherCollection, ContinueThrough,
 * ContinuePast, HaltBefore, HaltWith)
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-line-groupers-private.h"

#include "scalyr-log-rules-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-uploader.h"

#include <string.h>
#include "scalyr-i18n-private.h"

typedef enum {
  CONTINUE_THROUGH,
  CONTINUE_PAST,
  HALT_BEFORE,
  HALT_WITH,
} GrouperKind;

static const char *const kind_names[] = { "continueThrough", "continuePast", "haltBefore", "haltWith" };

typedef struct {
  GrouperKind kind;
  GRegex     *start;
  GRegex     *cont;
} Grouper;

struct _ScalyrLineGroupers {
  Grouper *groupers;
  guint    n;
  GString *valid;   /* a line with invalid UTF-8, made valid for matching */
};

/* The state of ContinuePast and HaltWith within one group. */
typedef struct {
  gboolean grouping;
  gboolean last_line;
} GroupState;

void
scalyr_line_groupers_free (ScalyrLineGroupers *groupers)
{
  if (groupers == NULL)
    return;
  for (guint i = 0; i < groupers->n; i++)
    {
      g_clear_pointer (&groupers->groupers[i].start, g_regex_unref);
      g_clear_pointer (&groupers->groupers[i].cont, g_regex_unref);
    }
  g_free (groupers->groupers);
  g_string_free (groupers->valid, TRUE);
  g_free (groupers);
}



static GRegex *
compile (guint index, const char *field, const char *pattern, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *pcre = scalyr_log_rules_python_pattern (pattern);
  /* \n alone ends a line for `$` and `.`, as in Python. */
  GRegex *re = g_regex_new (pcre, G_REGEX_OPTIMIZE | G_REGEX_NEWLINE_LF, 0, &local);
  if (re == NULL)
    g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                 _("field \"lineGroupers\": grouper %u: \"%s\" “%s” is not a valid regular expression: %s; "
                   "fix the pattern (Python/PCRE syntax)"), index, field, pattern, local->message);
  return re;
}

ScalyrLineGroupers *
scalyr_line_groupers_new (JsonNode  *line_groupers,
                          GError   **error)
{
  if (line_groupers == NULL || JSON_NODE_HOLDS_NULL (line_groupers))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (line_groupers))
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                   _("field \"lineGroupers\" is %s; it must be an array of objects such as "
                     "{\"start\": \"^[^\\\\s]\", \"continueThrough\": \"^[\\\\s]+at\"}"),
                   scalyr_upload_json_kind (line_groupers));
      return NULL;
    }
  JsonArray *array = json_node_get_array (line_groupers);
  guint n = json_array_get_length (array);
  if (n == 0)
    return NULL;

  ScalyrLineGroupers *groupers = g_new0 (ScalyrLineGroupers, 1);
  groupers->groupers = g_new0 (Grouper, n);
  groupers->valid = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      Grouper *g = &groupers->groupers[i];
      groupers->n = i + 1;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("field \"lineGroupers\": grouper %u is %s; it must be an object with \"start\" and one of "
                         "\"continueThrough\", \"continuePast\", \"haltBefore\", \"haltWith\""), i, scalyr_upload_json_kind (node));
          goto fail;
        }
      JsonObject *o = json_node_get_object (node);
      JsonNode *start = json_object_get_member (o, "start");
      if (!scalyr_upload_json_is_string (start))
        {
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("field \"lineGroupers\": grouper %u: \"start\" is %s; it must be a string, the regular "
                         "expression of the first line of a group, e.g. \"^[^\\\\s]\""), i, scalyr_upload_json_kind (start));
          goto fail;
        }
      int found = -1;
      for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
        {
          JsonNode *c = json_object_get_member (o, kind_names[k]);
          if (c == NULL)
            continue;
          if (!scalyr_upload_json_is_string (c))
            {
              g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                           _("field \"lineGroupers\": grouper %u: \"%s\" is %s; it must be a string (a regular "
                             "expression)"), i, kind_names[k], scalyr_upload_json_kind (c));
              goto fail;
            }
          if (found >= 0)
            {
              g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                           _("field \"lineGroupers\": grouper %u has both \"%s\" and \"%s\"; keep exactly one of "
                             "\"continueThrough\", \"continuePast\", \"haltBefore\", \"haltWith\""),
                           i, kind_names[found], kind_names[k]);
              goto fail;
            }
          found = (int) k;
        }
      if (found < 0)
        {
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("field \"lineGroupers\": grouper %u has no continuation; add exactly one of "
                         "\"continueThrough\", \"continuePast\", \"haltBefore\", \"haltWith\" (a regular expression)"), i);
          goto fail;
        }
      g->kind = (GrouperKind) found;
      g->start = compile (i, "start", json_node_get_string (start), error);
      if (g->start == NULL)
        goto fail;
      g->cont = compile (i, kind_names[found], json_object_get_string_member (o, kind_names[found]), error);
      if (g->cont == NULL)
        goto fail;
    }
  return groupers;

fail:
  scalyr_line_groupers_free (groupers);
  return NULL;
}

/* re.search on the line decoded with replacement (invalid UTF-8 is made
 * valid for matching only; the bytes sent are the line's). */
static gboolean
search (ScalyrLineGroupers *groupers, GRegex *re, const char *s, gsize n)
{
  if (G_UNLIKELY (!g_utf8_validate_len (s, n, NULL)))
    {
      g_autofree char *valid = g_utf8_make_valid (s, (gssize) n);
      g_string_assign (groupers->valid, valid);
      s = groupers->valid->str;
      n = groupers->valid->len;
    }
  return g_regex_match_full (re, s, (gssize) n, 0, 0, NULL, NULL);
}

/* The reference's _continue_line() of each kind; @n 0 is the end of input. */
static gboolean
continue_line (ScalyrLineGroupers *groupers, const Grouper *g, GroupState *st, const char *s, gsize n)
{
  switch (g->kind)
    {
    case CONTINUE_THROUGH:
      return n == 0 || search (groupers, g->cont, s, n);
    case CONTINUE_PAST:
      {
        if (st->last_line)
          {
            st->last_line = FALSE;
            return FALSE;
          }
        gboolean match = search (groupers, g->cont, s, n);
        if (!st->grouping)
          return match;
        if (!match)
          {
            /* The first line not matching ends the group, included. */
            st->grouping = FALSE;
            st->last_line = TRUE;
          }
        return TRUE;
      }
    case HALT_BEFORE:
      return !search (groupers, g->cont, s, n);
    case HALT_WITH:
    default:
      if (st->last_line)
        {
          st->last_line = FALSE;
          return FALSE;
        }
      if (search (groupers, g->cont, s, n))
        st->last_line = TRUE;   /* included, and ends the group */
      return TRUE;
    }
}

/* The reference's LineMatcher._readline() on a buffer: the length of the
 * next line of at most @rem bytes; @partial when it does not end with \n. */
static inline gsize
next_line (const char *p, gsize avail, gsize rem, gboolean *partial)
{
  gsize limit = MIN (avail, rem);
  const char *nl = memchr (p, '\n', limit);
  *partial = nl == NULL && limit > 0;
  return nl != NULL ? (gsize) (nl - p) + 1 : limit;
}

/* LineGrouper._readline() of one grouper. */
static ScalyrGroupScan
scan_one (ScalyrLineGroupers *groupers, const Grouper *g, const char *buf, gsize avail, gsize first_len,
          gsize max, gboolean at_eof, gsize *len)
{
  if (!search (groupers, g->start, buf, first_len))
    return SCALYR_GROUP_NONE;

  GroupState st = { TRUE, FALSE };
  gsize group = first_len;
  /* The reference reads a whole max_line_size more after a first line of
   * max_line_size bytes (its 0 means "no limit"): a group never exceeds it here. */
  if (first_len >= max)
    {
      *len = first_len;
      return SCALYR_GROUP_COMPLETE;
    }
  gsize rem = max - first_len;
  gboolean partial;
  gsize n = next_line (buf + group, avail - group, rem, &partial);
  if (n == 0)
    {
      /* Waiting for the next line. */
      *len = group;
      return SCALYR_GROUP_INCOMPLETE;
    }
  if (n >= rem)
    {
      /* Reaches max_line_size: cut there, whatever the line is. */
      *len = max;
      return SCALYR_GROUP_COMPLETE;
    }
  if (partial && !at_eof)
    {
      /* Cut by the end of the buffer, not of the file: read more. */
      *len = group;
      return SCALYR_GROUP_INCOMPLETE;
    }
  /* As the reference, the second line is tested even when partial. */
  if (!continue_line (groupers, g, &st, buf + group, n))
    {
      if (g->kind == HALT_BEFORE)
        {
          /* The start line alone. (The reference also consumes the line
           * that halted it, which is then lost: not here.) */
          *len = group;
          return SCALYR_GROUP_COMPLETE;
        }
      return SCALYR_GROUP_NONE;
    }
  for (;;)
    {
      group += n;
      rem -= n;
      n = next_line (buf + group, avail - group, rem, &partial);
      if (n == 0)
        {
          /* The end of input: incomplete unless the group has ended
           * (ContinuePast, HaltWith after their last line). */
          *len = group;
          return continue_line (groupers, g, &st, "", 0) ? SCALYR_GROUP_INCOMPLETE : SCALYR_GROUP_COMPLETE;
        }
      if (n >= rem)
        {
          *len = max;
          return SCALYR_GROUP_COMPLETE;
        }
      if (partial)
        {
          /* A partial line is not tested: the group waits for it. */
          *len = group;
          return SCALYR_GROUP_INCOMPLETE;
        }
      if (!continue_line (groupers, g, &st, buf + group, n))
        {
          *len = group;
          return SCALYR_GROUP_COMPLETE;
        }
    }
}

ScalyrGroupScan
scalyr_line_groupers_scan (ScalyrLineGroupers *groupers,
                           const char         *buf,
                           gsize               avail,
                           gsize               first_len,
                           gsize               max,
                           gboolean            at_eof,
                           gsize              *len)
{
  g_return_val_if_fail (first_len > 0 && first_len <= avail, SCALYR_GROUP_NONE);

  /* The first grouper that makes a group of the line wins. */
  for (guint i = 0; i < groupers->n; i++)
    {
      ScalyrGroupScan r = scan_one (groupers, &groupers->groupers[i], buf, avail, first_len, max, at_eof, len);
      if (r != SCALYR_GROUP_NONE)
        return r;
    }
  *len = first_len;
  return SCALYR_GROUP_NONE;
}
