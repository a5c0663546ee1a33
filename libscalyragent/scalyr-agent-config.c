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

#include "scalyr-agent-config.h"
#include <scalyrmon.h>

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
 * A loaded configuration is immutable, so it can be shared between threads.
 */

G_DEFINE_QUARK (scalyr-agent-config-error-quark, scalyr_agent_config_error)

typedef enum {
  T_STRING,
  T_BOOL,
  T_INT,
  T_FLOAT,
  T_OBJECT,          /* object of strings (numbers accepted) */
  T_OBJECT_ARRAY,    /* array of objects */
  T_STRING_ARRAY,    /* array of strings */
  T_IMPORT_VARS,     /* array of names or {var, default} objects */
} FieldType;

typedef struct {
  const char *name;
  FieldType   type;
  const char *default_value;   /* as relaxed JSON; NULL = absent */
  gboolean    env_aware;
  double      min;             /* numbers: inclusive bounds, NAN = none */
  double      max;
  gboolean    min_exclusive;
} FieldSpec;

#define NB NAN
static const FieldSpec fields[] = {
  { "api_key", T_STRING, "\"\"", TRUE, NB, NB, FALSE },
  { "scalyr_server", T_STRING, "\"https://agent.scalyr.com\"", TRUE, NB, NB, FALSE },
  { "allow_http", T_BOOL, "false", TRUE, NB, NB, FALSE },
  { "allow_http_monitors", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "server_attributes", T_OBJECT, "{}", TRUE, NB, NB, FALSE },
  { "import_vars", T_IMPORT_VARS, NULL, FALSE, NB, NB, FALSE },
  { "logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE },
  { "journald_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE },
  { "k8s_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE },
  { "workers", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE },
  { "monitors", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE },
  { "additional_monitor_module_paths", T_STRING, "\"\"", TRUE, NB, NB, FALSE },
  { "config_directory", T_STRING, "\"agent.d\"", TRUE, NB, NB, FALSE },
  { "implicit_metric_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "implicit_agent_process_metrics_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "implicit_agent_log_collection", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "agent_log_path", T_STRING, "\"/var/log/scalyr-agent-2\"", TRUE, NB, NB, FALSE },
  { "agent_data_path", T_STRING, "\"/var/lib/scalyr-agent-2\"", TRUE, NB, NB, FALSE },
  { "global_monitor_sample_interval", T_FLOAT, "30.0", TRUE, 0, NB, TRUE },
  { "global_monitor_sample_interval_enable_jitter", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "config_change_check_interval", T_FLOAT, "30.0", TRUE, 0, NB, TRUE },
  { "log_rotation_max_bytes", T_INT, "20971520", TRUE, 0, NB, FALSE },
  { "log_rotation_backup_count", T_INT, "2", TRUE, 0, 1000, FALSE },
  { "max_line_size", T_INT, "49900", TRUE, 1, NB, FALSE },
  { "read_page_size", T_INT, "65536", TRUE, 1, NB, FALSE },
  { "internal_parse_max_line_size", T_INT, NULL, TRUE, 1, NB, FALSE },
  { "line_completion_wait_time", T_FLOAT, "5.0", TRUE, 0, NB, FALSE },
  { "compression_type", T_STRING, "\"deflate\"", TRUE, NB, NB, FALSE },
  { "compression_level", T_INT, NULL, TRUE, NB, NB, FALSE },
  { "max_send_rate_enforcement", T_STRING, "\"unlimited\"", TRUE, NB, NB, FALSE },
  { "disable_max_send_rate_enforcement_overrides", T_BOOL, "false", TRUE, NB, NB, FALSE },
  { "max_allowed_request_size", T_INT, "1048576", TRUE, 1, NB, FALSE },
  { "min_allowed_request_size", T_INT, "102400", TRUE, 1, NB, FALSE },
  { "min_request_spacing_interval", T_FLOAT, "1.0", TRUE, 0, NB, FALSE },
  { "max_request_spacing_interval", T_FLOAT, "5.0", TRUE, 0, NB, FALSE },
  { "pipeline_threshold", T_FLOAT, "1.1", TRUE, NB, NB, FALSE },
  { "max_log_offset_size", T_INT, "5242880", TRUE, 0, NB, FALSE },
  { "max_existing_log_offset_size", T_INT, "104857600", TRUE, 0, NB, FALSE },
  { "debug_level", T_INT, "0", TRUE, 0, 5, FALSE },
  { "stdout_severity", T_STRING, "\"NOTSET\"", TRUE, NB, NB, FALSE },
  { "verify_server_certificate", T_BOOL, "true", TRUE, NB, NB, FALSE },
  { "ca_cert_path", T_STRING, NULL, TRUE, NB, NB, FALSE },
  { "http_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE },
  { "https_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE },
  { "request_deadline", T_FLOAT, "60.0", TRUE, 0, NB, TRUE },
  { "user_agent_refresh_interval", T_INT, "60", TRUE, 1, NB, FALSE },
  { "agent_status_timeout", T_INT, "30", FALSE, 1, NB, FALSE },
  { "pidfile_advanced_reuse_guard", T_BOOL, "false", TRUE, NB, NB, FALSE },
  { "strip_domain_from_default_server_host", T_BOOL, "false", TRUE, NB, NB, FALSE },
  { "overall_stats_log_interval", T_FLOAT, "600.0", TRUE, 0, NB, FALSE },
  { "bandwidth_stats_log_interval", T_FLOAT, "60.0", TRUE, 0, NB, FALSE },
  { "copying_manager_stats_log_interval", T_FLOAT, "300.0", TRUE, 0, NB, FALSE },
  { "calculate_rate_metric_names", T_STRING_ARRAY, "[]", TRUE, NB, NB, FALSE },
  { "json_library", T_STRING, "\"auto\"", TRUE, NB, NB, FALSE },
};
#undef NB

/* the keys several files may set; they are merged */
static const char * const multi_file_keys[] = {
  "import_vars", "logs", "journald_logs", "k8s_logs", "monitors", "server_attributes", "workers", NULL
};

/* the fields the rate enforcement forces, with the forced values */
static const struct {
  const char *name;
  const char *forced;
} rate_overrides[] = {
  { "max_allowed_request_size", "5900000" },
  { "pipeline_threshold", "0.0" },
  { "min_request_spacing_interval", "0.0" },
  { "max_request_spacing_interval", "5.0" },
  { "max_log_offset_size", "200000000" },
  { "max_existing_log_offset_size", "200000000" },
};

struct _ScalyrAgentConfig
{
  GObject parent_instance;

  char *path;
  GStrv files;
  GStrv warnings;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (ScalyrAgentConfig, scalyr_agent_config, G_TYPE_OBJECT)

static void
scalyr_agent_config_finalize (GObject *object)
{
  ScalyrAgentConfig *self = SCALYR_AGENT_CONFIG (object);

  g_free (self->path);
  g_strfreev (self->files);
  g_strfreev (self->warnings);
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

static const FieldSpec *
find_field (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, name))
      return &fields[i];
  return NULL;
}

static gboolean
is_multi_file_key (const char *name)
{
  return g_strv_contains (multi_file_keys, name);
}

/* ---- locating a field in the text of a file ----
 *
 * The relaxed parser gives positions only for syntax errors, so the
 * position of a field that fails validation is found again in the text
 * (which parsed, so the scanner below may be lenient). A path is a list of
 * object keys and array indexes. */

typedef struct {
  const char *key;   /* NULL: array element #index */
  guint index;
} PathElem;

typedef struct {
  const char *p;
  const char *end;
} Scan;

static void
scan_ws (Scan *s)
{
  while (s->p < s->end)
    {
      if (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n' || *s->p == ',')
        s->p++;
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '/')
        {
          while (s->p < s->end && *s->p != '\n' && *s->p != '\r')
            s->p++;
        }
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '*')
        {
          const char *close = g_strstr_len (s->p + 2, s->end - s->p - 2, "*/");
          s->p = close != NULL ? close + 2 : s->end;
        }
      else
        break;
    }
}

/* skips a string (triple or plain) starting at s->p; returns its raw body */
static void
scan_string (Scan        *s,
             const char **body,
             gsize       *body_len)
{
  if (s->end - s->p >= 6 && strncmp (s->p, "\"\"\"", 3) == 0)
    {
      const char *close = g_strstr_len (s->p + 3, s->end - s->p - 3, "\"\"\"");
      *body = s->p + 3;
      *body_len = close != NULL ? (gsize) (close - *body) : 0;
      s->p = close != NULL ? close + 3 : s->end;
      return;
    }
  s->p++;
  *body = s->p;
  while (s->p < s->end && *s->p != '"')
    s->p += (*s->p == '\\' && s->p + 1 < s->end) ? 2 : 1;
  *body_len = (gsize) (s->p - *body);
  if (s->p < s->end)
    s->p++;
}

static void scan_value (Scan *s);

static void
scan_value (Scan *s)
{
  scan_ws (s);
  if (s->p >= s->end)
    return;
  if (*s->p == '{' || *s->p == '[')
    {
      char close = *s->p == '{' ? '}' : ']';
      s->p++;
      for (;;)
        {
          scan_ws (s);
          if (s->p >= s->end)
            return;
          if (*s->p == close)
            {
              s->p++;
              return;
            }
          if (*s->p == ':')
            s->p++;
          else
            scan_value (s);
        }
    }
  if (*s->p == '"')
    {
      const char *body;
      gsize len;

      scan_string (s, &body, &len);
      for (;;)
        {
          Scan save = *s;
          scan_ws (s);
          if (s->p < s->end && *s->p == '+')
            {
              s->p++;
              scan_ws (s);
              if (s->p < s->end && *s->p == '"')
                {
                  scan_string (s, &body, &len);
                  continue;
                }
            }
          *s = save;
          return;
        }
    }
  while (s->p < s->end && strchr (" \t\r\n,:{}[]/", *s->p) == NULL)
    s->p++;
}

/* Returns the start of the key (or element) at @path, or NULL */
static const char *
locate (const char     *text,
        const PathElem *path,
        gsize           n_path)
{
  Scan s = { text, text + strlen (text) };

  for (gsize depth = 0; depth < n_path; depth++)
    {
      const PathElem *want = &path[depth];
      const char *found = NULL;

      scan_ws (&s);
      if (s.p >= s.end)
        return NULL;
      if (want->key != NULL)
        {
          if (*s.p != '{')
            return NULL;
          s.p++;
          for (;;)
            {
              const char *key_start, *body;
              gsize len;

              scan_ws (&s);
              if (s.p >= s.end || *s.p == '}')
                break;
              key_start = s.p;
              if (*s.p == '"')
                scan_string (&s, &body, &len);
              else
                {
                  body = s.p;
                  while (s.p < s.end && (g_ascii_isalnum (*s.p) || *s.p == '_'))
                    s.p++;
                  len = (gsize) (s.p - body);
                  if (len == 0)
                    return NULL;
                }
              scan_ws (&s);
              if (s.p < s.end && *s.p == ':')
                s.p++;
              if (len == strlen (want->key) && strncmp (body, want->key, len) == 0)
                found = key_start;   /* the last one wins, like the parser */
              if (found == key_start && depth + 1 < n_path)
                break;
              scan_value (&s);
            }
          if (found == NULL)
            return NULL;
          if (depth + 1 == n_path)
            return found;
          /* descend: position on the value */
          s.p = found;
          if (*s.p == '"')
            {
              const char *body;
              gsize len;
              scan_string (&s, &body, &len);
            }
          else
            while (s.p < s.end && (g_ascii_isalnum (*s.p) || *s.p == '_'))
              s.p++;
          scan_ws (&s);
          if (s.p < s.end && *s.p == ':')
            s.p++;
        }
      else
        {
          if (*s.p != '[')
            return NULL;
          s.p++;
          for (guint i = 0;; i++)
            {
              scan_ws (&s);
              if (s.p >= s.end || *s.p == ']')
                return NULL;
              if (i == want->index)
                break;
              scan_value (&s);
            }
          if (depth + 1 == n_path)
            return s.p;
        }
    }
  return NULL;
}

/* "path:line:col" of @path in @text (line 1, column 1 when not found) */
static char *
where (const char     *file,
       const char     *text,
       const PathElem *path,
       gsize           n_path)
{
  const char *at = text != NULL ? locate (text, path, n_path) : NULL;
  guint line = 1, col = 1;

  if (at != NULL)
    for (const char *p = text; p < at; p = g_utf8_next_char (p))
      {
        if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
          {
            line++;
            col = 1;
          }
        else if (*p != '\r')
          col++;
      }
  return g_strdup_printf ("%s:%u:%u", file, line, col);
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

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_bool (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* we: true/false, 0/1, and true/false/yes/no/1/0/"" in any case */
static gboolean
parse_bool_string (const char *text,
                   gboolean   *out)
{
  static const char * const truths[] = { "true", "yes", "1", NULL };
  static const char * const lies[] = { "false", "no", "0", "", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *stripped = g_strstrip (g_strdup (lower));

  if (g_strv_contains (truths, stripped))
    *out = TRUE;
  else if (g_strv_contains (lies, stripped))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && errno == 0 && isfinite (*out);
}

static const char *
type_words (FieldType type)
{
  switch (type)
    {
    case T_STRING: return "a string";
    case T_BOOL: return "a boolean (true or false)";
    case T_INT: return "an integer";
    case T_FLOAT: return "a number";
    case T_OBJECT: return "an object of strings, e.g. { name: \"value\" }";
    case T_OBJECT_ARRAY: return "an array of objects, e.g. [ { ... } ]";
    case T_STRING_ARRAY: return "an array of strings";
    case T_IMPORT_VARS: return "an array of variable names or { var: \"NAME\", default: \"value\" } objects";
    default: return "?";
    }
}

/* Converts @node to the declared type (§3.1, booleans as we decided);
 * returns NULL with *message set when it cannot. */
static JsonNode *
coerce (JsonNode  *node,
        FieldType  type,
        char     **message)
{
  g_autofree char *shown = NULL;

  switch (type)
    {
    case T_STRING:
      if (is_string (node))
        return json_node_copy (node);
      if (is_number (node))
        {
          g_autofree char *text = json_to_string (node, FALSE);
          return json_node_init_string (json_node_alloc (), text);
        }
      break;
    case T_BOOL:
      if (is_bool (node))
        return json_node_copy (node);
      if (is_number (node) && (json_node_get_double (node) == 0 || json_node_get_double (node) == 1))
        return json_node_init_boolean (json_node_alloc (), json_node_get_double (node) != 0);
      if (is_string (node))
        {
          gboolean b;
          if (parse_bool_string (json_node_get_string (node), &b))
            return json_node_init_boolean (json_node_alloc (), b);
        }
      break;
    case T_INT:
    case T_FLOAT:
      {
        double d;
        gboolean ok = FALSE;

        if (is_number (node))
          {
            if (type == T_INT && json_node_get_value_type (node) == G_TYPE_INT64)
              return json_node_copy (node);
            d = json_node_get_double (node);
            ok = isfinite (d);
          }
        else if (is_string (node))
          ok = parse_number (json_node_get_string (node), &d);
        if (ok && type == T_INT)
          {
            if (fabs (d) > 9.0e18)
              break;
            return json_node_init_int (json_node_alloc (), (gint64) trunc (d));
          }
        if (ok)
          return json_node_init_double (json_node_alloc (), d);
      }
      break;
    case T_OBJECT:
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *in = json_node_get_object (node);
          g_autoptr(JsonObject) out = json_object_new ();
          JsonObjectIter iter;
          const char *key;
          JsonNode *member;

          json_object_iter_init_ordered (&iter, in);
          while (json_object_iter_next_ordered (&iter, &key, &member))
            {
              if (is_string (member))
                json_object_set_string_member (out, key, json_node_get_string (member));
              else if (is_number (member))
                json_object_set_member (out, key, coerce (member, T_STRING, message));
              else
                {
                  g_autofree char *v = describe (member);
                  *message = g_strdup_printf ("the value of \"%s\" must be a string or a number, got %s", key, v);
                  return NULL;
                }
            }
          return json_node_init_object (json_node_alloc (), out);
        }
      break;
    case T_OBJECT_ARRAY:
    case T_STRING_ARRAY:
    case T_IMPORT_VARS:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              gboolean ok = type == T_OBJECT_ARRAY ? JSON_NODE_HOLDS_OBJECT (element)
                          : type == T_STRING_ARRAY ? is_string (element)
                          : is_string (element) || JSON_NODE_HOLDS_OBJECT (element);

              if (!ok)
                {
                  g_autofree char *v = describe (element);
                  *message = g_strdup_printf ("element %u must be %s, got %s", i,
                                              type == T_OBJECT_ARRAY ? "an object" :
                                              type == T_STRING_ARRAY ? "a string" :
                                              "a variable name or a { var, default } object", v);
                  return NULL;
                }
            }
          return json_node_copy (node);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  shown = describe (node);
  *message = g_strdup_printf ("expected %s, got %s", type_words (type), shown);
  return NULL;
}

static char *
number_text (double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
}

/* bounds and enumerations; returns an error message or NULL */
static char *
check_value (const FieldSpec *spec,
             JsonNode        *value)
{
  if (spec->type == T_INT || spec->type == T_FLOAT)
    {
      double d = json_node_get_double (value);

      if (!isnan (spec->min) && (spec->min_exclusive ? !(d > spec->min) : d < spec->min))
        {
          g_autofree char *v = number_text (d), *m = number_text (spec->min);
          return g_strdup_printf ("value %s is too small; it must be %s %s", v,
                                  spec->min_exclusive ? "greater than" : "at least", m);
        }
      if (!isnan (spec->max) && d > spec->max)
        {
          g_autofree char *v = number_text (d), *m = number_text (spec->max);
          if (g_str_equal (spec->name, "debug_level"))
            return g_strdup_printf ("value %s is out of range: the debug level must be between 0 and 5 inclusive", v);
          return g_strdup_printf ("value %s is too large; it must be at most %s", v, m);
        }
    }
  if (g_str_equal (spec->name, "compression_type"))
    {
      static const char * const types[] = { "deflate", "bz2", "none", "lz4", "zstandard", NULL };
      if (!g_strv_contains (types, json_node_get_string (value)))
        return g_strdup_printf ("invalid value \"%s\"; valid values are: deflate, bz2, none, lz4, zstandard",
                                json_node_get_string (value));
    }
  if (g_str_equal (spec->name, "stdout_severity"))
    {
      static const char * const levels[] = { "NOTSET", "DEBUG", "INFO", "WARN", "WARNING", "ERROR",
                                              "CRITICAL", "FATAL", NULL };
      if (!g_strv_contains (levels, json_node_get_string (value)))
        return g_strdup_printf ("invalid value \"%s\"; it must be a logging level name: NOTSET, DEBUG, "
                                "INFO, WARNING, ERROR or CRITICAL", json_node_get_string (value));
    }
  return NULL;
}

#define RATE_HINT "use unlimited, legacy or a rate such as 2MB/s, 500KiB/s or 10 MB/m " \
                  "(a number, an optional prefix k, M, G or T with i for base 1024, B for bytes, " \
                  "then /s, /m, /h, /d or /w)"

static gboolean
rate_error (GError **error, const char *text, const char *why)
{
  g_set_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
               "could not parse data rate string '%s': %s; " RATE_HINT, text, why);
  return FALSE;
}

/**
 * scalyr_agent_config_parse_rate:
 * @text: a `max_send_rate_enforcement` value
 * @bytes_per_second: (out) (optional): the rate in bytes per second; 0 for no limit
 * @error: return location for a #GError
 *
 * Parses the `max_send_rate_enforcement` option of the agent configuration:
 *
 * - `unlimited` (the agent's default): no limit, 0.
 * - `legacy`: also 0 here. In the agent it means that the request size and
 *   spacing options keep their legacy defaults (1 MiB requests at least 1 s
 *   apart) instead of being overridden; the rate itself is not limited.
 * - a rate `<number>[<prefix>[i]]B/<unit>`: the number is decimal, with an
 *   optional fraction (`1.5`); the prefix `k`, `M`, `G` or `T` (either case)
 *   multiplies by powers of 1000, or of 1024 when followed by `i` (`KiB`);
 *   the `B` (bytes) must be upper case, as a lower-case `b` (bits) is
 *   refused, like the reference agent does; the unit is `s`, `m` (minute),
 *   `h`, `d` or `w` (week), either case. Blanks may surround the text and
 *   separate the number from the rest: `2MB/s`, `10 MB/s`, `1.5MiB/s`,
 *   `100B/s`.
 *
 * Unlike the reference agent, which searches for a rate anywhere in the text,
 * the whole text must be a rate, and the rate must be greater than zero.
 * The agent puts the value in `max_send_rate_enforcement_bytes_per_second`
 * (the uploader's `max-send-rate`).
 *
 * Returns: %TRUE if @text is valid, else %FALSE with @error set
 *   (%SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE, naming the text and the
 *   accepted forms)
 */
gboolean
scalyr_agent_config_parse_rate (const char  *text,
                          double      *bytes_per_second,
                          GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  double value, base = 1000, multiplier = 1, seconds;

  if (g_str_equal (copy, "unlimited") || g_str_equal (copy, "legacy"))
    {
      if (bytes_per_second != NULL)
        *bytes_per_second = 0;
      return TRUE;
    }
  if (!g_ascii_isdigit (*p))
    return rate_error (error, text, "it does not start with a number");
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  /* The digits checked above are all g_ascii_strtod() sees. */
  g_autofree char *number = g_strndup (copy, (gsize) (p - copy));
  value = g_ascii_strtod (number, NULL);
  while (*p == ' ' || *p == '\t')
    p++;

  int power = 0;
  switch (*p)
    {
    case 'k': case 'K': power = 1; break;
    case 'm': case 'M': power = 2; break;
    case 'g': case 'G': power = 3; break;
    case 't': case 'T': power = 4; break;
    default: break;
    }
  if (power > 0)
    {
      p++;
      if (*p == 'i' || *p == 'I')
        {
          base = 1024;
          p++;
        }
      for (int i = 0; i < power; i++)
        multiplier *= base;
    }
  if (*p == 'b')
    return rate_error (error, text, "rates in bits (lower-case b) are not allowed, use B for bytes");
  if (*p != 'B')
    return rate_error (error, text, "the unit must be B (bytes), optionally after k, M, G or T");
  p++;
  if (*p != '/')
    return rate_error (error, text, "a '/' and a time unit must follow the B");
  p++;
  switch (*p)
    {
    case 's': case 'S': seconds = 1; break;
    case 'm': case 'M': seconds = 60; break;
    case 'h': case 'H': seconds = 3600; break;
    case 'd': case 'D': seconds = 86400; break;
    case 'w': case 'W': seconds = 604800; break;
    default:
      return rate_error (error, text, "the time unit must be s, m, h, d or w");
    }
  p++;
  if (*p != '\0')
    return rate_error (error, text, "unexpected text after the time unit");

  value = value * multiplier / seconds;
  if (!(value > 0) || !isfinite (value))
    return rate_error (error, text, "the rate must be greater than zero (use unlimited for no limit)");
  if (bytes_per_second != NULL)
    *bytes_per_second = value;
  return TRUE;
}

/* ---- import_vars ---- */

typedef struct {
  char *name;
  char *value;
} Var;

static void
var_free (gpointer data)
{
  Var *v = data;
  g_free (v->name);
  g_free (v->value);
  g_free (v);
}

static int
var_longest_first (gconstpointer a,
                   gconstpointer b)
{
  const Var *va = *(const Var * const *) a, *vb = *(const Var * const *) b;
  return (int) strlen (vb->name) - (int) strlen (va->name);
}

static GPtrArray *
collect_vars (JsonObject *root)
{
  GPtrArray *vars = g_ptr_array_new_with_free_func (var_free);
  JsonNode *node = json_object_get_member (root, "import_vars");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return vars;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *name = NULL, *fallback = "", *env;
      Var *v;

      if (is_string (element))
        name = json_node_get_string (element);
      else if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *o = json_node_get_object (element);
          JsonNode *n = json_object_get_member (o, "var"), *d = json_object_get_member (o, "default");
          if (n != NULL && is_string (n))
            name = json_node_get_string (n);
          if (d != NULL && is_string (d))
            fallback = json_node_get_string (d);
        }
      if (name == NULL || name[0] == '\0')
        continue;
      env = g_getenv (name);
      v = g_new0 (Var, 1);
      v->name = g_strdup (name);
      v->value = g_strdup (env != NULL && env[0] != '\0' ? env : fallback);
      g_ptr_array_add (vars, v);
    }
  g_ptr_array_sort (vars, var_longest_first);
  return vars;
}

static char *
substitute_string (const char *text,
                   GPtrArray  *vars)
{
  GString *out;
  const char *p = text;

  if (strchr (text, '$') == NULL)
    return NULL;
  out = g_string_new (NULL);
  while (*p != '\0')
    {
      gboolean replaced = FALSE;

      if (*p == '$')
        for (guint i = 0; i < vars->len; i++)
          {
            Var *v = g_ptr_array_index (vars, i);
            gsize n = strlen (v->name);

            if (strncmp (p + 1, v->name, n) == 0)
              {
                g_string_append (out, v->value);
                p += n + 1;
                replaced = TRUE;
                break;
              }
          }
      if (!replaced)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static void
substitute_node (JsonNode  *node,
                 GPtrArray *vars)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &key, &member))
        substitute_node (member, vars);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        substitute_node (json_array_get_element (array, i), vars);
    }
  else if (is_string (node))
    {
      g_autofree char *replaced = substitute_string (json_node_get_string (node), vars);
      if (replaced != NULL)
        json_node_set_string (node, replaced);
    }
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
  gsize len;
  guint line = 0, col = 0;

  file->path = g_strdup (path);
  if (!g_file_get_contents (path, &file->text, &len, &error))
    {
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_READ, "%s: cannot read the configuration file: %s",
                 path, error->message);
      return NULL;
    }
  g_ptr_array_add (loader->files, g_strdup (path));
  node = scalyr_json_parse (file->text, (gssize) len, &line, &col, &error);
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
                 "%s:1:1: a configuration file must hold one JSON object ({ ... }), got %s", path,
                 JSON_NODE_HOLDS_ARRAY (node) ? "an array" : v);
      return NULL;
    }
  file->root = json_object_ref (json_node_get_object (node));

  {
    GStatBuf st;
    if (g_stat (path, &st) == 0 && (st.st_mode & 006) != 0)
      add_warning (loader, "Config file %s is readable or writable by others (permissions=%o). "
                   "Config files can contain secrets: chmod o-rw %s", path, (unsigned) (st.st_mode & 0777), path);
  }
  return g_steal_pointer (&file);
}

