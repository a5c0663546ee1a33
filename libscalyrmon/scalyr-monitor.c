/* scalyr-monitor.c: the base class of every monitor plugin
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "scalyr-monitor-private.h"
#include "scalyr-monitor-construct-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrMonitor:
 *
 * The base class of monitor plugins: the C counterpart of the reference
 * agent's `ScalyrMonitor`.
 *
 * A monitor is built from its configuration entry with scalyr_monitor_new()
 * (a #GInitable): the options the monitor type declared with
 * scalyr_monitor_declare_option() are validated and converted, the common
 * fields every monitor understands are read (`sample_interval`,
 * `monitor_log_write_rate`, `monitor_log_max_write_burst`,
 * `monitor_log_flush_delay`, `metric_name_blacklist`,
 * `log_rotation_max_bytes`, `log_rotation_backup_count`, `log_path`), and
 * then the #ScalyrMonitorClass.initialize hook runs.
 *
 * scalyr_monitor_start() runs the monitor on a thread of its own. The
 * default #ScalyrMonitorClass.run calls #ScalyrMonitorClass.gather_sample at
 * once, then every #ScalyrMonitor:sample-interval seconds until
 * scalyr_monitor_stop(); the wait between samples ends at once when the
 * monitor is stopped. A failing sample is logged as
 * `Failed to gather sample due to the following exception` under the
 * monitor's name and the monitor goes on at its next interval.
 *
 * A minimal C monitor:
 *
 * |[<!-- language="C" -->
 * struct _MyMonitor { ScalyrMonitor parent; gint64 count; };
 * G_DEFINE_FINAL_TYPE (MyMonitor, my_monitor, SCALYR_TYPE_MONITOR)
 *
 * static gboolean
 * my_monitor_gather_sample (ScalyrMonitor *monitor, GError **error)
 * {
 *   MyMonitor *self = (MyMonitor *) monitor;
 *   return scalyr_agent_logger_emit_value (scalyr_monitor_get_logger (monitor), "count",
 *                                          g_variant_new_int64 (++self->count), NULL, error);
 * }
 *
 * static void
 * my_monitor_class_init (MyMonitorClass *klass)
 * {
 *   SCALYR_MONITOR_CLASS (klass)->gather_sample = my_monitor_gather_sample;
 * }
 *
 * static void my_monitor_init (MyMonitor *self) { }
 *
 * SCALYR_DEFINE_MONITOR_MODULE (my_monitor_get_type)
 * ]|
 *
 * Thread safety: a monitor is built, started and stopped by its owner, one
 * thread at a time (scalyr_monitor_new(), scalyr_monitor_start(),
 * scalyr_monitor_stop()); the agent builds each monitor on a loading thread
 * of its own and then hands it to its main thread. `initialize` runs on the
 * thread that builds it, `run` and `gather_sample` on the monitor's own
 * thread, and the class's `stop` once, on a short-lived thread of its own
 * (so that one that never returns cannot hold up the owner). The getters of its
 * configuration and state (scalyr_monitor_is_running(), the sample counters)
 * may be called from any thread.
 *
 * Since: 0.1
 */

G_DEFINE_TYPE_WITH_CODE (ScalyrMonitor, scalyr_monitor, G_TYPE_OBJECT,
                         G_ADD_PRIVATE (ScalyrMonitor)
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, scalyr_monitor_initable_iface_init))

G_DEFINE_QUARK (scalyr-monitor-error-quark, scalyr_monitor_error)

