/* scalyr-linux-system-metrics.c: the builtin linux_system_metrics
 * SPDX-License-Identifier: Apache-2.0 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-linux-system-metrics-private.h"
#include "scalyr-i18n-private.h"

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

#define DEFAULT_IGNORE_MOUNTS "/sys/*", "/dev*", "/run*", "/var/lib/docker/*", "/snap/*"

static const char * const cpu_types[SCALYR_PROC_STAT_CPU_FIELDS] = {
  "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest",
};


G_DEFINE_FINAL_TYPE (ScalyrLinuxSystemMetrics, scalyr_linux_system_metrics, SCALYR_TYPE_MONITOR)

/* ---- helpers ---- */

ScalyrExtraFields *
scalyr_linux_system_metrics_fields_new (const char *k1,
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

void
scalyr_linux_system_metrics_fields_unref0 (gpointer p)
{
  if (p != NULL)
    scalyr_extra_fields_unref (p);
}

void
scalyr_linux_system_metrics_iface_free (gpointer p)
{
  Iface *iface = p;

  scalyr_linux_system_metrics_fields_unref0 (iface->in);
  scalyr_linux_system_metrics_fields_unref0 (iface->out);
  g_free (iface);
}

void
scalyr_linux_system_metrics_numa_node_free (gpointer p)
{
  NumaNode *n = p;

  scalyr_proc_file_clear (&n->file);
  scalyr_linux_system_metrics_fields_unref0 (n->plain);
  scalyr_linux_system_metrics_fields_unref0 (n->hit);
  scalyr_linux_system_metrics_fields_unref0 (n->miss);
  scalyr_linux_system_metrics_fields_unref0 (n->local);
  scalyr_linux_system_metrics_fields_unref0 (n->remote);
  g_free (n);
}

/* Reads a file of the proc (or sys) root; says once when it is not there. */
char *
scalyr_linux_system_metrics_read_file (ScalyrLinuxSystemMetrics *self,
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
          scalyr_warning (self->logger, _("%s is not available (%s): the metrics read from it are not reported"),
                          self->sys_root, g_strerror (self->sys_errno));
        }
      return NULL;
    }
  text = scalyr_proc_file_read (file, root_fd);
  if (text == NULL && !file->reported)
    {
      file->reported = TRUE;
      scalyr_warning (self->logger, _("%s/%s is not available (%s): the metrics read from it are not reported"),
                      sys ? self->sys_root : self->proc_root, file->path, g_strerror (file->last_errno));
    }
  return text;
}

void
scalyr_linux_system_metrics_report_unparsable (ScalyrLinuxSystemMetrics *self,
                                               ScalyrProcFile           *file,
                                               gboolean                  sys)
{
  if (file->reported)
    return;
  file->reported = TRUE;
  scalyr_warning (self->logger, _("%s/%s could not be parsed: the metrics read from it are not reported"),
                  sys ? self->sys_root : self->proc_root, file->path);
}


/* ---- monitor ---- */

static gboolean
scalyr_linux_system_metrics_gather_sample (ScalyrMonitor *monitor,
                                           GError       **error)
{
  ScalyrLinuxSystemMetrics *self = SCALYR_LINUX_SYSTEM_METRICS (monitor);

  return scalyr_linux_system_metrics_gather_procstats (self, error) &&
         scalyr_linux_system_metrics_gather_ifstat (self, error) &&
         scalyr_linux_system_metrics_gather_iostat (self, error) &&
         scalyr_linux_system_metrics_gather_netstat (self, error) &&
         scalyr_linux_system_metrics_gather_dfstat (self, error);
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

  self->numa = g_ptr_array_new_with_free_func (scalyr_linux_system_metrics_numa_node_free);
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
      n->plain = scalyr_linux_system_metrics_fields_new ("node", node_name, NULL, NULL);
      n->hit = scalyr_linux_system_metrics_fields_new ("node", node_name, "type", "hit");
      n->miss = scalyr_linux_system_metrics_fields_new ("node", node_name, "type", "miss");
      n->local = scalyr_linux_system_metrics_fields_new ("node", node_name, "type", "local");
      n->remote = scalyr_linux_system_metrics_fields_new ("node", node_name, "type", "remote");
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
                   _("%s: field \"network_interface_prefixes\": give at least one prefix, e.g. \"eth\""), name);
      return FALSE;
    }
  suffix = scalyr_monitor_config_dup_string (config, "network_interface_suffix", SCALYR_CONFIG_NONE,
                                             DEFAULT_SUFFIX, error);
  if (suffix == NULL)
    return FALSE;
  simple = strcmp (suffix, DEFAULT_SUFFIX) == 0;
  for (guint i = 0; simple && prefixes[i] != NULL; i++)
    simple = scalyr_linux_system_metrics_is_literal (prefixes[i]);
  if (!simple)
    self->iface_regex = build_iface_regex (prefixes, suffix, &local_error);
  self->iface_prefixes = g_steal_pointer (&prefixes);
  if (local_error != NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   _("%s: fields \"network_interface_prefixes\" and \"network_interface_suffix\" do not make "
                     "a valid regular expression (%s); fix the pattern"), name, local_error->message);
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
                   _("%s: field \"proc_root\": cannot open \"%s\" (%s); give the directory where proc is mounted"),
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
    scalyr_linux_system_metrics_fields_unref0 (self->cpu_fields[i]);
  scalyr_linux_system_metrics_fields_unref0 (self->tcp);
  scalyr_linux_system_metrics_fields_unref0 (self->udp);
  scalyr_linux_system_metrics_fields_unref0 (self->udplite);
  scalyr_linux_system_metrics_fields_unref0 (self->raw);
  scalyr_linux_system_metrics_fields_unref0 (self->ipfrag);
  for (guint i = 0; i < N_NETSTAT; i++)
    scalyr_linux_system_metrics_fields_unref0 (self->netstat_fields[i]);
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

  self->ifaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, scalyr_linux_system_metrics_iface_free);
  self->disks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, scalyr_linux_system_metrics_fields_unref0);
  self->mounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, scalyr_linux_system_metrics_fields_unref0);
  self->key = g_string_new (NULL);
  self->df = g_array_new (FALSE, TRUE, sizeof (DfEntry));
  for (guint i = 0; i < G_N_ELEMENTS (cpu_types); i++)
    self->cpu_fields[i] = scalyr_linux_system_metrics_fields_new ("type", cpu_types[i], NULL, NULL);
  self->tcp = scalyr_linux_system_metrics_fields_new ("type", "tcp", NULL, NULL);
  self->udp = scalyr_linux_system_metrics_fields_new ("type", "udp", NULL, NULL);
  self->udplite = scalyr_linux_system_metrics_fields_new ("type", "udplite", NULL, NULL);
  self->raw = scalyr_linux_system_metrics_fields_new ("type", "raw", NULL, NULL);
  self->ipfrag = scalyr_linux_system_metrics_fields_new ("type", "ipfrag", NULL, NULL);
  for (guint i = 0; i < N_NETSTAT; i++)
    if (scalyr_linux_netstat_table[i].field != NULL)
      self->netstat_fields[i] = scalyr_linux_system_metrics_fields_new (scalyr_linux_netstat_table[i].field, scalyr_linux_netstat_table[i].value, NULL, NULL);
  self->page_size = (guint64) sysconf (_SC_PAGESIZE);
}