/* checks the fields of one monitor entry; the monitor checks its options */
static void
check_monitor_entry (Loader     *loader,
                     ConfigFile *file,
                     guint       index,
                     JsonObject *entry)
{
  static const struct {
    const char *name;
    FieldType type;
    double min;
  } entry_fields[] = {
    { "log_path", T_STRING, NAN },
    { "stop_agent_on_failure", T_BOOL, NAN },
    { "sample_interval", T_FLOAT, 0 },
    { "log_rotation_max_bytes", T_INT, 0 },
    { "log_rotation_backup_count", T_INT, 0 },
    { "monitor_log_write_rate", T_INT, NAN },
    { "monitor_log_max_write_burst", T_INT, NAN },
    { "monitor_log_flush_delay", T_FLOAT, 0 },
    { "metric_name_blacklist", T_STRING_ARRAY, NAN },
  };
  JsonNode *module = json_object_get_member (entry, "module");
  JsonNode *id = json_object_get_member (entry, "id");

  if (module == NULL || !is_string (module) || json_node_get_string (module)[0] == '\0')
    {
      PathElem path[] = { { "monitors", 0 }, { NULL, index }, { "module", 0 } };
      g_autofree char *at = where (file->path, file->text, path, module == NULL ? 2 : 3);
      g_autofree char *v = describe (module);
      if (module == NULL)
        add_error (loader, SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD,
                   "%s: monitors[%u]: the required field \"module\" is missing; add the monitor's module "
                   "name, e.g. module: \"random_coin\"", at, index);
      else
        add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                   "%s: monitors[%u]: field \"module\" must be a non-empty string, got %s", at, index, v);
    }
  if (id != NULL && !JSON_NODE_HOLDS_VALUE (id))
    {
      PathElem path[] = { { "monitors", 0 }, { NULL, index }, { "id", 0 } };
      g_autofree char *at = where (file->path, file->text, path, 3);
      add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                 "%s: monitors[%u]: field \"id\" must be a string or a number", at, index);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      JsonNode *value = json_object_get_member (entry, entry_fields[i].name);
      g_autoptr(JsonNode) converted = NULL;
      g_autofree char *message = NULL;

      if (value == NULL)
        continue;
      converted = coerce (value, entry_fields[i].type, &message);
      if (converted != NULL && !isnan (entry_fields[i].min) &&
          (entry_fields[i].type == T_INT || entry_fields[i].type == T_FLOAT))
        {
          double d = json_node_get_double (converted);
          if (entry_fields[i].min == 0 && entry_fields[i].type == T_FLOAT &&
              g_str_equal (entry_fields[i].name, "sample_interval") ? !(d > 0) : d < entry_fields[i].min)
            {
              g_autofree char *v = number_text (d);
              message = g_strdup_printf ("value %s is too small; it must be %s 0", v,
                                         g_str_equal (entry_fields[i].name, "sample_interval")
                                         ? "greater than" : "at least");
            }
        }
      if (message != NULL)
        {
          PathElem path[] = { { "monitors", 0 }, { NULL, index }, { entry_fields[i].name, 0 } };
          g_autofree char *at = where (file->path, file->text, path, 3);
          add_error (loader, converted == NULL ? SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE
                                               : SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
                     "%s: monitors[%u]: field \"%s\": %s", at, index, entry_fields[i].name, message);
        }
    }
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
      const FieldSpec *spec = find_field (key);
      PathElem path[] = { { key, 0 } };
      g_autofree char *message = NULL;
      JsonNode *converted;

      if (spec == NULL)
        {
          g_autofree char *at = where (file->path, file->text, path, 1);
          add_warning (loader, "%s: unknown field \"%s\" is ignored; check its spelling", at, key);
          continue;
        }
      converted = coerce (value, spec->type, &message);
      if (converted == NULL)
        {
          g_autofree char *at = where (file->path, file->text, path, 1);
          add_error (loader, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE, "%s: field \"%s\": %s", at, key, message);
          continue;
        }
      message = check_value (spec, converted);
      if (message != NULL)
        {
          g_autofree char *at = where (file->path, file->text, path, 1);
          add_error (loader, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE, "%s: field \"%s\": %s", at, key, message);
          json_node_unref (converted);
          continue;
        }
      if (g_str_equal (key, "max_send_rate_enforcement"))
        {
          const char *v = json_node_get_string (converted);
          double rate;
          g_autoptr(GError) rate_error = NULL;
          if (!scalyr_agent_config_parse_rate (v, &rate, &rate_error))
            {
              g_autofree char *at = where (file->path, file->text, path, 1);
              add_error (loader, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE, "%s: field \"%s\": %s", at, key,
                         rate_error->message);
              json_node_unref (converted);
              continue;
            }
        }
      if (g_str_equal (key, "monitors"))
        {
          JsonArray *monitors = json_node_get_array (converted);
          for (guint i = 0; i < json_array_get_length (monitors); i++)
            check_monitor_entry (loader, file, i, json_array_get_object_element (monitors, i));
        }
      if (g_str_equal (key, "logs"))
        {
          JsonArray *logs = json_node_get_array (converted);
          for (guint i = 0; i < json_array_get_length (logs); i++)
            {
              JsonNode *p = json_object_get_member (json_array_get_object_element (logs, i), "path");
              if (p == NULL || !is_string (p))
                {
                  PathElem lp[] = { { "logs", 0 }, { NULL, i } };
                  g_autofree char *at = where (file->path, file->text, lp, 2);
                  add_error (loader, p == NULL ? SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD
                                               : SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
                             "%s: logs[%u]: the required field \"path\" is %s; set it to the file to collect",
                             at, i, p == NULL ? "missing" : "not a string");
                }
            }
        }
      json_object_set_member (out, key, converted);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
