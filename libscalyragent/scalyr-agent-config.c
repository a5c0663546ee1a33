/* scalyr-agent-config.c: agent.json, agent.d fragments, variables, environment
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "scalyr-agent-config-private.h"
#include "scalyr-agent-config-schema-private.h"
#include "scalyr-agent-config-locate-private.h"
#include "scalyr-agent-config-vars-private.h"
#include "scalyr-agent-config-finish-private.h"
#include "scalyr-agent-config-read-private.h"
#include "scalyr-agent-secrets-private.h"
#include "scalyr-agent-config-unimplemented-private.h"
#include "scalyr-agent-config-mistakes-private.h"
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

/**
 * ScalyrAgentConfig:
 *
 * The agent's configuration, loaded like the reference agent loads it: the
 * main file (`/etc/scalyr-agent-2/agent.json` or `--config PATH`), then
 * every `*.json` file of `config_directory` (default `agent.d`, relative to
 * the main file's directory) and of the extra config directory, in byte
 * order of their names.
 *
 * Each file is relaxed JSON (comments, unquoted keys, optional commas). Its
 * `import_vars` name environment variables whose values replace `$NAME` in
 * every string of that file. Fragments may only add to `logs`, `monitors`,
 * `server_attributes`, `workers`, `journald_logs`, `k8s_logs` and set
 * fields no other file set. Fields that no file sets take the environment
 * variable `SCALYR_<FIELD>` (or `scalyr_<field>`), then their default.
 *
 * Unlike the reference, every problem is reported as `file:line:col:
 * message` naming the field, all problems of a load are reported at once,
 * unknown top-level fields are reported as warnings, booleans accept only
 * true/false, 0/1 and the strings true/false/yes/no/1/0/"" (any case), and
 * a missing `api_key` is not an error: the agent then runs its monitors
 * and writes its logs locally without uploading.
 *
 * Thread safety: scalyr_agent_config_load() may be called from any thread;
 * a loaded configuration is immutable and may be read from any thread.
 *
 * Since: 0.1
 */

G_DEFINE_QUARK (scalyr-agent-config-error-quark, scalyr_agent_config_error)

/* the keys several files may set; they are merged */
static const char * const multi_file_keys[] = {
  "import_vars", "logs", "journald_logs", "k8s_logs", "monitors", "server_attributes", "workers", NULL
};


G_DEFINE_FINAL_TYPE (ScalyrAgentConfig, scalyr_agent_config, G_TYPE_OBJECT)

static void
scalyr_agent_config_finalize (GObject *object)
{
  ScalyrAgentConfig *self = SCALYR_AGENT_CONFIG (object);

  g_free (self->path);
  g_strfreev (self->files);
  g_strfreev (self->warnings);
  g_strfreev (self->skipped);
  g_clear_pointer (&self->object, json_object_unref);
  G_OBJECT_CLASS (scalyr_agent_config_parent_class)->finalize (object);
}

static void
scalyr_agent_config_class_init (ScalyrAgentConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scalyr_agent_config_finalize;
}

static void
scalyr_agent_config_init (ScalyrAgentConfig *self)
{
  (void) self;
}

/* ---- the state of one load ---- */

typedef struct {
  GPtrArray *errors;       /* char * */
  ScalyrAgentConfigError first_code;
  GPtrArray *warnings;     /* char * */
  GPtrArray *files;        /* char * */
  GHashTable *told;        /* fields already warned about as unimplemented */
  GHashTable *monitor_ids; /* "<short module>\n<explicit id>" -> where it was first given */
  GPtrArray *skipped;      /* char *: config directory entries that are not regular files */
} Loader;

static void G_GNUC_PRINTF (3, 4)
add_error (Loader                *loader,
           ScalyrAgentConfigError code,
           const char            *format,
           ...)
{
  va_list args;

  if (loader->errors->len == 0)
    loader->first_code = code;
  va_start (args, format);
  g_ptr_array_add (loader->errors, g_strdup_vprintf (format, args));
  va_end (args);
}

