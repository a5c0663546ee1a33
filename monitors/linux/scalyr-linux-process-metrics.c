/* scalyr-linux-process-metrics.c: the builtin linux_process_metrics
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-process-metrics.h"
#include "scalyr-proc-private.h"

/* The reference's linux_process_metrics: CPU, memory, I/O and file
 * descriptors of one process (chosen by `pid` or by a `commandline` regular
 * expression), or the sum over several (`aggregate_multiple_processes`,
 * `include_child_processes`, a list of pids).
 *
 * As in the reference, cumulative metrics (app.cpu, app.uptime,
 * app.disk.*, app.mem.majflt, app.io.wait) are the sum of the increases
 * seen since the monitor started following the process(es): the first
 * sample reports 0, and they keep growing when a process exits and another
 * one matches. They start again from 0 after a sample where no process was
 * found. Gauges are the current sums.
 *
 * Each followed process keeps a directory file descriptor of /proc/<pid>
 * and open descriptors of its stat, status and io files: a process that
 * exits makes them fail (even if its pid is reused), and the monitor then
 * looks for the process again. */

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

G_DEFINE_FINAL_TYPE (ScalyrLinuxProcessMetrics, scalyr_linux_process_metrics, SCALYR_TYPE_MONITOR)

typedef struct {
  int pid;
  int ppid;
  gboolean matched;
} ScanEntry;

/* ---- one process ---- */

static void
tracker_free (gpointer p)
{
  Tracker *t = p;

  scalyr_proc_file_clear (&t->stat);
  scalyr_proc_file_clear (&t->status);
  scalyr_proc_file_clear (&t->io);
  if (t->dir_fd >= 0)
    close (t->dir_fd);
  g_free (t);
}

