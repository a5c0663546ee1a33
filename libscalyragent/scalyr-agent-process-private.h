/* scalyr-agent-process-private.h: the agent process's own figures (memory,
 * CPU, threads, file descriptors) for the status's `process` member
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What /proc/self/stat says; a field that cannot be read is left -1. */
typedef struct {
  double cpu_user_seconds;
  double cpu_system_seconds;
  gint64 threads;
  double start_ticks;          /* clock ticks after boot */
  gint64 virtual_bytes;
  gint64 rss_pages;
} ScalyrProcessStat;

gboolean scalyr_agent_process_parse_stat  (const char        *text,
                                           long               clock_ticks,
                                           ScalyrProcessStat *out);
gint64   scalyr_agent_process_parse_btime (const char        *proc_stat);

/* The status's `process` object: rss_bytes, virtual_bytes,
 * cpu_user_seconds, cpu_system_seconds, threads, open_fds, max_fds and
 * start_time (epoch seconds); a figure that cannot be read is left out. */
JsonNode *scalyr_agent_process_dup_status (void);

G_END_DECLS