static void G_GNUC_PRINTF (2, 3)
add_warning (Loader     *loader,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (loader->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* the agent's code for an engine error about a file's value */
static ScalyrAgentConfigError
value_error_code (const GError *error)
{
  return g_error_matches (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE) ||
         g_error_matches (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG)
         ? SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE : SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE;
}

static gboolean
is_multi_file_key (const char *name)
{
  return g_strv_contains (multi_file_keys, name);
}

/* ---- values ---- */

static char *
describe (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("nothing");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("an array");
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

gboolean
scalyr_agent_config_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

const char * const *
scalyr_agent_config_get_skipped (ScalyrAgentConfig *self)
{
  return (const char * const *) self->skipped;
}

/**
 * scalyr_agent_config_parse_rate:
 * @text: a `max_send_rate_enforcement` value
 * @bytes_per_second: (out) (optional): the rate in bytes per second; 0 for no limit
 * @error: return location for a #GError
 *
 * Parses the `max_send_rate_enforcement` option of the agent configuration
 * like [func@Scalyr.config_parse_rate] (which a program that does not link
 * the daemon library uses), with the error in the
 * %SCALYR_AGENT_CONFIG_ERROR domain.
 *
 * Returns: %TRUE if @text is valid, else %FALSE with @error set
 *   (%SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE, naming the text and the
 *   accepted forms)
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_config_parse_rate (const char  *text,
                                double      *bytes_per_second,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (scalyr_config_parse_rate (text, bytes_per_second, &local_error))
    return TRUE;
  g_set_error_literal (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
                       local_error->message);
  return FALSE;
}

/* ---- one file ---- */

typedef struct {
  char *path;
  char *text;
  JsonObject *root;
} ConfigFile;

static void
config_file_free (ConfigFile *file)
{
  g_free (file->path);
  g_free (file->text);
  g_clear_pointer (&file->root, json_object_unref);
  g_free (file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfigFile, config_file_free)

static ConfigFile *
read_file (Loader     *loader,
           const char *path)
{
  g_autoptr(ConfigFile) file = g_new0 (ConfigFile, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) duplicates = NULL;
  gsize len;
  guint line = 0, col = 0;

  file->path = g_strdup (path);
  if (!scalyr_agent_config_read_text (path, &file->text, &len, &error))
    {
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_READ, _("%s: cannot read the configuration file: %s"),
                 path, error->message);
      return NULL;
    }
  g_ptr_array_add (loader->files, g_strdup (path));
  node = scalyr_json_parse_with_warnings (file->text, (gssize) len, &line, &col, &duplicates, &error);
  for (guint i = 0; duplicates[i] != NULL; i++)
    add_warning (loader, "%s:%s", path, duplicates[i]);
  if (node == NULL)
    {
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_PARSE, "%s:%u:%u: %s", path, MAX (line, 1), MAX (col, 1),
                 error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *v = describe (node);
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_PARSE,
                 _("%s:1:1: a configuration file must hold one JSON object ({ ... }), got %s"), path,
                 JSON_NODE_HOLDS_ARRAY (node) ? _("an array") : v);
      return NULL;
    }
  file->root = json_object_ref (json_node_get_object (node));

  {
    GStatBuf st;
    if (g_stat (path, &st) == 0 && (st.st_mode & 006) != 0)
      add_warning (loader, _("Config file %s is readable or writable by others (permissions=%o). "
                     "Config files can contain secrets: chmod o-rw %s"), path, (unsigned) (st.st_mode & 0777), path);
  }
  return g_steal_pointer (&file);
}

static void
check_monitor_id (Loader     *loader,
                  ConfigFile *file,
                  guint       index,
                  JsonNode   *module,
                  JsonNode   *id)
{
  PathElem path[] = { { "monitors", 0 }, { NULL, index }, { "id", 0 } };
  g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 3);
  g_autofree char *message = scalyr_agent_config_check_monitor_id (loader->monitor_ids, at, index, module, id);

  if (message != NULL)
    add_error (loader, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE, "%s", message);
}

/* checks the common fields of one monitor entry against their declarations
 * (scalyr_config_dup_monitor_common_options()); the monitor checks its own
 * options when it is created. Returns FALSE if the entry has an error. */
static gboolean
check_monitor_entry (Loader     *loader,
                     ConfigFile *file,
                     guint       index,
                     JsonObject *entry,
                     GPtrArray  *common)
{
  JsonNode *module = json_object_get_member (entry, "module");
  JsonNode *id = json_object_get_member (entry, "id");
  guint errors_before = loader->errors->len;

  if (module == NULL || !scalyr_agent_config_node_is_string (module) || json_node_get_string (module)[0] == '\0')
    {
      PathElem path[] = { { "monitors", 0 }, { NULL, index }, { "module", 0 } };
      g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, module == NULL ? 2 : 3);
      g_autofree char *v = describe (module);
      if (module == NULL)
        add_error (loader, SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD,
                   _("%s: monitors[%u]: the required field \"module\" is missing; add the monitor's module "
                     "name, e.g. module: \"random_coin\""), at, index);
      else
        add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                   _("%s: monitors[%u]: field \"module\" must be a non-empty string, got %s"), at, index, v);
    }
  if (id != NULL && !JSON_NODE_HOLDS_VALUE (id))
    {
      PathElem path[] = { { "monitors", 0 }, { NULL, index }, { "id", 0 } };
      g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 3);
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                 _("%s: monitors[%u]: field \"id\" must be a string or a number"), at, index);
    }
  check_monitor_id (loader, file, index, module, id);
  for (guint i = 0; i < common->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (common, i);
      const char *name = scalyr_monitor_option_get_name (option);
      JsonNode *value = json_object_get_member (entry, name);
      g_autoptr(JsonNode) converted = NULL;
      g_autoptr(GError) error = NULL;

      if (value == NULL || g_str_equal (name, "module") || g_str_equal (name, "id"))
        continue;
      converted = scalyr_config_convert_node (option, value, SCALYR_CONFIG_RULES_AGENT, &error);
      if (converted == NULL)
        {
          PathElem path[] = { { "monitors", 0 }, { NULL, index }, { name, 0 } };
          g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 3);
          add_error (loader, value_error_code (error), _("%s: monitors[%u]: field \"%s\": %s"),
                     at, index, name, error->message);
        }
    }
  return loader->errors->len == errors_before;
}

