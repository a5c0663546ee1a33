/* scalyr-config-describe-private.h: the shared declarations of the fields
 * every monitor entry may hold
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The declarations of scalyr_config_dup_monitor_common_options(), built
 * once and shared by the library (transfer none; read only). */
GPtrArray *scalyr_config_monitor_common_options (void);

G_END_DECLS
