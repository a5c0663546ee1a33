/* scalyr-agent-status.c: the agent's status file,
 * `<agent_data_path>/agent-status.json`: building and writing it for the
 * running agent, reading and formatting it for `scalyr-agent status`
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-agent-config-read-private.h"
#include "scalyr-agent-private.h"
#include "scalyr-agent-process-private.h"
#include "scalyr-agent-telemetry-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-i18n-private.h"

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%SZ") : g_strdup ("");
}

JsonNode *
scalyr_agent_build_status (ScalyrAgent *self,
                           const char  *state)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *started = format_time (self->started_us);
  gint64 now = g_get_real_time ();
  g_autofree char *updated = format_time (now);
  g_autofree char *loaded = format_time (self->last_load_time);
  const char * const *files = scalyr_agent_config_get_files (self->config);
  JsonNode *openmetrics;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state);
  json_builder_set_member_name (b, "started");
  json_builder_add_string_value (b, started);
  json_builder_set_member_name (b, "updated");
  json_builder_add_string_value (b, updated);
  json_builder_set_member_name (b, "updated_time");   /* seconds since the epoch, for the age */
  json_builder_add_double_value (b, (double) now / G_USEC_PER_SEC);
  json_builder_set_member_name (b, "uploading");
  json_builder_add_boolean_value (b, scalyr_agent_config_has_api_key (self->config));
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, self->config_path);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (gsize i = 0; files[i] != NULL; i++)
    json_builder_add_string_value (b, files[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "last_load");
  json_builder_add_string_value (b, loaded);
  json_builder_set_member_name (b, "last_load_ok");
  json_builder_add_boolean_value (b, self->last_load_error == NULL);
  if (self->last_load_error != NULL)
    {
      json_builder_set_member_name (b, "last_load_error");
      json_builder_add_string_value (b, self->last_load_error);
    }
  json_builder_set_member_name (b, "reloads");
  json_builder_add_int_value (b, self->reloads);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "agent_log");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lines_written");
  json_builder_add_int_value (b, (gint64) scalyr_log_sink_get_lines_written (self->agent_log));
  json_builder_set_member_name (b, "lines_dropped");
  json_builder_add_int_value (b, (gint64) scalyr_log_sink_get_lines_dropped (self->agent_log));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "process");
  json_builder_add_value (b, scalyr_agent_process_dup_status ());
  if (self->upload != NULL || self->upload_error != NULL)
    {
      JsonNode *uploads = self->upload != NULL ? scalyr_agent_service_dup_status (self->upload) : NULL;

      if (uploads == NULL || !JSON_NODE_HOLDS_OBJECT (uploads))
        {
          g_clear_pointer (&uploads, json_node_unref);
          uploads = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (uploads, json_object_new ());   /* init_object would add a reference */
        }
      if (self->upload_error != NULL)
        json_object_set_string_member (json_node_get_object (uploads), "error", self->upload_error);
      json_builder_set_member_name (b, "uploads");
      json_builder_add_value (b, uploads);
    }
  if ((openmetrics = scalyr_agent_telemetry_dup_status (self)) != NULL)
    {
      json_builder_set_member_name (b, "openmetrics");
      json_builder_add_value (b, openmetrics);
    }
  json_builder_set_member_name (b, "monitors");
  json_builder_add_value (b, scalyr_monitor_manager_dup_status (self->manager));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A status file that cannot be written (disk full, data directory
 * removed) is reported in agent.log once, and once again when it can be
 * written again: `scalyr-agent status` shows its age meanwhile. */
