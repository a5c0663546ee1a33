/* test-linux-metrics-live.c: the real scalyr-run-monitor running
 * linux_system_metrics and linux_process_metrics on this machine
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

static const char *run_monitor;

typedef struct {
  char *out;
  char *err;
  int status;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs scalyr-run-monitor with @args for @run_ms (0: until it exits). */
static void
run (Result             *r,
     const char * const *args,
     guint               run_ms)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) run_monitor);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  if (run_ms > 0)
    {
      g_usleep (run_ms * 1000);
      g_subprocess_send_signal (proc, SIGTERM);
    }
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

/* One metric line: value and fields of the first sample, and of the last. */
typedef struct {
  GHashTable *first;   /* "metric fields" -> value text */
  GHashTable *last;
  GHashTable *names;   /* metric -> number of lines */
  guint samples;
} Lines;

static void
lines_clear (Lines *l)
{
  g_clear_pointer (&l->first, g_hash_table_unref);
  g_clear_pointer (&l->last, g_hash_table_unref);
  g_clear_pointer (&l->names, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lines, lines_clear)

static void
parse_lines (Lines      *l,
             const char *out,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *first_key = NULL;

  l->first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* <date> <time> [prefix] metric value fields... */
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 5);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      char *space;

      if (g_strv_length (parts) < 5 || strcmp (parts[2], prefix) != 0)
        continue;
      space = strchr (parts[4], ' ');
      value = g_strndup (parts[4], space != NULL ? (gsize) (space - parts[4]) : strlen (parts[4]));
      key = g_strdup_printf ("%s %s", parts[3], space != NULL ? space + 1 : "");
      /* a sample starts with the same line each time */
      if (first_key == NULL)
        first_key = g_strdup (key);
      if (strcmp (key, first_key) == 0)
        l->samples++;
      if (l->samples == 1)
        g_hash_table_insert (l->first, g_strdup (key), g_strdup (value));
      g_hash_table_insert (l->last, g_steal_pointer (&key), g_steal_pointer (&value));
      g_hash_table_insert (l->names, g_strdup (parts[3]),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (l->names, parts[3])) + 1));
    }
}

static double
value_of (GHashTable *table,
          const char *key)
{
  const char *v = g_hash_table_lookup (table, key);

  if (v == NULL)
    g_error ("no line \"%s\"", key);
  return g_ascii_strtod (v, NULL);
}

