/* scalyr-config-env-private.h: the environment lookup of the engine
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-config-env.h"

G_BEGIN_DECLS

/* Looks up @name upper-cased, then lower-cased. Returns the value (made
 * valid UTF-8) and the variable's actual name, or NULL. */
char *scalyr_config_env_lookup (const char *name, char **found_name);

G_END_DECLS