gboolean
scalyr_agent_write_status_node (ScalyrAgent *self,
                                JsonNode    *status,
                                GError     **error)
{
  g_autofree char *text = json_to_string (status, TRUE);
  g_autofree char *with_newline = g_strconcat (text, "\n", NULL);
  g_autoptr(GError) local = NULL;
  gboolean ok;

  self->last_status_us = g_get_monotonic_time ();
  ok = scalyr_safe_file_replace (self->status_path, with_newline, -1, 0644, FALSE, &local);
  if (!ok && !self->status_failing)
    {
      g_autofree char *message = g_strdup_printf (
        _("Cannot write the status file: %s. `scalyr-agent status` shows the last status written until this is "
          "fixed (free space in, or recreate, the directory of agent_data_path); this is reported once"),
        local->message);
      scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                    "statusWriteFailed", NULL, NULL, 0, message);
      self->status_failing = TRUE;
    }
  else if (ok && self->status_failing)
    {
      scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                _("The status file %s is written again"), self->status_path);
      self->status_failing = FALSE;
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/**
 * scalyr_agent_write_status:
 * @self: a started #ScalyrAgent
 * @error: return location for a #GError
 *
 * Writes the status file now (atomically: a temporary file renamed).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_write_status (ScalyrAgent *self,
                           GError     **error)
{
  g_autoptr(JsonNode) status = NULL;
  gboolean ok;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  g_return_val_if_fail (self->manager != NULL, FALSE);
  status = scalyr_agent_build_status (self, self->stopped ? "stopped" : "running");
  ok = scalyr_agent_write_status_node (self, status, error);
  scalyr_agent_telemetry_publish (self, status);
  return ok;
}


/* With a configuration that does not load, the directories are guessed
 * from the raw text (the usual case: a running agent and a broken edit),
 * else the defaults. */
static char *
guess_dir (const char *config_path,
           const char *field,
           const char *fallback)
{
  g_autofree char *text = NULL;
  g_autofree char *pattern = g_strdup_printf ("\"?%s\"?\\s*:\\s*\"([^\"\\\\]*)\"", field);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;
  g_autofree char *dir = NULL;

  if (regex == NULL || !g_file_get_contents (config_path, &text, NULL, NULL) ||
      !g_regex_match (regex, text, 0, &match))
    return g_strdup (fallback);
  value = g_match_info_fetch (match, 1);
  dir = g_path_get_dirname (config_path);
  return g_canonicalize_filename (value, dir);
}


/* "age": seconds since the agent wrote the status; "stale": an agent
 * holds the pid file but has not refreshed the status for
 * STATUS_STALE_INTERVALS status intervals (it is stuck, or cannot write) */
static void
set_age (JsonObject *o)
{
  double written = json_object_has_member (o, "updated_time")
    ? json_object_get_double_member (o, "updated_time") : 0;
  double age = (double) g_get_real_time () / G_USEC_PER_SEC - written;

  if (written <= 0)
    {
      /* written by an older agent: "YYYY-MM-DD HH:MM:SSZ" */
      g_autofree char *iso = g_strdelimit (g_strdup (json_object_get_string_member_with_default (o, "updated", "")),
                                           " ", 'T');
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      age = dt != NULL ? (double) g_date_time_difference (now, dt) / G_USEC_PER_SEC : -1;
    }
  json_object_set_int_member (o, "age", age >= 0 ? (gint64) age : -1);
  json_object_set_boolean_member (o, "stale",
                                  json_object_get_boolean_member_with_default (o, "running", FALSE) &&
                                  (age < 0 || age * G_USEC_PER_SEC > STATUS_STALE_INTERVALS * STATUS_INTERVAL_US));
}

/* whether the status object @o was written by the agent of the main
 * configuration file @main_path (the same path, or the same file) */