list_fragments (const char *dir,
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
      if (!g_str_has_suffix (name, ".json"))
        continue;
      full = g_build_filename (dir, name, NULL);
      if (!g_file_test (full, G_FILE_TEST_IS_REGULAR))
        continue;
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

/* the environment variable for @field: SCALYR_FIELD then scalyr_field */
static const char *
env_for (const char *field,
         char      **name_out)
{
  g_autofree char *upper = NULL, *lower = NULL;
  const char *value;

  if (g_str_equal (field, "scalyr_server"))
    {
      *name_out = g_strdup ("SCALYR_SERVER");
      return g_getenv ("SCALYR_SERVER");
    }
  upper = g_ascii_strup (field, -1);
  *name_out = g_strdup_printf ("SCALYR_%s", upper);
  value = g_getenv (*name_out);
  if (value != NULL)
    return value;
  lower = g_strdup_printf ("scalyr_%s", field);
  value = g_getenv (lower);
  if (value != NULL)
    {
      g_free (*name_out);
      *name_out = g_steal_pointer (&lower);
    }
  return value;
}

/* converts an environment value to the field's type, or NULL + message */
static JsonNode *
convert_env (const FieldSpec *spec,
             const char      *text,
             char           **message)
{
  switch (spec->type)
    {
    case T_STRING:
      return json_node_init_string (json_node_alloc (), text);
    case T_BOOL:
      {
        gboolean b;
        if (parse_bool_string (text, &b))
          return json_node_init_boolean (json_node_alloc (), b);
        *message = g_strdup_printf ("expected a boolean (true, false, yes, no, 1 or 0), got \"%s\"", text);
        return NULL;
      }
    case T_INT:
    case T_FLOAT:
      {
        g_autoptr(JsonNode) s = json_node_init_string (json_node_alloc (), text);
        JsonNode *n = coerce (s, spec->type, message);
        if (n == NULL)
          {
            g_free (*message);
            *message = g_strdup_printf ("could not parse value %s as %s", text, type_words (spec->type));
          }
        return n;
      }
    case T_OBJECT:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) parsed = scalyr_json_parse (text, -1, NULL, NULL, &error);
        if (parsed == NULL)
          {
            *message = g_strdup_printf ("could not parse value %s as a JSON object: %s", text, error->message);
            return NULL;
          }
        return coerce (parsed, T_OBJECT, message);
      }
    case T_STRING_ARRAY:
      {
        JsonArray *array = json_array_new ();
        g_autofree char *copy = g_strstrip (g_strdup (text));
        g_auto(GStrv) parts = NULL;
        char *body = copy;

        if (body[0] == '[' && body[strlen (body) - 1] == ']')
          {
            body[strlen (body) - 1] = '\0';
            body++;
          }
        parts = g_regex_split_simple ("[,\\s]+", body, 0, 0);
        for (gsize i = 0; parts[i] != NULL; i++)
          {
            char *item = g_strstrip (parts[i]);
            gsize n = strlen (item);
            if (n >= 2 && (item[0] == '"' || item[0] == '\'') && item[n - 1] == item[0])
              {
                item[n - 1] = '\0';
                item++;
              }
            if (item[0] != '\0')
              json_array_add_string_element (array, item);
          }
        {
          JsonNode *node = json_node_alloc ();
          json_node_init (node, JSON_NODE_ARRAY);
          json_node_take_array (node, array);
          return node;
        }
      }
    default:
      *message = g_strdup ("cannot be set from the environment");
      return NULL;
    }
}

