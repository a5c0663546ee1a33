/* scalyr-agent-logger.c: metric lines and diagnostics of one monitor
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdatomic.h>
#include <string.h>

#include "scalyr-agent-logger.h"
#include "scalyr-stream-sink.h"
#include "scalyr-agent-logger-private.h"
#include "scalyr-clock-private.h"
#include "scalyr-monitor-module.h"
#include "scalyr-json-format-private.h"
#include "scalyr-metric-name-private.h"
#include "scalyr-extra-fields-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrAgentLogger:
 *
 * The logger of one monitor instance: it writes metric lines to the
 * monitor's metric log and diagnostic lines to the agent log, in the
 * formats of the reference agent.
 *
 * A metric line is
 * `2026-11-25 04:32:44.143Z [test_monitor(x)] uniform 0.7060894795399043 count=1`:
 * the UTC time with milliseconds, the monitor's instance name, the metric
 * name, the JSON-encoded value and the extra fields sorted by name. Values
 * are encoded as the reference's standard JSON library writes them (floats
 * as Python's `repr`, strings with `\uXXXX` escapes for anything not
 * printable ASCII).
 *
 * Invalid metric and field names are repaired, not rejected (`1name` is
 * written `sa_1name`, `name+hi` `name_hi`) and a warning is logged at most
 * once a day; the reserved names `logfile`, `monitor`, `metric`, `value`,
 * `instance` and `severity` get a `_` appended.
 *
 * A diagnostic line is
 * `2026-11-25 04:32:46.760Z INFO [monitor:test_monitor(x)] [scalyr-monitor.c:388] Monitor has finished`.
 *
 * Thread safety: a logger may be used from any thread.
 *
 * Since: 0.1
 */

G_DEFINE_FINAL_TYPE (ScalyrAgentLogger, scalyr_agent_logger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODULE_NAME,
  PROP_MONITOR_ID,
  PROP_MONITOR_NAME,
  PROP_COMPONENT,
  PROP_METRIC_SINK,
  PROP_DIAGNOSTIC_SINK,
  PROP_METRIC_STORE,
  PROP_DEBUG_LEVEL,
  PROP_JOURNAL_IDENTIFIER,
  PROP_REPORTED_LINES,
  PROP_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
scalyr_agent_logger_finalize (GObject *object)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);

  g_free (self->module_name);
  g_free (self->monitor_id);
  g_free (self->monitor_name);
  g_free (self->component);
  g_free (self->short_module_name);
  g_free (self->journal_identifier);
  g_clear_object (&self->metric_sink);
  g_clear_object (&self->diagnostic_sink);
  g_clear_object (&self->metric_store);
  g_clear_pointer (&self->blacklist, g_hash_table_unref);
  g_hash_table_unref (self->limit_times);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (scalyr_agent_logger_parent_class)->finalize (object);
}

static void
scalyr_agent_logger_constructed (GObject *object)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);

  G_OBJECT_CLASS (scalyr_agent_logger_parent_class)->constructed (object);

  if (self->module_name == NULL)
    self->module_name = g_strdup ("");
  if (self->monitor_id == NULL)
    self->monitor_id = g_strdup ("");
  self->short_module_name = g_strdup (scalyr_monitor_module_short_name (self->module_name));
  self->monitor_name = g_strdup_printf ("%s(%s)", self->short_module_name, self->monitor_id);
  /* like the reference: the agent's own modules (scalyr_agent.*, except the
   * builtin monitors) log as component `core` */
  if (self->component == NULL)   /* else given at construction */
    {
      if (g_str_has_prefix (self->module_name, "scalyr_agent") &&
          !g_str_has_prefix (self->module_name, "scalyr_agent.builtin_monitors."))
        self->component = g_strdup ("core");
      else
        self->component = g_strdup_printf ("monitor:%s", self->monitor_name);
    }
}

