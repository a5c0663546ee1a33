/* scalyr-agent-service.h: a part of the agent loaded on demand (the uploader)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>
#include "scalyr-agent-config.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_AGENT_SERVICE (scalyr_agent_service_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_INTERFACE (ScalyrAgentService, scalyr_agent_service, SCALYR, AGENT_SERVICE, GObject)

/**
 * ScalyrAgentServiceInterface:
 * @parent_iface: the parent interface
 * @start: starts the service with @config; diagnostics go to @logger
 * @reconfigure: applies a new configuration (called after a reload that
 *   changed something; the service decides what concerns it)
 * @dup_status: returns the service's status object for the status file;
 *   called from the agent's thread while the service runs its own, so it
 *   must be thread-safe
 * @stop: stops the service, waiting for it (bounded)
 * @check_config: checks the parts of @config the service uses, without
 *   starting anything (for `scalyr-agent --check-config`); %NULL: nothing
 *   to check
 * @publish: receives the agent's latest status (the object written to the
 *   status file) and the exported monitors' latest metric values, every
 *   time the agent refreshes its status (every second); called from the
 *   agent's thread, it must be cheap and thread-safe; %NULL: not wanted
 *   (since 0.4)
 *
 * A part of #ScalyrAgent that lives in a separate module and is loaded only
 * when the configuration needs it, so that an agent that only runs monitors
 * never maps its libraries. The uploader is one: see
 * scalyr_agent_service_load().
 *
 * Since: 0.1
 */
struct _ScalyrAgentServiceInterface
{
  GTypeInterface parent_iface;

  gboolean  (*start)       (ScalyrAgentService *self,
                            ScalyrAgentConfig  *config,
                            ScalyrAgentLogger  *logger,
                            GError            **error);
  void      (*reconfigure) (ScalyrAgentService *self,
                            ScalyrAgentConfig  *config);
  JsonNode *(*dup_status)  (ScalyrAgentService *self);
  void      (*stop)        (ScalyrAgentService *self);
  gboolean  (*check_config) (ScalyrAgentService *self,
                             ScalyrAgentConfig  *config,
                             GError            **error);
  void      (*publish)     (ScalyrAgentService *self,
                            JsonNode           *status,
                            JsonNode           *monitor_metrics);

  /*< private >*/
  gpointer padding[7];
};

/**
 * SCALYR_AGENT_SERVICE_MODULE_SYMBOL:
 *
 * The name of the function an agent service module exports: it returns the
 * type implementing #ScalyrAgentService; see
 * SCALYR_DEFINE_AGENT_SERVICE_MODULE().
 *
 * Since: 0.1
 */
#define SCALYR_AGENT_SERVICE_MODULE_SYMBOL "scalyr_agent_service_module_get_type"

/**
 * SCALYR_DEFINE_AGENT_SERVICE_MODULE:
 * @get_type: the `_get_type` function of the module's service type
 *
 * Exports the entry point of an agent service module.
 *
 * Since: 0.1
 */
#define SCALYR_DEFINE_AGENT_SERVICE_MODULE(get_type) \
  G_MODULE_EXPORT GType scalyr_agent_service_module_get_type (void); \
  G_MODULE_EXPORT GType scalyr_agent_service_module_get_type (void) { return get_type (); }

SCALYR_AVAILABLE_IN_0_1
ScalyrAgentService *scalyr_agent_service_load        (const char          *name,
                                                      GError             **error);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_service_start       (ScalyrAgentService  *self,
                                                      ScalyrAgentConfig   *config,
                                                      ScalyrAgentLogger   *logger,
                                                      GError             **error);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_agent_service_reconfigure (ScalyrAgentService  *self,
                                                      ScalyrAgentConfig   *config);
SCALYR_AVAILABLE_IN_0_1
JsonNode           *scalyr_agent_service_dup_status  (ScalyrAgentService  *self);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_agent_service_stop        (ScalyrAgentService  *self);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_service_check_config (ScalyrAgentService *self,
                                                       ScalyrAgentConfig  *config,
                                                       GError            **error);

SCALYR_AVAILABLE_IN_0_4
void                scalyr_agent_service_publish      (ScalyrAgentService *self,
                                                       JsonNode           *status,
                                                       JsonNode           *monitor_metrics);

G_END_DECLS
