/* scalyr-agent-logger.h: metric lines and diagnostics of one monitor
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"
#include "scalyr-log-sink.h"
#include "scalyr-extra-fields.h"
#include "scalyr-metric-store.h"

G_BEGIN_DECLS

/**
 * ScalyrLogLevel:
 * @SCALYR_LOG_LEVEL_DEBUG: debugging detail, written only when the logger's
 *   debug level is at least 1
 * @SCALYR_LOG_LEVEL_INFO: normal operation
 * @SCALYR_LOG_LEVEL_WARNING: something is wrong but the monitor goes on
 * @SCALYR_LOG_LEVEL_ERROR: an operation failed; counted in
 *   #ScalyrAgentLogger:errors
 * @SCALYR_LOG_LEVEL_CRITICAL: the monitor cannot continue; counted too
 *
 * Severity of a diagnostic line; printed as `DEBUG`, `INFO`, `WARNING`,
 * `ERROR` and `CRITICAL`.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_LOG_LEVEL_DEBUG,
  SCALYR_LOG_LEVEL_INFO,
  SCALYR_LOG_LEVEL_WARNING,
  SCALYR_LOG_LEVEL_ERROR,
  SCALYR_LOG_LEVEL_CRITICAL,
} ScalyrLogLevel;

#define SCALYR_TYPE_AGENT_LOGGER (scalyr_agent_logger_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrAgentLogger, scalyr_agent_logger, SCALYR, AGENT_LOGGER, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrAgentLogger *scalyr_agent_logger_new (const char *module_name,
                                            const char *monitor_id);

SCALYR_AVAILABLE_IN_0_1
const char    *scalyr_agent_logger_get_module_name    (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
const char    *scalyr_agent_logger_get_monitor_id     (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
const char    *scalyr_agent_logger_get_monitor_name   (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_2
const char    *scalyr_agent_logger_get_component      (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
ScalyrLogSink *scalyr_agent_logger_get_metric_sink    (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
void           scalyr_agent_logger_set_metric_sink    (ScalyrAgentLogger *self,
                                                       ScalyrLogSink     *sink);
SCALYR_AVAILABLE_IN_0_1
ScalyrLogSink *scalyr_agent_logger_get_diagnostic_sink (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
void           scalyr_agent_logger_set_diagnostic_sink (ScalyrAgentLogger *self,
                                                        ScalyrLogSink     *sink);
SCALYR_AVAILABLE_IN_0_4
ScalyrMetricStore *scalyr_agent_logger_get_metric_store (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_4
void           scalyr_agent_logger_set_metric_store   (ScalyrAgentLogger *self,
                                                       ScalyrMetricStore *store);
SCALYR_AVAILABLE_IN_0_1
guint          scalyr_agent_logger_get_debug_level    (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
void           scalyr_agent_logger_set_debug_level    (ScalyrAgentLogger *self,
                                                       guint              debug_level);
SCALYR_AVAILABLE_IN_0_3
const char    *scalyr_agent_logger_get_journal_identifier (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_3
void           scalyr_agent_logger_set_journal_identifier (ScalyrAgentLogger *self,
                                                           const char        *identifier);
SCALYR_AVAILABLE_IN_0_1
void           scalyr_agent_logger_set_metric_name_blacklist (ScalyrAgentLogger  *self,
                                                              const char * const *names);
SCALYR_AVAILABLE_IN_0_1
guint64        scalyr_agent_logger_get_reported_lines (ScalyrAgentLogger *self);
SCALYR_AVAILABLE_IN_0_1
guint64        scalyr_agent_logger_get_errors         (ScalyrAgentLogger *self);

SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_value      (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              GVariant           *value,
                                              GVariant           *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_value_full (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              GVariant           *value,
                                              GVariant           *extra_fields,
                                              gint64              timestamp_ms,
                                              const char         *monitor_id_override,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_int        (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              gint64              value,
                                              ScalyrExtraFields  *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_uint       (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              guint64             value,
                                              ScalyrExtraFields  *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_double     (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              double              value,
                                              ScalyrExtraFields  *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_boolean    (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              gboolean            value,
                                              ScalyrExtraFields  *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_agent_logger_emit_string     (ScalyrAgentLogger  *self,
                                              const char         *metric_name,
                                              const char         *value,
                                              ScalyrExtraFields  *extra_fields,
                                              GError            **error);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_agent_logger_emit_line       (ScalyrAgentLogger  *self,
                                              const char         *message);

SCALYR_AVAILABLE_IN_0_1
void scalyr_agent_logger_log      (ScalyrAgentLogger *self,
                                   ScalyrLogLevel     level,
                                   const char        *message);
SCALYR_AVAILABLE_IN_0_1
void scalyr_agent_logger_log_full (ScalyrAgentLogger *self,
                                   ScalyrLogLevel     level,
                                   const char        *source_file,
                                   int                source_line,
                                   const char        *error_code,
                                   const char        *stack_trace,
                                   const char        *limit_key,
                                   double             limit_once_per_secs,
                                   const char        *message);
SCALYR_AVAILABLE_IN_0_1
void scalyr_agent_logger_logf     (ScalyrAgentLogger *self,
                                   ScalyrLogLevel     level,
                                   const char        *source_file,
                                   int                source_line,
                                   const char        *format,
                                   ...) G_GNUC_PRINTF (5, 6);

/**
 * scalyr_debug:
 * @logger: a #ScalyrAgentLogger
 * @...: a printf() format string and its arguments
 *
 * Writes a DEBUG diagnostic line with the caller's source position.
 *
 * Since: 0.1
 */
#define scalyr_debug(logger, ...) \
  scalyr_agent_logger_logf ((logger), SCALYR_LOG_LEVEL_DEBUG, __FILE__, __LINE__, __VA_ARGS__)
/**
 * scalyr_info:
 * @logger: a #ScalyrAgentLogger
 * @...: a printf() format string and its arguments
 *
 * Writes an INFO diagnostic line with the caller's source position.
 *
 * Since: 0.1
 */
#define scalyr_info(logger, ...) \
  scalyr_agent_logger_logf ((logger), SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__, __VA_ARGS__)
/**
 * scalyr_warning:
 * @logger: a #ScalyrAgentLogger
 * @...: a printf() format string and its arguments
 *
 * Writes a WARNING diagnostic line with the caller's source position.
 *
 * Since: 0.1
 */
#define scalyr_warning(logger, ...) \
  scalyr_agent_logger_logf ((logger), SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, __VA_ARGS__)
/**
 * scalyr_error:
 * @logger: a #ScalyrAgentLogger
 * @...: a printf() format string and its arguments
 *
 * Writes an ERROR diagnostic line with the caller's source position.
 *
 * Since: 0.1
 */
#define scalyr_error(logger, ...) \
  scalyr_agent_logger_logf ((logger), SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__, __VA_ARGS__)

G_END_DECLS
