/* scalyr-agent-logger-diagnostic.c: the logger's diagnostic lines, in the agent log
 * format
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-agent-logger-private.h"
#include "scalyr-log-timestamp-private.h"

static const char *
level_name (ScalyrLogLevel level)
{
  switch (level)
    {
    case SCALYR_LOG_LEVEL_DEBUG:
      return "DEBUG";
    case SCALYR_LOG_LEVEL_INFO:
      return "INFO";
    case SCALYR_LOG_LEVEL_WARNING:
      return "WARNING";
    case SCALYR_LOG_LEVEL_ERROR:
      return "ERROR";
    case SCALYR_LOG_LEVEL_CRITICAL:
    default:
      return "CRITICAL";
    }
}

/**
 * scalyr_agent_logger_log_full:
 * @self: a #ScalyrAgentLogger
 * @level: the severity
 * @source_file: (nullable): the source file logging, written as its base
 *   name; %NULL for `libscalyrmon`
 * @source_line: the line in @source_file
 * @error_code: (nullable): an error code written as `error="<code>"`, e.g.
 *   `failedMonitor`
 * @stack_trace: (nullable): a stack trace or traceback: the message then
 *   ends with ` :stack_trace:` and each line of @stack_trace follows,
 *   indented by two spaces
 * @limit_key: (nullable): with @limit_once_per_secs > 0, drop this record if
 *   one with the same key was written less than @limit_once_per_secs ago
 * @limit_once_per_secs: see @limit_key; 0 for no limit
 * @message: the message
 *
 * Writes a diagnostic line in the agent log format:
 * `<time> <LEVEL> [monitor:<name>] [<source>:<line>] [error="<code>"] <message>`.
 * DEBUG lines are written only when #ScalyrAgentLogger:debug-level is at
 * least 1. ERROR and CRITICAL lines count in #ScalyrAgentLogger:errors.
 * Since 0.3 the line also goes to the systemd journal when
 * #ScalyrAgentLogger:journal-identifier is set.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_log_full (ScalyrAgentLogger *self,
                              ScalyrLogLevel     level,
                              const char        *source_file,
                              int                source_line,
                              const char        *error_code,
                              const char        *stack_trace,
                              const char        *limit_key,
                              double             limit_once_per_secs,
                              const char        *message)
{
  g_autoptr(GString) line = NULL;
  const char *base;

  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (message != NULL);

  if (level == SCALYR_LOG_LEVEL_DEBUG && scalyr_agent_logger_get_debug_level (self) < 1)
    return;
  if (limit_key != NULL && limit_once_per_secs > 0 &&
      !scalyr_agent_logger_check_limit (self, limit_key, limit_once_per_secs))
    return;

  if (level >= SCALYR_LOG_LEVEL_ERROR)
    atomic_fetch_add_explicit (&self->errors, 1, memory_order_relaxed);

  base = source_file != NULL ? strrchr (source_file, '/') : NULL;
  base = base != NULL ? base + 1 : (source_file != NULL ? source_file : "libscalyrmon");

  line = g_string_sized_new (128 + strlen (message));
  scalyr_log_timestamp_append (line, scalyr_log_timestamp_now_ms ());
  g_string_append_printf (line, " %s [%s] [%s:%d] ",
                          level_name (level), self->component, base, source_line);
  if (error_code != NULL)
    g_string_append_printf (line, "[error=\"%s\"] ", error_code);
  g_string_append (line, message);
  if (stack_trace != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (stack_trace, "\n", -1);

      g_string_append (line, " :stack_trace:");
      for (gsize i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] == '\0' && lines[i + 1] == NULL)
            break;
          g_string_append (line, "\n  ");
          g_string_append (line, lines[i]);
        }
    }
  scalyr_log_sink_write_line (scalyr_agent_logger_get_diagnostic_sink (self), line->str, (gssize) line->len);
  if (self->journal_identifier != NULL)
    scalyr_agent_logger_write_journal (self, level, source_file, source_line, error_code, stack_trace, message);
}

/**
 * scalyr_agent_logger_log:
 * @self: a #ScalyrAgentLogger
 * @level: the severity
 * @message: the message
 *
 * Writes a diagnostic line; see scalyr_agent_logger_log_full().
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_log (ScalyrAgentLogger *self,
                         ScalyrLogLevel     level,
                         const char        *message)
{
  scalyr_agent_logger_log_full (self, level, NULL, 0, NULL, NULL, NULL, 0, message);
}

/**
 * scalyr_agent_logger_logf: (skip)
 * @self: a #ScalyrAgentLogger
 * @level: the severity
 * @source_file: (nullable): the source file, usually `__FILE__`
 * @source_line: the source line, usually `__LINE__`
 * @format: a printf() format
 * @...: its arguments
 *
 * Writes a formatted diagnostic line. The macros scalyr_info() and friends
 * call it with the caller's position.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_logf (ScalyrAgentLogger *self,
                          ScalyrLogLevel     level,
                          const char        *source_file,
                          int                source_line,
                          const char        *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));

  if (level == SCALYR_LOG_LEVEL_DEBUG && scalyr_agent_logger_get_debug_level (self) < 1)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  scalyr_agent_logger_log_full (self, level, source_file, source_line, NULL, NULL, NULL, 0, message);
}
