/* test-linux-metrics.c: linux_system_metrics and linux_process_metrics on
 * recorded /proc trees (tests/fixtures), with a fixed clock
 * SPDX-License-Identifier: Apache-2.0
 *
 * SCALYR_UPDATE_FIXTURES=1 rewrites the expected files from the output. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "test-helpers.h"
#include "scalyr-proc-private.h"
#include "scalyr-linux-system-metrics.h"
#include "scalyr-linux-process-metrics.h"

#define FIXED_MS G_GINT64_CONSTANT (1764100000000)

/* statvfs of the mount points of the fixture trees; others are gone */
static int
fake_statvfs (const char     *path,
              struct statvfs *buf)
{
  static const struct {
    const char *path;
    unsigned long frsize;
    fsblkcnt_t blocks, bfree, bavail;
    fsfilcnt_t files, ffree;
  } table[] = {
    { "/", 4096, 66053021, 61675577, 20706853, 16777216, 16244924 },
    { "/mnt/sandboxing/model_tools_env/v1/python", 4096, 1, 1, 1, 3085452, 3085451 },
    { "/app data", 4096, 1000000, 600000, 550000, 500000, 400000 },
    { "/tmp", 512, 1001, 999, 999, 100, 99 },   /* 1001 half-KiB blocks: 501 KiB (df rounds up) */
    { "/var/lib/docker/volumes/x", 4096, 10, 5, 5, 10, 5 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (path, table[i].path) == 0)
      {
        memset (buf, 0, sizeof *buf);
        buf->f_bsize = buf->f_frsize = table[i].frsize;
        buf->f_blocks = table[i].blocks;
        buf->f_bfree = table[i].bfree;
        buf->f_bavail = table[i].bavail;
        buf->f_files = table[i].files;
        buf->f_ffree = table[i].ffree;
        buf->f_favail = table[i].ffree;
        return 0;
      }
  errno = ENOENT;
  return -1;
}

typedef struct {
  ScalyrMonitor *monitor;
  TestSink *metrics;
  TestSink *diagnostics;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->monitor);
  g_clear_object (&f->metrics);
  g_clear_object (&f->diagnostics);
}

static ScalyrMonitor *
new_monitor (GType       type,
             const char *module,
             const char *entry_json,
             Fixture    *f,
             GError    **error)
{
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  const char *id;

  config = scalyr_monitor_config_new_from_string (entry_json, NULL, error);
  if (config == NULL)
    return NULL;
  id = json_object_has_member (scalyr_monitor_config_get_entry (config), "id")
       ? json_object_get_string_member (scalyr_monitor_config_get_entry (config), "id") : NULL;
  logger = scalyr_agent_logger_new (module, id);
  f->metrics = test_sink_new ();
  f->diagnostics = test_sink_new ();
  scalyr_agent_logger_set_diagnostic_sink (logger, SCALYR_LOG_SINK (f->diagnostics));
  f->monitor = scalyr_monitor_new (type, NULL, config, logger, 30, error);
  if (f->monitor != NULL)
    scalyr_monitor_open_metric_log (f->monitor, SCALYR_LOG_SINK (f->metrics));
  return f->monitor;
}

static char *
fixture_path (const char *tree,
              const char *sub)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", tree, sub, NULL);
}

