/* test-sample-config: scalyr-agent --sample-config against the schema and
 * scalyr-agent --check-config
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-agent-config.h"
#include "scalyr-agent-config-schema-private.h"

#include <glib/gstdio.h>
#include <string.h>

/* the program's private directory (the config, the log and data
 * directories) and scalyr-agent --sample-config, made once */
static struct {
  char *dir;
  char *sample;
} the;

/* runs scalyr-agent with @args, with the fixture's directories as the
 * defaults of agent_log_path and agent_data_path; returns the exit status */
static int
run_agent (const char * const *args,
           char       **out,
           char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *log_dir = g_build_filename (the.dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (the.dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) g_getenv ("SCALYR_AGENT"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "SCALYR_AGENT_LOG_PATH", log_dir, TRUE);
  env = g_environ_setenv (env, "SCALYR_AGENT_DATA_PATH", data_dir, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
set_up (void)
{
  static const char * const args[] = { "--sample-config", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  the.dir = g_dir_make_tmp ("sample-config-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sub = g_build_filename (the.dir, i == 0 ? "log" : "data", NULL);
      g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
    }
  g_assert_cmpint (run_agent (args, &the.sample, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* writes @text as the program's agent.json (0600), returns its path */
static char *
write_config (const char *text)
{
  g_autofree char *path = g_build_filename (the.dir, "agent.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static int
check_config (const char *text,
              char      **err)
{
  g_autofree char *path = write_config (text);
  const char * const args[] = { "--config", path, "--check-config", NULL };
  g_autofree char *out = NULL;

  return run_agent (args, &out, err);
}

/* the sample with the line that sets each field of @schema (the last
 * "  // name: " of the field: the lines before it describe it) uncommented */
static char *
uncomment_all (const char *sample,
               GPtrArray  *schema)
{
  char *text = g_strdup (sample);

  for (guint i = 0; i < schema->len; i++)
    {
      g_autofree char *marker = g_strdup_printf ("\n  // %s: ", scalyr_monitor_option_get_name (g_ptr_array_index (schema, i)));
      char *at = g_strrstr (text, marker);

      /* not g_assert_nonnull: it may return (non-fatal assertions), and
       * gcc -O3 then warns of the write below through NULL */
      if (at == NULL)
        g_error ("no \"%s\" in the sample", marker + 1);
      memcpy (at + 3, "  ", 2);   /* "\n  // " -> "\n     " */
    }
  return text;
}

/* the sample is relaxed JSON: an object whose fields are all commented out */
static void
test_parses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = scalyr_json_parse (the.sample, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 0);
  g_assert_true (g_str_has_suffix (the.sample, "}\n"));
}

/* every declaration of the schema, with its documentation: the file's own
 * fields commented out with a value, those of a monitors and a logs entry
 * listed */
static void
test_every_field (void)
{
  g_autoptr(GPtrArray) schema = scalyr_agent_config_dup_schema ();
  g_autoptr(GRegex) comment_marks = g_regex_new ("\\s*\\n\\s*//\\s*", 0, 0, NULL);
  g_autofree char *flat = NULL;

  g_assert_cmpuint (schema->len, >, 50);
  for (guint i = 0; i < schema->len; i++)
    {
      const char *name = scalyr_monitor_option_get_name (g_ptr_array_index (schema, i));
      g_autofree char *described = g_strdup_printf ("\n  // %s: ", name);
      g_autofree char *set = NULL;
      const char *at = strstr (the.sample, described);

      if (at == NULL)
        g_error ("field \"%s\" is not described in the sample", name);
      set = g_strdup_printf ("\n  // %s: %s,\n", name, "null");
      if (strstr (the.sample, set) != NULL)
        g_error ("field \"%s\" has neither a default nor an example in the schema", name);
    }
  /* the documentation may be wrapped: compare without the comment marks */
  flat = g_regex_replace (comment_marks, the.sample, -1, 0, " ", 0, NULL);
  for (ScalyrAgentConfigSection s = SCALYR_AGENT_CONFIG_SECTION_AGENT; s <= SCALYR_AGENT_CONFIG_SECTION_LOG; s++)
    {
      GPtrArray *declarations = scalyr_agent_config_schema_section (s);

      g_assert_cmpuint (declarations->len, >, 5);
      for (guint i = 0; i < declarations->len; i++)
        {
          ScalyrMonitorOption *option = g_ptr_array_index (declarations, i);
          const char *doc = scalyr_monitor_option_get_description (option);

          if (strstr (flat, doc) == NULL)
            g_error ("the documentation of \"%s\" (%s) is not in the sample", scalyr_monitor_option_get_name (option), doc);
          if (s != SCALYR_AGENT_CONFIG_SECTION_AGENT)
            {
              g_autofree char *entry = g_strdup_printf ("- %s (", scalyr_monitor_option_get_name (option));
              if (strstr (flat, entry) == NULL)
                g_error ("entry field \"%s\" is not listed in the sample", scalyr_monitor_option_get_name (option));
            }
        }
    }
}

/* the sample as printed passes --check-config */
static void
test_checks (void)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (check_config (the.sample, &err), ==, 0);
  g_assert_null (strstr (err, "error"));
}

/* every field set to its example at once still passes: the examples are
 * valid values */
static void
test_all_examples (void)
{
  g_autoptr(GPtrArray) schema = scalyr_agent_config_dup_schema ();
  g_autofree char *all = uncomment_all (the.sample, schema);
  g_autoptr(JsonNode) node = scalyr_json_parse (all, -1, NULL, NULL, NULL);
  g_autofree char *err = NULL;
  int status;

  g_assert_nonnull (node);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, schema->len);
  status = check_config (all, &err);
  if (status != 0)
    g_error ("the sample with every example set does not check (status %d):\n%s", status, err);
}

/* an entry of @section with every field set to its example (or default) */
static void
append_entry (GString                 *out,
              ScalyrAgentConfigSection section)
{
  GPtrArray *declarations = scalyr_agent_config_schema_section (section);

  g_string_append (out, "{ ");
  for (guint i = 0; i < declarations->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (declarations, i);
      g_autofree char *example = scalyr_agent_config_schema_dup_example (section, option);

      if (example == NULL)
        g_error ("entry field \"%s\" has neither a default nor an example", scalyr_monitor_option_get_name (option));
      g_string_append_printf (out, "%s: %s,\n", scalyr_monitor_option_get_name (option), example);
    }
  g_string_append (out, "}");
}

/* a monitors entry and a logs entry with every field set to its example
 * check (with an api_key, so that the upload service checks the logs
 * entry): the examples of scalyr-agent.json(5) are valid values */
static void
test_entry_examples (void)
{
  g_autoptr(GString) config = g_string_new ("{ api_key: \"x\", implicit_metric_monitor: false,\n"
                                            "  implicit_agent_process_metrics_monitor: false,\n  monitors: [ ");
  g_autofree char *err = NULL;
  int status;

  append_entry (config, SCALYR_AGENT_CONFIG_SECTION_MONITOR);
  /* the module of the example needs one of its own options */
  g_string_insert (config, config->len - 1, "commandline: \"nginx: master\" ");
  g_string_append (config, " ],\n  logs: [ ");
  append_entry (config, SCALYR_AGENT_CONFIG_SECTION_LOG);
  g_string_append (config, " ]\n}\n");
  status = check_config (config->str, &err);
  if (status != 0)
    g_error ("entries of every example do not check (status %d):\n%s\n%s", status, config->str, err);
}

/* the configurations of scalyr-agent.json(5)'s EXAMPLES check too (the
 * fragment adding a Python monitor aside: its module is not on this test's
 * search path) */
static void
test_man_examples (void)
{
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;
  const char *at;
  guint checked = 0;

  g_file_get_contents (g_getenv ("AGENT_JSON_MAN"), &page, NULL, &error);
  g_assert_no_error (error);
  at = strstr (page, "\n.SH EXAMPLES\n");
  g_assert_nonnull (at);
  while ((at = strstr (at, "\n.nf\n{")) != NULL)
    {
      const char *end = strstr (at, "\n.fi\n");
      g_autoptr(GString) config = NULL;
      g_autofree char *err = NULL;
      int status;

      g_assert_nonnull (end);
      config = g_string_new_len (at + 5, end - at - 4);
      at = end;
      g_string_replace (config, "\\-", "-", 0);
      g_string_replace (config, "\\e", "\\", 0);
      if (strstr (config->str, "random_coin_monitor") != NULL)
        continue;
      status = check_config (config->str, &err);
      if (status != 0)
        g_error ("an example of scalyr-agent.json(5) does not check (status %d):\n%s\n%s", status, config->str, err);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 2);
}

/* a field uncommented with a bad value: the usual error, naming the field
 * at its line */
static void
test_edited_bad_value (void)
{
  g_autoptr(GString) edited = g_string_new (the.sample);
  g_autofree char *err = NULL;
  g_autofree char *where = NULL;
  const char *line = strstr (the.sample, "\n  // max_line_size: 49900,\n");
  guint line_no = 2;

  g_assert_nonnull (line);
  for (const char *p = the.sample; p < line; p++)
    line_no += *p == '\n';
  g_assert_cmpuint (g_string_replace (edited, "\n  // max_line_size: 49900,\n", "\n  max_line_size: -5,\n", 1), ==, 1);
  g_assert_cmpint (check_config (edited->str, &err), ==, 2);
  where = g_strdup_printf ("agent.json:%u:", line_no);
  if (strstr (err, where) == NULL)
    g_error ("the error does not name %s:\n%s", where, err);
  g_assert_nonnull (strstr (err, "\"max_line_size\""));
  g_assert_nonnull (strstr (err, "-5 is out of range"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cleanup = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  set_up ();
  g_test_add_func ("/sample-config/parses", test_parses);
  g_test_add_func ("/sample-config/every-field", test_every_field);
  g_test_add_func ("/sample-config/check-config", test_checks);
  g_test_add_func ("/sample-config/all-examples", test_all_examples);
  g_test_add_func ("/sample-config/entry-examples", test_entry_examples);
  g_test_add_func ("/sample-config/edited-bad-value", test_edited_bad_value);
  g_test_add_func ("/sample-config/man-examples", test_man_examples);
  status = g_test_run ();
  cleanup = g_strdup_printf ("rm -rf '%s'", the.dir);
  if (system (cleanup) != 0)
    status = 1;
  g_free (the.dir);
  g_free (the.sample);
  return status;
}