static void
scalyr_agent_logger_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);

  switch (prop_id)
    {
    case PROP_MODULE_NAME:
      g_value_set_string (value, self->module_name);
      break;
    case PROP_MONITOR_ID:
      g_value_set_string (value, self->monitor_id);
      break;
    case PROP_MONITOR_NAME:
      g_value_set_string (value, self->monitor_name);
      break;
    case PROP_COMPONENT:
      g_value_set_string (value, self->component);
      break;
    case PROP_METRIC_SINK:
      g_value_take_object (value, scalyr_agent_logger_get_metric_sink (self) ?
                           g_object_ref (self->metric_sink) : NULL);
      break;
    case PROP_DIAGNOSTIC_SINK:
      g_value_take_object (value, scalyr_agent_logger_get_diagnostic_sink (self) ?
                           g_object_ref (self->diagnostic_sink) : NULL);
      break;
    case PROP_METRIC_STORE:
      g_value_set_object (value, self->metric_store);
      break;
    case PROP_DEBUG_LEVEL:
      g_value_set_uint (value, self->debug_level);
      break;
    case PROP_JOURNAL_IDENTIFIER:
      g_value_set_string (value, self->journal_identifier);
      break;
    case PROP_REPORTED_LINES:
      g_value_set_uint64 (value, scalyr_agent_logger_get_reported_lines (self));
      break;
    case PROP_ERRORS:
      g_value_set_uint64 (value, scalyr_agent_logger_get_errors (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_agent_logger_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);

  switch (prop_id)
    {
    case PROP_MODULE_NAME:
      self->module_name = g_value_dup_string (value);
      break;
    case PROP_MONITOR_ID:
      self->monitor_id = g_value_dup_string (value);
      break;
    case PROP_COMPONENT:
      self->component = g_value_dup_string (value);
      break;
    case PROP_METRIC_SINK:
      scalyr_agent_logger_set_metric_sink (self, g_value_get_object (value));
      break;
    case PROP_DIAGNOSTIC_SINK:
      scalyr_agent_logger_set_diagnostic_sink (self, g_value_get_object (value));
      break;
    case PROP_METRIC_STORE:
      scalyr_agent_logger_set_metric_store (self, g_value_get_object (value));
      break;
    case PROP_DEBUG_LEVEL:
      scalyr_agent_logger_set_debug_level (self, g_value_get_uint (value));
      break;
    case PROP_JOURNAL_IDENTIFIER:
      scalyr_agent_logger_set_journal_identifier (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_agent_logger_class_init (ScalyrAgentLoggerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = scalyr_agent_logger_constructed;
  object_class->finalize = scalyr_agent_logger_finalize;
  object_class->get_property = scalyr_agent_logger_get_property;
  object_class->set_property = scalyr_agent_logger_set_property;

  /**
   * ScalyrAgentLogger:module-name:
   *
   * The monitor's module as configured, e.g. `random_coin` or
   * `scalyr_agent.builtin_monitors.test_monitor`.
   */
  properties[PROP_MODULE_NAME] =
    g_param_spec_string ("module-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:monitor-id:
   *
   * The monitor's instance id, "" when it has none.
   */
  properties[PROP_MONITOR_ID] =
    g_param_spec_string ("monitor-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:monitor-name:
   *
   * The instance name written in every line: the last dotted component of
   * the module name followed by the id in parentheses, e.g. `test_monitor(x)`.
   */
  properties[PROP_MONITOR_NAME] =
    g_param_spec_string ("monitor-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:component:
   *
   * The component named in diagnostic lines (`[<component>]`): `core` for
   * the agent's own modules (`scalyr_agent.*` but the builtin monitors),
   * `monitor:<monitor-name>` otherwise, unless given at construction, as for
   * a module-level logger of a monitor module, which the reference names
   * `monitor:<short module>` without an instance id.
   *
   * Since: 0.2
   */
  properties[PROP_COMPONENT] =
    g_param_spec_string ("component", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:metric-sink:
   *
   * Where metric lines go (the monitor's metric log). Metric values cannot
   * be emitted until it is set.
   */
  properties[PROP_METRIC_SINK] =
    g_param_spec_object ("metric-sink", NULL, NULL, SCALYR_TYPE_LOG_SINK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:diagnostic-sink:
   *
   * Where diagnostic lines go (the agent log); standard error when unset.
   */
  properties[PROP_DIAGNOSTIC_SINK] =
    g_param_spec_object ("diagnostic-sink", NULL, NULL, SCALYR_TYPE_LOG_SINK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:metric-store:
   *
   * When set, the latest value of every metric line the logger reports is
   * also kept there (see #ScalyrMetricStore): the lines the metric log's
   * rate limit drops too, the metrics of the blacklist not. %NULL (the
   * default) keeps nothing. Set it before the monitor starts; it is not
   * meant to change while metrics are emitted.
   *
   * Since: 0.4
   */
  properties[PROP_METRIC_STORE] =
    g_param_spec_object ("metric-store", NULL, NULL, SCALYR_TYPE_METRIC_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:debug-level:
   *
   * The agent's `debug_level` (0–5); DEBUG lines are written when it is at
   * least 1.
   */
  properties[PROP_DEBUG_LEVEL] =
    g_param_spec_uint ("debug-level", NULL, NULL, 0, 5, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:journal-identifier:
   *
   * When set, every diagnostic written (after the debug level and the
   * rate limit of scalyr_agent_logger_log_full()) is also sent to the
   * systemd journal, as GLib's g_log_writer_journald() sends, with
   * `SYSLOG_IDENTIFIER` set to this value, `PRIORITY` (ERROR 3, WARNING 4,
   * INFO 6, DEBUG 7, CRITICAL 2), `MESSAGE`, `CODE_FILE` and `CODE_LINE`,
   * `MONITOR` (the monitor's instance name, e.g. `test_monitor(x)`, for a
   * monitor's logger or one whose module is a monitor's),
   * `SCALYR_COMPONENT`, `SCALYR_MODULE` and `SCALYR_ERROR` (the error
   * code). The diagnostic sink is written as before. %NULL (the default)
   * sends nothing.
   *
   * `scalyr-agent` sets it to `scalyr-agent` when its standard error is
   * the journal (g_log_writer_is_journald()), as under systemd.
   *
   * Since: 0.3
   */
  properties[PROP_JOURNAL_IDENTIFIER] =
    g_param_spec_string ("journal-identifier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:reported-lines:
   *
   * Metric lines reported so far (counted before rate limiting; blacklisted
   * metrics are not counted).
   */
  properties[PROP_REPORTED_LINES] =
    g_param_spec_uint64 ("reported-lines", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrAgentLogger:errors:
   *
   * ERROR and CRITICAL diagnostics logged so far.
   */
  properties[PROP_ERRORS] =
    g_param_spec_uint64 ("errors", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_agent_logger_init (ScalyrAgentLogger *self)
{
  g_mutex_init (&self->lock);
  self->limit_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * scalyr_agent_logger_new:
 * @module_name: the monitor's module, e.g. `random_coin` or
 *   `scalyr_agent.builtin_monitors.test_monitor`
 * @monitor_id: (nullable): the monitor's instance id; %NULL means ""
 *
 * Creates a logger with no metric sink and diagnostics going to standard
 * error.
 *
 * Returns: (transfer full): a new #ScalyrAgentLogger
 *
 * Since: 0.1
 */
ScalyrAgentLogger *
scalyr_agent_logger_new (const char *module_name,
                         const char *monitor_id)
{
  g_return_val_if_fail (module_name != NULL, NULL);

  return g_object_new (SCALYR_TYPE_AGENT_LOGGER,
                       "module-name", module_name,
                       "monitor-id", monitor_id,
                       NULL);
}

/**
 * scalyr_agent_logger_get_module_name:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:module-name
 *
 * Since: 0.1
 */
const char *
scalyr_agent_logger_get_module_name (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->module_name;
}

/**
 * scalyr_agent_logger_get_monitor_id:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:monitor-id
 *
 * Since: 0.1
 */
const char *
scalyr_agent_logger_get_monitor_id (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->monitor_id;
}

/**
 * scalyr_agent_logger_get_monitor_name:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:monitor-name, e.g. `test_monitor(x)`
 *
 * Since: 0.1
 */
const char *
scalyr_agent_logger_get_monitor_name (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->monitor_name;
}

/**
 * scalyr_agent_logger_get_component:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:component, e.g. `monitor:test_monitor(x)`
 *
 * Since: 0.2
 */
const char *
scalyr_agent_logger_get_component (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->component;
}

/**
 * scalyr_agent_logger_get_metric_sink:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: (transfer none) (nullable): the #ScalyrAgentLogger:metric-sink
 *
 * Since: 0.1
 */
ScalyrLogSink *
scalyr_agent_logger_get_metric_sink (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->metric_sink;
}

/**
 * scalyr_agent_logger_set_metric_sink:
 * @self: a #ScalyrAgentLogger
 * @sink: (nullable): the metric log
 *
 * Sets the #ScalyrAgentLogger:metric-sink. Set it before the monitor
 * starts; it is not meant to change while metrics are emitted.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_set_metric_sink (ScalyrAgentLogger *self,
                                     ScalyrLogSink     *sink)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (sink == NULL || SCALYR_IS_LOG_SINK (sink));

  if (g_set_object (&self->metric_sink, sink))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_SINK]);
}

/**
 * scalyr_agent_logger_get_metric_store:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: (transfer none) (nullable): the #ScalyrAgentLogger:metric-store
 *
 * Since: 0.4
 */
ScalyrMetricStore *
scalyr_agent_logger_get_metric_store (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->metric_store;
}

/**
 * scalyr_agent_logger_set_metric_store:
 * @self: a #ScalyrAgentLogger
 * @store: (nullable): where the latest metric values are kept, or %NULL
 *
 * Sets the #ScalyrAgentLogger:metric-store. Set it before the monitor
 * starts.
 *
 * Since: 0.4
 */
void
scalyr_agent_logger_set_metric_store (ScalyrAgentLogger *self,
                                      ScalyrMetricStore *store)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (store == NULL || SCALYR_IS_METRIC_STORE (store));

  if (g_set_object (&self->metric_store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_STORE]);
}

static ScalyrLogSink *
default_diagnostic_sink (void)
{
  static gsize stderr_sink;

  if (g_once_init_enter (&stderr_sink))
    g_once_init_leave (&stderr_sink, (gsize) scalyr_stream_sink_new_for_fd (2));
  return (ScalyrLogSink *) stderr_sink;
}

/**
 * scalyr_agent_logger_get_diagnostic_sink:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: (transfer none): the #ScalyrAgentLogger:diagnostic-sink; a sink
 *   writing to standard error when none was set
 *
 * Since: 0.1
 */
ScalyrLogSink *
scalyr_agent_logger_get_diagnostic_sink (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->diagnostic_sink != NULL ? self->diagnostic_sink : default_diagnostic_sink ();
}

/**
 * scalyr_agent_logger_set_diagnostic_sink:
 * @self: a #ScalyrAgentLogger
 * @sink: (nullable): the agent log; %NULL for standard error
 *
 * Sets the #ScalyrAgentLogger:diagnostic-sink.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_set_diagnostic_sink (ScalyrAgentLogger *self,
                                         ScalyrLogSink     *sink)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (sink == NULL || SCALYR_IS_LOG_SINK (sink));

  if (g_set_object (&self->diagnostic_sink, sink))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSTIC_SINK]);
}

/**
 * scalyr_agent_logger_get_debug_level:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:debug-level
 *
 * Since: 0.1
 */
guint
scalyr_agent_logger_get_debug_level (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), 0);
  return (guint) g_atomic_int_get (&self->debug_level);
}

/**
 * scalyr_agent_logger_set_debug_level:
 * @self: a #ScalyrAgentLogger
 * @debug_level: 0 to 5
 *
 * Sets the #ScalyrAgentLogger:debug-level.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_set_debug_level (ScalyrAgentLogger *self,
                                     guint              debug_level)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (debug_level <= 5);

  if ((guint) g_atomic_int_get (&self->debug_level) == debug_level)
    return;
  g_atomic_int_set (&self->debug_level, (int) debug_level);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBUG_LEVEL]);
}

/**
 * scalyr_agent_logger_get_journal_identifier:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: (nullable): the #ScalyrAgentLogger:journal-identifier
 *
 * Since: 0.3
 */
const char *
scalyr_agent_logger_get_journal_identifier (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->journal_identifier;
}

/**
 * scalyr_agent_logger_set_journal_identifier:
 * @self: a #ScalyrAgentLogger
 * @identifier: (nullable): the `SYSLOG_IDENTIFIER` of the journal entries,
 *   or %NULL for none
 *
 * Sets the #ScalyrAgentLogger:journal-identifier. Set it before the logger
 * is used (it is not meant to change while other threads log).
 *
 * Since: 0.3
 */
void
scalyr_agent_logger_set_journal_identifier (ScalyrAgentLogger *self,
                                            const char        *identifier)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));

  if (g_strcmp0 (self->journal_identifier, identifier) == 0)
    return;
  g_free (self->journal_identifier);
  self->journal_identifier = g_strdup (identifier);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_IDENTIFIER]);
}

/**
 * scalyr_agent_logger_set_metric_name_blacklist:
 * @self: a #ScalyrAgentLogger
 * @names: (array zero-terminated=1) (nullable): metric names never written
 *
 * Sets the monitor's `metric_name_blacklist`. Emitted names are compared
 * after repair. Set it before the monitor starts.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_set_metric_name_blacklist (ScalyrAgentLogger  *self,
                                               const char * const *names)
{
  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));

  {
    GHashTable *table = NULL;
    GHashTable *old;

    if (names != NULL && names[0] != NULL)
      {
        table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        for (gsize i = 0; names[i] != NULL; i++)
          g_hash_table_add (table, g_strdup (names[i]));
      }
    old = g_atomic_pointer_exchange (&self->blacklist, table);
    g_clear_pointer (&old, g_hash_table_unref);
  }
}

/**
 * scalyr_agent_logger_get_reported_lines:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:reported-lines
 *
 * Since: 0.1
 */
guint64
scalyr_agent_logger_get_reported_lines (ScalyrAgentLogger *self)
{
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), 0);
  n = atomic_load (&self->reported_lines);
  return n;
}

/**
 * scalyr_agent_logger_get_errors:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: the #ScalyrAgentLogger:errors
 *
 * Since: 0.1
 */
guint64
scalyr_agent_logger_get_errors (ScalyrAgentLogger *self)
{
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), 0);
  n = atomic_load (&self->errors);
  return n;
}

/* Returns TRUE if a record under @key may be written now, i.e. none was in
 * the last @secs seconds; records the time if so. */
gboolean
scalyr_agent_logger_check_limit (ScalyrAgentLogger *self,
                                 const char        *key,
                                 double             secs)
{
  gint64 now = scalyr_clock_monotonic_time ();
  gpointer last;
  gboolean ok;

  g_mutex_lock (&self->lock);
  if (g_hash_table_lookup_extended (self->limit_times, key, NULL, &last) &&
      (double) (now - GPOINTER_TO_SIZE (last)) < secs * G_USEC_PER_SEC)
    ok = FALSE;
  else
    {
      g_hash_table_insert (self->limit_times, g_strdup (key), GSIZE_TO_POINTER ((gsize) now));
      ok = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Repairs an invalid metric or field @name (see scalyr_metric_name_repair())
 * and warns about it at most once a day; *@to_free gets the repaired copy. */
const char *
scalyr_agent_logger_repair_name (ScalyrAgentLogger *self,
                                 const char        *name,
                                 gboolean           is_field,
                                 char             **to_free)
{
  gboolean was_invalid;
  char *repaired = scalyr_metric_name_repair (name, &was_invalid);

  if (was_invalid &&
      scalyr_agent_logger_check_limit (self, is_field ? "\001badFieldName" : "\001badMetricName", ONE_DAY_SECS))
    {
      g_autofree char *message =
        is_field
        ? g_strdup_printf (_("Invalid field name \"%s\" seen.  Field names must begin with a letter and only "
                             "contain alphanumeric characters as well as periods, underscores, and "
                             "dashes.  The field name has been fixed by replacing invalid characters with "
                             "underscores.  Other field names may be invalid (only reporting first "
                             "occurrence)."), name)
        : g_strdup_printf (_("Invalid metric name \"%s\" seen.  Metric names must begin with a letter and only "
                             "contain alphanumeric characters as well as periods, underscores, and "
                             "dashes.  The metric name has been fixed by replacing invalid characters with "
                             "underscores.  Other metric names may be invalid (only reporting first "
                             "occurrence)."), name);

      scalyr_agent_logger_log_full (self, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                    is_field ? "client/badFieldName" : "client/badMetricName",
                                    NULL, NULL, 0, message);
    }
  *to_free = repaired;
  return repaired != NULL ? repaired : name;
}

/* Logs, at most once a day per name, that the values of the blacklisted
 * metric @name are not reported. */
void
scalyr_agent_logger_note_blacklisted (ScalyrAgentLogger *self,
                                      const char        *name)
{
  g_autofree char *key = g_strconcat ("\001blacklist:", name, NULL);

  if (scalyr_agent_logger_check_limit (self, key, ONE_DAY_SECS))
    {
      g_autofree char *message =
        g_strdup_printf (_("Metric \"%s\" is blacklisted so the value wont be reported to Scalyr."), name);
      scalyr_agent_logger_log_full (self, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                    NULL, NULL, NULL, 0, message);
    }
}
