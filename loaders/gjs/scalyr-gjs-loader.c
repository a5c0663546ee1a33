/* scalyr-gjs-loader.c: runs monitors written in JavaScript (GJS)
 * SPDX-License-Identifier: Apache-2.0
 *
 * A ScalyrMonitorLoader for `NAME.js` modules, built as its own loadable
 * module so that processes without JavaScript monitors never map libgjs.
 *
 * Threads. A JavaScript engine runs on the thread that created it, so all
 * JavaScript monitors share one thread, "scalyr-js", with its own main
 * context and GjsContext. The registry gets, for each module, a C proxy
 * type (a ScalyrMonitor subclass) whose instances live on ordinary monitor
 * threads: building one builds the JavaScript monitor on the JS thread, and
 * each sample is handed to the JS thread and waited for. A slow JavaScript
 * monitor therefore delays other JavaScript monitors (they queue on the JS
 * thread) but never C or Python monitors, and a stuck one cannot block
 * scalyr_monitor_stop() past its timeout.
 *
 * Errors. Before any module is evaluated, GObject.registerClass is wrapped
 * so that the classes extending Scalyr.Monitor get their vfunc_initialize
 * and vfunc_gather_sample wrapped too: an exception in gather_sample is
 * logged with its JavaScript stack under the monitor's name and the
 * monitor goes on; one in initialize refuses the configuration with a
 * message naming the monitor, the exception and where it was thrown.
 * JavaScript monitors cannot override run(): they share one thread.
 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* gjs/coverage.h has a stray ';' that -Wpedantic rejects */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gjs/gjs.h>
#pragma GCC diagnostic pop
#include <gmodule.h>
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

#include "scalyr-loader-paths-private.h"

/* ---- the JavaScript thread ------------------------------------------- */

typedef void (*JsFunc) (gpointer data);

typedef struct {
  JsFunc func;
  gpointer data;
  GMutex lock;
  GCond cond;
  gboolean done;
} JsCall;

static GMainContext *js_main_context;
static GjsContext *js_context;
static GThread *js_thread;

static gpointer
js_thread_main (gpointer data)
{
  GMainLoop *loop;
  JsCall *ready = data;

  g_main_context_push_thread_default (js_main_context);
  js_context = gjs_context_new ();
  loop = g_main_loop_new (js_main_context, FALSE);

  g_mutex_lock (&ready->lock);
  ready->done = TRUE;
  g_cond_signal (&ready->cond);
  g_mutex_unlock (&ready->lock);

  /* runs for the life of the process */
  g_main_loop_run (loop);
  return NULL;
}

static void
ensure_js_thread (void)
{
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      JsCall ready = { 0 };

      /* before GJS starts GI */
      scalyr_loader_add_typelib_dir ();
      g_mutex_init (&ready.lock);
      g_cond_init (&ready.cond);
      js_main_context = g_main_context_new ();
      js_thread = g_thread_new ("scalyr-js", js_thread_main, &ready);
      g_mutex_lock (&ready.lock);
      while (!ready.done)
        g_cond_wait (&ready.cond, &ready.lock);
      g_mutex_unlock (&ready.lock);
      g_mutex_clear (&ready.lock);
      g_cond_clear (&ready.cond);
      g_once_init_leave (&started, 1);
    }
}

