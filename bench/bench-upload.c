/* bench-upload.c: ScalyrUploader throughput to the mock addEvents server
 * SPDX-License-Identifier: Apache-2.0
 *
 * Writes a log file of --mb MiB, forks the mock server (so that its CPU and
 * memory are not counted), copies the file from its start and prints lines/s,
 * MB/s, CPU seconds per MB and the peak RSS of the uploading process.
 *
 *   bench-upload [--mb 200] [--compression deflate|zstandard|none] [--level N] [--format raw|json|cri]
 *                [--request-size BYTES] */
#include <scalyrmon-upload.h>
#include "mock-addevents.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static double
cpu_secs (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
         + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

static long
rss_kib (const char *field)
{
  FILE *fp = fopen ("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (fp != NULL && fgets (line, sizeof line, fp) != NULL)
    if (strncmp (line, field, strlen (field)) == 0)
      v = strtol (line + strlen (field), NULL, 10);
  if (fp != NULL)
    fclose (fp);
  return v;
}

static gboolean
done_cb (gpointer data)
{
  ScalyrUploader *up = data;
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonArray *logs = json_object_get_array_member (json_node_get_object (status), "logs");
  return json_array_get_length (logs) > 0
         && json_object_get_int_member (json_array_get_object_element (logs, 0), "bytes_behind") == 0;
}

int
main (int argc, char **argv)
{
  int mb = 200;
  int level = -1;
  guint request_size = 5900000;
  const char *compression = "deflate";
  const char *format = "raw";
  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--mb"))
        mb = atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--compression"))
        compression = argv[i + 1];
      else if (g_str_equal (argv[i], "--level"))
        level = atoi (argv[i + 1]);
      else if (g_str_equal (argv[i], "--format"))
        format = argv[i + 1];
      else if (g_str_equal (argv[i], "--request-size"))
        request_size = (guint) atoi (argv[i + 1]);
    }

  g_autofree char *dir = g_dir_make_tmp ("bench-upload-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "app.log", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  FILE *fp = fopen (log, "w");
  guint64 bytes = 0, lines = 0;
  guint32 seed = 12345;
  static const char *paths[] = { "/index.html", "/api/v1/users", "/static/app.js", "/login", "/search?q=scalyr" };
  while (bytes < (guint64) mb * 1024 * 1024)
    {
      char line[512];
      seed = seed * 1103515245u + 12345u;
      /* The same access log line, raw, in Docker's json-file or as CRI. */
      const char *fmt = g_str_equal (format, "json")
        ? "{\"log\":\"10.0.%u.%u GET %s %u %u \\\"Mozilla/5.0 (X11; Linux x86_64)\\\" req=%08x\\n\","
          "\"stream\":\"stdout\",\"time\":\"2024-05-01T12:%02u:%02u.%03u456789Z\"}\n"
        : g_str_equal (format, "cri")
        ? "2024-05-01T12:%7$02u:%8$02u.%9$03u456789Z stdout F 10.0.%1$u.%2$u GET %3$s %4$u %5$u "
          "\"Mozilla/5.0 (X11; Linux x86_64)\" req=%6$08x\n"
        : "2024-05-01T12:%7$02u:%8$02u.%9$03uZ 10.0.%1$u.%2$u GET %3$s %4$u %5$u \"Mozilla/5.0 (X11; Linux x86_64)\" "
          "req=%6$08x\n";
      int n = snprintf (line, sizeof line, fmt,
                        (seed >> 20) % 256, (seed >> 12) % 256, paths[(seed >> 16) % 5], 200 + (seed >> 24) % 5 * 100,
                        (seed >> 10) % 50000, seed, (seed >> 8) % 60, (seed >> 14) % 60, (seed >> 4) % 1000);
      fwrite (line, 1, (size_t) n, fp);
      bytes += (guint64) n;
      lines++;
    }
  fclose (fp);

  int ports[2];
  if (pipe (ports) != 0)
    return 1;
  pid_t child = fork ();
  if (child == 0)
    {
      close (ports[0]);
      MockServer *mock = mock_server_new ("bench-key", FALSE);
      g_autofree char *url = mock_server_get_url (mock);
      if (write (ports[1], url, strlen (url) + 1) < 0)
        _exit (1);
      close (ports[1]);
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }
  close (ports[1]);
  char url[128] = { 0 };
  if (read (ports[0], url, sizeof url - 1) <= 0)
    return 1;
  close (ports[0]);

  ScalyrCompression comp;
  if (!scalyr_compression_from_string (compression, &comp))
    {
      g_printerr ("unknown compression %s\n", compression);
      return 2;
    }
  long rss_before = rss_kib ("VmRSS:");
  ScalyrUploader *up = g_object_new (SCALYR_TYPE_UPLOADER, "server-url", url, "api-key", "bench-key",
                                     "data-dir", data, "compression", comp, "compression-level", level,
                                     "max-request-spacing", 0.05,
                                     "max-request-size", request_size,
                                     "max-log-offset-size", G_MAXUINT64,
                                     "max-existing-log-offset-size", G_MAXUINT64, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *entry_json = g_strdup_printf ("{\"path\": \"%s\", \"parser\": \"bench\", \"copy_from_start\": true, "
                                                 "\"parse_format\": \"%s\"}", log, format);
  g_autoptr(JsonNode) entry = json_from_string (entry_json, &error);
  if (entry == NULL || !scalyr_uploader_add_log_entry (up, json_node_get_object (entry), &error)
      || !scalyr_uploader_start (up, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  double cpu0 = cpu_secs ();
  gint64 t0 = g_get_monotonic_time ();
  while (!done_cb (up))
    g_main_context_iteration (NULL, TRUE);
  double wall = (double) (g_get_monotonic_time () - t0) / 1e6;
  double cpu = cpu_secs () - cpu0;
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonObject *so = json_node_get_object (status);
  double sent = (double) json_object_get_int_member (so, "bytes_sent");
  scalyr_uploader_stop (up);
  g_object_unref (up);
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);

  double mib = (double) bytes / (1024.0 * 1024.0);
  printf ("format %s, ", format);
  printf ("compression %s, requests up to %u bytes: %.1f MiB, %" G_GUINT64_FORMAT " lines in %.2f s\n", compression, request_size, mib, lines, wall);
  printf ("  %.0f lines/s, %.1f MiB/s of log text, %.1f MiB sent (ratio %.1f)\n",
          (double) lines / wall, mib / wall, sent / (1024.0 * 1024.0), (double) bytes / MAX (sent, 1.0));
  printf ("  CPU %.2f s (%.1f ms per MiB, %.0f%% of one core)\n", cpu, cpu * 1000.0 / mib, 100.0 * cpu / wall);
  printf ("  RSS before start %ld KiB, peak %ld KiB\n", rss_before, rss_kib ("VmHWM:"));

  g_unlink (log);
  g_autofree char *cp = g_build_filename (data, "checkpoints.json", NULL);
  g_unlink (cp);
  g_rmdir (data);
  g_rmdir (dir);
  return 0;
}
