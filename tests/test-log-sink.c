/* test-log-sink.c: file and stream sinks, rotation, rate limiting
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "test-helpers.h"
#include "scalyr-log-sink-private.h"

#define SKIPPED(n) ".... Warning, skipped writing " #n " log lines due to limit set by `monitor_log_write_rate` option...\n"

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("scalyr-sink-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_file_append (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old line\n", -1, NULL));
  sink = scalyr_file_sink_new (path, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_true (scalyr_log_sink_write_line (sink, "one", -1));
  g_assert_true (scalyr_log_sink_write_line (sink, "two and more", 3));
  /* flush delay 0: every line is in the file at once */
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old line\none\ntwo\n");
  g_assert_cmpuint (scalyr_log_sink_get_lines_written (sink), ==, 2);
  g_assert_cmpstr (scalyr_file_sink_get_path (SCALYR_FILE_SINK (sink)), ==, path);

  scalyr_log_sink_close (sink);
  g_assert_false (scalyr_log_sink_write_line (sink, "after close", -1));
  g_assert_cmpuint (scalyr_log_sink_get_lines_dropped (sink), ==, 1);
  remove_tree (dir);
}

static void
test_file_open_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;

  sink = scalyr_file_sink_new ("/nonexistent-dir-for-test/m.log", 0, 2, &error);
  g_assert_null (sink);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir-for-test/m.log"));
}

static void
test_file_rotation (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.log", NULL);
  g_autofree char *p1 = g_strconcat (path, ".1", NULL);
  g_autofree char *p2 = g_strconcat (path, ".2", NULL);
  g_autofree char *p3 = g_strconcat (path, ".3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *c0 = NULL, *c1 = NULL, *c2 = NULL;

  /* lines of 10 bytes with the newline; rotation when a write would make
   * the file reach 30 bytes, so each file holds two lines */
  sink = scalyr_file_sink_new (path, 30, 2, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 9; i++)
    {
      char line[16];
      g_snprintf (line, sizeof line, "line %04d", i);
      g_assert_true (scalyr_log_sink_write_line (sink, line, -1));
    }
  scalyr_log_sink_close (sink);

  c0 = read_file (path);
  c1 = read_file (p1);
  c2 = read_file (p2);
  g_assert_cmpstr (c0, ==, "line 0008\n");
  g_assert_cmpstr (c1, ==, "line 0006\nline 0007\n");
  g_assert_cmpstr (c2, ==, "line 0004\nline 0005\n");
  g_assert_false (g_file_test (p3, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

static void
test_file_rotation_no_backups (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.log", NULL);
  g_autofree char *p1 = g_strconcat (path, ".1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *c0 = NULL;

  sink = scalyr_file_sink_new (path, 25, 0, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    g_assert_true (scalyr_log_sink_write_line (sink, "123456789", -1));
  scalyr_log_sink_close (sink);
  c0 = read_file (path);
  g_assert_cmpstr (c0, ==, "123456789\n");
  g_assert_false (g_file_test (p1, G_FILE_TEST_EXISTS));
  remove_tree (dir);
}

static void
test_flush_delay (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *c0 = NULL, *c1 = NULL, *c2 = NULL;

  test_clock_set_ms (1000000);
  sink = scalyr_file_sink_new (path, 0, 2, &error);
  g_assert_no_error (error);
  scalyr_log_sink_set_flush_delay (sink, 5);
  g_assert_cmpfloat (scalyr_log_sink_get_flush_delay (sink), ==, 5);
  /* the first line flushes (none for 5 s before), the next wait */
  g_assert_true (scalyr_log_sink_write_line (sink, "a", -1));
  g_assert_true (scalyr_log_sink_write_line (sink, "b", -1));
  c0 = read_file (path);
  g_assert_cmpstr (c0, ==, "a\n");
  test_clock_advance_secs (5);
  g_assert_true (scalyr_log_sink_write_line (sink, "c", -1));
  c1 = read_file (path);
  g_assert_cmpstr (c1, ==, "a\nb\nc\n");
  g_assert_true (scalyr_log_sink_write_line (sink, "d", -1));
  scalyr_log_sink_close (sink);
  c2 = read_file (path);
  g_assert_cmpstr (c2, ==, "a\nb\nc\nd\n");
  scalyr_clock_set_override (NULL, NULL);
  remove_tree (dir);
}

/* spec monitor-api.md 6 #25: burst 300, rate 0 */
static void
test_rate_limit_spec_example (void)
{
  g_autoptr(TestSink) sink = test_sink_new ();
  g_autofree char *long_line = g_strnfill (310, 'x');
  g_autofree char *out = NULL;

  test_clock_set_ms (0);
  scalyr_log_sink_set_rate_limit (SCALYR_LOG_SINK (sink), 0, 300);
  g_assert_cmpfloat (scalyr_log_sink_get_write_rate (SCALYR_LOG_SINK (sink)), ==, 0);
  g_assert_cmpfloat (scalyr_log_sink_get_max_write_burst (SCALYR_LOG_SINK (sink)), ==, 300);

  g_assert_true (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), "First message", -1));
  g_assert_false (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), long_line, -1));
  g_assert_false (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), long_line, -1));
  /* nothing is written at the moment of dropping */
  out = test_sink_take (sink);
  g_assert_cmpstr (out, ==, "First message\n");
  g_clear_pointer (&out, g_free);

  g_assert_true (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), "Second message", -1));
  out = test_sink_take (sink);
  g_assert_cmpstr (out, ==, SKIPPED (2) "Second message\n");
  g_clear_pointer (&out, g_free);

  /* what is left is exactly 300 - 13 - (warning + 14) characters: a line
   * that long fits, and then the bucket never refills: the next 100 lines
   * are all dropped however long we wait */
  {
    gsize left = 300 - 13 - (strlen (SKIPPED (2)) + 14);
    g_autofree char *fits = g_strnfill (left, 'z');

    g_assert_true (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), fits, -1));
    g_clear_pointer (&out, g_free);
    out = test_sink_take (sink);
    g_assert_cmpuint (strlen (out), ==, left + 1);
    g_clear_pointer (&out, g_free);
    for (int i = 0; i < 100; i++)
      {
        test_clock_advance_secs (10);
        g_assert_false (scalyr_log_sink_write_line (SCALYR_LOG_SINK (sink), "x", -1));
      }
    out = test_sink_take (sink);
    g_assert_cmpstr (out, ==, "");
  }
  g_assert_cmpuint (scalyr_log_sink_get_lines_written (SCALYR_LOG_SINK (sink)), ==, 3);
  g_assert_cmpuint (scalyr_log_sink_get_lines_dropped (SCALYR_LOG_SINK (sink)), ==, 102);
  scalyr_clock_set_override (NULL, NULL);
}

