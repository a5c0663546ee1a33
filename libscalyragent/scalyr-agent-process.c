/* scalyr-agent-process.c: the agent process's own figures, read from
 * /proc/self (stat, fd) and getrlimit(), for the status's `process` member:
 * resident and virtual memory, CPU time, threads, open and allowed file
 * descriptors, start time. Read on the main thread once per status refresh.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "scalyr-agent-process-private.h"

/* a whole non-negative decimal number and nothing else, or -1 */
static gint64
parse_count (const char *token)
{
  guint64 v;

  if (token == NULL || !g_ascii_string_to_unsigned (token, 10, 0, G_MAXINT64, &v, NULL))
    return -1;
  return (gint64) v;
}

/* proc(5): "pid (comm) state ppid ..."; comm may hold spaces and
 * parentheses, so the fields are counted from the last ')'. Field N
 * (1-based, as the manual numbers them) is tokens[N - 3]. */
gboolean
scalyr_agent_process_parse_stat (const char        *text,
                                 long               clock_ticks,
                                 ScalyrProcessStat *out)
{
  const char *close;
  g_autofree char *rest = NULL;
  g_auto(GStrv) tokens = NULL;
  gint64 utime, stime, starttime;

  out->cpu_user_seconds = out->cpu_system_seconds = -1;
  out->threads = out->virtual_bytes = out->rss_pages = -1;
  out->start_ticks = -1;
  close = text != NULL ? strrchr (text, ')') : NULL;
  if (close == NULL)
    return FALSE;
  rest = g_strstrip (g_strdup (close + 1));
  tokens = g_strsplit (rest, " ", -1);
  if (g_strv_length (tokens) < 24 - 2)
    return FALSE;
  utime = parse_count (tokens[14 - 3]);
  stime = parse_count (tokens[15 - 3]);
  starttime = parse_count (tokens[22 - 3]);
  if (clock_ticks > 0 && utime >= 0)
    out->cpu_user_seconds = (double) utime / clock_ticks;
  if (clock_ticks > 0 && stime >= 0)
    out->cpu_system_seconds = (double) stime / clock_ticks;
  if (starttime >= 0)
    out->start_ticks = (double) starttime;
  out->threads = parse_count (tokens[20 - 3]);
  out->virtual_bytes = parse_count (tokens[23 - 3]);
  out->rss_pages = parse_count (tokens[24 - 3]);
  return TRUE;
}

/* the boot time (epoch seconds) from /proc/stat's "btime" line, or -1 */
gint64
scalyr_agent_process_parse_btime (const char *proc_stat)
{
  const char *line = proc_stat;

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');

      if (g_str_has_prefix (line, "btime "))
        {
          g_autofree char *value = g_strndup (line + 6, end != NULL ? (gsize) (end - line - 6) : strlen (line + 6));
          return parse_count (g_strstrip (value));
        }
      line = end != NULL ? end + 1 : NULL;
    }
  return -1;
}

/* the entries of /proc/self/fd but the one reading it, or -1 */
static gint64
count_open_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *e;
  gint64 n = 0;
  int own;

  if (dir == NULL)
    return -1;
  own = dirfd (dir);
  while ((e = readdir (dir)) != NULL)
    {
      gint64 fd = parse_count (e->d_name);

      if (fd >= 0 && fd != own)
        n++;
    }
  closedir (dir);
  return n;
}

/* /proc/stat's btime, read once: it does not change while the system
 * runs, and /proc/stat is large on a machine with many CPUs */
static gint64
boot_time (void)
{
  static gsize once = 0;
  static gint64 btime = -1;

  if (g_once_init_enter (&once))
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents ("/proc/stat", &text, NULL, NULL))
        btime = scalyr_agent_process_parse_btime (text);
      g_once_init_leave (&once, 1);
    }
  return btime;
}

static void
set_count (JsonObject *o,
           const char *name,
           gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (o, name, value);
}

static void
set_seconds (JsonObject *o,
             const char *name,
             double      value)
{
  if (value >= 0)
    json_object_set_double_member (o, name, value);
}

JsonNode *
scalyr_agent_process_dup_status (void)
{
  JsonObject *o = json_object_new ();
  JsonNode *node;
  g_autofree char *stat_text = NULL;
  ScalyrProcessStat st;
  long ticks = sysconf (_SC_CLK_TCK);
  long page = sysconf (_SC_PAGESIZE);
  struct rlimit nofile;

  if (g_file_get_contents ("/proc/self/stat", &stat_text, NULL, NULL)
      && scalyr_agent_process_parse_stat (stat_text, ticks, &st))
    {
      gint64 btime = boot_time ();

      if (st.rss_pages >= 0 && page > 0)
        set_count (o, "rss_bytes", st.rss_pages * page);
      set_count (o, "virtual_bytes", st.virtual_bytes);
      set_seconds (o, "cpu_user_seconds", st.cpu_user_seconds);
      set_seconds (o, "cpu_system_seconds", st.cpu_system_seconds);
      set_count (o, "threads", st.threads);
      if (btime > 0 && st.start_ticks >= 0 && ticks > 0)
        set_seconds (o, "start_time", (double) btime + st.start_ticks / ticks);
    }
  set_count (o, "open_fds", count_open_fds ());
  if (getrlimit (RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY
      && nofile.rlim_cur <= (rlim_t) G_MAXINT64)
    set_count (o, "max_fds", (gint64) nofile.rlim_cur);

  node = json_node_alloc ();
  json_node_init_object (node, o);
  json_object_unref (o);
  return node;
}
