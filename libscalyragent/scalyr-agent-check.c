/* scalyr-agent-check.c: the whole check of `scalyr-agent --check-config`
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-check.h"
#include "scalyr-agent.h"
#include "scalyr-agent-config-private.h"

/**
 * scalyr_agent_check_config_files:
 * @config_path: (type filename) (nullable): the main configuration file;
 *   %NULL for %SCALYR_AGENT_CONFIG_DEFAULT_PATH
 * @extra_config_dir: (type filename) (nullable): the extra fragment
 *   directory, or %NULL
 * @config: (out) (optional) (transfer full): return location for the
 *   configuration, made of what was valid when there are errors (its
 *   warnings, files and monitors can be shown)
 * @error: return location for a #GError
 *
 * Checks everything `scalyr-agent --check-config` checks, in one run:
 * every file is read and parsed (a file that does not parse does not hide
 * the problems of the others), the fields are validated against the
 * schema, then the monitors that are left are built without being started
 * (unknown modules, bad or undeclared options) and the upload service
 * checks its part, as scalyr_agent_check_config() does.
 *
 * Returns: %TRUE if the agent can run the configuration; otherwise @error
 *   lists every problem, one a line, the configuration files' first
 *
 * Since: 0.2
 */
gboolean
scalyr_agent_check_config_files (const char         *config_path,
                                 const char         *extra_config_dir,
                                 ScalyrAgentConfig **config,
                                 GError            **error)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(ScalyrAgentConfig) loaded = NULL;

  g_return_val_if_fail (config == NULL || *config == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loaded = scalyr_agent_config_load_for_check (config_path, extra_config_dir, &load_error);
  scalyr_agent_check_config (loaded, &check_error);
  if (config != NULL)
    *config = g_object_ref (loaded);
  if (load_error == NULL && check_error == NULL)
    return TRUE;
  if (load_error != NULL && check_error != NULL)
    g_set_error (error, load_error->domain, load_error->code, "%s\n%s", load_error->message, check_error->message);
  else
    g_propagate_error (error, load_error != NULL ? g_steal_pointer (&load_error) : g_steal_pointer (&check_error));
  return FALSE;
}
