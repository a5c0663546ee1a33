/* scalyr-agent-logger-journal.c: a diagnostic as a structured entry of the
 * systemd journal, through GLib's journald writer
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-agent-logger-private.h"

/* syslog(3) priorities, as g_log_structured() gives GLib's levels */
static const char *
priority (ScalyrLogLevel level)
{
  switch (level)
    {
    case SCALYR_LOG_LEVEL_DEBUG:
      return "7";
    case SCALYR_LOG_LEVEL_INFO:
      return "6";
    case SCALYR_LOG_LEVEL_WARNING:
      return "4";
    case SCALYR_LOG_LEVEL_ERROR:
      return "3";
    case SCALYR_LOG_LEVEL_CRITICAL:
    default:
      return "2";
    }
}

static GLogLevelFlags
glib_level (ScalyrLogLevel level)
{
  switch (level)
    {
    case SCALYR_LOG_LEVEL_DEBUG:
      return G_LOG_LEVEL_DEBUG;
    case SCALYR_LOG_LEVEL_INFO:
      return G_LOG_LEVEL_INFO;
    case SCALYR_LOG_LEVEL_WARNING:
      return G_LOG_LEVEL_WARNING;
    case SCALYR_LOG_LEVEL_ERROR:
      return G_LOG_LEVEL_CRITICAL;   /* GLib's ERROR is fatal; both are 3 or less for the journal */
    case SCALYR_LOG_LEVEL_CRITICAL:
    default:
      return G_LOG_LEVEL_CRITICAL;
    }
}

/* The monitor a logger speaks for: a monitor's logger (`monitor:<name>`),
 * or one of the agent's whose module is a monitor's (the manager's report
 * of a failed monitor); NULL for the agent's own */
static const char *
monitor_of (ScalyrAgentLogger *self)
{
  if (g_str_has_prefix (self->component, "monitor:"))
    return self->component + strlen ("monitor:");
  if (self->module_name[0] == '\0' ||
      (g_str_has_prefix (self->module_name, "scalyr_agent") &&
       !g_str_has_prefix (self->module_name, "scalyr_agent.builtin_monitors.")))
    return NULL;
  return self->monitor_name;
}

void
scalyr_agent_logger_write_journal (ScalyrAgentLogger *self,
                                   ScalyrLogLevel     level,
                                   const char        *source_file,
                                   int                source_line,
                                   const char        *error_code,
                                   const char        *stack_trace,
                                   const char        *message)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  const char *monitor = monitor_of (self);
  GLogField fields[10];
  gsize n = 0;

  if (stack_trace != NULL)
    text = g_strconcat (message, "\n", stack_trace, NULL);
  fields[n++] = (GLogField) { "MESSAGE", text != NULL ? text : message, -1 };
  fields[n++] = (GLogField) { "PRIORITY", priority (level), -1 };
  fields[n++] = (GLogField) { "SYSLOG_IDENTIFIER", self->journal_identifier, -1 };
  fields[n++] = (GLogField) { "SCALYR_COMPONENT", self->component, -1 };
  if (self->module_name[0] != '\0')
    fields[n++] = (GLogField) { "SCALYR_MODULE", self->module_name, -1 };
  if (monitor != NULL)
    fields[n++] = (GLogField) { "MONITOR", monitor, -1 };
  if (source_file != NULL)
    {
      line = g_strdup_printf ("%d", source_line);
      fields[n++] = (GLogField) { "CODE_FILE", source_file, -1 };
      fields[n++] = (GLogField) { "CODE_LINE", line, -1 };
    }
  if (error_code != NULL)
    fields[n++] = (GLogField) { "SCALYR_ERROR", error_code, -1 };
  g_assert (n <= G_N_ELEMENTS (fields));
  /* not g_log_structured_array(): that would pass through the program's
   * GLib writer; these entries go to the journal only */
  g_log_writer_journald (glib_level (level), fields, n, NULL);
}
