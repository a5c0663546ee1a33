/* scalyr-agent-logger.c: metric lines and diagnostics of one monitor
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scalyr-agent-logger.h"
#include "scalyr-stream-sink.h"
#include "scalyr-clock-private.h"
#include "scalyr-error.h"
#include "scalyr-json-format-private.h"
#include "scalyr-metric-name-private.h"
#include "scalyr-extra-fields-private.h"

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
 * A logger may be used from any thread.
 */
struct _ScalyrAgentLogger
{
  GObject parent_instance;

  char *module_name;
  char *monitor_id;
  char *monitor_name;
  char *component;
  char *short_module_name;
  ScalyrLogSink *metric_sink;
  ScalyrLogSink *diagnostic_sink;
  guint debug_level;
  GHashTable *blacklist;        /* repaired metric names; replaced only before emitting starts */

  GMutex lock;                  /* protects the fields below and the sinks' pointers */
  GHashTable *limit_times;      /* limit key -> gint64 monotonic µs of the last record */
  atomic_uint_least64_t reported_lines;
  atomic_uint_least64_t errors;
};

G_DEFINE_FINAL_TYPE (ScalyrAgentLogger, scalyr_agent_logger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODULE_NAME,
  PROP_MONITOR_ID,
  PROP_MONITOR_NAME,
  PROP_METRIC_SINK,
  PROP_DIAGNOSTIC_SINK,
  PROP_DEBUG_LEVEL,
  PROP_REPORTED_LINES,
  PROP_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ONE_DAY_SECS (24.0 * 60 * 60)

static void
scalyr_agent_logger_finalize (GObject *object)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);

  g_free (self->module_name);
  g_free (self->monitor_id);
  g_free (self->monitor_name);
  g_free (self->component);
  g_free (self->short_module_name);
  g_clear_object (&self->metric_sink);
  g_clear_object (&self->diagnostic_sink);
  g_clear_pointer (&self->blacklist, g_hash_table_unref);
  g_hash_table_unref (self->limit_times);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (scalyr_agent_logger_parent_class)->finalize (object);
}

static void
scalyr_agent_logger_constructed (GObject *object)
{
  ScalyrAgentLogger *self = SCALYR_AGENT_LOGGER (object);
  const char *dot;

  G_OBJECT_CLASS (scalyr_agent_logger_parent_class)->constructed (object);

  if (self->module_name == NULL)
    self->module_name = g_strdup ("");
  if (self->monitor_id == NULL)
    self->monitor_id = g_strdup ("");
  dot = strrchr (self->module_name, '.');
  self->short_module_name = g_strdup (dot != NULL ? dot + 1 : self->module_name);
  self->monitor_name = g_strdup_printf ("%s(%s)", self->short_module_name, self->monitor_id);
  /* like the reference: the agent's own modules (scalyr_agent.*, except the
   * builtin monitors) log as component `core` */
  if (g_str_has_prefix (self->module_name, "scalyr_agent") &&
      !g_str_has_prefix (self->module_name, "scalyr_agent.builtin_monitors."))
    self->component = g_strdup ("core");
  else
    self->component = g_strdup_printf ("monitor:%s", self->monitor_name);
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
    case PROP_METRIC_SINK:
      g_value_take_object (value, scalyr_agent_logger_get_metric_sink (self) ?
                           g_object_ref (self->metric_sink) : NULL);
      break;
    case PROP_DIAGNOSTIC_SINK:
      g_value_take_object (value, scalyr_agent_logger_get_diagnostic_sink (self) ?
                           g_object_ref (self->diagnostic_sink) : NULL);
      break;
    case PROP_DEBUG_LEVEL:
      g_value_set_uint (value, self->debug_level);
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
    case PROP_METRIC_SINK:
      scalyr_agent_logger_set_metric_sink (self, g_value_get_object (value));
      break;
    case PROP_DIAGNOSTIC_SINK:
      scalyr_agent_logger_set_diagnostic_sink (self, g_value_get_object (value));
      break;
    case PROP_DEBUG_LEVEL:
      scalyr_agent_logger_set_debug_level (self, g_value_get_uint (value));
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
   * ScalyrAgentLogger:debug-level:
   *
   * The agent's `debug_level` (0–5); DEBUG lines are written when it is at
   * least 1.
   */
  properties[PROP_DEBUG_LEVEL] =
    g_param_spec_uint ("debug-level", NULL, NULL, 0, 5, 0,
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
 */
const char *
scalyr_agent_logger_get_monitor_name (ScalyrAgentLogger *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), NULL);
  return self->monitor_name;
}