static void
test_system_live (void)
{
  const char *args[] = {
    "-s", "1", "-c", "{ network_interface_prefixes: [\"lo\", \"eth\", \"en\", \"wl\"], network_interface_suffix: \"[0-9a-zA-Z]*\" }",
    "scalyr_agent.builtin_monitors.linux_system_metrics", NULL,
  };
  g_auto(Result) r = { 0 };
  g_auto(Lines) l = { 0 };
  /* metric -> the file it comes from: required when the machine has it */
  static const char * const families[][2] = {
    { "proc.uptime.total", "/proc/uptime" }, { "proc.uptime.now", "/proc/uptime" },
    { "proc.meminfo.memtotal", "/proc/meminfo" }, { "proc.meminfo.memfree", "/proc/meminfo" },
    { "proc.vmstat.pgfault", "/proc/vmstat" }, { "proc.vmstat.pgmajfault", "/proc/vmstat" },
    { "proc.vmstat.pgpgin", "/proc/vmstat" }, { "proc.stat.cpu", "/proc/stat" }, { "proc.stat.intr", "/proc/stat" },
    { "proc.stat.ctxt", "/proc/stat" }, { "proc.stat.processes", "/proc/stat" },
    { "proc.stat.procs_blocked", "/proc/stat" }, { "proc.loadavg.1min", "/proc/loadavg" },
    { "proc.loadavg.5min", "/proc/loadavg" }, { "proc.loadavg.15min", "/proc/loadavg" },
    { "proc.loadavg.runnable", "/proc/loadavg" }, { "proc.loadavg.total_threads", "/proc/loadavg" },
    { "proc.kernel.entropy_avail", "/proc/sys/kernel/random/entropy_avail" },
    { "sys.cpu.count", "/sys/devices/system/cpu/possible" },
    { "proc.net.bytes", "/proc/net/dev" }, { "proc.net.packets", "/proc/net/dev" },
    { "proc.net.errs", "/proc/net/dev" }, { "proc.net.dropped", "/proc/net/dev" },
    { "net.sockstat.num_sockets", "/proc/net/sockstat" }, { "net.sockstat.num_timewait", "/proc/net/sockstat" },
    { "net.sockstat.sockets_inuse", "/proc/net/sockstat" }, { "net.sockstat.num_orphans", "/proc/net/sockstat" },
    { "net.sockstat.memory", "/proc/net/sockstat" }, { "net.sockstat.ipfragqueues", "/proc/net/sockstat" },
    { "net.stat.tcp.syncookies", "/proc/net/netstat" }, { "net.stat.tcp.delayedack", "/proc/net/netstat" },
    { "net.stat.tcp.failed_accept", "/proc/net/netstat" }, { "net.stat.tcp.abort", "/proc/net/netstat" },
    { "net.stat.tcp.abort.failed", "/proc/net/netstat" }, { "net.stat.tcp.invalid_sack", "/proc/net/netstat" },
    { "net.stat.tcp.memory.prune", "/proc/net/netstat" }, { "net.stat.tcp.packetloss.recovery", "/proc/net/netstat" },
    { "net.stat.tcp.reording", "/proc/net/netstat" }, { "net.stat.tcp.congestion.recovery", "/proc/net/netstat" },
    { "net.stat.tcp.memory.pressure", "/proc/net/netstat" }, { "net.stat.tcp.receive.queue.full", "/proc/net/netstat" },
    { "df.1kblocks.total", "/proc/self/mountinfo" }, { "df.1kblocks.used", "/proc/self/mountinfo" },
    { "df.1kblocks.free", "/proc/self/mountinfo" }, { "df.inodes.total", "/proc/self/mountinfo" },
    { "df.inodes.used", "/proc/self/mountinfo" }, { "df.inodes.free", "/proc/self/mountinfo" },
  };
  static const char * const cpu_types[] = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", NULL,
  };
  GHashTableIter iter;
  gpointer key, value;
  guint mounts = 0;

  run (&r, args, 2500);
  g_assert_cmpint (r.status, ==, 0);
  parse_lines (&l, r.out, "[linux_system_metrics()]");
  g_test_message ("%u metric names, %u lines in the first sample", g_hash_table_size (l.names),
                  g_hash_table_size (l.first));
  g_assert_cmpuint (l.samples, >=, 2);

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (!g_file_test (families[i][1], G_FILE_TEST_EXISTS))
      g_test_message ("%s: no %s on this machine", families[i][0], families[i][1]);
    else if (!g_hash_table_contains (l.names, families[i][0]))
      g_error ("metric %s missing from:\n%s", families[i][0], r.out);

  /* optional families, when the machine has them */
  if (g_file_test ("/sys/devices/system/node/node0/numastat", G_FILE_TEST_EXISTS))
    {
      g_assert_true (value_of (l.first, "sys.numa.zoneallocs node=\"0\" type=\"hit\"") > 0);
      g_assert_true (g_hash_table_contains (l.first, "sys.numa.foreign_allocs node=\"0\""));
      g_assert_true (g_hash_table_contains (l.first, "sys.numa.allocation node=\"0\" type=\"remote\""));
      g_assert_true (g_hash_table_contains (l.first, "sys.numa.interleave node=\"0\" type=\"hit\""));
    }
  else
    g_test_message ("no NUMA statistics on this machine");
  if (g_hash_table_contains (l.names, "iostat.disk.read_requests"))
    g_assert_true (g_hash_table_contains (l.names, "iostat.disk.msec_weighted_total"));
  else
    g_test_message ("no disk with reads on this machine");

  /* sane values */
  for (guint i = 0; cpu_types[i] != NULL; i++)
    {
      g_autofree char *k = g_strdup_printf ("proc.stat.cpu type=\"%s\"", cpu_types[i]);
      g_assert_cmpfloat (value_of (l.first, k), >=, 0);
      g_assert_cmpfloat (value_of (l.last, k), >=, value_of (l.first, k));
    }
  g_assert_cmpfloat (value_of (l.first, "proc.stat.cpu type=\"idle\""), >, 0);
  g_assert_cmpfloat (value_of (l.last, "proc.stat.ctxt "), >, value_of (l.first, "proc.stat.ctxt "));
  g_assert_cmpfloat (value_of (l.first, "proc.uptime.total "), >, 0);
  g_assert_cmpfloat (value_of (l.last, "proc.uptime.total "), >, value_of (l.first, "proc.uptime.total "));
  g_assert_cmpfloat (value_of (l.first, "proc.meminfo.memtotal "), >, value_of (l.first, "proc.meminfo.memfree "));
  g_assert_cmpfloat (value_of (l.first, "proc.meminfo.memfree "), >, 0);
  g_assert_cmpfloat (value_of (l.first, "proc.loadavg.1min "), >=, 0);
  g_assert_cmpfloat (value_of (l.first, "proc.loadavg.runnable "), >=, 1);  /* the monitor itself */
  g_assert_cmpfloat (value_of (l.first, "proc.loadavg.total_threads "), >=,
                     value_of (l.first, "proc.loadavg.runnable "));
  if (g_hash_table_contains (l.names, "proc.kernel.entropy_avail"))
    g_assert_cmpfloat (value_of (l.first, "proc.kernel.entropy_avail "), >, 0);
  if (g_hash_table_contains (l.names, "sys.cpu.count"))
    g_assert_cmpfloat (value_of (l.first, "sys.cpu.count "), ==, (double) sysconf (_SC_NPROCESSORS_CONF));
  g_assert_cmpfloat (value_of (l.first, "proc.net.bytes direction=\"in\" iface=\"lo\""), >=, 0);
  g_assert_cmpfloat (value_of (l.first, "net.sockstat.memory type=\"tcp\""), >=, 0);

  /* df: one line of each kind per mount, used + free <= total */
  g_hash_table_iter_init (&iter, l.first);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *k = key;
      const char *fields;
      g_autofree char *used = NULL, *avail = NULL, *itotal = NULL, *iused = NULL, *ifree = NULL;
      double total;

      if (!g_str_has_prefix (k, "df.1kblocks.total "))
        continue;
      mounts++;
      fields = k + strlen ("df.1kblocks.total ");
      total = g_ascii_strtod (value, NULL);
      used = g_strdup_printf ("df.1kblocks.used %s", fields);
      avail = g_strdup_printf ("df.1kblocks.free %s", fields);
      itotal = g_strdup_printf ("df.inodes.total %s", fields);
      iused = g_strdup_printf ("df.inodes.used %s", fields);
      ifree = g_strdup_printf ("df.inodes.free %s", fields);
      g_assert_cmpfloat (total, >, 0);
      g_assert_cmpfloat (value_of (l.first, used) + value_of (l.first, avail), <=, total);
      g_assert_cmpfloat (value_of (l.first, iused) + value_of (l.first, ifree), ==, value_of (l.first, itotal));
    }
  g_assert_cmpuint (mounts, >=, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (l.names, "df.1kblocks.total")), ==, mounts * l.samples);
}

