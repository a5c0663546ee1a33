/* scalyr-linux-system-metrics.c: the builtin linux_system_metrics
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-system-metrics.h"
#include "scalyr-proc-private.h"

/* The reference's linux_system_metrics ran five tcollector scripts as
 * subprocesses (procstats, ifstat, iostat, netstat, dfstat) and copied
 * their output. This monitor reads the same files itself, in the same
 * order, once per sample: every file is kept open and read with pread()
 * into a buffer that is reused, and the extra fields of every line are
 * built once (per CPU type, interface, disk, mount...), so that a sample
 * in a steady state allocates nothing.
 *
 * Files that do not exist (containers, old kernels) are reported once and
 * their metrics left out. */

/* Caches of per-device extra fields are dropped when they grow past this
 * (interfaces and mounts of short-lived containers come and go). */
#define MAX_CACHED_DEVICES 4096

#define DEFAULT_IGNORE_MOUNTS "/sys/*", "/dev*", "/run*", "/var/lib/docker/*", "/snap/*"

static const char * const cpu_types[SCALYR_PROC_STAT_CPU_FIELDS] = {
  "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest",
};

static const char * const vmstat_keys[] = {
  "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault", "pgmajfault", NULL,
};

static const char * const net_fields[4] = { "bytes", "packets", "errs", "dropped" };

static const char * const disk_fields[11] = {
  "read_requests", "read_merged", "read_sectors", "msec_read", "write_requests", "write_merged",
  "write_sectors", "msec_write", "ios_in_progress", "msec_total", "msec_weighted_total",
};

static const char * const part_fields[4] = {
  "read_issued", "read_sectors", "write_issued", "write_sectors",
};

/* /proc/net/netstat TcpExt counters the reference reports, in its order. */
typedef struct {
  const char *stat;
  const char *metric;
  const char *field;
  const char *value;
} NetstatEntry;

