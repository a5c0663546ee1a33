/* test-proc.c: the private /proc and /sys parsers of the builtin monitors
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-proc-private.h"

static void
test_numbers (void)
{
  char text[] = "  18446744073709551615 18446744073709551616 -42 x 3.25";
  char *p = text;
  guint64 u;
  gint64 i;
  double d;

  g_assert_true (scalyr_proc_parse_u64 (&p, &u));
  g_assert_cmpuint (u, ==, G_MAXUINT64);
  /* overflow: refused, cursor unchanged */
  g_assert_false (scalyr_proc_parse_u64 (&p, &u));
  g_assert_cmpstr (p, ==, " 18446744073709551616 -42 x 3.25");
  p += strlen (" 18446744073709551616");
  g_assert_true (scalyr_proc_parse_i64 (&p, &i));
  g_assert_cmpint (i, ==, -42);
  g_assert_false (scalyr_proc_parse_u64 (&p, &u));
  g_assert_nonnull (scalyr_proc_next_token (&p));
  g_assert_true (scalyr_proc_parse_double (&p, &d));
  g_assert_cmpfloat (d, ==, 3.25);
  g_assert_true (scalyr_proc_token_u64 ("12", &u));
  g_assert_false (scalyr_proc_token_u64 ("12a", &u));
  g_assert_false (scalyr_proc_token_u64 ("", &u));
}

static void
test_lines_tokens (void)
{
  char text[] = "a b\n\n  c\td  \nlast";
  char *cursor = text;
  char *line, *p;

  line = scalyr_proc_next_line (&cursor);
  g_assert_cmpstr (line, ==, "a b");
  p = line;
  g_assert_cmpstr (scalyr_proc_next_token (&p), ==, "a");
  g_assert_cmpstr (scalyr_proc_next_token (&p), ==, "b");
  g_assert_null (scalyr_proc_next_token (&p));
  g_assert_cmpstr (scalyr_proc_next_line (&cursor), ==, "");
  line = scalyr_proc_next_line (&cursor);
  p = line;
  g_assert_cmpstr (scalyr_proc_next_token (&p), ==, "c");
  g_assert_cmpstr (scalyr_proc_next_token (&p), ==, "d");
  g_assert_null (scalyr_proc_next_token (&p));
  g_assert_cmpstr (scalyr_proc_next_line (&cursor), ==, "last");
  g_assert_null (scalyr_proc_next_line (&cursor));
}

static void
test_stat (void)
{
  char full[] = "cpu  10 1 20 300 4 0 5 6 7 8\ncpu0 5 0 10 150 2 0 2 3 3 4\nintr 999 1 2 3\nctxt 77\n"
                "btime 1\nprocesses 12\nprocs_running 1\nprocs_blocked 2\nsoftirq 1 2\n";
  char old[] = "cpu  10 1 20 300 4 0 5\nctxt 5\n";
  char none[] = "something else\n";
  ScalyrProcStat st;

  g_assert_true (scalyr_proc_parse_stat (full, &st));
  g_assert_cmpuint (st.n_cpu, ==, 9);  /* guest_nice is not reported */
  g_assert_cmpuint (st.cpu[0], ==, 10);
  g_assert_cmpuint (st.cpu[8], ==, 7);
  g_assert_true (st.has_intr && st.has_ctxt && st.has_processes && st.has_procs_blocked);
  g_assert_cmpuint (st.intr, ==, 999);
  g_assert_cmpuint (st.procs_blocked, ==, 2);

  g_assert_true (scalyr_proc_parse_stat (old, &st));
  g_assert_cmpuint (st.n_cpu, ==, 7);
  g_assert_false (st.has_intr);
  g_assert_false (scalyr_proc_parse_stat (none, &st));
}

static void
test_uptime_loadavg (void)
{
  char uptime[] = "2710.31 3964.03\n";
  char load[] = "0.59 0.60 0.56 1/87 24596\n";
  char bad_load[] = "0.59 0.60 0.56 1 87\n";
  ScalyrProcUptime up;
  ScalyrProcLoadavg la;

  g_assert_true (scalyr_proc_parse_uptime (uptime, &up));
  g_assert_cmpfloat (up.total, ==, 2710.31);
  g_assert_cmpfloat (up.idle, ==, 3964.03);
  g_assert_true (scalyr_proc_parse_loadavg (load, &la));
  g_assert_cmpfloat (la.load15, ==, 0.56);
  g_assert_cmpuint (la.runnable, ==, 1);
  g_assert_cmpuint (la.total_threads, ==, 87);
  g_assert_false (scalyr_proc_parse_loadavg (bad_load, &la));
}

