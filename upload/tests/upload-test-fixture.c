/* upload-test-fixture.c: the fixture of the uploader tests: a temporary
 * directory, a mock addEvents server on 127.0.0.1, a logger whose
 * diagnostics are captured, and waiting helpers
 * SPDX-License-Identifier: Apache-2.0 */
#include "upload-test-fixture.h"

#include <glib/gstdio.h>
#include <string.h>

/* ---- a sink capturing the uploader's diagnostics ---- */

G_DEFINE_FINAL_TYPE (CaptureSink, capture_sink, SCALYR_TYPE_LOG_SINK)

static gboolean
capture_sink_write (ScalyrLogSink *sink, const char *data, gsize len, GError **error)
{
  (void) error;
  g_string_append_len (CAPTURE_SINK (sink)->data, data, (gssize) len);
  return TRUE;
}

static void
capture_sink_finalize (GObject *object)
{
  g_string_free (CAPTURE_SINK (object)->data, TRUE);
  G_OBJECT_CLASS (capture_sink_parent_class)->finalize (object);
}

static void
capture_sink_class_init (CaptureSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = capture_sink_finalize;
  SCALYR_LOG_SINK_CLASS (klass)->write = capture_sink_write;
}

static void
capture_sink_init (CaptureSink *self)
{
  self->data = g_string_new (NULL);
}

/* ---- fixture ---- */

void
fixture_setup (Fixture *f, gconstpointer data)
{
  (void) data;
  f->dir = g_dir_make_tmp ("upload-test-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->mock = mock_server_new (TOKEN, TRUE);
  f->url = mock_server_get_url (f->mock);
  f->sink = g_object_new (CAPTURE_TYPE_SINK, NULL);
  f->logger = scalyr_agent_logger_new ("uploader", NULL);
  scalyr_agent_logger_set_diagnostic_sink (f->logger, SCALYR_LOG_SINK (f->sink));
}

void
rm_rf (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}

void
fixture_teardown (Fixture *f, gconstpointer data)
{
  (void) data;
  /* The api key never reaches the diagnostics. */
  g_assert_null (strstr (f->sink->data->str, TOKEN));
  if (g_test_verbose ())
    g_printerr ("%s", f->sink->data->str);
  mock_server_free (f->mock);
  g_object_unref (f->logger);
  g_object_unref (f->sink);
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->url);
}

ScalyrUploader *
new_uploader (Fixture *f, const char *first_prop, ...)
{
  ScalyrUploader *up = g_object_new (SCALYR_TYPE_UPLOADER,
                                     "server-url", f->url,
                                     "api-key", TOKEN,
                                     "data-dir", f->data_dir,
                                     "logger", f->logger,
                                     "server-host", "test-host",
                                     "max-request-spacing", 0.05,
                                     "initial-backoff", 0.05,
                                     "max-backoff", 0.2,
                                     "request-timeout", 1u,
                                     "rescan-interval", 0.2,
                                     "line-completion-wait", 0.3,
                                     "log-deletion-delay", 0.2,
                                     NULL);
  if (first_prop != NULL)
    {
      va_list ap;
      va_start (ap, first_prop);
      g_object_set_valist (G_OBJECT (up), first_prop, ap);
      va_end (ap);
    }
  return up;
}

char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

void
append (const char *path, const char *text)
{
  FILE *fp = fopen (path, "ab");
  g_assert_nonnull (fp);
  fputs (text, fp);
  fclose (fp);
}

static gboolean
timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds; fails after @secs. */
void
run_until (gboolean (*cond) (gpointer), gpointer data, double secs)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (secs * 1000), timeout_flag, &timed_out);
  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (cond (data));
}

void
run_for (double secs)
{
  gboolean done = FALSE;
  g_timeout_add ((guint) (secs * 1000), timeout_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
text_arrived (gpointer data)
{
  TextWait *w = data;
  g_autofree char *got = mock_server_get_text (w->mock, w->path);
  return strlen (got) >= strlen (w->expected);
}

char *
file_contents (const char *path)
{
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

void
wait_text (Fixture *f, const char *path, const char *expected, double secs)
{
  TextWait w = { f->mock, path, expected };
  run_until (text_arrived, &w, secs);
  g_autofree char *got = mock_server_get_text (f->mock, path);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (mock_server_get_error (f->mock), ==, NULL);
}

static gboolean
all_acked (gpointer data)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (data);
  JsonArray *logs = json_object_get_array_member (json_node_get_object (status), "logs");
  for (guint i = 0; i < json_array_get_length (logs); i++)
    if (json_object_get_int_member (json_array_get_object_element (logs, i), "bytes_behind") != 0)
      return FALSE;
  return TRUE;
}

/* Until the uploader has processed the answers (the mock records first). */
void
wait_acked (ScalyrUploader *up)
{
  run_until (all_acked, up, 5);
}