/* a field that has no effect in this agent: a warning, once per load */
static void
tell_unimplemented (Loader     *loader,
                    ConfigFile *file,
                    const char *key)
{
  const char *reason = scalyr_agent_config_unimplemented (key);
  PathElem path[] = { { key, 0 } };
  g_autofree char *at = NULL;

  if (reason == NULL || !g_hash_table_add (loader->told, g_strdup (key)))
    return;
  at = scalyr_agent_config_where (file->path, file->text, path, 1);
  add_warning (loader, _(reason), at, key);
}

static gboolean
check_string_field (Loader              *loader,
                    ConfigFile          *file,
                    const char          *key,
                    ScalyrMonitorOption *spec,
                    JsonNode            *value)
{
  PathElem path[] = { { key, 0 } };
  g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 1);
  g_autofree char *message = scalyr_agent_config_check_string_field (at, key, spec, value);

  if (message != NULL)
    add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE, "%s", message);
  return message == NULL;
}

/* Type-checks every key of @file and stores the converted values in
 * @out (which has the keys of this file only). */
static void
check_file (Loader     *loader,
            ConfigFile *file,
            JsonObject *out)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, file->root);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      ScalyrMonitorOption *spec = scalyr_agent_config_schema_find (key);
      PathElem path[] = { { key, 0 } };
      g_autoptr(GError) error = NULL;
      JsonNode *converted;

      tell_unimplemented (loader, file, key);
      if (spec == NULL)
        {
          g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 1);
          g_autofree char *near = scalyr_config_suggest_name (key, scalyr_agent_config_schema ());

          if (scalyr_agent_config_unimplemented (key) != NULL)
            continue;
          if (near != NULL)
            add_warning (loader, _("%s: unknown field \"%s\" is ignored; did you mean \"%s\"?"), at, key, near);
          else
            add_warning (loader, _("%s: unknown field \"%s\" is ignored; check its spelling"), at, key);
          continue;
        }
      if (!check_string_field (loader, file, key, spec, value))
        continue;
      converted = scalyr_config_convert_node (spec, value, SCALYR_CONFIG_RULES_AGENT, &error);
      if (converted == NULL)
        {
          g_autofree char *at = scalyr_agent_config_where (file->path, file->text, path, 1);
          add_error (loader, value_error_code (error), _("%s: field \"%s\": %s"), at, key, error->message);
          continue;
        }
      if (g_str_equal (key, "monitors"))
        {
          JsonArray *monitors = json_node_get_array (converted);
          GPtrArray *common = scalyr_agent_config_common_options ();

          /* an entry with an error is left out, so that --check-config,
           * which goes on to build the monitors, reports it once */
          guint n = json_array_get_length (monitors);
          g_autofree gboolean *bad = g_new0 (gboolean, n + 1);

          for (guint i = 0; i < n; i++)
            bad[i] = !check_monitor_entry (loader, file, i, json_array_get_object_element (monitors, i), common);
          for (guint i = n; i > 0; i--)
            if (bad[i - 1])
              json_array_remove_element (monitors, i - 1);
        }
      if (g_str_equal (key, "logs"))
        {
          JsonArray *logs = json_node_get_array (converted);
          for (guint i = 0; i < json_array_get_length (logs); i++)
            {
              JsonNode *p = json_object_get_member (json_array_get_object_element (logs, i), "path");
              if (p == NULL || !scalyr_agent_config_node_is_string (p))
                {
                  PathElem lp[] = { { "logs", 0 }, { NULL, i } };
                  g_autofree char *at = scalyr_agent_config_where (file->path, file->text, lp, 2);
                  if (p == NULL)
                    add_error (loader, SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD,
                               _("%s: logs[%u]: the required field \"path\" is missing; set it to the file to "
                                 "collect"), at, i);
                  else
                    add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                               _("%s: logs[%u]: the required field \"path\" is not a string; set it to the file "
                                 "to collect"), at, i);
                }
            }
        }
      json_object_set_member (out, key, converted);
    }
}

