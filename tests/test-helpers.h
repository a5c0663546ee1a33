/* test-helpers.h: a capturing log sink and a settable clock for the unit tests
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyrmon.h"
#include "scalyr-clock-private.h"

G_BEGIN_DECLS

#define TEST_TYPE_SINK (test_sink_get_type ())
G_DECLARE_FINAL_TYPE (TestSink, test_sink, TEST, SINK, ScalyrLogSink)

struct _TestSink
{
  ScalyrLogSink parent_instance;
  GString *data;
};

G_DEFINE_FINAL_TYPE (TestSink, test_sink, SCALYR_TYPE_LOG_SINK)

static gboolean
test_sink_write (ScalyrLogSink *sink,
                 const char    *data,
                 gsize          len,
                 GError       **error)
{
  (void) error;
  g_string_append_len (TEST_SINK (sink)->data, data, (gssize) len);
  return TRUE;
}

static void
test_sink_finalize (GObject *object)
{
  g_string_free (TEST_SINK (object)->data, TRUE);
  G_OBJECT_CLASS (test_sink_parent_class)->finalize (object);
}

static void
test_sink_class_init (TestSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_sink_finalize;
  SCALYR_LOG_SINK_CLASS (klass)->write = test_sink_write;
}

static void
test_sink_init (TestSink *self)
{
  self->data = g_string_new (NULL);
}

static inline TestSink *
test_sink_new (void)
{
  return g_object_new (TEST_TYPE_SINK, NULL);
}

/* Takes the captured text; the sink starts empty again. */
static inline char *
test_sink_take (TestSink *self)
{
  char *s = g_strdup (self->data->str);
  g_string_truncate (self->data, 0);
  return s;
}

static gint64 test_now_us;

static inline gint64
test_clock (void)
{
  return test_now_us;
}

/* Freezes both clocks at @ms milliseconds since the epoch. */
static inline void
test_clock_set_ms (gint64 ms)
{
  test_now_us = ms * 1000;
  scalyr_clock_set_override (test_clock, test_clock);
}

static inline void
test_clock_advance_secs (double secs)
{
  test_now_us += (gint64) (secs * G_USEC_PER_SEC);
}

G_END_DECLS
