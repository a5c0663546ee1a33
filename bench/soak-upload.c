/* soak-upload.c: the addEvents server away for a long time while lines are written
 * SPDX-License-Identifier: Apache-2.0
 *
 *   soak-upload [--down SECS] [--rate LINES_PER_SEC] [--request-size BYTES]
 *               [--max-backoff SECS]
 *
 * Copies a growing file to the mock server (in this process), takes the
 * server down for SECS while lines keep coming, brings it back and checks
 * that every line arrives exactly once, in order. Prints the RSS during the
 * outage: it must not grow with the backlog. Exit status 0 on success. */
#include <scalyrmon-upload.h>
#include "mock-addevents.h"

#include <glib/gstdio.h>
#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif
#ifndef UNDER_ASAN
# define UNDER_ASAN 0
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What was written stays in the file only, so that the RSS measured is
 * the uploader's. */
typedef struct {
  char    *path;
  guint64  written;
  guint    per_tick;
  guint64  n;
} Writer;

static gboolean
write_tick (gpointer data)
{
  Writer *w = data;
  FILE *fp = fopen (w->path, "ab");
  for (guint i = 0; i < w->per_tick; i++)
    {
      char line[160];
      int len = snprintf (line, sizeof line, "%" G_GUINT64_FORMAT " GET /soak/%" G_GUINT64_FORMAT
                          " 200 \"Mozilla/5.0\" some padding text\n", w->n, w->n * 7919 % 100003);
      fwrite (line, 1, (size_t) len, fp);
      w->written += (guint64) len;
      w->n++;
    }
  fclose (fp);
  return G_SOURCE_CONTINUE;
}

static long
rss_kib (void)
{
  FILE *fp = fopen ("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (fp != NULL && fgets (line, sizeof line, fp) != NULL)
    if (strncmp (line, "VmRSS:", 6) == 0)
      v = strtol (line + 6, NULL, 10);
  if (fp != NULL)
    fclose (fp);
  return v;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (double secs)
{
  gboolean done = FALSE;
  g_timeout_add ((guint) (secs * 1000), flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char **argv)
{
  double down = 1200, max_backoff = 30;
  guint rate = 1000, request_size = 5900000;
  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--down"))
        down = atof (argv[i + 1]);
      else if (g_str_equal (argv[i], "--rate"))
        rate = (guint) atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--request-size"))
        request_size = (guint) atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--max-backoff"))
        max_backoff = atof (argv[i + 1]);
    }

  g_autofree char *dir = g_dir_make_tmp ("soak-upload-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  Writer w = { g_build_filename (dir, "soak.log", NULL), 0, MAX (1u, rate / 100), 0 };
  FILE *fp = fopen (w.path, "w");
  fclose (fp);

  MockServer *mock = mock_server_new ("soak-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  ScalyrUploader *up = g_object_new (SCALYR_TYPE_UPLOADER, "server-url", url, "api-key", "soak-key",
                                     "data-dir", data, "max-request-spacing", 0.2,
                                     "max-request-size", request_size, "max-backoff", max_backoff,
                                     "line-completion-wait", 0.5, NULL);
  g_autoptr(GError) error = NULL;
  if (!scalyr_uploader_add_log (up, w.path, "soak", NULL, FALSE, &error) || !scalyr_uploader_start (up, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  guint writer = g_timeout_add (10, write_tick, &w);
  run_for (1);

  printf ("server down for %.0f s, %u lines/s\n", down, rate);
  mock_server_set_down (mock, TRUE);
  long rss_first = 0, rss_max = 0;
  gint64 t_down = g_get_monotonic_time ();
  while ((double) (g_get_monotonic_time () - t_down) / 1e6 < down)
    {
      run_for (MIN (1.0, down));
      long rss = rss_kib ();
      if (rss_first == 0 && g_get_monotonic_time () - t_down > 2 * G_USEC_PER_SEC)
        rss_first = rss;
      rss_max = MAX (rss_max, rss);
    }
  guint64 backlog = w.written;
  mock_server_set_down (mock, FALSE);
  gint64 t_up = g_get_monotonic_time ();
  run_for (1);
  g_source_remove (writer);

  gboolean ok = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64) ((max_backoff * 2 + 120) * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *got = mock_server_get_text (mock, w.path);
      if (strlen (got) >= w.written)
        {
          g_autofree char *expected = NULL;
          ok = g_file_get_contents (w.path, &expected, NULL, NULL) && g_str_equal (got, expected);
          break;
        }
      run_for (0.2);
    }
  double catch_up = (double) (g_get_monotonic_time () - t_up) / 1e6;
  printf ("  %" G_GUINT64_FORMAT " lines (%.1f MiB, %.1f MiB written while down)\n", w.n,
          (double) w.written / 1048576.0, (double) backlog / 1048576.0);
  printf ("  RSS during the outage: %ld KiB after 2 s, %ld KiB at most (the mock holds nothing then)\n",
          rss_first, rss_max);
  printf ("  everything arrived %.1f s after the server came back: %s; %u duplicates dropped\n",
          catch_up, ok ? "yes, once each, in order" : "NO", mock_server_get_duplicates (mock));
  if (mock_server_get_error (mock) != NULL)
    {
      printf ("  invalid request: %s\n", mock_server_get_error (mock));
      ok = FALSE;
    }
  /* Bounded memory: the backlog stays in the file. (Not judged under
   * AddressSanitizer, whose quarantine keeps freed memory resident.) */
  if (!UNDER_ASAN && rss_first > 0 && rss_max - rss_first > 4096)
    {
      printf ("  RSS grew by %ld KiB during the outage\n", rss_max - rss_first);
      ok = FALSE;
    }

  scalyr_uploader_stop (up);
  g_object_unref (up);
  mock_server_free (mock);
  g_unlink (w.path);
  g_autofree char *cp = g_build_filename (data, "checkpoints.json", NULL);
  g_unlink (cp);
  g_rmdir (data);
  g_rmdir (dir);
  g_free (w.path);
  return ok ? 0 : 1;
}