/**
 * scalyr_agent_logger_get_metric_sink:
 * @self: a #ScalyrAgentLogger
 *
 * Returns: (transfer none) (nullable): the #ScalyrAgentLogger:metric-sink
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
 * scalyr_agent_logger_set_metric_name_blacklist:
 * @self: a #ScalyrAgentLogger
 * @names: (array zero-terminated=1) (nullable): metric names never written
 *
 * Sets the monitor's `metric_name_blacklist`. Emitted names are compared
 * after repair. Set it before the monitor starts.
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
static gboolean
check_limit (ScalyrAgentLogger *self,
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

static inline void
put2 (char *p, int v)
{
  p[0] = (char) ('0' + v / 10);
  p[1] = (char) ('0' + v % 10);
}

/* The formatted date and time of the last second seen, per thread: lines
 * come many per second, gmtime_r() once a second is enough. */
static _Thread_local struct {
  gint64 secs;
  char text[20];     /* "YYYY-MM-DD HH:MM:SS" */
} timestamp_cache = { G_MININT64, "" };

/* Appends "YYYY-MM-DD HH:MM:SS.mmmZ" for @time_ms (ms since the epoch, UTC). */
static void
append_timestamp (GString *out,
                  gint64   time_ms)
{
  char buf[6];
  gint64 secs = time_ms >= 0 ? time_ms / 1000 : (time_ms - 999) / 1000;
  int ms = (int) (time_ms - secs * 1000);

  if (secs != timestamp_cache.secs)
    {
      struct tm tm;
      time_t t = (time_t) secs;
      char *p = timestamp_cache.text;
      int year;

      gmtime_r (&t, &tm);
      year = tm.tm_year + 1900;
      if (year < 0 || year > 9999)
        {
          g_string_append_printf (out, "%04d-%02d-%02d %02d:%02d:%02d.%03dZ", year,
                                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
          return;
        }
      put2 (p, year / 100);
      put2 (p + 2, year % 100);
      p[4] = '-';
      put2 (p + 5, tm.tm_mon + 1);
      p[7] = '-';
      put2 (p + 8, tm.tm_mday);
      p[10] = ' ';
      put2 (p + 11, tm.tm_hour);
      p[13] = ':';
      put2 (p + 14, tm.tm_min);
      p[16] = ':';
      put2 (p + 17, tm.tm_sec);
      p[19] = '\0';
      timestamp_cache.secs = secs;
    }
  g_string_append_len (out, timestamp_cache.text, 19);
  buf[0] = '.';
  buf[1] = (char) ('0' + ms / 100);
  put2 (buf + 2, ms % 100);
  buf[4] = 'Z';
  g_string_append_len (out, buf, 5);
}

static gint64
now_ms (void)
{
  return scalyr_clock_real_time () / 1000;
}

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
      !check_limit (self, limit_key, limit_once_per_secs))
    return;

  if (level >= SCALYR_LOG_LEVEL_ERROR)
    atomic_fetch_add_explicit (&self->errors, 1, memory_order_relaxed);

  base = source_file != NULL ? strrchr (source_file, '/') : NULL;
  base = base != NULL ? base + 1 : (source_file != NULL ? source_file : "libscalyrmon");

  line = g_string_sized_new (128 + strlen (message));
  append_timestamp (line, now_ms ());
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
}

