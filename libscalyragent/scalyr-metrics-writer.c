/* scalyr-metrics-writer.c: the text of an exposition, in the Prometheus
 * text format 0.0.4 or the OpenMetrics text format 1.0.0. They differ in
 * the name on the HELP and TYPE lines (0.0.4 names a counter's samples,
 * `x_total`; OpenMetrics the family, `x`), the info type (a gauge in 0.0.4),
 * UNIT lines, `"` escaped in HELP, and OpenMetrics' closing `# EOF`.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-metrics-name-private.h"
#include "scalyr-metrics-writer-private.h"

static const char *
type_name (ScalyrMetricType type,
           gboolean         openmetrics)
{
  switch (type)
    {
    case SCALYR_METRIC_TYPE_COUNTER:
      return "counter";
    case SCALYR_METRIC_TYPE_INFO:
      return openmetrics ? "info" : "gauge";
    case SCALYR_METRIC_TYPE_GAUGE:
    default:
      return "gauge";
    }
}

static void
write_family (GString            *out,
              ScalyrMetricFamily *family,
              gboolean            openmetrics)
{
  g_autofree char *sample_name = scalyr_metric_family_dup_sample_name (family);
  const char *meta_name = openmetrics ? family->name : sample_name;

  g_string_append_printf (out, "# HELP %s ", meta_name);
  scalyr_metrics_append_help (out, family->help, openmetrics);
  g_string_append_printf (out, "\n# TYPE %s %s\n", meta_name, type_name (family->type, openmetrics));
  if (openmetrics && family->unit != NULL)
    g_string_append_printf (out, "# UNIT %s %s\n", meta_name, family->unit);
  for (guint i = 0; i < family->samples->len; i++)
    {
      ScalyrMetricSample *sample = g_ptr_array_index (family->samples, i);

      g_string_append (out, sample_name);
      g_string_append (out, sample->labels);
      g_string_append_c (out, ' ');
      if (sample->is_int)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, sample->int_value);
      else
        scalyr_metrics_append_double (out, sample->double_value);
      g_string_append_c (out, '\n');
    }
}

char *
scalyr_metric_set_to_text (ScalyrMetricSet *set,
                           gboolean         openmetrics)
{
  GString *out = g_string_sized_new (8192);

  for (guint i = 0; i < set->families->len; i++)
    {
      ScalyrMetricFamily *family = g_ptr_array_index (set->families, i);

      if (family->samples->len > 0)
        write_family (out, family, openmetrics);
    }
  if (openmetrics)
    g_string_append (out, "# EOF\n");
  return g_string_free (out, FALSE);
}