static gboolean
written_for (JsonObject *o,
             const char *main_path)
{
  JsonNode *node = json_object_get_member (o, "config");
  JsonObject *config = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *path = config != NULL ? json_object_get_string_member_with_default (config, "path", NULL) : NULL;
  GStatBuf a, b;

  if (path == NULL)
    return FALSE;
  if (g_str_equal (path, main_path))
    return TRUE;
  return g_stat (path, &a) == 0 && g_stat (main_path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/**
 * scalyr_agent_read_status:
 * @config_path: (type filename) (nullable): the agent's main configuration
 *   file; %NULL for the default
 * @extra_config_dir: (type filename) (nullable): its extra fragment directory
 * @error: return location for a #GError
 *
 * Reads the status file of the agent using this configuration. The
 * result has a boolean `running` member telling whether an agent holds
 * the pid file now, a boolean `pid_file_exists` (since 0.3), an integer
 * `age`: the seconds since the status was written (-1 if unknown; since
 * 0.2), and a boolean `stale` (since 0.2): an agent runs but has not
 * refreshed the status for ten status intervals (10 s).
 *
 * Since 0.3 a status is only returned if it was written by the agent of
 * this very configuration file (its `config.path`, the same file as
 * @config_path): one written by another fails with
 * %SCALYR_AGENT_ERROR_OTHER_CONFIG, naming both files. A configuration
 * that does not load is tolerated only that way: `agent_data_path` and
 * `agent_log_path` are then picked from its text if they can be, else the
 * defaults are used; the status found there is returned, with a
 * `config_error` member, only if it is this file's, else the error is the
 * configuration's (`file:line:col:`, %SCALYR_AGENT_CONFIG_ERROR).
 *
 * A missing status file fails with %SCALYR_AGENT_ERROR_NOT_RUNNING; one
 * that cannot be read or is not valid with
 * %SCALYR_AGENT_ERROR_STATUS_INVALID (since 0.3).
 *
 * Returns: (transfer full): the status object, or %NULL with @error set
 *
 * Since: 0.1
 */
JsonNode *
scalyr_agent_read_status (const char *config_path,
                          const char *extra_config_dir,
                          GError    **error)
{
  g_autoptr(GError) config_error = NULL;
  g_autofree char *main_path = g_canonicalize_filename (config_path != NULL ? config_path
                                                                            : SCALYR_AGENT_CONFIG_DEFAULT_PATH, NULL);
  g_autoptr(ScalyrAgentConfig) config = scalyr_agent_config_load (main_path, extra_config_dir, &config_error);
  g_autofree char *data_dir = config != NULL
    ? g_strdup (scalyr_agent_config_get_string (config, "agent_data_path"))
    : guess_dir (main_path, "agent_data_path", "/var/lib/scalyr-agent-2");
  g_autofree char *log_dir = config != NULL
    ? g_strdup (scalyr_agent_config_get_string (config, "agent_log_path"))
    : guess_dir (main_path, "agent_log_path", "/var/log/scalyr-agent-2");
  g_autofree char *path = g_build_filename (data_dir, STATUS_FILE, NULL);
  g_autofree char *pid_path = g_build_filename (log_dir, "agent.pid", NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  /* bounded, and never a FIFO or a device: `status` must not hang */
  if (!scalyr_agent_config_read_text (path, &text, &length, &local))
    {
      if (config_error != NULL)
        g_set_error (error, config_error->domain, config_error->code,
                     _("%s\nNo status of this configuration file can be shown: it does not load, and no status file "
                       "written by an agent of %s is at %s; fix the configuration"), config_error->message, main_path,
                     path);
      else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_NOT_RUNNING,
                     _("no agent status at %s (%s); is the agent running with this configuration?"),
                     path, local->message);
      else
        g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_STATUS_INVALID,
                     _("cannot read the status file: %s"), local->message);
      return NULL;
    }
  node = scalyr_json_parse (text, (gssize) length, NULL, NULL, &local);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_STATUS_INVALID,
                   _("the status file %s is not valid: %s"), path, local != NULL ? local->message : _("not an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!written_for (o, main_path))
    {
      JsonNode *written = json_object_get_member (o, "config");
      const char *other = written != NULL && JSON_NODE_HOLDS_OBJECT (written)
                          ? json_object_get_string_member_with_default (json_node_get_object (written), "path", NULL)
                          : NULL;

      if (config_error != NULL)
        g_set_error (error, config_error->domain, config_error->code,
                     _("%s\nNo status of this configuration file can be shown: it does not load, and the status file "
                       "%s was written by an agent of %s; fix the configuration"), config_error->message, path,
                     other != NULL ? other : _("an unnamed configuration"));
      else
        g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_OTHER_CONFIG,
                     _("the status file %s is not this configuration's: it was written by an agent of %s, not of %s "
                       "(two configurations share agent_data_path?); give that agent's configuration with --config"),
                     path, other != NULL ? other : _("an unnamed configuration"), main_path);
      return NULL;
    }
  json_object_set_boolean_member (o, "running", scalyr_agent_pid_file_locked (pid_path));
  json_object_set_boolean_member (o, "pid_file_exists", g_file_test (pid_path, G_FILE_TEST_EXISTS));
  set_age (o);
  if (config_error != NULL)
    json_object_set_string_member (o, "config_error", config_error->message);
  return g_steal_pointer (&node);
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return json_object_get_string_member_with_default (o, name, "");
}

/* seconds since the epoch (a double in the status) as text; 0 is never */
static char *
format_epoch (JsonObject *o,
              const char *name)
{
  double secs = json_object_has_member (o, name) ? json_object_get_double_member (o, name) : 0;

  /* the file may hold anything: clamped to the years GDateTime knows */
  return secs > 0 ? format_time (scalyr_clamp_double_to_int64 (secs * G_USEC_PER_SEC, 0,
                                                                G_GINT64_CONSTANT (253402300799) * G_USEC_PER_SEC))
                  : g_strdup ("never");
}

/* an object member, or %NULL (absent, or not an object: the file may
 * hold anything) */
static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static long long
int_member (JsonObject *o,
            const char *name)
{
  return (long long) json_object_get_int_member_with_default (o, name, 0);
}

static double
mib_member (JsonObject *o,
            const char *name)
{
  return json_object_get_double_member_with_default (o, name, 0) / (1024.0 * 1024.0);
}

/* The `process` figures on one line; those the agent could not read are
 * absent from the file, and from the line. */
static void
format_process (GString    *out,
                JsonObject *p)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;

  if (json_object_has_member (p, "rss_bytes"))
    g_ptr_array_add (parts, g_strdup_printf (_("%.1f MiB resident, %.1f MiB virtual"), mib_member (p, "rss_bytes"),
                                             mib_member (p, "virtual_bytes")));
  if (json_object_has_member (p, "cpu_user_seconds"))
    g_ptr_array_add (parts, g_strdup_printf (_("CPU %.2f s user, %.2f s system"),
                                             json_object_get_double_member_with_default (p, "cpu_user_seconds", 0),
                                             json_object_get_double_member_with_default (p, "cpu_system_seconds", 0)));
  if (json_object_has_member (p, "threads"))
    g_ptr_array_add (parts, g_strdup_printf (_("%lld threads"), int_member (p, "threads")));
  if (json_object_has_member (p, "open_fds") && json_object_has_member (p, "max_fds"))
    g_ptr_array_add (parts, g_strdup_printf (_("%lld of %lld file descriptors"), int_member (p, "open_fds"),
                                             int_member (p, "max_fds")));
  else if (json_object_has_member (p, "open_fds"))
    g_ptr_array_add (parts, g_strdup_printf (_("%lld file descriptors"), int_member (p, "open_fds")));
  if (parts->len == 0)
    return;
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (", ", (char **) parts->pdata);
  g_string_append_printf (out, "%-17s%s\n", _("Process:"), line);
}

