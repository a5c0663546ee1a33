/* scalyr-monitor-loader.c: turns a monitor module file into a monitor type
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-loader.h"
#include "scalyr-error.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrMonitorLoader:
 *
 * A loader for monitor modules written in one language. The
 * #ScalyrMonitorRegistry picks the loader by the file's extension: the C
 * loader (`.so`) is built into the library; the loaders for Python (`.py`)
 * and JavaScript (`.js`) are separate modules, loaded the first time a
 * monitor in that language is looked up, so that a process running only C
 * monitors never maps an interpreter.
 *
 * A language loader module exports `scalyr_loader_module_get_type()`
 * (%SCALYR_LOADER_MODULE_SYMBOL), returning its #ScalyrMonitorLoader
 * subclass.
 *
 * Thread safety: the #ScalyrMonitorRegistry calls a loader's `load` without
 * holding its lock, from any thread, once per module name: one loader may
 * load modules of different names on several threads at the same time (the
 * Python loader serializes them with the GIL, the JavaScript loader on its
 * one thread). A `load` that never returns holds up only its own caller.
 * The language and extension are constant and may be read from any thread.
 * A loader's monitors may run on any thread, each on its own.
 *
 * Since: 0.1
 */

typedef struct
{
  char *language;
  char *extension;
} ScalyrMonitorLoaderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ScalyrMonitorLoader, scalyr_monitor_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_EXTENSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
scalyr_monitor_loader_finalize (GObject *object)
{
  ScalyrMonitorLoader *self = SCALYR_MONITOR_LOADER (object);
  ScalyrMonitorLoaderPrivate *priv = scalyr_monitor_loader_get_instance_private (self);

  g_free (priv->language);
  g_free (priv->extension);
  G_OBJECT_CLASS (scalyr_monitor_loader_parent_class)->finalize (object);
}

static void
scalyr_monitor_loader_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScalyrMonitorLoader *self = SCALYR_MONITOR_LOADER (object);
  ScalyrMonitorLoaderPrivate *priv = scalyr_monitor_loader_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, priv->language);
      break;
    case PROP_EXTENSION:
      g_value_set_string (value, priv->extension);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_loader_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScalyrMonitorLoader *self = SCALYR_MONITOR_LOADER (object);
  ScalyrMonitorLoaderPrivate *priv = scalyr_monitor_loader_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      priv->language = g_value_dup_string (value);
      break;
    case PROP_EXTENSION:
      priv->extension = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_loader_class_init (ScalyrMonitorLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_loader_finalize;
  object_class->get_property = scalyr_monitor_loader_get_property;
  object_class->set_property = scalyr_monitor_loader_set_property;

  /**
   * ScalyrMonitorLoader:language:
   *
   * The language's name as shown to users, e.g. `C` or `Python`.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorLoader:extension:
   *
   * The file name extension of the modules it loads, with the dot, e.g.
   * `.so` or `.py`.
   */
  properties[PROP_EXTENSION] =
    g_param_spec_string ("extension", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_monitor_loader_init (ScalyrMonitorLoader *self)
{
  (void) self;
}

/**
 * scalyr_monitor_loader_get_language:
 * @self: a #ScalyrMonitorLoader
 *
 * Returns: the #ScalyrMonitorLoader:language
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_loader_get_language (ScalyrMonitorLoader *self)
{
  ScalyrMonitorLoaderPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR_LOADER (self), NULL);
  priv = scalyr_monitor_loader_get_instance_private (self);
  return priv->language;
}

/**
 * scalyr_monitor_loader_get_extension:
 * @self: a #ScalyrMonitorLoader
 *
 * Returns: the #ScalyrMonitorLoader:extension
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_loader_get_extension (ScalyrMonitorLoader *self)
{
  ScalyrMonitorLoaderPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_MONITOR_LOADER (self), NULL);
  priv = scalyr_monitor_loader_get_instance_private (self);
  return priv->extension;
}

/**
 * scalyr_monitor_loader_load:
 * @self: a #ScalyrMonitorLoader
 * @path: (type filename): the module file
 * @module_name: the module name it was looked up by
 * @error: return location for a #GError
 *
 * Loads a module file.
 *
 * Returns: the #ScalyrMonitor subclass the module defines, or
 *   %G_TYPE_INVALID with @error set (%SCALYR_MONITOR_ERROR_LOAD_FAILED)
 *
 * Since: 0.1
 */
GType
scalyr_monitor_loader_load (ScalyrMonitorLoader *self,
                            const char          *path,
                            const char          *module_name,
                            GError             **error)
{
  GType type;

  g_return_val_if_fail (SCALYR_IS_MONITOR_LOADER (self), G_TYPE_INVALID);
  g_return_val_if_fail (path != NULL, G_TYPE_INVALID);
  g_return_val_if_fail (module_name != NULL, G_TYPE_INVALID);

  type = SCALYR_MONITOR_LOADER_GET_CLASS (self)->load (self, path, module_name, error);
  if (type != G_TYPE_INVALID && !g_type_is_a (type, g_type_from_name ("ScalyrMonitor")))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s: the module defines %s, which is not a ScalyrMonitor subclass"),
                   path, g_type_name (type));
      return G_TYPE_INVALID;
    }
  return type;
}