static gboolean
run_call (gpointer data)
{
  JsCall *call = data;

  call->func (call->data);
  g_mutex_lock (&call->lock);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

/* Runs @func on the JavaScript thread and waits for it. */
static void
js_run_sync (JsFunc   func,
             gpointer data)
{
  JsCall call = { func, data, { 0 }, { 0 }, FALSE };

  ensure_js_thread ();
  if (g_thread_self () == js_thread)
    {
      func (data);
      return;
    }
  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke (js_main_context, run_call, &call);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
}

static gboolean
unref_on_js_thread (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_on_js_thread (gpointer data)
{
  ScalyrMonitor *inner = data;

  SCALYR_MONITOR_GET_CLASS (inner)->stop (inner);
  g_object_unref (inner);
  return G_SOURCE_REMOVE;
}

/* ---- the glue evaluated before any module ------------------------------ */

#define GLUE_FILENAME "scalyr-gjs-loader-glue.js"

static const char glue_js[] =
  "(function () {\n"
  "  const {GObject, GLib, Scalyr} = imports.gi;\n"
  "  const original = GObject.registerClass;\n"
  "  if (original.__scalyrWrapped) return;\n"
  "  const stackOf = (e) => {\n"
  "    const lines = (e && e.stack ? e.stack : '').split('\\n')\n"
  "      .filter((l) => l && !l.includes('" GLUE_FILENAME "'));\n"
  "    return [String(e)].concat(lines).join('\\n');\n"
  "  };\n"
  "  const whereOf = (e) => {\n"
  "    const top = (e && e.stack ? e.stack : '').split('\\n')[0] || '';\n"
  "    const at = top.lastIndexOf('@');\n"
  "    return at >= 0 ? ` (${top.slice(at + 1)})` : '';\n"
  "  };\n"
  "  const wrapped = function (...args) {\n"
  "    const klass = args[args.length - 1];\n"
  "    if (typeof klass === 'function' && klass.prototype instanceof Scalyr.Monitor) {\n"
  "      const proto = klass.prototype;\n"
  "      const own = (name) => Object.prototype.hasOwnProperty.call(proto, name);\n"
  "      if (own('vfunc_run'))\n"
  "        throw new Error(`${klass.name}: JavaScript monitors cannot override vfunc_run(): they share one \\\n"
  "thread; report each sample from vfunc_gather_sample()`);\n"
  "      if (own('vfunc_gather_sample')) {\n"
  "        const gather = proto.vfunc_gather_sample;\n"
  "        proto.vfunc_gather_sample = function () {\n"
  "          try {\n"
  "            return gather.call(this);\n"
  "          } catch (e) {\n"
  "            this.report_error('Failed to gather sample due to the following exception', stackOf(e));\n"
  "            return true;\n"
  "          }\n"
  "        };\n"
  "      }\n"
  "      if (own('vfunc_initialize')) {\n"
  "        const initialize = proto.vfunc_initialize;\n"
  "        proto.vfunc_initialize = function () {\n"
  "          try {\n"
  "            return initialize.call(this);\n"
  "          } catch (e) {\n"
  "            if (e instanceof GLib.Error) throw e;\n"
  "            throw new GLib.Error(Scalyr.monitor_error_quark(), Scalyr.MonitorError.FAILED,\n"
  "              `${this.get_monitor_name()}: initialize failed: ${e}${whereOf(e)}`);\n"
  "          }\n"
  "        };\n"
  "      }\n"
  "    }\n"
  "    return original.apply(this, args);\n"
  "  };\n"
  "  wrapped.__scalyrWrapped = true;\n"
  "  GObject.registerClass = wrapped;\n"
  "\n"
  "  // Evaluates a module file in a scope of its own (modules may all declare\n"
  "  // `const {GObject} = imports.gi`) and writes 'OK' or the error, as\n"
  "  // `file:line:column: Type: message`, to the result file.\n"
  "  globalThis.__scalyrLoadModule = function (path, resultPath) {\n"
  "    let result = 'OK';\n"
  "    try {\n"
  "      const [, bytes] = GLib.file_get_contents(path);\n"
  "      const text = new TextDecoder().decode(bytes);\n"
  "      (0, eval)(`${text}\\n//# sourceURL=${path}`);\n"
  "    } catch (e) {\n"
  "      let where = path;\n"
  "      if (e instanceof SyntaxError && e.lineNumber !== undefined)\n"
  "        where = `${path}:${e.lineNumber}:${e.columnNumber}`;\n"
  "      else if (e && e.stack) {\n"
  "        const frame = e.stack.split('\\n').find((l) => l.includes(path));\n"
  "        if (frame) where = frame.slice(frame.lastIndexOf('@') + 1);\n"
  "      }\n"
  "      result = `${where}: ${e && e.name ? e.name : 'Error'}: ${e && e.message !== undefined ? e.message : e}`;\n"
  "    }\n"
  "    GLib.file_set_contents(resultPath, new TextEncoder().encode(result));\n"
  "  };\n"
  "})();\n";

/* ---- the proxy monitor type ------------------------------------------- */

#define SCALYR_TYPE_JS_MONITOR (scalyr_js_monitor_get_type ())
G_DECLARE_DERIVABLE_TYPE (ScalyrJsMonitor, scalyr_js_monitor, SCALYR, JS_MONITOR, ScalyrMonitor)

struct _ScalyrJsMonitorClass
{
  ScalyrMonitorClass parent_class;
  GType js_type;          /* the JavaScript class, set per module */
};

typedef struct
{
  ScalyrMonitor *inner;   /* the JavaScript monitor; touched on the JS thread only */
} ScalyrJsMonitorPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ScalyrJsMonitor, scalyr_js_monitor, SCALYR_TYPE_MONITOR)

typedef struct {
  ScalyrJsMonitor *proxy;
  GError *error;
  gboolean ok;
} ProxyCall;

static void
build_inner (gpointer data)
{
  ProxyCall *call = data;
  ScalyrMonitor *proxy = SCALYR_MONITOR (call->proxy);
  ScalyrJsMonitorPrivate *priv = scalyr_js_monitor_get_instance_private (call->proxy);
  JsonObject *entry = scalyr_monitor_config_get_entry (scalyr_monitor_get_config (proxy));
  g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new (entry, NULL);

  priv->inner = g_initable_new (SCALYR_JS_MONITOR_GET_CLASS (call->proxy)->js_type, NULL, &call->error,
                                "module-name", scalyr_monitor_get_module_name (proxy),
                                "monitor-id", scalyr_monitor_get_monitor_id (proxy),
                                "config", config,
                                "logger", scalyr_monitor_get_logger (proxy),
                                "sample-interval", scalyr_monitor_get_sample_interval (proxy),
                                NULL);
  call->ok = priv->inner != NULL;
}

static gboolean
scalyr_js_monitor_initialize (ScalyrMonitor *monitor,
                              GError       **error)
{
  ScalyrJsMonitor *self = SCALYR_JS_MONITOR (monitor);
  ScalyrJsMonitorPrivate *priv = scalyr_js_monitor_get_instance_private (self);
  ProxyCall call = { self, NULL, FALSE };

  js_run_sync (build_inner, &call);
  if (!call.ok)
    {
      g_propagate_error (error, call.error);
      return FALSE;
    }
  /* what the JavaScript initialize may have changed */
  scalyr_monitor_set_sample_interval (monitor, scalyr_monitor_get_sample_interval (priv->inner));
  scalyr_monitor_set_log_path (monitor, scalyr_monitor_get_log_path (priv->inner));
  scalyr_monitor_set_disabled (monitor, scalyr_monitor_get_disabled (priv->inner));
  return TRUE;
}

static void
gather_inner (gpointer data)
{
  ProxyCall *call = data;
  ScalyrJsMonitorPrivate *priv = scalyr_js_monitor_get_instance_private (call->proxy);

  call->ok = SCALYR_MONITOR_GET_CLASS (priv->inner)->gather_sample (priv->inner, &call->error);
}

static gboolean
scalyr_js_monitor_gather_sample (ScalyrMonitor *monitor,
                                 GError       **error)
{
  ProxyCall call = { SCALYR_JS_MONITOR (monitor), NULL, FALSE };

  js_run_sync (gather_inner, &call);
  if (!call.ok && call.error != NULL)
    g_propagate_error (error, call.error);
  else if (!call.ok)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED,
                 _("gather_sample returned false"));
  return call.ok;
}

