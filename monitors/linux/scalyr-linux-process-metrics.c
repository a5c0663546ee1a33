/* scalyr-linux-process-metrics.c: the builtin linux_process_metrics
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-process-metrics-private.h"
#include "scalyr-i18n-private.h"

/* The reference's linux_process_metrics: CPU, memory, I/O and file
 * descriptors of one process (chosen by `pid` or by a `commandline` regular
 * expression), or the sum over several (`aggregate_multiple_processes`,
 * `include_child_processes`, a list of pids).
 *
 * As in the reference, cumulative metrics (app.cpu, app.uptime,
 * app.disk.*, app.mem.majflt, app.io.wait) are the sum of the increases
 * seen since the monitor started following the process(es): the first
 * sample reports 0, and they keep growing when a process exits and another
 * one matches. They start again from 0 after a sample where no process was
 * found. Gauges are the current sums.
 *
 * Each followed process keeps a directory file descriptor of /proc/<pid>
 * and open descriptors of its stat, status and io files: a process that
 * exits makes them fail (even if its pid is reused), and the monitor then
 * looks for the process again. */

G_DEFINE_FINAL_TYPE (ScalyrLinuxProcessMetrics, scalyr_linux_process_metrics, SCALYR_TYPE_MONITOR)

static void
select_processes (ScalyrLinuxProcessMetrics *self)
{
  gboolean running = FALSE;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->pids->len && !running; i++)
    running = scalyr_linux_process_metrics_pid_exists (self, g_array_index (self->pids, int, i));
  if (running && (!self->aggregate || self->commandline == NULL ||
                  (self->last_discovery != 0 && now - self->last_discovery < self->discovery_interval_us)))
    return;

  if (self->commandline != NULL)
    {
      self->last_discovery = now;
      scalyr_linux_process_metrics_scan_processes (self, self->pids);
      if (!self->aggregate && self->pids->len > 1)
        {
          g_autofree char *message =
            g_strdup_printf (_("Multiple processes match the command '%s'.  Returning existing pid. "
                               "You can turn on the multi process aggregation support by adding the "
                               "aggregate_multiple_processes configuration to true"), self->commandline_text);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, NULL, NULL,
                                        "linux-process-monitor-existing-pid", 300, message);
          g_array_set_size (self->pids, 1);
        }
    }
  else
    {
      g_array_set_size (self->pids, 0);
      for (guint i = 0; i < self->target_pids->len; i++)
        {
          int pid = g_array_index (self->target_pids, int, i);
          if (pid == 0)
            pid = getpid ();  /* $$ */
          g_array_append_val (self->pids, pid);
        }
    }
}

/* ---- sample ---- */

static gboolean
pid_selected (ScalyrLinuxProcessMetrics *self,
              int                        pid)
{
  for (guint i = 0; i < self->pids->len; i++)
    if (g_array_index (self->pids, int, i) == pid)
      return TRUE;
  return FALSE;
}

