/* scalyr-proc.c: parsing the /proc and /sys files the builtin monitors read (private)
 * SPDX-License-Identifier: Apache-2.0 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-proc-private.h"

/* ---- /proc/stat ---- */

gboolean
scalyr_proc_parse_stat (char           *text,
                        ScalyrProcStat *stat)
{
  char *cursor = text;
  char *line;

  memset (stat, 0, sizeof *stat);
  while ((line = scalyr_proc_next_line (&cursor)) != NULL)
    {
      char *p = line;
      char *key = scalyr_proc_next_token (&p);

      if (key == NULL)
        continue;
      if (strcmp (key, "cpu") == 0)
        {
          stat->n_cpu = 0;
          while (stat->n_cpu < SCALYR_PROC_STAT_CPU_FIELDS &&
                 scalyr_proc_parse_u64 (&p, &stat->cpu[stat->n_cpu]))
            stat->n_cpu++;
        }
      else if (strcmp (key, "intr") == 0)
        stat->has_intr = scalyr_proc_parse_u64 (&p, &stat->intr);
      else if (strcmp (key, "ctxt") == 0)
        stat->has_ctxt = scalyr_proc_parse_u64 (&p, &stat->ctxt);
      else if (strcmp (key, "processes") == 0)
        stat->has_processes = scalyr_proc_parse_u64 (&p, &stat->processes);
      else if (strcmp (key, "procs_blocked") == 0)
        stat->has_procs_blocked = scalyr_proc_parse_u64 (&p, &stat->procs_blocked);
    }
  /* the reference needs the first seven fields of the cpu line */
  if (stat->n_cpu < 7)
    stat->n_cpu = 0;
  return stat->n_cpu > 0 || stat->has_intr || stat->has_ctxt;
}

/* ---- /proc/uptime, /proc/loadavg ---- */

gboolean
scalyr_proc_parse_uptime (char             *text,
                          ScalyrProcUptime *uptime)
{
  char *p = text;

  return scalyr_proc_parse_double (&p, &uptime->total) &&
         scalyr_proc_parse_double (&p, &uptime->idle);
}

gboolean
scalyr_proc_parse_loadavg (char              *text,
                           ScalyrProcLoadavg *loadavg)
{
  char *p = text;

  if (!scalyr_proc_parse_double (&p, &loadavg->load1) ||
      !scalyr_proc_parse_double (&p, &loadavg->load5) ||
      !scalyr_proc_parse_double (&p, &loadavg->load15) ||
      !scalyr_proc_parse_u64 (&p, &loadavg->runnable) ||
      *p++ != '/' ||
      !scalyr_proc_parse_u64 (&p, &loadavg->total_threads))
    return FALSE;
  return TRUE;
}

/* ---- key/value files ---- */

guint
scalyr_proc_parse_key_values (char                  *text,
                              gboolean               colon,
                              ScalyrProcKeyValueFunc func,
                              gpointer               user_data)
{
  char *cursor = text;
  char *line;
  guint n = 0;

  while ((line = scalyr_proc_next_line (&cursor)) != NULL)
    {
      char *p = line;
      char *key = p;
      guint64 value;

      while (is_word (*p))
        p++;
      if (p == key)
        continue;
      if (colon)
        {
          if (*p != ':')
            continue;
          *p++ = '\0';
          if (*p != ' ' && *p != '\t')
            continue;
        }
      else
        {
          if (*p != ' ' && *p != '\t')
            continue;
          *p++ = '\0';
        }
      if (!scalyr_proc_parse_u64 (&p, &value))
        continue;
      func (key, value, user_data);
      n++;
    }
  return n;
}

/* ---- /proc/net/dev ---- */

gboolean
scalyr_proc_next_net_dev (char            **cursor,
                          ScalyrProcNetDev *dev)
{
  char *line;

  while ((line = scalyr_proc_next_line (cursor)) != NULL)
    {
      char *colon = strchr (line, ':');
      char *name = line;
      char *p;
      guint i;

      if (colon == NULL || strchr (line, '|') != NULL)
        continue;
      while (is_blank (*name))
        name++;
      *colon = '\0';
      if (*name == '\0')
        continue;
      p = colon + 1;
      for (i = 0; i < 16; i++)
        if (!scalyr_proc_parse_u64 (&p, i < 8 ? &dev->rx[i] : &dev->tx[i - 8]))
          break;
      if (i < 16)
        continue;
      dev->name = name;
      return TRUE;
    }
  return FALSE;
}