static void
collect_kv (const char *key,
            guint64     value,
            gpointer    user_data)
{
  g_string_append_printf (user_data, "%s=%" G_GUINT64_FORMAT ";", key, value);
}

static void
test_key_values (void)
{
  char meminfo[] = "MemTotal:       24683620 kB\nActive(anon):     38632 kB\nHugePages_Total:       0\n"
                   "NoNumber:    x kB\nNoSpace:12 kB\n";
  char vmstat[] = "nr_free_pages 5\npgfault 99\nbad: 1\n";
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpuint (scalyr_proc_parse_key_values (meminfo, TRUE, collect_kv, out), ==, 2);
  g_assert_cmpstr (out->str, ==, "MemTotal=24683620;HugePages_Total=0;");
  g_string_truncate (out, 0);
  g_assert_cmpuint (scalyr_proc_parse_key_values (vmstat, FALSE, collect_kv, out), ==, 2);
  g_assert_cmpstr (out->str, ==, "nr_free_pages=5;pgfault=99;");
}

static void
test_net_dev (void)
{
  g_autoptr(GString) text = g_string_new ("Inter-|   Receive                                                |  Transmit\n"
                                          " face |bytes    packets errs drop fifo frame compressed multicast|bytes    "
                                          "packets errs drop fifo colls carrier compressed\n"
                                          "broken: 1 2 3\n");
  ScalyrProcNetDev dev;
  char *cursor;
  guint n = 0;

  /* many interfaces, 64-bit counters */
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "%*s%u: %u 2 3 4 5 6 7 8 18446744073709551615 10 11 12 13 14 15 16\n",
                            i % 7, i % 2 ? "veth" : "eth", i, i);
  cursor = text->str;
  while (scalyr_proc_next_net_dev (&cursor, &dev))
    {
      g_autofree char *expected = g_strdup_printf ("%s%u", n % 2 ? "veth" : "eth", n);

      g_assert_cmpstr (dev.name, ==, expected);
      g_assert_cmpuint (dev.rx[0], ==, n);
      g_assert_cmpuint (dev.rx[3], ==, 4);
      g_assert_cmpuint (dev.tx[0], ==, G_MAXUINT64);
      g_assert_cmpuint (dev.tx[3], ==, 12);
      n++;
    }
  g_assert_cmpuint (n, ==, 300);
}

static void
test_diskstats (void)
{
  char text[] =
    "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0\n"
    " 254       0 vda 142703 12644 5843082 52313 14608 144268 4627680 25221 0 19120 80927 10427 12 2360704 2813 939 579\n"
    " 254       1 vda1 100 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"
    " 104       0 cciss/c0d0 1 2 3 4 5 6 7 8 9 10 11\n"
    "   8       1 sda1 10 20 30 40\n"
    "   8       2 sda2 10 20\n"
    "garbage\n";
  char *cursor = text;
  ScalyrProcDiskStat d;

  g_assert_true (scalyr_proc_next_diskstat (&cursor, &d));
  g_assert_cmpstr (d.name, ==, "loop0");
  g_assert_true (scalyr_proc_next_diskstat (&cursor, &d));
  g_assert_cmpstr (d.name, ==, "vda");
  g_assert_cmpuint (d.major, ==, 254);
  g_assert_cmpuint (d.n_fields, ==, 11);
  g_assert_cmpuint (d.fields[0], ==, 142703);
  g_assert_cmpuint (d.fields[10], ==, 80927);
  g_assert_true (scalyr_proc_next_diskstat (&cursor, &d));
  g_assert_cmpstr (d.name, ==, "vda1");
  g_assert_cmpuint (d.minor, ==, 1);
  g_assert_true (scalyr_proc_next_diskstat (&cursor, &d));
  g_assert_cmpstr (d.name, ==, "cciss/c0d0");
  g_assert_true (scalyr_proc_next_diskstat (&cursor, &d));
  g_assert_cmpstr (d.name, ==, "sda1");
  g_assert_cmpuint (d.n_fields, ==, 4);
  g_assert_cmpuint (d.fields[3], ==, 40);
  g_assert_false (scalyr_proc_next_diskstat (&cursor, &d));
}

