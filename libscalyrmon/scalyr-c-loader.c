/* scalyr-c-loader.c: the built-in loader of C monitor modules
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>
#include <gmodule.h>

#include "scalyr-c-loader-private.h"
#include "scalyr-error.h"
#include "scalyr-i18n-private.h"

/* Loads `NAME.so` shared modules that export SCALYR_MONITOR_MODULE_SYMBOL.
 * Modules stay resident: a monitor type, once registered, lives as long as
 * the process (as GStreamer does with its plugins' types). */
struct _ScalyrCLoader
{
  ScalyrMonitorLoader parent_instance;
};

G_DEFINE_FINAL_TYPE (ScalyrCLoader, scalyr_c_loader, SCALYR_TYPE_MONITOR_LOADER)

typedef GType (*ModuleGetType) (void);

/* ISO C has no cast between object and function pointers. */
static GType
call_get_type (gpointer symbol)
{
  ModuleGetType get_type;

  memcpy (&get_type, &symbol, sizeof get_type);
  return get_type ();
}

static GType
scalyr_c_loader_load (ScalyrMonitorLoader *loader,
                      const char          *path,
                      const char          *module_name,
                      GError             **error)
{
  GModule *module;
  gpointer symbol = NULL;
  GType type;

  (void) loader;
  (void) module_name;

  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("Could not load the C monitor module %s: %s"), path, g_module_error ());
      return G_TYPE_INVALID;
    }
  if (!g_module_symbol (module, SCALYR_MONITOR_MODULE_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s is not a monitor module: it does not export %s(); "
                     "add SCALYR_DEFINE_MONITOR_MODULE (your_monitor_get_type) to it"),
                   path, SCALYR_MONITOR_MODULE_SYMBOL);
      g_module_close (module);
      return G_TYPE_INVALID;
    }
  g_module_make_resident (module);
  type = call_get_type (symbol);
  if (type == G_TYPE_INVALID)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                 _("%s: %s() returned no type; is a monitor type of the same name already loaded "
                   "from another file?"), path, SCALYR_MONITOR_MODULE_SYMBOL);
  return type;
}

static void
scalyr_c_loader_class_init (ScalyrCLoaderClass *klass)
{
  SCALYR_MONITOR_LOADER_CLASS (klass)->load = scalyr_c_loader_load;
}

static void
scalyr_c_loader_init (ScalyrCLoader *self)
{
  (void) self;
}

ScalyrMonitorLoader *
scalyr_c_loader_new (void)
{
  return g_object_new (SCALYR_TYPE_C_LOADER, "language", "C", "extension", ".so", NULL);
}
