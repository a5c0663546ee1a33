/* scalyr-c-loader-private.h: the built-in loader of C monitor modules
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-loader.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_C_LOADER (scalyr_c_loader_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrCLoader, scalyr_c_loader, SCALYR, C_LOADER, ScalyrMonitorLoader)

ScalyrMonitorLoader *scalyr_c_loader_new (void);

G_END_DECLS