static const NetstatEntry netstat_table[] = {
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

#define N_NETSTAT G_N_ELEMENTS (netstat_table)
#define NETSTAT_LISTEN_OVERFLOWS 8
#define NETSTAT_LISTEN_DROPS 9

typedef struct {
  guint node;
  ScalyrProcFile file;
  ScalyrExtraFields *plain;        /* node */
  ScalyrExtraFields *hit, *miss;   /* node, type */
  ScalyrExtraFields *local, *remote;
} NumaNode;

typedef struct {
  gboolean selected;
  ScalyrExtraFields *in, *out;
} Iface;

typedef struct {
  const char *mount_point;  /* in the mountinfo buffer */
  const char *fstype;
  guint major, minor;
  ScalyrExtraFields *fields;
  guint64 blocks, used, avail, files, files_used, files_free;
} DfEntry;

struct _ScalyrLinuxSystemMetrics
{
  ScalyrMonitor parent_instance;

  ScalyrAgentLogger *logger;
  char *proc_root;
  char *sys_root;
  int proc_fd;
  int sys_fd;
  int sys_errno;
  gboolean sys_reported;

  ScalyrProcFile uptime, meminfo, vmstat, stat, loadavg, entropy;
  ScalyrProcFile cpu_possible, netdev, diskstats, sockstat, netstat, mountinfo;
  GPtrArray *numa;                /* NumaNode */
  ScalyrProcBuffer buffer;        /* shared by all the files */

  GRegex *iface_regex;            /* NULL: literal prefixes and the default suffix */
  char **iface_prefixes;
  GHashTable *ifaces;             /* name -> Iface */
  GHashTable *disks;              /* name -> ScalyrExtraFields */
  GHashTable *mounts;             /* "mount\nfstype" -> ScalyrExtraFields */
  GString *key;
  char **ignore_mounts;
  gboolean local_disks_only;
  GArray *df;                     /* DfEntry, reused */

  ScalyrExtraFields *cpu_fields[SCALYR_PROC_STAT_CPU_FIELDS];
  ScalyrExtraFields *tcp, *udp, *udplite, *raw, *ipfrag;
  ScalyrExtraFields *netstat_fields[N_NETSTAT];
  guint64 netstat_values[N_NETSTAT];
  gboolean netstat_found[N_NETSTAT];
  guint64 page_size;
  char name_buf[96];
};

G_DEFINE_FINAL_TYPE (ScalyrLinuxSystemMetrics, scalyr_linux_system_metrics, SCALYR_TYPE_MONITOR)

/* ---- helpers ---- */

static ScalyrExtraFields *
fields_new (const char *k1,
            const char *v1,
            const char *k2,
            const char *v2)
{
  ScalyrExtraFields *f = scalyr_extra_fields_new ();

  if (k1 != NULL)
    scalyr_extra_fields_set_string (f, k1, v1);
  if (k2 != NULL)
    scalyr_extra_fields_set_string (f, k2, v2);
  return f;
}

static void
fields_unref0 (gpointer p)
{
  if (p != NULL)
    scalyr_extra_fields_unref (p);
}

static void
iface_free (gpointer p)
{
  Iface *iface = p;

  fields_unref0 (iface->in);
  fields_unref0 (iface->out);
  g_free (iface);
}

static void
numa_node_free (gpointer p)
{
  NumaNode *n = p;

  scalyr_proc_file_clear (&n->file);
  fields_unref0 (n->plain);
  fields_unref0 (n->hit);
  fields_unref0 (n->miss);
  fields_unref0 (n->local);
  fields_unref0 (n->remote);
  g_free (n);
}

/* Reads a file of the proc (or sys) root; says once when it is not there. */
static char *
read_file (ScalyrLinuxSystemMetrics *self,
           ScalyrProcFile           *file,
           gboolean                  sys)
{
  int root_fd = sys ? self->sys_fd : self->proc_fd;
  char *text;

  if (root_fd < 0)
    {
      if (!self->sys_reported)
        {
          self->sys_reported = TRUE;
          scalyr_warning (self->logger, "%s is not available (%s): the metrics read from it are not reported",
                          self->sys_root, g_strerror (self->sys_errno));
        }
      return NULL;
    }
  text = scalyr_proc_file_read (file, root_fd);
  if (text == NULL && !file->reported)
    {
      file->reported = TRUE;
      scalyr_warning (self->logger, "%s/%s is not available (%s): the metrics read from it are not reported",
                      sys ? self->sys_root : self->proc_root, file->path, g_strerror (file->last_errno));
    }
  return text;
}

static void
report_unparsable (ScalyrLinuxSystemMetrics *self,
                   ScalyrProcFile           *file,
                   gboolean                  sys)
{
  if (file->reported)
    return;
  file->reported = TRUE;
  scalyr_warning (self->logger, "%s/%s could not be parsed: the metrics read from it are not reported",
                  sys ? self->sys_root : self->proc_root, file->path);
}

#define EMIT_UINT(name, value, fields) \
  G_STMT_START { \
    if (!scalyr_agent_logger_emit_uint (self->logger, (name), (value), (fields), error)) \
      return FALSE; \
  } G_STMT_END

#define EMIT_DOUBLE(name, value, fields) \
  G_STMT_START { \
    if (!scalyr_agent_logger_emit_double (self->logger, (name), (value), (fields), error)) \
      return FALSE; \
  } G_STMT_END

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

static gboolean
gather_procstats (ScalyrLinuxSystemMetrics *self,
                  GError                  **error)
{
  EmitContext ctx = { self, error, FALSE };
  char *text;

  if ((text = read_file (self, &self->uptime, FALSE)) != NULL)
    {
      ScalyrProcUptime uptime;

      if (scalyr_proc_parse_uptime (text, &uptime))
        {
          EMIT_DOUBLE ("proc.uptime.total", uptime.total, NULL);
          EMIT_DOUBLE ("proc.uptime.now", uptime.idle, NULL);
        }
      else
        report_unparsable (self, &self->uptime, FALSE);
    }

  if ((text = read_file (self, &self->meminfo, FALSE)) != NULL)
    {
      if (scalyr_proc_parse_key_values (text, TRUE, emit_meminfo_line, &ctx) == 0)
        report_unparsable (self, &self->meminfo, FALSE);
      if (ctx.failed)
        return FALSE;
    }

  if ((text = read_file (self, &self->vmstat, FALSE)) != NULL)
    {
      scalyr_proc_parse_key_values (text, FALSE, emit_vmstat_line, &ctx);
      if (ctx.failed)
        return FALSE;
    }

  if ((text = read_file (self, &self->stat, FALSE)) != NULL)
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
        report_unparsable (self, &self->stat, FALSE);
    }

  if ((text = read_file (self, &self->loadavg, FALSE)) != NULL)
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
        report_unparsable (self, &self->loadavg, FALSE);
    }

  if ((text = read_file (self, &self->entropy, FALSE)) != NULL)
    {
      char *p = text;
      guint64 bits;

      if (scalyr_proc_parse_u64 (&p, &bits))
        EMIT_UINT ("proc.kernel.entropy_avail", bits, NULL);
      else
        report_unparsable (self, &self->entropy, FALSE);
    }

  for (guint i = 0; self->numa != NULL && i < self->numa->len; i++)
    {
      NumaNode *node = g_ptr_array_index (self->numa, i);
      NumaStat s = { 0 };

      if ((text = read_file (self, &node->file, TRUE)) == NULL)
        continue;
      scalyr_proc_parse_key_values (text, FALSE, numa_line, &s);
      if (s.found != 0x3f)
        {
          report_unparsable (self, &node->file, TRUE);
          continue;
        }
      EMIT_UINT ("sys.numa.zoneallocs", s.hit, node->hit);
      EMIT_UINT ("sys.numa.zoneallocs", s.miss, node->miss);
      EMIT_UINT ("sys.numa.foreign_allocs", s.foreign, node->plain);
      EMIT_UINT ("sys.numa.allocation", s.local, node->local);
      EMIT_UINT ("sys.numa.allocation", s.other, node->remote);
      EMIT_UINT ("sys.numa.interleave", s.interleave, node->hit);
    }

  if ((text = read_file (self, &self->cpu_possible, TRUE)) != NULL)
    {
      guint n = scalyr_proc_count_cpu_list (text);

      if (n > 0)
        EMIT_UINT ("sys.cpu.count", n, NULL);
      else
        report_unparsable (self, &self->cpu_possible, TRUE);
    }
  return TRUE;
}

/* ---- ifstat ---- */

#define DEFAULT_SUFFIX "[0-9A-Z]+"

static gboolean
is_literal (const char *s)
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
      iface->in = fields_new ("iface", name, "direction", "in");
      iface->out = fields_new ("iface", name, "direction", "out");
    }
  g_hash_table_insert (self->ifaces, g_strdup (name), iface);
  return iface;
}

