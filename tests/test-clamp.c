/* test-clamp.c: the float-to-integer clamping helpers
 * SPDX-License-Identifier: Apache-2.0 */
#include <glib.h>
#include <float.h>
#include <math.h>

#include "scalyr-clamp-private.h"

static void
test_int64 (void)
{
  g_assert_cmpint (scalyr_clamp_double_to_int64 (0.0, G_MININT64, G_MAXINT64), ==, 0);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (-0.0, G_MININT64, G_MAXINT64), ==, 0);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (12.9, G_MININT64, G_MAXINT64), ==, 12);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (-12.9, G_MININT64, G_MAXINT64), ==, -12);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (1e13 * G_USEC_PER_SEC, G_MININT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (9223372036854775808.0, G_MININT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (9223372036854774784.0, G_MININT64, G_MAXINT64), ==,
                   G_GINT64_CONSTANT (9223372036854774784));
  g_assert_cmpint (scalyr_clamp_double_to_int64 (-9223372036854775808.0, G_MININT64, G_MAXINT64), ==, G_MININT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (-1e300, G_MININT64, G_MAXINT64), ==, G_MININT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (1e300, G_MININT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (INFINITY, G_MININT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (-INFINITY, G_MININT64, G_MAXINT64), ==, G_MININT64);
  /* NaN gives the lower bound */
  g_assert_cmpint (scalyr_clamp_double_to_int64 (NAN, G_MININT64, G_MAXINT64), ==, G_MININT64);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (NAN, 5, 10), ==, 5);
  /* a narrow range */
  g_assert_cmpint (scalyr_clamp_double_to_int64 (4.999, 5, 10), ==, 5);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (7.5, 5, 10), ==, 7);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (10.5, 5, 10), ==, 10);
  g_assert_cmpint (scalyr_clamp_double_to_int64 (5e-324, 0, 10), ==, 0);
}

static void
test_int_and_uint (void)
{
  g_assert_cmpuint (scalyr_clamp_double_to_uint (1e300, 0, G_MAXUINT), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (-1e300, 0, G_MAXUINT), ==, 0);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (NAN, 0, G_MAXUINT), ==, 0);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (INFINITY, 0, G_MAXUINT), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (4294967295.9, 0, G_MAXUINT), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (4294967296.0, 0, G_MAXUINT), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_double_to_uint (1234.5, 0, G_MAXUINT), ==, 1234);
  g_assert_cmpint (scalyr_clamp_double_to_int (1e10, G_MININT, G_MAXINT), ==, G_MAXINT);
  g_assert_cmpint (scalyr_clamp_double_to_int (-1e10, G_MININT, G_MAXINT), ==, G_MININT);
  g_assert_cmpint (scalyr_clamp_double_to_int (-INFINITY, G_MININT, G_MAXINT), ==, G_MININT);
  g_assert_cmpint (scalyr_clamp_double_to_int (NAN, -1, 22), ==, -1);
  g_assert_cmpint (scalyr_clamp_double_to_int (-3.7, G_MININT, G_MAXINT), ==, -3);
}

static void
test_seconds_to_usec (void)
{
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (1.5), ==, 1500000);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (0), ==, 0);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (-2.5), ==, 0);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (-INFINITY), ==, 0);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (NAN), ==, 0);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (1e-300), ==, 0);
  /* the value of the issue: 1e13 s is 1e19 us, above G_MAXINT64 */
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (1e13), ==, SCALYR_CLAMP_MAX_USEC);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (1e300), ==, SCALYR_CLAMP_MAX_USEC);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (INFINITY), ==, SCALYR_CLAMP_MAX_USEC);
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (DBL_MAX), ==, SCALYR_CLAMP_MAX_USEC);
  /* a year is well inside */
  g_assert_cmpint (scalyr_clamp_seconds_to_usec (365.0 * 86400), ==, (gint64) 365 * 86400 * G_USEC_PER_SEC);
  /* and a deadline from the maximum does not overflow */
  g_assert_cmpint (g_get_monotonic_time () + SCALYR_CLAMP_MAX_USEC, >, 0);
}

static void
test_seconds_to_msec (void)
{
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (0.25), ==, 250);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (0.0004), ==, 0);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (-1), ==, 0);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (NAN), ==, 0);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (-INFINITY), ==, 0);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (INFINITY), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (1e13), ==, G_MAXUINT);
  g_assert_cmpuint (scalyr_clamp_seconds_to_msec (4294967.295), ==, 4294967295u);
}

static void
test_add (void)
{
  g_assert_cmpint (scalyr_clamp_add_int64 (5, 7), ==, 12);
  g_assert_cmpint (scalyr_clamp_add_int64 (5, -7), ==, -2);
  g_assert_cmpint (scalyr_clamp_add_int64 (G_MAXINT64 - 1, 7), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_add_int64 (G_MAXINT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (scalyr_clamp_add_int64 (G_MININT64 + 1, -7), ==, G_MININT64);
  g_assert_cmpint (scalyr_clamp_add_int64 (G_MININT64, G_MININT64), ==, G_MININT64);
  g_assert_cmpint (scalyr_clamp_add_int64 (G_MININT64, G_MAXINT64), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clamp/double-to-int64", test_int64);
  g_test_add_func ("/clamp/double-to-int-and-uint", test_int_and_uint);
  g_test_add_func ("/clamp/seconds-to-usec", test_seconds_to_usec);
  g_test_add_func ("/clamp/seconds-to-msec", test_seconds_to_msec);
  g_test_add_func ("/clamp/add-int64", test_add);
  return g_test_run ();
}