static GPtrArray *
warnings_of (Loader *loader)
{
  return loader->warnings;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* the *.json entries of @dir, in byte order; those that are not regular
 * files (dangling or looping links, directories, FIFOs...) are skipped and
 * listed in @loader->skipped (a warning when running, an error for
 * --check-config), never opened: a FIFO would block */
static void
list_fragments (Loader     *loader,
                const char *dir,
                GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *full = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      full = g_build_filename (dir, name, NULL);
      if (!scalyr_safe_file_check_regular (full, &error))
        {
          g_ptr_array_add (loader->skipped, g_strdup_printf (_("%s: skipped: the config directory's *.json entries "
                                                               "must be regular files (or links to one); remove it "
                                                               "or rename it without .json"), error->message));
          continue;
        }
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);   /* byte order */
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (out, g_build_filename (dir, g_ptr_array_index (names, i), NULL));
}

static char *
resolve_against (const char *base_dir,
                 const char *path)
{
  return g_path_is_absolute (path) ? g_canonicalize_filename (path, NULL)
                                   : g_canonicalize_filename (path, base_dir);
}

/* ---- the whole load ---- */

/* the variables of @file's import_vars; one that is unset and has no
 * default is an error (its $NAME would silently become "") */
static GPtrArray *
collect_vars (Loader     *loader,
              ConfigFile *file)
{
  g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *vars = scalyr_agent_config_collect_vars (file->root, file->path, file->text, unset);

  for (guint i = 0; i < unset->len; i++)
    add_error (loader, SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT, "%s", (const char *) g_ptr_array_index (unset, i));
  return vars;
}

