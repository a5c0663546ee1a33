/* scalyr-agent-json-man: makes scalyr-agent.json(5) from its prose
 * (scalyr-agent.json.5.in) and the configuration schema, so that every
 * field of agent.json is documented where it is declared, once.
 *
 *   scalyr-agent-json-man TEMPLATE OUTPUT VERSION
 *
 * The template's lines @AGENT_FIELDS@, @MONITOR_FIELDS@ and @LOG_FIELDS@
 * become the fields of the main file, of a monitors entry and of a logs
 * entry; @VERSION@ anywhere becomes VERSION.
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-agent-config.h"
#include "scalyr-agent-config-schema-private.h"
#include "scalyr-agent-config-unimplemented-private.h"

#include <stdio.h>
#include <stdlib.h>

/* @text as roff text: backslashes and dashes escaped, no line starting with
 * a control character */
static void
append_roff (GString    *out,
             const char *text)
{
  if (*text == '.' || *text == '\'')
    g_string_append (out, "\\&");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\e");
      else if (*p == '-')
        g_string_append (out, "\\-");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_fields (GString                 *out,
               ScalyrAgentConfigSection section)
{
  GPtrArray *declarations = scalyr_agent_config_schema_section (section);

  for (guint i = 0; i < declarations->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (declarations, i);
      const char *name = scalyr_monitor_option_get_name (option);
      g_autofree char *described = scalyr_agent_config_schema_describe (section, option);
      g_autofree char *example = scalyr_agent_config_schema_dup_example (section, option);

      g_string_append (out, ".TP\n.B ");
      append_roff (out, name);
      g_string_append (out, "\n");
      append_roff (out, described);
      g_string_append (out, ".\n.br\n");
      append_roff (out, scalyr_monitor_option_get_description (option));
      g_string_append (out, "\n");
      if (section == SCALYR_AGENT_CONFIG_SECTION_AGENT && scalyr_agent_config_unimplemented (name) != NULL)
        g_string_append (out, SCALYR_AGENT_CONFIG_UNUSED_NOTE "\n");
      if (example != NULL)
        {
          g_string_append (out, ".br\nExample: \\fB");
          append_roff (out, name);
          g_string_append (out, ": ");
          append_roff (out, example);
          g_string_append (out, "\\fR\n");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *line;
    ScalyrAgentConfigSection section;
  } places[] = {
    { "@AGENT_FIELDS@", SCALYR_AGENT_CONFIG_SECTION_AGENT },
    { "@MONITOR_FIELDS@", SCALYR_AGENT_CONFIG_SECTION_MONITOR },
    { "@LOG_FIELDS@", SCALYR_AGENT_CONFIG_SECTION_LOG },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out;

  if (argc != 4)
    {
      fprintf (stderr, "Usage: %s TEMPLATE OUTPUT VERSION\n", argv[0]);
      return EXIT_FAILURE;
    }
  if (!g_file_get_contents (argv[1], &template, NULL, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return EXIT_FAILURE;
    }
  lines = g_strsplit (template, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean placed = FALSE;

      for (gsize p = 0; p < G_N_ELEMENTS (places); p++)
        if (g_str_equal (lines[i], places[p].line))
          {
            append_fields (out, places[p].section);
            placed = TRUE;
          }
      if (placed)
        continue;
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  g_string_replace (out, "@VERSION@", argv[3], 0);
  if (!g_file_set_contents (argv[2], out->str, out->len, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      g_string_free (out, TRUE);
      return EXIT_FAILURE;
    }
  g_string_free (out, TRUE);
  return EXIT_SUCCESS;
}
