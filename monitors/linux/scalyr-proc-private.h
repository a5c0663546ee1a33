/* scalyr-proc-private.h: parsing /proc and /sys files without allocating on
 * the hot path (private to the builtin monitors); includes the readers
 * (scalyr-proc-file-private.h), the tokenizer and the df helpers
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

#include "scalyr-proc-file-private.h"
#include "scalyr-proc-token-private.h"
#include "scalyr-proc-df-private.h"

G_BEGIN_DECLS

/* ---- parsers of whole files (the text is modified in place) ---- */

#define SCALYR_PROC_STAT_CPU_FIELDS 9   /* user nice system idle iowait irq softirq steal guest */

typedef struct {
  guint64 cpu[SCALYR_PROC_STAT_CPU_FIELDS];
  guint n_cpu;                /* fields found on the `cpu` line, 0 if none */
  guint64 intr, ctxt, processes, procs_blocked;
  gboolean has_intr, has_ctxt, has_processes, has_procs_blocked;
} ScalyrProcStat;

gboolean scalyr_proc_parse_stat    (char           *text,
                                    ScalyrProcStat *stat);

typedef struct {
  double total, idle;
} ScalyrProcUptime;

gboolean scalyr_proc_parse_uptime  (char             *text,
                                    ScalyrProcUptime *uptime);

typedef struct {
  double load1, load5, load15;
  guint64 runnable, total_threads;
} ScalyrProcLoadavg;

gboolean scalyr_proc_parse_loadavg (char              *text,
                                    ScalyrProcLoadavg *loadavg);

/* `Key: value` (meminfo) or `key value` (vmstat, numastat) lines: calls
 * @func for each line whose key is made of [A-Za-z0-9_] and whose value is
 * a number; returns the number of such lines. */
typedef void (*ScalyrProcKeyValueFunc) (const char *key,
                                        guint64     value,
                                        gpointer    user_data);
guint    scalyr_proc_parse_key_values (char                  *text,
                                       gboolean               colon,
                                       ScalyrProcKeyValueFunc func,
                                       gpointer               user_data);

/* /proc/net/dev: one interface. */
typedef struct {
  const char *name;
  guint64 rx[8];   /* bytes packets errs drop fifo frame compressed multicast */
  guint64 tx[8];   /* bytes packets errs drop fifo colls carrier compressed */
} ScalyrProcNetDev;

/* Parses the next interface line at @cursor (skipping headers and bad
 * lines); FALSE at the end. */
gboolean scalyr_proc_next_net_dev  (char            **cursor,
                                    ScalyrProcNetDev *dev);

/* /proc/diskstats: one device. */
typedef struct {
  guint major, minor;
  const char *name;
  guint64 fields[11];
  guint n_fields;  /* 11 (full line) or 4 (old kernels' partition line) */
} ScalyrProcDiskStat;

gboolean scalyr_proc_next_diskstat (char              **cursor,
                                    ScalyrProcDiskStat *disk);

/* /proc/net/sockstat. G_MAXUINT64 = absent. */
typedef struct {
  guint64 tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc, tcp_mem;
  guint64 udp_inuse, udp_mem;
  guint64 udplite_inuse;
  guint64 raw_inuse;
  guint64 frag_inuse, frag_memory;
} ScalyrProcSockstat;

gboolean scalyr_proc_parse_sockstat (char               *text,
                                     ScalyrProcSockstat *sockstat);

/* /proc/net/netstat: calls @func for each name/value of the `TcpExt:`
 * section; returns FALSE if there is none. */
gboolean scalyr_proc_parse_netstat_tcpext (char                  *text,
                                           ScalyrProcKeyValueFunc func,
                                           gpointer               user_data);

/* /proc/self/mountinfo: one mount (strings point into the text; the mount
 * point is unescaped). */
typedef struct {
  guint major, minor;
  const char *root;
  const char *mount_point;
  const char *fstype;
  const char *source;
} ScalyrProcMount;

gboolean scalyr_proc_next_mount    (char           **cursor,
                                    ScalyrProcMount *mount);

/* Counts the CPUs of a list like "0-3,8,10-11" (/sys/devices/system/cpu/possible);
 * 0 if it does not parse. */
guint    scalyr_proc_count_cpu_list (const char *text);

/* /proc/<pid>/stat: the fields after the command name (from field 3, the
 * state). */
typedef struct {
  guint64 majflt, utime, stime, starttime, delayacct_blkio_ticks;
  gint64 nice, num_threads, ppid;
  gboolean has_blkio;
} ScalyrProcPidStat;

gboolean scalyr_proc_parse_pid_stat (char              *text,
                                     ScalyrProcPidStat *stat);


G_END_DECLS