static void
test_process_live (void)
{
  const char *args[] = {
    "-s", "1", "-c", "{ id: \"agent\", pid: \"$$\" }", "scalyr_agent.builtin_monitors.linux_process_metrics", NULL,
  };
  g_auto(Result) r = { 0 };
  g_auto(Lines) l = { 0 };

  run (&r, args, 2500);
  g_assert_cmpint (r.status, ==, 0);
  parse_lines (&l, r.out, "[linux_process_metrics(agent)]");
  g_assert_cmpuint (l.samples, >=, 2);
  g_assert_cmpfloat (value_of (l.first, "app.cpu app=\"agent\" type=\"user\""), ==, 0);
  g_assert_cmpfloat (value_of (l.first, "app.uptime app=\"agent\""), ==, 0);
  g_assert_cmpfloat (value_of (l.last, "app.uptime app=\"agent\""), >=, 900);
  g_assert_cmpfloat (value_of (l.last, "app.threads app=\"agent\""), >=, 2);  /* main and monitor threads */
  g_assert_cmpfloat (value_of (l.last, "app.mem.bytes app=\"agent\" type=\"resident\""), >, 1e6);
  g_assert_cmpfloat (value_of (l.last, "app.mem.bytes app=\"agent\" type=\"peak_resident\""), >=,
                     value_of (l.last, "app.mem.bytes app=\"agent\" type=\"resident\""));
  g_assert_cmpfloat (value_of (l.last, "app.mem.bytes app=\"agent\" type=\"vmsize\""), >,
                     value_of (l.last, "app.mem.bytes app=\"agent\" type=\"resident\""));
  g_assert_cmpfloat (value_of (l.last, "app.io.fds app=\"agent\" type=\"open\""), >=, 3);
  g_assert_true (g_hash_table_contains (l.last, "app.disk.bytes app=\"agent\" type=\"write\""));
  g_assert_true (g_hash_table_contains (l.last, "app.io.wait app=\"agent\""));
  g_assert_true (g_hash_table_contains (l.last, "app.nice app=\"agent\""));
  g_assert_true (g_hash_table_contains (l.last, "app.mem.majflt app=\"agent\""));
}

