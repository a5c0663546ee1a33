/* scalyr-monitor-manager-create.c: a monitor built from its entry, after its
 * fields are checked against the options its module declares
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-manager-private.h"

/* Looks up the entry's module, checks the entry's fields
 * (scalyr_monitor_check_entry_fields(): an undeclared option of a module
 * that declares its options is an error; of one that declares none, a
 * warning logged through @logger) and builds the monitor. Used at start, on
 * reload and by --check-config, so that all three agree. */
ScalyrMonitor *
scalyr_monitor_manager_create_monitor (ScalyrMonitorRegistry *registry,
                                       JsonObject            *entry,
                                       const char            *name,
                                       ScalyrAgentLogger     *logger,
                                       double                 sample_interval,
                                       GError               **error)
{
  JsonNode *node = json_object_get_member (entry, "module");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(ScalyrMonitorModule) module = scalyr_monitor_registry_lookup (registry, json_node_get_string (node),
                                                                               error);
      g_autofree char *warning = NULL;
      ScalyrMonitor *monitor;

      if (module == NULL)
        return NULL;
      if (!scalyr_monitor_check_entry_fields (scalyr_monitor_module_get_monitor_type (module), entry, name,
                                              &warning, error))
        return NULL;
      /* the lookup is cached: this finds the same module */
      monitor = scalyr_monitor_registry_create_monitor (registry, entry, logger, sample_interval, error);
      /* the warning only when no error is reported instead */
      if (monitor != NULL && warning != NULL)
        scalyr_agent_logger_logf (logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, "%s", warning);
      return monitor;
    }
  return scalyr_monitor_registry_create_monitor (registry, entry, logger, sample_interval, error);
}