static Tracker *
tracker_new (ScalyrLinuxProcessMetrics *self,
             int                        pid)
{
  Tracker *t = g_new0 (Tracker, 1);
  char name[16];

  t->pid = pid;
  g_snprintf (name, sizeof name, "%d", pid);
  t->dir_fd = openat (self->proc_fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
  t->gone = t->dir_fd < 0;
  scalyr_proc_file_init (&t->stat, "stat", TRUE, &self->buffer);
  scalyr_proc_file_init (&t->status, "status", TRUE, &self->buffer);
  scalyr_proc_file_init (&t->io, "io", TRUE, &self->buffer);
  return t;
}

static void
status_line (const char *key,
             guint64     value,
             gpointer    user_data)
{
  Tracker *t = user_data;
  MetricId id;

  if (strcmp (key, "VmPeak") == 0)
    id = M_PEAK_VMSIZE;
  else if (strcmp (key, "VmSize") == 0)
    id = M_VMSIZE;
  else if (strcmp (key, "VmHWM") == 0)
    id = M_PEAK_RESIDENT;
  else if (strcmp (key, "VmRSS") == 0)
    id = M_RESIDENT;
  else
    return;
  t->cur[id] = (gint64) MIN (value, (guint64) G_MAXINT64 / 1024) * 1024;
  t->has_cur[id] = TRUE;
}

static void
io_line (const char *key,
         guint64     value,
         gpointer    user_data)
{
  Tracker *t = user_data;
  MetricId id;

  if (strcmp (key, "rchar") == 0)
    id = M_DISK_BYTES_READ;
  else if (strcmp (key, "wchar") == 0)
    id = M_DISK_BYTES_WRITE;
  else if (strcmp (key, "syscr") == 0)
    id = M_DISK_REQUESTS_READ;
  else if (strcmp (key, "syscw") == 0)
    id = M_DISK_REQUESTS_WRITE;
  else
    return;
  t->cur[id] = (gint64) MIN (value, (guint64) G_MAXINT64);
  t->has_cur[id] = TRUE;
}

/* Seconds since boot, from the proc root's uptime. */
static gboolean
read_uptime_ms (ScalyrLinuxProcessMetrics *self,
                gint64                    *ms)
{
  gsize len;
  char *text = scalyr_proc_read_path (self->proc_fd, "uptime", &self->buffer, &len);
  ScalyrProcUptime uptime;

  if (text == NULL || !scalyr_proc_parse_uptime (text, &uptime))
    return FALSE;
  *ms = (gint64) (uptime.total * 1000.0);
  return TRUE;
}

static gint64
count_fds (ScalyrLinuxProcessMetrics *self,
           Tracker                   *t)
{
  int fd = openat (t->dir_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gint64 count = 0;

  if (fd < 0)
    return -1;
  for (;;)
    {
      ssize_t n = getdents64 (fd, self->fd_buf, sizeof self->fd_buf);
      ssize_t off = 0;

      if (n < 0)
        {
          count = -1;
          break;
        }
      if (n == 0)
        break;
      while (off < n)
        {
          struct dirent64 *d = (struct dirent64 *) (gpointer) (self->fd_buf + off);

          if (!(d->d_name[0] == '.' && (d->d_name[1] == '\0' || (d->d_name[1] == '.' && d->d_name[2] == '\0'))))
            count++;
          off += d->d_reclen;
        }
    }
  close (fd);
  return count;
}

/* Reads the process's files into t->cur; FALSE if the process is gone. */
static gboolean
tracker_collect (ScalyrLinuxProcessMetrics *self,
                 Tracker                   *t,
                 gint64                     uptime_ms,
                 gboolean                   have_uptime)
{
  ScalyrProcPidStat st;
  char *text;
  gint64 fds;

  memset (t->has_cur, 0, sizeof t->has_cur);
  if (t->gone)
    return FALSE;
  text = scalyr_proc_file_read (&t->stat, t->dir_fd);
  if (text == NULL || !scalyr_proc_parse_pid_stat (text, &st))
    {
      t->gone = TRUE;
      return FALSE;
    }
  t->cur[M_CPU_USER] = (gint64) (st.utime * 100 / self->clock_ticks);
  t->cur[M_CPU_SYSTEM] = (gint64) (st.stime * 100 / self->clock_ticks);
  t->cur[M_NICE] = st.nice;
  t->cur[M_THREADS] = st.num_threads;
  t->cur[M_MAJFLT] = (gint64) st.majflt;
  t->cur[M_IO_WAIT] = (gint64) st.delayacct_blkio_ticks;
  for (MetricId id = M_CPU_USER; id <= M_IO_WAIT; id++)
    t->has_cur[id] = id != M_UPTIME;
  if (have_uptime)
    {
      t->cur[M_UPTIME] = uptime_ms - (gint64) (st.starttime * 1000 / self->clock_ticks);
      t->has_cur[M_UPTIME] = TRUE;
    }

  if ((text = scalyr_proc_file_read (&t->status, t->dir_fd)) != NULL)
    scalyr_proc_parse_key_values (text, TRUE, status_line, t);

  if ((text = scalyr_proc_file_read (&t->io, t->dir_fd)) != NULL)
    scalyr_proc_parse_key_values (text, TRUE, io_line, t);
  else if (!self->reported_io && t->io.last_errno != ESRCH && t->io.last_errno != ENOENT)
    {
      self->reported_io = TRUE;
      scalyr_warning (self->logger, "cannot read %s/%d/io (%s): app.disk.* are not reported; "
                      "the agent may need to run as root", self->proc_root, t->pid, g_strerror (t->io.last_errno));
    }

  fds = count_fds (self, t);
  if (fds >= 0)
    {
      t->cur[M_FDS] = fds;
      t->has_cur[M_FDS] = TRUE;
    }
  else if (!self->reported_fds && errno != ENOENT && errno != ESRCH)
    {
      self->reported_fds = TRUE;
      scalyr_warning (self->logger, "cannot list %s/%d/fd (%s): app.io.fds is not reported; "
                      "the agent may need to run as root", self->proc_root, t->pid, g_strerror (errno));
    }
  return TRUE;
}

/* ---- finding the processes ---- */

static gboolean
pid_exists (ScalyrLinuxProcessMetrics *self,
            int                        pid)
{
  Tracker *t = g_hash_table_lookup (self->trackers, GINT_TO_POINTER (pid));
  char name[16];

  if (t != NULL && t->gone)
    return FALSE;
  g_snprintf (name, sizeof name, "%d", pid);
  return faccessat (self->proc_fd, name, F_OK, 0) == 0;
}

/* The command line as `ps -o command` shows it: arguments separated by
 * spaces, or `[comm]` for processes without one (kernel threads). */
static const char *
read_command (ScalyrLinuxProcessMetrics *self,
              int                        pid)
{
  char path[48];
  gsize len;
  char *text;

  g_snprintf (path, sizeof path, "%d/cmdline", pid);
  text = scalyr_proc_read_path (self->proc_fd, path, &self->buffer, &len);
  if (text == NULL)
    return NULL;
  while (len > 0 && text[len - 1] == '\0')
    len--;
  if (len > 0)
    {
      for (gsize i = 0; i < len; i++)
        if (text[i] == '\0')
          text[i] = ' ';
      text[len] = '\0';
      return text;
    }
  g_snprintf (path, sizeof path, "%d/comm", pid);
  text = scalyr_proc_read_path (self->proc_fd, path, &self->buffer, &len);
  if (text == NULL || len + 3 > self->buffer.size)
    return NULL;
  while (len > 0 && text[len - 1] == '\n')
    len--;
  memmove (text + 1, text, len);
  text[0] = '[';
  text[len + 1] = ']';
  text[len + 2] = '\0';
  return text;
}

static int
read_ppid (ScalyrLinuxProcessMetrics *self,
           int                        pid)
{
  char path[48];
  gsize len;
  char *text;
  ScalyrProcPidStat st;

  g_snprintf (path, sizeof path, "%d/stat", pid);
  text = scalyr_proc_read_path (self->proc_fd, path, &self->buffer, &len);
  if (text == NULL || !scalyr_proc_parse_pid_stat (text, &st))
    return -1;
  return (int) st.ppid;
}

static gint
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return x < y ? -1 : x > y;
}

static gint
compare_scan (gconstpointer a,
              gconstpointer b)
{
  return compare_int (&((const ScanEntry *) a)->pid, &((const ScanEntry *) b)->pid);
}

/* The pids whose command line matches (and their descendants), lowest
 * first. The monitor's own process is left out: its command line may hold
 * the pattern (scalyr-run-monitor -c '{commandline: ...}'). */
static void
scan_processes (ScalyrLinuxProcessMetrics *self,
                GArray                    *out)
{
  int fd = openat (self->proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int own = getpid ();
  DIR *dir;
  struct dirent *d;

  g_array_set_size (out, 0);
  g_array_set_size (self->scan, 0);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  while ((d = readdir (dir)) != NULL)
    {
      guint64 pid;
      ScanEntry e;
      const char *command;

      if (!scalyr_proc_token_u64 (d->d_name, &pid) || pid == 0 || pid > G_MAXINT || (int) pid == own)
        continue;
      e.pid = (int) pid;
      command = read_command (self, e.pid);
      if (command == NULL)
        continue;  /* exited meanwhile */
      e.matched = g_regex_match (self->commandline, command, 0, NULL);
      e.ppid = self->include_children ? read_ppid (self, e.pid) : -1;
      if (e.matched || self->include_children)
        g_array_append_val (self->scan, e);
    }
  closedir (dir);
  g_array_sort (self->scan, compare_scan);

  if (self->include_children)
    {
      /* descendants: repeat until no process is added (the tree is small) */
      gboolean added = TRUE;

      while (added)
        {
          added = FALSE;
          for (guint i = 0; i < self->scan->len; i++)
            {
              ScanEntry *e = &g_array_index (self->scan, ScanEntry, i);

              if (e->matched)
                continue;
              for (guint j = 0; j < self->scan->len; j++)
                {
                  ScanEntry *p = &g_array_index (self->scan, ScanEntry, j);
                  if (p->matched && p->pid == e->ppid)
                    {
                      e->matched = added = TRUE;
                      break;
                    }
                }
            }
        }
    }
  for (guint i = 0; i < self->scan->len; i++)
    {
      ScanEntry *e = &g_array_index (self->scan, ScanEntry, i);
      if (e->matched)
        g_array_append_val (out, e->pid);
    }
}

static void
select_processes (ScalyrLinuxProcessMetrics *self)
{
  gboolean running = FALSE;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->pids->len && !running; i++)
    running = pid_exists (self, g_array_index (self->pids, int, i));
  if (running && (!self->aggregate || self->commandline == NULL ||
                  (self->last_discovery != 0 && now - self->last_discovery < self->discovery_interval_us)))
    return;

  if (self->commandline != NULL)
    {
      self->last_discovery = now;
      scan_processes (self, self->pids);
      if (!self->aggregate && self->pids->len > 1)
        {
          g_autofree char *message =
            g_strdup_printf ("Multiple processes match the command '%s'.  Returning existing pid. "
                             "You can turn on the multi process aggregation support by adding the "
                             "aggregate_multiple_processes configuration to true", self->commandline_text);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, NULL, NULL,
                                        "linux-process-monitor-existing-pid", 300, message);
          g_array_set_size (self->pids, 1);
        }
    }
  else
    {
      g_array_set_size (self->pids, 0);
      for (guint i = 0; i < self->target_pids->len; i++)
        {
          int pid = g_array_index (self->target_pids, int, i);
          if (pid == 0)
            pid = getpid ();  /* $$ */
          g_array_append_val (self->pids, pid);
        }
    }
}

