/* scalyr-monitor-loader.h: turns a monitor module file into a monitor type
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_MONITOR_LOADER (scalyr_monitor_loader_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (ScalyrMonitorLoader, scalyr_monitor_loader, SCALYR, MONITOR_LOADER, GObject)

/**
 * ScalyrMonitorLoaderClass:
 * @parent_class: the parent class
 * @load: loads the module file at @path and returns the #ScalyrMonitor
 *   subclass it defines, or %G_TYPE_INVALID with @error set
 *
 * A language loader. The C loader is built into the library; loaders for
 * other languages are separate modules loaded on first use (see
 * #ScalyrMonitorRegistry).
 *
 * Since: 0.1
 */
struct _ScalyrMonitorLoaderClass
{
  GObjectClass parent_class;

  GType (*load) (ScalyrMonitorLoader *self,
                 const char          *path,
                 const char          *module_name,
                 GError             **error);

  /*< private >*/
  gpointer padding[8];
};

SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_loader_get_language  (ScalyrMonitorLoader *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_loader_get_extension (ScalyrMonitorLoader *self);
SCALYR_AVAILABLE_IN_0_1
GType       scalyr_monitor_loader_load          (ScalyrMonitorLoader *self,
                                                 const char          *path,
                                                 const char          *module_name,
                                                 GError             **error);

/**
 * SCALYR_MONITOR_MODULE_SYMBOL:
 *
 * The name of the function a C monitor module exports; see
 * SCALYR_DEFINE_MONITOR_MODULE().
 *
 * Since: 0.1
 */
#define SCALYR_MONITOR_MODULE_SYMBOL "scalyr_monitor_module_get_type"

/**
 * SCALYR_DEFINE_MONITOR_MODULE:
 * @get_type: the `_get_type` function of the module's #ScalyrMonitor subclass
 *
 * Exports the entry point of a C monitor module: a function returning the
 * monitor type. Use it once per module, after the type's definition.
 *
 * Since: 0.1
 */
#define SCALYR_DEFINE_MONITOR_MODULE(get_type) \
  G_MODULE_EXPORT GType scalyr_monitor_module_get_type (void); \
  G_MODULE_EXPORT GType scalyr_monitor_module_get_type (void) { return get_type (); }

/**
 * SCALYR_LOADER_MODULE_SYMBOL:
 *
 * The name of the function a language loader module exports: it returns the
 * #ScalyrMonitorLoader subclass the module implements.
 *
 * Since: 0.1
 */
#define SCALYR_LOADER_MODULE_SYMBOL "scalyr_loader_module_get_type"

G_END_DECLS