static void
test_sockstat (void)
{
  char text[] = "sockets: used 11\nTCP: inuse 1 orphan 2 tw 3 alloc 4 mem 243\nUDP: inuse 5\n"
                "RAW: inuse 6\nFRAG: inuse 7 memory 8\n";
  char empty[] = "nothing\n";
  ScalyrProcSockstat s;

  g_assert_true (scalyr_proc_parse_sockstat (text, &s));
  g_assert_cmpuint (s.tcp_inuse, ==, 1);
  g_assert_cmpuint (s.tcp_orphan, ==, 2);
  g_assert_cmpuint (s.tcp_tw, ==, 3);
  g_assert_cmpuint (s.tcp_alloc, ==, 4);
  g_assert_cmpuint (s.tcp_mem, ==, 243);
  g_assert_cmpuint (s.udp_inuse, ==, 5);
  g_assert_cmpuint (s.udp_mem, ==, G_MAXUINT64);       /* old kernels: absent */
  g_assert_cmpuint (s.udplite_inuse, ==, G_MAXUINT64);
  g_assert_cmpuint (s.raw_inuse, ==, 6);
  g_assert_cmpuint (s.frag_inuse, ==, 7);
  g_assert_cmpuint (s.frag_memory, ==, 8);
  g_assert_false (scalyr_proc_parse_sockstat (empty, &s));
}

static void
test_netstat (void)
{
  char text[] = "TcpExt: SyncookiesSent ListenDrops Odd\nTcpExt: 1 22 x\n"
                "IpExt: InNoRoutes\nIpExt: 5\nMPTcpExt: A\nMPTcpExt: 1\n";
  char unpaired[] = "TcpExt: A B\nIpExt: 1 2\n";
  char none[] = "IpExt: A\nIpExt: 1\n";
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (scalyr_proc_parse_netstat_tcpext (text, collect_kv, out));
  g_assert_cmpstr (out->str, ==, "SyncookiesSent=1;ListenDrops=22;");
  g_assert_false (scalyr_proc_parse_netstat_tcpext (unpaired, collect_kv, out));
  g_assert_false (scalyr_proc_parse_netstat_tcpext (none, collect_kv, out));
}

static void
test_mountinfo (void)
{
  char text[] =
    "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
    "36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n"
    "bad line\n"
    "37 35 0:5 / /x rw\n"
    "38 35 0:70 / /data/nfs rw,relatime - nfs4 10.0.0.5:/export rw\n";
  char *cursor = text;
  ScalyrProcMount m;

  g_assert_true (scalyr_proc_next_mount (&cursor, &m));
  g_assert_cmpstr (m.mount_point, ==, "/");
  g_assert_cmpstr (m.fstype, ==, "ext4");
  g_assert_cmpstr (m.source, ==, "/dev/vda");
  g_assert_cmpuint (m.major, ==, 254);
  g_assert_true (scalyr_proc_next_mount (&cursor, &m));
  g_assert_cmpstr (m.mount_point, ==, "/mnt two");
  g_assert_cmpstr (m.root, ==, "/mnt1");
  g_assert_cmpstr (m.fstype, ==, "ext3");
  g_assert_cmpuint (m.major, ==, 98);
  g_assert_cmpuint (m.minor, ==, 0);
  g_assert_true (scalyr_proc_next_mount (&cursor, &m));
  g_assert_cmpstr (m.mount_point, ==, "/data/nfs");
  g_assert_true (scalyr_proc_mount_is_remote (m.fstype, m.source));
  g_assert_false (scalyr_proc_next_mount (&cursor, &m));

  g_assert_false (scalyr_proc_mount_is_remote ("ext4", "/dev/vda"));
  g_assert_true (scalyr_proc_mount_is_remote ("cifs", "//server/share"));
  g_assert_true (scalyr_proc_fstype_is_dummy ("proc"));
  g_assert_true (scalyr_proc_fstype_is_dummy ("cgroup2"));
  g_assert_true (scalyr_proc_fstype_is_dummy ("devtmpfs"));
  g_assert_false (scalyr_proc_fstype_is_dummy ("tmpfs"));
  g_assert_false (scalyr_proc_fstype_is_dummy ("overlay"));
}

