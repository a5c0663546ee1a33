/* scalyr-loader-paths.c: where an installed language loader finds the
 * installed typelibs
 * SPDX-License-Identifier: Apache-2.0
 *
 * GI searches GI_TYPELIB_PATH, then the system's typelib directories
 * (/usr/lib/<triplet>/girepository-1.0 on Debian), not those of another
 * prefix (/usr/local, /opt/scalyr). The agent knows its own prefix: a
 * loader that runs from the installed loader directory adds the installed
 * typelib directory, compiled in, to GI's search path before any code of
 * its language runs, so that Python and JavaScript monitors need no
 * environment variable. It goes after GI_TYPELIB_PATH's entries (the
 * variable stays first, as GI documents it) and before the system's
 * directories (where an older packaged typelib may be); nothing is added
 * when GI searches that directory already (prefix /usr).
 *
 * A loader in the build tree adds nothing: there, `meson devenv` and
 * `meson test` set GI_TYPELIB_PATH to the build tree's typelibs, and an
 * installed (perhaps older) version must not shadow them.
 *
 * Both loaders call scalyr_loader_add_typelib_dir() once, at their first
 * load. GI's search path is a list to which a prepend adds a node without
 * changing the others: a lookup running meanwhile on another thread sees
 * the list before or after.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <girepository.h>

#include "scalyr-loader-paths-private.h"

/* an object of this module, for dladdr() */
static const char module_marker;

static char *
real_dir (const char *path)
{
  char *real = realpath (path, NULL);
  char *dup = real != NULL ? g_strdup (real) : NULL;

  free (real);
  return dup;
}

/*
 * scalyr_loader_runs_installed:
 *
 * Returns: %TRUE when this loader module is the one in the compiled-in
 *   loader directory (the installed agent), %FALSE when it runs from
 *   elsewhere (the build tree)
 */
gboolean
scalyr_loader_runs_installed (void)
{
  Dl_info info;
  g_autofree char *dir = NULL;
  g_autofree char *real = NULL;
  g_autofree char *installed = NULL;

  if (dladdr (&module_marker, &info) == 0 || info.dli_fname == NULL)
    return FALSE;
  dir = g_path_get_dirname (info.dli_fname);
  real = real_dir (dir);
  installed = real_dir (SCALYR_LOADER_DIR);
  return real != NULL && installed != NULL && strcmp (real, installed) == 0;
}

static gboolean
searched (const char *dir)
{
  g_autofree char *real = real_dir (dir);

  for (GSList *l = g_irepository_get_search_path (); l != NULL; l = l->next)
    {
      g_autofree char *entry = real_dir (l->data);

      if (entry != NULL && real != NULL && strcmp (entry, real) == 0)
        return TRUE;
    }
  return FALSE;
}

/*
 * scalyr_loader_add_typelib_dir:
 *
 * For an installed loader: adds the installed typelib directory to GI's
 * search path, after GI_TYPELIB_PATH's entries, when it exists and is not
 * searched already. For a loader in the build tree: nothing.
 */
void
scalyr_loader_add_typelib_dir (void)
{
  const char *env;

  if (!scalyr_loader_runs_installed () ||
      !g_file_test (SCALYR_TYPELIB_DIR, G_FILE_TEST_IS_DIR) ||
      searched (SCALYR_TYPELIB_DIR))
    return;

  g_irepository_prepend_search_path (SCALYR_TYPELIB_DIR);
  /* GI has no append: GI_TYPELIB_PATH's entries are put in front again (the
   * later copies are never reached) */
  env = g_getenv ("GI_TYPELIB_PATH");
  if (env != NULL && env[0] != '\0')
    {
      g_auto (GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = g_strv_length (dirs); i > 0; i--)
        if (dirs[i - 1][0] != '\0')
          g_irepository_prepend_search_path (dirs[i - 1]);
    }
}
