/* scalyr-monitor-manager-private.h: the manager's state, shared by its
 * files (scalyr-monitor-manager.c: starting, stopping, applying a
 * configuration; -status.c: the status of the monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-manager.h"
#include <scalyrmon.h>

G_BEGIN_DECLS

typedef struct {
  char *path;
  ScalyrLogSink *sink;
  guint users;
} SharedSink;

typedef struct {
  char *name;
  char *module;
  char *id;
  JsonNode *entry;
  ScalyrMonitor *monitor;          /* NULL when it failed to start */
  ScalyrAgentLogger *logger;
  SharedSink *sink;
  char *state;
  char *error;
  gint64 started_us;
} Instance;

static inline void
set_state (Instance   *inst,
           const char *state)
{
  g_free (inst->state);
  inst->state = g_strdup (state);
}

struct _ScalyrMonitorManager
{
  GObject parent_instance;

  ScalyrAgentLogger *agent_logger;
  ScalyrMonitorRegistry *registry;
  GPtrArray *instances;            /* Instance * */
  GHashTable *sinks;               /* path → SharedSink * */
  char *globals;                   /* the global settings the monitors were started with */
  guint stop_timeout_ms;
  guint debug_level;
};

/* scalyr-monitor-manager-create.c */
ScalyrMonitor *scalyr_monitor_manager_create_monitor (ScalyrMonitorRegistry *registry,
                                                      JsonObject            *entry,
                                                      const char            *name,
                                                      ScalyrAgentLogger     *logger,
                                                      double                 sample_interval,
                                                      GError               **error);

G_END_DECLS
