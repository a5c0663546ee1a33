/* test-tool-commands.c: the commands every agent has, with the real
 * binaries: --version, --help and bash completion from one option table,
 * `scalyr-agent list-monitors` / `scalyr-run-monitor --list`, and
 * `scalyr-run-monitor --once` / `--count N` (issue 15)
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "agent-test-text.h"

static const char *agent_binary;
static const char *run_monitor;

typedef struct {
  int status;
  char *out;
  char *err;
  gint64 elapsed_us;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* runs @argv (NULL-terminated) to completion */
static void
run (Result             *r,
     const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  result_clear (r);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->elapsed_us = g_get_monotonic_time () - start;
  r->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, text);
}

/* ---- --version ---------------------------------------------------- */

static void
test_version (gconstpointer data)
{
  const char *binary = g_getenv (data);
  g_auto(Result) r = { 0 };
  g_autofree char *base = g_path_get_basename (binary);
  g_autofree char *first = g_strdup_printf ("%s %s\n", base, g_getenv ("TOOLS_VERSION"));
  g_autofree char *lib = g_strdup_printf ("libscalyrmon %s\n", g_getenv ("TOOLS_VERSION"));

  run (&r, (const char *[]) { binary, "--version", NULL });
  g_assert_cmpint (r.status, ==, 0);
  if (!g_str_has_prefix (r.out, first))
    g_error ("--version printed:\n%s\nnot starting with %s", r.out, first);
  assert_contains (r.out, lib);
}

/* ---- one table: --help and the completion agree -------------------- */

/* the long options of the help's option lines ("  -c, --config=PATH ...") */
static GPtrArray *
help_options (const char *help)
{
  GPtrArray *options = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (help, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *dash = strstr (lines[i], "--");
      gsize indent = strspn (lines[i], " ");
      gsize n;

      /* "  -c, --config=PATH" or "      --json": an option, not a continuation */
      if (indent < 2 || indent > 6 || lines[i][indent] != '-' || dash == NULL)
        continue;
      n = strspn (dash + 2, "abcdefghijklmnopqrstuvwxyz-");
      g_ptr_array_add (options, g_strndup (dash, n + 2));
    }
  return options;
}

static const char * const agent_options[] = {
  "--config", "--extra-config-dir", "--check-config", "--stop-timeout", "--json", "--names", "--sample-config", "--version", "--help", NULL
};
static const char * const run_monitor_options[] = {
  "--monitor-config", "--monitor-sample-interval", "--monitor-module-path", "--debug-level", "--load-timeout",
  "--inspect", "--once", "--count", "--list", "--names", "--version", "--help", NULL
};

static void
test_help_and_completion (gconstpointer data)
{
  gboolean agent = GPOINTER_TO_INT (data);
  const char *binary = agent ? agent_binary : run_monitor;
  const char * const *expected = agent ? agent_options : run_monitor_options;
  g_auto(Result) help = { 0 };
  g_auto(Result) script = { 0 };
  g_autoptr(GPtrArray) in_help = NULL;
  g_autofree char *installed = NULL;
  g_auto(GStrv) words = NULL;

  run (&help, (const char *[]) { binary, "--help", NULL });
  g_assert_cmpint (help.status, ==, 0);
  run (&script, (const char *[]) { binary, "--bash-completion", NULL });
  g_assert_cmpint (script.status, ==, 0);
  in_help = help_options (help.out);
  /* the words offered: the global ones and those of each command */
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (const char *start = strstr (script.out, "words=\""); start != NULL; start = strstr (start, "words=\""))
      {
        g_autofree char *list = NULL;
        g_auto(GStrv) some = NULL;

        start += strlen ("words=\"");
        list = g_strndup (start, strchr (start, '"') - start);
        some = g_strsplit (list, " ", -1);
        g_strv_builder_addv (builder, (const char **) some);
      }
    words = g_strv_builder_end (builder);
  }

  /* every option of the table is in both, and nothing else is */
  for (gsize i = 0; expected[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (in_help, expected[i], g_str_equal, NULL))
        g_error ("%s is not in the --help of %s:\n%s", expected[i], binary, help.out);
      if (!g_strv_contains ((const char * const *) words, expected[i]))
        g_error ("%s is not in the completion of %s:\n%s", expected[i], binary, script.out);
    }
  g_assert_cmpuint (in_help->len, ==, g_strv_length ((char **) expected));
  /* the hidden option is in neither list */
  g_assert_null (strstr (help.out, "--bash-completion"));
  g_assert_false (g_strv_contains ((const char * const *) words, "--bash-completion"));
  for (gsize i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], "--") && !g_strv_contains (expected, words[i]))
      g_error ("the completion of %s offers %s, which is not in the table", binary, words[i]);

  /* the installed file is the script the binary prints */
  installed = g_build_filename (g_getenv ("COMPLETIONS_DIR"), agent ? "scalyr-agent" : "scalyr-run-monitor", NULL);
  {
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (installed, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, script.out);
  }
}

