/* test-metric-store.c: ScalyrMetricStore, fed by a ScalyrAgentLogger as a
 * monitor feeds it: bounds, latest values, labels, the blacklist, the rate
 * limit, string values, and a writer thread beside a reader thread
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "test-helpers.h"

typedef struct {
  ScalyrAgentLogger *logger;
  TestSink *sink;
  ScalyrMetricStore *store;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->logger = scalyr_agent_logger_new ("scalyr_agent.builtin_monitors.test_monitor", "x");
  f->sink = test_sink_new ();
  f->store = scalyr_metric_store_new (GPOINTER_TO_UINT (data) != 0 ? GPOINTER_TO_UINT (data) : 100);
  scalyr_agent_logger_set_metric_sink (f->logger, SCALYR_LOG_SINK (f->sink));
  scalyr_agent_logger_set_diagnostic_sink (f->logger, SCALYR_LOG_SINK (f->sink));
  scalyr_agent_logger_set_metric_store (f->logger, f->store);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  (void) data;
  g_object_unref (f->logger);
  g_object_unref (f->sink);
  g_object_unref (f->store);
}

/* the samples of @store as compact JSON text */
static char *
samples_text (ScalyrMetricStore *store)
{
  g_autoptr(JsonNode) node = scalyr_metric_store_dup_samples (store);

  return json_to_string (node, FALSE);
}

static JsonObject *
find_sample (JsonNode   *samples,
             const char *name)
{
  JsonArray *array = json_node_get_array (samples);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "name"), name))
      return json_array_get_object_element (array, i);
  return NULL;
}

/* limit + 1 series: one dropped, counted once however often it comes */
static void
test_bounds (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();

  (void) data;
  g_assert_cmpuint (scalyr_metric_store_get_max_series (f->store), ==, 3);
  for (int round = 0; round < 5; round++)
    for (int i = 0; i < 4; i++)
      {
        scalyr_extra_fields_set_int (fields, "cpu", i);
        g_assert_true (scalyr_agent_logger_emit_int (f->logger, "busy", round, fields, &error));
        g_assert_no_error (error);
      }
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 3);
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (f->store), ==, 1);
  /* the dropped series' lines are written all the same */
  g_assert_nonnull (strstr (f->sink->data->str, "busy 4 cpu=3"));

  /* another new series: two dropped */
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "idle", 1, NULL, &error));
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (f->store), ==, 2);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 3);
  {
    g_autofree char *text = samples_text (f->store);
    g_assert_null (strstr (text, "\"cpu\":\"3\""));
    g_assert_null (strstr (text, "idle"));
  }
  {
    guint64 dropped = 0;
    guint n = 0;

    g_object_get (f->store, "series-dropped", &dropped, "n-series", &n, NULL);
    g_assert_cmpuint (dropped, ==, 2);
    g_assert_cmpuint (n, ==, 3);
  }
}

/* a series of a label value of a megabyte, new every sample, is not kept:
 * max-series alone bounded the number of series, not their size (2000 of
 * them took gigabytes, served on every scrape) */
static void
test_long_series (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();
  g_autofree char *huge = g_strnfill (1 << 20, 'x');
  g_autofree char *long_enough = g_strnfill (5000, 'y');

  (void) data;
  for (int sample = 0; sample < 3; sample++)
    {
      huge[0] = (char) ('a' + sample);
      scalyr_extra_fields_set_string (fields, "cmdline", huge);
      g_assert_true (scalyr_agent_logger_emit_int (f->logger, "rss", sample, fields, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 0);
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (f->store), ==, 3);
  /* its lines are written all the same */
  g_assert_cmpuint (f->sink->data->len, >, 3u << 20);

  /* a long, not absurd, label value is kept */
  scalyr_extra_fields_set_string (fields, "cmdline", long_enough);
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "rss", 7, fields, &error));
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 1);
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (f->store), ==, 3);
}

