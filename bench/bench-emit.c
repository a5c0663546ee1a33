/* bench-emit.c: metric lines per second through a ScalyrAgentLogger into a
 * file sink, rate limiter off.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "scalyrmon.h"

static double
run (const char *label,
     const char *path,
     double      flush_delay,
     int         kind,
     guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = scalyr_file_sink_new (path, 0, 0, &error);
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("bench_monitor", "");
  gint64 start, elapsed;
  double rate;

  g_assert_no_error (error);
  scalyr_log_sink_set_rate_limit (sink, -1, -1);
  scalyr_log_sink_set_flush_delay (sink, flush_delay);
  scalyr_agent_logger_set_metric_sink (logger, sink);

  start = g_get_monotonic_time ();
  if (kind == 3)
    {
      /* the generic, binding-friendly GVariant path */
      for (guint i = 0; i < n; i++)
        {
          GVariantBuilder b;

          g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
          g_variant_builder_add (&b, "{sv}", "count", g_variant_new_int64 (i));
          g_variant_builder_add (&b, "{sv}", "cpu", g_variant_new_string ("cpu0"));
          if (!scalyr_agent_logger_emit_value (logger, "cpu.usage", g_variant_new_double (g_random_double ()),
                                               g_variant_builder_end (&b), &error))
            g_error ("%s", error->message);
        }
    }
  else
    {
      /* the C path: typed emit, extra fields kept between samples */
      g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();

      scalyr_extra_fields_set_string (fields, "cpu", "cpu0");
      for (guint i = 0; i < n; i++)
        {
          gboolean ok;

          scalyr_extra_fields_set_int (fields, "count", i);
          switch (kind)
            {
            case 0:
              ok = scalyr_agent_logger_emit_int (logger, "cpu.usage", (gint64) i * 7919, fields, &error);
              break;
            case 1:
              ok = scalyr_agent_logger_emit_double (logger, "cpu.usage", g_random_double (), fields, &error);
              break;
            default:
              ok = scalyr_agent_logger_emit_double (logger, "cpu.usage", (double) (i % 1000) / 8.0, fields, &error);
              break;
            }
          if (!ok)
            g_error ("%s", error->message);
        }
    }
  scalyr_log_sink_close (sink);
  elapsed = g_get_monotonic_time () - start;
  rate = n / ((double) elapsed / G_USEC_PER_SEC);
  printf ("%-52s %10.0f lines/s  (%u lines in %.3f s)\n", label, rate, n, (double) elapsed / G_USEC_PER_SEC);
  g_unlink (path);
  return rate;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("scalyr-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.log", NULL);
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;

  printf ("emit throughput: one thread, metric + 2 extra fields, file sink, rate limiter off\n");
  run ("integer values, flush delay 1 s", path, 1.0, 0, n);
  run ("random double values (17 digits), flush delay 1 s", path, 1.0, 1, n);
  run ("short double values (x/8), flush delay 1 s", path, 1.0, 2, n);
  run ("integer values, flush every line (delay 0)", path, 0.0, 0, n / 4);
  run ("GVariant API (emit_value, a{sv} fields), random doubles", path, 1.0, 3, n / 4);
  g_rmdir (dir);
  return 0;
}
