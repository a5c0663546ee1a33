/* fuzz-agent-config.c: libFuzzer target for the whole agent configuration
 * load (relaxed JSON parse, agent.d fragments, import_vars, environment,
 * schema and the checks of issue 12)
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is a set of files and an environment, separated by NUL bytes:
 *
 *   agent.json NUL agent.d/a.json NUL agent.d/b.json NUL agent.d/c.json NUL env
 *
 * (missing parts are absent files). env holds NAME=VALUE lines; only names
 * starting with FUZZ_ or SCALYR_ are set (so that an input cannot change
 * PATH or the sanitizers' options), and they are unset after the load. The
 * files are written to a private directory (on tmpfs when /dev/shm exists)
 * made once per process.
 *
 * Checked: the lenient load (--check-config's) always gives a
 * configuration, and an error in SCALYR_AGENT_CONFIG_ERROR exactly when
 * the strict load (the agent's) fails with the same message; a loaded
 * configuration equals itself loaded again. Memory errors and leaks are
 * left to the sanitizers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyragent.h"
#include "scalyr-agent-config-private.h"

#define N_FILES 4

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;
static char *paths[N_FILES];

static void
remove_dir (void)
{
  for (int i = 0; i < N_FILES; i++)
    g_unlink (paths[i]);
  if (dir != NULL)
    {
      g_autofree char *frag_dir = g_build_filename (dir, "agent.d", NULL);
      g_rmdir (frag_dir);
      g_rmdir (dir);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "fuzz-agent-config-XXXXXX", NULL);
  g_autofree char *frag_dir = NULL;
  static const char * const names[N_FILES] = { "agent.json", "agent.d/a.json", "agent.d/b.json",
                                               "agent.d/c.json" };

  (void) argc;
  (void) argv;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (dir);
  frag_dir = g_build_filename (dir, "agent.d", NULL);
  g_assert_cmpint (g_mkdir (frag_dir, 0700), ==, 0);
  for (int i = 0; i < N_FILES; i++)
    paths[i] = g_build_filename (dir, names[i], NULL);
  atexit (remove_dir);
  /* the loader reads these: only the input's may be set */
  g_unsetenv ("SCALYR_EXTRA_CONFIG_DIR");
  g_unsetenv ("SCALYR_CONFIG_DIRECTORY");
  return 0;
}

static void
write_part (const char *path,
            const char *text,
            gsize       len)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, text, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("%s: %s", path, error->message);
}

/* sets the FUZZ_ and SCALYR_ variables of @env; their names go to @set */
static void
set_environment (const char *env,
                 gsize       len,
                 GPtrArray  *set)
{
  g_autofree char *text = g_strndup (env, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL)
        continue;
      name = g_strndup (lines[i], (gsize) (eq - lines[i]));
      if ((!g_str_has_prefix (name, "FUZZ_") && !g_str_has_prefix (name, "SCALYR_")) || name[0] == '\0' ||
          !g_utf8_validate (eq + 1, -1, NULL))
        continue;
      g_setenv (name, eq + 1, TRUE);
      g_ptr_array_add (set, g_steal_pointer (&name));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *p = (const char *) data, *end = p + size;
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) lenient_error = NULL;
  g_autoptr(GError) strict_error = NULL;
  g_autoptr(ScalyrAgentConfig) lenient = NULL;
  g_autoptr(ScalyrAgentConfig) strict = NULL;

  for (int i = 0; i <= N_FILES; i++)
    {
      const char *nul = p < end ? memchr (p, '\0', (size_t) (end - p)) : NULL;
      const char *part_end = nul != NULL ? nul : end;

      if (i < N_FILES)
        {
          if (p < end || i == 0)
            write_part (paths[i], p, (gsize) (part_end - p));
          else
            g_unlink (paths[i]);
        }
      else if (p < end)
        set_environment (p, (gsize) (end - p), set);
      p = nul != NULL ? nul + 1 : end;
    }

  lenient = scalyr_agent_config_load_for_check (paths[0], NULL, &lenient_error);
  g_assert_nonnull (lenient);
  g_assert_nonnull (scalyr_agent_config_get_warnings (lenient));
  g_assert_nonnull (scalyr_agent_config_get_monitors (lenient));
  strict = scalyr_agent_config_load (paths[0], NULL, &strict_error);
  g_assert_true ((strict == NULL) == (strict_error != NULL));
  g_assert_true ((lenient_error == NULL) == (strict_error == NULL));
  if (strict_error != NULL)
    {
      g_assert_true (strict_error->domain == SCALYR_AGENT_CONFIG_ERROR);
      g_assert_cmpstr (strict_error->message, ==, lenient_error->message);
      g_assert_cmpuint (strlen (strict_error->message), >, 0);
    }
  else
    g_assert_true (scalyr_agent_config_equal (strict, lenient));

  for (guint i = 0; i < set->len; i++)
    g_unsetenv (g_ptr_array_index (set, i));
  return 0;
}
