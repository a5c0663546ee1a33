/* scalyr-monitor-registry-list.c: every module on the registry's search
 * path, by name, and described (`scalyr-agent list-monitors`)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-monitor-registry-private.h"
#include "scalyr-monitor.h"
#include "scalyr-i18n-private.h"

/* how deep package directories are searched (`a.b.c.name` at most) */
#define MAX_PACKAGE_DEPTH 3

static const char * const extensions[] = { ".so", ".py", ".js" };

/* a part of a module name: letters, digits, '_' and '-'; not hidden, not
 * private (`_x`, `__init__`, `__pycache__`) */
static gboolean
is_name_part (const char *part,
              gsize       length)
{
  if (length == 0 || part[0] == '_' || part[0] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (part[i]) && part[i] != '_' && part[i] != '-')
      return FALSE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
add_name (GPtrArray  *names,
          GHashTable *seen,
          char       *name)
{
  if (g_hash_table_contains (seen, name))
    {
      g_free (name);
      return;
    }
  g_hash_table_add (seen, name);
  g_ptr_array_add (names, name);
}

static void
scan_dir (const char *dir,
          const char *prefix,
          guint       depth,
          GPtrArray  *names,
          GHashTable *seen)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (d == NULL)
    return;
  while ((entry = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (entries, g_strdup (entry));
  g_ptr_array_sort (entries, compare_names);
  for (guint i = 0; i < entries->len; i++)
    {
      const char *base = g_ptr_array_index (entries, i);
      g_autofree char *path = g_build_filename (dir, base, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth < MAX_PACKAGE_DEPTH && is_name_part (base, strlen (base)))
            {
              g_autofree char *sub = g_strconcat (prefix, base, ".", NULL);
              scan_dir (path, sub, depth + 1, names, seen);
            }
          continue;
        }
      for (gsize e = 0; e < G_N_ELEMENTS (extensions); e++)
        if (g_str_has_suffix (base, extensions[e]) && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
            is_name_part (base, strlen (base) - strlen (extensions[e])))
          {
            g_autofree char *stem = g_strndup (base, strlen (base) - strlen (extensions[e]));
            add_name (names, seen, g_strconcat (prefix, stem, NULL));
          }
    }
}

/**
 * scalyr_monitor_registry_list_modules:
 * @self: a #ScalyrMonitorRegistry
 *
 * Lists the names of the modules on the search path (see
 * #ScalyrMonitorRegistry): every `.so`, `.py` and `.js` file of each
 * search directory and of its package directories (`a/b/name.py` is
 * `a.b.name`; names starting with `_` are left out), and the names given
 * to scalyr_monitor_registry_register_builtin(). Nothing is loaded: a file
 * listed may not be a monitor (scalyr_monitor_registry_describe_modules()
 * tells).
 *
 * Returns: (transfer full) (array zero-terminated=1): the module names,
 *   sorted, each once
 *
 * Since: 0.3
 */
char **
scalyr_monitor_registry_list_modules (ScalyrMonitorRegistry *self)
{
  g_auto(GStrv) dirs = NULL;
  g_auto(GStrv) builtins = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);

  dirs = scalyr_monitor_registry_dup_search_path (self);
  for (gsize d = 0; dirs[d] != NULL; d++)
    scan_dir (dirs[d], "", 0, names, seen);
  builtins = scalyr_monitor_registry_dup_builtin_names (self);
  for (gsize i = 0; builtins[i] != NULL; i++)
    add_name (names, seen, g_strdup (builtins[i]));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* A module loaded on a thread of its own, waited for with a deadline: its
 * import may never return. The thread keeps its own reference. */
typedef struct {
  gatomicrefcount ref;
  ScalyrMonitorRegistry *registry;
  char *name;
  GMutex lock;
  GCond cond;
  gboolean done;
  ScalyrMonitorModule *module;
  GError *error;
} LoadJob;

static void
load_job_unref (LoadJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_object_unref (job->registry);
  g_free (job->name);
  g_clear_object (&job->module);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_unref)

static gpointer
load_thread (gpointer data)
{
  LoadJob *job = data;
  GError *error = NULL;
  ScalyrMonitorModule *module = scalyr_monitor_registry_lookup (job->registry, job->name, &error);

  g_mutex_lock (&job->lock);
  job->module = module;
  job->error = error;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
  load_job_unref (job);
  return NULL;
}

/* the module, or NULL with @error set; *@timed_out when it did not load
 * within @timeout seconds (its thread is left behind) */
static ScalyrMonitorModule *
load_bounded (ScalyrMonitorRegistry *registry,
              const char            *name,
              double                 timeout,
              gboolean              *timed_out,
              GError               **error)
{
  g_autoptr(LoadJob) job = g_new0 (LoadJob, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);
  GThread *thread;

  g_atomic_ref_count_init (&job->ref);
  job->registry = g_object_ref (registry);
  job->name = g_strdup (name);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  *timed_out = FALSE;

  g_atomic_ref_count_inc (&job->ref);
  thread = g_thread_try_new ("list-load", load_thread, job, error);
  if (thread == NULL)
    {
      g_atomic_ref_count_dec (&job->ref);
      return NULL;
    }
  g_thread_unref (thread);
  g_mutex_lock (&job->lock);
  while (!job->done && g_cond_wait_until (&job->cond, &job->lock, deadline))
    ;
  if (!job->done)
    {
      g_mutex_unlock (&job->lock);
      *timed_out = TRUE;
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s did not load within %g s: its import did not return (an endless loop or a blocking "
                     "call at its top level?)"), name, timeout);
      return NULL;
    }
  g_mutex_unlock (&job->lock);
  if (job->module == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return NULL;
    }
  return g_steal_pointer (&job->module);
}