static gboolean
scalyr_linux_process_metrics_gather_sample (ScalyrMonitor *monitor,
                                            GError       **error)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (monitor);
  GHashTableIter iter;
  gpointer key, value;
  gint64 uptime_ms = 0;
  gboolean have_uptime;
  guint alive = 0;
  gint64 gauges[N_METRICS] = { 0 };
  gboolean gauge_seen[N_METRICS] = { FALSE };

  select_processes (self);

  /* forget the processes that exited or are no longer selected (a pid
   * given by number and reused gets a new tracker), follow the new ones */
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Tracker *) value)->gone || !pid_selected (self, GPOINTER_TO_INT (key)))
      g_hash_table_iter_remove (&iter);
  for (guint i = 0; i < self->pids->len; i++)
    {
      int pid = g_array_index (self->pids, int, i);
      if (!g_hash_table_contains (self->trackers, GINT_TO_POINTER (pid)))
        g_hash_table_insert (self->trackers, GINT_TO_POINTER (pid), scalyr_linux_process_metrics_tracker_new (self, pid));
    }

  have_uptime = scalyr_linux_process_metrics_read_uptime_ms (self, &uptime_ms);
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Tracker *t = value;

      if (!scalyr_linux_process_metrics_tracker_collect (self, t, uptime_ms, have_uptime))
        continue;
      alive++;
      for (MetricId id = 0; id < N_METRICS; id++)
        {
          if (!t->has_cur[id])
            continue;
          if (metrics[id].cumulative)
            {
              /* a counter that went down (wrap, reset): no increase */
              if (t->has_prev[id] && t->cur[id] > t->prev[id])
                self->total[id] += t->cur[id] - t->prev[id];
              t->prev[id] = t->cur[id];
              t->has_prev[id] = TRUE;
              self->seen[id] = TRUE;
            }
          else
            {
              gauges[id] += t->cur[id];
              gauge_seen[id] = TRUE;
            }
        }
    }

  if (alive == 0)
    {
      /* as the reference: nothing to report, and the sums start again */
      memset (self->total, 0, sizeof self->total);
      memset (self->seen, 0, sizeof self->seen);
      g_hash_table_remove_all (self->trackers);
      g_array_set_size (self->pids, 0);
      if (!self->reported_missing)
        {
          self->reported_missing = TRUE;
          if (self->commandline != NULL)
            scalyr_info (self->logger, _("no process matches the command line pattern '%s' yet"),
                         self->commandline_text);
          else
            scalyr_info (self->logger, _("the process(es) of field \"pid\" do not exist"));
        }
      return TRUE;
    }
  self->reported_missing = FALSE;

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      gboolean ok;

      if (!metrics[id].cumulative)
        {
          if (gauge_seen[id])
            self->seen[id] = TRUE;
          self->total[id] = gauges[id];
        }
      if (!self->seen[id])
        continue;
      if (id == M_NICE)
        ok = scalyr_agent_logger_emit_double (self->logger, metrics[id].name, (double) self->total[id],
                                              self->fields[id], error);
      else
        ok = scalyr_agent_logger_emit_int (self->logger, metrics[id].name, self->total[id], self->fields[id], error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- configuration ---- */

static gboolean
parse_pids (ScalyrLinuxProcessMetrics *self,
            const char                *text,
            GError                   **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);
      guint64 pid;
      int v;

      if (strcmp (p, "$$") == 0)
        v = 0;
      else if (scalyr_proc_token_u64 (p, &pid) && pid > 0 && pid <= G_MAXINT)
        v = (int) pid;
      else
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                       _("%s: field \"pid\": \"%s\" is not a process id; give a number, or \"$$\" for the agent "
                         "itself"), scalyr_monitor_get_monitor_name (SCALYR_MONITOR (self)), p);
          return FALSE;
        }
      g_array_append_val (self->target_pids, v);
    }
  if (self->target_pids->len == 0)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   _("%s: field \"pid\" is empty; give a process id, or \"$$\" for the agent itself"),
                   scalyr_monitor_get_monitor_name (SCALYR_MONITOR (self)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scalyr_linux_process_metrics_initialize (ScalyrMonitor *monitor,
                                         GError       **error)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (monitor);
  ScalyrMonitorConfig *config = scalyr_monitor_get_config (monitor);
  const char *name = scalyr_monitor_get_monitor_name (monitor);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pid = NULL;
  gint64 interval;

  self->logger = scalyr_monitor_get_logger (monitor);
  self->app = g_strdup (scalyr_monitor_get_monitor_id (monitor));

  self->commandline_text = scalyr_monitor_config_dup_string (config, "commandline", SCALYR_CONFIG_NONE, NULL,
                                                             &local_error);
  if (local_error == NULL)
    pid = scalyr_monitor_config_dup_string (config, "pid", SCALYR_CONFIG_NONE, NULL, &local_error);
  if (local_error == NULL)
    self->aggregate = scalyr_monitor_config_get_boolean (config, "aggregate_multiple_processes", SCALYR_CONFIG_NONE,
                                                         FALSE, &local_error);
  if (local_error == NULL)
    self->include_children = scalyr_monitor_config_get_boolean (config, "include_child_processes",
                                                                SCALYR_CONFIG_NONE, FALSE, &local_error);
  if (local_error == NULL)
    interval = scalyr_monitor_config_get_int (config, "process_discovery_interval", SCALYR_CONFIG_NONE, 120, 1,
                                              G_MAXINT32, &local_error);
  if (local_error == NULL)
    self->proc_root = scalyr_monitor_config_dup_string (config, "proc_root", SCALYR_CONFIG_NONE, "/proc",
                                                        &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->discovery_interval_us = interval * G_USEC_PER_SEC;

  if (self->commandline_text != NULL && self->commandline_text[0] == '\0')
    g_clear_pointer (&self->commandline_text, g_free);
  if (pid != NULL && pid[0] == '\0')
    g_clear_pointer (&pid, g_free);
  if (self->commandline_text == NULL && pid == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD,
                   _("%s: field \"commandline\" or \"pid\" is required: give \"commandline\" (a regular expression "
                     "matching the process's command line) or \"pid\" (a process id, or \"$$\" for the agent itself)"),
                   name);
      return FALSE;
    }
  if (self->commandline_text != NULL && pid != NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   _("%s: fields \"commandline\" and \"pid\" are both given; keep only one of them"), name);
      return FALSE;
    }
  if (self->commandline_text != NULL)
    {
      self->commandline = g_regex_new (self->commandline_text, G_REGEX_OPTIMIZE, 0, &local_error);
      if (self->commandline == NULL)
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                       _("%s: field \"commandline\": \"%s\" is not a valid regular expression (%s)"), name,
                       self->commandline_text, local_error->message);
          return FALSE;
        }
    }
  else if (!parse_pids (self, pid, error))
    return FALSE;
  else if (self->include_children)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   _("%s: field \"include_child_processes\" needs \"commandline\"; remove it or select the "
                     "process by \"commandline\""), name);
      return FALSE;
    }

  self->proc_fd = open (self->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->proc_fd < 0)
    {
      int errsv = errno;
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
                   _("%s: field \"proc_root\": cannot open \"%s\" (%s); give the directory where proc is mounted"),
                   name, self->proc_root, g_strerror (errsv));
      return FALSE;
    }

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      self->fields[id] = scalyr_extra_fields_new ();
      scalyr_extra_fields_set_string (self->fields[id], "app", self->app);
      if (metrics[id].type != NULL)
        scalyr_extra_fields_set_string (self->fields[id], "type", metrics[id].type);
    }
  return TRUE;
}