static JsonNode *
parse_default (const char *text)
{
  JsonNode *node = scalyr_json_parse (text, -1, NULL, NULL, NULL);
  g_assert (node != NULL);
  return node;
}

/* ---- the whole load ---- */

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
    return NULL;
  vars = collect_vars (main_file->root);
  {
    g_autoptr(JsonNode) holder = json_node_init_object (json_node_alloc (), main_file->root);
    substitute_node (holder, vars);
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
    list_fragments (dir, fragments);
    env_extra = extra_dir != NULL ? extra_dir : g_getenv ("SCALYR_EXTRA_CONFIG_DIR");
    if (env_extra != NULL && env_extra[0] != '\0')
      {
        g_autofree char *extra = resolve_against (main_dir, env_extra);
        list_fragments (extra, fragments);
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
              g_autofree char *at = where (frag->path, frag->text, path, 1);
              add_error (loader, SCALYR_AGENT_CONFIG_ERROR_MULTIPLE_KEYS,
                         "%s: field \"%s\" is already set in \"%s\"; only import_vars, logs, journald_logs, "
                         "k8s_logs, monitors, server_attributes and workers may be set in several files. "
                         "Remove one of the two", at, key, first);
              json_object_remove_member (frag->root, key);
            }
          else
            g_hash_table_insert (first_seen, g_strdup (key), g_strdup (frag_path));
        }
      frag_vars = collect_vars (frag->root);
      {
        g_autoptr(JsonNode) holder = json_node_init_object (json_node_alloc (), frag->root);
        substitute_node (holder, frag_vars);
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
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const FieldSpec *spec = &fields[i];
      g_autofree char *env_name = NULL;
      const char *env_value = NULL;
      g_autoptr(JsonNode) env_node = NULL;

      if (spec->env_aware)
        env_value = env_for (spec->name, &env_name);
      if (env_value != NULL)
        {
          g_autofree char *message = NULL;
          env_node = convert_env (spec, env_value, &message);
          if (env_node != NULL)
            {
              g_free (message);
              message = check_value (spec, env_node);
              if (message != NULL)
                g_clear_pointer (&env_node, json_node_unref);
            }
          if (env_node == NULL)
            {
              add_error (loader, SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT,
                         "environment variable %s (for field \"%s\"): %s", env_name, spec->name, message);
              continue;
            }
        }
      if (json_object_has_member (merged, spec->name))
        {
          if (env_node != NULL && !json_node_equal (env_node, json_object_get_member (merged, spec->name)))
            add_warning (loader, "Conflicting values detected between global config file parameter `%s` and "
                         "the environment variable `%s`. Ignoring environment variable.", spec->name, env_name);
          continue;
        }
      if (env_node != NULL)
        {
          if (!(spec->type == T_STRING && g_str_equal (spec->name, "api_key") && env_value[0] == '\0'))
            json_object_set_member (merged, spec->name, g_steal_pointer (&env_node));
        }
      if (!json_object_has_member (merged, spec->name) && spec->default_value != NULL)
        json_object_set_member (merged, spec->name, parse_default (spec->default_value));
    }

  if (!json_object_has_member (merged, "internal_parse_max_line_size"))
    json_object_set_int_member (merged, "internal_parse_max_line_size",
                                json_object_get_int_member (merged, "read_page_size"));

  /* compression level: out of range → the type's default (no error) */
  {
    static const struct { const char *type; int def, lo, hi; } levels[] = {
      { "deflate", 6, 1, 9 }, { "bz2", 9, 1, 9 }, { "lz4", 0, 0, 16 }, { "zstandard", 3, 1, 22 }, { "none", 0, 0, 0 },
    };
    const char *type = json_object_get_string_member (merged, "compression_type");
    for (gsize i = 0; i < G_N_ELEMENTS (levels); i++)
      if (g_str_equal (levels[i].type, type))
        {
          gint64 level = json_object_has_member (merged, "compression_level")
                         ? json_object_get_int_member (merged, "compression_level") : levels[i].def;
          if (level < levels[i].lo || level > levels[i].hi)
            level = levels[i].def;
          json_object_set_int_member (merged, "compression_level", level);
        }
  }

  /* scalyr_server: https unless allow_http */
  if (!json_object_get_boolean_member (merged, "allow_http"))
    {
      g_autofree char *server = g_strstrip (g_strdup (json_object_get_string_member (merged, "scalyr_server")));
      g_autofree char *fixed = NULL;
      if (g_str_has_prefix (server, "http://"))
        fixed = g_strconcat ("https://", server + 7, NULL);
      else if (strstr (server, "://") == NULL)
        fixed = g_strconcat ("https://", server, NULL);
      else
        fixed = g_strdup (server);
      json_object_set_string_member (merged, "scalyr_server", fixed);
    }

  /* max_send_rate_enforcement overrides */
  {
    const char *mode = json_object_get_string_member (merged, "max_send_rate_enforcement");
    if (!g_str_equal (mode, "legacy") &&
        !json_object_get_boolean_member (merged, "disable_max_send_rate_enforcement_overrides"))
      for (gsize i = 0; i < G_N_ELEMENTS (rate_overrides); i++)
        {
          const FieldSpec *spec = find_field (rate_overrides[i].name);
          g_autoptr(JsonNode) def = NULL;
          JsonNode *current;

          if (spec == NULL || spec->default_value == NULL)
            continue;
          def = parse_default (spec->default_value);
          current = json_object_get_member (merged, spec->name);
          if (current != NULL && json_node_get_double (current) != json_node_get_double (def))
            add_warning (loader, "Configured option %s is being overridden due to max_send_rate_enforcement "
                         "setting.", spec->name);
          json_object_set_member (merged, spec->name, parse_default (rate_overrides[i].forced));
        }
    if (!g_str_equal (mode, "legacy") && !g_str_equal (mode, "unlimited"))
      {
        double rate = 0;
        if (scalyr_agent_config_parse_rate (mode, &rate, NULL) && rate > 0)
          json_object_set_double_member (merged, "max_send_rate_enforcement_bytes_per_second", rate);
      }
  }

  /* server_attributes.serverHost */
  {
    JsonObject *attrs = json_object_get_object_member (merged, "server_attributes");
    if (!json_object_has_member (attrs, "serverHost"))
      {
        g_autofree char *host = g_strdup (g_get_host_name ());
        if (json_object_get_boolean_member (merged, "strip_domain_from_default_server_host"))
          {
            char *dot = strchr (host, '.');
            if (dot != NULL)
              *dot = '\0';
          }
        json_object_set_string_member (attrs, "serverHost", host);
      }
  }

  /* paths: absolute, relative to the main file's directory */
  {
    static const char * const dirs[] = { "agent_log_path", "agent_data_path" };
    for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
      {
        g_autofree char *abs = resolve_against (main_dir, json_object_get_string_member (merged, dirs[i]));
        json_object_set_string_member (merged, dirs[i], abs);
      }
  }

  /* logs: relative paths under agent_log_path, then the implicit ones */
  {
    JsonArray *logs = json_object_get_array_member (merged, "logs");
    const char *log_dir = json_object_get_string_member (merged, "agent_log_path");

    for (guint i = 0; i < json_array_get_length (logs); i++)
      {
        JsonObject *entry = json_array_get_object_element (logs, i);
        JsonNode *p = json_object_get_member (entry, "path");
        if (p != NULL && is_string (p) && !g_path_is_absolute (json_node_get_string (p)))
          {
            g_autofree char *abs = g_build_filename (log_dir, json_node_get_string (p), NULL);
            json_object_set_string_member (entry, "path", abs);
          }
      }
    if (json_object_get_boolean_member (merged, "implicit_agent_log_collection"))
      {
        JsonObject *agent_log = json_object_new ();
        JsonObject *workers = json_object_new ();
        g_autofree char *p1 = g_build_filename (log_dir, "agent.log", NULL);
        g_autofree char *p2 = g_build_filename (log_dir, "agent-worker-session-*.log", NULL);

        json_object_set_string_member (agent_log, "path", p1);
        json_object_set_string_member (agent_log, "parser", "scalyrAgentLog");
        json_array_add_object_element (logs, agent_log);
        json_object_set_string_member (workers, "path", p2);
        json_object_set_string_member (workers, "parser", "scalyrAgentLog");
        json_array_add_object_element (logs, workers);
      }
  }

  /* the platform monitors, after the configured ones (spec §8) */
  {
    JsonArray *monitors = json_object_get_array_member (merged, "monitors");

    if (json_object_get_boolean_member (merged, "implicit_metric_monitor"))
      {
        JsonObject *entry = json_object_new ();
        json_object_set_string_member (entry, "module", "scalyr_agent.builtin_monitors.linux_system_metrics");
        json_array_add_object_element (monitors, entry);
      }
    if (json_object_get_boolean_member (merged, "implicit_agent_process_metrics_monitor"))
      {
        JsonObject *entry = json_object_new ();
        json_object_set_string_member (entry, "module", "scalyr_agent.builtin_monitors.linux_process_metrics");
        json_object_set_string_member (entry, "pid", "$$");
        json_object_set_string_member (entry, "id", "agent");
        json_array_add_object_element (monitors, entry);
      }
  }

  if (loader->errors->len > 0)
    return NULL;
  return g_steal_pointer (&merged);
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
 * `file:line:col: message`.
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
ScalyrAgentConfig *
scalyr_agent_config_load (const char *path,
                          const char *extra_config_dir,
                          GError    **error)
{
  Loader loader = { 0 };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *abs = g_canonicalize_filename (path != NULL ? path : SCALYR_AGENT_CONFIG_DEFAULT_PATH, NULL);
  g_autoptr(JsonObject) object = NULL;
  ScalyrAgentConfig *self;

  loader.errors = errors;
  loader.warnings = warnings;
  loader.files = files;
  object = load (&loader, abs, extra_config_dir);
  if (object == NULL)
    {
      g_autofree char *joined = NULL;
      g_ptr_array_add (errors, NULL);
      joined = g_strjoinv ("\n", (char **) errors->pdata);
      g_set_error_literal (error, SCALYR_AGENT_CONFIG_ERROR, loader.first_code, joined);
      return NULL;
    }

  self = g_object_new (SCALYR_TYPE_AGENT_CONFIG, NULL);
  self->path = g_steal_pointer (&abs);
  self->object = g_steal_pointer (&object);
  g_ptr_array_add (files, NULL);
  self->files = (GStrv) g_ptr_array_steal (files, NULL);
  g_ptr_array_add (warnings, NULL);
  self->warnings = (GStrv) g_ptr_array_steal (warnings, NULL);
  return self;
}