static void
test_rate_limit_refill (void)
{
  g_autoptr(TestSink) sink = test_sink_new ();
  ScalyrLogSink *s = SCALYR_LOG_SINK (sink);
  g_autofree char *out = NULL;

  test_clock_set_ms (0);
  /* 10 chars/s, bucket of 20 chars */
  scalyr_log_sink_set_rate_limit (s, 10, 20);
  g_assert_true (scalyr_log_sink_write_line (s, "0123456789", -1));
  g_assert_true (scalyr_log_sink_write_line (s, "0123456789", -1));
  g_assert_false (scalyr_log_sink_write_line (s, "x", -1));
  test_clock_advance_secs (1);
  /* refilled 10 chars: a 10-char line fits, but the warning must be paid too */
  g_assert_false (scalyr_log_sink_write_line (s, "0123456789", -1));
  g_assert_cmpuint (scalyr_log_sink_get_lines_dropped (s), ==, 2);

  /* a large burst after a long pause: bucket full again, warning + line charged together */
  scalyr_log_sink_set_rate_limit (s, 10, 200);
  test_clock_advance_secs (100);
  g_assert_true (scalyr_log_sink_write_line (s, "café", -1));
  out = test_sink_take (sink);
  g_assert_cmpstr (out, ==, "0123456789\n0123456789\n" SKIPPED (2) "café\n");
  g_clear_pointer (&out, g_free);

  /* characters, not bytes, are charged: 4 characters, 5 bytes */
  scalyr_log_sink_set_rate_limit (s, 0, 4);
  g_assert_true (scalyr_log_sink_write_line (s, "café", -1));
  g_assert_false (scalyr_log_sink_write_line (s, "x", -1));

  /* unlimited again: the pending drop is still reported, once */
  scalyr_log_sink_set_rate_limit (s, -1, -1);
  g_assert_cmpfloat (scalyr_log_sink_get_write_rate (s), <, 0);
  g_assert_true (scalyr_log_sink_write_line (s, "free", -1));
  g_assert_true (scalyr_log_sink_write_line (s, "free", -1));
  out = test_sink_take (sink);
  g_assert_cmpstr (out, ==, "café\n" SKIPPED (1) "free\nfree\n");
  scalyr_clock_set_override (NULL, NULL);
}

typedef struct {
  ScalyrLogSink *sink;
  int id;
} WriterData;

static gpointer
writer_thread (gpointer data)
{
  WriterData *w = data;

  for (int i = 0; i < 2000; i++)
    {
      char line[64];
      g_snprintf (line, sizeof line, "writer %d line %d", w->id, i);
      scalyr_log_sink_write_line (w->sink, line, -1);
    }
  return NULL;
}

