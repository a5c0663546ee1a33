/* scalyr-proc-private.h: reading and parsing /proc and /sys files without
 * allocating on the hot path (private to the builtin monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <sys/statvfs.h>
#include <glib.h>

G_BEGIN_DECLS

/* ---- files read again and again ----
 *
 * A ScalyrProcFile is one file under a root directory (the proc or sys
 * root), opened once and kept open: each read is a pread() from offset 0
 * into a ScalyrProcBuffer that is reused and only grows (up to
 * SCALYR_PROC_FILE_MAX_SIZE). All the files of a monitor share one buffer:
 * each is parsed before the next is read. The text is NUL-terminated and
 * may be modified in place by the parsers below (they cut it into lines
 * and tokens). */

#define SCALYR_PROC_FILE_MAX_SIZE (16 * 1024 * 1024)

typedef struct {
  char *data;
  gsize size;          /* allocated */
} ScalyrProcBuffer;

void  scalyr_proc_buffer_clear (ScalyrProcBuffer *buffer);

typedef struct {
  char *path;          /* relative to the root directory */
  int fd;              /* -1 when closed */
  ScalyrProcBuffer *buffer;  /* not owned */
  gsize len;           /* of the last read */
  gboolean keep_open;  /* FALSE: closed after each read (files of processes that come and go) */
  int last_errno;      /* errno of the last failed read, 0 after a good one */
  gboolean reported;   /* the monitor said once that the file is unavailable */
} ScalyrProcFile;

void  scalyr_proc_file_init   (ScalyrProcFile   *file,
                               const char       *path,
                               gboolean          keep_open,
                               ScalyrProcBuffer *buffer);
void  scalyr_proc_file_close  (ScalyrProcFile *file);
void  scalyr_proc_file_clear  (ScalyrProcFile *file);
/* Reads the whole file relative to @root_fd; returns the NUL-terminated
 * text (owned by @file, valid until the next read), or NULL with
 * file->last_errno set. */
char *scalyr_proc_file_read   (ScalyrProcFile *file,
                               int             root_fd);

/* Reads the whole file @path under @root_fd (opened and closed at once)
 * into @buffer; returns the NUL-terminated text, or NULL with errno set. */
char *scalyr_proc_read_path   (int               root_fd,
                               const char       *path,
                               ScalyrProcBuffer *buffer,
                               gsize            *len);

/* ---- tokenizing in place ---- */

/* Returns the next line (its newline replaced by NUL) and advances
 * @cursor; NULL at the end. */
char    *scalyr_proc_next_line  (char **cursor);
/* Returns the next blank-separated token (NUL-terminated in place) and
 * advances @cursor; NULL when none is left. */
char    *scalyr_proc_next_token (char **cursor);
/* Parses a decimal unsigned 64-bit number at *@cursor after blanks; FALSE
 * (cursor unchanged) if there is none or it overflows. */
gboolean scalyr_proc_parse_u64  (char   **cursor,
                                 guint64 *value);
gboolean scalyr_proc_parse_i64  (char   **cursor,
                                 gint64  *value);
gboolean scalyr_proc_parse_double (char  **cursor,
                                   double *value);
/* A whole token that is a number (no trailing junk). */
gboolean scalyr_proc_token_u64  (const char *token,
                                 guint64    *value);

/* ---- parsers of whole files (the text is modified in place) ---- */

#define SCALYR_PROC_STAT_CPU_FIELDS 9   /* user nice system idle iowait irq softirq steal guest */

typedef struct {
  guint64 cpu[SCALYR_PROC_STAT_CPU_FIELDS];
  guint n_cpu;                /* fields found on the `cpu` line, 0 if none */
  guint64 intr, ctxt, processes, procs_blocked;
  gboolean has_intr, has_ctxt, has_processes, has_procs_blocked;
} ScalyrProcStat;

gboolean scalyr_proc_parse_stat    (char           *text,
                                    ScalyrProcStat *stat);

typedef struct {
  double total, idle;
} ScalyrProcUptime;

gboolean scalyr_proc_parse_uptime  (char             *text,
                                    ScalyrProcUptime *uptime);