/* ---- bash completion, run in bash ----------------------------------- */

/* sources the generated completion of @tool, sets COMP_WORDS to @words
 * (bash words, the last one being completed) and calls the function: the
 * candidates, one a line */
static char *
complete (const char *tool,
          const char *function,
          const char *words,
          guint       cword)
{
  g_autofree char *file = g_build_filename (g_getenv ("COMPLETIONS_DIR"), tool, NULL);
  g_autofree char *script = g_strdup_printf ("source '%s'; COMP_WORDS=(%s); COMP_CWORD=%u; %s; "
                                             "printf '%%s\\n' \"${COMPREPLY[@]}\"", file, words, cword, function);
  g_auto(Result) r = { 0 };

  run (&r, (const char *[]) { "bash", "--norc", "--noprofile", "-c", script, NULL });
  if (r.status != 0)
    g_error ("bash -c \"%s\" failed (%d): %s", script, r.status, r.err);
  return g_steal_pointer (&r.out);
}

static void
assert_completes (const char *tool,
                  const char *words,
                  guint       cword,
                  const char *expected)
{
  g_autofree char *function = g_strdelimit (g_strconcat ("_", tool, NULL), "-", '_');
  g_autofree char *got = complete (tool, function, words, cword);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("completing [%s] word %u: got\n%s\nexpected\n%s", words, cword, got, expected);
}

