/* scalyr-linux-process-tracker.c: one process followed by linux_process_metrics:
 * its /proc/<pid> descriptors and the counters read from them
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-process-metrics-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-i18n-private.h"

/* ---- one process ---- */

void
scalyr_linux_process_metrics_tracker_free (gpointer p)
{
  Tracker *t = p;

  scalyr_proc_file_clear (&t->stat);
  scalyr_proc_file_clear (&t->status);
  scalyr_proc_file_clear (&t->io);
  if (t->dir_fd >= 0)
    close (t->dir_fd);
  g_free (t);
}

Tracker *
scalyr_linux_process_metrics_tracker_new (ScalyrLinuxProcessMetrics *self,
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
gboolean
scalyr_linux_process_metrics_read_uptime_ms (ScalyrLinuxProcessMetrics *self,
                                             gint64                    *ms)
{
  gsize len;
  char *text = scalyr_proc_read_path (self->proc_fd, "uptime", &self->buffer, &len);
  ScalyrProcUptime uptime;

  if (text == NULL || !scalyr_proc_parse_uptime (text, &uptime))
    return FALSE;
  *ms = scalyr_clamp_double_to_int64 (uptime.total * 1000.0, 0, G_MAXINT64);
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
gboolean
scalyr_linux_process_metrics_tracker_collect (ScalyrLinuxProcessMetrics *self,
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
      scalyr_warning (self->logger, _("cannot read %s/%d/io (%s): app.disk.* are not reported; "
                        "the agent may need to run as root"), self->proc_root, t->pid, g_strerror (t->io.last_errno));
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
      scalyr_warning (self->logger, _("cannot list %s/%d/fd (%s): app.io.fds is not reported; "
                        "the agent may need to run as root"), self->proc_root, t->pid, g_strerror (errno));
    }
  return TRUE;
}