typedef struct {
  double load1, load5, load15;
  guint64 runnable, total_threads;
} ScalyrProcLoadavg;

gboolean scalyr_proc_parse_loadavg (char              *text,
                                    ScalyrProcLoadavg *loadavg);

/* `Key: value` (meminfo) or `key value` (vmstat, numastat) lines: calls
 * @func for each line whose key is made of [A-Za-z0-9_] and whose value is
 * a number; returns the number of such lines. */
typedef void (*ScalyrProcKeyValueFunc) (const char *key,
                                        guint64     value,
                                        gpointer    user_data);
guint    scalyr_proc_parse_key_values (char                  *text,
                                       gboolean               colon,
                                       ScalyrProcKeyValueFunc func,
                                       gpointer               user_data);

/* /proc/net/dev: one interface. */
typedef struct {
  const char *name;
  guint64 rx[8];   /* bytes packets errs drop fifo frame compressed multicast */
  guint64 tx[8];   /* bytes packets errs drop fifo colls carrier compressed */
} ScalyrProcNetDev;

/* Parses the next interface line at @cursor (skipping headers and bad
 * lines); FALSE at the end. */
gboolean scalyr_proc_next_net_dev  (char            **cursor,
                                    ScalyrProcNetDev *dev);

/* /proc/diskstats: one device. */
typedef struct {
  guint major, minor;
  const char *name;
  guint64 fields[11];
  guint n_fields;  /* 11 (full line) or 4 (old kernels' partition line) */
} ScalyrProcDiskStat;

gboolean scalyr_proc_next_diskstat (char              **cursor,
                                    ScalyrProcDiskStat *disk);

/* /proc/net/sockstat. G_MAXUINT64 = absent. */
typedef struct {
  guint64 tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc, tcp_mem;
  guint64 udp_inuse, udp_mem;
  guint64 udplite_inuse;
  guint64 raw_inuse;
  guint64 frag_inuse, frag_memory;
} ScalyrProcSockstat;

gboolean scalyr_proc_parse_sockstat (char               *text,
                                     ScalyrProcSockstat *sockstat);

/* /proc/net/netstat: calls @func for each name/value of the `TcpExt:`
 * section; returns FALSE if there is none. */
gboolean scalyr_proc_parse_netstat_tcpext (char                  *text,
                                           ScalyrProcKeyValueFunc func,
                                           gpointer               user_data);

/* /proc/self/mountinfo: one mount (strings point into the text; the mount
 * point is unescaped). */
typedef struct {
  guint major, minor;
  const char *root;
  const char *mount_point;
  const char *fstype;
  const char *source;
} ScalyrProcMount;

gboolean scalyr_proc_next_mount    (char           **cursor,
                                    ScalyrProcMount *mount);

/* Counts the CPUs of a list like "0-3,8,10-11" (/sys/devices/system/cpu/possible);
 * 0 if it does not parse. */
guint    scalyr_proc_count_cpu_list (const char *text);

/* /proc/<pid>/stat: the fields after the command name (from field 3, the
 * state). */
typedef struct {
  guint64 majflt, utime, stime, starttime, delayacct_blkio_ticks;
  gint64 nice, num_threads, ppid;
  gboolean has_blkio;
} ScalyrProcPidStat;

gboolean scalyr_proc_parse_pid_stat (char              *text,
                                     ScalyrProcPidStat *stat);

/* ---- df ---- */

/* statvfs() on the real file system; tests replace it to run on fixture
 * trees. Returns 0 or -1 with errno, like statvfs(). */
typedef int (*ScalyrStatvfsFunc) (const char     *path,
                                  struct statvfs *buf);
void scalyr_proc_set_statvfs_func (ScalyrStatvfsFunc func);
int  scalyr_proc_statvfs          (const char     *path,
                                   struct statvfs *buf);

/* TRUE for the pseudo file systems df leaves out (proc, sysfs, cgroup...). */
gboolean scalyr_proc_fstype_is_dummy  (const char *fstype);
/* TRUE for network file systems (left out when local_disks_only). */
gboolean scalyr_proc_mount_is_remote  (const char *fstype,
                                       const char *source);

G_END_DECLS