/* a series keeps its latest value and the time of its line */
static void
test_latest_wins (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) samples = NULL;
  JsonObject *s;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "load", g_variant_new_double (0.5), NULL,
                                                      1700000000000, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "load", g_variant_new_double (1.25), NULL,
                                                      1700000001000, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "requests", 41, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_uint (f->logger, "requests", G_GUINT64_CONSTANT (42), NULL, &error));
  g_assert_no_error (error);
  samples = scalyr_metric_store_dup_samples (f->store);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (samples)), ==, 2);
  s = find_sample (samples, "load");
  g_assert_cmpfloat (json_object_get_double_member (s, "value"), ==, 1.25);
  g_assert_cmpint (json_object_get_int_member (s, "timestamp_ms"), ==, 1700000001000);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (s, "labels")), ==, 0);
  s = find_sample (samples, "requests");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (s, "value")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (s, "value"), ==, 42);
  /* now, when the line gives no time */
  g_assert_cmpint (llabs (json_object_get_int_member (s, "timestamp_ms") - g_get_real_time () / 1000), <, 60000);
}

/* labels: the fields as written (sorted, names repaired), values as text */
static void
test_labels (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) samples = NULL;
  g_autofree char *labels = NULL;
  JsonObject *s;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "temp", g_variant_new_double (21.5),
                                                 g_variant_new_parsed ("{'zone': <'caf\u00e9 \"north\"\\\\n'>, "
                                                                       "'ratio': <0.1>, 'cpu': <int64 7>, "
                                                                       "'on': <true>, 'bad name': <'x'>}"),
                                                 &error));
  g_assert_no_error (error);
  samples = scalyr_metric_store_dup_samples (f->store);
  s = find_sample (samples, "temp");
  labels = json_to_string (json_object_get_member (s, "labels"), FALSE);
  g_assert_cmpstr (labels, ==,
                   "{\"bad_name\":\"x\",\"cpu\":\"7\",\"on\":\"true\",\"ratio\":\"0.1\","
                   "\"zone\":\"caf\u00e9 \\\"north\\\"\\\\n\"}");
  /* the same fields set in another order are the same series */
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "temp", g_variant_new_double (22.0),
                                                 g_variant_new_parsed ("{'on': <true>, 'cpu': <int64 7>, "
                                                                       "'ratio': <0.1>, 'bad name': <'x'>, "
                                                                       "'zone': <'caf\u00e9 \"north\"\\\\n'>}"),
                                                 &error));
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 1);
  /* a repaired metric name is kept as the line writes it */
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "1st+try", 3, NULL, &error));
  g_clear_pointer (&samples, json_node_unref);
  samples = scalyr_metric_store_dup_samples (f->store);
  g_assert_nonnull (find_sample (samples, "sa_1st_try"));
  g_assert_cmpfloat (json_object_get_double_member (find_sample (samples, "temp"), "value"), ==, 22.0);
}

/* booleans are 1 and 0; strings are counted, not kept; the blacklist is
 * not kept; NaN and infinities are */
