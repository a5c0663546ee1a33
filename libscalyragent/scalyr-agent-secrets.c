/* scalyr-agent-secrets.c: keeping the api_key to the agent itself
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <sys/prctl.h>

#include "scalyr-agent-secrets-private.h"

static char *api_key_env;   /* written once, at start, by the main thread */

void
scalyr_agent_secrets_take_api_key_env (void)
{
  static const char * const names[] = { "SCALYR_API_KEY", "scalyr_api_key" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      /* the first found wins, as the loader's lookup does */
      if (value != NULL && api_key_env == NULL)
        api_key_env = g_strdup (value);
      if (value != NULL)
        g_unsetenv (names[i]);
    }
}

const char *
scalyr_agent_secrets_api_key_env (void)
{
  return api_key_env;
}

void
scalyr_agent_secrets_protect (ScalyrAgentConfig *config)
{
  if (scalyr_agent_config_has_api_key (config))
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}