static void
test_config_errors (void)
{
  struct {
    const char *config;
    const char *module;
    const char *message;
  } cases[] = {
    { "{ id: \"x\" }", "linux_process_metrics", "field \"commandline\" or \"pid\" is required" },
    { "{ id: \"x\", pid: 1, commandline: \"a\" }", "linux_process_metrics",
      "fields \"commandline\" and \"pid\" are both given" },
    { "{ proc_root: \"/nonexistent\" }", "linux_system_metrics", "field \"proc_root\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "-c", cases[i].config, cases[i].module, NULL };
      g_auto(Result) r = { 0 };

      run (&r, args, 0);
      g_assert_cmpint (r.status, !=, 0);
      g_assert_true (strstr (r.err, cases[i].message) != NULL);
    }
}

static void
test_inspect (void)
{
  const char *args[] = { "--inspect", "linux_system_metrics", NULL };
  const char *args2[] = { "--inspect", "scalyr_agent.builtin_monitors.linux_process_metrics", NULL };
  g_auto(Result) r = { 0 };
  g_auto(Result) r2 = { 0 };

  run (&r, args, 0);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (strstr (r.out, "network_interface_prefixes (array of strings, default [\"eth\"]") != NULL);
  g_assert_true (strstr (r.out, "ignore_mounts (array of strings, default [\"/sys/*\", \"/dev*\"") != NULL);
  g_assert_true (strstr (r.out, "local_disks_only (boolean, default true") != NULL);
  g_assert_true (strstr (r.out, "df.1kblocks.total [fields: mount, fstype] (unit bytes:1024)") != NULL);
  g_assert_true (strstr (r.out, "proc.meminfo.memavailable (unit bytes:1024)") != NULL);
  g_assert_true (strstr (r.out, "net.stat.tcp.reording [fields: detectedby] (cumulative)") != NULL);

  run (&r2, args2, 0);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_true (strstr (r2.out, "app.cpu [fields: app, type] (unit secs:0.01) (cumulative)") != NULL);
  g_assert_true (strstr (r2.out, "commandline (string") != NULL);
  g_assert_true (strstr (r2.out, "pid (string") != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  run_monitor = g_getenv ("SCALYR_RUN_MONITOR");
  if (run_monitor == NULL)
    {
      g_printerr ("SCALYR_RUN_MONITOR is not set\n");
      return 1;
    }
  g_test_add_func ("/linux-metrics-live/system", test_system_live);
  g_test_add_func ("/linux-metrics-live/process", test_process_live);
  g_test_add_func ("/linux-metrics-live/config-errors", test_config_errors);
  g_test_add_func ("/linux-metrics-live/inspect", test_inspect);
  return g_test_run ();
}