static void
test_value_kinds (Fixture      *f,
                  gconstpointer data)
{
  const char * const blacklist[] = { "secret", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) samples = NULL;
  JsonObject *s;

  (void) data;
  scalyr_agent_logger_set_metric_name_blacklist (f->logger, blacklist);
  g_assert_true (scalyr_agent_logger_emit_boolean (f->logger, "up", TRUE, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_boolean (f->logger, "down", FALSE, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_string (f->logger, "state", "ok", NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "secret", 7, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_double (f->logger, "ratio", INFINITY, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_double (f->logger, "nothing", NAN, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "big", g_variant_new_uint64 (G_MAXUINT64), NULL, &error));
  g_assert_no_error (error);
  samples = scalyr_metric_store_dup_samples (f->store);
  g_assert_cmpint (json_object_get_int_member (find_sample (samples, "up"), "value"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (find_sample (samples, "down"), "value"), ==, 0);
  g_assert_null (find_sample (samples, "state"));
  g_assert_null (find_sample (samples, "secret"));
  g_assert_cmpuint (scalyr_metric_store_get_strings_skipped (f->store), ==, 1);
  s = find_sample (samples, "ratio");
  g_assert_true (isinf (json_object_get_double_member (s, "value")));
  g_assert_true (isnan (json_object_get_double_member (find_sample (samples, "nothing"), "value")));
  g_assert_cmpfloat (json_object_get_double_member (find_sample (samples, "big"), "value"), ==, 18446744073709551615.0);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 5);
}

/* a line the metric log's rate limit drops is kept all the same */
static void
test_rate_limited (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) samples = NULL;

  (void) data;
  scalyr_log_sink_set_rate_limit (SCALYR_LOG_SINK (f->sink), 1, 100);
  for (int i = 1; i <= 50; i++)
    g_assert_true (scalyr_agent_logger_emit_int (f->logger, "tick", i, NULL, &error));
  g_assert_cmpuint (scalyr_log_sink_get_lines_dropped (SCALYR_LOG_SINK (f->sink)), >, 0);
  g_assert_null (strstr (f->sink->data->str, "tick 50"));
  samples = scalyr_metric_store_dup_samples (f->store);
  g_assert_cmpint (json_object_get_int_member (find_sample (samples, "tick"), "value"), ==, 50);
}

/* a line naming another monitor id is a series of its own, with that id */
static void
test_monitor_id_override (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) samples = NULL;
  JsonArray *array;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "n", 1, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "n", g_variant_new_int32 (2), NULL, 0, "other",
                                                      &error));
  samples = scalyr_metric_store_dup_samples (f->store);
  array = json_node_get_array (samples);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_false (json_object_has_member (json_array_get_object_element (array, 0), "monitor_id"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "monitor_id"), ==,
                   "other");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "value"), ==, 2);
}

/* without a store the logger keeps nothing, and a store can be shared by
 * its property */
static void
test_no_store (void)
{
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("m", NULL);
  g_autoptr(TestSink) sink = test_sink_new ();
  g_autoptr(ScalyrMetricStore) store = scalyr_metric_store_new (1);
  g_autoptr(ScalyrMetricStore) got = NULL;

  scalyr_agent_logger_set_metric_sink (logger, SCALYR_LOG_SINK (sink));
  g_assert_null (scalyr_agent_logger_get_metric_store (logger));
  g_assert_true (scalyr_agent_logger_emit_int (logger, "a", 1, NULL, NULL));
  g_object_set (logger, "metric-store", store, NULL);
  g_object_get (logger, "metric-store", &got, NULL);
  g_assert_true (got == store);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (store), ==, 0);
  g_assert_true (scalyr_agent_logger_emit_int (logger, "a", 2, NULL, NULL));
  g_assert_cmpuint (scalyr_metric_store_get_n_series (store), ==, 1);
}

/* the monitor's thread writes while another reads the store once a
 * millisecond: every snapshot is whole and no value goes back */
#define N_SERIES 50
#define N_ROUNDS 2000