static void
scalyr_linux_process_metrics_finalize (GObject *object)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (object);

  g_hash_table_unref (self->trackers);
  if (self->proc_fd >= 0)
    close (self->proc_fd);
  g_free (self->proc_root);
  g_free (self->app);
  g_clear_pointer (&self->commandline, g_regex_unref);
  g_free (self->commandline_text);
  g_array_unref (self->target_pids);
  g_array_unref (self->pids);
  g_array_unref (self->scan);
  scalyr_proc_buffer_clear (&self->buffer);
  for (MetricId id = 0; id < N_METRICS; id++)
    if (self->fields[id] != NULL)
      scalyr_extra_fields_unref (self->fields[id]);
  G_OBJECT_CLASS (scalyr_linux_process_metrics_parent_class)->finalize (object);
}

static void
scalyr_linux_process_metrics_class_init (ScalyrLinuxProcessMetricsClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = scalyr_linux_process_metrics_finalize;
  monitor_class->initialize = scalyr_linux_process_metrics_initialize;
  monitor_class->gather_sample = scalyr_linux_process_metrics_gather_sample;

  scalyr_monitor_declare_description (type,
                                      "Linux Process Metrics: CPU, memory, disk I/O and file descriptors of a "
                                      "process (or the sum over several), read from /proc/<pid>. Select the "
                                      "process with `pid` or `commandline`; `id` names it in the `app` field. "
                                      "As in the reference, cumulative metrics count from when the monitor "
                                      "started following the process(es): 0 at the first sample.");
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("commandline",
                                                                   "Regular expression matched against the "
                                                                   "command lines of the processes (as `ps -o "
                                                                   "command` shows them); the lowest matching pid "
                                                                   "is followed. Give this or `pid`.",
                                                                   NULL));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("pid",
                                                                   "Process id to follow, or `$$` for the agent "
                                                                   "itself (a comma-separated list sums several). "
                                                                   "Give this or `commandline`.",
                                                                   NULL));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_boolean ("aggregate_multiple_processes",
                                                                    "Sum the metrics of all the processes matching "
                                                                    "`commandline` instead of following the first.",
                                                                    FALSE));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_boolean ("include_child_processes",
                                                                    "Add the descendants of the matching processes "
                                                                    "to the sums.",
                                                                    FALSE));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_int ("process_discovery_interval",
                                                                "Seconds between searches for new matching "
                                                                "processes when aggregating.",
                                                                120, 1, G_MAXINT32));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("proc_root", "Where proc is mounted.", "/proc"));

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      ScalyrMonitorMetric *metric;
      const char *with_type[] = { "app", "type", NULL };
      const char *without_type[] = { "app", NULL };

      /* app.cpu, app.mem.bytes...: one declaration per name, listing its types */
      if (id > 0 && strcmp (metrics[id].name, metrics[id - 1].name) == 0)
        continue;
      if (metrics[id].type != NULL)
        {
          g_autoptr(GString) desc = g_string_new (NULL);

          for (MetricId j = id; j < N_METRICS && strcmp (metrics[j].name, metrics[id].name) == 0; j++)
            g_string_append_printf (desc, "%s`type=%s`: %s", j > id ? " " : "", metrics[j].type,
                                    metrics[j].description);
          metric = scalyr_monitor_metric_new (metrics[id].name, desc->str);
          scalyr_monitor_metric_set_extra_fields (metric, with_type);
        }
      else
        {
          metric = scalyr_monitor_metric_new (metrics[id].name, metrics[id].description);
          scalyr_monitor_metric_set_extra_fields (metric, without_type);
        }
      if (metrics[id].unit != NULL)
        scalyr_monitor_metric_set_unit (metric, metrics[id].unit);
      scalyr_monitor_metric_set_cumulative (metric, metrics[id].cumulative);
      scalyr_monitor_declare_metric (type, metric);
    }
}

static void
scalyr_linux_process_metrics_init (ScalyrLinuxProcessMetrics *self)
{
  long ticks = sysconf (_SC_CLK_TCK);

  self->proc_fd = -1;
  self->target_pids = g_array_new (FALSE, FALSE, sizeof (int));
  self->pids = g_array_new (FALSE, FALSE, sizeof (int));
  self->scan = g_array_new (FALSE, FALSE, sizeof (ScanEntry));
  self->trackers = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, scalyr_linux_process_metrics_tracker_free);
  self->clock_ticks = ticks > 0 ? (guint64) ticks : 100;
}
