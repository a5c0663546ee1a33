/* test-agent-process.c: the status's `process` figures against what the
 * kernel says otherwise (getrusage, getrlimit, fds and threads opened here),
 * and the /proc parsers on odd and broken text
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "scalyr-agent-process-private.h"

static JsonObject *
process_status (JsonNode **node)
{
  *node = scalyr_agent_process_dup_status ();
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*node));
  return json_node_get_object (*node);
}

static gpointer
wait_on (gpointer data)
{
  GCancellable *stop = data;

  while (!g_cancellable_is_cancelled (stop))
    g_usleep (1000);
  return NULL;
}

static void
test_live (void)
{
  g_autoptr(JsonNode) before = NULL, after = NULL;
  JsonObject *b, *a;
  struct rusage ru;
  struct rlimit nofile;
  int fds[3];
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  GThread *thread;
  gint64 t0 = g_get_monotonic_time ();
  double now = (double) g_get_real_time () / G_USEC_PER_SEC;
  volatile double spin = 0;

  /* some CPU time to see */
  while (g_get_monotonic_time () - t0 < 100000)
    spin += 1;
  g_test_message ("spun %.0f times", spin);

  b = process_status (&before);
  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);
  /* utime from /proc in clock ticks: within a tick or two of getrusage */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "cpu_user_seconds"),
                                  ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, 0.05);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "cpu_system_seconds"),
                                  ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, 0.05);
  g_assert_cmpfloat (json_object_get_double_member (b, "cpu_user_seconds"), >, 0);
  /* the resident set: under the peak, and more than nothing */
  g_assert_cmpint (json_object_get_int_member (b, "rss_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (b, "rss_bytes"), <=, (gint64) ru.ru_maxrss * 1024);
  g_assert_cmpint (json_object_get_int_member (b, "virtual_bytes"), >=, json_object_get_int_member (b, "rss_bytes"));
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &nofile), ==, 0);
  if (nofile.rlim_cur != RLIM_INFINITY)
    g_assert_cmpint (json_object_get_int_member (b, "max_fds"), ==, (gint64) nofile.rlim_cur);
  /* started in the last hour, and not in the future */
  g_assert_cmpfloat (json_object_get_double_member (b, "start_time"), <=, now + 1);
  g_assert_cmpfloat (json_object_get_double_member (b, "start_time"), >, now - 3600);
  g_assert_cmpint (json_object_get_int_member (b, "threads"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (b, "open_fds"), >=, 3);

  for (int i = 0; i < 3; i++)
    fds[i] = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  thread = g_thread_new ("process-test", wait_on, stop);
  a = process_status (&after);
  g_assert_cmpint (json_object_get_int_member (a, "open_fds"), ==, json_object_get_int_member (b, "open_fds") + 3);
  g_assert_cmpint (json_object_get_int_member (a, "threads"), ==, json_object_get_int_member (b, "threads") + 1);
  g_cancellable_cancel (stop);
  g_thread_join (thread);
  for (int i = 0; i < 3; i++)
    close (fds[i]);
}

static void
test_parse_stat (void)
{
  ScalyrProcessStat st;
  /* a comm with spaces and parentheses, as prctl allows */
  const char *text = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 75 0 0 20 0 7 0 12345 "
                     "104857600 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

  g_assert_true (scalyr_agent_process_parse_stat (text, 100, &st));
  g_assert_cmpfloat (st.cpu_user_seconds, ==, 2.5);
  g_assert_cmpfloat (st.cpu_system_seconds, ==, 0.75);
  g_assert_cmpint (st.threads, ==, 7);
  g_assert_cmpfloat (st.start_ticks, ==, 12345);
  g_assert_cmpint (st.virtual_bytes, ==, 104857600);
  g_assert_cmpint (st.rss_pages, ==, 2048);

  /* a field that is not a number is left out, never read as 0 */
  g_assert_true (scalyr_agent_process_parse_stat ("1 (x) S 1 1 1 0 -1 0 0 0 0 0 x7 75 0 0 20 0 -3 0 1 2 3",
                                                  100, &st));
  g_assert_cmpfloat (st.cpu_user_seconds, ==, -1);
  g_assert_cmpfloat (st.cpu_system_seconds, ==, 0.75);
  g_assert_cmpint (st.threads, ==, -1);
  g_assert_cmpint (st.rss_pages, ==, 3);
  /* cut short, no comm, nothing */
  g_assert_false (scalyr_agent_process_parse_stat ("1 (x) S 1 1 1 0", 100, &st));
  g_assert_cmpint (st.threads, ==, -1);
  g_assert_false (scalyr_agent_process_parse_stat ("garbage", 100, &st));
  g_assert_false (scalyr_agent_process_parse_stat ("", 100, &st));
  /* no clock ticks: no CPU seconds */
  g_assert_true (scalyr_agent_process_parse_stat (text, 0, &st));
  g_assert_cmpfloat (st.cpu_user_seconds, ==, -1);
}

static void
test_parse_btime (void)
{
  g_assert_cmpint (scalyr_agent_process_parse_btime ("cpu  1 2 3\nintr 5 6\nbtime 1700000000\nprocesses 9\n"),
                   ==, 1700000000);
  g_assert_cmpint (scalyr_agent_process_parse_btime ("btime 17"), ==, 17);
  g_assert_cmpint (scalyr_agent_process_parse_btime ("cpu 1\nbtime x\n"), ==, -1);
  g_assert_cmpint (scalyr_agent_process_parse_btime ("cpu 1\n"), ==, -1);
  g_assert_cmpint (scalyr_agent_process_parse_btime (""), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agent-process/live", test_live);
  g_test_add_func ("/agent-process/parse/stat", test_parse_stat);
  g_test_add_func ("/agent-process/parse/btime", test_parse_btime);
  return g_test_run ();
}