static void
format_uploads (GString    *out,
                JsonObject *up)
{
  JsonObject *requests = object_member (up, "requests");
  JsonArray *logs = json_object_has_member (up, "logs") ? json_object_get_array_member (up, "logs") : NULL;
  g_autofree char *last = format_epoch (up, "last_success");

  g_string_append_printf (out, "\nUploads:         to %s\n", str_member (up, "server"));
  if (json_object_has_member (up, "error"))
    g_string_append_printf (out, "                 NOT RUNNING: %s\n", str_member (up, "error"));
  if (json_object_has_member (up, "requests_ok"))
    g_string_append_printf (out, "                 %" G_GINT64_FORMAT " requests ok, %" G_GINT64_FORMAT
                            " failed, %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " bytes sent; "
                            "last success %s\n",
                            json_object_get_int_member_with_default (up, "requests_ok", 0),
                            json_object_get_int_member_with_default (up, "requests_failed", 0),
                            json_object_get_int_member_with_default (up, "events_sent", 0),
                            json_object_get_int_member_with_default (up, "bytes_sent", 0), last);
  if (requests != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("requests: %lld success, %lld network error, %lld server error, "
                                                 "%lld client error, %lld throttled, %lld too large"),
                                               int_member (requests, "success"), int_member (requests, "network_error"),
                                               int_member (requests, "server_error"),
                                               int_member (requests, "client_error"),
                                               int_member (requests, "throttled"), int_member (requests, "too_large"));
      g_string_append_printf (out, "                 %s\n", text);
    }
  if (json_object_has_member (up, "bytes_uncompressed"))
    {
      g_autofree char *text = g_strdup_printf (_("%lld bytes before compression, %lld after; %.1f s of back-off"),
                                               int_member (up, "bytes_uncompressed"),
                                               int_member (up, "bytes_compressed"),
                                               json_object_get_double_member_with_default (up, "backoff_seconds", 0));
      g_string_append_printf (out, "                 %s\n", text);
    }
  if (json_object_has_member (up, "last_error") && !json_object_get_null_member (up, "last_error"))
    g_string_append_printf (out, "                 last error: %s\n", str_member (up, "last_error"));
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonObject *l = json_array_get_object_element (logs, i);
      g_autofree char *log_last = format_epoch (l, "last_success");
      gint64 skipped = json_object_get_int_member_with_default (l, "skipped_bytes", 0);
      gint64 invalid = json_object_get_int_member_with_default (l, "invalid_utf8_bytes", 0);
      gint64 redacted = json_object_get_int_member_with_default (l, "lines_redacted", 0);
      gint64 sampled_out = json_object_get_int_member_with_default (l, "lines_sampled_out", 0);

      g_string_append_printf (out, "  %s: position %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %"
                              G_GINT64_FORMAT " bytes behind, last success %s\n", str_member (l, "path"),
                              json_object_get_int_member_with_default (l, "position", 0),
                              json_object_get_int_member_with_default (l, "size", 0),
                              json_object_get_int_member_with_default (l, "bytes_behind", 0), log_last);
      if (json_object_has_member (l, "bytes_read"))
        {
          g_autofree char *text = g_strdup_printf (_("%lld bytes read, %lld rotations"), int_member (l, "bytes_read"),
                                                   int_member (l, "rotations"));
          g_string_append_printf (out, "    %s\n", text);
        }
      if (skipped > 0 && json_object_has_member (l, "last_skipped") && !json_object_get_null_member (l, "last_skipped"))
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " bytes skipped; the last: %s\n", skipped,
                                str_member (l, "last_skipped"));
      else if (skipped > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " bytes skipped (more than "
                                "max_existing_log_offset_size behind)\n", skipped);
      if (invalid > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " invalid UTF-8 bytes sent as U+FFFD\n", invalid);
      if (redacted > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " lines redacted\n", redacted);
      if (sampled_out > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " lines (%" G_GINT64_FORMAT " bytes) left out by "
                                "sampling_rules\n", sampled_out,
                                json_object_get_int_member_with_default (l, "bytes_sampled_out", 0));
      if (json_object_has_member (l, "last_error") && !json_object_get_null_member (l, "last_error"))
        g_string_append_printf (out, "    last error: %s\n", str_member (l, "last_error"));
    }
  JsonArray *unreadable = json_object_has_member (up, "unreadable_logs")
                          ? json_object_get_array_member (up, "unreadable_logs") : NULL;
  for (guint i = 0; unreadable != NULL && i < json_array_get_length (unreadable); i++)
    {
      JsonObject *u = json_array_get_object_element (unreadable, i);
      g_string_append_printf (out, "  %s: NOT COPIED: %s\n", str_member (u, "path"), str_member (u, "reason"));
    }
}