static gboolean
gather_ifstat (ScalyrLinuxSystemMetrics *self,
               GError                  **error)
{
  ScalyrProcNetDev dev;
  char *cursor;

  if ((cursor = read_file (self, &self->netdev, FALSE)) == NULL)
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

/* ---- iostat ---- */

static ScalyrExtraFields *
lookup_disk (ScalyrLinuxSystemMetrics *self,
             const char               *name)
{
  ScalyrExtraFields *fields = g_hash_table_lookup (self->disks, name);
  char *dev;

  if (fields != NULL)
    return fields;
  if (g_hash_table_size (self->disks) >= MAX_CACHED_DEVICES)
    g_hash_table_remove_all (self->disks);
  /* the reference replaces slashes (cciss/c0d0) */
  dev = g_strdelimit (g_strdup (name), "/", '_');
  fields = fields_new ("dev", dev, NULL, NULL);
  g_free (dev);
  g_hash_table_insert (self->disks, g_strdup (name), fields);
  return fields;
}

static gboolean
gather_iostat (ScalyrLinuxSystemMetrics *self,
               GError                  **error)
{
  ScalyrProcDiskStat disk;
  char *cursor;

  if ((cursor = read_file (self, &self->diskstats, FALSE)) == NULL)
    return TRUE;
  while (scalyr_proc_next_diskstat (&cursor, &disk))
    {
      gboolean whole = disk.minor % 16 == 0 && disk.major > 1;
      const char * const *names = disk.n_fields == 11 ? disk_fields : part_fields;
      ScalyrExtraFields *fields;

      /* as the reference: devices that never completed a read (unused
       * loop devices, ram disks...) are left out */
      if (disk.fields[0] == 0)
        continue;
      fields = lookup_disk (self, disk.name);
      for (guint i = 0; i < disk.n_fields; i++)
        {
          g_snprintf (self->name_buf, sizeof self->name_buf, "iostat.%s.%s", whole ? "disk" : "part", names[i]);
          EMIT_UINT (self->name_buf, disk.fields[i], fields);
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
    if (strcmp (key, netstat_table[i].stat) == 0)
      {
        self->netstat_values[i] = value;
        self->netstat_found[i] = TRUE;
        return;
      }
}

static gboolean
gather_netstat (ScalyrLinuxSystemMetrics *self,
                GError                  **error)
{
  char *text;

  if ((text = read_file (self, &self->sockstat, FALSE)) != NULL)
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
        report_unparsable (self, &self->sockstat, FALSE);
    }

  if ((text = read_file (self, &self->netstat, FALSE)) != NULL)
    {
      memset (self->netstat_found, 0, sizeof self->netstat_found);
      if (!scalyr_proc_parse_netstat_tcpext (text, netstat_line, self))
        {
          report_unparsable (self, &self->netstat, FALSE);
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
          EMIT_UINT (netstat_table[i].metric, self->netstat_values[i], self->netstat_fields[i]);
    }
  return TRUE;
}

/* ---- dfstat ---- */

static gboolean
mount_is_ignored (ScalyrLinuxSystemMetrics *self,
                  const char               *mount_point)
{
  /* the reference's dfstat leaves these out whatever the configuration */
  if (strcmp (mount_point, "/dev") == 0 || g_str_has_prefix (mount_point, "/dev/") ||
      g_str_has_prefix (mount_point, "/lib/"))
    return TRUE;
  for (guint i = 0; self->ignore_mounts != NULL && self->ignore_mounts[i] != NULL; i++)
    if (fnmatch (self->ignore_mounts[i], mount_point, 0) == 0)
      return TRUE;
  return FALSE;
}

static ScalyrExtraFields *
lookup_mount (ScalyrLinuxSystemMetrics *self,
              const char               *mount_point,
              const char               *fstype)
{
  ScalyrExtraFields *fields;

  g_string_assign (self->key, mount_point);
  g_string_append_c (self->key, '\n');
  g_string_append (self->key, fstype);
  fields = g_hash_table_lookup (self->mounts, self->key->str);
  if (fields != NULL)
    return fields;
  if (g_hash_table_size (self->mounts) >= MAX_CACHED_DEVICES)
    g_hash_table_remove_all (self->mounts);
  fields = fields_new ("mount", mount_point, "fstype", fstype);
  g_hash_table_insert (self->mounts, g_strdup (self->key->str), fields);
  return fields;
}

static guint64
kib_ceil (guint64 count,
          guint64 unit)
{
  /* df rounds sizes up; count * unit may not fit in 64 bits */
  if (unit >= 1024 && unit % 1024 == 0)
    return count * (unit / 1024);
  return (count / 1024) * unit + ((count % 1024) * unit + 1023) / 1024;
}

static gboolean
gather_dfstat (ScalyrLinuxSystemMetrics *self,
               GError                  **error)
{
  ScalyrProcMount mount;
  char *cursor;

  if ((cursor = read_file (self, &self->mountinfo, FALSE)) == NULL)
    return TRUE;
  g_array_set_size (self->df, 0);
  while (scalyr_proc_next_mount (&cursor, &mount))
    {
      gboolean replaced = FALSE;
      DfEntry entry = { 0 };

      if (scalyr_proc_fstype_is_dummy (mount.fstype))
        continue;
      if (self->local_disks_only && scalyr_proc_mount_is_remote (mount.fstype, mount.source))
        continue;
      /* like df: one line per device (bind mounts), the shortest mount
       * point wins; a mount point mounted over shows the last mount */
      for (guint i = 0; i < self->df->len; i++)
        {
          DfEntry *e = &g_array_index (self->df, DfEntry, i);

          if (e->major == mount.major && e->minor == mount.minor &&
              !(mount.major == 0 && strcmp (mount.fstype, e->fstype) != 0))
            {
              if (strlen (mount.mount_point) < strlen (e->mount_point))
                {
                  e->mount_point = mount.mount_point;
                  e->fstype = mount.fstype;
                }
              replaced = TRUE;
              break;
            }
          if (strcmp (e->mount_point, mount.mount_point) == 0)
            {
              e->major = mount.major;
              e->minor = mount.minor;
              e->fstype = mount.fstype;
              replaced = TRUE;
              break;
            }
        }
      if (replaced)
        continue;
      entry.mount_point = mount.mount_point;
      entry.fstype = mount.fstype;
      entry.major = mount.major;
      entry.minor = mount.minor;
      g_array_append_val (self->df, entry);
    }

  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);
      struct statvfs st;
      guint64 unit;

      e->fields = NULL;
      if (mount_is_ignored (self, e->mount_point))
        continue;
      /* mounts that went away since mountinfo was read are skipped */
      if (scalyr_proc_statvfs (e->mount_point, &st) != 0 || st.f_blocks == 0)
        continue;
      unit = st.f_frsize != 0 ? st.f_frsize : st.f_bsize;
      e->blocks = kib_ceil (st.f_blocks, unit);
      e->used = kib_ceil (st.f_blocks - MIN (st.f_bfree, st.f_blocks), unit);
      e->avail = kib_ceil (st.f_bavail, unit);
      e->files = st.f_files;
      e->files_free = st.f_ffree;
      e->files_used = st.f_files - MIN (st.f_ffree, st.f_files);
      e->fields = lookup_mount (self, e->mount_point, e->fstype);
    }
  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);

      if (e->fields == NULL)
        continue;
      EMIT_UINT ("df.1kblocks.total", e->blocks, e->fields);
      EMIT_UINT ("df.1kblocks.used", e->used, e->fields);
      EMIT_UINT ("df.1kblocks.free", e->avail, e->fields);
    }
  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);

      if (e->fields == NULL)
        continue;
      EMIT_UINT ("df.inodes.total", e->files, e->fields);
      EMIT_UINT ("df.inodes.used", e->files_used, e->fields);
      EMIT_UINT ("df.inodes.free", e->files_free, e->fields);
    }
  return TRUE;
}