static void
scalyr_js_monitor_stop (ScalyrMonitor *monitor)
{
  ScalyrJsMonitorPrivate *priv = scalyr_js_monitor_get_instance_private (SCALYR_JS_MONITOR (monitor));

  if (priv->inner != NULL)
    g_main_context_invoke (js_main_context, stop_on_js_thread, g_object_ref (priv->inner));
  SCALYR_MONITOR_CLASS (scalyr_js_monitor_parent_class)->stop (monitor);
}

static void
scalyr_js_monitor_finalize (GObject *object)
{
  ScalyrJsMonitorPrivate *priv = scalyr_js_monitor_get_instance_private (SCALYR_JS_MONITOR (object));

  /* a JavaScript object is released on its own thread */
  if (priv->inner != NULL)
    g_main_context_invoke (js_main_context, unref_on_js_thread, priv->inner);
  G_OBJECT_CLASS (scalyr_js_monitor_parent_class)->finalize (object);
}

static void
scalyr_js_monitor_class_init (ScalyrJsMonitorClass *klass)
{
  ScalyrMonitorClass *monitor_class = SCALYR_MONITOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = scalyr_js_monitor_finalize;
  monitor_class->initialize = scalyr_js_monitor_initialize;
  monitor_class->gather_sample = scalyr_js_monitor_gather_sample;
  monitor_class->stop = scalyr_js_monitor_stop;
}

