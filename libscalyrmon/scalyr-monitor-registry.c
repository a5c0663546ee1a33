/* scalyr-monitor-registry.c: finds monitor modules by name
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "scalyr-monitor-registry.h"
#include "scalyr-c-loader-private.h"
#include "scalyr-error.h"
#include "scalyr-monitor-module-private.h"
#include "scalyr-monitor-registry-private.h"
#include "scalyr-plugin-path.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrMonitorRegistry:
 *
 * Finds monitor modules by name, in one search path, whatever their
 * language (GStreamer's registry is the model).
 *
 * A module `a.b.name` is the file `a/b/name.so` (C), `a/b/name.py`
 * (Python) or `a/b/name.js` (JavaScript) under one of the search
 * directories, tried in this order:
 *
 * 1. the directories added with scalyr_monitor_registry_add_search_path()
 *    (`scalyr-run-monitor -p`, then the agent's
 *    `additional_monitor_module_paths`), in the order they were added;
 * 2. the directories of the `SCALYR_MONITOR_PATH` environment variable
 *    (colon-separated), used by `meson devenv` and tests;
 * 3. `/usr/share/scalyr-agent-2/local/monitors`;
 * 4. the directory of builtin monitors (`linux_system_metrics`,
 *    `linux_process_metrics`, `test_monitor`, ...): the installed one, or the
 *    directories of the `SCALYR_BUILTIN_MONITOR_PATH` environment variable
 *    in its place (as GStreamer's `GST_PLUGIN_SYSTEM_PATH`; the build tree's
 *    `meson devenv` sets it).
 *
 * The first directory holding the module wins; within one directory a C
 * module wins over a Python one, which wins over a JavaScript one. One
 * exception: a reference agent's checkout may be on the search path for its
 * Python monitors; its own versions of the builtin monitors
 * (`scalyr_agent/builtin_monitors/NAME.py`) never replace a builtin module of
 * the same name (scalyr_monitor_module_describe() shows which file was
 * passed over). The
 * builtin monitors are modules like any other: the registry names none.
 * Monitor types a program links in itself and registers with
 * scalyr_monitor_registry_register_builtin() come last, so a module file can
 * replace them. The reference's full names of builtin monitors,
 * `scalyr_agent.builtin_monitors.NAME`, find `NAME` when no file has the
 * full name.
 *
 * The loader of a language other than C is a separate module, loaded from
 * the loader directory (or `SCALYR_LOADER_PATH`) the first time a module of
 * that language is found.
 *
 * Thread safety: every method may be called from any thread. A module is
 * loaded once however many threads look it up at the same time (the others
 * wait for the first); modules of different names load at the same time,
 * so that a module whose loading never returns (a Python import in an
 * endless loop) holds up only the lookups of that name. Do not load two
 * Python modules at the same time, though: two imports at once can
 * deadlock on the GIL and GLib's class-init lock (the agent's
 * monitor manager loads them in turn; scalyr_monitor_registry_dup_language()
 * tells which modules are Python ones).
 *
 * Since: 0.1
 */
struct _ScalyrMonitorRegistry
{
  GObject parent_instance;

  GMutex lock;
  GCond loaded;                /* signalled when a name leaves @loading */
  GPtrArray *search_path;      /* added directories */
  GHashTable *builtins;        /* name -> GType */
  GPtrArray *loaders;          /* ScalyrMonitorLoader */
  GHashTable *modules;         /* name -> ScalyrMonitorModule, lookups done */
  GHashTable *loading;         /* names being loaded now, without the lock */
};

G_DEFINE_FINAL_TYPE (ScalyrMonitorRegistry, scalyr_monitor_registry, G_TYPE_OBJECT)

#define BUILTIN_PREFIX "scalyr_agent.builtin_monitors."

typedef struct {
  const char *extension;
  const char *language;
  const char *loader_module;   /* NULL: built in */
} LanguageInfo;

static const LanguageInfo languages[] = {
  { ".so", "C", NULL },
  { ".py", "Python", "libscalyr-python-loader" },
  { ".js", "JavaScript", "libscalyr-gjs-loader" },
};

