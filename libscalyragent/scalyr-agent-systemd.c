/* scalyr-agent-systemd.c: the agent under a service manager (systemd's
 * Type=notify): READY=1 once the monitors started, RELOADING=1 and READY=1
 * around a reload, STOPPING=1, a STATUS= line naming the running and
 * failed monitors, WATCHDOG=1 from the main loop's tick; and whether its
 * diagnostics also go to the journal
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "scalyr-agent-systemd-private.h"

/* a failure's reason in the status line: its first line, shortened */
#define REASON_MAX_CHARS 120

void
scalyr_agent_systemd_setup (ScalyrAgent *self)
{
  /* the environment is read once, before any monitor thread starts */
  if (self->notify == NULL && self->notify_problem == NULL)
    self->notify = scalyr_agent_notify_new_from_environment (&self->notify_problem);
  self->journal = g_log_writer_is_journald (fileno (stderr));
}

const char *
scalyr_agent_systemd_journal_identifier (ScalyrAgent *self)
{
  return self->journal ? SCALYR_AGENT_JOURNAL_IDENTIFIER : NULL;
}

void
scalyr_agent_systemd_applied (ScalyrAgent *self)
{
  self->ready_pending = TRUE;
  if (self->notify_problem != NULL)
    {
      scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                    "notifyFailed", NULL, NULL, 0, self->notify_problem);
      g_clear_pointer (&self->notify_problem, g_free);
    }
}

void
scalyr_agent_systemd_reloading (ScalyrAgent *self)
{
  if (self->notify != NULL)
    scalyr_agent_notify_reloading (self->notify);
}

static void
report_failure (ScalyrAgent *self)
{
  g_autofree char *failure = scalyr_agent_notify_take_failure (self->notify);

  if (failure != NULL)
    scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                  "notifyFailed", NULL, NULL, 0, failure);
}

void
scalyr_agent_systemd_tick (ScalyrAgent *self,
                           guint        loading,
                           gboolean     refresh_status)
{
  if (self->notify == NULL)
    return;
  if (refresh_status || (self->ready_pending && loading == 0))
    {
      g_autofree char *line = scalyr_agent_dup_status_line (self);

      scalyr_agent_notify_status (self->notify, line);
    }
  if (self->ready_pending && loading == 0)
    {
      self->ready_pending = FALSE;
      scalyr_agent_notify_send (self->notify, "READY=1");
    }
  scalyr_agent_notify_watchdog (self->notify, g_get_monotonic_time ());
  report_failure (self);
}

void
scalyr_agent_systemd_stopping (ScalyrAgent *self)
{
  if (self->notify == NULL)
    return;
  scalyr_agent_notify_send (self->notify, "STOPPING=1\nSTATUS=Stopping the monitors");
  report_failure (self);
}

static void
append_reason (GString    *line,
               const char *reason)
{
  const char *end = strchr (reason, '\n');
  glong chars;

  if (end == NULL)
    end = reason + strlen (reason);
  chars = g_utf8_strlen (reason, end - reason);
  if (chars > REASON_MAX_CHARS)
    {
      end = g_utf8_offset_to_pointer (reason, REASON_MAX_CHARS);
      g_string_append_len (line, reason, end - reason);
      g_string_append (line, "…");
    }
  else
    g_string_append_len (line, reason, end - reason);
}

char *
scalyr_agent_dup_status_line (ScalyrAgent *self)
{
  g_autoptr(JsonNode) status = scalyr_monitor_manager_dup_status (self->manager);
  JsonArray *monitors = json_node_get_array (status);
  g_autoptr(GString) failures = g_string_new (NULL);
  GString *line = g_string_new (NULL);
  guint running = 0, failed = 0, loading = 0, finished = 0;

  for (guint i = 0; i < json_array_get_length (monitors); i++)
    {
      JsonObject *m = json_array_get_object_element (monitors, i);
      const char *state = json_object_get_string_member_with_default (m, "state", "");

      if (g_str_equal (state, "running"))
        running++;
      else if (g_str_equal (state, "loading"))
        loading++;
      else if (g_str_equal (state, "finished"))
        finished++;
      else if (g_str_equal (state, "failed"))
        {
          g_string_append_printf (failures, "%s%s (", failed > 0 ? ", " : "",
                                  json_object_get_string_member_with_default (m, "name", "?"));
          append_reason (failures, json_object_get_string_member_with_default (m, "error", "?"));
          g_string_append_c (failures, ')');
          failed++;
        }
    }
  g_string_append_printf (line, "Monitors: %u running", running);
  if (loading > 0)
    g_string_append_printf (line, ", %u loading", loading);
  if (finished > 0)
    g_string_append_printf (line, ", %u finished", finished);
  if (failed > 0)
    g_string_append_printf (line, ", %u failed: %s", failed, failures->str);
  if (self->last_load_error != NULL)
    {
      g_string_append (line, "; the configuration changed but does not load (the last good one runs): ");
      append_reason (line, self->last_load_error);
    }
  if (self->upload_error != NULL)
    {
      g_string_append (line, "; uploading is not running: ");
      append_reason (line, self->upload_error);
    }
  return g_string_free (line, FALSE);
}