enum {
  PROP_0,
  PROP_MODULE_NAME,
  PROP_MONITOR_ID,
  PROP_MONITOR_NAME,
  PROP_CONFIG,
  PROP_LOGGER,
  PROP_SAMPLE_INTERVAL,
  PROP_JITTER,
  PROP_LOG_PATH,
  PROP_DISABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_SAMPLE_INTERVAL 30.0

/* ---- object ---- */

static void
scalyr_monitor_finalize (GObject *object)
{
  ScalyrMonitor *self = SCALYR_MONITOR (object);
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  g_free (priv->module_name);
  g_free (priv->short_module_name);
  g_free (priv->monitor_id);
  g_free (priv->monitor_name);
  g_free (priv->log_path);
  g_clear_object (&priv->config);
  g_clear_object (&priv->logger);
  scalyr_monitor_thread_clear (&priv->run);
  G_OBJECT_CLASS (scalyr_monitor_parent_class)->finalize (object);
}

static void
scalyr_monitor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScalyrMonitor *self = SCALYR_MONITOR (object);
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODULE_NAME:
      g_value_set_string (value, priv->module_name);
      break;
    case PROP_MONITOR_ID:
      g_value_set_string (value, priv->monitor_id);
      break;
    case PROP_MONITOR_NAME:
      g_value_set_string (value, priv->monitor_name);
      break;
    case PROP_CONFIG:
      g_value_set_object (value, priv->config);
      break;
    case PROP_LOGGER:
      g_value_set_object (value, priv->logger);
      break;
    case PROP_SAMPLE_INTERVAL:
      g_value_set_double (value, scalyr_monitor_get_sample_interval (self));
      break;
    case PROP_JITTER:
      g_value_set_boolean (value, priv->jitter);
      break;
    case PROP_LOG_PATH:
      g_value_set_string (value, priv->log_path);
      break;
    case PROP_DISABLED:
      g_value_set_boolean (value, priv->disabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScalyrMonitor *self = SCALYR_MONITOR (object);
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODULE_NAME:
      priv->module_name = g_value_dup_string (value);
      break;
    case PROP_MONITOR_ID:
      priv->monitor_id = g_value_dup_string (value);
      break;
    case PROP_CONFIG:
      priv->config = g_value_dup_object (value);
      break;
    case PROP_LOGGER:
      priv->logger = g_value_dup_object (value);
      break;
    case PROP_SAMPLE_INTERVAL:
      scalyr_monitor_set_sample_interval (self, g_value_get_double (value));
      break;
    case PROP_JITTER:
      scalyr_monitor_set_jitter (self, g_value_get_boolean (value));
      break;
    case PROP_LOG_PATH:
      scalyr_monitor_set_log_path (self, g_value_get_string (value));
      break;
    case PROP_DISABLED:
      scalyr_monitor_set_disabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
scalyr_monitor_real_initialize (ScalyrMonitor *self,
                                GError       **error)
{
  (void) self;
  (void) error;
  return TRUE;
}

static gboolean
scalyr_monitor_real_gather_sample (ScalyrMonitor *self,
                                   GError       **error)
{
  (void) self;
  (void) error;
  return TRUE;
}

static void
scalyr_monitor_real_run (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  while (!scalyr_monitor_is_stopping (self))
    {
      g_autoptr(GError) error = NULL;

      if (!scalyr_monitor_gather_sample (self, &error))
        {
          g_autofree char *trace = NULL;

          if (error != NULL)
            trace = g_strdup_printf ("%s (%s, %d)", error->message,
                                     g_quark_to_string (error->domain), error->code);
          scalyr_agent_logger_log_full (priv->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        NULL, trace != NULL ? trace : _("gather_sample failed without an error"),
                                        NULL, 0, "Failed to gather sample due to the following exception");
        }
      if (scalyr_monitor_thread_limit_reached (&priv->run))
        break;
      scalyr_monitor_sleep (self, scalyr_monitor_get_sample_interval (self));
    }
  /* only the default loop says so, as the reference's default run() does
   * (a monitor overriding run writes nothing when it returns) */
  scalyr_agent_logger_log_full (priv->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                NULL, NULL, NULL, 0, "Monitor has finished");
}

static void
scalyr_monitor_class_init (ScalyrMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_finalize;
  object_class->get_property = scalyr_monitor_get_property;
  object_class->set_property = scalyr_monitor_set_property;
  klass->initialize = scalyr_monitor_real_initialize;
  klass->gather_sample = scalyr_monitor_real_gather_sample;
  klass->run = scalyr_monitor_real_run;
  klass->stop = scalyr_monitor_real_stop;

  /**
   * ScalyrMonitor:module-name:
   *
   * The module as configured, e.g. `random_coin` or
   * `scalyr_agent.builtin_monitors.test_monitor`; taken from the entry's
   * `module` field when not set.
   */
  properties[PROP_MODULE_NAME] =
    g_param_spec_string ("module-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:monitor-id:
   *
   * The instance id; taken from the entry's `id` field (stringified) when
   * not set, "" when there is none.
   */
  properties[PROP_MONITOR_ID] =
    g_param_spec_string ("monitor-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:monitor-name:
   *
   * The instance name, `<short module>(<id>)`, e.g. `test_monitor(x)`.
   */
  properties[PROP_MONITOR_NAME] =
    g_param_spec_string ("monitor-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:config:
   *
   * The monitor's configuration entry; an empty one when not set.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, SCALYR_TYPE_MONITOR_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:logger:
   *
   * The monitor's logger; one is created when not set.
   */
  properties[PROP_LOGGER] =
    g_param_spec_object ("logger", NULL, NULL, SCALYR_TYPE_AGENT_LOGGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:sample-interval:
   *
   * Seconds between two samples. The value given at construction is the
   * default (the agent's `global_monitor_sample_interval`, or the `-s` of
   * `scalyr-run-monitor`); the entry's `sample_interval` overrides it, and
   * #ScalyrMonitorClass.initialize may change it again.
   */
  properties[PROP_SAMPLE_INTERVAL] =
    g_param_spec_double ("sample-interval", NULL, NULL,
                         0.0, G_MAXDOUBLE, DEFAULT_SAMPLE_INTERVAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:jitter:
   *
   * Whether the first sample waits a random whole number of seconds (the
   * agent's `global_monitor_sample_interval_enable_jitter`): between 15 and
   * 40 for intervals of 40 s or more, else between 20% and 80% of the
   * interval, so that monitors started together do not sample together.
   */
  properties[PROP_JITTER] =
    g_param_spec_boolean ("jitter", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:log-path:
   *
   * The metric log file, relative to the agent's log directory unless
   * absolute: the entry's `log_path`, else `<short module>.log`.
   * #ScalyrMonitorClass.initialize may change it.
   */
  properties[PROP_LOG_PATH] =
    g_param_spec_string ("log-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitor:disabled:
   *
   * Set by #ScalyrMonitorClass.initialize to ask the agent not to run the
   * monitor.
   */
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_monitor_init (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  scalyr_monitor_thread_init (&priv->run);
  priv->sample_interval = DEFAULT_SAMPLE_INTERVAL;
}

void
scalyr_monitor_log_config_warning (ScalyrMonitorConfig *config,
                                   const char          *message,
                                   ScalyrMonitor       *self)
{
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  (void) config;
  scalyr_agent_logger_log_full (priv->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                NULL, NULL, NULL, 0, message);
}

ScalyrMonitorPrivate *
scalyr_monitor_get_private (ScalyrMonitor *self)
{
  return scalyr_monitor_get_instance_private (self);
}

/**
 * scalyr_monitor_get_module_name:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:module-name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_module_name (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->module_name;
}

/**
 * scalyr_monitor_get_short_module_name:
 * @self: a #ScalyrMonitor
 *
 * Returns: the last dotted component of the module name, e.g. `test_monitor`
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_short_module_name (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->short_module_name;
}

/**
 * scalyr_monitor_get_monitor_id:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:monitor-id
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_monitor_id (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->monitor_id;
}

/**
 * scalyr_monitor_get_monitor_name:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:monitor-name, e.g. `test_monitor(x)`
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_monitor_name (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->monitor_name;
}

/**
 * scalyr_monitor_get_config:
 * @self: a #ScalyrMonitor
 *
 * Returns: (transfer none): the #ScalyrMonitor:config
 *
 * Since: 0.1
 */
ScalyrMonitorConfig *
scalyr_monitor_get_config (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->config;
}

/**
 * scalyr_monitor_get_logger:
 * @self: a #ScalyrMonitor
 *
 * Returns: (transfer none): the #ScalyrMonitor:logger
 *
 * Since: 0.1
 */
ScalyrAgentLogger *
scalyr_monitor_get_logger (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->logger;
}

/**
 * scalyr_monitor_get_sample_interval:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:sample-interval in seconds
 *
 * Since: 0.1
 */
double
scalyr_monitor_get_sample_interval (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;
  double interval;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  priv = scalyr_monitor_get_instance_private (self);
  g_mutex_lock (&priv->run.lock);
  interval = priv->sample_interval;
  g_mutex_unlock (&priv->run.lock);
  return interval;
}

/**
 * scalyr_monitor_set_sample_interval:
 * @self: a #ScalyrMonitor
 * @seconds: seconds between samples (fractions allowed)
 *
 * Sets the #ScalyrMonitor:sample-interval; a running monitor uses it from
 * its next wait on.
 *
 * Since: 0.1
 */
void
scalyr_monitor_set_sample_interval (ScalyrMonitor *self,
                                    double         seconds)
{
  ScalyrMonitorPrivate *priv;
  gboolean changed;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  g_return_if_fail (seconds >= 0);

  priv = scalyr_monitor_get_instance_private (self);
  g_mutex_lock (&priv->run.lock);
  changed = priv->sample_interval != seconds;
  priv->sample_interval = seconds;
  g_mutex_unlock (&priv->run.lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLE_INTERVAL]);
}

/**
 * scalyr_monitor_get_jitter:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:jitter flag
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_get_jitter (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->jitter;
}

/**
 * scalyr_monitor_set_jitter:
 * @self: a #ScalyrMonitor
 * @jitter: whether to delay the first sample randomly
 *
 * Sets the #ScalyrMonitor:jitter flag; it matters only before
 * scalyr_monitor_start().
 *
 * Since: 0.1
 */
void
scalyr_monitor_set_jitter (ScalyrMonitor *self,
                           gboolean       jitter)
{
  ScalyrMonitorPrivate *priv;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  priv = scalyr_monitor_get_instance_private (self);
  jitter = !!jitter;
  if (priv->jitter == jitter)
    return;
  priv->jitter = jitter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JITTER]);
}

/**
 * scalyr_monitor_get_log_path:
 * @self: a #ScalyrMonitor
 *
 * Returns: (nullable) (type filename): the #ScalyrMonitor:log-path
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_log_path (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), NULL);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->log_path;
}

/**
 * scalyr_monitor_set_log_path:
 * @self: a #ScalyrMonitor
 * @log_path: (type filename): the metric log file
 *
 * Sets the #ScalyrMonitor:log-path.
 *
 * Since: 0.1
 */
void
scalyr_monitor_set_log_path (ScalyrMonitor *self,
                             const char    *log_path)
{
  ScalyrMonitorPrivate *priv;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  priv = scalyr_monitor_get_instance_private (self);
  if (g_strcmp0 (priv->log_path, log_path) == 0)
    return;
  g_free (priv->log_path);
  priv->log_path = g_strdup (log_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_PATH]);
}

/**
 * scalyr_monitor_get_disabled:
 * @self: a #ScalyrMonitor
 *
 * Returns: the #ScalyrMonitor:disabled flag
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_get_disabled (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  priv = scalyr_monitor_get_instance_private (self);
  return priv->disabled;
}

/**
 * scalyr_monitor_set_disabled:
 * @self: a #ScalyrMonitor
 * @disabled: whether the monitor should not run
 *
 * Sets the #ScalyrMonitor:disabled flag.
 *
 * Since: 0.1
 */
void
scalyr_monitor_set_disabled (ScalyrMonitor *self,
                             gboolean       disabled)
{
  ScalyrMonitorPrivate *priv;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  priv = scalyr_monitor_get_instance_private (self);
  disabled = !!disabled;
  if (priv->disabled == disabled)
    return;
  priv->disabled = disabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISABLED]);
}

/**
 * scalyr_monitor_open_metric_log:
 * @self: a #ScalyrMonitor
 * @sink: the metric log (a #ScalyrFileSink in the agent, standard output in
 *   `scalyr-run-monitor`)
 *
 * Makes @sink the monitor's metric log: applies the monitor's
 * `monitor_log_write_rate`, `monitor_log_max_write_burst` and
 * `monitor_log_flush_delay` to it and sets it as the logger's
 * #ScalyrAgentLogger:metric-sink. Call it before scalyr_monitor_start().
 *
 * Since: 0.1
 */
void
scalyr_monitor_open_metric_log (ScalyrMonitor *self,
                                ScalyrLogSink *sink)
{
  ScalyrMonitorPrivate *priv;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  g_return_if_fail (SCALYR_IS_LOG_SINK (sink));
  priv = scalyr_monitor_get_instance_private (self);

  scalyr_log_sink_set_rate_limit (sink, (double) priv->write_rate, (double) priv->max_write_burst);
  scalyr_log_sink_set_flush_delay (sink, priv->flush_delay);
  scalyr_agent_logger_set_metric_sink (priv->logger, sink);
}

/**
 * scalyr_monitor_report_error:
 * @self: a #ScalyrMonitor
 * @message: what failed
 * @stack_trace: (nullable): a stack trace or traceback
 *
 * Logs an ERROR diagnostic under the monitor's name, with @stack_trace
 * indented after it. Used by language loaders to report exceptions.
 *
 * Since: 0.1
 */
void
scalyr_monitor_report_error (ScalyrMonitor *self,
                             const char    *message,
                             const char    *stack_trace)
{
  ScalyrMonitorPrivate *priv;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  priv = scalyr_monitor_get_instance_private (self);
  scalyr_agent_logger_log_full (priv->logger, SCALYR_LOG_LEVEL_ERROR, NULL, 0, NULL,
                                stack_trace, NULL, 0, message);
}

static int
initial_delay (double interval)
{
  int lo, hi;

  if (interval >= 40)
    {
      lo = 15;
      hi = 40;
    }
  else
    {
      /* round half to even, like Python; clamped (NaN gives 0) */
      lo = scalyr_clamp_double_to_int (rint (0.2 * interval), 0, 40);
      hi = scalyr_clamp_double_to_int (rint (0.8 * interval), 0, 40);
    }
  return hi > lo ? g_random_int_range (lo, hi + 1) : lo;
}

/* The body of the monitor's thread, started by scalyr_monitor_start(): it
 * owns a reference to the monitor, dropped when it returns. */
gpointer
scalyr_monitor_thread_main (gpointer data)
{
  ScalyrMonitor *self = data;
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  if (priv->jitter)
    {
      int delay = initial_delay (scalyr_monitor_get_sample_interval (self));

      if (delay >= 1 && !scalyr_monitor_sleep (self, delay))
        scalyr_agent_logger_logf (priv->logger, SCALYR_LOG_LEVEL_DEBUG, __FILE__, __LINE__,
                                  "Sleeping %d seconds before first sample gather interval", delay);
    }

  if (!scalyr_monitor_is_stopping (self))
    SCALYR_MONITOR_GET_CLASS (self)->run (self);

  g_mutex_lock (&priv->run.lock);
  priv->run.running = FALSE;
  g_cond_broadcast (&priv->run.cond);
  g_mutex_unlock (&priv->run.lock);
  g_object_unref (self);
  return NULL;
}

ScalyrMonitorThread *
scalyr_monitor_get_thread_state (ScalyrMonitor *self)
{
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_instance_private (self);

  return &priv->run;
}