/* ---- monitor ---- */

static gboolean
scalyr_linux_system_metrics_gather_sample (ScalyrMonitor *monitor,
                                           GError       **error)
{
  ScalyrLinuxSystemMetrics *self = SCALYR_LINUX_SYSTEM_METRICS (monitor);

  return gather_procstats (self, error) &&
         gather_ifstat (self, error) &&
         gather_iostat (self, error) &&
         gather_netstat (self, error) &&
         gather_dfstat (self, error);
}

static gint
compare_numa (gconstpointer a,
              gconstpointer b)
{
  const NumaNode *x = *(NumaNode * const *) a;
  const NumaNode *y = *(NumaNode * const *) b;

  return x->node < y->node ? -1 : x->node > y->node;
}

/* The NUMA nodes are listed once, as the reference does. */
static void
find_numa_nodes (ScalyrLinuxSystemMetrics *self)
{
  int fd;
  DIR *dir;
  struct dirent *d;

  self->numa = g_ptr_array_new_with_free_func (numa_node_free);
  if (self->sys_fd < 0)
    return;
  fd = openat (self->sys_fd, "devices/system/node", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;  /* no NUMA: nothing to say */
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return;
    }
  while ((d = readdir (dir)) != NULL)
    {
      guint64 node;
      NumaNode *n;
      char path[128];
      char node_name[24];

      if (!g_str_has_prefix (d->d_name, "node") || !scalyr_proc_token_u64 (d->d_name + 4, &node) ||
          node > G_MAXUINT)
        continue;
      n = g_new0 (NumaNode, 1);
      n->node = (guint) node;
      g_snprintf (path, sizeof path, "devices/system/node/%s/numastat", d->d_name);
      scalyr_proc_file_init (&n->file, path, TRUE, &self->buffer);
      g_snprintf (node_name, sizeof node_name, "%u", n->node);
      n->plain = fields_new ("node", node_name, NULL, NULL);
      n->hit = fields_new ("node", node_name, "type", "hit");
      n->miss = fields_new ("node", node_name, "type", "miss");
      n->local = fields_new ("node", node_name, "type", "local");
      n->remote = fields_new ("node", node_name, "type", "remote");
      g_ptr_array_add (self->numa, n);
    }
  closedir (dir);
  g_ptr_array_sort (self->numa, compare_numa);
}

static GRegex *
build_iface_regex (char      **prefixes,
                   const char *suffix,
                   GError    **error)
{
  g_autoptr(GString) pattern = g_string_new ("^(?:");

  for (guint i = 0; prefixes[i] != NULL; i++)
    g_string_append_printf (pattern, "%s(?:%s)(?:%s)", i > 0 ? "|" : "", prefixes[i], suffix);
  g_string_append (pattern, ")$");
  return g_regex_new (pattern->str, 0, 0, error);
}