static void
scalyr_monitor_registry_finalize (GObject *object)
{
  ScalyrMonitorRegistry *self = SCALYR_MONITOR_REGISTRY (object);

  g_ptr_array_unref (self->search_path);
  g_hash_table_unref (self->builtins);
  g_ptr_array_unref (self->loaders);
  g_hash_table_unref (self->modules);
  g_hash_table_unref (self->loading);
  g_cond_clear (&self->loaded);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (scalyr_monitor_registry_parent_class)->finalize (object);
}

static void
scalyr_monitor_registry_class_init (ScalyrMonitorRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scalyr_monitor_registry_finalize;
}

static void
scalyr_monitor_registry_init (ScalyrMonitorRegistry *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->loaded);
  self->loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->search_path = g_ptr_array_new_with_free_func (g_free);
  self->builtins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->loaders = g_ptr_array_new_with_free_func (g_object_unref);
  self->modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  g_ptr_array_add (self->loaders, scalyr_c_loader_new ());
}

/**
 * scalyr_monitor_registry_new:
 *
 * Creates a registry with the default search directories.
 *
 * Returns: (transfer full): a new #ScalyrMonitorRegistry
 *
 * Since: 0.1
 */
ScalyrMonitorRegistry *
scalyr_monitor_registry_new (void)
{
  return g_object_new (SCALYR_TYPE_MONITOR_REGISTRY, NULL);
}

/**
 * scalyr_monitor_registry_add_search_path:
 * @self: a #ScalyrMonitorRegistry
 * @directory: (type filename): a directory of monitor modules
 *
 * Adds a directory to search, after those added before and before the
 * default directories. Relative paths are made absolute now.
 *
 * Since: 0.1
 */
void
scalyr_monitor_registry_add_search_path (ScalyrMonitorRegistry *self,
                                         const char            *directory)
{
  g_return_if_fail (SCALYR_IS_MONITOR_REGISTRY (self));
  g_return_if_fail (directory != NULL);

  if (directory[0] == '\0')
    return;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->search_path, g_canonicalize_filename (directory, NULL));
  g_mutex_unlock (&self->lock);
}

/**
 * scalyr_monitor_registry_add_search_paths:
 * @self: a #ScalyrMonitorRegistry
 * @path_list: directories separated by `:` (empty entries are ignored)
 *
 * Adds each directory of @path_list with
 * scalyr_monitor_registry_add_search_path(), e.g. the agent's
 * `additional_monitor_module_paths`.
 *
 * Since: 0.1
 */
void
scalyr_monitor_registry_add_search_paths (ScalyrMonitorRegistry *self,
                                          const char            *path_list)
{
  g_auto(GStrv) dirs = NULL;

  g_return_if_fail (SCALYR_IS_MONITOR_REGISTRY (self));
  g_return_if_fail (path_list != NULL);

  dirs = g_strsplit (path_list, G_SEARCHPATH_SEPARATOR_S, -1);
  for (gsize i = 0; dirs[i] != NULL; i++)
    scalyr_monitor_registry_add_search_path (self, dirs[i]);
}

/* Adds the directories of the environment variable @name (colon-separated,
 * empty entries ignored) to @dirs; FALSE when it is not set. */
static gboolean
add_env_dirs (GPtrArray  *dirs,
              const char *name)
{
  const char *env = g_getenv (name);
  g_auto(GStrv) env_dirs = NULL;

  if (env == NULL)
    return FALSE;
  env_dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
  for (gsize i = 0; env_dirs[i] != NULL; i++)
    if (env_dirs[i][0] != '\0')
      g_ptr_array_add (dirs, g_canonicalize_filename (env_dirs[i], NULL));
  return TRUE;
}

/**
 * scalyr_monitor_registry_dup_search_path:
 * @self: a #ScalyrMonitorRegistry
 *
 * Returns: (transfer full) (array zero-terminated=1): every directory
 *   searched, in order
 *
 * Since: 0.1
 */
