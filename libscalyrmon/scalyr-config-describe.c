/* scalyr-config-describe.c: declarations described for people
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-describe.h"
#include "scalyr-config-describe-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-config-limits-private.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

static const char *
type_label (GType type)
{
  if (type == G_TYPE_INT64)
    return "integer";
  if (type == G_TYPE_DOUBLE)
    return "float";
  if (type == G_TYPE_BOOLEAN)
    return "boolean";
  if (type == G_TYPE_STRING)
    return "string";
  if (type == G_TYPE_STRV)
    return "array of strings";
  if (type == JSON_TYPE_ARRAY)
    return "JSON array";
  if (type == JSON_TYPE_OBJECT)
    return "JSON object";
  return "any";
}

static const char *
format_label (ScalyrOptionFormat format)
{
  switch (format)
    {
    case SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS:
      return "object of strings";
    case SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS:
      return "array of objects";
    case SCALYR_OPTION_FORMAT_IMPORT_VARS:
      return "array of variable names or { var, default } objects";
    case SCALYR_OPTION_FORMAT_DATA_RATE:
      return "data rate";
    case SCALYR_OPTION_FORMAT_PLAIN:
    default:
      return NULL;
    }
}

static void
append_gvalue (GString      *out,
               const GValue *value)
{
  if (G_VALUE_HOLDS_DOUBLE (value))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", g_value_get_double (value)));
    }
  else if (G_VALUE_HOLDS_STRING (value))
    g_string_append_printf (out, "\"%s\"", g_value_get_string (value) ? g_value_get_string (value) : "");
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    g_string_append (out, g_value_get_boolean (value) ? "true" : "false");
  else if (G_VALUE_HOLDS (value, G_TYPE_STRV))
    {
      const char * const *strv = g_value_get_boxed (value);

      g_string_append_c (out, '[');
      for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
        g_string_append_printf (out, "%s\"%s\"", i > 0 ? ", " : "", strv[i]);
      g_string_append_c (out, ']');
    }
  else if (G_VALUE_HOLDS (value, JSON_TYPE_ARRAY) || G_VALUE_HOLDS (value, JSON_TYPE_OBJECT))
    {
      g_autoptr(JsonNode) node = json_node_alloc ();
      g_autofree char *text = NULL;

      if (G_VALUE_HOLDS (value, JSON_TYPE_ARRAY))
        json_node_init_array (node, g_value_get_boxed (value));
      else
        json_node_init_object (node, g_value_get_boxed (value));
      text = json_to_string (node, FALSE);
      g_string_append (out, text);
    }
  else
    {
      GValue str = G_VALUE_INIT;

      g_value_init (&str, G_TYPE_STRING);
      if (g_value_transform (value, &str))
        g_string_append (out, g_value_get_string (&str));
      else
        g_string_append (out, G_VALUE_TYPE_NAME (value));
      g_value_unset (&str);
    }
}

/**
 * scalyr_config_describe_option:
 * @declaration: a declared option or configuration field
 *
 * Describes a declaration on one line, as `--inspect` and the generated
 * documentation show it: the name, then in parentheses the type (or the
 * format), whether it is required, the default, the bounds, the allowed
 * values and the environment variable, e.g.
 * `gauss_mean (float, default 0.5, min 0, max 10, environment variable SCALYR_GAUSS_MEAN)`.
 * The one-line documentation is
 * [method@Scalyr.MonitorOption.get_description].
 *
 * Returns: (transfer full): the description
 *
 * Since: 0.2
 */
