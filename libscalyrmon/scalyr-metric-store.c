/* scalyr-metric-store.c: the latest value of every metric series a monitor
 * emits, bounded, for the OpenMetrics view of the monitors' metrics
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "scalyr-metric-store-private.h"
#include "scalyr-extra-fields-private.h"
#include "scalyr-json-parser.h"

/* a series whose name and fields take more than this many bytes (a label
 * value of a megabyte) is refused as one past the limit: the limit bounds
 * the store's memory only if each series is bounded too */
#define SERIES_KEY_MAX 16384

/**
 * ScalyrMetricStore:
 *
 * The latest value of every metric series a monitor emits: give it to the
 * monitor's logger ([method@Scalyr.AgentLogger.set_metric_store]) and every
 * metric line the logger writes is also kept here, whatever the monitor's
 * language (C, Python and JavaScript monitors all write through the
 * logger). `scalyr-agent` makes one for each monitor whose entry sets
 * `openmetrics: true` and serves the values on its `/metrics` endpoint.
 *
 * A series is a metric name as written in the line (after the repair of an
 * invalid name) with the extra fields of the line (names as written, sorted;
 * values as label text: integers and floats as written, booleans `true` or
 * `false`, strings as they are, unquoted). Each series keeps its latest
 * numeric value and the time of its line. Booleans are kept as 1 and 0;
 * string values are not kept, only counted
 * ([property@Scalyr.MetricStore:strings-skipped]).
 *
 * A line the metric log's rate limit drops is still kept (its value is
 * still the latest); a metric of the monitor's `metric_name_blacklist` is
 * not (the operator asked for it to be dropped).
 *
 * The store is bounded: at most [property@Scalyr.MetricStore:max-series]
 * series, set at construction, of at most 16 KiB each (name and extra
 * fields as the line writes them). The values of a series beyond the
 * number or the size are never kept; each such series is counted once in
 * [property@Scalyr.MetricStore:series-dropped]. Warning about it is the
 * caller's business (`scalyr-agent` logs one warning per monitor). Its
 * memory is about the number of series times the length of their names
 * and fields. A series that is no longer written (a process that exited,
 * an extra field whose value changes every sample) stays until
 * [method@Scalyr.MetricStore.expire] removes it: `scalyr-agent` does, for
 * series not written for three sample intervals or a minute, whichever is
 * longer, so that /metrics shows what the monitor still reports, as
 * Prometheus's staleness expects.
 *
 * Recording costs no allocation once a series is known: the series' key is
 * built in a buffer of the store that is kept between lines, and looked up
 * in a hash table, under the store's mutex. The mutex is taken once per
 * line by the monitor's thread, the only writer, and once per
 * [method@Scalyr.MetricStore.dup_samples] by the reader, which copies the
 * values under it and builds the JSON outside it: in practice it is
 * uncontended.
 *
 * ```python
 * store = Scalyr.MetricStore.new(100)
 * logger.set_metric_store(store)
 * logger.emit_int("requests", 7, fields)
 * samples = json.loads(Json.to_string(store.dup_samples(), False))
 * ```
 *
 * Thread safety: a store may be used from any thread; recording and
 * [method@Scalyr.MetricStore.dup_samples] may run at the same time.
 *
 * Since: 0.4
 */

/* Reference-counted (g_atomic_rc_box): a snapshot holds its series while
 * it builds the JSON outside the lock, even if expire() drops them. */
typedef struct {
  char *key;                 /* see build_key() */
  char *name;
  char *monitor_id;          /* the line's monitor id override, or NULL */
  char **labels;             /* written name, text, name, text, ..., NULL */
  gboolean is_int;
  gint64 int_value;
  double value;
  gint64 timestamp_ms;
} Series;

struct _ScalyrMetricStore
{
  GObject parent_instance;

  guint max_series;

  GMutex lock;               /* protects the fields below */
  GHashTable *series;        /* key → Series *, owning */
  GPtrArray *order;          /* Series *, first seen first */
  GString *key;              /* the key being looked up, kept between lines */
  GHashTable *dropped;       /* 64-bit hashes of the keys refused, at most max_series */

  atomic_uint_least64_t series_dropped;
  atomic_uint_least64_t strings_skipped;
};

G_DEFINE_FINAL_TYPE (ScalyrMetricStore, scalyr_metric_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_SERIES,
  PROP_N_SERIES,
  PROP_SERIES_DROPPED,
  PROP_STRINGS_SKIPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
series_clear (gpointer data)
{
  Series *s = data;

  g_free (s->key);
  g_free (s->name);
  g_free (s->monitor_id);
  g_strfreev (s->labels);
}

static void
series_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, series_clear);
}

