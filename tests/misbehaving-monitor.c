/* misbehaving-monitor.c: a loadable test monitor that misbehaves on demand
 *
 * Option `mode`: "ok" (emits `tick <n>` every sample), "fail" (every
 * sample fails), "hang" (the first sample emits `tick 1` then never
 * returns), "fail_init" (refuses its configuration), "slow_init" (its
 * initialize takes 2.5 s), "die" (its thread
 * ends at once), "hang_stop" (samples like "ok"; its stop never returns),
 * "secrets" (emits `api_key_in_env`, whether its process's environment
 * holds SCALYR_API_KEY, `child_sees_api_key`, whether a child process it
 * starts does, and `dumpable`, PR_GET_DUMPABLE), "notify_env" (emits
 * `notify_socket_in_env` and `watchdog_in_env`: whether its process's
 * environment holds NOTIFY_SOCKET and WATCHDOG_USEC), "metrics" (emits
 * `requests` (declared cumulative) with fields, `temperature` (declared,
 * a gauge), `up` (a boolean), `state` (a string) and the undeclared
 * `odd.name-1`).
 *
 * SPDX-License-Identifier: Apache-2.0 */
#include <sys/prctl.h>
#include <gmodule.h>
#include <scalyrmon.h>

#define MISBEHAVING_TYPE_MONITOR (misbehaving_monitor_get_type ())
G_DECLARE_FINAL_TYPE (MisbehavingMonitor, misbehaving_monitor, MISBEHAVING, MONITOR, ScalyrMonitor)

struct _MisbehavingMonitor
{
  ScalyrMonitor parent_instance;
  char *mode;
  gint64 counter;
};

G_DEFINE_FINAL_TYPE (MisbehavingMonitor, misbehaving_monitor, SCALYR_TYPE_MONITOR)

static gboolean
misbehaving_monitor_initialize (ScalyrMonitor *monitor,
                                GError       **error)
{
  MisbehavingMonitor *self = MISBEHAVING_MONITOR (monitor);

  self->mode = scalyr_monitor_config_dup_string (scalyr_monitor_get_config (monitor), "mode",
                                                 SCALYR_CONFIG_NONE, "ok", error);
  if (self->mode == NULL)
    return FALSE;
  if (g_str_equal (self->mode, "slow_init"))   /* a module slow to load: 2.5 s */
    g_usleep (2500 * 1000);
  if (g_str_equal (self->mode, "fail_init"))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: refusing to start (mode fail_init)", scalyr_monitor_get_monitor_name (monitor));
      return FALSE;
    }
  return TRUE;
}

static gboolean
misbehaving_monitor_gather_sample (ScalyrMonitor *monitor,
                                   GError       **error)
{
  MisbehavingMonitor *self = MISBEHAVING_MONITOR (monitor);
  ScalyrAgentLogger *logger = scalyr_monitor_get_logger (monitor);

  self->counter++;
  if (g_str_equal (self->mode, "fail"))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED, "sample %" G_GINT64_FORMAT " failed",
                   self->counter);
      return FALSE;
    }
  if (g_str_equal (self->mode, "secrets"))
    {
      const char *argv[] = { "/bin/sh", "-c", "test -n \"${SCALYR_API_KEY+set}\"", NULL };
      int child_status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &child_status, error))
        return FALSE;
      return scalyr_agent_logger_emit_int (logger, "api_key_in_env", g_getenv ("SCALYR_API_KEY") != NULL, NULL,
                                           error) &&
             scalyr_agent_logger_emit_int (logger, "child_sees_api_key", g_spawn_check_wait_status (child_status,
                                                                                                  NULL), NULL,
                                           error) &&
             scalyr_agent_logger_emit_int (logger, "dumpable", prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), NULL, error);
    }
  if (g_str_equal (self->mode, "notify_env"))
    return scalyr_agent_logger_emit_int (logger, "notify_socket_in_env", g_getenv ("NOTIFY_SOCKET") != NULL, NULL,
                                         error) &&
           scalyr_agent_logger_emit_int (logger, "watchdog_in_env", g_getenv ("WATCHDOG_USEC") != NULL, NULL,
                                         error);
  if (g_str_equal (self->mode, "metrics"))
    {
      g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();

      scalyr_extra_fields_set_string (fields, "path", "/a \"b\"");
      scalyr_extra_fields_set_int (fields, "code", 200);
      return scalyr_agent_logger_emit_int (logger, "requests", self->counter * 10, fields, error) &&
             scalyr_agent_logger_emit_double (logger, "temperature", 21.5, NULL, error) &&
             scalyr_agent_logger_emit_boolean (logger, "up", TRUE, NULL, error) &&
             scalyr_agent_logger_emit_string (logger, "state", "fine", NULL, error) &&
             scalyr_agent_logger_emit_int (logger, "odd.name-1", -3, NULL, error);
    }
  if (!scalyr_agent_logger_emit_int (logger, "tick", self->counter, NULL, error))
    return FALSE;
  if (g_str_equal (self->mode, "hang"))
    {
      scalyr_log_sink_flush (scalyr_agent_logger_get_metric_sink (logger), NULL);
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
  return TRUE;
}

static void
misbehaving_monitor_run (ScalyrMonitor *monitor)
{
  if (g_str_equal (MISBEHAVING_MONITOR (monitor)->mode, "die"))
    return;
  SCALYR_MONITOR_CLASS (misbehaving_monitor_parent_class)->run (monitor);
}

static void
misbehaving_monitor_stop (ScalyrMonitor *monitor)
{
  if (g_str_equal (MISBEHAVING_MONITOR (monitor)->mode, "hang_stop"))
    for (;;)
      g_usleep (G_USEC_PER_SEC);
  SCALYR_MONITOR_CLASS (misbehaving_monitor_parent_class)->stop (monitor);
}

static void
misbehaving_monitor_finalize (GObject *object)
{
  g_free (MISBEHAVING_MONITOR (object)->mode);
  G_OBJECT_CLASS (misbehaving_monitor_parent_class)->finalize (object);
}

static void
misbehaving_monitor_class_init (MisbehavingMonitorClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = misbehaving_monitor_finalize;
  monitor_class->initialize = misbehaving_monitor_initialize;
  monitor_class->gather_sample = misbehaving_monitor_gather_sample;
  monitor_class->run = misbehaving_monitor_run;
  monitor_class->stop = misbehaving_monitor_stop;
  scalyr_monitor_declare_description (G_TYPE_FROM_CLASS (klass), "Misbehaves on demand (tests only).");
  scalyr_monitor_declare_option (G_TYPE_FROM_CLASS (klass),
    scalyr_monitor_option_new_string ("mode", "ok, fail, hang, fail_init, slow_init, die, hang_stop, secrets, notify_env or metrics.", "ok"));
  {
    ScalyrMonitorMetric *metric = scalyr_monitor_metric_new ("requests", "Requests served.");

    scalyr_monitor_metric_set_cumulative (metric, TRUE);
    scalyr_monitor_metric_set_unit (metric, "requests");
    scalyr_monitor_declare_metric (G_TYPE_FROM_CLASS (klass), metric);
    metric = scalyr_monitor_metric_new ("temperature", "The temperature.");
    scalyr_monitor_metric_set_unit (metric, "celsius");
    scalyr_monitor_declare_metric (G_TYPE_FROM_CLASS (klass), metric);
  }
}

static void
misbehaving_monitor_init (MisbehavingMonitor *self)
{
  (void) self;
}

SCALYR_DEFINE_MONITOR_MODULE (misbehaving_monitor_get_type)
