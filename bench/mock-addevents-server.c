/* mock-addevents-server.c: the tests' addEvents server as a program
 * SPDX-License-Identifier: Apache-2.0
 *
 * For benchmarks of scalyr-agent uploading: prints its URL on stdout and
 * answers success until SIGTERM or SIGINT, then prints the requests,
 * events and bytes it received on stderr.
 *
 *   mock-addevents-server TOKEN [--validate]
 *
 * With --validate each body is checked against the protocol's schema and
 * its events are counted (tests/installed/test-installed.sh). */
#include "mock-addevents.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  gboolean validate = argc == 3 && strcmp (argv[2], "--validate") == 0;

  if (argc != 2 && !validate)
    {
      fprintf (stderr, "usage: mock-addevents-server TOKEN [--validate]\n");
      return 1;
    }
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  MockServer *mock = mock_server_new (argv[1], validate);
  g_autofree char *url = mock_server_get_url (mock);
  printf ("%s\n", url);
  fflush (stdout);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  fprintf (stderr, "mock: %u requests, %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " bytes (%"
           G_GUINT64_FORMAT " decompressed)\n", mock_server_get_requests (mock), mock_server_get_events (mock),
           mock_server_get_bytes (mock), mock_server_get_raw_bytes (mock));
  mock_server_free (mock);
  return 0;
}