static void
scalyr_metric_store_finalize (GObject *object)
{
  ScalyrMetricStore *self = SCALYR_METRIC_STORE (object);

  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->series);
  g_hash_table_unref (self->dropped);
  g_string_free (self->key, TRUE);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (scalyr_metric_store_parent_class)->finalize (object);
}

static void
scalyr_metric_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScalyrMetricStore *self = SCALYR_METRIC_STORE (object);

  switch (prop_id)
    {
    case PROP_MAX_SERIES:
      g_value_set_uint (value, self->max_series);
      break;
    case PROP_N_SERIES:
      g_value_set_uint (value, scalyr_metric_store_get_n_series (self));
      break;
    case PROP_SERIES_DROPPED:
      g_value_set_uint64 (value, scalyr_metric_store_get_series_dropped (self));
      break;
    case PROP_STRINGS_SKIPPED:
      g_value_set_uint64 (value, scalyr_metric_store_get_strings_skipped (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_metric_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ScalyrMetricStore *self = SCALYR_METRIC_STORE (object);

  switch (prop_id)
    {
    case PROP_MAX_SERIES:
      self->max_series = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_metric_store_class_init (ScalyrMetricStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_metric_store_finalize;
  object_class->get_property = scalyr_metric_store_get_property;
  object_class->set_property = scalyr_metric_store_set_property;

  /**
   * ScalyrMetricStore:max-series:
   *
   * The most series kept; the values of any further series are dropped
   * and the series counted in #ScalyrMetricStore:series-dropped.
   *
   * Since: 0.4
   */
  properties[PROP_MAX_SERIES] =
    g_param_spec_uint ("max-series", NULL, NULL, 1, G_MAXINT, 2000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMetricStore:n-series:
   *
   * How many series are kept (not notified).
   *
   * Since: 0.4
   */
  properties[PROP_N_SERIES] =
    g_param_spec_uint ("n-series", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMetricStore:series-dropped:
   *
   * How many series were refused because the store was full or the series
   * too long (more than 16 KiB of name and fields), each counted once (not
   * notified). Series are told apart by a 64-bit hash of their
   * name and fields; at most #ScalyrMetricStore:max-series refused series
   * are remembered, so past that the count stops growing: it is exact up to
   * #ScalyrMetricStore:max-series, a lower bound beyond.
   *
   * Since: 0.4
   */
  properties[PROP_SERIES_DROPPED] =
    g_param_spec_uint64 ("series-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMetricStore:strings-skipped:
   *
   * How many metric lines with a string value were seen and not kept (not
   * notified).
   *
   * Since: 0.4
   */
  properties[PROP_STRINGS_SKIPPED] =
    g_param_spec_uint64 ("strings-skipped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_metric_store_init (ScalyrMetricStore *self)
{
  g_mutex_init (&self->lock);
  self->max_series = 2000;
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, series_release);
  self->order = g_ptr_array_new ();
  self->key = g_string_sized_new (256);
  self->dropped = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/**
 * scalyr_metric_store_new:
 * @max_series: the most series kept, at least 1
 *
 * Returns: (transfer full): a new, empty #ScalyrMetricStore
 *
 * Since: 0.4
 */
ScalyrMetricStore *
scalyr_metric_store_new (guint max_series)
{
  g_return_val_if_fail (max_series >= 1 && max_series <= G_MAXINT, NULL);
  return g_object_new (SCALYR_TYPE_METRIC_STORE, "max-series", max_series, NULL);
}

/**
 * scalyr_metric_store_get_max_series:
 * @self: a #ScalyrMetricStore
 *
 * Returns: the #ScalyrMetricStore:max-series
 *
 * Since: 0.4
 */
guint
scalyr_metric_store_get_max_series (ScalyrMetricStore *self)
{
  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), 0);
  return self->max_series;
}

/**
 * scalyr_metric_store_get_n_series:
 * @self: a #ScalyrMetricStore
 *
 * Returns: the #ScalyrMetricStore:n-series
 *
 * Since: 0.4
 */
guint
scalyr_metric_store_get_n_series (ScalyrMetricStore *self)
{
  guint n;

  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), 0);
  g_mutex_lock (&self->lock);
  n = self->order->len;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * scalyr_metric_store_get_series_dropped:
 * @self: a #ScalyrMetricStore
 *
 * Returns: the #ScalyrMetricStore:series-dropped
 *
 * Since: 0.4
 */
guint64
scalyr_metric_store_get_series_dropped (ScalyrMetricStore *self)
{
  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), 0);
  return atomic_load_explicit (&self->series_dropped, memory_order_relaxed);
}

/**
 * scalyr_metric_store_get_strings_skipped:
 * @self: a #ScalyrMetricStore
 *
 * Returns: the #ScalyrMetricStore:strings-skipped
 *
 * Since: 0.4
 */
guint64
scalyr_metric_store_get_strings_skipped (ScalyrMetricStore *self)
{
  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), 0);
  return atomic_load_explicit (&self->strings_skipped, memory_order_relaxed);
}

/* The numeric value of an encoded JSON value; FALSE for a string (or
 * anything else that is not a number or a boolean). */
static gboolean
parse_value (const char *encoded,
             gsize       len,
             gboolean   *is_int,
             gint64     *int_value,
             double     *value)
{
  char *end = NULL;

  if (len == 4 && memcmp (encoded, "true", 4) == 0)
    {
      *is_int = TRUE;
      *int_value = 1;
      return TRUE;
    }
  if (len == 5 && memcmp (encoded, "false", 5) == 0)
    {
      *is_int = TRUE;
      *int_value = 0;
      return TRUE;
    }
  if (len == 0 || encoded[0] == '"')
    return FALSE;
  errno = 0;
  *int_value = g_ascii_strtoll (encoded, &end, 10);
  if (end == encoded + len && errno == 0)
    {
      *is_int = TRUE;
      return TRUE;
    }
  /* floats, NaN, Infinity, -Infinity, integers past 64 bits */
  *value = g_ascii_strtod (encoded, &end);
  *is_int = FALSE;
  return end == encoded + len;
}

/* The key of a series: the monitor id override and \001 when there is one,
 * the name, and the fields as the line writes them (" a=1 b=\"x\""). */
static void
build_key (GString                 *key,
           const char              *name,
           const ScalyrExtraFields *extra_fields,
           const char              *monitor_id_override)
{
  g_string_truncate (key, 0);
  if (monitor_id_override != NULL)
    {
      g_string_append (key, monitor_id_override);
      g_string_append_c (key, '\001');
    }
  g_string_append (key, name);
  if (extra_fields != NULL)
    scalyr_extra_fields_append (extra_fields, key);
}

/* A field's value as label text: a string unquoted, anything else as
 * written. */
static char *
label_text (const char *encoded)
{
  if (encoded[0] == '"')
    {
      g_autoptr(JsonNode) node = scalyr_json_parse (encoded, -1, NULL, NULL, NULL);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
    }
  return g_strdup (encoded);
}

static Series *
series_new (const char              *key,
            const char              *name,
            const ScalyrExtraFields *extra_fields,
            const char              *monitor_id_override)
{
  Series *s = g_atomic_rc_box_new0 (Series);
  guint n = extra_fields != NULL ? scalyr_extra_fields_get_length (extra_fields) : 0;

  s->key = g_strdup (key);
  s->name = g_strdup (name);
  s->monitor_id = g_strdup (monitor_id_override);
  s->labels = g_new0 (char *, 2 * n + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *field, *encoded;

      scalyr_extra_fields_peek (extra_fields, i, &field, &encoded);
      s->labels[2 * i] = g_strdup (field);
      s->labels[2 * i + 1] = label_text (encoded);
    }
  return s;
}

/* FNV-1a, 64 bits */
static guint64
key_hash (const GString *key)
{
  guint64 h = 14695981039346656037u;

  for (gsize i = 0; i < key->len; i++)
    h = (h ^ (guchar) key->str[i]) * 1099511628211u;
  return h;
}

/* Counts a refused series once (see #ScalyrMetricStore:series-dropped). */
static void
note_dropped (ScalyrMetricStore *self)
{
  gpointer h = GSIZE_TO_POINTER ((gsize) key_hash (self->key));

  if (g_hash_table_contains (self->dropped, h) || g_hash_table_size (self->dropped) >= self->max_series)
    return;
  g_hash_table_add (self->dropped, h);
  atomic_fetch_add_explicit (&self->series_dropped, 1, memory_order_relaxed);
}

void
scalyr_metric_store_record_encoded (ScalyrMetricStore       *self,
                                    const char              *name,
                                    const char              *encoded_value,
                                    gssize                   encoded_len,
                                    const ScalyrExtraFields *extra_fields,
                                    gint64                   timestamp_ms,
                                    const char              *monitor_id_override)
{
  gsize len = encoded_len < 0 ? strlen (encoded_value) : (gsize) encoded_len;
  gboolean is_int = FALSE;
  gint64 int_value = 0;
  double value = 0;
  Series *s;

  if (!parse_value (encoded_value, len, &is_int, &int_value, &value))
    {
      atomic_fetch_add_explicit (&self->strings_skipped, 1, memory_order_relaxed);
      return;
    }

  g_mutex_lock (&self->lock);
  build_key (self->key, name, extra_fields, monitor_id_override);
  s = g_hash_table_lookup (self->series, self->key->str);
  if (s == NULL)
    {
      if (self->order->len >= self->max_series || self->key->len > SERIES_KEY_MAX)
        {
          note_dropped (self);
          g_mutex_unlock (&self->lock);
          return;
        }
      s = series_new (self->key->str, name, extra_fields, monitor_id_override);
      g_hash_table_insert (self->series, s->key, s);
      g_ptr_array_add (self->order, s);
    }
  s->is_int = is_int;
  s->int_value = int_value;
  s->value = value;
  s->timestamp_ms = timestamp_ms;
  g_mutex_unlock (&self->lock);
}

typedef struct {
  Series *series;          /* a reference; its name, id and labels never change */
  gboolean is_int;
  gint64 int_value;
  double value;
  gint64 timestamp_ms;
} Sample;

/**
 * scalyr_metric_store_dup_samples:
 * @self: a #ScalyrMetricStore
 *
 * The latest value of every series, in the order the series were first
 * seen: a JSON array of objects `{"name": "<metric as written>",
 * "labels": {"<field as written>": "<value as text>", ...}, "value":
 * <number>, "timestamp_ms": <ms since the epoch>}`, with `"monitor_id"`
 * too when the line named another monitor id than its logger's
 * (scalyr_agent_logger_emit_value_full()). `value` is an integer when the
 * line's value was an integer or a boolean (1 or 0), a double otherwise
 * (NaN and infinities included, which a JSON generator cannot write).
 *
 * The values are copied under the store's lock and the JSON built outside
 * it; call it as often as a scrape needs (the agent does once a second).
 *
 * Returns: (transfer full): a JSON array node
 *
 * Since: 0.4
 */
JsonNode *
scalyr_metric_store_dup_samples (ScalyrMetricStore *self)
{
  g_autofree Sample *samples = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), NULL);

  g_mutex_lock (&self->lock);
  n = self->order->len;
  samples = g_new (Sample, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      Series *s = g_ptr_array_index (self->order, i);

      samples[i] = (Sample) { g_atomic_rc_box_acquire (s), s->is_int, s->int_value, s->value, s->timestamp_ms };
    }
  g_mutex_unlock (&self->lock);

  array = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      const Sample *sample = &samples[i];
      JsonObject *o = json_object_new ();
      JsonObject *labels = json_object_new ();

      json_object_set_string_member (o, "name", sample->series->name);
      if (sample->series->monitor_id != NULL)
        json_object_set_string_member (o, "monitor_id", sample->series->monitor_id);
      for (char **l = sample->series->labels; *l != NULL; l += 2)
        json_object_set_string_member (labels, l[0], l[1]);
      json_object_set_object_member (o, "labels", labels);
      if (sample->is_int)
        json_object_set_int_member (o, "value", sample->int_value);
      else
        json_object_set_double_member (o, "value", sample->value);
      json_object_set_int_member (o, "timestamp_ms", sample->timestamp_ms);
      json_array_add_object_element (array, o);
      series_release (sample->series);
    }
  {
    JsonNode *node = json_node_init (json_node_alloc (), JSON_NODE_ARRAY);

    json_node_take_array (node, array);
    return node;
  }
}

/**
 * scalyr_metric_store_expire:
 * @self: a #ScalyrMetricStore
 * @before_ms: a time in milliseconds since the epoch
 *
 * Removes the series whose latest line is older than @before_ms (a series
 * written again later comes back as a new one). Their room is free again:
 * a series refused at the limit before is counted again if it is refused
 * again.
 *
 * Returns: how many series were removed
 *
 * Since: 0.4
 */
guint
scalyr_metric_store_expire (ScalyrMetricStore *self,
                            gint64             before_ms)
{
  guint kept = 0, removed;

  g_return_val_if_fail (SCALYR_IS_METRIC_STORE (self), 0);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->order->len; i++)
    {
      Series *s = g_ptr_array_index (self->order, i);

      if (s->timestamp_ms >= before_ms)
        self->order->pdata[kept++] = s;
      else
        g_hash_table_remove (self->series, s->key);   /* releases it */
    }
  removed = self->order->len - kept;
  g_ptr_array_set_size (self->order, kept);
  if (removed > 0)
    g_hash_table_remove_all (self->dropped);
  g_mutex_unlock (&self->lock);
  return removed;
}
