/* scalyr-config-rate.h: data rates such as max_send_rate_enforcement
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
gboolean scalyr_config_parse_rate (const char  *text,
                                   double      *bytes_per_second,
                                   GError     **error);

G_END_DECLS
