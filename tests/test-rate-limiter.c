/* test-rate-limiter.c: the leaky bucket behind log rate limits
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-rate-limiter-private.h"

#define SEC G_GINT64_CONSTANT (1000000)

static void
test_starts_full (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, 100, 10, 0);
  g_assert_true (scalyr_rate_limiter_is_limited (&rl));
  g_assert_true (scalyr_rate_limiter_charge (&rl, 60, 0));
  g_assert_true (scalyr_rate_limiter_charge (&rl, 40, 0));
  g_assert_false (scalyr_rate_limiter_charge (&rl, 1, 0));
}

static void
test_refill (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, 100, 10, 0);
  g_assert_true (scalyr_rate_limiter_charge (&rl, 100, 0));
  g_assert_false (scalyr_rate_limiter_charge (&rl, 11, 1 * SEC));   /* holds 10 */
  g_assert_true (scalyr_rate_limiter_charge (&rl, 10, 1 * SEC));
  g_assert_false (scalyr_rate_limiter_charge (&rl, 5, 1 * SEC + SEC / 4));  /* holds 2.5 */
  g_assert_true (scalyr_rate_limiter_charge (&rl, 5, 1 * SEC + SEC / 2));   /* holds 5 */
}

static void
test_capacity_bound (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, 100, 1000, 0);
  /* an hour idle does not let more than the capacity through */
  g_assert_false (scalyr_rate_limiter_charge (&rl, 101, 3600 * SEC));
  g_assert_true (scalyr_rate_limiter_charge (&rl, 100, 3600 * SEC));
  g_assert_false (scalyr_rate_limiter_charge (&rl, 1, 3600 * SEC));
}

static void
test_zero_rate (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, 50, 0, 0);
  g_assert_true (scalyr_rate_limiter_charge (&rl, 50, 0));
  g_assert_false (scalyr_rate_limiter_charge (&rl, 1, 1000000 * (gint64) SEC));
}

static void
test_disabled (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, -1, 10, 0);
  g_assert_false (scalyr_rate_limiter_is_limited (&rl));
  for (int i = 0; i < 1000; i++)
    g_assert_true (scalyr_rate_limiter_charge (&rl, 1e9, 0));
  scalyr_rate_limiter_init (&rl, 100, -5, 0);
  g_assert_false (scalyr_rate_limiter_is_limited (&rl));
  g_assert_true (scalyr_rate_limiter_charge (&rl, 1e9, 0));
}

static void
test_clock_backwards (void)
{
  ScalyrRateLimiter rl;

  scalyr_rate_limiter_init (&rl, 10, 10, 5 * SEC);
  g_assert_true (scalyr_rate_limiter_charge (&rl, 10, 5 * SEC));
  /* time going back neither refills nor breaks later refills */
  g_assert_false (scalyr_rate_limiter_charge (&rl, 1, 1 * SEC));
  g_assert_true (scalyr_rate_limiter_charge (&rl, 10, 6 * SEC));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rate-limiter/starts-full", test_starts_full);
  g_test_add_func ("/rate-limiter/refill", test_refill);
  g_test_add_func ("/rate-limiter/capacity-bound", test_capacity_bound);
  g_test_add_func ("/rate-limiter/zero-rate-never-refills", test_zero_rate);
  g_test_add_func ("/rate-limiter/negative-disables", test_disabled);
  g_test_add_func ("/rate-limiter/clock-backwards", test_clock_backwards);
  return g_test_run ();
}
