/* scalyr-metrics-set.c: the families and series of one exposition, kept
 * valid as they are added: a family once, a series once, no name written
 * by two families, the agent's own names reserved
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "scalyr-metrics-name-private.h"
#include "scalyr-metrics-set-private.h"

void
scalyr_metric_labels_init (ScalyrMetricLabels *labels)
{
  labels->pairs = g_ptr_array_new_with_free_func (g_free);
}

void
scalyr_metric_labels_clear (ScalyrMetricLabels *labels)
{
  g_clear_pointer (&labels->pairs, g_ptr_array_unref);
}

static gboolean
label_taken (ScalyrMetricLabels *labels,
             const char         *name,
             const char * const *taken)
{
  for (guint i = 0; i < labels->pairs->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (labels->pairs, i), name))
        return TRUE;
    }
  return taken != NULL && g_strv_contains (taken, name);
}

void
scalyr_metric_labels_add (ScalyrMetricLabels *labels,
                          const char         *name,
                          const char         *value,
                          const char * const *taken)
{
  char *mapped = scalyr_metrics_label_name_sanitize (name);

  while (label_taken (labels, mapped, taken))
    {
      char *prefixed = g_strconcat ("exported_", mapped, NULL);

      g_free (mapped);
      mapped = prefixed;
    }
  g_ptr_array_add (labels->pairs, mapped);
  g_ptr_array_add (labels->pairs, g_strdup (value));
}

static void
sample_free (gpointer data)
{
  ScalyrMetricSample *sample = data;

  g_free (sample->labels);
  g_strfreev (sample->pairs);
  g_free (sample);
}

static void
family_free (gpointer data)
{
  ScalyrMetricFamily *family = data;

  g_free (family->name);
  g_free (family->help);
  g_free (family->unit);
  g_free (family->telemetry_name);
  g_ptr_array_unref (family->samples);
  g_hash_table_unref (family->series);
  g_free (family);
}

ScalyrMetricSet *
scalyr_metric_set_new (void)
{
  ScalyrMetricSet *set = g_new0 (ScalyrMetricSet, 1);

  set->families = g_ptr_array_new_with_free_func (family_free);
  set->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return set;
}

void
scalyr_metric_set_free (ScalyrMetricSet *set)
{
  g_ptr_array_unref (set->families);
  g_hash_table_unref (set->names);
  g_free (set);
}

ScalyrMetricFamily *
scalyr_metric_set_lookup (ScalyrMetricSet *set,
                          const char      *name)
{
  ScalyrMetricFamily *family = g_hash_table_lookup (set->names, name);

  return family != NULL && g_str_equal (family->name, name) ? family : NULL;
}

/* The names @name of @type is known by or writes, in either format
 * (`_created` is OpenMetrics' too, though never written here) */
static void
family_names (const char       *name,
              ScalyrMetricType  type,
              char             *names[3])
{
  names[0] = g_strdup (name);
  names[1] = type == SCALYR_METRIC_TYPE_COUNTER ? g_strconcat (name, "_total", NULL)
           : type == SCALYR_METRIC_TYPE_INFO ? g_strconcat (name, "_info", NULL) : NULL;
  names[2] = type == SCALYR_METRIC_TYPE_COUNTER ? g_strconcat (name, "_created", NULL) : NULL;
}

ScalyrMetricFamily *
scalyr_metric_set_add_family (ScalyrMetricSet  *set,
                              const char       *name,
                              ScalyrMetricType  type,
                              const char       *help,
                              const char       *unit,
                              gboolean          reserved)
{
  ScalyrMetricFamily *family;
  char *names[3];

  g_return_val_if_fail (scalyr_metrics_name_is_valid (name, TRUE), NULL);
  family = scalyr_metric_set_lookup (set, name);
  if (family != NULL)
    return family->type == type && !family->reserved && !reserved ? family : NULL;
  family_names (name, type, names);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i] != NULL && g_hash_table_contains (set->names, names[i]))
        {
          for (guint j = 0; j < G_N_ELEMENTS (names); j++)
            g_free (names[j]);
          return NULL;
        }
    }
  family = g_new0 (ScalyrMetricFamily, 1);
  family->set = set;
  family->name = g_strdup (name);
  family->type = type;
  family->help = g_strdup (help != NULL ? help : "");
  family->unit = unit != NULL && unit[0] != '\0' ? g_strdup (unit) : NULL;
  family->reserved = reserved;
  family->samples = g_ptr_array_new_with_free_func (sample_free);
  family->series = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i] != NULL)
        g_hash_table_insert (set->names, names[i], family);
    }
  g_ptr_array_add (set->families, family);
  return family;
}

char *
scalyr_metric_family_dup_sample_name (ScalyrMetricFamily *family)
{
  switch (family->type)
    {
    case SCALYR_METRIC_TYPE_COUNTER:
      return g_strconcat (family->name, "_total", NULL);
    case SCALYR_METRIC_TYPE_INFO:
      return g_strconcat (family->name, "_info", NULL);
    case SCALYR_METRIC_TYPE_GAUGE:
    default:
      return g_strdup (family->name);
    }
}

static ScalyrMetricSample *
add_sample (ScalyrMetricFamily *family,
            ScalyrMetricLabels *labels)
{
  GString *rendered = g_string_new (NULL);
  ScalyrMetricSample *sample;
  guint n = labels != NULL ? labels->pairs->len : 0;

  for (guint i = 0; i < n; i += 2)
    {
      g_string_append_c (rendered, i == 0 ? '{' : ',');
      g_string_append (rendered, g_ptr_array_index (labels->pairs, i));
      g_string_append (rendered, "=\"");
      scalyr_metrics_append_label_value (rendered, g_ptr_array_index (labels->pairs, i + 1));
      g_string_append_c (rendered, '"');
    }
  if (n > 0)
    g_string_append_c (rendered, '}');
  if (g_hash_table_contains (family->series, rendered->str))
    {
      g_string_free (rendered, TRUE);
      family->set->dropped++;
      return NULL;
    }
  sample = g_new0 (ScalyrMetricSample, 1);
  sample->labels = g_string_free (rendered, FALSE);
  sample->pairs = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    sample->pairs[i] = g_strdup (g_ptr_array_index (labels->pairs, i));
  g_hash_table_add (family->series, sample->labels);
  g_ptr_array_add (family->samples, sample);
  return sample;
}

gboolean
scalyr_metric_family_add_int (ScalyrMetricFamily *family,
                              ScalyrMetricLabels *labels,
                              gint64              value)
{
  ScalyrMetricSample *sample;

  if (family->type == SCALYR_METRIC_TYPE_COUNTER && value < 0)
    {
      family->set->dropped++;
      return FALSE;
    }
  sample = add_sample (family, labels);
  if (sample == NULL)
    return FALSE;
  sample->is_int = TRUE;
  sample->int_value = value;
  return TRUE;
}

gboolean
scalyr_metric_family_add_double (ScalyrMetricFamily *family,
                                 ScalyrMetricLabels *labels,
                                 double              value)
{
  ScalyrMetricSample *sample;

  /* an OpenMetrics counter is never NaN nor negative */
  if (family->type == SCALYR_METRIC_TYPE_COUNTER && (isnan (value) || value < 0))
    {
      family->set->dropped++;
      return FALSE;
    }
  sample = add_sample (family, labels);
  if (sample == NULL)
    return FALSE;
  sample->double_value = value;
  return TRUE;
}
