/* random-coin.c: the plugin guide's random coin monitor, in C
 *
 * Every sample interval it reports two metrics: a number picked uniformly
 * from [0, 1) and one picked from a gaussian distribution, each with the
 * number of samples taken so far:
 *
 *   2026-11-26 10:00:00.000Z [random_coin()] uniform 0.982530747431 count=1
 *   2026-11-26 10:00:00.000Z [random_coin()] gauss 8.57020127799 count=1
 *
 * Build it as a shared module named after the monitor (random_coin.so) and
 * run it with:
 *
 *   scalyr-run-monitor -p DIR -c "{ gauss_mean: 8.5 }" -s 1 random_coin
 *
 * SPDX-License-Identifier: Apache-2.0 */
#include <math.h>
#include <gmodule.h>
#include <scalyrmon.h>

#define RANDOM_COIN_TYPE_MONITOR (random_coin_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RandomCoinMonitor, random_coin_monitor, RANDOM_COIN, MONITOR, ScalyrMonitor)

struct _RandomCoinMonitor
{
  ScalyrMonitor parent_instance;

  gint64 counter;
  double gauss_mean;
  double gauss_stddev;
  ScalyrExtraFields *fields;    /* count=N, updated every sample */
};

G_DEFINE_FINAL_TYPE (RandomCoinMonitor, random_coin_monitor, SCALYR_TYPE_MONITOR)

static gboolean
random_coin_monitor_initialize (ScalyrMonitor *monitor,
                                GError       **error)
{
  RandomCoinMonitor *self = RANDOM_COIN_MONITOR (monitor);
  ScalyrMonitorConfig *config = scalyr_monitor_get_config (monitor);
  GError *local_error = NULL;

  /* Read two optional config fields, with their defaults and bounds. Pass
   * SCALYR_CONFIG_REQUIRED instead to make a field required: the monitor
   * then refuses to start without it. */
  self->gauss_mean = scalyr_monitor_config_get_double (config, "gauss_mean", SCALYR_CONFIG_NONE,
                                                       0.5, 0, 10, &local_error);
  if (local_error == NULL)
    self->gauss_stddev = scalyr_monitor_config_get_double (config, "gauss_stddev", SCALYR_CONFIG_NONE,
                                                           0.25, 0, 5, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

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
random_coin_monitor_gather_sample (ScalyrMonitor *monitor,
                                   GError       **error)
{
  RandomCoinMonitor *self = RANDOM_COIN_MONITOR (monitor);
  ScalyrAgentLogger *logger = scalyr_monitor_get_logger (monitor);

  self->counter++;
  scalyr_extra_fields_set_int (self->fields, "count", self->counter);
  if (!scalyr_agent_logger_emit_double (logger, "uniform", g_random_double (), self->fields, error))
    return FALSE;
  return scalyr_agent_logger_emit_double (logger, "gauss", random_gauss (self->gauss_mean, self->gauss_stddev),
                                          self->fields, error);
}

static void
random_coin_monitor_finalize (GObject *object)
{
  RandomCoinMonitor *self = RANDOM_COIN_MONITOR (object);

  scalyr_extra_fields_unref (self->fields);
  G_OBJECT_CLASS (random_coin_monitor_parent_class)->finalize (object);
}

static void
random_coin_monitor_class_init (RandomCoinMonitorClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);
  const char *count_field[] = { "count", NULL };
  ScalyrMonitorMetric *metric;

  G_OBJECT_CLASS (klass)->finalize = random_coin_monitor_finalize;
  monitor_class->initialize = random_coin_monitor_initialize;
  monitor_class->gather_sample = random_coin_monitor_gather_sample;

  /* Documentation for `scalyr-run-monitor --inspect random_coin`. */
  scalyr_monitor_declare_description (type, "Flips a random coin: uniform and gaussian random numbers.");
  scalyr_monitor_declare_option (type, scalyr_monitor_option_new_double ("gauss_mean",
                                                                         "Mean of the gaussian distribution.",
                                                                         0.5, 0, 10));
  scalyr_monitor_declare_option (type, scalyr_monitor_option_new_double ("gauss_stddev",
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
random_coin_monitor_init (RandomCoinMonitor *self)
{
  self->fields = scalyr_extra_fields_new ();
}

SCALYR_DEFINE_MONITOR_MODULE (random_coin_monitor_get_type)