char *
scalyr_config_describe_option (ScalyrMonitorOption *declaration)
{
  const GValue *def, *min, *max;
  const char * const *allowed;
  const char *format;
  g_autofree char *env = NULL;
  GString *out;

  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (declaration), NULL);

  def = scalyr_monitor_option_get_default_value (declaration);
  min = scalyr_monitor_option_get_min_value (declaration);
  max = scalyr_monitor_option_get_max_value (declaration);
  allowed = scalyr_monitor_option_get_allowed_values (declaration);
  format = format_label (scalyr_monitor_option_get_format (declaration));
  env = scalyr_monitor_option_dup_effective_env_name (declaration);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s (%s", scalyr_monitor_option_get_name (declaration),
                          format != NULL ? format
                                         : type_label (scalyr_monitor_option_get_value_type (declaration)));
  if (scalyr_monitor_option_get_required (declaration))
    g_string_append (out, ", required");
  if (def != NULL)
    {
      g_string_append (out, ", default ");
      append_gvalue (out, def);
    }
  if (min != NULL)
    {
      g_string_append (out, scalyr_monitor_option_get_min_exclusive (declaration)
                            ? ", greater than " : ", min ");
      append_gvalue (out, min);
    }
  if (max != NULL)
    {
      g_string_append (out, ", max ");
      append_gvalue (out, max);
    }
  if (allowed != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) allowed);

      g_string_append_printf (out, ", one of %s", joined);
    }
  /* every field missing from an entry is looked up in the environment
   * (SCALYR_<FIELD>); env-aware options even when it is present */
  if (env == NULL)
    {
      g_autofree char *upper = g_ascii_strup (scalyr_monitor_option_get_name (declaration), -1);
      env = g_strconcat ("SCALYR_", upper, NULL);
    }
  g_string_append_printf (out, ", environment variable %s)", env);
  return g_string_free (out, FALSE);
}

/* [@lo, @hi] as values of @type (G_TYPE_INT64 or G_TYPE_DOUBLE) */
static void
set_range (ScalyrMonitorOption *option,
           GType                type,
           double               lo,
           double               hi)
{
  GValue bounds[2] = { G_VALUE_INIT, G_VALUE_INIT };
  const double limits[2] = { lo, hi };

  for (guint i = 0; i < 2; i++)
    {
      g_value_init (&bounds[i], type);
      if (type == G_TYPE_INT64)
        g_value_set_int64 (&bounds[i], scalyr_clamp_double_to_int64 (limits[i], G_MININT64, G_MAXINT64));
      else
        g_value_set_double (&bounds[i], limits[i]);
    }
  scalyr_monitor_option_set_range (option, &bounds[0], &bounds[1]);
  g_value_unset (&bounds[0]);
  g_value_unset (&bounds[1]);
}

static ScalyrMonitorOption *
common (GPtrArray  *all,
        const char *name,
        GType       type,
        const char *doc)
{
  ScalyrMonitorOption *option = scalyr_monitor_option_new (name, type, doc);

  g_ptr_array_add (all, option);
  return option;
}

/**
 * scalyr_config_dup_monitor_common_options:
 *
 * Declares the fields every monitor entry may hold besides its module's
 * own options (agent-config.md §3.3): `module`, `id`, `log_path`,
 * `stop_agent_on_failure`, `sample_interval`, `log_rotation_max_bytes`,
 * `log_rotation_backup_count`, `monitor_log_write_rate`,
 * `monitor_log_max_write_burst`, `monitor_log_flush_delay`,
 * `metric_name_blacklist` and (since 0.4) `openmetrics`. The agent checks the entries of `agent.json`
 * against them, `--inspect` lists them, and an unknown field of an entry
 * is compared with them and the module's options.
 *
 * The numbers have ranges: `sample_interval` is greater than 0 and at
 * most a year (31536000 seconds), `monitor_log_flush_delay` from 0 to a
 * year, `log_rotation_max_bytes` from 0 to 1 TiB, `log_rotation_backup_count`
 * from 0 to 1000, `monitor_log_write_rate` and `monitor_log_max_write_burst`
 * at most 1 TiB (negative: no limit). A monitor whose entry (or default
 * interval) is out of range, or not a finite number, is not built.
 *
 * Returns: (transfer full) (element-type ScalyrMonitorOption): the
 *   declarations, a new array each call
 *
 * Since: 0.2
 */
