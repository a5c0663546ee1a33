/* scalyr-tool-modules.c: `scalyr-agent list-monitors` and
 * `scalyr-run-monitor --list`: the modules of a registry, printed
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "scalyr-tool-modules.h"

void
scalyr_tool_list_modules (ScalyrMonitorRegistry *registry,
                          gboolean               names_only,
                          gboolean               json,
                          double                 load_timeout)
{
  g_autoptr(JsonNode) list = NULL;
  JsonArray *modules;

  if (names_only)
    {
      g_auto(GStrv) names = scalyr_monitor_registry_list_modules (registry);

      for (gsize i = 0; names[i] != NULL; i++)
        printf ("%s\n", names[i]);
      fflush (NULL);
      _exit (EXIT_SUCCESS);
    }
  list = scalyr_monitor_registry_describe_modules (registry, load_timeout);
  if (json)
    {
      g_autofree char *text = json_to_string (list, TRUE);
      printf ("%s\n", text);
      fflush (NULL);
      _exit (EXIT_SUCCESS);
    }
  modules = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *m = json_array_get_object_element (modules, i);
      const char *language = json_object_get_string_member (m, "language");

      printf ("%-32s %-10s ", json_object_get_string_member (m, "name"), language[0] != '\0' ? language : "-");
      if (json_object_has_member (m, "error"))
        printf (_("ERROR: %s\n"), json_object_get_string_member (m, "error"));
      else
        printf ("%s\n", json_object_get_string_member_with_default (m, "description", _("(no description)")));
    }
  /* a module stuck loading may hold a thread: no finalization */
  fflush (NULL);
  _exit (EXIT_SUCCESS);
}