static JsonObject *
load (Loader     *loader,
      const char *main_path,
      const char *extra_dir)
{
  g_autoptr(ConfigFile) main_file = NULL;
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(GHashTable) first_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) fragments = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) vars = NULL;
  g_autofree char *main_dir = g_path_get_dirname (main_path);
  const char *env_extra;

  main_file = read_file (loader, main_path);
  if (main_file == NULL)
    {
      /* reported; the fragments are still read and checked, so that one
       * run reports the problems of every file */
      main_file = g_new0 (ConfigFile, 1);
      main_file->path = g_strdup (main_path);
      main_file->text = g_strdup ("");
      main_file->root = json_object_new ();
    }
  vars = collect_vars (loader, main_file);
  {
    g_autoptr(JsonNode) holder = json_node_init_object (json_node_alloc (), main_file->root);
    scalyr_agent_config_substitute (holder, vars);
  }
  check_file (loader, main_file, merged);
  {
    JsonObjectIter iter;
    const char *key;
    JsonNode *value;
    json_object_iter_init_ordered (&iter, main_file->root);
    while (json_object_iter_next_ordered (&iter, &key, &value))
      g_hash_table_insert (first_seen, g_strdup (key), g_strdup (main_path));
  }

  /* fragments: config_directory, then the extra directory */
  {
    JsonNode *dir_node = json_object_get_member (merged, "config_directory");
    g_autofree char *dir = NULL;
    const char *dir_text = dir_node != NULL ? json_node_get_string (dir_node) : NULL;

    if (dir_text == NULL)
      dir_text = g_getenv ("SCALYR_CONFIG_DIRECTORY");
    dir = resolve_against (main_dir, dir_text != NULL ? dir_text : "agent.d");
    list_fragments (loader, dir, fragments);
    env_extra = extra_dir != NULL ? extra_dir : g_getenv ("SCALYR_EXTRA_CONFIG_DIR");
    if (env_extra != NULL && env_extra[0] != '\0')
      {
        g_autofree char *extra = resolve_against (main_dir, env_extra);
        list_fragments (loader, extra, fragments);
      }
  }

  for (guint f = 0; f < fragments->len; f++)
    {
      const char *frag_path = g_ptr_array_index (fragments, f);
      g_autoptr(ConfigFile) frag = read_file (loader, frag_path);
      g_autoptr(JsonObject) values = NULL;
      g_autoptr(GPtrArray) frag_vars = NULL;
      g_autoptr(GList) keys = NULL;
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      if (frag == NULL)
        continue;
      if (json_object_has_member (frag->root, "api_keys"))
        {
          JsonNode *n = json_node_copy (json_object_get_member (frag->root, "api_keys"));
          json_object_remove_member (frag->root, "api_keys");
          json_object_set_member (frag->root, "workers", n);
        }
      keys = json_object_get_members (frag->root);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *first;
          key = l->data;
          if (is_multi_file_key (key))
            continue;
          first = g_hash_table_lookup (first_seen, key);
          if (first != NULL)
            {
              PathElem path[] = { { key, 0 } };
              g_autofree char *at = scalyr_agent_config_where (frag->path, frag->text, path, 1);
              add_error (loader, SCALYR_AGENT_CONFIG_ERROR_MULTIPLE_KEYS,
                         _("%s: field \"%s\" is already set in \"%s\"; only import_vars, logs, journald_logs, "
                           "k8s_logs, monitors, server_attributes and workers may be set in several files. "
                           "Remove one of the two"), at, key, first);
              json_object_remove_member (frag->root, key);
            }
          else
            g_hash_table_insert (first_seen, g_strdup (key), g_strdup (frag_path));
        }
      frag_vars = collect_vars (loader, frag);
      {
        g_autoptr(JsonNode) holder = json_node_init_object (json_node_alloc (), frag->root);
        scalyr_agent_config_substitute (holder, frag_vars);
      }
      values = json_object_new ();
      check_file (loader, frag, values);
      json_object_iter_init_ordered (&iter, values);
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          JsonNode *existing = json_object_get_member (merged, key);

          if (g_str_equal (key, "import_vars"))
            continue;
          if (existing != NULL && JSON_NODE_HOLDS_ARRAY (existing) && JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *dst = json_node_get_array (existing), *src = json_node_get_array (value);
              for (guint i = 0; i < json_array_get_length (src); i++)
                json_array_add_element (dst, json_node_copy (json_array_get_element (src, i)));
            }
          else if (existing != NULL && g_str_equal (key, "server_attributes"))
            {
              JsonObjectIter it2;
              const char *k2;
              JsonNode *v2;
              json_object_iter_init_ordered (&it2, json_node_get_object (value));
              while (json_object_iter_next_ordered (&it2, &k2, &v2))
                json_object_set_member (json_node_get_object (existing), k2, json_node_copy (v2));
            }
          else
            json_object_set_member (merged, key, json_node_copy (value));
        }
    }

  /* environment and defaults */
  for (guint i = 0; i < scalyr_agent_config_schema ()->len; i++)
    {
      ScalyrMonitorOption *spec = g_ptr_array_index (scalyr_agent_config_schema (), i);
      const char *name = scalyr_monitor_option_get_name (spec);
      g_autofree char *env_name = NULL;
      g_autofree char *env_value = scalyr_config_lookup_env (spec, &env_name);
      g_autoptr(JsonNode) env_node = NULL;

      /* the agent took it out of the environment at start */
      if (env_value == NULL && g_str_equal (name, "api_key") && scalyr_agent_secrets_api_key_env () != NULL)
        {
          env_value = g_strdup (scalyr_agent_secrets_api_key_env ());
          g_free (env_name);
          env_name = g_strdup ("SCALYR_API_KEY");
        }

      if (env_value != NULL)
        {
          g_autoptr(GError) error = NULL;

          env_node = scalyr_config_convert_string (spec, env_value, SCALYR_CONFIG_RULES_AGENT, &error);
          if (env_node == NULL)
            {
              add_error (loader, SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT,
                         _("environment variable %s (for field \"%s\"): %s"), env_name, name, error->message);
              continue;
            }
        }
      if (json_object_has_member (merged, name))
        {
          if (env_node != NULL && !json_node_equal (env_node, json_object_get_member (merged, name)))
            add_warning (loader, _("Conflicting values detected between global config file parameter `%s` and "
                           "the environment variable `%s`. Ignoring environment variable."), name, env_name);
          continue;
        }
      if (env_node != NULL)
        {
          if (!(g_str_equal (name, "api_key") && env_value[0] == '\0'))
            json_object_set_member (merged, name, g_steal_pointer (&env_node));
        }
      if (!json_object_has_member (merged, name))
        {
          JsonNode *def = scalyr_agent_config_schema_default (spec);

          if (def != NULL)
            json_object_set_member (merged, name, def);
        }
    }

  scalyr_agent_config_finish (merged, main_dir, warnings_of (loader));
  /* with errors, what is left (for --check-config, which goes on) */
  return g_steal_pointer (&merged);
}

