/* scalyr-plugin-path.c: where loader and agent service modules are
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-plugin-path.h"

/**
 * scalyr_plugin_path_find:
 * @file_name: (type filename): the file name of a plugin module, such as
 *   `libscalyr-python-loader.so`
 * @searched: (out) (optional) (type filename) (transfer full): the
 *   directories searched, colon-separated, for messages
 *
 * Finds a plugin module of the framework (a language loader, or a service
 * of the daemon library) in the directories of the `SCALYR_LOADER_PATH`
 * environment variable (colon-separated; `meson devenv` and the tests set
 * it), then in the installed plugin directory.
 *
 * Thread safety: may be called from any thread.
 *
 * Returns: (transfer full) (nullable) (type filename): the path of the
 *   first regular file named @file_name, or %NULL when none has it
 *
 * Since: 0.2
 */
char *
scalyr_plugin_path_find (const char  *file_name,
                         char       **searched)
{
  const char *env = g_getenv ("SCALYR_LOADER_PATH");
  g_autofree char *dirs_text = g_strconcat (env != NULL ? env : "", G_SEARCHPATH_SEPARATOR_S,
                                            SCALYR_LOADER_DIR, NULL);
  g_auto(GStrv) dirs = g_strsplit (dirs_text, G_SEARCHPATH_SEPARATOR_S, -1);
  char *file = NULL;

  for (gsize i = 0; dirs[i] != NULL && file == NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (dirs[i][0] == '\0')
        continue;
      candidate = g_build_filename (dirs[i], file_name, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        file = g_steal_pointer (&candidate);
    }
  if (searched != NULL)
    *searched = g_steal_pointer (&dirs_text);
  return file;
}