static void
test_concurrent_writers (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  WriterData data[4];
  GThread *threads[4];

  sink = scalyr_file_sink_new (path, 0, 2, &error);
  g_assert_no_error (error);
  scalyr_log_sink_set_flush_delay (sink, 1);
  for (int i = 0; i < 4; i++)
    {
      data[i].sink = sink;
      data[i].id = i;
      threads[i] = g_thread_new ("writer", writer_thread, &data[i]);
    }
  for (int i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  scalyr_log_sink_close (sink);

  contents = read_file (path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8001);   /* + the empty tail */
  for (int i = 0; i < 8000; i++)
    g_assert_true (g_str_has_prefix (lines[i], "writer "));
  remove_tree (dir);
}

/* ---- a sample's lines written together (scalyr-log-sink-private.h) ---- */

static ScalyrLogSink *
new_file_sink (const char *dir,
               char      **path)
{
  g_autoptr(GError) error = NULL;
  ScalyrLogSink *sink;

  *path = g_build_filename (dir, "m.log", NULL);
  sink = scalyr_file_sink_new (*path, 0, 2, &error);
  g_assert_no_error (error);
  return sink;
}

/* lines written inside a batch reach the file together at its end */
static void
test_batch_held_until_end (void)
{
  g_autofree char *dir = make_tmpdir (), *path = NULL;
  g_autoptr(ScalyrLogSink) sink = new_file_sink (dir, &path);
  g_autofree char *during = NULL, *after = NULL;

  scalyr_log_sink_begin_batch (sink);
  g_assert_true (scalyr_log_sink_write_line (sink, "a", -1));
  g_assert_true (scalyr_log_sink_write_line (sink, "b", -1));
  during = read_file (path);
  g_assert_cmpstr (during, ==, "");
  scalyr_log_sink_end_batch (sink);
  after = read_file (path);
  g_assert_cmpstr (after, ==, "a\nb\n");
  /* outside a batch a line goes out at once, as before */
  g_assert_true (scalyr_log_sink_write_line (sink, "c", -1));
  g_clear_pointer (&after, g_free);
  after = read_file (path);
  g_assert_cmpstr (after, ==, "a\nb\nc\n");
  g_clear_object (&sink);
  remove_tree (dir);
}

static gpointer
write_x (gpointer data)
{
  scalyr_log_sink_write_line (data, "x", -1);
  return NULL;
}

/* another thread's line is not held by this thread's batch (it takes the
 * held ones with it: lines are never reordered) */
static void
test_batch_other_thread (void)
{
  g_autofree char *dir = make_tmpdir (), *path = NULL;
  g_autoptr(ScalyrLogSink) sink = new_file_sink (dir, &path);
  g_autofree char *during = NULL, *after = NULL;

  scalyr_log_sink_begin_batch (sink);
  g_assert_true (scalyr_log_sink_write_line (sink, "a", -1));
  g_thread_join (g_thread_new ("writer", write_x, sink));
  during = read_file (path);
  g_assert_cmpstr (during, ==, "a\nx\n");
  g_assert_true (scalyr_log_sink_write_line (sink, "b", -1));
  scalyr_log_sink_end_batch (sink);
  after = read_file (path);
  g_assert_cmpstr (after, ==, "a\nx\nb\n");
  g_clear_object (&sink);
  remove_tree (dir);
}

/* a batch holds a line for at most a second: a long sample's lines go out
 * as it writes them */
static void
test_batch_bounded (void)
{
  g_autofree char *dir = make_tmpdir (), *path = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *c0 = NULL, *c1 = NULL;

  test_clock_set_ms (1000000);
  sink = new_file_sink (dir, &path);
  scalyr_log_sink_begin_batch (sink);
  g_assert_true (scalyr_log_sink_write_line (sink, "a", -1));
  c0 = read_file (path);
  g_assert_cmpstr (c0, ==, "");
  test_clock_advance_secs ((double) SCALYR_LOG_SINK_BATCH_MAX_USEC / G_USEC_PER_SEC);
  g_assert_true (scalyr_log_sink_write_line (sink, "b", -1));
  c1 = read_file (path);
  g_assert_cmpstr (c1, ==, "a\nb\n");
  scalyr_log_sink_end_batch (sink);
  scalyr_clock_set_override (NULL, NULL);
  g_clear_object (&sink);
  remove_tree (dir);
}

/* the end of a batch keeps monitor_log_flush_delay: lines wait for it */
static void
test_batch_flush_delay (void)
{
  g_autofree char *dir = make_tmpdir (), *path = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autofree char *c0 = NULL, *c1 = NULL;

  test_clock_set_ms (1000000);
  sink = new_file_sink (dir, &path);
  scalyr_log_sink_set_flush_delay (sink, 5);
  g_assert_true (scalyr_log_sink_write_line (sink, "a", -1));   /* flushed: none for 5 s */
  scalyr_log_sink_begin_batch (sink);
  g_assert_true (scalyr_log_sink_write_line (sink, "b", -1));
  scalyr_log_sink_end_batch (sink);
  c0 = read_file (path);
  g_assert_cmpstr (c0, ==, "a\n");
  test_clock_advance_secs (5);
  scalyr_log_sink_begin_batch (sink);
  g_assert_true (scalyr_log_sink_write_line (sink, "c", -1));
  scalyr_log_sink_end_batch (sink);
  c1 = read_file (path);
  g_assert_cmpstr (c1, ==, "a\nb\nc\n");
  scalyr_clock_set_override (NULL, NULL);
  g_clear_object (&sink);
  remove_tree (dir);
}

/* ---- a monitor's sample: its lines reach the metric log when it ends ---- */

#define TEST_TYPE_LINES_MONITOR (test_lines_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestLinesMonitor, test_lines_monitor, TEST, LINES_MONITOR, ScalyrMonitor)

struct _TestLinesMonitor
{
  ScalyrMonitor parent_instance;
  char *path;
  char *seen;      /* the metric log as the sample saw it before returning */
};

G_DEFINE_FINAL_TYPE (TestLinesMonitor, test_lines_monitor, SCALYR_TYPE_MONITOR)

static gboolean
test_lines_monitor_gather_sample (ScalyrMonitor *monitor,
                                  GError       **error)
{
  TestLinesMonitor *self = TEST_LINES_MONITOR (monitor);
  ScalyrAgentLogger *logger = scalyr_monitor_get_logger (monitor);

  for (int i = 0; i < 3; i++)
    if (!scalyr_agent_logger_emit_value (logger, "n", g_variant_new_int64 (i), NULL, error))
      return FALSE;
  g_free (self->seen);
  self->seen = read_file (self->path);
  return TRUE;
}

static void
test_lines_monitor_finalize (GObject *object)
{
  TestLinesMonitor *self = TEST_LINES_MONITOR (object);

  g_free (self->path);
  g_free (self->seen);
  G_OBJECT_CLASS (test_lines_monitor_parent_class)->finalize (object);
}

static void
test_lines_monitor_class_init (TestLinesMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_lines_monitor_finalize;
  SCALYR_MONITOR_CLASS (klass)->gather_sample = test_lines_monitor_gather_sample;
}

static void
test_lines_monitor_init (TestLinesMonitor *self)
{
  (void) self;
}

static void
test_batch_monitor_sample (void)
{
  g_autofree char *dir = make_tmpdir (), *path = NULL;
  g_autoptr(ScalyrLogSink) sink = new_file_sink (dir, &path);
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines = NULL;

  config = scalyr_monitor_config_new_from_string ("{}", NULL, &error);
  g_assert_no_error (error);
  logger = scalyr_agent_logger_new ("tests.lines", NULL);
  monitor = scalyr_monitor_new (TEST_TYPE_LINES_MONITOR, NULL, config, logger, 30, &error);
  g_assert_no_error (error);
  TEST_LINES_MONITOR (monitor)->path = g_strdup (path);
  scalyr_monitor_open_metric_log (monitor, sink);

  g_assert_true (scalyr_monitor_gather_sample (monitor, &error));
  g_assert_no_error (error);
  /* nothing was written while the sample ran; all three lines after */
  g_assert_cmpstr (TEST_LINES_MONITOR (monitor)->seen, ==, "");
  after = read_file (path);
  lines = g_strsplit (after, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_suffix (lines[0], "] n 0"));
  g_assert_true (g_str_has_suffix (lines[2], "] n 2"));
  g_clear_object (&monitor);
  g_clear_object (&sink);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/log-sink/file/append", test_file_append);
  g_test_add_func ("/log-sink/file/open-error", test_file_open_error);
  g_test_add_func ("/log-sink/file/rotation", test_file_rotation);
  g_test_add_func ("/log-sink/file/rotation-without-backups", test_file_rotation_no_backups);
  g_test_add_func ("/log-sink/file/flush-delay", test_flush_delay);
  g_test_add_func ("/log-sink/file/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/log-sink/rate-limit/spec-example", test_rate_limit_spec_example);
  g_test_add_func ("/log-sink/rate-limit/refill", test_rate_limit_refill);
  g_test_add_func ("/log-sink/batch/held-until-end", test_batch_held_until_end);
  g_test_add_func ("/log-sink/batch/other-thread", test_batch_other_thread);
  g_test_add_func ("/log-sink/batch/bounded", test_batch_bounded);
  g_test_add_func ("/log-sink/batch/flush-delay", test_batch_flush_delay);
  g_test_add_func ("/log-sink/batch/monitor-sample", test_batch_monitor_sample);
  return g_test_run ();
}
