/* scalyr-loader-path.c: where loader and agent service modules are
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-loader-path-private.h"

char *
scalyr_loader_path_find (const char  *file_name,
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