/* ---- sample ---- */

static gboolean
pid_selected (ScalyrLinuxProcessMetrics *self,
              int                        pid)
{
  for (guint i = 0; i < self->pids->len; i++)
    if (g_array_index (self->pids, int, i) == pid)
      return TRUE;
  return FALSE;
}

static gboolean
scalyr_linux_process_metrics_gather_sample (ScalyrMonitor *monitor,
                                            GError       **error)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (monitor);
  GHashTableIter iter;
  gpointer key, value;
  gint64 uptime_ms = 0;
  gboolean have_uptime;
  guint alive = 0;
  gint64 gauges[N_METRICS] = { 0 };
  gboolean gauge_seen[N_METRICS] = { FALSE };

  select_processes (self);

  /* forget the processes that exited or are no longer selected (a pid
   * given by number and reused gets a new tracker), follow the new ones */
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Tracker *) value)->gone || !pid_selected (self, GPOINTER_TO_INT (key)))
      g_hash_table_iter_remove (&iter);
  for (guint i = 0; i < self->pids->len; i++)
    {
      int pid = g_array_index (self->pids, int, i);
      if (!g_hash_table_contains (self->trackers, GINT_TO_POINTER (pid)))
        g_hash_table_insert (self->trackers, GINT_TO_POINTER (pid), tracker_new (self, pid));
    }

  have_uptime = read_uptime_ms (self, &uptime_ms);
  g_hash_table_iter_init (&iter, self->trackers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Tracker *t = value;

      if (!tracker_collect (self, t, uptime_ms, have_uptime))
        continue;
      alive++;
      for (MetricId id = 0; id < N_METRICS; id++)
        {
          if (!t->has_cur[id])
            continue;
          if (metrics[id].cumulative)
            {
              /* a counter that went down (wrap, reset): no increase */
              if (t->has_prev[id] && t->cur[id] > t->prev[id])
                self->total[id] += t->cur[id] - t->prev[id];
              t->prev[id] = t->cur[id];
              t->has_prev[id] = TRUE;
              self->seen[id] = TRUE;
            }
          else
            {
              gauges[id] += t->cur[id];
              gauge_seen[id] = TRUE;
            }
        }
    }

  if (alive == 0)
    {
      /* as the reference: nothing to report, and the sums start again */
      memset (self->total, 0, sizeof self->total);
      memset (self->seen, 0, sizeof self->seen);
      g_hash_table_remove_all (self->trackers);
      g_array_set_size (self->pids, 0);
      if (!self->reported_missing)
        {
          self->reported_missing = TRUE;
          if (self->commandline != NULL)
            scalyr_info (self->logger, "no process matches the command line pattern '%s' yet",
                         self->commandline_text);
          else
            scalyr_info (self->logger, "the process(es) of field \"pid\" do not exist");
        }
      return TRUE;
    }
  self->reported_missing = FALSE;

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      gboolean ok;

      if (!metrics[id].cumulative)
        {
          if (gauge_seen[id])
            self->seen[id] = TRUE;
          self->total[id] = gauges[id];
        }
      if (!self->seen[id])
        continue;
      if (id == M_NICE)
        ok = scalyr_agent_logger_emit_double (self->logger, metrics[id].name, (double) self->total[id],
                                              self->fields[id], error);
      else
        ok = scalyr_agent_logger_emit_int (self->logger, metrics[id].name, self->total[id], self->fields[id], error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* ---- configuration ---- */

static gboolean
parse_pids (ScalyrLinuxProcessMetrics *self,
            const char                *text,
            GError                   **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);
      guint64 pid;
      int v;

      if (strcmp (p, "$$") == 0)
        v = 0;
      else if (scalyr_proc_token_u64 (p, &pid) && pid > 0 && pid <= G_MAXINT)
        v = (int) pid;
      else
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                       "%s: field \"pid\": \"%s\" is not a process id; give a number, or \"$$\" for the agent "
                       "itself", scalyr_monitor_get_monitor_name (SCALYR_MONITOR (self)), p);
          return FALSE;
        }
      g_array_append_val (self->target_pids, v);
    }
  if (self->target_pids->len == 0)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: field \"pid\" is empty; give a process id, or \"$$\" for the agent itself",
                   scalyr_monitor_get_monitor_name (SCALYR_MONITOR (self)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scalyr_linux_process_metrics_initialize (ScalyrMonitor *monitor,
                                         GError       **error)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (monitor);
  ScalyrMonitorConfig *config = scalyr_monitor_get_config (monitor);
  const char *name = scalyr_monitor_get_monitor_name (monitor);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pid = NULL;
  gint64 interval;

  self->logger = scalyr_monitor_get_logger (monitor);
  self->app = g_strdup (scalyr_monitor_get_monitor_id (monitor));

  self->commandline_text = scalyr_monitor_config_dup_string (config, "commandline", SCALYR_CONFIG_NONE, NULL,
                                                             &local_error);
  if (local_error == NULL)
    pid = scalyr_monitor_config_dup_string (config, "pid", SCALYR_CONFIG_NONE, NULL, &local_error);
  if (local_error == NULL)
    self->aggregate = scalyr_monitor_config_get_boolean (config, "aggregate_multiple_processes", SCALYR_CONFIG_NONE,
                                                         FALSE, &local_error);
  if (local_error == NULL)
    self->include_children = scalyr_monitor_config_get_boolean (config, "include_child_processes",
                                                                SCALYR_CONFIG_NONE, FALSE, &local_error);
  if (local_error == NULL)
    interval = scalyr_monitor_config_get_int (config, "process_discovery_interval", SCALYR_CONFIG_NONE, 120, 1,
                                              G_MAXINT32, &local_error);
  if (local_error == NULL)
    self->proc_root = scalyr_monitor_config_dup_string (config, "proc_root", SCALYR_CONFIG_NONE, "/proc",
                                                        &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->discovery_interval_us = interval * G_USEC_PER_SEC;

  if (self->commandline_text != NULL && self->commandline_text[0] == '\0')
    g_clear_pointer (&self->commandline_text, g_free);
  if (pid != NULL && pid[0] == '\0')
    g_clear_pointer (&pid, g_free);
  if (self->commandline_text == NULL && pid == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD,
                   "%s: field \"commandline\" or \"pid\" is required: give \"commandline\" (a regular expression "
                   "matching the process's command line) or \"pid\" (a process id, or \"$$\" for the agent itself)",
                   name);
      return FALSE;
    }
  if (self->commandline_text != NULL && pid != NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: fields \"commandline\" and \"pid\" are both given; keep only one of them", name);
      return FALSE;
    }
  if (self->commandline_text != NULL)
    {
      self->commandline = g_regex_new (self->commandline_text, G_REGEX_OPTIMIZE, 0, &local_error);
      if (self->commandline == NULL)
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                       "%s: field \"commandline\": \"%s\" is not a valid regular expression (%s)", name,
                       self->commandline_text, local_error->message);
          return FALSE;
        }
    }
  else if (!parse_pids (self, pid, error))
    return FALSE;
  else if (self->include_children)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: field \"include_child_processes\" needs \"commandline\"; remove it or select the "
                   "process by \"commandline\"", name);
      return FALSE;
    }

  self->proc_fd = open (self->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->proc_fd < 0)
    {
      int errsv = errno;
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
                   "%s: field \"proc_root\": cannot open \"%s\" (%s); give the directory where proc is mounted",
                   name, self->proc_root, g_strerror (errsv));
      return FALSE;
    }

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      self->fields[id] = scalyr_extra_fields_new ();
      scalyr_extra_fields_set_string (self->fields[id], "app", self->app);
      if (metrics[id].type != NULL)
        scalyr_extra_fields_set_string (self->fields[id], "type", metrics[id].type);
    }
  return TRUE;
}

