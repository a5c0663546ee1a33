/* scalyr-monitor-construct-private.h: a monitor built from its entry
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* GInitable: the module and id, the declared options, the common fields,
 * then ScalyrMonitorClass.initialize */
void scalyr_monitor_initable_iface_init (GInitableIface *iface);

G_END_DECLS
