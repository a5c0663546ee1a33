/* scalyr-agent-telemetry.c: the outlets of the agent's self-telemetry (the
 * status object): the metrics service (the OpenMetrics listener, a module
 * loaded only when openmetrics_port is set) gets every status built, and
 * the telemetry metric log `<agent_log_path>/agent_metrics.log` gets the
 * agent's own metric lines every telemetry_log_interval seconds
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-telemetry-private.h"
#include "scalyr-agent-metrics.h"
#include "scalyr-i18n-private.h"

#define TELEMETRY_LOG "agent_metrics.log"

static void
log_line (ScalyrAgent      *self,
          ScalyrLogLevel    level,
          const char       *error_code,
          const char       *message)
{
  scalyr_agent_logger_log_full (self->logger, level, __FILE__, __LINE__, error_code, NULL, NULL, 0, message);
}

/* The listener is a service in its own module (it links libsoup), loaded
 * on the first configuration with an openmetrics_port; one that cannot
 * bind stays loaded, shows why in the status and tries again at each
 * reload. */
static void
apply_listener (ScalyrAgent *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (scalyr_agent_config_get_int (self->config, "openmetrics_port") == 0)
    {
      if (self->metrics != NULL)
        {
          log_line (self, SCALYR_LOG_LEVEL_INFO, NULL,
                    _("openmetrics_port is 0 in the new configuration: the OpenMetrics listener stops"));
          scalyr_agent_service_stop (self->metrics);
          g_clear_object (&self->metrics);
        }
      g_clear_pointer (&self->metrics_error, g_free);
      return;
    }
  if (self->metrics != NULL)
    {
      scalyr_agent_service_reconfigure (self->metrics, self->config);
      return;
    }
  g_clear_pointer (&self->metrics_error, g_free);
  self->metrics = scalyr_agent_service_load ("metrics", &error);
  if (self->metrics == NULL)
    self->metrics_error = g_strdup (error->message);   /* tried again at the next reload */
  else if (scalyr_agent_service_start (self->metrics, self->config, self->logger, &error))
    return;
  message = g_strdup_printf (_("The OpenMetrics listener is not running: %s"), error->message);
  log_line (self, SCALYR_LOG_LEVEL_ERROR, "openmetricsNotStarted", message);
}

static void
close_telemetry_log (ScalyrAgent *self)
{
  if (self->telemetry_logger != NULL)
    scalyr_log_sink_close (scalyr_agent_logger_get_metric_sink (self->telemetry_logger));
  g_clear_object (&self->telemetry_logger);
  g_clear_pointer (&self->telemetry_path, g_free);
}

/* agent_metrics.log: a metric log as the monitors' (the same rotation) */
static void
apply_telemetry_log (ScalyrAgent *self)
{
  double interval = scalyr_agent_config_get_double (self->config, "telemetry_log_interval");
  g_autofree char *path = g_build_filename (scalyr_agent_config_get_string (self->config, "agent_log_path"),
                                            TELEMETRY_LOG, NULL);
  g_autoptr(GError) error = NULL;
  ScalyrLogSink *sink;

  self->telemetry_interval_us = interval > 0 ? (gint64) (MAX (interval, 1.0) * G_USEC_PER_SEC) : 0;
  if (self->telemetry_interval_us == 0 || g_strcmp0 (path, self->telemetry_path) != 0)
    close_telemetry_log (self);
  if (self->telemetry_interval_us == 0 || self->telemetry_logger != NULL)
    return;
  sink = scalyr_file_sink_new (path, scalyr_agent_config_get_int (self->config, "log_rotation_max_bytes"),
                               (guint) scalyr_agent_config_get_int (self->config, "log_rotation_backup_count"),
                               &error);
  if (sink == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The agent's telemetry is not written to %s: %s; fix "
                                                    "agent_log_path, or set telemetry_log_interval to 0"),
                                                  path, error->message);
      log_line (self, SCALYR_LOG_LEVEL_ERROR, "telemetryLogFailed", message);
      return;
    }
  self->telemetry_logger = scalyr_agent_logger_new ("scalyr_agent", "");
  scalyr_agent_logger_set_diagnostic_sink (self->telemetry_logger, self->agent_log);
  scalyr_agent_logger_set_metric_sink (self->telemetry_logger, sink);
  g_object_unref (sink);
  self->telemetry_path = g_steal_pointer (&path);
  self->last_telemetry_us = g_get_monotonic_time ();
}

void
scalyr_agent_telemetry_apply (ScalyrAgent *self)
{
  apply_listener (self);
  apply_telemetry_log (self);
}

void
scalyr_agent_telemetry_publish (ScalyrAgent *self,
                                JsonNode    *status)
{
  gint64 now = g_get_monotonic_time ();

  if (self->metrics != NULL && !self->stopped)
    {
      /* the monitors' latest values cost a copy: only for a listener */
      g_autoptr(JsonNode) monitor_metrics = scalyr_monitor_manager_dup_metrics (self->manager);

      scalyr_agent_service_publish (self->metrics, status, monitor_metrics);
    }
  if (self->telemetry_logger != NULL && now - self->last_telemetry_us >= self->telemetry_interval_us)
    {
      self->last_telemetry_us = now;
      scalyr_agent_emit_telemetry (status, self->telemetry_logger);
    }
}

JsonNode *
scalyr_agent_telemetry_dup_status (ScalyrAgent *self)
{
  JsonObject *o;
  JsonNode *node;

  if (self->metrics != NULL)
    return scalyr_agent_service_dup_status (self->metrics);
  if (self->metrics_error == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "address", scalyr_agent_config_get_string (self->config, "openmetrics_address"));
  json_object_set_int_member (o, "port", scalyr_agent_config_get_int (self->config, "openmetrics_port"));
  json_object_set_boolean_member (o, "listening", FALSE);
  json_object_set_string_member (o, "error", self->metrics_error);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

void
scalyr_agent_telemetry_stop (ScalyrAgent *self)
{
  if (self->metrics != NULL)
    scalyr_agent_service_stop (self->metrics);
  if (self->telemetry_logger != NULL)
    scalyr_log_sink_flush (scalyr_agent_logger_get_metric_sink (self->telemetry_logger), NULL);
}

void
scalyr_agent_telemetry_clear (ScalyrAgent *self)
{
  g_clear_object (&self->metrics);
  g_clear_pointer (&self->metrics_error, g_free);
  close_telemetry_log (self);
}