static void
test_completion_agent (void)
{
  g_autofree char *dir = g_dir_make_tmp ("completion-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *sub = g_build_filename (dir, "agent.d", NULL);
  g_autofree char *words = NULL, *expected = NULL;

  /* options, commands, the options of a command */
  assert_completes ("scalyr-agent", "scalyr-agent --c", 1, "--config\n--check-config\n");
  assert_completes ("scalyr-agent", "scalyr-agent ''", 1, "status\nlist-monitors\n");
  assert_completes ("scalyr-agent", "scalyr-agent -c x.json l", 3, "list-monitors\n");
  assert_completes ("scalyr-agent", "scalyr-agent status --j", 2, "--json\n");
  assert_completes ("scalyr-agent", "scalyr-agent list-monitors --n", 2, "--names\n");
  assert_completes ("scalyr-agent", "scalyr-agent --n", 1, "\n");   /* --names only with list-monitors */
  assert_completes ("scalyr-agent", "scalyr-agent --stop-timeout ''", 2, "\n");

  /* --config takes a file, --extra-config-dir a directory */
  g_assert_true (g_file_set_contents (file, "{}", -1, NULL));
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  words = g_strdup_printf ("scalyr-agent --config '%s/a'", dir);
  expected = g_strdup_printf ("%s\n%s\n", sub, file);
  assert_completes ("scalyr-agent", words, 2, expected);
  g_free (words);
  g_free (expected);
  words = g_strdup_printf ("scalyr-agent --extra-config-dir '%s/a'", dir);
  expected = g_strdup_printf ("%s\n", sub);
  assert_completes ("scalyr-agent", words, 2, expected);
  g_free (words);
  g_free (expected);
  words = g_strdup_printf ("scalyr-agent '--config=%s/agent.'", dir);
  expected = g_strdup_printf ("--config=%s\n--config=%s\n", sub, file);
  assert_completes ("scalyr-agent", words, 1, expected);

  g_unlink (file);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_completion_run_monitor (void)
{
  g_autofree char *words = NULL;
  g_autofree char *function = g_strdup ("_scalyr_run_monitor");
  g_autofree char *got = NULL;

  assert_completes ("scalyr-run-monitor", "scalyr-run-monitor --on", 1, "--once\n");
  assert_completes ("scalyr-run-monitor", "scalyr-run-monitor --co", 1, "--count\n");
  /* module names: the tool's own listing, with the -p of the command line */
  words = g_strdup_printf ("'%s' -p '%s' rand", run_monitor, g_getenv ("RANDOM_COIN_DIR"));
  assert_completes ("scalyr-run-monitor", words, 3, "random_coin\n");
  g_free (words);
  words = g_strdup_printf ("'%s' '--monitor-module-path=%s' ''", run_monitor, g_getenv ("RANDOM_COIN_DIR"));
  got = complete ("scalyr-run-monitor", function, words, 2);
  assert_contains (got, "random_coin\n");
  assert_contains (got, "test_monitor\n");
  assert_contains (got, "linux_system_metrics\n");
}

/* ---- list-monitors -------------------------------------------------- */

typedef struct {
  char *dir;
  char *config;
  char *marker;     /* created when marker.py is imported */
} Modules;

static void
modules_clear (Modules *m)
{
  if (m->dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", m->dir);
      g_assert_cmpint (system (command), ==, 0);
    }
  g_free (m->dir);
  g_free (m->config);
  g_free (m->marker);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Modules, modules_clear)

static void
put (Modules    *m,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (m->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
copy (Modules    *m,
      const char *from,
      const char *name)
{
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &text, &length, NULL));
  {
    g_autofree char *path = g_build_filename (m->dir, name, NULL);
    g_assert_true (g_file_set_contents (path, text, (gssize) length, NULL));
  }
}

/* a module directory: the C example, a Python and a JavaScript monitor,
 * and a broken module of each language */
static void
modules_init (Modules *m)
{
  g_autofree char *so = g_build_filename (g_getenv ("RANDOM_COIN_DIR"), "random_coin.so", NULL);
  g_autofree char *py = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "examples", "python",
                                          "random_coin_monitor.py", NULL);
  g_autofree char *js = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "examples", "js", "random_coin.js",
                                          NULL);
  g_autofree char *marker_py = NULL;

  m->dir = g_dir_make_tmp ("list-monitors-XXXXXX", NULL);
  g_assert_cmpint (chmod (m->dir, 0755), ==, 0);
  copy (m, so, "coin_c.so");
  copy (m, py, "coin_py.py");
  copy (m, js, "coin_js.js");
  put (m, "broken_c.so", "not a shared object\n");
  put (m, "broken_py.py", "raise RuntimeError('broken on purpose')\n");
  put (m, "broken_js.js", "this is not { JavaScript\n");
  m->marker = g_build_filename (m->dir, "imported", NULL);
  marker_py = g_strdup_printf ("open('%s', 'w').close()\n", m->marker);
  put (m, "marker.py", marker_py);
  put (m, "_private.py", "raise RuntimeError('never listed')\n");
  put (m, "README.txt", "not a module\n");
  m->config = g_build_filename (m->dir, "agent.json", NULL);
  {
    g_autofree char *text = g_strdup_printf ("{ additional_monitor_module_paths: \"%s\", monitor_load_timeout: 10 }",
                                             m->dir);
    g_assert_true (g_file_set_contents (m->config, text, -1, NULL));
  }
}

/* the line of module @name in a listing */
static char *
line_of (const char *listing,
         const char *name)
{
  g_auto(GStrv) lines = g_strsplit (listing, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("%s ", name);

  for (gsize i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i]);
  g_error ("no line for %s in:\n%s", name, listing);
  return NULL;
}

static void
assert_line (const char *listing,
             const char *name,
             const char *language,
             const char *rest)
{
  g_autofree char *line = line_of (listing, name);
  g_autofree char *with_language = g_strdup_printf (" %s ", language);

  if (strstr (line, with_language) == NULL || strstr (line, rest) == NULL)
    g_error ("the line of %s is \"%s\": expected %s and \"%s\"", name, line, language, rest);
}

