/* scalyr-agent-logger-private.h: the logger's state, shared by its files
 * (scalyr-agent-logger.c: the object, its sinks and the rate-limit state;
 * -diagnostic.c: diagnostic lines; -journal.c: their journal entries;
 * -metric.c: metric lines)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <stdatomic.h>

#include "scalyr-agent-logger.h"
#include "scalyr-metric-store.h"

G_BEGIN_DECLS

#define ONE_DAY_SECS (24.0 * 60 * 60)

struct _ScalyrAgentLogger
{
  GObject parent_instance;

  char *module_name;
  char *monitor_id;
  char *monitor_name;
  char *component;
  char *short_module_name;
  ScalyrLogSink *metric_sink;
  ScalyrLogSink *diagnostic_sink;
  guint debug_level;
  char *journal_identifier;     /* NULL: no journal entries; set before use */
  GHashTable *blacklist;        /* repaired metric names; replaced only before emitting starts */
  ScalyrMetricStore *metric_store; /* NULL: none; set before emitting starts */

  GMutex lock;                  /* protects the fields below and the sinks' pointers */
  GHashTable *limit_times;      /* limit key -> gint64 monotonic µs of the last record */
  atomic_uint_least64_t reported_lines;
  atomic_uint_least64_t errors;
};

/* Returns TRUE if a record under @key may be written now, i.e. none was in
 * the last @secs seconds; records the time if so. */
gboolean scalyr_agent_logger_check_limit (ScalyrAgentLogger *self,
                                          const char        *key,
                                          double             secs);
/* Repairs an invalid metric or field @name and warns about it at most once
 * a day; returns @name or the repaired copy it stores in *@to_free. */
const char *scalyr_agent_logger_repair_name      (ScalyrAgentLogger *self,
                                                  const char        *name,
                                                  gboolean           is_field,
                                                  char             **to_free);
/* Logs, at most once a day per name, that a blacklisted metric is dropped. */
void        scalyr_agent_logger_note_blacklisted (ScalyrAgentLogger *self,
                                                  const char        *name);

/* scalyr-agent-logger-journal.c */
/* Sends a diagnostic to the systemd journal as a structured entry (see
 * #ScalyrAgentLogger:journal-identifier). */
void        scalyr_agent_logger_write_journal    (ScalyrAgentLogger *self,
                                                  ScalyrLogLevel     level,
                                                  const char        *source_file,
                                                  int                source_line,
                                                  const char        *error_code,
                                                  const char        *stack_trace,
                                                  const char        *message);

G_END_DECLS