/* the first line of @description, up to its first sentence's end */
static char *
summary_of (const char *description)
{
  const char *end;
  const char *stop;

  if (description == NULL)
    return NULL;
  while (g_ascii_isspace (*description))
    description++;
  end = strchr (description, '\n');
  if (end == NULL)
    end = description + strlen (description);
  stop = g_strstr_len (description, end - description, ". ");
  if (stop != NULL)
    end = stop + 1;
  return g_strstrip (g_strndup (description, end - description));
}

/**
 * scalyr_monitor_registry_describe_modules:
 * @self: a #ScalyrMonitorRegistry
 * @load_timeout: how many seconds loading one module may take
 *
 * Lists the modules of scalyr_monitor_registry_list_modules() with what
 * loading each tells: a JSON array of objects with `name`, `language`
 * (`C`, `Python` or `JavaScript`), and either `path` (the file, absent for
 * a type registered with scalyr_monitor_registry_register_builtin()) and
 * `description` (the first sentence of the monitor's declared
 * description; absent when it declares none), or `error`: why it does not
 * load. A module that is not a monitor is listed with its error.
 *
 * Each module is loaded on a thread of its own, one at a time; one that
 * does not load within @load_timeout seconds is listed with that error and
 * left loading, and the modules of its language after it are not loaded
 * (their loader is held up by it): their error says so. Only the loaders
 * of the languages listed are loaded.
 *
 * Returns: (transfer full): a JSON array, sorted by name
 *
 * Since: 0.3
 */
JsonNode *
scalyr_monitor_registry_describe_modules (ScalyrMonitorRegistry *self,
                                          double                 load_timeout)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GHashTable) stuck = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (SCALYR_IS_MONITOR_REGISTRY (self), NULL);
  g_return_val_if_fail (load_timeout > 0, NULL);

  names = scalyr_monitor_registry_list_modules (self);
  json_builder_begin_array (b);
  for (gsize i = 0; names[i] != NULL; i++)
    {
      g_autofree char *language = scalyr_monitor_registry_dup_language (self, names[i]);
      const char *blocker = language != NULL ? g_hash_table_lookup (stuck, language) : NULL;
      g_autoptr(ScalyrMonitorModule) module = NULL;
      g_autoptr(GError) error = NULL;
      gboolean timed_out = FALSE;

      if (blocker != NULL)
        g_set_error (&error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                     _("not loaded: %s, in the same language, is still loading"), blocker);
      else
        module = load_bounded (self, names[i], load_timeout, &timed_out, &error);
      if (timed_out && language != NULL)
        g_hash_table_insert (stuck, g_strdup (language), g_strdup (names[i]));

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, names[i]);
      json_builder_set_member_name (b, "language");
      json_builder_add_string_value (b, language != NULL ? language : "");
      if (module != NULL)
        {
          g_autofree char *summary =
            summary_of (scalyr_monitor_get_type_description (scalyr_monitor_module_get_monitor_type (module)));

          if (scalyr_monitor_module_get_path (module) != NULL)
            {
              json_builder_set_member_name (b, "path");
              json_builder_add_string_value (b, scalyr_monitor_module_get_path (module));
            }
          if (summary != NULL && summary[0] != '\0')
            {
              json_builder_set_member_name (b, "description");
              json_builder_add_string_value (b, summary);
            }
        }
      else
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, error->message);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}