/* Loads like scalyr_agent_config_load(); with errors, @error lists them and
 * the configuration made of what was valid is returned all the same when
 * @keep_on_error (--check-config goes on to check the monitors of it). */
static ScalyrAgentConfig *
load_config (const char *path,
             const char *extra_config_dir,
             gboolean    keep_on_error,
             GError    **error)
{
  Loader loader = { 0 };
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) monitor_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *abs = g_canonicalize_filename (path != NULL ? path : SCALYR_AGENT_CONFIG_DEFAULT_PATH, NULL);
  g_autoptr(JsonObject) object = NULL;
  ScalyrAgentConfig *self;

  loader.errors = errors;
  loader.warnings = warnings;
  loader.files = files;
  loader.skipped = skipped;
  loader.told = told;
  loader.monitor_ids = monitor_ids;
  object = load (&loader, abs, extra_config_dir);
  if (errors->len > 0)
    {
      g_autofree char *joined = NULL;
      g_ptr_array_add (errors, NULL);
      joined = g_strjoinv ("\n", (char **) errors->pdata);
      g_set_error_literal (error, SCALYR_AGENT_CONFIG_ERROR, loader.first_code, joined);
      if (!keep_on_error)
        return NULL;
    }

  self = g_object_new (SCALYR_TYPE_AGENT_CONFIG, NULL);
  self->path = g_steal_pointer (&abs);
  self->object = g_steal_pointer (&object);
  g_ptr_array_add (files, NULL);
  self->files = (GStrv) g_ptr_array_steal (files, NULL);
  g_ptr_array_add (warnings, NULL);
  self->warnings = (GStrv) g_ptr_array_steal (warnings, NULL);
  g_ptr_array_add (skipped, NULL);
  self->skipped = (GStrv) g_ptr_array_steal (skipped, NULL);
  return self;
}

/**
 * scalyr_agent_config_load:
 * @path: (type filename) (nullable): the main configuration file;
 *   %NULL for %SCALYR_AGENT_CONFIG_DEFAULT_PATH
 * @extra_config_dir: (type filename) (nullable): a directory of fragments
 *   read after `config_directory` (`--extra-config-dir`); %NULL to use
 *   `SCALYR_EXTRA_CONFIG_DIR` if set
 * @error: return location for a #GError
 *
 * Reads, merges and validates the configuration. On failure the error's
 * message lists every problem found, one a line, each as
 * `file:line:col: message`: a file that does not parse does not stop the
 * others from being read and checked. A file larger than 4 MiB is refused
 * (%SCALYR_AGENT_CONFIG_ERROR_READ) without being read.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 *
 * Since: 0.1
 */
ScalyrAgentConfig *
scalyr_agent_config_load (const char *path,
                          const char *extra_config_dir,
                          GError    **error)
{
  return load_config (path, extra_config_dir, FALSE, error);
}

ScalyrAgentConfig *
scalyr_agent_config_load_for_check (const char *path,
                                    const char *extra_config_dir,
                                    GError    **error)
{
  return load_config (path, extra_config_dir, TRUE, error);
}