char **
scalyr_monitor_registry_dup_search_path (ScalyrMonitorRegistry *self)
{
  GPtrArray *dirs;

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);

  dirs = g_ptr_array_new ();
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->search_path->len; i++)
    g_ptr_array_add (dirs, g_strdup (g_ptr_array_index (self->search_path, i)));
  g_mutex_unlock (&self->lock);

  add_env_dirs (dirs, "SCALYR_MONITOR_PATH");
  g_ptr_array_add (dirs, g_strdup (SCALYR_LOCAL_MONITOR_DIR));
  if (!add_env_dirs (dirs, "SCALYR_BUILTIN_MONITOR_PATH"))
    g_ptr_array_add (dirs, g_strdup (SCALYR_BUILTIN_MONITOR_DIR));
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

/**
 * scalyr_monitor_registry_register_builtin:
 * @self: a #ScalyrMonitorRegistry
 * @name: the module name
 * @monitor_type: a #ScalyrMonitor subclass
 *
 * Makes a monitor type linked into the program available under @name (and
 * `scalyr_agent.builtin_monitors.` @name), after the module files of the
 * search path.
 *
 * Since: 0.1
 */
void
scalyr_monitor_registry_register_builtin (ScalyrMonitorRegistry *self,
                                          const char            *name,
                                          GType                  monitor_type)
{
  g_return_if_fail (SCALYR_IS_MONITOR_REGISTRY (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR));

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->builtins, g_strdup (name), GSIZE_TO_POINTER (monitor_type));
  g_mutex_unlock (&self->lock);
}

char **
scalyr_monitor_registry_dup_builtin_names (ScalyrMonitorRegistry *self)
{
  char **names;

  g_mutex_lock (&self->lock);
  names = (char **) g_hash_table_get_keys_as_array (self->builtins, NULL);
  for (gsize i = 0; names[i] != NULL; i++)
    names[i] = g_strdup (names[i]);
  g_mutex_unlock (&self->lock);
  return names;
}

/**
 * scalyr_monitor_registry_add_loader:
 * @self: a #ScalyrMonitorRegistry
 * @loader: a language loader
 *
 * Adds a language loader, replacing any loader of the same extension.
 * Loaders of the known languages are otherwise loaded on demand.
 *
 * Since: 0.1
 */
void
scalyr_monitor_registry_add_loader (ScalyrMonitorRegistry *self,
                                    ScalyrMonitorLoader   *loader)
{
  g_return_if_fail (SCALYR_IS_MONITOR_REGISTRY (self));
  g_return_if_fail (SCALYR_IS_MONITOR_LOADER (loader));

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->loaders->len; i++)
    {
      ScalyrMonitorLoader *old = g_ptr_array_index (self->loaders, i);

      if (g_strcmp0 (scalyr_monitor_loader_get_extension (old),
                     scalyr_monitor_loader_get_extension (loader)) == 0)
        {
          g_ptr_array_remove_index (self->loaders, i);
          break;
        }
    }
  g_ptr_array_add (self->loaders, g_object_ref (loader));
  g_mutex_unlock (&self->lock);
}

typedef GType (*LoaderGetType) (void);

/* ISO C has no cast between object and function pointers. */
static GType
call_get_type (gpointer symbol)
{
  LoaderGetType get_type;

  memcpy (&get_type, &symbol, sizeof get_type);
  return get_type ();
}

/* Called with the lock held. */
static ScalyrMonitorLoader *
get_loader_locked (ScalyrMonitorRegistry *self,
                   const LanguageInfo    *lang,
                   const char            *module_path,
                   GError               **error)
{
  g_autofree char *file = NULL;
  GModule *module;
  gpointer symbol = NULL;
  ScalyrMonitorLoader *loader;
  GType type;

  for (guint i = 0; i < self->loaders->len; i++)
    {
      loader = g_ptr_array_index (self->loaders, i);
      if (g_strcmp0 (scalyr_monitor_loader_get_extension (loader), lang->extension) == 0)
        return loader;
    }

  /* $SCALYR_LOADER_PATH (colon-separated), then the installed directory */
  {
    g_autofree char *file_name = g_strconcat (lang->loader_module, ".so", NULL);
    g_autofree char *dirs_text = NULL;

    file = scalyr_plugin_path_find (file_name, &dirs_text);
    if (file == NULL)
      {
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                     _("%s is a %s monitor, but the %s loader is not installed (%s.so not found in "
                       "%s); install it, or set SCALYR_LOADER_PATH to the directory that holds it"),
                     module_path, lang->language, lang->language, lang->loader_module, dirs_text);
        return NULL;
      }
  }
  module = g_module_open (file, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("Could not load the %s loader %s: %s"), lang->language, file, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, SCALYR_LOADER_MODULE_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s is not a loader module: it does not export %s()"), file, SCALYR_LOADER_MODULE_SYMBOL);
      g_module_close (module);
      return NULL;
    }
  g_module_make_resident (module);
  type = call_get_type (symbol);
  if (!g_type_is_a (type, SCALYR_TYPE_MONITOR_LOADER))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s does not define a ScalyrMonitorLoader"), file);
      return NULL;
    }
  loader = g_object_new (type, "language", lang->language, "extension", lang->extension, NULL);
  g_ptr_array_add (self->loaders, loader);
  return loader;
}