/* Compares @actual with fixtures/<tree>/<name>. */
static void
assert_expected (const char *tree,
                 const char *name,
                 const char *actual)
{
  g_autofree char *path = fixture_path (tree, name);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SCALYR_UPDATE_FIXTURES") != NULL)
    {
      g_assert_true (g_file_set_contents (path, actual, -1, &error));
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  if (strcmp (expected, actual) != 0)
    {
      g_autofree char *out = g_build_filename (g_get_tmp_dir (), name, NULL);
      g_file_set_contents (out, actual, -1, NULL);
      g_test_message ("output differs from %s; written to %s", path, out);
    }
  g_assert_cmpstr (actual, ==, expected);
}

static char *
system_config (const char *tree,
               const char *extra)
{
  g_autofree char *proc = fixture_path (tree, "proc");
  g_autofree char *sys = fixture_path (tree, "sys");

  return g_strdup_printf ("{ proc_root: \"%s\", sys_root: \"%s\"%s%s }", proc, sys,
                          extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

/* ---- linux_system_metrics ---- */

static void
test_system_host (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *config = system_config ("host", NULL);
  g_autofree char *lines = NULL;
  g_autofree char *diags = NULL;

  test_clock_set_ms (FIXED_MS);
  scalyr_proc_set_statvfs_func (fake_statvfs);
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_SYSTEM_METRICS, "scalyr_agent.builtin_monitors.linux_system_metrics",
                                 config, &f, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_no_error (error);
  lines = test_sink_take (f.metrics);
  assert_expected ("host", "expected-system.txt", lines);
  diags = test_sink_take (f.diagnostics);
  g_assert_cmpstr (diags, ==, "");

  /* the files are read again (kept open, same output) */
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (diags);
  diags = test_sink_take (f.metrics);
  g_assert_cmpstr (diags, ==, lines);
  scalyr_proc_set_statvfs_func (NULL);
  fixture_clear (&f);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_system_container (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *config = system_config ("container",
                                           "network_interface_prefixes: [\"eth\", \"ens\"], "
                                           "ignore_mounts: \"/etc/*, /var/lib/docker/*\"");
  g_autofree char *lines = NULL;
  g_autofree char *diags = NULL;
  g_autofree char *again = NULL;

  test_clock_set_ms (FIXED_MS);
  scalyr_proc_set_statvfs_func (fake_statvfs);
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_SYSTEM_METRICS, "scalyr_agent.builtin_monitors.linux_system_metrics",
                                 config, &f, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_no_error (error);
  lines = test_sink_take (f.metrics);
  assert_expected ("container", "expected-system.txt", lines);

  /* what is missing is said once, not at every sample */
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  again = test_sink_take (f.metrics);
  g_assert_cmpstr (again, ==, lines);
  diags = test_sink_take (f.diagnostics);
  g_assert_cmpuint (count_occurrences (diags, "\n"), ==, 4);
  g_assert_cmpuint (count_occurrences (diags, "WARNING"), ==, 4);
  g_assert_cmpuint (count_occurrences (diags, "/sys is not available (No such file or directory)"), ==, 1);
  g_assert_cmpuint (count_occurrences (diags, "/proc/sys/kernel/random/entropy_avail is not available"), ==, 1);
  g_assert_cmpuint (count_occurrences (diags, "/proc/diskstats is not available"), ==, 1);
  g_assert_cmpuint (count_occurrences (diags, "/proc/net/netstat is not available"), ==, 1);
  scalyr_proc_set_statvfs_func (NULL);
  fixture_clear (&f);
}

/* Mounts come and go between samples: the tree is a copy we change. */
/* Rewrites @path in place: the monitor keeps its files open. */
static void
rewrite (const char *path,
         const char *content)
{
  FILE *f = g_fopen (path, "w");

  g_assert_nonnull (f);
  fputs (content, f);
  fclose (f);
}

static void
test_system_mounts_change (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("scalyr-mounts-XXXXXX", NULL);
  g_autofree char *self_dir = g_build_filename (dir, "self", NULL);
  g_autofree char *mountinfo = g_build_filename (self_dir, "mountinfo", NULL);
  g_autofree char *config = g_strdup_printf ("{ proc_root: \"%s\", sys_root: \"%s/none\" }", dir, dir);
  g_autofree char *lines = NULL;

  test_clock_set_ms (FIXED_MS);
  scalyr_proc_set_statvfs_func (fake_statvfs);
  g_assert_cmpint (g_mkdir (self_dir, 0700), ==, 0);
  rewrite (mountinfo, "1 0 254:0 / / rw - ext4 /dev/vda rw\n");
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_SYSTEM_METRICS, "linux_system_metrics", config, &f, &error));
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  lines = test_sink_take (f.metrics);
  g_assert_cmpuint (count_occurrences (lines, "mount=\"/\""), ==, 6);
  g_assert_cmpuint (count_occurrences (lines, "mount=\"/tmp\""), ==, 0);

  /* a mount appears (and one whose statvfs fails: gone meanwhile) */
  rewrite (mountinfo,
                                      "1 0 254:0 / / rw - ext4 /dev/vda rw\n"
                                      "2 1 0:71 / /tmp rw - tmpfs tmpfs rw\n"
                                      "3 1 0:72 / /scratch rw - tmpfs tmpfs rw\n");
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpuint (count_occurrences (lines, "mount=\"/\""), ==, 6);
  g_assert_true (strstr (lines, "df.1kblocks.total 501 fstype=\"tmpfs\" mount=\"/tmp\"") != NULL);
  g_assert_cmpuint (count_occurrences (lines, "/scratch"), ==, 0);

  /* and goes */
  rewrite (mountinfo, "2 1 0:71 / /tmp rw - tmpfs tmpfs rw\n");
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpuint (count_occurrences (lines, "mount=\"/\""), ==, 0);
  g_assert_cmpuint (count_occurrences (lines, "mount=\"/tmp\""), ==, 6);
  g_assert_no_error (error);

  scalyr_proc_set_statvfs_func (NULL);
  fixture_clear (&f);
  g_unlink (mountinfo);
  g_rmdir (self_dir);
  g_rmdir (dir);
}

/* Many disks, partitions and interfaces, some coming and going. */
static void
test_system_many_devices (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("scalyr-devices-XXXXXX", NULL);
  g_autofree char *net_dir = g_build_filename (dir, "net", NULL);
  g_autofree char *diskstats = g_build_filename (dir, "diskstats", NULL);
  g_autofree char *netdev = g_build_filename (dir, "net", "dev", NULL);
  g_autofree char *config = g_strdup_printf ("{ proc_root: \"%s\", sys_root: \"%s/none\", "
                                             "monitor_log_write_rate: -1, network_interface_prefixes: \"eth, veth\", "
                                             "network_interface_suffix: \"[0-9a-f]+\" }", dir, dir);
  g_autoptr(GString) disks = g_string_new (NULL);
  g_autoptr(GString) ifaces = g_string_new ("Inter-|   Receive |  Transmit\n face |bytes |bytes\n");
  g_autofree char *lines = NULL;
  g_autofree char *diags = NULL;

  g_assert_cmpint (g_mkdir (net_dir, 0700), ==, 0);
  for (guint i = 0; i < 64; i++)
    {
      /* sdX: whole disks (minor multiple of 16) and two partitions each */
      g_string_append_printf (disks, "   8 %6u sd%c%c 10 1 2 3 4 5 6 7 0 8 9 1 2 3 4 5 6\n", i * 16,
                              'a' + i / 26, 'a' + i % 26);
      g_string_append_printf (disks, "   8 %6u sd%c%c1 5 1 2 3 4 5 6 7 0 8 9\n", i * 16 + 1, 'a' + i / 26, 'a' + i % 26);
      g_string_append_printf (disks, "   8 %6u sd%c%c2 0 0 0 0 0 0 0 0 0 0 0\n", i * 16 + 2, 'a' + i / 26, 'a' + i % 26);
    }
  g_string_append (disks, " 104 0 cciss/c0d0 7 0 0 0 0 0 0 0 0 0 0\n   7 0 loop0 0 0 0 0 0 0 0 0 0 0 0\n"
                          "   3 1 hda1 4 5 6 7\n");
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (ifaces, "%s%x: %u 1 0 0 0 0 0 0 %u 2 0 0 0 0 0 0\n", i % 2 ? "veth" : "eth", i, i, i);
  g_string_append (ifaces, "  lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n docker0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n");
  rewrite (diskstats, disks->str);
  rewrite (netdev, ifaces->str);

  test_clock_set_ms (FIXED_MS);
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_SYSTEM_METRICS, "linux_system_metrics", config, &f, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_no_error (error);
  lines = test_sink_take (f.metrics);
  /* 64 disks and cciss/c0d0 (minor 0, major > 1); sdXX1 and hda1 (old
   * 4-field line) are partitions; unused devices are left out */
  g_assert_cmpuint (count_occurrences (lines, "iostat.disk.read_requests "), ==, 65);
  g_assert_cmpuint (count_occurrences (lines, "iostat.disk."), ==, 65 * 11);
  g_assert_cmpuint (count_occurrences (lines, "iostat.part.read_requests "), ==, 64);
  g_assert_cmpuint (count_occurrences (lines, "iostat.part.read_issued 4 dev=\"hda1\""), ==, 1);
  g_assert_cmpuint (count_occurrences (lines, "iostat.part.write_sectors 7 dev=\"hda1\""), ==, 1);
  g_assert_cmpuint (count_occurrences (lines, "dev=\"cciss_c0d0\""), ==, 11);
  g_assert_cmpuint (count_occurrences (lines, "loop0"), ==, 0);
  g_assert_cmpuint (count_occurrences (lines, "sdaa2"), ==, 0);
  g_assert_cmpuint (count_occurrences (lines, "proc.net.bytes "), ==, 1000);
  g_assert_cmpuint (count_occurrences (lines, "proc.net.bytes 499 direction=\"in\" iface=\"veth1f3\""), ==, 1);
  g_assert_cmpuint (count_occurrences (lines, "iface=\"lo\""), ==, 0);
  g_assert_cmpuint (count_occurrences (lines, "docker0"), ==, 0);

  /* half of the interfaces go away */
  g_string_assign (ifaces, "Inter-|   Receive |  Transmit\n face |bytes |bytes\n");
  for (guint i = 0; i < 250; i++)
    g_string_append_printf (ifaces, "veth%x: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n", i);
  rewrite (netdev, ifaces->str);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpuint (count_occurrences (lines, "proc.net.bytes "), ==, 500);
  diags = test_sink_take (f.diagnostics);
  /* only what is missing is reported: the tree has no other file */
  g_assert_true (strstr (diags, "/diskstats is not available") == NULL);
  g_assert_true (strstr (diags, "/net/dev is not available") == NULL);
  g_assert_true (strstr (diags, "/stat is not available") != NULL);

  fixture_clear (&f);
  g_unlink (diskstats);
  g_unlink (netdev);
  g_rmdir (net_dir);
  g_rmdir (dir);
}

static void
test_system_bad_config (void)
{
  struct {
    const char *entry;
    const char *message;
  } cases[] = {
    { "{ proc_root: \"/nonexistent/proc\" }",
      "linux_system_metrics(): field \"proc_root\": cannot open \"/nonexistent/proc\" (No such file or directory); "
      "give the directory where proc is mounted" },
    { "{ network_interface_suffix: \"[0-9\" }", NULL },
    { "{ network_interface_prefixes: [] }",
      "linux_system_metrics(): field \"network_interface_prefixes\": give at least one prefix, e.g. \"eth\"" },
    { "{ local_disks_only: 3 }", NULL },
    { "{ ignore_mounts: [1] }", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_null (new_monitor (SCALYR_TYPE_LINUX_SYSTEM_METRICS, "linux_system_metrics", cases[i].entry, &f,
                                  &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == SCALYR_MONITOR_ERROR);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "linux_system_metrics(): field"));
      fixture_clear (&f);
    }
}

/* ---- linux_process_metrics ---- */

static void
test_process_host (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *proc = fixture_path ("host", "proc");
  g_autofree char *config = g_strdup_printf ("{ id: \"sleeper\", proc_root: \"%s\", commandline: \"^sleep \" }",
                                             proc);
  g_autofree char *lines = NULL;

  test_clock_set_ms (FIXED_MS);
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_PROCESS_METRICS, "scalyr_agent.builtin_monitors.linux_process_metrics",
                                 config, &f, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_no_error (error);
  lines = test_sink_take (f.metrics);
  assert_expected ("host", "expected-process.txt", lines);
  fixture_clear (&f);
}

static void
test_process_container (void)
{
  struct {
    const char *config;
    const char *expected;
  } cases[] = {
    /* the first match (lowest pid) */
    { "id: \"py\", commandline: \"python3|worker\"", "expected-process-first.txt" },
    /* all of them */
    { "id: \"all\", commandline: \"python3|worker\", aggregate_multiple_processes: true", "expected-process-all.txt" },
    /* the parent and its children */
    { "id: \"tree\", commandline: \"app\\\\.py\", include_child_processes: true, aggregate_multiple_processes: true",
      "expected-process-all.txt" },
    /* a list of pids */
    { "id: \"all\", pid: \"1, 7\"", "expected-process-all.txt" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *proc = fixture_path ("container", "proc");
      g_autofree char *config = g_strdup_printf ("{ proc_root: \"%s\", %s }", proc, cases[i].config);
      g_autofree char *lines = NULL;
      g_autofree char *diags = NULL;

      test_clock_set_ms (FIXED_MS);
      g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_PROCESS_METRICS, "linux_process_metrics", config, &f, &error));
      g_assert_no_error (error);
      g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
      g_assert_no_error (error);
      lines = test_sink_take (f.metrics);
      if (strstr (cases[i].config, "tree") != NULL)
        {
          /* same sums, another app name */
          g_autofree char *all = NULL;
          g_autofree char *path = fixture_path ("container", cases[i].expected);
          g_autoptr(GString) expected = NULL;

          g_assert_true (g_file_get_contents (path, &all, NULL, NULL));
          expected = g_string_new (all);
          g_string_replace (expected, "(all)", "(tree)", 0);
          g_string_replace (expected, "app=\"all\"", "app=\"tree\"", 0);
          g_assert_cmpstr (lines, ==, expected->str);
        }
      else
        assert_expected ("container", cases[i].expected, lines);
      diags = test_sink_take (f.diagnostics);
      if (i == 0)
        g_assert_true (strstr (diags, "Multiple processes match the command 'python3|worker'") != NULL);
      fixture_clear (&f);
    }
}

static void
write_process (const char *root,
               int         pid,
               const char *cmdline,
               guint64     utime,
               guint64     starttime)
{
  g_autofree char *dir = g_strdup_printf ("%s/%d", root, pid);
  g_autofree char *fd_dir = g_build_filename (dir, "fd", NULL);
  g_autofree char *stat_path = g_build_filename (dir, "stat", NULL);
  g_autofree char *cmd_path = g_build_filename (dir, "cmdline", NULL);
  g_autofree char *stat = g_strdup_printf ("%d (x) S 1 1 1 0 -1 0 0 0 0 0 %" G_GUINT64_FORMAT " 5 0 0 20 0 1 0 "
                                           "%" G_GUINT64_FORMAT " 1000 10 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0\n",
                                           pid, utime, starttime);

  g_mkdir_with_parents (fd_dir, 0700);
  rewrite (stat_path, stat);
  g_assert_true (g_file_set_contents (cmd_path, cmdline, (gssize) strlen (cmdline) + 1, NULL));
}

static void
remove_process (const char *root,
                int         pid)
{
  const char *files[] = { "stat", "cmdline", NULL };
  g_autofree char *dir = g_strdup_printf ("%s/%d", root, pid);
  g_autofree char *fd_dir = g_build_filename (dir, "fd", NULL);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (dir, files[i], NULL);
      g_unlink (p);
    }
  g_rmdir (fd_dir);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gint64
metric_value (const char *lines,
              const char *prefix)
{
  const char *p = strstr (lines, prefix);

  g_assert_nonnull (p);
  return g_ascii_strtoll (p + strlen (prefix), NULL, 10);
}

/* The process exits and another one matches: it is followed, and the
 * cumulative metrics keep adding its increases. */
static void
test_process_reresolve (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("scalyr-procs-XXXXXX", NULL);
  g_autofree char *uptime = g_build_filename (root, "uptime", NULL);
  g_autofree char *config = g_strdup_printf ("{ id: \"srv\", proc_root: \"%s\", commandline: \"^server\" }", root);
  g_autofree char *lines = NULL;
  g_autofree char *diags = NULL;

  test_clock_set_ms (FIXED_MS);
  g_assert_true (g_file_set_contents (uptime, "1000.00 10.00\n", -1, NULL));
  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_PROCESS_METRICS, "linux_process_metrics", config, &f, &error));

  /* nothing matches yet: nothing reported, said once */
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  lines = test_sink_take (f.metrics);
  g_assert_cmpstr (lines, ==, "");
  diags = test_sink_take (f.diagnostics);
  g_assert_cmpuint (count_occurrences (diags, "no process matches the command line pattern '^server' yet"), ==, 1);

  write_process (root, 100, "server", 1000, 50000);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.cpu "), ==, 0);  /* first sample: no increase yet */

  write_process (root, 100, "server", 1250, 50000);
  g_assert_true (g_file_set_contents (uptime, "1002.00 10.00\n", -1, NULL));
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.cpu "), ==, 250);
  g_assert_cmpint (metric_value (lines, "app.uptime "), ==, 2000);

  /* it exits, another starts (its counters are lower: no negative step) */
  remove_process (root, 100);
  write_process (root, 230, "server --restarted", 10, 100100);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.cpu "), ==, 250);
  write_process (root, 230, "server --restarted", 60, 100100);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.cpu "), ==, 300);

  /* gone: nothing reported, and the sums start again */
  remove_process (root, 230);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpstr (lines, ==, "");
  write_process (root, 300, "server", 500, 100200);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_free (lines);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.cpu "), ==, 0);
  g_assert_no_error (error);

  fixture_clear (&f);
  remove_process (root, 300);
  g_unlink (uptime);
  g_rmdir (root);
}