static void
scalyr_linux_process_metrics_finalize (GObject *object)
{
  ScalyrLinuxProcessMetrics *self = SCALYR_LINUX_PROCESS_METRICS (object);

  g_hash_table_unref (self->trackers);
  if (self->proc_fd >= 0)
    close (self->proc_fd);
  g_free (self->proc_root);
  g_free (self->app);
  g_clear_pointer (&self->commandline, g_regex_unref);
  g_free (self->commandline_text);
  g_array_unref (self->target_pids);
  g_array_unref (self->pids);
  g_array_unref (self->scan);
  scalyr_proc_buffer_clear (&self->buffer);
  for (MetricId id = 0; id < N_METRICS; id++)
    if (self->fields[id] != NULL)
      scalyr_extra_fields_unref (self->fields[id]);
  G_OBJECT_CLASS (scalyr_linux_process_metrics_parent_class)->finalize (object);
}

static void
scalyr_linux_process_metrics_class_init (ScalyrLinuxProcessMetricsClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = scalyr_linux_process_metrics_finalize;
  monitor_class->initialize = scalyr_linux_process_metrics_initialize;
  monitor_class->gather_sample = scalyr_linux_process_metrics_gather_sample;

  scalyr_monitor_declare_description (type,
                                      "Linux Process Metrics: CPU, memory, disk I/O and file descriptors of a "
                                      "process (or the sum over several), read from /proc/<pid>. Select the "
                                      "process with `pid` or `commandline`; `id` names it in the `app` field. "
                                      "As in the reference, cumulative metrics count from when the monitor "
                                      "started following the process(es): 0 at the first sample.");
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("commandline",
                                                                   "Regular expression matched against the "
                                                                   "command lines of the processes (as `ps -o "
                                                                   "command` shows them); the lowest matching pid "
                                                                   "is followed. Give this or `pid`.",
                                                                   NULL));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("pid",
                                                                   "Process id to follow, or `$$` for the agent "
                                                                   "itself (a comma-separated list sums several). "
                                                                   "Give this or `commandline`.",
                                                                   NULL));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_boolean ("aggregate_multiple_processes",
                                                                    "Sum the metrics of all the processes matching "
                                                                    "`commandline` instead of following the first.",
                                                                    FALSE));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_boolean ("include_child_processes",
                                                                    "Add the descendants of the matching processes "
                                                                    "to the sums.",
                                                                    FALSE));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_int ("process_discovery_interval",
                                                                "Seconds between searches for new matching "
                                                                "processes when aggregating.",
                                                                120, 1, G_MAXINT32));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("proc_root", "Where proc is mounted.", "/proc"));

  for (MetricId id = 0; id < N_METRICS; id++)
    {
      ScalyrMonitorMetric *metric;
      const char *with_type[] = { "app", "type", NULL };
      const char *without_type[] = { "app", NULL };

      /* app.cpu, app.mem.bytes...: one declaration per name, listing its types */
      if (id > 0 && strcmp (metrics[id].name, metrics[id - 1].name) == 0)
        continue;
      if (metrics[id].type != NULL)
        {
          g_autoptr(GString) desc = g_string_new (NULL);

          for (MetricId j = id; j < N_METRICS && strcmp (metrics[j].name, metrics[id].name) == 0; j++)
            g_string_append_printf (desc, "%s`type=%s`: %s", j > id ? " " : "", metrics[j].type,
                                    metrics[j].description);
          metric = scalyr_monitor_metric_new (metrics[id].name, desc->str);
          scalyr_monitor_metric_set_extra_fields (metric, with_type);
        }
      else
        {
          metric = scalyr_monitor_metric_new (metrics[id].name, metrics[id].description);
          scalyr_monitor_metric_set_extra_fields (metric, without_type);
        }
      if (metrics[id].unit != NULL)
        scalyr_monitor_metric_set_unit (metric, metrics[id].unit);
      scalyr_monitor_metric_set_cumulative (metric, metrics[id].cumulative);
      scalyr_monitor_declare_metric (type, metric);
    }
}

static void
scalyr_linux_process_metrics_init (ScalyrLinuxProcessMetrics *self)
{
  long ticks = sysconf (_SC_CLK_TCK);

  self->proc_fd = -1;
  self->target_pids = g_array_new (FALSE, FALSE, sizeof (int));
  self->pids = g_array_new (FALSE, FALSE, sizeof (int));
  self->scan = g_array_new (FALSE, FALSE, sizeof (ScanEntry));
  self->trackers = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, tracker_free);
  self->clock_ticks = ticks > 0 ? (guint64) ticks : 100;
}
