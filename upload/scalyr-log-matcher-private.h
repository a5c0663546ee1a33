/* scalyr-log-matcher-private.h: a `logs` entry of the agent configuration, checked
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>
#include <time.h>
#include "scalyr-uploader.h"
#include "scalyr-log-rules-private.h"
#include "scalyr-line-groupers-private.h"
#include "scalyr-parse-format-private.h"

G_BEGIN_DECLS

/* A `logs` entry of the configuration. */
typedef struct {
  char       *glob;
  char       *parser;
  JsonObject *attributes;
  gboolean    copy_from_start;
  char      **exclude;             /* globs; NULL: none */
  char       *rename_template;     /* rename_logfile as a string ... */
  GRegex     *rename_regex;        /* ... or as {match, replacement} */
  char       *rename_replacement;
  ScalyrLogRules *rules;           /* redaction_rules, sampling_rules; NULL: none */
  ScalyrLineGroupers *groupers;    /* lineGroupers; NULL: none */
  gboolean    ignore_stale;        /* ignore_stale_files */
  double      staleness_threshold; /* staleness_threshold_secs */
  ScalyrParseFormat *parse_format; /* json/cri; NULL: raw */
} LogMatcher;

LogMatcher *scalyr_log_matcher_new      (JsonObject        *entry,
                                         GError           **error);
void        scalyr_log_matcher_free     (LogMatcher        *m);
gboolean    scalyr_log_matcher_excludes (LogMatcher        *m,
                                         const char        *path);
char       *scalyr_log_matcher_rename   (LogMatcher        *m,
                                         const char        *path,
                                         ScalyrAgentLogger *logger);
gboolean    scalyr_log_matcher_is_stale (LogMatcher        *m,
                                         time_t             mtime);

G_END_DECLS