/**
 * scalyr_agent_config_get_path:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (type filename): the absolute path of the main file
 */
const char *
scalyr_agent_config_get_path (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return self->path;
}

/**
 * scalyr_agent_config_get_files:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none) (array zero-terminated=1): the files read, main
 *   file first, then the fragments in the order they were merged
 */
const char * const *
scalyr_agent_config_get_files (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return (const char * const *) self->files;
}

/**
 * scalyr_agent_config_get_warnings:
 * @self: a #ScalyrAgentConfig
 *
 * Problems that do not make the configuration invalid: unknown fields,
 * environment variables ignored because a file sets the field, files
 * readable by others, forced upload settings.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings
 */
const char * const *
scalyr_agent_config_get_warnings (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return (const char * const *) self->warnings;
}

/**
 * scalyr_agent_config_get_object:
 * @self: a #ScalyrAgentConfig
 *
 * The merged configuration: every known field with its final value
 * (files, then environment, then default), converted to its type.
 *
 * Returns: (transfer none): the configuration object; do not modify it
 */
JsonObject *
scalyr_agent_config_get_object (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return self->object;
}

/**
 * scalyr_agent_config_get_monitors:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none): the `monitors` entries, main file first, then
 *   fragments in order, then the platform monitors: `linux_system_metrics`
 *   when `implicit_metric_monitor` is on and `linux_process_metrics` of the
 *   agent itself (`pid: "$$"`, `id: "agent"`) when
 *   `implicit_agent_process_metrics_monitor` is on
 */