static ScalyrMonitorLoader *
get_loader (ScalyrMonitorRegistry *self,
            const LanguageInfo    *lang,
            const char            *module_path,
            GError               **error)
{
  ScalyrMonitorLoader *loader;

  g_mutex_lock (&self->lock);
  loader = get_loader_locked (self, lang, module_path, error);
  /* scalyr_monitor_registry_add_loader() may replace it meanwhile */
  if (loader != NULL)
    g_object_ref (loader);
  g_mutex_unlock (&self->lock);
  return loader;
}

static gboolean
is_valid_module_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.' || g_str_has_suffix (name, ".") || strstr (name, "..") != NULL)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
        return FALSE;
    }
  return TRUE;
}

/* Whether @path is a monitor of a reference checkout's builtin monitors
 * (`.../scalyr_agent/builtin_monitors/NAME.py`). */
static gboolean
is_reference_builtin (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *dir_name = g_path_get_basename (dir);
  g_autofree char *parent_name = g_path_get_basename (parent);

  return g_str_equal (dir_name, "builtin_monitors") && g_str_equal (parent_name, "scalyr_agent");
}

/* A reference checkout on the search path (for its other monitors) holds its
 * own versions of the builtin monitors, in Python; the builtin C module of
 * the same name wins over such a file: the reference's version needs a
 * third-party collector and the builtin one emits the same lines. The
 * path of that builtin module, or NULL when the builtin directory has none
 * of that name. */
static char *
find_builtin_replacement (const char *replaced)
{
  g_autofree char *base = g_path_get_basename (replaced);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);

  *strrchr (base, '.') = '\0';
  if (!add_env_dirs (dirs, "SCALYR_BUILTIN_MONITOR_PATH"))
    g_ptr_array_add (dirs, g_strdup (SCALYR_BUILTIN_MONITOR_DIR));
  for (guint d = 0; d < dirs->len; d++)
    {
      g_autofree char *so = g_strconcat (g_ptr_array_index (dirs, d), G_DIR_SEPARATOR_S, base, ".so", NULL);

      if (g_file_test (so, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&so);
    }
  return NULL;
}

typedef struct {
  char *path;
  const LanguageInfo *lang;
  char *replaces;              /* the reference's file a builtin module replaces */
} Location;

static void
location_clear (Location *loc)
{
  g_free (loc->path);
  g_free (loc->replaces);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Location, location_clear)

/* Finds the file of the module @relative (a path without extension) in
 * @dirs, as lookup loads it; FALSE if there is none. */
static gboolean
locate (const char   *relative,
        char * const *dirs,
        Location     *loc)
{
  for (gsize d = 0; dirs[d] != NULL; d++)
    {
      for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
        {
          g_autofree char *path = g_strconcat (dirs[d], G_DIR_SEPARATOR_S, relative,
                                               languages[l].extension, NULL);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          if (languages[l].loader_module != NULL && is_reference_builtin (path))
            {
              char *builtin = find_builtin_replacement (path);

              if (builtin != NULL)
                {
                  loc->path = builtin;
                  loc->lang = &languages[0];
                  loc->replaces = g_steal_pointer (&path);
                  return TRUE;
                }
            }
          loc->path = g_steal_pointer (&path);
          loc->lang = &languages[l];
          return TRUE;
        }
    }
  return FALSE;
}