static gboolean
scalyr_linux_system_metrics_initialize (ScalyrMonitor *monitor,
                                        GError       **error)
{
  ScalyrLinuxSystemMetrics *self = SCALYR_LINUX_SYSTEM_METRICS (monitor);
  ScalyrMonitorConfig *config = scalyr_monitor_get_config (monitor);
  const char *name = scalyr_monitor_get_monitor_name (monitor);
  g_auto(GStrv) prefixes = NULL;
  g_autofree char *suffix = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean simple;

  self->logger = scalyr_monitor_get_logger (monitor);

  self->proc_root = scalyr_monitor_config_dup_string (config, "proc_root", SCALYR_CONFIG_NONE, "/proc", error);
  if (self->proc_root == NULL)
    return FALSE;
  self->sys_root = scalyr_monitor_config_dup_string (config, "sys_root", SCALYR_CONFIG_NONE, "/sys", error);
  if (self->sys_root == NULL)
    return FALSE;
  prefixes = scalyr_monitor_config_dup_strv (config, "network_interface_prefixes", SCALYR_CONFIG_NONE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (prefixes == NULL || prefixes[0] == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: field \"network_interface_prefixes\": give at least one prefix, e.g. \"eth\"", name);
      return FALSE;
    }
  suffix = scalyr_monitor_config_dup_string (config, "network_interface_suffix", SCALYR_CONFIG_NONE,
                                             DEFAULT_SUFFIX, error);
  if (suffix == NULL)
    return FALSE;
  simple = strcmp (suffix, DEFAULT_SUFFIX) == 0;
  for (guint i = 0; simple && prefixes[i] != NULL; i++)
    simple = is_literal (prefixes[i]);
  if (!simple)
    self->iface_regex = build_iface_regex (prefixes, suffix, &local_error);
  self->iface_prefixes = g_steal_pointer (&prefixes);
  if (local_error != NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   "%s: fields \"network_interface_prefixes\" and \"network_interface_suffix\" do not make "
                   "a valid regular expression (%s); fix the pattern", name, local_error->message);
      return FALSE;
    }
  self->local_disks_only = scalyr_monitor_config_get_boolean (config, "local_disks_only", SCALYR_CONFIG_NONE,
                                                              TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->ignore_mounts = scalyr_monitor_config_dup_strv (config, "ignore_mounts", SCALYR_CONFIG_NONE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->proc_fd = open (self->proc_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (self->proc_fd < 0)
    {
      int errsv = errno;
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
                   "%s: field \"proc_root\": cannot open \"%s\" (%s); give the directory where proc is mounted",
                   name, self->proc_root, g_strerror (errsv));
      return FALSE;
    }
  self->sys_fd = open (self->sys_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (self->sys_fd < 0)
    self->sys_errno = errno;  /* containers without /sys: reported at the first sample */

  find_numa_nodes (self);
  return TRUE;
}

static void
scalyr_linux_system_metrics_finalize (GObject *object)
{
  ScalyrLinuxSystemMetrics *self = SCALYR_LINUX_SYSTEM_METRICS (object);
  ScalyrProcFile *files[] = {
    &self->uptime, &self->meminfo, &self->vmstat, &self->stat, &self->loadavg, &self->entropy,
    &self->cpu_possible, &self->netdev, &self->diskstats, &self->sockstat, &self->netstat, &self->mountinfo,
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    scalyr_proc_file_clear (files[i]);
  if (self->proc_fd >= 0)
    close (self->proc_fd);
  if (self->sys_fd >= 0)
    close (self->sys_fd);
  scalyr_proc_buffer_clear (&self->buffer);
  g_free (self->proc_root);
  g_free (self->sys_root);
  g_clear_pointer (&self->numa, g_ptr_array_unref);
  g_clear_pointer (&self->iface_regex, g_regex_unref);
  g_strfreev (self->iface_prefixes);
  g_hash_table_unref (self->ifaces);
  g_hash_table_unref (self->disks);
  g_hash_table_unref (self->mounts);
  g_string_free (self->key, TRUE);
  g_strfreev (self->ignore_mounts);
  g_array_unref (self->df);
  for (guint i = 0; i < G_N_ELEMENTS (self->cpu_fields); i++)
    fields_unref0 (self->cpu_fields[i]);
  fields_unref0 (self->tcp);
  fields_unref0 (self->udp);
  fields_unref0 (self->udplite);
  fields_unref0 (self->raw);
  fields_unref0 (self->ipfrag);
  for (guint i = 0; i < N_NETSTAT; i++)
    fields_unref0 (self->netstat_fields[i]);
  G_OBJECT_CLASS (scalyr_linux_system_metrics_parent_class)->finalize (object);
}

/* ---- declarations (scalyr-run-monitor --inspect) ---- */

typedef struct {
  const char *name;
  const char *fields;     /* comma-separated */
  const char *unit;
  gboolean cumulative;
  const char *category;
  const char *description;
} MetricDoc;

static const MetricDoc metric_docs[] = {
  { "sys.cpu.count", NULL, NULL, FALSE, "General", "Number of CPUs on the host (`nproc --all`)." },
  { "proc.stat.cpu", "type", NULL, TRUE, "General",
    "CPU time in jiffies (usually 1/100 s), by `type`: `user`, `nice`, `system`, `idle`, `iowait`, "
    "`irq`, `softirq`, `steal`, `guest`. Cumulative since boot." },
  { "proc.stat.intr", NULL, NULL, TRUE, "General", "Number of interrupts. Cumulative since boot." },
  { "proc.stat.ctxt", NULL, NULL, TRUE, "General", "Number of context switches. Cumulative since boot." },
  { "proc.stat.processes", NULL, NULL, TRUE, "General", "Number of processes created. Cumulative since boot." },
  { "proc.stat.procs_blocked", NULL, NULL, FALSE, "General", "Number of processes currently blocked on I/O." },
  { "proc.loadavg.1min", NULL, NULL, FALSE, "General", "Load average over 1 minute." },
  { "proc.loadavg.5min", NULL, NULL, FALSE, "General", "Load average over 5 minutes." },
  { "proc.loadavg.15min", NULL, NULL, FALSE, "General", "Load average over 15 minutes." },
  { "proc.loadavg.runnable", NULL, NULL, FALSE, "General", "Number of runnable threads/processes." },
  { "proc.loadavg.total_threads", NULL, NULL, FALSE, "General", "Number of threads/processes." },
  { "proc.kernel.entropy_avail", NULL, "bits", FALSE, "General",
    "Bits of entropy that can be read without blocking from `/dev/random`." },
  { "proc.uptime.total", NULL, NULL, TRUE, "General", "Seconds since boot." },
  { "proc.uptime.now", NULL, "seconds", TRUE, "General", "Seconds of idle time (all CPUs). Cumulative since boot." },
  { "proc.vmstat.pgfault", NULL, NULL, TRUE, "Virtual Memory", "Number of minor page faults. Cumulative since boot." },
  { "proc.vmstat.pgmajfault", NULL, NULL, TRUE, "Virtual Memory", "Number of major page faults. Cumulative since boot." },
  { "proc.vmstat.pswpin", NULL, NULL, TRUE, "Virtual Memory", "Number of pages swapped in. Cumulative since boot." },
  { "proc.vmstat.pswpout", NULL, NULL, TRUE, "Virtual Memory", "Number of pages swapped out. Cumulative since boot." },
  { "proc.vmstat.pgpgin", NULL, NULL, TRUE, "Virtual Memory", "Number of pages paged in. Cumulative since boot." },
  { "proc.vmstat.pgpgout", NULL, NULL, TRUE, "Virtual Memory", "Number of pages paged out. Cumulative since boot." },
  { "sys.numa.zoneallocs", "node,type", NULL, TRUE, "NUMA",
    "Pages allocated on the node, by `node` and `type`: `hit` (allocated on the intended node) or `miss` "
    "(allocated here although another node was preferred). Cumulative since boot." },
  { "sys.numa.foreign_allocs", "node", NULL, TRUE, "NUMA",
    "Pages allocated on another node because this (preferred) node had none free, by `node`. Cumulative since boot." },
  { "sys.numa.allocation", "node,type", NULL, TRUE, "NUMA",
    "Pages allocated by processes of this node, by `node` and `type`: `local` or `remote`. Cumulative since boot." },
  { "sys.numa.interleave", "node,type", NULL, TRUE, "NUMA",
    "Pages allocated by the interleave policy (`type`: `hit`). Cumulative since boot." },
  { "net.sockstat.num_sockets", "type", NULL, FALSE, "Sockets", "Number of sockets allocated (`type`: `tcp`)." },
  { "net.sockstat.num_timewait", NULL, NULL, FALSE, "Sockets", "Number of TCP sockets in TIME_WAIT." },
  { "net.sockstat.sockets_inuse", "type", NULL, FALSE, "Sockets",
    "Number of sockets in use, by `type`: `tcp`, `udp`, `udplite`, `raw`." },
  { "net.sockstat.num_orphans", NULL, NULL, FALSE, "Sockets", "Number of orphan TCP sockets." },
  { "net.sockstat.memory", "type", "bytes", FALSE, "Sockets", "Bytes allocated, by `type`: `tcp`, `udp`, `ipfrag`." },
  { "net.sockstat.ipfragqueues", NULL, NULL, FALSE, "Sockets",
    "Number of IP flows with fragments queued for reassembly." },
  { "net.stat.tcp.abort", "type", NULL, TRUE, "Network",
    "Connections aborted by the kernel, by `type`: `data_after_fin_wait1`, `data_after_close`, `out_of_memory`, "
    "`timeout`, `linger` (`unexpected_syn` on old kernels). Cumulative since boot." },
  { "net.stat.tcp.abort.failed", NULL, NULL, TRUE, "Network",
    "Times the kernel could not abort a connection for lack of memory. Cumulative since boot." },
  { "net.stat.tcp.congestion.recovery", "type", NULL, TRUE, "Network",
    "Spurious retransmits detected and CWND recovered, by `type`: `full_undo`, `hoe_heuristic`, `sack`, `ack`. "
    "Cumulative since boot." },
  { "net.stat.tcp.delayedack", "type", NULL, TRUE, "Network",
    "Delayed ACKs, by `type`: `sent`, `locked`, `lost`. Cumulative since boot." },
  { "net.stat.tcp.failed_accept", "reason", NULL, TRUE, "Network",
    "Connections dropped after the handshake, by `reason`: `full_acceptq`, `other`. Cumulative since boot." },
  { "net.stat.tcp.invalid_sack", "type", NULL, TRUE, "Network",
    "Invalid SACKs, by `type`: `invalid`, `retransmit`, `olddup`. Cumulative since boot." },
  { "net.stat.tcp.memory.pressure", NULL, NULL, TRUE, "Network",
    "Times a socket entered memory pressure. Cumulative since boot." },
  { "net.stat.tcp.memory.prune", "type", NULL, TRUE, "Network",
    "Times received data was discarded for lack of memory, by `type`: `drop_ofo_queue`, `drop_received`. "
    "Cumulative since boot." },
  { "net.stat.tcp.packetloss.recovery", "type", NULL, TRUE, "Network",
    "Recoveries from packet loss, by `type`: `fast_retransmit`, `sack`. Cumulative since boot." },
  { "net.stat.tcp.receive.queue.full", NULL, NULL, TRUE, "Network",
    "Packets dropped because the socket's receive queue was full. Cumulative since boot." },
  { "net.stat.tcp.reording", "detectedby", NULL, TRUE, "Network",
    "Reorderings detected, by `detectedby`: `sack`, `fast_retransmit`, `timestamp` (`fack` on old kernels). "
    "Spelled as the reference does. Cumulative since boot." },
  { "net.stat.tcp.syncookies", "type", NULL, TRUE, "Network",
    "SYN cookies, by `type`: `sent`, `received`, `failed`. Cumulative since boot." },
  { "proc.net.bytes", "iface,direction", NULL, TRUE, "Network",
    "Bytes through the interface, by `iface` and `direction` (`in`, `out`). Cumulative since boot." },
  { "proc.net.packets", "iface,direction", NULL, TRUE, "Network",
    "Packets through the interface, by `iface` and `direction`. Cumulative since boot." },
  { "proc.net.errs", "iface,direction", NULL, TRUE, "Network",
    "Packet errors, by `iface` and `direction`. Cumulative since boot." },
  { "proc.net.dropped", "iface,direction", NULL, TRUE, "Network",
    "Dropped packets, by `iface` and `direction`. Cumulative since boot." },
  { "iostat.disk.read_requests", "dev", NULL, TRUE, "Disk Requests", "Reads completed, by `dev`. Cumulative since boot." },
  { "iostat.disk.read_merged", "dev", NULL, TRUE, "Disk Requests", "Reads merged, by `dev`. Cumulative since boot." },
  { "iostat.disk.read_sectors", "dev", NULL, TRUE, "Disk Requests", "Sectors read, by `dev`. Cumulative since boot." },
  { "iostat.disk.msec_read", "dev", "milliseconds", TRUE, "Disk Requests",
    "Milliseconds spent reading, by `dev`. Cumulative since boot." },
  { "iostat.disk.write_requests", "dev", NULL, TRUE, "Disk Requests", "Writes completed, by `dev`. Cumulative since boot." },
  { "iostat.disk.write_merged", "dev", NULL, TRUE, "Disk Requests", "Writes merged, by `dev`. Cumulative since boot." },
  { "iostat.disk.write_sectors", "dev", NULL, TRUE, "Disk Requests",
    "Sectors written, by `dev`. Cumulative since boot." },
  { "iostat.disk.msec_write", "dev", "milliseconds", TRUE, "Disk Requests",
    "Milliseconds spent writing, by `dev`. Cumulative since boot." },
  { "iostat.disk.ios_in_progress", "dev", NULL, FALSE, "Disk Requests", "I/O operations in progress, by `dev`." },
  { "iostat.disk.msec_total", "dev", "milliseconds", TRUE, "Disk Requests",
    "Milliseconds doing I/O, by `dev`. Cumulative since boot." },
  { "iostat.disk.msec_weighted_total", "dev", "milliseconds", TRUE, "Disk Requests",
    "Milliseconds doing I/O weighted by the operations in progress, by `dev`. Cumulative since boot." },
  { "iostat.part.*", "dev", NULL, TRUE, "Disk Requests",
    "The `iostat.disk.*` counters of partitions (devices whose minor number is not a multiple of 16), "
    "as the reference reports them." },
  { "df.1kblocks.total", "mount,fstype", "bytes:1024", FALSE, "Disk Resources",
    "Size of the file system in 1 KiB blocks, by `mount` and `fstype`." },
  { "df.1kblocks.used", "mount,fstype", "bytes:1024", FALSE, "Disk Resources", "1 KiB blocks used, by `mount` and `fstype`." },
  { "df.1kblocks.free", "mount,fstype", "bytes:1024", FALSE, "Disk Resources",
    "1 KiB blocks available to unprivileged users, by `mount` and `fstype`." },
  { "df.inodes.total", "mount,fstype", NULL, FALSE, "Disk Resources", "Number of inodes, by `mount` and `fstype`." },
  { "df.inodes.used", "mount,fstype", NULL, FALSE, "Disk Resources", "Inodes used, by `mount` and `fstype`." },
  { "df.inodes.free", "mount,fstype", NULL, FALSE, "Disk Resources", "Inodes free, by `mount` and `fstype`." },
};

/* proc.meminfo.*: every `Key: number` line of /proc/meminfo, lower-cased. */
static const char * const meminfo_names[] = {
  "memtotal", "memfree", "memavailable", "buffers", "cached", "swapcached", "active", "inactive",
  "unevictable", "mlocked", "swaptotal", "swapfree", "zswap", "zswapped", "dirty", "writeback",
  "anonpages", "mapped", "shmem", "kreclaimable", "slab", "sreclaimable", "sunreclaim", "kernelstack",
  "pagetables", "secpagetables", "nfs_unstable", "bounce", "writebacktmp", "commitlimit", "committed_as",
  "vmalloctotal", "vmallocused", "vmallocchunk", "percpu", "anonhugepages", "shmemhugepages",
  "shmempmdmapped", "filehugepages", "filepmdmapped", "balloon", "hugepages_total", "hugepages_free",
  "hugepages_rsvd", "hugepages_surp", "hugepagesize", "hugetlb", "directmap4k", "directmap2m",
  "directmap1g",
};

static void
declare_metric (GType            type,
                const MetricDoc *doc)
{
  ScalyrMonitorMetric *metric = scalyr_monitor_metric_new (doc->name, doc->description);

  if (doc->fields != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (doc->fields, ",", -1);
      scalyr_monitor_metric_set_extra_fields (metric, (const char * const *) fields);
    }
  if (doc->unit != NULL)
    scalyr_monitor_metric_set_unit (metric, doc->unit);
  scalyr_monitor_metric_set_cumulative (metric, doc->cumulative);
  scalyr_monitor_metric_set_category (metric, doc->category);
  scalyr_monitor_declare_metric (type, metric);
}

static void
scalyr_linux_system_metrics_class_init (ScalyrLinuxSystemMetricsClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);
  ScalyrMonitorOption *option;
  const char *ignore_default[] = { DEFAULT_IGNORE_MOUNTS, NULL };
  const char *prefixes_default[] = { "eth", NULL };
  GValue v = G_VALUE_INIT;

  G_OBJECT_CLASS (klass)->finalize = scalyr_linux_system_metrics_finalize;
  monitor_class->initialize = scalyr_linux_system_metrics_initialize;
  monitor_class->gather_sample = scalyr_linux_system_metrics_gather_sample;

  scalyr_monitor_declare_description (type,
                                      "Linux System Metrics: CPU, memory, load, disk, network and file system "
                                      "metrics of the host, read from /proc and /sys (the reference's tcollector "
                                      "metrics, same names and fields). Needs no configuration.");

  option = scalyr_monitor_option_new ("network_interface_prefixes", G_TYPE_STRV,
                                      "Prefixes of the network interfaces to report (a string or a list), "
                                      "each a regular expression fragment; default `eth`.");
  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, prefixes_default);
  scalyr_monitor_option_set_default_value (option, &v);
  g_value_unset (&v);
  scalyr_monitor_declare_option (type, option);
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("network_interface_suffix",
                                                                   "Regular expression appended to each prefix "
                                                                   "to match whole interface names.",
                                                                   DEFAULT_SUFFIX));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_boolean ("local_disks_only",
                                                                    "Report only local file systems (no NFS, "
                                                                    "CIFS...) in the `df.*` metrics.",
                                                                    TRUE));
  option = scalyr_monitor_option_new ("ignore_mounts", G_TYPE_STRV,
                                      "Glob patterns of mount points left out of the `df.*` metrics; `[]` to "
                                      "report them all.");
  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, ignore_default);
  scalyr_monitor_option_set_default_value (option, &v);
  g_value_unset (&v);
  scalyr_monitor_declare_option (type, option);
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("proc_root",
                                                                   "Where proc is mounted (e.g. the host's proc "
                                                                   "mounted in a container, or a recorded tree).",
                                                                   "/proc"));
  scalyr_monitor_declare_option (type,
                                 scalyr_monitor_option_new_string ("sys_root", "Where sysfs is mounted.", "/sys"));

  for (guint i = 0; i < G_N_ELEMENTS (metric_docs); i++)
    declare_metric (type, &metric_docs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (meminfo_names); i++)
    {
      g_autofree char *name = g_strconcat ("proc.meminfo.", meminfo_names[i], NULL);
      g_autofree char *desc = g_strdup_printf ("The `%s` line of /proc/meminfo.", meminfo_names[i]);
      MetricDoc doc = { name, NULL, "bytes:1024", FALSE, "Memory", desc };

      if (g_str_has_prefix (meminfo_names[i], "hugepages_"))
        doc.unit = NULL;  /* counts of huge pages */
      declare_metric (type, &doc);
    }
}

