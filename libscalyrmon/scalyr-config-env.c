/* scalyr-config-env.c: configuration values from the environment
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-env-private.h"

/* ------------------------------------------------------------------------
 * The environment
 * --------------------------------------------------------------------- */



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
