/* An external program built against the installed scalyrmon-1: runs the
 * builtin test monitor for one sample and prints its lines. */
#include <scalyrmon.h>

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  g_autoptr(JsonObject) entry = scalyr_json_parse_object ("{ module: \"test_monitor\", gauss_mean: 3 }", -1, &error);
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(ScalyrLogSink) out = scalyr_stream_sink_new_for_fd (1);

  if (entry == NULL)
    g_error ("%s", error->message);
  monitor = scalyr_monitor_registry_create_monitor (registry, entry, NULL, 1, &error);
  if (monitor == NULL)
    g_error ("%s", error->message);
  scalyr_monitor_open_metric_log (monitor, out);
  if (!scalyr_monitor_gather_sample (monitor, &error))
    g_error ("%s", error->message);
  scalyr_log_sink_flush (out, NULL);
  return 0;
}