static void
scalyr_linux_system_metrics_init (ScalyrLinuxSystemMetrics *self)
{
  self->proc_fd = -1;
  self->sys_fd = -1;
  scalyr_proc_file_init (&self->uptime, "uptime", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->meminfo, "meminfo", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->vmstat, "vmstat", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->stat, "stat", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->loadavg, "loadavg", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->entropy, "sys/kernel/random/entropy_avail", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->cpu_possible, "devices/system/cpu/possible", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->netdev, "net/dev", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->diskstats, "diskstats", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->sockstat, "net/sockstat", TRUE, &self->buffer);
  scalyr_proc_file_init (&self->netstat, "net/netstat", TRUE, &self->buffer);
  /* self/mountinfo would follow the reader's thread group; it is the same file */
  scalyr_proc_file_init (&self->mountinfo, "self/mountinfo", TRUE, &self->buffer);

  self->ifaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, iface_free);
  self->disks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fields_unref0);
  self->mounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fields_unref0);
  self->key = g_string_new (NULL);
  self->df = g_array_new (FALSE, TRUE, sizeof (DfEntry));
  for (guint i = 0; i < G_N_ELEMENTS (cpu_types); i++)
    self->cpu_fields[i] = fields_new ("type", cpu_types[i], NULL, NULL);
  self->tcp = fields_new ("type", "tcp", NULL, NULL);
  self->udp = fields_new ("type", "udp", NULL, NULL);
  self->udplite = fields_new ("type", "udplite", NULL, NULL);
  self->raw = fields_new ("type", "raw", NULL, NULL);
  self->ipfrag = fields_new ("type", "ipfrag", NULL, NULL);
  for (guint i = 0; i < N_NETSTAT; i++)
    if (netstat_table[i].field != NULL)
      self->netstat_fields[i] = fields_new (netstat_table[i].field, netstat_table[i].value, NULL, NULL);
  self->page_size = (guint64) sysconf (_SC_PAGESIZE);
}