JsonArray *
scalyr_agent_config_get_monitors (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return json_object_get_array_member (self->object, "monitors");
}

/**
 * scalyr_agent_config_get_logs:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none): the `logs` entries with absolute paths, then
 *   the agent's own logs when `implicit_agent_log_collection` is on
 */
JsonArray *
scalyr_agent_config_get_logs (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return json_object_get_array_member (self->object, "logs");
}

static JsonNode *
get_field (ScalyrAgentConfig *self,
           const char        *field)
{
  JsonNode *node = json_object_get_member (self->object, field);

  if (node == NULL && find_field (field) == NULL)
    g_critical ("%s: \"%s\" is not a field of the agent configuration", G_STRFUNC, field);
  return node;
}

/**
 * scalyr_agent_config_get_string:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a string field, e.g. `agent_log_path`
 *
 * Returns: (nullable): the field's value, %NULL if it has none
 */
const char *
scalyr_agent_config_get_string (ScalyrAgentConfig *self,
                                const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  node = get_field (self, field);
  return node != NULL && is_string (node) ? json_node_get_string (node) : NULL;
}

/**
 * scalyr_agent_config_get_int:
 * @self: a #ScalyrAgentConfig
 * @field: the name of an integer field, e.g. `log_rotation_max_bytes`
 *
 * Returns: the field's value, 0 if it has none
 */
