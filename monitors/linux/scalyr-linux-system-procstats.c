/* scalyr-linux-system-procstats.c: the procstats group of linux_system_metrics:
 * CPU, load, memory, vm, processes and NUMA nodes (the reference's
 * tcollector procstats.py)
 * SPDX-License-Identifier: Apache-2.0 */

#include <fnmatch.h>
#include <string.h>

#include "scalyr-linux-system-metrics-private.h"

static const char * const vmstat_keys[] = {
  "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault", "pgmajfault", NULL,
};

/* ---- procstats ---- */

typedef struct {
  ScalyrLinuxSystemMetrics *self;
  GError **error;
  gboolean failed;
} EmitContext;

static void
emit_meminfo_line (const char *key,
                   guint64     value,
                   gpointer    user_data)
{
  EmitContext *ctx = user_data;
  ScalyrLinuxSystemMetrics *self = ctx->self;
  gsize prefix = strlen ("proc.meminfo.");
  gsize i;

  if (ctx->failed || strlen (key) + prefix >= sizeof self->name_buf)
    return;
  memcpy (self->name_buf, "proc.meminfo.", prefix);
  for (i = 0; key[i] != '\0'; i++)
    self->name_buf[prefix + i] = g_ascii_tolower (key[i]);
  self->name_buf[prefix + i] = '\0';
  if (!scalyr_agent_logger_emit_uint (self->logger, self->name_buf, value, NULL, ctx->error))
    ctx->failed = TRUE;
}

static void
emit_vmstat_line (const char *key,
                  guint64     value,
                  gpointer    user_data)
{
  EmitContext *ctx = user_data;
  ScalyrLinuxSystemMetrics *self = ctx->self;

  if (ctx->failed || !g_strv_contains (vmstat_keys, key))
    return;
  g_snprintf (self->name_buf, sizeof self->name_buf, "proc.vmstat.%s", key);
  if (!scalyr_agent_logger_emit_uint (self->logger, self->name_buf, value, NULL, ctx->error))
    ctx->failed = TRUE;
}

typedef struct {
  guint64 hit, miss, foreign, local, other, interleave;
  guint found;
} NumaStat;

static void
numa_line (const char *key,
           guint64     value,
           gpointer    user_data)
{
  NumaStat *s = user_data;
  static const char * const keys[] = {
    "numa_hit", "numa_miss", "numa_foreign", "local_node", "other_node", "interleave_hit",
  };
  guint64 *slots[] = { &s->hit, &s->miss, &s->foreign, &s->local, &s->other, &s->interleave };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (key, keys[i]) == 0)
      {
        *slots[i] = value;
        s->found |= 1u << i;
      }
}

gboolean
scalyr_linux_system_metrics_gather_procstats (ScalyrLinuxSystemMetrics *self,
                                              GError                  **error)
{
  EmitContext ctx = { self, error, FALSE };
  char *text;

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->uptime, FALSE)) != NULL)
    {
      ScalyrProcUptime uptime;

      if (scalyr_proc_parse_uptime (text, &uptime))
        {
          EMIT_DOUBLE ("proc.uptime.total", uptime.total, NULL);
          EMIT_DOUBLE ("proc.uptime.now", uptime.idle, NULL);
        }
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->uptime, FALSE);
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->meminfo, FALSE)) != NULL)
    {
      if (scalyr_proc_parse_key_values (text, TRUE, emit_meminfo_line, &ctx) == 0)
        scalyr_linux_system_metrics_report_unparsable (self, &self->meminfo, FALSE);
      if (ctx.failed)
        return FALSE;
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->vmstat, FALSE)) != NULL)
    {
      scalyr_proc_parse_key_values (text, FALSE, emit_vmstat_line, &ctx);
      if (ctx.failed)
        return FALSE;
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->stat, FALSE)) != NULL)
    {
      ScalyrProcStat stat;

      if (scalyr_proc_parse_stat (text, &stat))
        {
          for (guint i = 0; i < stat.n_cpu; i++)
            EMIT_UINT ("proc.stat.cpu", stat.cpu[i], self->cpu_fields[i]);
          if (stat.has_intr)
            EMIT_UINT ("proc.stat.intr", stat.intr, NULL);
          if (stat.has_ctxt)
            EMIT_UINT ("proc.stat.ctxt", stat.ctxt, NULL);
          if (stat.has_processes)
            EMIT_UINT ("proc.stat.processes", stat.processes, NULL);
          if (stat.has_procs_blocked)
            EMIT_UINT ("proc.stat.procs_blocked", stat.procs_blocked, NULL);
        }
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->stat, FALSE);
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->loadavg, FALSE)) != NULL)
    {
      ScalyrProcLoadavg load;

      if (scalyr_proc_parse_loadavg (text, &load))
        {
          EMIT_DOUBLE ("proc.loadavg.1min", load.load1, NULL);
          EMIT_DOUBLE ("proc.loadavg.5min", load.load5, NULL);
          EMIT_DOUBLE ("proc.loadavg.15min", load.load15, NULL);
          EMIT_UINT ("proc.loadavg.runnable", load.runnable, NULL);
          EMIT_UINT ("proc.loadavg.total_threads", load.total_threads, NULL);
        }
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->loadavg, FALSE);
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->entropy, FALSE)) != NULL)
    {
      char *p = text;
      guint64 bits;

      if (scalyr_proc_parse_u64 (&p, &bits))
        EMIT_UINT ("proc.kernel.entropy_avail", bits, NULL);
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->entropy, FALSE);
    }

  for (guint i = 0; self->numa != NULL && i < self->numa->len; i++)
    {
      NumaNode *node = g_ptr_array_index (self->numa, i);
      NumaStat s = { 0 };

      if ((text = scalyr_linux_system_metrics_read_file (self, &node->file, TRUE)) == NULL)
        continue;
      scalyr_proc_parse_key_values (text, FALSE, numa_line, &s);
      if (s.found != 0x3f)
        {
          scalyr_linux_system_metrics_report_unparsable (self, &node->file, TRUE);
          continue;
        }
      EMIT_UINT ("sys.numa.zoneallocs", s.hit, node->hit);
      EMIT_UINT ("sys.numa.zoneallocs", s.miss, node->miss);
      EMIT_UINT ("sys.numa.foreign_allocs", s.foreign, node->plain);
      EMIT_UINT ("sys.numa.allocation", s.local, node->local);
      EMIT_UINT ("sys.numa.allocation", s.other, node->remote);
      EMIT_UINT ("sys.numa.interleave", s.interleave, node->hit);
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->cpu_possible, TRUE)) != NULL)
    {
      guint n = scalyr_proc_count_cpu_list (text);

      if (n > 0)
        EMIT_UINT ("sys.cpu.count", n, NULL);
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->cpu_possible, TRUE);
    }
  return TRUE;
}
