/* test-crash-restart.c: kill -9 of an uploading program at random points
 * SPDX-License-Identifier: Apache-2.0
 *
 * Two files grow while upload-driver copies them to the mock server; the
 * driver is killed with SIGKILL at random moments and restarted, 20 times.
 * Every line must arrive exactly once (resends under their original si/sn,
 * which the mock drops), in order, and the checkpoint file must always
 * parse. */
#include "mock-addevents.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#define ROUNDS 20

typedef struct {
  char    *paths[2];
  GString *expected[2];
  guint    n;
} Writer;

static void
append (const char *path, const char *text)
{
  FILE *fp = fopen (path, "ab");
  g_assert_nonnull (fp);
  fputs (text, fp);
  fclose (fp);
}

static gboolean
write_tick (gpointer data)
{
  Writer *w = data;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = g_strdup_printf ("file %u line %u %s\n", i, w->n,
                                               "padding padding padding padding padding padding");
      append (w->paths[i], line);
      g_string_append (w->expected[i], line);
    }
  w->n++;
  return G_SOURCE_CONTINUE;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_crash_restart (void)
{
  const char *driver = g_getenv ("UPLOAD_DRIVER");
  g_autofree char *dir = g_dir_make_tmp ("upload-crash-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *glob = g_build_filename (dir, "*.log", NULL);
  g_autofree char *cp = g_build_filename (data, "checkpoints.json", NULL);
  g_autoptr(MockServer) mock = mock_server_new ("crash-test-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  Writer w = { 0 };

  g_assert_nonnull (driver);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("c%u.log", i);
      w.paths[i] = g_build_filename (dir, name, NULL);
      w.expected[i] = g_string_new (NULL);
      append (w.paths[i], "");
    }
  guint writer = g_timeout_add (5, write_tick, &w);

  guint64 last_requests = 0;
  for (int round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                      driver, url, data, glob, NULL);
      g_assert_no_error (error);
      /* Once this run has sent something, at a random point after. */
      gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (mock_server_get_requests (mock) <= last_requests && g_get_monotonic_time () < until)
        run_for (5);
      g_assert_cmpuint (mock_server_get_requests (mock), >, last_requests);
      run_for ((guint) g_random_int_range (0, 300));
      g_subprocess_force_exit (proc);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_false (g_subprocess_get_if_exited (proc));

      /* The checkpoint is never half written. */
      if (g_file_test (cp, G_FILE_TEST_EXISTS))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_assert_true (json_parser_load_from_file (parser, cp, &error));
          g_assert_no_error (error);
        }
      last_requests = mock_server_get_requests (mock);
    }
  g_source_remove (writer);

  /* A last run, to the end. */
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                  driver, url, data, glob, NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *t0 = mock_server_get_text (mock, w.paths[0]);
      g_autofree char *t1 = mock_server_get_text (mock, w.paths[1]);
      if ((strlen (t0) >= w.expected[0]->len && strlen (t1) >= w.expected[1]->len)
          || g_get_monotonic_time () > deadline)
        break;
      run_for (50);
    }
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);

  g_assert_cmpstr (mock_server_get_error (mock), ==, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *got = mock_server_get_text (mock, w.paths[i]);
      g_assert_cmpstr (got, ==, w.expected[i]->str);
      g_string_free (w.expected[i], TRUE);
      g_unlink (w.paths[i]);
      g_free (w.paths[i]);
    }
  g_test_message ("%u requests, %u resent events dropped by (si, sn)",
                  mock_server_get_requests (mock), mock_server_get_duplicates (mock));
  /* At most one request's worth (8 KiB, < 80 events) per crash. */
  g_assert_cmpuint (mock_server_get_duplicates (mock), <=, 80 * ROUNDS);
  g_unlink (cp);
  g_rmdir (data);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload/crash-restart", test_crash_restart);
  return g_test_run ();
}
