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
#include "scalyr-i18n-private.h"

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
  g_autofree char *message = NULL;

  if (self->notify == NULL)
    return;
  /* TRANSLATORS: the service's status line while it stops (`systemctl status`) */
  message = g_strconcat ("STOPPING=1\nSTATUS=", _("Stopping the monitors"), NULL);
  scalyr_agent_notify_send (self->notify, message);
  report_failure (self);
}

/* @reason's first line, shortened to REASON_MAX_CHARS characters */
static char *
short_reason (const char *reason)
{
  const char *end = strchr (reason, '\n');

  if (end == NULL)
    end = reason + strlen (reason);
  if (g_utf8_strlen (reason, end - reason) > REASON_MAX_CHARS)
    {
      g_autofree char *cut = g_strndup (reason, g_utf8_offset_to_pointer (reason, REASON_MAX_CHARS) - reason);

      return g_strconcat (cut, "…", NULL);
    }
  return g_strndup (reason, end - reason);
}

char *
scalyr_agent_dup_status_line (ScalyrAgent *self)
{
  g_autoptr(JsonNode) status = scalyr_monitor_manager_dup_status (self->manager);
  JsonArray *monitors = json_node_get_array (status);
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GString) counts = g_string_new (NULL);
  g_autofree char *line = NULL;
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
          g_autofree char *reason = short_reason (json_object_get_string_member_with_default (m, "error", "?"));

          g_string_append_printf (failures, "%s%s (%s)", failed > 0 ? ", " : "",
                                  json_object_get_string_member_with_default (m, "name", "?"), reason);
          failed++;
        }
    }
  /* "Monitors: " and a list of counts, each count a phrase of its own,
   * joined by ", "; then a clause for each other problem */
  /* TRANSLATORS: a count in the service's status line (`systemctl status`):
   * "Monitors: 2 running, 1 loading, 1 finished, 1 failed: NAME (REASON)" */
  g_string_append_printf (counts, ngettext_ ("%u running", "%u running", running), running);
  if (loading > 0)
    {
      g_string_append (counts, ", ");
      /* TRANSLATORS: a count in the service's status line, see "%u running" */
      g_string_append_printf (counts, ngettext_ ("%u loading", "%u loading", loading), loading);
    }
  if (finished > 0)
    {
      g_string_append (counts, ", ");
      /* TRANSLATORS: a count in the service's status line, see "%u running" */
      g_string_append_printf (counts, ngettext_ ("%u finished", "%u finished", finished), finished);
    }
  if (failed > 0)
    {
      g_string_append (counts, ", ");
      /* TRANSLATORS: a count in the service's status line, see "%u running";
       * the failed monitors follow, "NAME (REASON), NAME (REASON)" */
      g_string_append_printf (counts, ngettext_ ("%u failed: %s", "%u failed: %s", failed), failed, failures->str);
    }
  /* TRANSLATORS: the service's status line (`systemctl status`): the
   * monitors' counts, "2 running, 1 failed: NAME (REASON)" */
  line = g_strdup_printf (_("Monitors: %s"), counts->str);
  if (self->last_load_error != NULL)
    {
      g_autofree char *reason = short_reason (self->last_load_error);
      g_autofree char *before = g_steal_pointer (&line);

      /* TRANSLATORS: the service's status line ("Monitors: ...") and the
       * reason the changed configuration does not load */
      line = g_strdup_printf (_("%s; the configuration changed but does not load (the last good one runs): %s"),
                              before, reason);
    }
  if (self->upload_error != NULL)
    {
      g_autofree char *reason = short_reason (self->upload_error);
      g_autofree char *before = g_steal_pointer (&line);

      /* TRANSLATORS: the service's status line ("Monitors: ...") and the
       * reason uploading does not run */
      line = g_strdup_printf (_("%s; uploading is not running: %s"), before, reason);
    }
  return g_steal_pointer (&line);
}
