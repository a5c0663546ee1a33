/* bench-bare.c: the floor for peak RSS: a program linking GLib, GIO and
 * json-glib that starts one thread and waits to be killed.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

static gpointer
idle_thread (gpointer data)
{
  (void) data;
  for (;;)
    g_usleep (G_USEC_PER_SEC);
  return NULL;
}

int
main (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"a\": 1}", NULL);

  g_type_ensure (G_TYPE_FILE);
  g_thread_new ("idle", idle_thread, NULL);
  printf ("ready %d\n", json_node_get_node_type (node));
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
  return 0;
}
