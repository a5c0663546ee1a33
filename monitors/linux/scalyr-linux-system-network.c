/* scalyr-linux-system-network.c: the network groups of linux_system_metrics:
 * interfaces (ifstat.py) and the TCP/UDP counters (netstat.py)
 * SPDX-License-Identifier: Apache-2.0 */

#include <fnmatch.h>
#include <string.h>

#include "scalyr-linux-system-metrics-private.h"

static const char * const net_fields[4] = { "bytes", "packets", "errs", "dropped" };

const NetstatEntry scalyr_linux_netstat_table[] = {
  { "SyncookiesSent", "net.stat.tcp.syncookies", "type", "sent" },
  { "SyncookiesRecv", "net.stat.tcp.syncookies", "type", "received" },
  { "SyncookiesFailed", "net.stat.tcp.syncookies", "type", "failed" },
  { "OfoPruned", "net.stat.tcp.memory.prune", "type", "drop_ofo_queue" },
  { "RcvPruned", "net.stat.tcp.memory.prune", "type", "drop_received" },
  { "DelayedACKs", "net.stat.tcp.delayedack", "type", "sent" },
  { "DelayedACKLocked", "net.stat.tcp.delayedack", "type", "locked" },
  { "DelayedACKLost", "net.stat.tcp.delayedack", "type", "lost" },
  { "ListenOverflows", "net.stat.tcp.failed_accept", "reason", "full_acceptq" },
  { "ListenDrops", "net.stat.tcp.failed_accept", "reason", "other" },
  { "TCPRenoRecovery", "net.stat.tcp.packetloss.recovery", "type", "fast_retransmit" },
  { "TCPSackRecovery", "net.stat.tcp.packetloss.recovery", "type", "sack" },
  { "TCPFACKReorder", "net.stat.tcp.reording", "detectedby", "fack" },
  { "TCPSACKReorder", "net.stat.tcp.reording", "detectedby", "sack" },
  { "TCPRenoReorder", "net.stat.tcp.reording", "detectedby", "fast_retransmit" },
  { "TCPTSReorder", "net.stat.tcp.reording", "detectedby", "timestamp" },
  { "TCPFullUndo", "net.stat.tcp.congestion.recovery", "type", "full_undo" },
  { "TCPPartialUndo", "net.stat.tcp.congestion.recovery", "type", "hoe_heuristic" },
  { "TCPDSACKUndo", "net.stat.tcp.congestion.recovery", "type", "sack" },
  { "TCPLossUndo", "net.stat.tcp.congestion.recovery", "type", "ack" },
  { "TCPAbortOnSyn", "net.stat.tcp.abort", "type", "unexpected_syn" },
  { "TCPAbortOnData", "net.stat.tcp.abort", "type", "data_after_fin_wait1" },
  { "TCPAbortOnClose", "net.stat.tcp.abort", "type", "data_after_close" },
  { "TCPAbortOnMemory", "net.stat.tcp.abort", "type", "out_of_memory" },
  { "TCPAbortOnTimeout", "net.stat.tcp.abort", "type", "timeout" },
  { "TCPAbortOnLinger", "net.stat.tcp.abort", "type", "linger" },
  { "TCPAbortFailed", "net.stat.tcp.abort.failed", NULL, NULL },
  { "TCPMemoryPressures", "net.stat.tcp.memory.pressure", NULL, NULL },
  { "TCPSACKDiscard", "net.stat.tcp.invalid_sack", "type", "invalid" },
  { "TCPDSACKIgnoredOld", "net.stat.tcp.invalid_sack", "type", "retransmit" },
  { "TCPDSACKIgnoredNoUndo", "net.stat.tcp.invalid_sack", "type", "olddup" },
  { "TCPBacklogDrop", "net.stat.tcp.receive.queue.full", NULL, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (scalyr_linux_netstat_table) == N_NETSTAT);

/* ---- ifstat ---- */

gboolean
scalyr_linux_system_metrics_is_literal (const char *s)
{
  return strpbrk (s, ".^$*+?()[]{}|\\") == NULL;
}

/* `^(prefix1|prefix2...)[0-9A-Z]+$` for literal prefixes, without a
 * regular expression engine (the default configuration then does not load
 * PCRE2's pages). */
static gboolean
match_default_suffix (char       **prefixes,
                      const char  *name)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      const char *p;

      if (!g_str_has_prefix (name, prefixes[i]))
        continue;
      p = name + strlen (prefixes[i]);
      if (*p == '\0')
        continue;
      while (g_ascii_isdigit (*p) || g_ascii_isupper (*p))
        p++;
      if (*p == '\0')
        return TRUE;
    }
  return FALSE;
}

static Iface *
lookup_iface (ScalyrLinuxSystemMetrics *self,
              const char               *name)
{
  Iface *iface = g_hash_table_lookup (self->ifaces, name);

  if (iface != NULL)
    return iface;
  if (g_hash_table_size (self->ifaces) >= MAX_CACHED_DEVICES)
    g_hash_table_remove_all (self->ifaces);
  iface = g_new0 (Iface, 1);
  if (self->iface_regex != NULL)
    iface->selected = g_regex_match (self->iface_regex, name, 0, NULL);
  else
    iface->selected = match_default_suffix (self->iface_prefixes, name);
  if (iface->selected)
    {
      iface->in = scalyr_linux_system_metrics_fields_new ("iface", name, "direction", "in");
      iface->out = scalyr_linux_system_metrics_fields_new ("iface", name, "direction", "out");
    }
  g_hash_table_insert (self->ifaces, g_strdup (name), iface);
  return iface;
}