GPtrArray *
scalyr_config_dup_monitor_common_options (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  ScalyrMonitorOption *o;
  GValue v = G_VALUE_INIT;

  o = common (all, "module", G_TYPE_STRING,
              "The monitor's module, e.g. scalyr_agent.builtin_monitors.linux_system_metrics.");
  scalyr_monitor_option_set_required (o, TRUE);
  common (all, "id", G_TYPE_NONE,
          "The instance's id, a string or a number, that tells several instances of a module apart.");
  common (all, "log_path", G_TYPE_STRING,
          "The monitor's log path; default <module>.log.");
  o = common (all, "stop_agent_on_failure", G_TYPE_BOOLEAN,
              "Whether the agent exits when this monitor dies.");
  g_value_init (&v, G_TYPE_BOOLEAN);
  scalyr_monitor_option_set_default_value (o, &v);
  g_value_unset (&v);
  o = common (all, "sample_interval", G_TYPE_DOUBLE,
              "Seconds between samples; default global_monitor_sample_interval.");
  set_range (o, G_TYPE_DOUBLE, 0, SCALYR_CONFIG_MAX_SECONDS);
  scalyr_monitor_option_set_min_exclusive (o, TRUE);
  o = common (all, "log_rotation_max_bytes", G_TYPE_INT64,
              "The size at which the metric log is rotated; default the global log_rotation_max_bytes.");
  set_range (o, G_TYPE_INT64, 0, (double) SCALYR_CONFIG_MAX_BYTES);
  o = common (all, "log_rotation_backup_count", G_TYPE_INT64,
              "How many rotated metric logs are kept; default the global log_rotation_backup_count.");
  set_range (o, G_TYPE_INT64, 0, SCALYR_CONFIG_MAX_COUNT);
  /* a negative rate or burst means no limit */
  g_ptr_array_add (all, scalyr_monitor_option_new_int ("monitor_log_write_rate",
                                                       "Bytes per second the metric log may be written at on average.",
                                                       2000, G_MININT64, SCALYR_CONFIG_MAX_BYTES));
  g_ptr_array_add (all, scalyr_monitor_option_new_int ("monitor_log_max_write_burst",
                                                       "Bytes the metric log may be written in a burst.",
                                                       100000, G_MININT64, SCALYR_CONFIG_MAX_BYTES));
  g_ptr_array_add (all, scalyr_monitor_option_new_double ("monitor_log_flush_delay",
                                                          "Seconds the metric log may wait before it is flushed.",
                                                          0.0, 0.0, SCALYR_CONFIG_MAX_SECONDS));
  common (all, "metric_name_blacklist", G_TYPE_STRV,
          "Metric names this monitor does not report.");
  o = common (all, "openmetrics", G_TYPE_BOOLEAN,
              "Whether the latest value of each metric of this monitor is served on the agent's /metrics "
              "endpoint (at most openmetrics_max_series series).");
  g_value_init (&v, G_TYPE_BOOLEAN);
  scalyr_monitor_option_set_default_value (o, &v);
  g_value_unset (&v);
  return all;
}

GPtrArray *
scalyr_config_monitor_common_options (void)
{
  static GPtrArray *common_options;

  if (g_once_init_enter (&common_options))
    g_once_init_leave (&common_options, scalyr_config_dup_monitor_common_options ());
  return common_options;
}

/* Damerau-Levenshtein distance (optimal string alignment: a swap of two
 * neighbours, the commonest typo, is one edit), bytes */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *rows = g_new (guint, 3 * (lb + 1));
  guint *before = rows, *prev = rows + lb + 1, *row = rows + 2 * (lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint *t = before;

      before = prev;
      prev = row;
      row = t;
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (prev[j] + 1, row[j - 1] + 1), prev[j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            row[j] = MIN (row[j], before[j - 2] + 1);
        }
    }
  return row[lb];
}

/**
 * scalyr_config_suggest_name:
 * @name: a field name that no declaration has
 * @declarations: (element-type ScalyrMonitorOption): the declarations
 *
 * Finds the declared name closest to @name by edit distance, for a "did
 * you mean" hint: a name at most a third of its length away (at least
 * one edit, at most three).
 *
 * Returns: (transfer full) (nullable): the closest declared name, or
 *   %NULL when none is close
 *
 * Since: 0.2
 */
char *
scalyr_config_suggest_name (const char *name,
                            GPtrArray  *declarations)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (declarations != NULL, NULL);

  limit = CLAMP ((guint) strlen (name) / 3, 1, 3);
  for (guint i = 0; i < declarations->len; i++)
    {
      const char *candidate = scalyr_monitor_option_get_name (g_ptr_array_index (declarations, i));
      guint d = edit_distance (name, candidate);

      if (d < best_distance)
        {
          best = candidate;
          best_distance = d;
        }
    }
  return best != NULL && best_distance <= limit ? g_strdup (best) : NULL;
}
