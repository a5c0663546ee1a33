/* scalyr-config-env.c: configuration values from the environment
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-env-private.h"

char *
scalyr_config_env_lookup (const char  *name,
                          char       **found_name)
{
  g_autofree char *upper = g_ascii_strup (name, -1);
  g_autofree char *lower = NULL;
  const char *value = g_getenv (upper);

  if (value != NULL)
    {
      *found_name = g_steal_pointer (&upper);
      return g_utf8_make_valid (value, -1);
    }
  lower = g_ascii_strdown (name, -1);
  value = g_getenv (lower);
  if (value != NULL)
    {
      *found_name = g_steal_pointer (&lower);
      return g_utf8_make_valid (value, -1);
    }
  return NULL;
}

/**
 * scalyr_config_lookup_env:
 * @declaration: the declaration of a field
 * @variable: (out) (optional) (transfer full): the name of the variable
 *   found
 *
 * Looks up the environment variable of an environment-aware declaration
 * ([method@Scalyr.MonitorOption.dup_effective_env_name]): its name
 * upper-cased, then lower-cased (`SCALYR_MAX_LINE_SIZE`, then
 * `scalyr_max_line_size`).
 *
 * Returns: (transfer full) (nullable): the value (made valid UTF-8), or
 *   %NULL when the declaration is not environment-aware or the variable
 *   is not set
 *
 * Since: 0.2
 */
char *
scalyr_config_lookup_env (ScalyrMonitorOption  *declaration,
                          char                **variable)
{
  g_autofree char *name = NULL;
  g_autofree char *found = NULL;
  char *value;

  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (declaration), NULL);

  name = scalyr_monitor_option_dup_effective_env_name (declaration);
  if (name == NULL)
    return NULL;
  value = scalyr_config_env_lookup (name, &found);
  if (value != NULL && variable != NULL)
    *variable = g_steal_pointer (&found);
  return value;
}
