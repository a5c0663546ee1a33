/* scalyr-agent-service.c: a part of the agent loaded on demand
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "scalyr-agent-service.h"
#include "scalyr-agent.h"
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

/**
 * ScalyrAgentService:
 *
 * An optional part of the agent in its own module. #ScalyrAgent loads the
 * `upload` service (the addEvents uploader) when the configuration has an
 * `api_key`, reconfigures it after each reload that changed the
 * configuration, puts its status in the status file under `uploads`, and
 * stops it first when the agent stops.
 *
 * Thread safety: the agent calls `start`, `reconfigure`, `dup_status`,
 * `check_config` and `stop` from its main thread, one at a time; a service
 * runs its own work on threads of its own (the upload service has one with
 * its own main context) and must make `dup_status` safe against them.
 *
 * Since: 0.1
 */
G_DEFINE_INTERFACE (ScalyrAgentService, scalyr_agent_service, G_TYPE_OBJECT)

static void
scalyr_agent_service_default_init (ScalyrAgentServiceInterface *iface)
{
  (void) iface;
}

typedef GType (*ServiceGetType) (void);

/**
 * scalyr_agent_service_load:
 * @name: the service's name, such as `upload`
 * @error: return location for a #GError
 *
 * Loads the module `libscalyr-<name>-service.so` from `$SCALYR_LOADER_PATH`
 * (colon-separated) or else the installed loader directory, once per
 * process, and makes a service of the type it exports (see
 * SCALYR_DEFINE_AGENT_SERVICE_MODULE()).
 *
 * Returns: (transfer full): a new service, not started, or %NULL with
 *   @error set (%SCALYR_AGENT_ERROR_SERVICE)
 *
 * Since: 0.1
 */
ScalyrAgentService *
scalyr_agent_service_load (const char *name,
                           GError    **error)
{
  g_autofree char *file_name = NULL;
  g_autofree char *dirs_text = NULL;
  g_autofree char *file = NULL;
  GModule *module;
  gpointer symbol = NULL;
  ServiceGetType get_type;
  GType type;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file_name = g_strdup_printf ("libscalyr-%s-service.so", name);
  file = scalyr_plugin_path_find (file_name, &dirs_text);
  if (file == NULL)
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_SERVICE,
                   _("the %s service is not installed (%s not found in %s); install it, or set "
                     "SCALYR_LOADER_PATH to the directory that holds it"), name, file_name, dirs_text);
      return NULL;
    }
  module = g_module_open (file, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_SERVICE,
                   _("could not load the %s service %s: %s"), name, file, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, SCALYR_AGENT_SERVICE_MODULE_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_SERVICE,
                   _("%s is not an agent service module: it does not export %s()"), file,
                   SCALYR_AGENT_SERVICE_MODULE_SYMBOL);
      g_module_close (module);
      return NULL;
    }
  /* its types are registered for the life of the process */
  g_module_make_resident (module);
  memcpy (&get_type, &symbol, sizeof get_type);
  type = get_type ();
  if (!g_type_is_a (type, SCALYR_TYPE_AGENT_SERVICE) || G_TYPE_IS_ABSTRACT (type))
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_SERVICE,
                   _("%s does not define a ScalyrAgentService"), file);
      return NULL;
    }
  return g_object_new (type, NULL);
}

/**
 * scalyr_agent_service_start:
 * @self: a #ScalyrAgentService
 * @config: the agent configuration
 * @logger: (nullable): where the service's diagnostics go (the agent's
 *   `agent.log`)
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the service runs
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_service_start (ScalyrAgentService *self,
                            ScalyrAgentConfig  *config,
                            ScalyrAgentLogger  *logger,
                            GError            **error)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_SERVICE (self), FALSE);
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return SCALYR_AGENT_SERVICE_GET_IFACE (self)->start (self, config, logger, error);
}

/**
 * scalyr_agent_service_reconfigure:
 * @self: a started #ScalyrAgentService
 * @config: the new agent configuration
 *
 * Applies a new configuration; problems are logged by the service.
 *
 * Since: 0.1
 */
void
scalyr_agent_service_reconfigure (ScalyrAgentService *self,
                                  ScalyrAgentConfig  *config)
{
  g_return_if_fail (SCALYR_IS_AGENT_SERVICE (self));
  g_return_if_fail (SCALYR_IS_AGENT_CONFIG (config));
  SCALYR_AGENT_SERVICE_GET_IFACE (self)->reconfigure (self, config);
}

/**
 * scalyr_agent_service_dup_status:
 * @self: a #ScalyrAgentService
 *
 * Callable from any thread.
 *
 * Returns: (transfer full) (nullable): the service's status object
 *
 * Since: 0.1
 */
JsonNode *
scalyr_agent_service_dup_status (ScalyrAgentService *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_SERVICE (self), NULL);
  return SCALYR_AGENT_SERVICE_GET_IFACE (self)->dup_status (self);
}

/**
 * scalyr_agent_service_stop:
 * @self: a #ScalyrAgentService
 *
 * Stops the service and waits for it. Stopping a service that is not
 * running does nothing.
 *
 * Since: 0.1
 */
void
scalyr_agent_service_stop (ScalyrAgentService *self)
{
  g_return_if_fail (SCALYR_IS_AGENT_SERVICE (self));
  SCALYR_AGENT_SERVICE_GET_IFACE (self)->stop (self);
}

/**
 * scalyr_agent_service_check_config:
 * @self: a #ScalyrAgentService
 * @config: an agent configuration
 * @error: return location for a #GError
 *
 * Checks what the service would use of @config, without starting it.
 *
 * Returns: %TRUE if the service accepts @config; otherwise @error lists
 *   every problem, one a line
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_service_check_config (ScalyrAgentService *self,
                                   ScalyrAgentConfig  *config,
                                   GError            **error)
{
  ScalyrAgentServiceInterface *iface;

  g_return_val_if_fail (SCALYR_IS_AGENT_SERVICE (self), FALSE);
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  iface = SCALYR_AGENT_SERVICE_GET_IFACE (self);
  return iface->check_config == NULL || iface->check_config (self, config, error);
}

/**
 * scalyr_agent_service_publish:
 * @self: a started #ScalyrAgentService
 * @status: the status object just built (see scalyr_agent_read_status() for
 *   its members); the service may keep a reference: it is not changed
 *   afterwards
 * @monitor_metrics: (nullable): the exported monitors' latest metric values
 *   (see scalyr_monitor_manager_dup_metrics()); kept the same way
 *
 * Hands the service the agent's latest figures; does nothing for a service
 * that does not take them (no #ScalyrAgentServiceInterface.publish).
 *
 * Since: 0.4
 */
void
scalyr_agent_service_publish (ScalyrAgentService *self,
                              JsonNode           *status,
                              JsonNode           *monitor_metrics)
{
  ScalyrAgentServiceInterface *iface;

  g_return_if_fail (SCALYR_IS_AGENT_SERVICE (self));
  g_return_if_fail (status != NULL);
  iface = SCALYR_AGENT_SERVICE_GET_IFACE (self);
  if (iface->publish != NULL)
    iface->publish (self, status, monitor_metrics);
}
