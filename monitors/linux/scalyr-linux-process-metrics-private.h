/* scalyr-linux-process-metrics-private.h: the state of linux_process_metrics,
 * shared by its files (the monitor; the tracker of one process; the scan
 * of /proc for the processes to follow)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-linux-process-metrics.h"
#include "scalyr-proc-private.h"

G_BEGIN_DECLS

typedef enum {
  M_CPU_USER,
  M_CPU_SYSTEM,
  M_UPTIME,
  M_NICE,
  M_THREADS,
  M_MAJFLT,
  M_IO_WAIT,
  M_PEAK_VMSIZE,
  M_VMSIZE,
  M_PEAK_RESIDENT,
  M_RESIDENT,
  M_DISK_BYTES_READ,
  M_DISK_BYTES_WRITE,
  M_DISK_REQUESTS_READ,
  M_DISK_REQUESTS_WRITE,
  M_FDS,
  N_METRICS
} MetricId;

typedef struct {
  const char *name;
  const char *type;
  gboolean cumulative;
  const char *unit;
  const char *description;
} MetricInfo;

/* in the order the reference emits them */
static const MetricInfo metrics[N_METRICS] = {
  { "app.cpu", "user", TRUE, "secs:0.01", "User-mode CPU time, in 1/100ths of a second." },
  { "app.cpu", "system", TRUE, "secs:0.01", "System-mode CPU time, in 1/100ths of a second." },
  { "app.uptime", NULL, TRUE, "milliseconds", "Process uptime, in milliseconds." },
  { "app.nice", NULL, FALSE, NULL, "Nice value of the process." },
  { "app.threads", NULL, FALSE, NULL, "Number of threads of the process." },
  { "app.mem.majflt", NULL, TRUE, NULL, "Page faults that needed a read from disk." },
  { "app.io.wait", NULL, TRUE, "secs:0.01", "Time waiting for block I/O (delay accounting), in clock ticks "
    "(1/100ths of a second)." },
  { "app.mem.bytes", "peak_vmsize", FALSE, "bytes", "Peak virtual memory size, in bytes." },
  { "app.mem.bytes", "vmsize", FALSE, "bytes", "Virtual memory size, in bytes." },
  { "app.mem.bytes", "peak_resident", FALSE, "bytes", "Peak resident memory, in bytes." },
  { "app.mem.bytes", "resident", FALSE, "bytes", "Resident memory, in bytes." },
  { "app.disk.bytes", "read", TRUE, "bytes", "Bytes read (rchar of /proc/<pid>/io)." },
  { "app.disk.bytes", "write", TRUE, "bytes", "Bytes written (wchar of /proc/<pid>/io)." },
  { "app.disk.requests", "read", TRUE, NULL, "Read system calls (syscr of /proc/<pid>/io)." },
  { "app.disk.requests", "write", TRUE, NULL, "Write system calls (syscw of /proc/<pid>/io)." },
  { "app.io.fds", "open", FALSE, NULL, "Number of open file descriptors." },
};

typedef struct {
  int pid;
  int dir_fd;                     /* /proc/<pid> */
  ScalyrProcFile stat, status, io;
  gint64 prev[N_METRICS];
  gboolean has_prev[N_METRICS];
  gint64 cur[N_METRICS];
  gboolean has_cur[N_METRICS];
  gboolean gone;
} Tracker;

struct _ScalyrLinuxProcessMetrics
{
  ScalyrMonitor parent_instance;

  ScalyrAgentLogger *logger;
  char *proc_root;
  int proc_fd;
  char *app;

  GRegex *commandline;
  char *commandline_text;
  GArray *target_pids;            /* int; from `pid` */
  gboolean aggregate;
  gboolean include_children;
  gint64 discovery_interval_us;
  gint64 last_discovery;          /* monotonic µs, 0 never */

  GArray *pids;                   /* int: the processes followed now */
  GHashTable *trackers;           /* pid -> Tracker */
  GArray *scan;                   /* ScanEntry, reused */

  gint64 total[N_METRICS];        /* cumulative: sum of increases; gauges: this sample's sum */
  gboolean seen[N_METRICS];
  ScalyrExtraFields *fields[N_METRICS];

  ScalyrProcBuffer buffer;        /* shared by every file read */
  guint64 clock_ticks;
  char fd_buf[16384];
  gboolean reported_missing;
  gboolean reported_io;
  gboolean reported_fds;
};

/* An entry of the /proc scan (scalyr-linux-process-scan.c). */
typedef struct {
  int pid;
  int ppid;
  gboolean matched;
} ScanEntry;

/* scalyr-linux-process-tracker.c */
void scalyr_linux_process_metrics_tracker_free (gpointer p);
Tracker *scalyr_linux_process_metrics_tracker_new (ScalyrLinuxProcessMetrics *self,
                                                   int                        pid);
gboolean scalyr_linux_process_metrics_read_uptime_ms (ScalyrLinuxProcessMetrics *self,
                                                      gint64                    *ms);
gboolean scalyr_linux_process_metrics_tracker_collect (ScalyrLinuxProcessMetrics *self,
                                                       Tracker                   *t,
                                                       gint64                     uptime_ms,
                                                       gboolean                   have_uptime);

/* scalyr-linux-process-scan.c */
gboolean scalyr_linux_process_metrics_pid_exists (ScalyrLinuxProcessMetrics *self,
                                                  int                        pid);
void scalyr_linux_process_metrics_scan_processes (ScalyrLinuxProcessMetrics *self,
                                                  GArray                    *out);

G_END_DECLS
