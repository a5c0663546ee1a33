/* addevents-test-server.c: the mock addEvents server for the tests of the
 * bindings (Python, GJS)
 * SPDX-License-Identifier: Apache-2.0
 *
 * Serves on 127.0.0.1 (validating each request), prints its URL on a line
 * of stdout, and at SIGTERM or SIGINT, or after LIFETIME seconds, prints
 * on stdout what it received for LOG_PATH as one line of JSON and exits
 * (at once when its parent dies):
 *
 *   {"messages": [...], "requests": N, "duplicates": N, "error": null}
 *
 * "messages" are the messages of the events of LOG_PATH in the order
 * received, an event sent again (same si and sn) kept once; "duplicates"
 * counts those sent again; "error" is the first request that failed validation.
 *
 *   addevents-test-server TOKEN LOG_PATH [LIFETIME] */
#include "mock-addevents.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  if (argc < 3 || argc > 4)
    {
      fprintf (stderr, "usage: addevents-test-server TOKEN LOG_PATH [LIFETIME]\n");
      return 2;
    }
  /* Not past the test that started it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () == 1)
    return 1;
  guint lifetime = argc == 4 ? (guint) strtoul (argv[3], NULL, 10) : 120;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  MockServer *mock = mock_server_new (argv[1], TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  printf ("%s\n", url);
  fflush (stdout);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_timeout_add_seconds (lifetime, quit_cb, loop);
  g_main_loop_run (loop);

  g_autoptr(JsonBuilder) jb = json_builder_new ();
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "messages");
  json_builder_begin_array (jb);
  GPtrArray *events = mock_server_get_log (mock, argv[2]);
  for (guint i = 0; events != NULL && i < events->len; i++)
    json_builder_add_string_value (jb, ((MockEvent *) events->pdata[i])->message);
  json_builder_end_array (jb);
  json_builder_set_member_name (jb, "requests");
  json_builder_add_int_value (jb, mock_server_get_requests (mock));
  json_builder_set_member_name (jb, "duplicates");
  json_builder_add_int_value (jb, mock_server_get_duplicates (mock));
  json_builder_set_member_name (jb, "error");
  if (mock_server_get_error (mock) != NULL)
    json_builder_add_string_value (jb, mock_server_get_error (mock));
  else
    json_builder_add_null_value (jb);
  json_builder_end_object (jb);
  g_autoptr(JsonNode) root = json_builder_get_root (jb);
  g_autofree char *text = json_to_string (root, FALSE);
  printf ("%s\n", text);
  fflush (stdout);
  mock_server_free (mock);
  return 0;
}