static void
check_listing (const char *out)
{
  const char *coin = "Flips a random coin: uniform and gaussian random numbers.";

  assert_line (out, "coin_c", "C", coin);
  assert_line (out, "test_monitor", "C", "Test monitor: reports numbers");
  assert_line (out, "linux_system_metrics", "C", "Linux System Metrics:");
  assert_line (out, "broken_c", "C", "ERROR: ");
  assert_line (out, "broken_py", "Python", "ERROR: ");
  assert_line (out, "broken_js", "JavaScript", "ERROR: ");
  assert_line (out, "marker", "Python", "ERROR: ");
  if (g_getenv ("HAVE_PYTHON") != NULL)
    {
      assert_line (out, "coin_py", "Python", "(no description)");
      assert_line (out, "broken_py", "Python", "broken on purpose");
    }
  else
    assert_line (out, "coin_py", "Python", "ERROR: ");
  if (g_getenv ("HAVE_GJS") != NULL)
    assert_line (out, "coin_js", "JavaScript", coin);
  else
    assert_line (out, "coin_js", "JavaScript", "ERROR: ");
  g_assert_null (strstr (out, "_private"));
  g_assert_null (strstr (out, "README"));
}

/* @loaders: with the Python and JavaScript loaders (suite python) */
static void
test_list_monitors (gconstpointer loaders)
{
  g_auto(Modules) m = { 0 };
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  gboolean broken_found = FALSE;

  if (GPOINTER_TO_INT (loaders) && g_getenv ("HAVE_PYTHON") == NULL)
    {
      g_test_skip ("runs in tool-commands-loaders (suite python), with the Python and JavaScript loaders");
      return;
    }
  modules_init (&m);

  /* names only: every module, nothing loaded */
  run (&r, (const char *[]) { agent_binary, "-c", m.config, "list-monitors", "--names", NULL });
  g_assert_cmpint (r.status, ==, 0);
  for (const char * const *name = (const char *[]) { "broken_c", "broken_js", "broken_py", "coin_c", "coin_js",
                                                     "coin_py", "linux_process_metrics", "linux_system_metrics",
                                                     "marker", "test_monitor", NULL };
       *name != NULL; name++)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", *name);
      assert_contains (r.out, line);
    }
  g_assert_false (g_file_test (m.marker, G_FILE_TEST_EXISTS));

  /* with their language and description, or why they do not load */
  run (&r, (const char *[]) { agent_binary, "-c", m.config, "list-monitors", NULL });
  g_assert_cmpint (r.status, ==, 0);
  check_listing (r.out);
  if (g_getenv ("HAVE_PYTHON") != NULL)
    g_assert_true (g_file_test (m.marker, G_FILE_TEST_EXISTS));

  /* the same from scalyr-run-monitor --list */
  run (&r, (const char *[]) { run_monitor, "-p", m.dir, "--list", NULL });
  g_assert_cmpint (r.status, ==, 0);
  check_listing (r.out);

  /* as JSON */
  run (&r, (const char *[]) { agent_binary, "-c", m.config, "list-monitors", "--json", NULL });
  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  list = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (o, "name"), "broken_c"))
        {
          broken_found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (o, "language"), ==, "C");
          g_assert_true (json_object_has_member (o, "error"));
        }
    }
  g_assert_true (broken_found);

  /* --names goes with list-monitors only */
  run (&r, (const char *[]) { agent_binary, "-c", m.config, "--names", NULL });
  g_assert_cmpint (r.status, ==, 1);
  assert_contains (r.err, "--names goes with the list-monitors command.");
}

/* ---- --once and --count --------------------------------------------- */

typedef struct {
  const char *language;
  const char *module;
  const char *dir_relative;  /* the module's directory under the source tree; NULL: a builtin */
  const char *needs;         /* an environment variable that must be set */
} Sampled;

static const Sampled sampled[] = {
  { "c", "test_monitor", NULL, NULL },
  { "python", "random_coin_monitor", "examples/python", "HAVE_PYTHON" },
  { "js", "random_coin", "examples/js", "HAVE_GJS" },
};

static char *
module_dir (const Sampled *s)
{
  if (s->dir_relative != NULL)
    return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", s->dir_relative, NULL);
  return g_strdup (g_getenv ("RANDOM_COIN_DIR"));
}