typedef struct {
  ScalyrAgentLogger *logger;
  gint done;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();

  for (gint64 round = 1; round <= N_ROUNDS; round++)
    for (int i = 0; i < N_SERIES; i++)
      {
        scalyr_extra_fields_set_int (fields, "i", i);
        g_assert_true (scalyr_agent_logger_emit_int (w->logger, "counter", round, fields, NULL));
      }
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

static void
test_concurrent (Fixture      *f,
                 gconstpointer data)
{
  Writer w = { f->logger, 0 };
  gint64 last[N_SERIES] = { 0 };
  guint snapshots = 0;
  GThread *thread;
  gboolean finished = FALSE;

  (void) data;
  /* a sink that keeps nothing would do as well: drop everything */
  scalyr_log_sink_set_rate_limit (SCALYR_LOG_SINK (f->sink), 0, 0);
  thread = g_thread_new ("writer", writer_thread, &w);
  while (!finished)
    {
      g_autoptr(JsonNode) samples = NULL;
      JsonArray *array;

      finished = g_atomic_int_get (&w.done);
      samples = scalyr_metric_store_dup_samples (f->store);
      array = json_node_get_array (samples);
      g_assert_cmpuint (json_array_get_length (array), <=, N_SERIES);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *s = json_array_get_object_element (array, i);
          gint64 index = g_ascii_strtoll (json_object_get_string_member (json_object_get_object_member (s, "labels"),
                                                                         "i"), NULL, 10);
          gint64 value = json_object_get_int_member (s, "value");

          g_assert_cmpint (index, ==, i);
          g_assert_cmpint (value, >=, last[index]);
          last[index] = value;
        }
      snapshots++;
      g_usleep (1000);
    }
  g_thread_join (thread);
  for (int i = 0; i < N_SERIES; i++)
    g_assert_cmpint (last[i], ==, N_ROUNDS);
  g_assert_cmpuint (snapshots, >, 1);
  g_test_message ("%u snapshots while %d lines were written", snapshots, N_SERIES * N_ROUNDS);
}

/* expire: series not written since a time go, their room is free again,
 * a snapshot taken before still reads them; written again, they return */
static void
test_expire (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;

  (void) data;
  for (gint64 count = 1; count <= 3; count++)
    g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "churn", g_variant_new_int64 (count),
                                                        g_variant_new_parsed ("{'count': <%x>}", count),
                                                        1700000000000 + count * 1000, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "fourth", g_variant_new_int64 (4), NULL,
                                                      1700000000000 + 4000, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 3);   /* the limit: 3 */
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (f->store), ==, 1);
  before = scalyr_metric_store_dup_samples (f->store);
  /* the first two are older than count 3's line */
  g_assert_cmpuint (scalyr_metric_store_expire (f->store, 1700000000000 + 3000), ==, 2);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (before)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (before), 0),
                                                  "name"), ==, "churn");
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "fourth", g_variant_new_int64 (4), NULL,
                                                      1700000000000 + 5000, NULL, &error));
  after = scalyr_metric_store_dup_samples (f->store);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==, 2);
  g_assert_nonnull (find_sample (after, "fourth"));
  g_assert_cmpuint (scalyr_metric_store_expire (f->store, 0), ==, 0);
  g_assert_cmpuint (scalyr_metric_store_expire (f->store, G_MAXINT64), ==, 2);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (f->store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/metric-store/bounds", Fixture, GUINT_TO_POINTER (3), fixture_setup, test_bounds, fixture_teardown);
  g_test_add ("/metric-store/long-series", Fixture, NULL, fixture_setup, test_long_series, fixture_teardown);
  g_test_add ("/metric-store/latest-wins", Fixture, NULL, fixture_setup, test_latest_wins, fixture_teardown);
  g_test_add ("/metric-store/labels", Fixture, NULL, fixture_setup, test_labels, fixture_teardown);
  g_test_add ("/metric-store/value-kinds", Fixture, NULL, fixture_setup, test_value_kinds, fixture_teardown);
  g_test_add ("/metric-store/rate-limited", Fixture, NULL, fixture_setup, test_rate_limited, fixture_teardown);
  g_test_add ("/metric-store/monitor-id-override", Fixture, NULL, fixture_setup, test_monitor_id_override,
              fixture_teardown);
  g_test_add ("/metric-store/expire", Fixture, GUINT_TO_POINTER (3), fixture_setup, test_expire, fixture_teardown);
  g_test_add_func ("/metric-store/no-store", test_no_store);
  g_test_add ("/metric-store/concurrent", Fixture, NULL, fixture_setup, test_concurrent, fixture_teardown);
  return g_test_run ();
}
