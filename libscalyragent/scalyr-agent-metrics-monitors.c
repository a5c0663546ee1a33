/* scalyr-agent-metrics-monitors.c: the latest value of each metric the
 * exported monitors emitted (scalyr_monitor_manager_dup_metrics()) mapped
 * to metric families: the metric name mapped to a Prometheus name (a
 * cumulative metric is a counter, `<name>_total`), the labels `monitor`
 * (the module's short name) and `monitor_id`, then the line's extra
 * fields. First come, first kept: a family merges the series of every
 * instance; a family of another type, a name another family writes or a
 * repeated series is left out.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-agent-metrics-monitors-private.h"
#include "scalyr-metrics-name-private.h"

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : "";
}

/* The family name of @name: a counter's without its `_total` */
static char *
family_name (const char *name,
             gboolean    counter)
{
  char *mapped = scalyr_metrics_name_sanitize (name);
  gsize len = mapped != NULL ? strlen (mapped) : 0;

  if (counter && len > strlen ("_total") && g_str_has_suffix (mapped, "_total"))
    mapped[len - strlen ("_total")] = '\0';
  return mapped;
}

/* The declared unit if the family name ends in it (OpenMetrics' rule) */
static const char *
family_unit (const char *family,
             const char *unit)
{
  gsize family_len = strlen (family), unit_len = strlen (unit);

  if (unit_len == 0 || unit_len + 1 >= family_len || !scalyr_metrics_name_is_valid (unit, FALSE)
      || family[family_len - unit_len - 1] != '_' || strcmp (family + family_len - unit_len, unit) != 0)
    return NULL;
  return unit;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* `monitor`, `monitor_id`, then the extra fields by name */
static void
add_labels (ScalyrMetricLabels *labels,
            JsonObject         *metric)
{
  static const char * const taken[] = { "monitor", "monitor_id", NULL };
  JsonNode *node = json_object_get_member (metric, "labels");
  JsonObject *fields = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *id = string_member (metric, "monitor_id");
  g_autoptr(GList) names = fields != NULL ? json_object_get_members (fields) : NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  scalyr_metric_labels_add (labels, "monitor", string_member (metric, "monitor"), NULL);
  if (id[0] != '\0')
    scalyr_metric_labels_add (labels, "monitor_id", id, NULL);
  for (GList *l = names; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, compare_names);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      JsonNode *value = json_object_get_member (fields, name);
      g_autofree char *text = NULL;

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      if (json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else if (json_node_get_value_type (value) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      else if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      else
        {
          GString *number = g_string_new (NULL);

          scalyr_metrics_append_double (number, json_node_get_double (value));
          text = g_string_free (number, FALSE);
        }
      scalyr_metric_labels_add (labels, name, text, taken);
    }
}

static void
add_metric (ScalyrMetricSet *set,
            JsonObject      *metric)
{
  gboolean counter = g_str_equal (string_member (metric, "type"), "counter");
  const char *raw_name = string_member (metric, "name");
  g_autofree char *name = family_name (raw_name, counter);
  JsonNode *value = json_object_get_member (metric, "value");
  GType value_type = value != NULL && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  const char *help = string_member (metric, "help");
  g_autofree char *default_help = NULL;
  ScalyrMetricFamily *family;
  ScalyrMetricLabels labels;

  if (value_type != G_TYPE_INT64 && value_type != G_TYPE_DOUBLE && value_type != G_TYPE_BOOLEAN)
    return;   /* not a number: not kept */
  if (name == NULL)
    {
      set->dropped++;
      return;
    }
  if (help[0] == '\0')
    help = default_help = g_strdup_printf ("Metric %s of the %s monitor", raw_name, string_member (metric, "monitor"));
  family = scalyr_metric_set_add_family (set, name, counter ? SCALYR_METRIC_TYPE_COUNTER : SCALYR_METRIC_TYPE_GAUGE,
                                         help, family_unit (name, string_member (metric, "unit")), FALSE);
  if (family == NULL)
    {
      set->dropped++;
      return;
    }
  scalyr_metric_labels_init (&labels);
  add_labels (&labels, metric);
  if (value_type == G_TYPE_DOUBLE)
    scalyr_metric_family_add_double (family, &labels, json_node_get_double (value));
  else
    scalyr_metric_family_add_int (family, &labels, value_type == G_TYPE_INT64 ? json_node_get_int (value)
                                                                               : json_node_get_boolean (value));
  scalyr_metric_labels_clear (&labels);
}

void
scalyr_agent_metrics_add_monitors (ScalyrMetricSet *set,
                                   JsonNode        *monitor_metrics)
{
  JsonArray *metrics;

  if (monitor_metrics == NULL || !JSON_NODE_HOLDS_ARRAY (monitor_metrics))
    return;
  metrics = json_node_get_array (monitor_metrics);
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonNode *metric = json_array_get_element (metrics, i);

      if (JSON_NODE_HOLDS_OBJECT (metric))
        add_metric (set, json_node_get_object (metric));
    }
}
