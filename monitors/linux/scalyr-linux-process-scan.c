/* scalyr-linux-process-scan.c: finding the processes linux_process_metrics
 * follows: the scan of /proc by command line, children included
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-process-metrics-private.h"

/* ---- finding the processes ---- */

gboolean
scalyr_linux_process_metrics_pid_exists (ScalyrLinuxProcessMetrics *self,
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
void
scalyr_linux_process_metrics_scan_processes (ScalyrLinuxProcessMetrics *self,
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