/* the listener for Prometheus (issue 16): where, and how it is used */
static void
format_openmetrics (GString    *out,
                    JsonObject *om)
{
  g_autofree char *last = format_epoch (om, "last_scrape");

  if (json_object_get_boolean_member_with_default (om, "listening", FALSE))
    g_string_append_printf (out, "OpenMetrics:     http://%s%s%s:%" G_GINT64_FORMAT "/metrics and /healthz, %"
                            G_GINT64_FORMAT " scrapes (last %s), %" G_GINT64_FORMAT " health checks, %"
                            G_GINT64_FORMAT " connections open\n",
                            strchr (str_member (om, "address"), ':') != NULL ? "[" : "", str_member (om, "address"),
                            strchr (str_member (om, "address"), ':') != NULL ? "]" : "",
                            json_object_get_int_member_with_default (om, "port", 0),
                            json_object_get_int_member_with_default (om, "scrapes", 0), last,
                            json_object_get_int_member_with_default (om, "health_checks", 0),
                            json_object_get_int_member_with_default (om, "connections", 0));
  else
    g_string_append_printf (out, "OpenMetrics:     NOT LISTENING on %s port %" G_GINT64_FORMAT ": %s\n",
                            str_member (om, "address"), json_object_get_int_member_with_default (om, "port", 0),
                            str_member (om, "error"));
}