/* Looks for the module file in the search path and loads it; called
 * without the lock (a loader may take long, or never return). */
static ScalyrMonitorModule *
find_file (ScalyrMonitorRegistry *self,
           const char            *name,
           const char            *relative,
           char * const          *dirs,
           GError               **error)
{
  g_auto(Location) loc = { 0 };
  g_autoptr(ScalyrMonitorLoader) loader = NULL;
  ScalyrMonitorModule *module;
  GType type;

  if (!locate (relative, dirs, &loc))
    return NULL;
  loader = get_loader (self, loc.lang, loc.path, error);
  if (loader == NULL)
    return NULL;
  type = scalyr_monitor_loader_load (loader, loc.path, name, error);
  if (type == G_TYPE_INVALID)
    return NULL;
  module = scalyr_monitor_module_new (name, loc.path, loc.lang->language, type);
  if (loc.replaces != NULL)
    scalyr_monitor_module_set_replaces (module, loc.replaces);
  return module;
}

/* the module name as a relative path, and the short name of a reference
 * builtin name (NULL otherwise; points into @module_name) */
static char *
relative_path (const char  *module_name,
               const char **short_name)
{
  *short_name = NULL;
  if (g_str_has_prefix (module_name, BUILTIN_PREFIX) && strchr (module_name + strlen (BUILTIN_PREFIX), '.') == NULL)
    *short_name = module_name + strlen (BUILTIN_PREFIX);
  return g_strdelimit (g_strdup (module_name), ".", G_DIR_SEPARATOR);
}

/**
 * scalyr_monitor_registry_dup_language:
 * @self: a #ScalyrMonitorRegistry
 * @module_name: a module name, as for scalyr_monitor_registry_lookup()
 *
 * Tells in which language the module scalyr_monitor_registry_lookup() would
 * load is written, without loading it: a program may then load modules of
 * an interpreted language one at a time, or on a thread of their own.
 *
 * Returns: (transfer full) (nullable): `C`, `Python` or `JavaScript`, or
 *   %NULL when there is no such module
 *
 * Since: 0.2
 */
char *
scalyr_monitor_registry_dup_language (ScalyrMonitorRegistry *self,
                                      const char            *module_name)
{
  g_auto(GStrv) dirs = NULL;
  g_autofree char *relative = NULL;
  g_auto(Location) loc = { 0 };
  ScalyrMonitorModule *module;
  const char *short_name;
  char *language = NULL;

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);
  g_return_val_if_fail (module_name != NULL, NULL);

  if (!is_valid_module_name (module_name))
    return NULL;
  g_mutex_lock (&self->lock);
  module = g_hash_table_lookup (self->modules, module_name);
  if (module != NULL)
    language = g_strdup (scalyr_monitor_module_get_language (module));
  g_mutex_unlock (&self->lock);
  if (language != NULL)
    return language;

  dirs = scalyr_monitor_registry_dup_search_path (self);
  relative = relative_path (module_name, &short_name);
  if (locate (relative, dirs, &loc) || (short_name != NULL && locate (short_name, dirs, &loc)))
    return g_strdup (loc.lang->language);
  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->builtins, module_name) ||
      (short_name != NULL && g_hash_table_contains (self->builtins, short_name)))
    language = g_strdup ("C");
  g_mutex_unlock (&self->lock);
  return language;
}

/**
 * scalyr_monitor_registry_lookup:
 * @self: a #ScalyrMonitorRegistry
 * @module_name: a module name, e.g. `random_coin` or
 *   `scalyr_agent.builtin_monitors.test_monitor`
 * @error: return location for a #GError
 *
 * Finds and loads a monitor module (see #ScalyrMonitorRegistry for the
 * search order). A module is loaded once; later lookups return it again.
 *
 * Fails with %SCALYR_MONITOR_ERROR_NOT_FOUND, naming the directories
 * searched, or %SCALYR_MONITOR_ERROR_LOAD_FAILED.
 *
 * Returns: (transfer full): the module, or %NULL with @error set
 *
 * Since: 0.1
 */