/**
 * scalyr_agent_logger_log:
 * @self: a #ScalyrAgentLogger
 * @level: the severity
 * @message: the message
 *
 * Writes a diagnostic line; see scalyr_agent_logger_log_full().
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

static const char *
repair_name (ScalyrAgentLogger *self,
             const char        *name,
             gboolean           is_field,
             char             **to_free)
{
  gboolean was_invalid;
  char *repaired = scalyr_metric_name_repair (name, &was_invalid);

  if (was_invalid &&
      check_limit (self, is_field ? "\001badFieldName" : "\001badMetricName", ONE_DAY_SECS))
    {
      g_autofree char *message =
        g_strdup_printf ("Invalid %s name \"%s\" seen.  %s names must begin with a letter and only "
                         "contain alphanumeric characters as well as periods, underscores, and "
                         "dashes.  The %s name has been fixed by replacing invalid characters with "
                         "underscores.  Other %s names may be invalid (only reporting first "
                         "occurrence).",
                         is_field ? "field" : "metric", name, is_field ? "Field" : "Metric",
                         is_field ? "field" : "metric", is_field ? "field" : "metric");

      scalyr_agent_logger_log_full (self, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                    is_field ? "client/badFieldName" : "client/badMetricName",
                                    NULL, NULL, 0, message);
    }
  *to_free = repaired;
  return repaired != NULL ? repaired : name;
}

static void
append_prefix (ScalyrAgentLogger *self,
               GString           *line,
               gint64             timestamp_ms,
               const char        *monitor_id_override)
{
  append_timestamp (line, timestamp_ms != 0 ? timestamp_ms : now_ms ());
  g_string_append (line, " [");
  if (monitor_id_override != NULL)
    g_string_append_printf (line, "%s(%s)", self->short_module_name, monitor_id_override);
  else
    g_string_append (line, self->monitor_name);
  g_string_append (line, "] ");
}

/* The line being formatted, one buffer per thread, kept between calls. */
static void
free_line_buffer (gpointer data)
{
  g_string_free (data, TRUE);
}

static GPrivate line_buffer = G_PRIVATE_INIT (free_line_buffer);

static GString *
get_line_buffer (void)
{
  GString *line = g_private_get (&line_buffer);

  if (line == NULL)
    {
      line = g_string_sized_new (256);
      g_private_set (&line_buffer, line);
    }
  g_string_truncate (line, 0);
  return line;
}

/* Writes one metric line whose value is already encoded. */
static gboolean
emit_encoded (ScalyrAgentLogger        *self,
              const char               *metric_name,
              const char               *encoded_value,
              gssize                    encoded_len,
              const ScalyrExtraFields  *extra_fields,
              gint64                    timestamp_ms,
              const char               *monitor_id_override,
              GError                  **error)
{
  g_autofree char *repaired_metric = NULL;
  GHashTable *blacklist;
  const char *name;
  GString *line;

  if (self->metric_sink == NULL)
    {
      g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED,
                           "Cannot report metric values until metric log file is opened.");
      return FALSE;
    }

  name = repair_name (self, metric_name, FALSE, &repaired_metric);

  blacklist = g_atomic_pointer_get (&self->blacklist);
  if (blacklist != NULL && g_hash_table_contains (blacklist, name))
    {
      g_autofree char *key = g_strconcat ("\001blacklist:", name, NULL);

      if (check_limit (self, key, ONE_DAY_SECS))
        {
          g_autofree char *message =
            g_strdup_printf ("Metric \"%s\" is blacklisted so the value wont be reported to Scalyr.", name);
          scalyr_agent_logger_log_full (self, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                        NULL, NULL, NULL, 0, message);
        }
      return TRUE;
    }

  if (extra_fields != NULL)
    {
      const char *invalid = scalyr_extra_fields_invalid_name (extra_fields);
      if (invalid != NULL)
        {
          char *unused = NULL;
          repair_name (self, invalid, TRUE, &unused);
          g_free (unused);
        }
    }

  line = get_line_buffer ();
  append_prefix (self, line, timestamp_ms, monitor_id_override);
  g_string_append (line, name);
  g_string_append_c (line, ' ');
  g_string_append_len (line, encoded_value, encoded_len);
  if (extra_fields != NULL)
    scalyr_extra_fields_append (extra_fields, line);

  atomic_fetch_add_explicit (&self->reported_lines, 1, memory_order_relaxed);
  scalyr_log_sink_write_line (self->metric_sink, line->str, (gssize) line->len);
  return TRUE;
}

