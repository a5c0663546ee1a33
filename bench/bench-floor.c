/* bench-floor.c: the shared-library floor of peak RSS, PSS and USS. One
 * source built five times (bench/meson.build), each linking one more layer
 * of the stack that scalyr-run-monitor stands on and calling one function of
 * each layer so that it is loaded and initialised:
 *   FLOOR_LEVEL 0  libc only (pthreads)
 *   FLOOR_LEVEL 1  + GLib (a GThread, a GMainLoop)
 *   FLOOR_LEVEL 2  + GObject, GModule (an object instantiated, a module opened)
 *   FLOOR_LEVEL 3  + GIO (the GIO types registered: G_TYPE_FILE)
 *   FLOOR_LEVEL 4  + json-glib (a document parsed), what bench-bare links
 * Each starts one thread besides the main one, as scalyr-run-monitor running
 * one monitor has, then idles until killed: bench/bench-floor.sh measures
 * them one at a time. Prints figures of nothing itself.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <locale.h>

#if FLOOR_LEVEL == 0
#include <pthread.h>
#include <unistd.h>

static void *
idle_thread (void *data)
{
  (void) data;
  for (;;)
    pause ();
  return NULL;
}

int
main (void)
{
  pthread_t thread;

  setlocale (LC_ALL, "");
  if (pthread_create (&thread, NULL, idle_thread, NULL) != 0)
    return 1;
  printf ("ready 0\n");
  fflush (stdout);
  for (;;)
    pause ();
  return 0;
}

#else
#include <glib.h>
#if FLOOR_LEVEL >= 2
#include <glib-object.h>
#include <gmodule.h>
#endif
#if FLOOR_LEVEL >= 3
#include <gio/gio.h>
#endif
#if FLOOR_LEVEL >= 4
#include <json-glib/json-glib.h>
#endif

static gpointer
idle_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);

  (void) data;
  g_main_loop_run (loop);
  return NULL;
}

int
main (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
#if FLOOR_LEVEL >= 2
  g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
  GModule *self = g_module_open (NULL, G_MODULE_BIND_LAZY);  /* kept open: the program idles until killed */

  g_object_set_data (object, "floor", self);   /* used (clang's -Wunused-variable on g_autoptr) */
#endif
#if FLOOR_LEVEL >= 4
  g_autoptr(JsonNode) node = json_from_string ("{\"a\": 1}", NULL);

  if (node == NULL || json_node_get_node_type (node) != JSON_NODE_OBJECT)
    return 1;
#endif

  setlocale (LC_ALL, "");
#if FLOOR_LEVEL >= 3
  g_type_ensure (G_TYPE_FILE);
#endif
  g_thread_unref (g_thread_new ("idle", idle_thread, NULL));
#if FLOOR_LEVEL >= 2
  g_assert (self != NULL);
#endif
  printf ("ready %d\n", FLOOR_LEVEL);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}
#endif