static void
test_once (gconstpointer data)
{
  const Sampled *s = data;
  g_autofree char *dir = NULL;
  g_autofree char *uniform = NULL;
  g_auto(Result) r = { 0 };

  if (s->needs != NULL && g_getenv (s->needs) == NULL)
    {
      g_test_skip ("runs in tool-commands-loaders (suite python), with the Python and JavaScript loaders");
      return;
    }
  dir = module_dir (s);
  uniform = g_strdup ("] uniform ");

  /* one sample now, not after sample_interval (30 s) */
  run (&r, (const char *[]) { run_monitor, "-p", dir, "-c", "{ gauss_mean: 1, sample_interval: 30 }", "--once",
                              s->module, NULL });
  if (r.status != 0)
    g_error ("--once exited with %d: %s", r.status, r.err);
  g_assert_cmpuint (agent_test_count (r.out, uniform), ==, 1);
  g_assert_cmpuint (agent_test_count (r.out, "] gauss "), ==, 1);
  g_assert_cmpint (r.elapsed_us, <, 10 * G_USEC_PER_SEC);

  /* three samples, one every 0.3 s */
  run (&r, (const char *[]) { run_monitor, "-p", dir, "-c", "{ gauss_mean: 1 }", "-s", "0.3", "--count", "3",
                              s->module, NULL });
  if (r.status != 0)
    g_error ("--count 3 exited with %d: %s", r.status, r.err);
  g_assert_cmpuint (agent_test_count (r.out, uniform), ==, 3);
  g_assert_cmpint (r.elapsed_us, >=, 600 * 1000);
  g_assert_cmpint (r.elapsed_us, <, 10 * G_USEC_PER_SEC);
}

static void
test_once_failing_sample (void)
{
  g_auto(Result) r = { 0 };

  run (&r, (const char *[]) { run_monitor, "-p", g_getenv ("G_TEST_BUILDDIR"), "-c", "{ mode: \"fail\" }", "--once",
                              "misbehaving_monitor", NULL });
  g_assert_cmpint (r.status, ==, 5);
  assert_contains (r.err, "misbehaving_monitor(): 1 of its samples failed (see above)");
  run (&r, (const char *[]) { run_monitor, "-p", g_getenv ("G_TEST_BUILDDIR"), "-c", "{ mode: \"ok\" }",
                              "-s", "0.1", "--count", "2", "misbehaving_monitor", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (agent_test_count (r.out, "] tick "), ==, 2);
}

static void
test_count_invalid (void)
{
  const char *values[] = { "0", "-1", "x", "1.5", "", "99999999999999999999" };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_auto(Result) r = { 0 };
      g_autofree char *expected = g_strdup_printf ("Invalid value for the --count option: %s.  Must be a whole "
                                                   "number of samples, at least 1 (use --once for one sample)\n",
                                                   values[i]);

      run (&r, (const char *[]) { run_monitor, "--count", values[i], "test_monitor", NULL });
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpstr (r.err, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  agent_binary = g_getenv ("SCALYR_AGENT");
  run_monitor = g_getenv ("SCALYR_RUN_MONITOR");
  g_assert_nonnull (agent_binary);
  g_assert_nonnull (run_monitor);

  g_test_add_data_func ("/tools/version/agent", "SCALYR_AGENT", test_version);
  g_test_add_data_func ("/tools/version/run-monitor", "SCALYR_RUN_MONITOR", test_version);
  g_test_add_data_func ("/tools/options/agent", GINT_TO_POINTER (TRUE), test_help_and_completion);
  g_test_add_data_func ("/tools/options/run-monitor", GINT_TO_POINTER (FALSE), test_help_and_completion);
  g_test_add_func ("/tools/completion/agent", test_completion_agent);
  g_test_add_func ("/tools/completion/run-monitor", test_completion_run_monitor);
  g_test_add_data_func ("/tools/list-monitors", GINT_TO_POINTER (FALSE), test_list_monitors);
  g_test_add_data_func ("/tools/loaders/list-monitors", GINT_TO_POINTER (TRUE), test_list_monitors);
  for (gsize i = 0; i < G_N_ELEMENTS (sampled); i++)
    {
      g_autofree char *path = g_strdup_printf (sampled[i].needs != NULL ? "/tools/loaders/once-%s" : "/tools/once/%s",
                                               sampled[i].language);
      g_test_add_data_func (path, &sampled[i], test_once);
    }
  g_test_add_func ("/tools/once/failing-sample", test_once_failing_sample);
  g_test_add_func ("/tools/count/invalid", test_count_invalid);
  return g_test_run ();
}