/* ---- /proc/diskstats ---- */

gboolean
scalyr_proc_next_diskstat (char              **cursor,
                           ScalyrProcDiskStat *disk)
{
  char *line;

  while ((line = scalyr_proc_next_line (cursor)) != NULL)
    {
      char *p = line;
      guint64 major, minor;
      guint64 values[11];
      guint n = 0;

      if (!scalyr_proc_parse_u64 (&p, &major) || !scalyr_proc_parse_u64 (&p, &minor))
        continue;
      disk->name = scalyr_proc_next_token (&p);
      if (disk->name == NULL)
        continue;
      while (n < 11 && scalyr_proc_parse_u64 (&p, &values[n]))
        n++;
      /* 11 fields up to 4.18, 15 up to 5.5, 17 since: the first 11 are
       * the same; old kernels print 4 for partitions */
      if (n != 11 && n != 4)
        continue;
      if (n == 4)
        {
          guint64 extra;
          if (scalyr_proc_parse_u64 (&p, &extra))
            continue;
        }
      disk->major = (guint) major;
      disk->minor = (guint) minor;
      memcpy (disk->fields, values, n * sizeof values[0]);
      disk->n_fields = n;
      return TRUE;
    }
  return FALSE;
}

/* ---- /proc/net/sockstat ---- */

/* Reads "name value name value ..." pairs after the section label. */
static void
sockstat_pairs (char       *p,
                const char *names[],
                guint64    *values[])
{
  char *name;

  while ((name = scalyr_proc_next_token (&p)) != NULL)
    {
      guint64 v;

      if (!scalyr_proc_parse_u64 (&p, &v))
        return;
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (name, names[i]) == 0)
          *values[i] = v;
    }
}

gboolean
scalyr_proc_parse_sockstat (char               *text,
                            ScalyrProcSockstat *s)
{
  char *cursor = text;
  char *line;
  gboolean found = FALSE;

  memset (s, 0xff, sizeof *s);
  while ((line = scalyr_proc_next_line (&cursor)) != NULL)
    {
      char *p = line;
      char *label = scalyr_proc_next_token (&p);

      if (label == NULL)
        continue;
      if (strcmp (label, "TCP:") == 0)
        {
          const char *names[] = { "inuse", "orphan", "tw", "alloc", "mem", NULL };
          guint64 *values[] = { &s->tcp_inuse, &s->tcp_orphan, &s->tcp_tw, &s->tcp_alloc, &s->tcp_mem };
          sockstat_pairs (p, names, values);
          found = TRUE;
        }
      else if (strcmp (label, "UDP:") == 0)
        {
          const char *names[] = { "inuse", "mem", NULL };
          guint64 *values[] = { &s->udp_inuse, &s->udp_mem };
          sockstat_pairs (p, names, values);
        }
      else if (strcmp (label, "UDPLITE:") == 0)
        {
          const char *names[] = { "inuse", NULL };
          guint64 *values[] = { &s->udplite_inuse };
          sockstat_pairs (p, names, values);
        }
      else if (strcmp (label, "RAW:") == 0)
        {
          const char *names[] = { "inuse", NULL };
          guint64 *values[] = { &s->raw_inuse };
          sockstat_pairs (p, names, values);
        }
      else if (strcmp (label, "FRAG:") == 0)
        {
          const char *names[] = { "inuse", "memory", NULL };
          guint64 *values[] = { &s->frag_inuse, &s->frag_memory };
          sockstat_pairs (p, names, values);
        }
    }
  return found;
}

/* ---- /proc/net/netstat ---- */

gboolean
scalyr_proc_parse_netstat_tcpext (char                  *text,
                                  ScalyrProcKeyValueFunc func,
                                  gpointer               user_data)
{
  char *cursor = text;
  char *line;

  while ((line = scalyr_proc_next_line (&cursor)) != NULL)
    {
      char *values;
      char *names = line;
      char *name;

      if (!g_str_has_prefix (line, "TcpExt:"))
        continue;
      values = scalyr_proc_next_line (&cursor);
      if (values == NULL || !g_str_has_prefix (values, "TcpExt:"))
        return FALSE;
      scalyr_proc_next_token (&names);
      scalyr_proc_next_token (&values);
      while ((name = scalyr_proc_next_token (&names)) != NULL)
        {
          char *value = scalyr_proc_next_token (&values);
          guint64 v;

          if (value == NULL)
            break;
          if (scalyr_proc_token_u64 (value, &v))
            func (name, v, user_data);
        }
      return TRUE;
    }
  return FALSE;
}