gboolean
scalyr_linux_system_metrics_gather_ifstat (ScalyrLinuxSystemMetrics *self,
                                           GError                  **error)
{
  ScalyrProcNetDev dev;
  char *cursor;

  if ((cursor = scalyr_linux_system_metrics_read_file (self, &self->netdev, FALSE)) == NULL)
    return TRUE;
  while (scalyr_proc_next_net_dev (&cursor, &dev))
    {
      Iface *iface = lookup_iface (self, dev.name);

      if (!iface->selected)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (net_fields); i++)
        {
          g_snprintf (self->name_buf, sizeof self->name_buf, "proc.net.%s", net_fields[i]);
          EMIT_UINT (self->name_buf, dev.rx[i], iface->in);
          EMIT_UINT (self->name_buf, dev.tx[i], iface->out);
        }
    }
  return TRUE;
}

/* ---- netstat ---- */

static void
netstat_line (const char *key,
              guint64     value,
              gpointer    user_data)
{
  ScalyrLinuxSystemMetrics *self = user_data;

  for (guint i = 0; i < N_NETSTAT; i++)
    if (strcmp (key, scalyr_linux_netstat_table[i].stat) == 0)
      {
        self->netstat_values[i] = value;
        self->netstat_found[i] = TRUE;
        return;
      }
}

gboolean
scalyr_linux_system_metrics_gather_netstat (ScalyrLinuxSystemMetrics *self,
                                            GError                  **error)
{
  char *text;

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->sockstat, FALSE)) != NULL)
    {
      ScalyrProcSockstat s;

      if (scalyr_proc_parse_sockstat (text, &s))
        {
#define PRESENT(v) ((v) != G_MAXUINT64)
          if (PRESENT (s.tcp_alloc))
            EMIT_UINT ("net.sockstat.num_sockets", s.tcp_alloc, self->tcp);
          if (PRESENT (s.tcp_tw))
            EMIT_UINT ("net.sockstat.num_timewait", s.tcp_tw, NULL);
          if (PRESENT (s.tcp_inuse))
            EMIT_UINT ("net.sockstat.sockets_inuse", s.tcp_inuse, self->tcp);
          if (PRESENT (s.udp_inuse))
            EMIT_UINT ("net.sockstat.sockets_inuse", s.udp_inuse, self->udp);
          if (PRESENT (s.udplite_inuse))
            EMIT_UINT ("net.sockstat.sockets_inuse", s.udplite_inuse, self->udplite);
          if (PRESENT (s.raw_inuse))
            EMIT_UINT ("net.sockstat.sockets_inuse", s.raw_inuse, self->raw);
          if (PRESENT (s.tcp_orphan))
            EMIT_UINT ("net.sockstat.num_orphans", s.tcp_orphan, NULL);
          /* TCP and UDP memory are in pages, fragments in bytes */
          if (PRESENT (s.tcp_mem))
            EMIT_UINT ("net.sockstat.memory", s.tcp_mem * self->page_size, self->tcp);
          if (PRESENT (s.udp_mem))
            EMIT_UINT ("net.sockstat.memory", s.udp_mem * self->page_size, self->udp);
          if (PRESENT (s.frag_memory))
            EMIT_UINT ("net.sockstat.memory", s.frag_memory, self->ipfrag);
          if (PRESENT (s.frag_inuse))
            EMIT_UINT ("net.sockstat.ipfragqueues", s.frag_inuse, NULL);
#undef PRESENT
        }
      else
        scalyr_linux_system_metrics_report_unparsable (self, &self->sockstat, FALSE);
    }

  if ((text = scalyr_linux_system_metrics_read_file (self, &self->netstat, FALSE)) != NULL)
    {
      memset (self->netstat_found, 0, sizeof self->netstat_found);
      if (!scalyr_proc_parse_netstat_tcpext (text, netstat_line, self))
        {
          scalyr_linux_system_metrics_report_unparsable (self, &self->netstat, FALSE);
          return TRUE;
        }
      /* the kernel counts every ListenOverflows in ListenDrops too */
      if (self->netstat_found[NETSTAT_LISTEN_DROPS] && self->netstat_found[NETSTAT_LISTEN_OVERFLOWS])
        {
          guint64 drops = self->netstat_values[NETSTAT_LISTEN_DROPS];
          guint64 overflows = self->netstat_values[NETSTAT_LISTEN_OVERFLOWS];
          self->netstat_values[NETSTAT_LISTEN_DROPS] = drops > overflows ? drops - overflows : 0;
        }
      for (guint i = 0; i < N_NETSTAT; i++)
        if (self->netstat_found[i])
          EMIT_UINT (scalyr_linux_netstat_table[i].metric, self->netstat_values[i], self->netstat_fields[i]);
    }
  return TRUE;
}