static void
scalyr_js_monitor_init (ScalyrJsMonitor *self)
{
  (void) self;
}

/* Per module: the proxy subtype knows its JavaScript type (class data). */
static void
proxy_class_init (gpointer klass,
                  gpointer class_data)
{
  SCALYR_JS_MONITOR_CLASS (klass)->js_type = GPOINTER_TO_SIZE (class_data);
}

/* ---- the loader -------------------------------------------------------- */

#define SCALYR_TYPE_GJS_LOADER (scalyr_gjs_loader_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrGjsLoader, scalyr_gjs_loader, SCALYR, GJS_LOADER, ScalyrMonitorLoader)

struct _ScalyrGjsLoader
{
  ScalyrMonitorLoader parent_instance;
};

G_DEFINE_FINAL_TYPE (ScalyrGjsLoader, scalyr_gjs_loader, SCALYR_TYPE_MONITOR_LOADER)

static void
collect_monitor_types (GType       type,
                       GHashTable *seen)
{
  guint n = 0;
  g_autofree GType *children = g_type_children (type, &n);

  for (guint i = 0; i < n; i++)
    {
      g_hash_table_add (seen, GSIZE_TO_POINTER (children[i]));
      collect_monitor_types (children[i], seen);
    }
}

typedef struct {
  const char *path;
  const char *module_name;
  GType js_type;
  GError *error;
} LoadCall;

