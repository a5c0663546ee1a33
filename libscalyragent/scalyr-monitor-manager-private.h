/* scalyr-monitor-manager-private.h: the manager's state, shared by its
 * files (scalyr-monitor-manager.c: applying a configuration, stopping;
 * -start.c: starting one instance, its module loaded on a thread of its
 * own; -status.c: the status of the monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-manager.h"
#include "scalyr-monitor-load-job-private.h"
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
  ScalyrMonitor *monitor;          /* NULL while loading, or when it failed to start */
  ScalyrMonitorLoadJob *load;      /* while its monitor is built (state "loading") */
  ScalyrAgentLogger *logger;
  SharedSink *sink;
  char *state;
  char *error;
  gint64 started_us;
  gboolean stopped;                /* when stopping: its thread ended and its stop returned */
  ScalyrMetricStore *store;        /* its entry sets openmetrics: the logger's store, else NULL */
  gboolean warned_series_dropped;  /* the warning of its first dropped series is logged */
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
  ScalyrAgentConfig *config;       /* the configuration last applied */
  GPtrArray *abandoned;            /* ScalyrMonitorLoadJob * past their deadline */
  guint stop_timeout_ms;
  guint load_timeout_ms;
  guint debug_level;
};

/* scalyr-monitor-manager-create.c */
ScalyrMonitor *scalyr_monitor_manager_create_monitor (ScalyrMonitorRegistry *registry,
                                                      JsonObject            *entry,
                                                      const char            *name,
                                                      ScalyrAgentLogger     *logger,
                                                      double                 sample_interval,
                                                      GError               **error);

/* scalyr-monitor-manager.c */
void      scalyr_monitor_manager_report_failure  (ScalyrMonitorManager *self,
                                                  Instance             *inst);

/* scalyr-monitor-manager-metrics.c */
/* Gives the instance's logger a metric store when its entry sets
 * openmetrics (openmetrics_max_series series); FALSE with @error when the
 * field cannot be read. */
gboolean  scalyr_monitor_manager_open_metric_store (ScalyrMonitorManager *self,
                                                    Instance             *inst,
                                                    GError              **error);
/* The series the instance's store dropped; the first time there are some,
 * a warning in the agent log names the monitor, the limit and the option. */
guint64   scalyr_monitor_manager_series_dropped    (ScalyrMonitorManager *self,
                                                    Instance             *inst);

/* scalyr-monitor-manager-start.c */
/* A common field of the instance's entry (scalyr_agent_config_common_options())
 * by its declaration, @fallback when the declaration has no default; FALSE
 * when there is no value (@error set on failure). */
gboolean  scalyr_monitor_manager_entry_setting   (ScalyrMonitor        *monitor,
                                                  const char           *field,
                                                  const GValue         *fallback,
                                                  GValue               *value,
                                                  GError              **error);
/* A new instance of @entry, its monitor being built on a thread of its own. */
Instance *scalyr_monitor_manager_begin_instance  (ScalyrMonitorManager *self,
                                                  JsonObject           *entry,
                                                  const char           *id);
/* Starts an instance whose build is done; reports a failure. */
void      scalyr_monitor_manager_finish_instance (ScalyrMonitorManager *self,
                                                  Instance             *inst);
/* Builds the monitor of @entry within @config's monitor_load_timeout, or
 * fails saying it did not load in time (its thread is abandoned). */
ScalyrMonitor *scalyr_monitor_manager_build_bounded (ScalyrMonitorRegistry *registry,
                                                     ScalyrAgentConfig     *config,
                                                     JsonObject            *entry,
                                                     const char            *name,
                                                     ScalyrAgentLogger     *logger,
                                                     GError               **error);
/* A logger for the agent's lines about @inst: the agent logger's component
 * (`core`), sink and journal, with the instance's module and id, so that
 * its journal entries name the monitor (MONITOR=). */
ScalyrAgentLogger *scalyr_monitor_manager_dup_instance_core_logger (ScalyrMonitorManager *self,
                                                                    Instance             *inst);
/* Gives up the build of an instance still loading (its thread goes on). */
void      scalyr_monitor_manager_abandon_load    (ScalyrMonitorManager *self,
                                                  Instance             *inst);

G_END_DECLS
