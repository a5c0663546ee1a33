/* test-man-agent-json: the generated scalyr-agent.json(5) documents every
 * field of the configuration schema, in its section
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-agent-config.h"
#include "scalyr-agent-config-schema-private.h"

#include <string.h>

static char *page;

/* @text as the generator writes it in roff */
static char *
roff (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "\\", "\\e", 0);
  g_string_replace (out, "-", "\\-", 0);
  return g_strdup (out->str);
}

static void
test_sections (void)
{
  static const char * const required[] = {
    ".SH NAME\n", ".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH FIELDS\n", ".SH MONITORS\n", ".SH LOGS\n",
    ".SH FILES\n", ".SH EXAMPLES\n", ".SH SEE ALSO\n",
  };
  const char *last = page;

  for (gsize i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *at = strstr (page, required[i]);

      if (at == NULL || at < last)
        g_error ("section %s is missing or out of order in scalyr-agent.json(5)", required[i]);
      last = at;
    }
  g_assert_null (strstr (page, "@AGENT_FIELDS@"));
  g_assert_null (strstr (page, "@VERSION@"));
}

/* every field, with its type line, documentation and example, between its
 * section's heading and the next one */
static void
test_every_field (void)
{
  static const char * const headings[] = { ".SH FIELDS\n", ".SH MONITORS\n", ".SH LOGS\n", ".SH FILES\n" };
  guint count = 0;

  for (ScalyrAgentConfigSection s = SCALYR_AGENT_CONFIG_SECTION_AGENT; s <= SCALYR_AGENT_CONFIG_SECTION_LOG; s++)
    {
      GPtrArray *declarations = scalyr_agent_config_schema_section (s);
      const char *from = strstr (page, headings[s]);
      const char *to = strstr (page, headings[s + 1]);

      g_assert_nonnull (from);
      g_assert_nonnull (to);
      for (guint i = 0; i < declarations->len; i++, count++)
        {
          ScalyrMonitorOption *option = g_ptr_array_index (declarations, i);
          const char *name = scalyr_monitor_option_get_name (option);
          g_autofree char *item = g_strdup_printf (".TP\n.B %s\n", name);
          g_autofree char *plain = scalyr_agent_config_schema_describe (s, option);
          g_autofree char *described = roff (plain);
          g_autofree char *example = scalyr_agent_config_schema_dup_example (s, option);
          g_autofree char *body = NULL;
          g_autofree char *doc = roff (scalyr_monitor_option_get_description (option));
          const char *at = g_strstr_len (from, to - from, item);
          const char *next;

          if (at == NULL)
            g_error ("field \"%s\" is not in its section (%s) of scalyr-agent.json(5)", name, headings[s]);
          at += strlen (item);
          next = strstr (at, ".TP\n");
          body = g_strndup (at, (next != NULL && next < to ? next : to) - at);
          if (!g_str_has_prefix (body, described))
            g_error ("field \"%s\": its type, default and range are not given:\n%s", name, body);
          if (strstr (body, doc) == NULL)
            g_error ("field \"%s\": its documentation is not given:\n%s", name, body);
          if (example != NULL)
            {
              g_autofree char *shown = roff (example);
              if (strstr (body, shown) == NULL)
                g_error ("field \"%s\": its example %s is not given:\n%s", name, example, body);
            }
        }
    }
  g_assert_cmpuint (count, >, 80);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_file_get_contents (g_getenv ("AGENT_JSON_MAN"), &page, NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/man/agent-json/sections", test_sections);
  g_test_add_func ("/man/agent-json/every-field", test_every_field);
  status = g_test_run ();
  g_free (page);
  return status;
}