static void
load_on_js_thread (gpointer data)
{
  static gboolean glue_done = FALSE;
  LoadCall *call = data;
  g_autoptr(GHashTable) before = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) after = g_hash_table_new (NULL, NULL);
  g_autofree char *text = NULL;
  gsize len = 0;
  int status = 0;

  GHashTableIter iter;
  gpointer key;

  if (!glue_done)
    {
      g_autoptr(GError) error = NULL;

      if (!gjs_context_eval (js_context, glue_js, -1, GLUE_FILENAME, &status, &error))
        {
          g_set_error (&call->error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                       _("Could not set up the JavaScript loader: %s"), error->message);
          return;
        }
      glue_done = TRUE;
    }

  collect_monitor_types (SCALYR_TYPE_MONITOR, before);
  {
    /* the arguments of each load in a global of its own: a defined global
     * cannot be defined again (a second module failed to load with
     * "can't redefine non-configurable property") */
    static guint load_count = 0;
    g_autoptr(GError) error = NULL;
    g_autofree char *result_path = NULL;
    g_autofree char *args_name = g_strdup_printf ("__scalyrLoadArgs%u", load_count++);
    g_autofree char *load_js = g_strdup_printf ("__scalyrLoadModule(%s[0], %s[1]);", args_name, args_name);
    const char *args[2];
    int fd;

    fd = g_file_open_tmp ("scalyr-js-load-XXXXXX", &result_path, &call->error);
    if (fd < 0)
      return;
    close (fd);
    args[0] = call->path;
    args[1] = result_path;
    if (!gjs_context_define_string_array (js_context, args_name, 2, args, &error) ||
        !gjs_context_eval (js_context, load_js, -1, GLUE_FILENAME, &status, &error) ||
        !g_file_get_contents (result_path, &text, &len, &error))
      {
        g_set_error (&call->error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                     _("%s: could not be evaluated: %s"), call->path, error->message);
        g_unlink (result_path);
        return;
      }
    g_unlink (result_path);
    if (strcmp (text, "OK") != 0)
      {
        g_set_error_literal (&call->error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED, text);
        return;
      }
  }
  collect_monitor_types (SCALYR_TYPE_MONITOR, after);

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GType t = GPOINTER_TO_SIZE (key);

      if (g_hash_table_contains (before, key) || g_type_is_a (t, SCALYR_TYPE_JS_MONITOR))
        continue;
      /* the first class registered (the lowest type id) */
      if (call->js_type == 0 || t < call->js_type)
        call->js_type = t;
    }
  if (call->js_type == 0)
    g_set_error (&call->error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                 _("%s defines no monitor: register a class extending Scalyr.Monitor with "
                   "GObject.registerClass"), call->path);
}

static GType
scalyr_gjs_loader_load (ScalyrMonitorLoader *loader,
                        const char          *path,
                        const char          *module_name,
                        GError             **error)
{
  LoadCall call = { path, module_name, 0, NULL };
  g_autofree char *proxy_name = NULL;
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  GTypeQuery query;
  GTypeInfo info = { 0 };
  GType proxy;

  (void) loader;

  js_run_sync (load_on_js_thread, &call);
  if (call.error != NULL)
    {
      g_propagate_error (error, call.error);
      return G_TYPE_INVALID;
    }

  proxy_name = g_strdup_printf ("ScalyrJs+%s", g_type_name (call.js_type));
  proxy = g_type_from_name (proxy_name);
  if (proxy == 0)
    {
      g_type_query (SCALYR_TYPE_JS_MONITOR, &query);
      info.class_size = (guint16) query.class_size;
      info.instance_size = (guint16) query.instance_size;
      info.class_init = proxy_class_init;
      info.class_data = GSIZE_TO_POINTER (call.js_type);
      proxy = g_type_register_static (SCALYR_TYPE_JS_MONITOR, proxy_name, &info, 0);

      /* the module's declarations, for validation and --inspect */
      options = scalyr_monitor_list_options (call.js_type);
      metrics = scalyr_monitor_list_metrics (call.js_type);
      for (guint i = 0; i < options->len; i++)
        scalyr_monitor_declare_option (proxy, g_object_ref (g_ptr_array_index (options, i)));
      for (guint i = 0; i < metrics->len; i++)
        scalyr_monitor_declare_metric (proxy, g_object_ref (g_ptr_array_index (metrics, i)));
      if (scalyr_monitor_get_type_description (call.js_type) != NULL)
        scalyr_monitor_declare_description (proxy, scalyr_monitor_get_type_description (call.js_type));
    }
  return proxy;
}

static void
scalyr_gjs_loader_class_init (ScalyrGjsLoaderClass *klass)
{
  SCALYR_MONITOR_LOADER_CLASS (klass)->load = scalyr_gjs_loader_load;
}

static void
scalyr_gjs_loader_init (ScalyrGjsLoader *self)
{
  (void) self;
}

G_MODULE_EXPORT GType scalyr_loader_module_get_type (void);

G_MODULE_EXPORT GType
scalyr_loader_module_get_type (void)
{
  return SCALYR_TYPE_GJS_LOADER;
}
