/* test-metric-store-alloc.c: a metric line of a known series allocates
 * nothing, store or no store: malloc, calloc and realloc are counted on
 * the emitting thread (this program replaces them, calling glibc's)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stddef.h>

#include "test-helpers.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
# define COUNTING 0
#elif defined(__has_feature)
# if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#  define COUNTING 0
# endif
#endif
#ifndef COUNTING
# define COUNTING 1
#endif

static _Thread_local gboolean counting;
static _Thread_local guint allocations;

#if COUNTING
extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *p, size_t size);

void *malloc (size_t size);
void *calloc (size_t n, size_t size);
void *realloc (void *p, size_t size);

void *
malloc (size_t size)
{
  allocations += counting;
  return __libc_malloc (size);
}

void *
calloc (size_t n,
        size_t size)
{
  allocations += counting;
  return __libc_calloc (n, size);
}

void *
realloc (void  *p,
         size_t size)
{
  allocations += counting;
  return __libc_realloc (p, size);
}
#endif

/* a sink that keeps nothing, and allocates nothing */
#define NULL_TYPE_SINK (null_sink_get_type ())
G_DECLARE_FINAL_TYPE (NullSink, null_sink, NULL, SINK, ScalyrLogSink)
struct _NullSink { ScalyrLogSink parent_instance; };
G_DEFINE_FINAL_TYPE (NullSink, null_sink, SCALYR_TYPE_LOG_SINK)

static gboolean
null_sink_write (ScalyrLogSink *sink, const char *data, gsize len, GError **error)
{
  (void) sink; (void) data; (void) len; (void) error;
  return TRUE;
}

static void null_sink_class_init (NullSinkClass *klass) { SCALYR_LOG_SINK_CLASS (klass)->write = null_sink_write; }
static void null_sink_init (NullSink *self) { (void) self; }

/* the allocations of one sample of 20 series (ints, doubles, booleans,
 * with extra fields) */
static guint
emit_sample (ScalyrAgentLogger *logger,
             ScalyrExtraFields *fields)
{
  counting = TRUE;
  allocations = 0;
  for (int i = 0; i < 20; i++)
    {
      const char *names[] = { "cpu.busy", "cpu.idle", "mem.free", "up" };

      if (i % 4 == 3)
        g_assert_true (scalyr_agent_logger_emit_boolean (logger, names[3], i % 2, fields, NULL));
      else if (i % 2 == 0)
        g_assert_true (scalyr_agent_logger_emit_int (logger, names[i % 4], i * 1000, fields, NULL));
      else
        g_assert_true (scalyr_agent_logger_emit_double (logger, names[i % 4], i / 3.0, fields, NULL));
    }
  counting = FALSE;
  return allocations;
}

static void
test_steady_state (void)
{
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("m", "x");
  g_autoptr(ScalyrLogSink) sink = g_object_new (NULL_TYPE_SINK, NULL);
  g_autoptr(ScalyrMetricStore) store = scalyr_metric_store_new (100);
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();
  guint first;

  if (!COUNTING)
    {
      g_test_skip ("malloc cannot be replaced under a sanitizer");
      return;
    }
  scalyr_extra_fields_set_string (fields, "device", "sda \"1\"");
  scalyr_extra_fields_set_int (fields, "cpu", 3);
  scalyr_agent_logger_set_metric_sink (logger, sink);
  scalyr_agent_logger_set_metric_store (logger, store);

  /* the first sample makes the series (and the thread's line buffer) */
  first = emit_sample (logger, fields);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (scalyr_metric_store_get_n_series (store), ==, 4);
  for (int round = 0; round < 3; round++)
    g_assert_cmpuint (emit_sample (logger, fields), ==, 0);
  g_test_message ("first sample: %u allocations; later samples: 0", first);

  /* beyond the limit too: a dropped series costs nothing once counted */
  g_clear_object (&store);
  store = scalyr_metric_store_new (2);
  scalyr_agent_logger_set_metric_store (logger, store);
  emit_sample (logger, fields);
  g_assert_cmpuint (scalyr_metric_store_get_series_dropped (store), ==, 2);
  g_assert_cmpuint (emit_sample (logger, fields), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metric-store/steady-state-no-allocation", test_steady_state);
  return g_test_run ();
}
