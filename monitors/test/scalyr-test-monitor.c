/* scalyr-test-monitor.c: the builtin test_monitor
 * SPDX-License-Identifier: Apache-2.0 */

#include <math.h>

#include "scalyr-test-monitor.h"

/* The reference's test_monitor: each sample emits
 *   uniform <random in [0, 1)> count=<n>
 *   gauss <normal(gauss_mean, gauss_stddev)> count=<n>
 * with gauss_mean required (0-10) and gauss_stddev 0.25 by default (0-5). */
struct _ScalyrTestMonitor
{
  ScalyrMonitor parent_instance;

  double gauss_mean;
  double gauss_stddev;
  gint64 counter;
  ScalyrExtraFields *fields;
};

G_DEFINE_FINAL_TYPE (ScalyrTestMonitor, scalyr_test_monitor, SCALYR_TYPE_MONITOR)

static double
random_gauss (double mean,
              double stddev)
{
  /* Marsaglia's polar method: one logarithm, no trigonometry */
  double u, v, s;

  do
    {
      u = 2.0 * g_random_double () - 1.0;
      v = 2.0 * g_random_double () - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  return mean + stddev * u * sqrt (-2.0 * log (s) / s);
}

static gboolean
scalyr_test_monitor_initialize (ScalyrMonitor *monitor,
                                GError       **error)
{
  ScalyrTestMonitor *self = SCALYR_TEST_MONITOR (monitor);
  ScalyrMonitorConfig *config = scalyr_monitor_get_config (monitor);
  GError *local_error = NULL;

  /* Both options are declared, so they were validated and converted
   * before this hook runs. */
  self->gauss_mean = scalyr_monitor_config_get_double (config, "gauss_mean", SCALYR_CONFIG_REQUIRED,
                                                       0, -INFINITY, INFINITY, &local_error);
  if (local_error == NULL)
    self->gauss_stddev = scalyr_monitor_config_get_double (config, "gauss_stddev", SCALYR_CONFIG_NONE,
                                                           0.25, -INFINITY, INFINITY, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scalyr_test_monitor_gather_sample (ScalyrMonitor *monitor,
                                   GError       **error)
{
  ScalyrTestMonitor *self = SCALYR_TEST_MONITOR (monitor);
  ScalyrAgentLogger *logger = scalyr_monitor_get_logger (monitor);

  self->counter++;
  scalyr_extra_fields_set_int (self->fields, "count", self->counter);
  if (!scalyr_agent_logger_emit_double (logger, "uniform", g_random_double (), self->fields, error))
    return FALSE;
  return scalyr_agent_logger_emit_double (logger, "gauss", random_gauss (self->gauss_mean, self->gauss_stddev),
                                          self->fields, error);
}

static void
scalyr_test_monitor_finalize (GObject *object)
{
  ScalyrTestMonitor *self = SCALYR_TEST_MONITOR (object);

  scalyr_extra_fields_unref (self->fields);
  G_OBJECT_CLASS (scalyr_test_monitor_parent_class)->finalize (object);
}

static void
scalyr_test_monitor_class_init (ScalyrTestMonitorClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);
  ScalyrMonitorOption *mean;
  ScalyrMonitorMetric *metric;
  const char *count_field[] = { "count", NULL };

  G_OBJECT_CLASS (klass)->finalize = scalyr_test_monitor_finalize;
  monitor_class->initialize = scalyr_test_monitor_initialize;
  monitor_class->gather_sample = scalyr_test_monitor_gather_sample;

  scalyr_monitor_declare_description (type,
                                      "Test monitor: reports numbers picked from a uniform and a "
                                      "gaussian distribution every sample interval.");
  mean = scalyr_monitor_option_new_double ("gauss_mean", "Mean of the gaussian distribution.",
                                           0, 0, 10);
  scalyr_monitor_option_set_default_value (mean, NULL);
  scalyr_monitor_option_set_required (mean, TRUE);
  scalyr_monitor_declare_option (type, mean);
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_double ("gauss_stddev",
                                                                   "Standard deviation of the gaussian distribution.",
                                                                   0.25, 0, 5));
  metric = scalyr_monitor_metric_new ("uniform", "A number picked uniformly from [0, 1).");
  scalyr_monitor_metric_set_extra_fields (metric, count_field);
  scalyr_monitor_declare_metric (type, metric);
  metric = scalyr_monitor_metric_new ("gauss", "A number picked from the gaussian distribution.");
  scalyr_monitor_metric_set_extra_fields (metric, count_field);
  scalyr_monitor_declare_metric (type, metric);
}

static void
scalyr_test_monitor_init (ScalyrTestMonitor *self)
{
  self->fields = scalyr_extra_fields_new ();
}