ScalyrMonitorModule *
scalyr_monitor_registry_lookup (ScalyrMonitorRegistry *self,
                                const char            *module_name,
                                GError               **error)
{
  g_auto(GStrv) dirs = NULL;
  g_autofree char *relative = NULL;
  ScalyrMonitorModule *module;
  GError *local_error = NULL;
  const char *short_name = NULL;
  gpointer builtin;

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);
  g_return_val_if_fail (module_name != NULL, NULL);

  if (!is_valid_module_name (module_name))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_NOT_FOUND,
                   _("Invalid monitor module name \"%s\": use a name like \"random_coin\" or "
                     "\"scalyr_agent.builtin_monitors.test_monitor\" (letters, digits, '_' and '-', "
                     "with '.' between package parts)"), module_name);
      return NULL;
    }

  dirs = scalyr_monitor_registry_dup_search_path (self);
  relative = relative_path (module_name, &short_name);

  g_mutex_lock (&self->lock);
  /* one thread loads a name; the others wait for it */
  while ((module = g_hash_table_lookup (self->modules, module_name)) == NULL &&
         g_hash_table_contains (self->loading, module_name))
    g_cond_wait (&self->loaded, &self->lock);
  if (module != NULL)
    {
      g_object_ref (module);
      g_mutex_unlock (&self->lock);
      return module;
    }
  g_hash_table_add (self->loading, g_strdup (module_name));
  g_mutex_unlock (&self->lock);

  module = find_file (self, module_name, relative, dirs, &local_error);
  if (module == NULL && local_error == NULL && short_name != NULL)
    module = find_file (self, module_name, short_name, dirs, &local_error);

  g_mutex_lock (&self->lock);
  if (module == NULL && local_error == NULL &&
      (g_hash_table_lookup_extended (self->builtins, module_name, NULL, &builtin) ||
       (short_name != NULL && g_hash_table_lookup_extended (self->builtins, short_name, NULL, &builtin))))
    module = scalyr_monitor_module_new (module_name, NULL, "C", (GType) GPOINTER_TO_SIZE (builtin));

  if (module != NULL)
    g_hash_table_insert (self->modules, g_strdup (module_name), g_object_ref (module));
  g_hash_table_remove (self->loading, module_name);
  g_cond_broadcast (&self->loaded);
  g_mutex_unlock (&self->lock);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (module == NULL)
    {
      g_autofree char *searched = g_strjoinv (", ", dirs);

      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_NOT_FOUND,
                   _("No monitor module named \"%s\" (looked for %s.so, %s.py and %s.js in %s); "
                     "add the directory that holds it with -p / additional_monitor_module_paths"),
                   module_name, relative, relative, relative, searched);
    }
  return module;
}

/**
 * scalyr_monitor_registry_create_monitor:
 * @self: a #ScalyrMonitorRegistry
 * @entry: a monitor configuration entry, with at least `module`
 * @logger: (nullable): the monitor's logger; %NULL to create one
 * @sample_interval: the default sample interval in seconds
 * @error: return location for a #GError
 *
 * Looks up the entry's module and builds a monitor from the entry (see
 * scalyr_monitor_new()).
 *
 * Returns: (transfer full): the monitor, or %NULL with @error set
 *
 * Since: 0.1
 */
ScalyrMonitor *
scalyr_monitor_registry_create_monitor (ScalyrMonitorRegistry *self,
                                        JsonObject            *entry,
                                        ScalyrAgentLogger     *logger,
                                        double                 sample_interval,
                                        GError               **error)
{
  g_autoptr(ScalyrMonitorModule) module = NULL;
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  const char *module_name;
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  node = json_object_get_member (entry, "module");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD,
                           _("The monitor entry has no \"module\" field (a string); add one, "
                             "e.g. module: \"test_monitor\""));
      return NULL;
    }
  module_name = json_node_get_string (node);
  module = scalyr_monitor_registry_lookup (self, module_name, error);
  if (module == NULL)
    return NULL;

  config = scalyr_monitor_config_new (entry, NULL);
  return scalyr_monitor_new (scalyr_monitor_module_get_monitor_type (module), module_name,
                             config, logger, sample_interval, error);
}