gint64
scalyr_agent_config_get_int (ScalyrAgentConfig *self,
                             const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), 0);
  node = get_field (self, field);
  return node != NULL && is_number (node) ? json_node_get_int (node) : 0;
}

/**
 * scalyr_agent_config_get_double:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a number field, e.g. `config_change_check_interval`
 *
 * Returns: the field's value, 0 if it has none
 */
double
scalyr_agent_config_get_double (ScalyrAgentConfig *self,
                                const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), 0);
  node = get_field (self, field);
  return node != NULL && is_number (node) ? json_node_get_double (node) : 0;
}

/**
 * scalyr_agent_config_get_boolean:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a boolean field, e.g. `allow_http`
 *
 * Returns: the field's value, %FALSE if it has none
 */
gboolean
scalyr_agent_config_get_boolean (ScalyrAgentConfig *self,
                                 const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  node = get_field (self, field);
  return node != NULL && is_bool (node) ? json_node_get_boolean (node) : FALSE;
}

/**
 * scalyr_agent_config_has_api_key:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: %TRUE if `api_key` (or `SCALYR_API_KEY`) is set and not empty;
 *   without one the agent does not upload
 */
gboolean
scalyr_agent_config_has_api_key (ScalyrAgentConfig *self)
{
  const char *key;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  key = scalyr_agent_config_get_string (self, "api_key");
  return key != NULL && key[0] != '\0';
}

/**
 * scalyr_agent_config_equal:
 * @self: a #ScalyrAgentConfig
 * @other: another #ScalyrAgentConfig
 *
 * Compares two merged configurations, ignoring `debug_level` (which the
 * agent applies without restarting anything).
 *
 * Returns: %TRUE if they are the same
 */
gboolean
scalyr_agent_config_equal (ScalyrAgentConfig *self,
                           ScalyrAgentConfig *other)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (other), FALSE);

  if (json_object_get_size (self->object) != json_object_get_size (other->object))
    return FALSE;
  json_object_iter_init_ordered (&iter, self->object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonNode *theirs = json_object_get_member (other->object, key);
      if (g_str_equal (key, "debug_level"))
        continue;
      if (theirs == NULL || !json_node_equal (value, theirs))
        return FALSE;
    }
  return TRUE;
}