static void
test_process_self (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;

  g_assert_nonnull (new_monitor (SCALYR_TYPE_LINUX_PROCESS_METRICS, "linux_process_metrics",
                                 "{ id: \"agent\", pid: \"$$\" }", &f, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_gather_sample (f.monitor, &error));
  g_assert_no_error (error);
  lines = test_sink_take (f.metrics);
  g_assert_cmpint (metric_value (lines, "app.threads "), >=, 1);
  g_assert_true (strstr (lines, "app=\"agent\"") != NULL);
  g_assert_cmpint (metric_value (lines, "app.mem.bytes "), >, 0);
  g_assert_cmpint (metric_value (lines, "app.io.fds "), >=, 3);
  fixture_clear (&f);
}

static void
test_process_bad_config (void)
{
  struct {
    const char *entry;
    int code;
    const char *message;
  } cases[] = {
    { "{ id: \"x\" }", SCALYR_MONITOR_ERROR_MISSING_FIELD,
      "linux_process_metrics(x): field \"commandline\" or \"pid\" is required: give \"commandline\" (a regular "
      "expression matching the process's command line) or \"pid\" (a process id, or \"$$\" for the agent itself)" },
    { "{ id: \"x\", pid: \"$$\", commandline: \"java\" }", SCALYR_MONITOR_ERROR_BAD_CONFIG,
      "linux_process_metrics(x): fields \"commandline\" and \"pid\" are both given; keep only one of them" },
    { "{ id: \"x\", pid: \"12a\" }", SCALYR_MONITOR_ERROR_BAD_CONFIG,
      "linux_process_metrics(x): field \"pid\": \"12a\" is not a process id; give a number, or \"$$\" for the "
      "agent itself" },
    { "{ id: \"x\", commandline: \"java(\" }", SCALYR_MONITOR_ERROR_BAD_CONFIG, NULL },
    { "{ id: \"x\", pid: 5, include_child_processes: true }", SCALYR_MONITOR_ERROR_BAD_CONFIG, NULL },
    { "{ id: \"x\", pid: 5, process_discovery_interval: 0 }", SCALYR_MONITOR_ERROR_OUT_OF_RANGE, NULL },
    { "{ id: \"x\", pid: 5, proc_root: \"/nonexistent\" }", SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_null (new_monitor (SCALYR_TYPE_LINUX_PROCESS_METRICS, "linux_process_metrics", cases[i].entry, &f,
                                  &error));
      g_assert_error (error, SCALYR_MONITOR_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "linux_process_metrics(x): field"));
      fixture_clear (&f);
    }
}

/* ---- declarations and names ---- */

static void
test_declared_metrics (void)
{
  /* every metric of the spec (shared/spec/builtin-metrics.md) is declared */
  static const char * const system_metrics[] = {
    "df.1kblocks.total", "df.1kblocks.used", "df.1kblocks.free", "df.inodes.total", "df.inodes.used",
    "df.inodes.free", "proc.net.bytes", "proc.net.packets", "proc.net.errs", "proc.net.dropped",
    "proc.uptime.total", "proc.uptime.now", "proc.meminfo.memtotal", "proc.meminfo.memavailable",
    "proc.meminfo.hugepages_total", "proc.meminfo.directmap1g", "proc.vmstat.pgpgin", "proc.vmstat.pgmajfault",
    "proc.stat.cpu", "proc.stat.intr", "proc.stat.ctxt", "proc.stat.processes", "proc.stat.procs_blocked",
    "proc.loadavg.1min", "proc.loadavg.5min", "proc.loadavg.15min", "proc.loadavg.runnable",
    "proc.loadavg.total_threads", "proc.kernel.entropy_avail", "sys.numa.zoneallocs", "sys.numa.foreign_allocs",
    "sys.numa.allocation", "sys.numa.interleave", "sys.cpu.count", "iostat.disk.read_requests",
    "iostat.disk.msec_weighted_total", "net.sockstat.num_sockets", "net.sockstat.num_timewait",
    "net.sockstat.sockets_inuse", "net.sockstat.num_orphans", "net.sockstat.memory", "net.sockstat.ipfragqueues",
    "net.stat.tcp.syncookies", "net.stat.tcp.memory.prune", "net.stat.tcp.delayedack",
    "net.stat.tcp.failed_accept", "net.stat.tcp.packetloss.recovery", "net.stat.tcp.reording",
    "net.stat.tcp.congestion.recovery", "net.stat.tcp.abort", "net.stat.tcp.abort.failed",
    "net.stat.tcp.memory.pressure", "net.stat.tcp.invalid_sack", "net.stat.tcp.receive.queue.full", NULL,
  };
  static const char * const process_metrics[] = {
    "app.cpu", "app.uptime", "app.nice", "app.threads", "app.mem.majflt", "app.io.wait", "app.mem.bytes",
    "app.disk.bytes", "app.disk.requests", "app.io.fds", NULL,
  };
  struct {
    GType type;
    const char * const *names;
  } monitors[] = {
    { SCALYR_TYPE_LINUX_SYSTEM_METRICS, system_metrics },
    { SCALYR_TYPE_LINUX_PROCESS_METRICS, process_metrics },
  };

  for (gsize m = 0; m < G_N_ELEMENTS (monitors); m++)
    {
      g_autoptr(GPtrArray) declared = scalyr_monitor_list_metrics (monitors[m].type);
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < declared->len; i++)
        g_hash_table_add (names, (gpointer) scalyr_monitor_metric_get_name (g_ptr_array_index (declared, i)));
      for (guint i = 0; monitors[m].names[i] != NULL; i++)
        if (!g_hash_table_contains (names, monitors[m].names[i]))
          g_error ("%s is not declared", monitors[m].names[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/linux-system-metrics/fixture/host", test_system_host);
  g_test_add_func ("/linux-system-metrics/fixture/container", test_system_container);
  g_test_add_func ("/linux-system-metrics/df/mounts-change", test_system_mounts_change);
  g_test_add_func ("/linux-system-metrics/many-devices", test_system_many_devices);
  g_test_add_func ("/linux-system-metrics/config/errors", test_system_bad_config);
  g_test_add_func ("/linux-process-metrics/fixture/host", test_process_host);
  g_test_add_func ("/linux-process-metrics/fixture/container", test_process_container);
  g_test_add_func ("/linux-process-metrics/reresolve", test_process_reresolve);
  g_test_add_func ("/linux-process-metrics/self", test_process_self);
  g_test_add_func ("/linux-process-metrics/config/errors", test_process_bad_config);
  g_test_add_func ("/linux-metrics/declared", test_declared_metrics);
  return g_test_run ();
}
