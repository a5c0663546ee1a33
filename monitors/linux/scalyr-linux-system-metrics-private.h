/* scalyr-linux-system-metrics-private.h: the state of linux_system_metrics,
 * shared by its files (the monitor; procstats: CPU, memory, vm, NUMA;
 * network: interfaces and netstat; disk: iostat and dfstat)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-linux-system-metrics.h"
#include "scalyr-proc-private.h"

G_BEGIN_DECLS

/* Caches of per-device extra fields are dropped when they grow past this
 * (interfaces and mounts of short-lived containers come and go). */
#define MAX_CACHED_DEVICES 4096

/* What follows an interface prefix without a pattern of its own. */
#define DEFAULT_SUFFIX "[0-9A-Z]+"

/* /proc/net/netstat TcpExt counters the reference reports, in its order. */
typedef struct {
  const char *stat;
  const char *metric;
  const char *field;
  const char *value;
} NetstatEntry;

#define N_NETSTAT 32   /* checked beside the table */
extern const NetstatEntry scalyr_linux_netstat_table[];

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

/* scalyr-linux-system-metrics.c */
ScalyrExtraFields *scalyr_linux_system_metrics_fields_new (const char *k1,
                                                           const char *v1,
                                                           const char *k2,
                                                           const char *v2);
void scalyr_linux_system_metrics_fields_unref0 (gpointer p);
void scalyr_linux_system_metrics_iface_free (gpointer p);
void scalyr_linux_system_metrics_numa_node_free (gpointer p);
char *scalyr_linux_system_metrics_read_file (ScalyrLinuxSystemMetrics *self,
                                             ScalyrProcFile           *file,
                                             gboolean                  sys);
void scalyr_linux_system_metrics_report_unparsable (ScalyrLinuxSystemMetrics *self,
                                                    ScalyrProcFile           *file,
                                                    gboolean                  sys);

/* scalyr-linux-system-procstats.c */
gboolean scalyr_linux_system_metrics_gather_procstats (ScalyrLinuxSystemMetrics *self,
                                                       GError                  **error);

/* scalyr-linux-system-network.c */
gboolean scalyr_linux_system_metrics_is_literal (const char *s);
gboolean scalyr_linux_system_metrics_gather_ifstat (ScalyrLinuxSystemMetrics *self,
                                                    GError                  **error);
gboolean scalyr_linux_system_metrics_gather_netstat (ScalyrLinuxSystemMetrics *self,
                                                     GError                  **error);

/* scalyr-linux-system-disk.c */
gboolean scalyr_linux_system_metrics_gather_iostat (ScalyrLinuxSystemMetrics *self,
                                                    GError                  **error);
gboolean scalyr_linux_system_metrics_gather_dfstat (ScalyrLinuxSystemMetrics *self,
                                                    GError                  **error);

G_END_DECLS