/**
 * scalyr_agent_format_status:
 * @status: a status object from scalyr_agent_read_status()
 *
 * Returns: (transfer full): the status as text for people
 *
 * Since: 0.1
 */
char *
scalyr_agent_format_status (JsonNode *status)
{
  GString *out = g_string_new (NULL);
  JsonObject *o, *config, *agent_log, *uploads;
  JsonArray *monitors, *files;

  g_return_val_if_fail (status != NULL && JSON_NODE_HOLDS_OBJECT (status), NULL);
  o = json_node_get_object (status);
  config = json_object_get_object_member (o, "config");
  agent_log = json_object_get_object_member (o, "agent_log");
  monitors = json_object_get_array_member (o, "monitors");
  uploads = json_object_has_member (o, "uploads") ? json_object_get_object_member (o, "uploads") : NULL;

  g_string_append_printf (out, "Scalyr Agent status\n===================\n\n");
  g_string_append_printf (out, "Agent:           %s, pid %" G_GINT64_FORMAT ", version %s\n",
                          json_object_get_boolean_member_with_default (o, "running", FALSE)
                          ? "running" : "not running", json_object_get_int_member_with_default (o, "pid", 0),
                          str_member (o, "version"));
  g_string_append_printf (out, "Started:         %s\n", str_member (o, "started"));
  if (json_object_get_int_member_with_default (o, "age", -1) >= 0)
    g_string_append_printf (out, "Status updated:  %s (as of %" G_GINT64_FORMAT " s ago%s)\n",
                            str_member (o, "updated"), json_object_get_int_member (o, "age"),
                            json_object_get_boolean_member_with_default (o, "stale", FALSE)
                            ? "; STALE: the agent runs but does not refresh its status, see agent.log" : "");
  else
    g_string_append_printf (out, "Status updated:  %s\n", str_member (o, "updated"));
  g_string_append_printf (out, "Uploading:       %s\n",
                          json_object_get_boolean_member_with_default (o, "uploading", FALSE)
                          ? "on" : "off (no api_key)");
  if (config != NULL)
    {
      g_string_append_printf (out, "Configuration:   %s\n", str_member (config, "path"));
      files = json_object_get_array_member (config, "files");
      for (guint i = 1; files != NULL && i < json_array_get_length (files); i++)
        g_string_append_printf (out, "                 %s\n", json_array_get_string_element (files, i));
      g_string_append_printf (out, "Last load:       %s, %s\n", str_member (config, "last_load"),
                              json_object_get_boolean_member_with_default (config, "last_load_ok", FALSE)
                              ? "good" : "FAILED (the previous configuration is still running)");
      if (json_object_has_member (config, "last_load_error"))
        {
          g_auto(GStrv) lines = g_strsplit (str_member (config, "last_load_error"), "\n", -1);
          for (gsize i = 0; lines[i] != NULL; i++)
            g_string_append_printf (out, "                 %s\n", lines[i]);
        }
    }
  if (agent_log != NULL)
    g_string_append_printf (out, "agent.log:       %" G_GINT64_FORMAT " lines written, %" G_GINT64_FORMAT
                            " dropped\n", json_object_get_int_member_with_default (agent_log, "lines_written", 0),
                            json_object_get_int_member_with_default (agent_log, "lines_dropped", 0));
  if (object_member (o, "process") != NULL)
    format_process (out, object_member (o, "process"));
  if (object_member (o, "openmetrics") != NULL)
    format_openmetrics (out, object_member (o, "openmetrics"));
  if (uploads != NULL)
    format_uploads (out, uploads);
  g_string_append_printf (out, "\nMonitors: %u\n", monitors != NULL ? json_array_get_length (monitors) : 0);
  for (guint i = 0; monitors != NULL && i < json_array_get_length (monitors); i++)
    {
      JsonObject *m = json_array_get_object_element (monitors, i);

      g_string_append_printf (out, "  %s: %s", str_member (m, "name"), str_member (m, "state"));
      if (json_object_has_member (m, "samples"))
        g_string_append_printf (out, ", %" G_GINT64_FORMAT " samples, last %s",
                                json_object_get_int_member (m, "samples"),
                                str_member (m, "last_sample")[0] != '\0' ? str_member (m, "last_sample") : "never");
      g_string_append_printf (out, ", %" G_GINT64_FORMAT " errors, %" G_GINT64_FORMAT " lines reported\n",
                              json_object_get_int_member_with_default (m, "errors", 0),
                              json_object_get_int_member_with_default (m, "lines_reported", 0));
      g_string_append_printf (out, "    module %s, id \"%s\"\n", str_member (m, "module"), str_member (m, "id"));
      if (json_object_has_member (m, "sample_seconds_total") && json_object_get_int_member_with_default (m, "samples", 0) > 0)
        {
          g_autofree char *text =
            g_strdup_printf (_("sampling: %.1f ms per sample on average, the last %.1f ms; %lld failed"),
                             1000 * json_object_get_double_member_with_default (m, "sample_seconds_total", 0)
                             / (double) json_object_get_int_member (m, "samples"),
                             1000 * json_object_get_double_member_with_default (m, "last_sample_seconds", 0),
                             int_member (m, "failed_samples"));
          g_string_append_printf (out, "    %s\n", text);
        }
      if (json_object_has_member (m, "log_path"))
        g_string_append_printf (out, "    metric log %s: %" G_GINT64_FORMAT " lines written, %" G_GINT64_FORMAT
                                " dropped by the rate limit\n", str_member (m, "log_path"),
                                json_object_get_int_member_with_default (m, "lines_written", 0),
                                json_object_get_int_member_with_default (m, "lines_dropped", 0));
      if (json_object_has_member (m, "error"))
        g_string_append_printf (out, "    error: %s\n", str_member (m, "error"));
    }
  return g_string_free (out, FALSE);
}