/* ---- /proc/self/mountinfo ---- */

/* Undoes the kernel's octal escapes (\040 for a space...) in place. */
static void
unescape_octal (char *s)
{
  char *out = s;

  while (*s != '\0')
    {
      if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
          s[3] >= '0' && s[3] <= '7')
        {
          *out++ = (char) (((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
          s += 4;
        }
      else
        *out++ = *s++;
    }
  *out = '\0';
}

gboolean
scalyr_proc_next_mount (char           **cursor,
                        ScalyrProcMount *mount)
{
  char *line;

  while ((line = scalyr_proc_next_line (cursor)) != NULL)
    {
      char *p = line;
      char *dev, *root, *point, *tok, *colon;
      guint64 major, minor;

      /* id parent major:minor root mount-point options [optional...] - fstype source super-options */
      if (scalyr_proc_next_token (&p) == NULL || scalyr_proc_next_token (&p) == NULL)
        continue;
      dev = scalyr_proc_next_token (&p);
      root = scalyr_proc_next_token (&p);
      point = scalyr_proc_next_token (&p);
      if (dev == NULL || root == NULL || point == NULL || scalyr_proc_next_token (&p) == NULL)
        continue;
      colon = strchr (dev, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      if (!scalyr_proc_token_u64 (dev, &major) || !scalyr_proc_token_u64 (colon + 1, &minor))
        continue;
      while ((tok = scalyr_proc_next_token (&p)) != NULL && strcmp (tok, "-") != 0)
        ;
      if (tok == NULL)
        continue;
      mount->fstype = scalyr_proc_next_token (&p);
      mount->source = scalyr_proc_next_token (&p);
      if (mount->fstype == NULL)
        continue;
      if (mount->source == NULL)
        mount->source = "";
      unescape_octal (root);
      unescape_octal (point);
      mount->major = (guint) major;
      mount->minor = (guint) minor;
      mount->root = root;
      mount->mount_point = point;
      return TRUE;
    }
  return FALSE;
}

/* ---- CPU lists ---- */

guint
scalyr_proc_count_cpu_list (const char *text)
{
  char *p = (char *) text;
  guint count = 0;

  for (;;)
    {
      guint64 first, last;

      if (!scalyr_proc_parse_u64 (&p, &first))
        return 0;
      last = first;
      if (*p == '-')
        {
          p++;
          if (!scalyr_proc_parse_u64 (&p, &last) || last < first)
            return 0;
        }
      if (last - first >= 65536)
        return 0;
      count += (guint) (last - first + 1);
      if (*p == ',')
        {
          p++;
          continue;
        }
      while (is_blank (*p))
        p++;
      return *p == '\0' ? count : 0;
    }
}

/* ---- /proc/<pid>/stat ---- */

gboolean
scalyr_proc_parse_pid_stat (char              *text,
                            ScalyrProcPidStat *stat)
{
  char *p = strrchr (text, ')');
  char *tok;
  guint i;

  memset (stat, 0, sizeof *stat);
  if (p == NULL)
    return FALSE;
  p++;
  /* index 0 is field 3 of proc(5) (the state) */
  for (i = 0; (tok = scalyr_proc_next_token (&p)) != NULL; i++)
    {
      char *t = tok;
      guint64 u = 0;
      gint64 s = 0;

      switch (i)
        {
        case 1:
          if (!scalyr_proc_parse_i64 (&t, &s))
            return FALSE;
          stat->ppid = s;
          break;
        case 9:
        case 11:
        case 12:
        case 19:
        case 39:
          if (!scalyr_proc_parse_u64 (&t, &u))
            return FALSE;
          if (i == 9)
            stat->majflt = u;
          else if (i == 11)
            stat->utime = u;
          else if (i == 12)
            stat->stime = u;
          else if (i == 19)
            stat->starttime = u;
          else
            {
              stat->delayacct_blkio_ticks = u;
              stat->has_blkio = TRUE;
            }
          break;
        case 16:
        case 17:
          if (!scalyr_proc_parse_i64 (&t, &s))
            return FALSE;
          if (i == 16)
            stat->nice = s;
          else
            stat->num_threads = s;
          break;
        default:
          break;
        }
    }
  return i >= 20;
}