static void
test_cpu_list (void)
{
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("0-1\n"), ==, 2);
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("0\n"), ==, 1);
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("0-3,8,10-11"), ==, 7);
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("3-1"), ==, 0);
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("x"), ==, 0);
  g_assert_cmpuint (scalyr_proc_count_cpu_list ("0-1 junk"), ==, 0);
}

static void
test_pid_stat (void)
{
  char text[] = "7 (a) b) c) R 1 1 1 0 -1 4194560 100 0 12 0 30 10 0 0 25 -5 4 0 8640000 20000000 1000 "
                "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 41 0 0\n";
  char short_text[] = "7 (a) R 1 1\n";
  ScalyrProcPidStat st;

  g_assert_true (scalyr_proc_parse_pid_stat (text, &st));
  g_assert_cmpint (st.ppid, ==, 1);
  g_assert_cmpuint (st.majflt, ==, 12);
  g_assert_cmpuint (st.utime, ==, 30);
  g_assert_cmpuint (st.stime, ==, 10);
  g_assert_cmpint (st.nice, ==, -5);
  g_assert_cmpint (st.num_threads, ==, 4);
  g_assert_cmpuint (st.starttime, ==, 8640000);
  g_assert_true (st.has_blkio);
  g_assert_cmpuint (st.delayacct_blkio_ticks, ==, 41);
  g_assert_false (scalyr_proc_parse_pid_stat (short_text, &st));
}

static void
test_file_read (void)
{
  g_autofree char *dir = g_dir_make_tmp ("scalyr-proc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big", NULL);
  g_autoptr(GString) content = g_string_new (NULL);
  ScalyrProcFile file;
  ScalyrProcBuffer buffer = { NULL, 0 };
  FILE *out;
  int root;
  char *text;

  /* larger than the first buffer: it grows */
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (content, "line %u\n", i);
  g_assert_true (g_file_set_contents (path, content->str, (gssize) content->len, NULL));
  root = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (root, >=, 0);

  scalyr_proc_file_init (&file, "big", TRUE, &buffer);
  text = scalyr_proc_file_read (&file, root);
  g_assert_true (text != NULL && strcmp (text, content->str) == 0);
  g_assert_cmpuint (file.len, ==, content->len);
  g_assert_cmpint (file.fd, >=, 0);  /* kept open */
  /* read again: the same descriptor (same file, rewritten), from the start */
  out = g_fopen (path, "w");
  g_assert_nonnull (out);
  fputs ("short\n", out);
  fclose (out);
  text = scalyr_proc_file_read (&file, root);
  g_assert_cmpstr (text, ==, "short\n");
  scalyr_proc_file_clear (&file);

  scalyr_proc_file_init (&file, "missing", TRUE, &buffer);
  g_assert_null (scalyr_proc_file_read (&file, root));
  g_assert_cmpint (file.last_errno, ==, ENOENT);
  scalyr_proc_file_clear (&file);
  scalyr_proc_buffer_clear (&buffer);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/proc/numbers", test_numbers);
  g_test_add_func ("/proc/lines-tokens", test_lines_tokens);
  g_test_add_func ("/proc/stat", test_stat);
  g_test_add_func ("/proc/uptime-loadavg", test_uptime_loadavg);
  g_test_add_func ("/proc/key-values", test_key_values);
  g_test_add_func ("/proc/net-dev", test_net_dev);
  g_test_add_func ("/proc/diskstats", test_diskstats);
  g_test_add_func ("/proc/sockstat", test_sockstat);
  g_test_add_func ("/proc/netstat", test_netstat);
  g_test_add_func ("/proc/mountinfo", test_mountinfo);
  g_test_add_func ("/proc/cpu-list", test_cpu_list);
  g_test_add_func ("/proc/pid-stat", test_pid_stat);
  g_test_add_func ("/proc/file-read", test_file_read);
  return g_test_run ();
}