/**
 * scalyr_agent_logger_emit_value_full:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value: an integer (any signed or unsigned GVariant integer
 *   type), a double, a boolean or a string; a floating reference is sunk
 * @extra_fields: (nullable): a dictionary with string keys (`a{sv}` or any
 *   `a{s*}`) of extra fields, with values of the same kinds as @value; a
 *   floating reference is sunk
 * @timestamp_ms: the time of the sample in milliseconds since the epoch, or
 *   0 for now
 * @monitor_id_override: (nullable): write this id instead of the monitor's
 *   in this line's instance name
 * @error: return location for a #GError
 *
 * Writes a metric line (see #ScalyrAgentLogger), subject to the metric
 * log's rate limit. Nothing is written when the (repaired) metric name is
 * in the blacklist; an INFO line says so at most once a day per metric.
 *
 * Fails with %SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE, writing nothing, when
 * the value or an extra field has another type, and with
 * %SCALYR_MONITOR_ERROR_FAILED when there is no metric sink.
 *
 * The typed functions such as scalyr_agent_logger_emit_double() with a
 * #ScalyrExtraFields kept between samples are several times faster.
 *
 * Returns: %TRUE if the line was reported (written, rate limited or
 *   blacklisted), %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_value_full (ScalyrAgentLogger  *self,
                                     const char         *metric_name,
                                     GVariant           *value,
                                     GVariant           *extra_fields,
                                     gint64              timestamp_ms,
                                     const char         *monitor_id_override,
                                     GError            **error)
{
  g_autoptr(GVariant) owned_value = NULL;
  g_autoptr(GVariant) owned_fields = NULL;
  g_autoptr(ScalyrExtraFields) fields = NULL;
  g_autoptr(GString) encoded = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), FALSE);
  g_return_val_if_fail (metric_name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned_value = g_variant_ref_sink (value);
  if (extra_fields != NULL)
    owned_fields = g_variant_ref_sink (extra_fields);

  encoded = g_string_sized_new (32);
  if (!scalyr_json_append_variant (encoded, owned_value))
    {
      g_autofree char *printed = g_variant_print (owned_value, TRUE);

      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
                   "%s: metric \"%s\": unsupported value %s, %s; only integers, floats, "
                   "booleans and strings can be reported",
                   self->monitor_name, metric_name, printed, scalyr_variant_kind (owned_value));
      return FALSE;
    }
  if (owned_fields != NULL)
    {
      fields = scalyr_extra_fields_new_from_variant (owned_fields, &local_error);
      if (fields == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: metric \"%s\": %s",
                       self->monitor_name, metric_name, local_error->message);
          g_error_free (local_error);
          return FALSE;
        }
    }
  return emit_encoded (self, metric_name, encoded->str, (gssize) encoded->len, fields,
                       timestamp_ms, monitor_id_override, error);
}

/**
 * scalyr_agent_logger_emit_value:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value (integer, double, boolean or string); a floating
 *   reference is sunk
 * @extra_fields: (nullable): extra fields as an `a{sv}` dictionary; a
 *   floating reference is sunk
 * @error: return location for a #GError
 *
 * Writes a metric line timestamped now; see
 * scalyr_agent_logger_emit_value_full().
 *
 * |[<!-- language="C" -->
 * scalyr_agent_logger_emit_value (logger, "uniform", g_variant_new_double (g_random_double ()),
 *                                 g_variant_new_parsed ("{'count': <%x>}", (gint64) count),
 *                                 &error);
 * ]|
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_value (ScalyrAgentLogger  *self,
                                const char         *metric_name,
                                GVariant           *value,
                                GVariant           *extra_fields,
                                GError            **error)
{
  return scalyr_agent_logger_emit_value_full (self, metric_name, value, extra_fields, 0, NULL, error);
}

#define EMIT_PRECONDITIONS() \
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), FALSE); \
  g_return_val_if_fail (metric_name != NULL, FALSE); \
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE)

/**
 * scalyr_agent_logger_emit_int:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with an integer value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_int (ScalyrAgentLogger  *self,
                              const char         *metric_name,
                              gint64              value,
                              ScalyrExtraFields  *extra_fields,
                              GError            **error)
{
  char buf[24];
  int n;

  EMIT_PRECONDITIONS ();
  n = g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return emit_encoded (self, metric_name, buf, n, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_uint:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with an unsigned integer value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_uint (ScalyrAgentLogger  *self,
                               const char         *metric_name,
                               guint64             value,
                               ScalyrExtraFields  *extra_fields,
                               GError            **error)
{
  char buf[24];
  int n;

  EMIT_PRECONDITIONS ();
  n = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  return emit_encoded (self, metric_name, buf, n, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_double:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a float value (as Python's `repr` prints it),
 * timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_double (ScalyrAgentLogger  *self,
                                 const char         *metric_name,
                                 double              value,
                                 ScalyrExtraFields  *extra_fields,
                                 GError            **error)
{
  char stack[40];
  GString buf = { stack, 0, sizeof stack };

  EMIT_PRECONDITIONS ();
  /* a repr is at most 24 characters: the stack buffer never grows */
  scalyr_json_append_double (&buf, value);
  return emit_encoded (self, metric_name, buf.str, (gssize) buf.len, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_boolean:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a boolean value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_boolean (ScalyrAgentLogger  *self,
                                  const char         *metric_name,
                                  gboolean            value,
                                  ScalyrExtraFields  *extra_fields,
                                  GError            **error)
{
  EMIT_PRECONDITIONS ();
  return emit_encoded (self, metric_name, value ? "true" : "false", -1, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_string:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value, UTF-8
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a string value (JSON-quoted), timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 */
gboolean
scalyr_agent_logger_emit_string (ScalyrAgentLogger  *self,
                                 const char         *metric_name,
                                 const char         *value,
                                 ScalyrExtraFields  *extra_fields,
                                 GError            **error)
{
  g_autoptr(GString) encoded = NULL;

  EMIT_PRECONDITIONS ();
  g_return_val_if_fail (value != NULL, FALSE);
  encoded = g_string_sized_new (strlen (value) + 8);
  scalyr_json_append_string (encoded, value, -1);
  return emit_encoded (self, metric_name, encoded->str, (gssize) encoded->len, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_line:
 * @self: a #ScalyrAgentLogger
 * @message: free text
 *
 * Writes @message to the metric log as `<time> [<monitor name>] <message>`
 * (the reference's `emit_to_metric_log=True`). Does nothing without a
 * metric sink.
 */
void
scalyr_agent_logger_emit_line (ScalyrAgentLogger *self,
                               const char        *message)
{
  g_autoptr(GString) line = NULL;

  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (message != NULL);

  if (self->metric_sink == NULL)
    return;
  line = g_string_sized_new (64 + strlen (message));
  append_prefix (self, line, 0, NULL);
  g_string_append (line, message);
  atomic_fetch_add_explicit (&self->reported_lines, 1, memory_order_relaxed);
  scalyr_log_sink_write_line (self->metric_sink, line->str, (gssize) line->len);
}
