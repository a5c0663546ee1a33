/* scalyr-python-loader.c: runs monitors written in Python
 * SPDX-License-Identifier: Apache-2.0
 *
 * A ScalyrMonitorLoader for `NAME.py` modules, built as its own loadable
 * module so that processes running only C monitors never map libpython.
 *
 * The first load starts an embedded CPython (no signal handlers: the host
 * program owns signals) and releases the GIL at once; from then on the GIL
 * is taken only while Python code runs: when a module is imported here, and
 * when a monitor's thread calls one of its Python methods (PyGObject takes
 * the GIL in its vfunc trampolines and drops it around calls into C, so a
 * Python monitor waiting in sleep_but_awaken_if_stopped() holds nothing and
 * a busy Python monitor never blocks C monitors, which do not need it).
 *
 * The Python side of loading lives in the compatibility package
 * (scalyr_agent._loader): it imports the file, finds the ScalyrMonitor
 * subclass, applies the module's define_config_option() / define_metric()
 * declarations and formats import errors as `file:line: message`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>

#include <gmodule.h>
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

#include "scalyr-loader-paths-private.h"

#define SCALYR_TYPE_PYTHON_LOADER (scalyr_python_loader_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrPythonLoader, scalyr_python_loader, SCALYR, PYTHON_LOADER, ScalyrMonitorLoader)

struct _ScalyrPythonLoader
{
  ScalyrMonitorLoader parent_instance;
};

G_DEFINE_FINAL_TYPE (ScalyrPythonLoader, scalyr_python_loader, SCALYR_TYPE_MONITOR_LOADER)

/* The Python error being raised, as one line: "Type: message". Clears it. */
static char *
take_python_error (void)
{
  PyObject *type = NULL, *value = NULL, *traceback = NULL;
  PyObject *text = NULL;
  char *message;

  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  if (value != NULL)
    text = PyObject_Str (value);
  if (text != NULL && PyUnicode_Check (text))
    message = g_strdup (PyUnicode_AsUTF8 (text));
  else
    message = g_strdup ("unknown Python error");
  Py_XDECREF (text);
  Py_XDECREF (type);
  Py_XDECREF (value);
  Py_XDECREF (traceback);
  return message;
}

/* This module was loaded with local symbol binding, so libpython's symbols
 * are not visible to the extension modules Python will import (PyGObject's
 * _gi.so and others): make libpython global. */
static void
export_libpython_symbols (void)
{
  Dl_info info;

  if (dladdr (Py_None, &info) != 0 && info.dli_fname != NULL)
    {
      void *handle = dlopen (info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
      /* the handle stays open for the life of the process */
      (void) handle;
    }
}

/* The installed compatibility package (SCALYR_PYTHON_DIR), when Python
 * does not search its directory already (a prefix such as /opt/scalyr): an
 * installed loader puts it after PYTHONPATH's entries and before the site
 * directories (where an older copy may be); a loader in the build tree puts
 * it last (there PYTHONPATH names the source tree's package, and an
 * installed copy must not shadow it). Called with the GIL held. */
static void
add_package_dir (void)
{
  PyObject *sys_path = PySys_GetObject ("path");
  PyObject *dir = PyUnicode_FromString (SCALYR_PYTHON_DIR);

  if (sys_path != NULL && PyList_Check (sys_path) && dir != NULL && PySequence_Contains (sys_path, dir) == 0)
    {
      if (scalyr_loader_runs_installed ())
        {
          const char *env = g_getenv ("PYTHONPATH");
          g_auto (GStrv) entries = g_strsplit (env != NULL ? env : "", G_SEARCHPATH_SEPARATOR_S, -1);
          Py_ssize_t at = 0;

          /* Python made PYTHONPATH's entries absolute */
          for (guint i = 0; entries[i] != NULL; i++)
            {
              char *absolute = g_canonicalize_filename (entries[i], NULL);

              g_free (entries[i]);
              entries[i] = absolute;
            }
          while (at < PyList_Size (sys_path))
            {
              const char *entry = PyUnicode_AsUTF8 (PyList_GetItem (sys_path, at));

              if (entry == NULL || !g_strv_contains ((const char * const *) entries, entry))
                break;
              at++;
            }
          PyList_Insert (sys_path, at, dir);
        }
      else
        PyList_Append (sys_path, dir);
    }
  Py_XDECREF (dir);
  PyErr_Clear ();
}

static gboolean
ensure_python (GError **error)
{
  static gsize initialized = 0;
  static char *init_error = NULL;

  if (g_once_init_enter (&initialized))
    {
      if (!Py_IsInitialized ())
        {
          PyPreConfig preconfig;
          PyConfig config;
          PyStatus status;

          export_libpython_symbols ();
          /* before PyGObject starts GI */
          scalyr_loader_add_typelib_dir ();
          /* UTF-8 everywhere, and the process's locale left alone: an
           * agent's text is UTF-8 whatever LANG says */
          PyPreConfig_InitPythonConfig (&preconfig);
          preconfig.utf8_mode = 1;
          preconfig.configure_locale = 0;
          status = Py_PreInitialize (&preconfig);
          if (PyStatus_Exception (status))
            g_warning (_("Could not pre-initialize Python: %s"), status.err_msg ? status.err_msg : _("unknown error"));
          PyConfig_InitPythonConfig (&config);
          config.install_signal_handlers = 0;
          config.parse_argv = 0;
          status = Py_InitializeFromConfig (&config);
          PyConfig_Clear (&config);
          if (PyStatus_Exception (status))
            init_error = g_strdup_printf (_("Could not start Python: %s"),
                                          status.err_msg != NULL ? status.err_msg : _("unknown error"));
          else
            {
              add_package_dir ();
              /* the GIL is taken again only while Python code runs */
              PyEval_SaveThread ();
            }
        }
      g_once_init_leave (&initialized, 1);
    }
  if (init_error != NULL)
    {
      g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED, init_error);
      return FALSE;
    }
  return TRUE;
}

static GType
scalyr_python_loader_load (ScalyrMonitorLoader *loader,
                           const char          *path,
                           const char          *module_name,
                           GError             **error)
{
  PyGILState_STATE gil;
  PyObject *helper, *result;
  GType type = G_TYPE_INVALID;

  (void) loader;

  if (!ensure_python (error))
    return G_TYPE_INVALID;

  gil = PyGILState_Ensure ();
  helper = PyImport_ImportModule ("scalyr_agent._loader");
  if (helper == NULL)
    {
      g_autofree char *message = take_python_error ();
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                   _("%s needs the scalyr_agent Python package of libscalyrmon, which could not be "
                     "imported (%s); install it or add its directory to PYTHONPATH"), path, message);
      PyGILState_Release (gil);
      return G_TYPE_INVALID;
    }
  result = PyObject_CallMethod (helper, "load", "ss", path, module_name);
  if (result == NULL)
    {
      g_autofree char *message = take_python_error ();
      g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED, message);
    }
  else if (!PyUnicode_Check (result) || (type = g_type_from_name (PyUnicode_AsUTF8 (result))) == 0)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED,
                 _("%s: the Python loader returned no monitor type"), path);
  Py_XDECREF (result);
  Py_DECREF (helper);
  PyGILState_Release (gil);
  return type;
}

static void
scalyr_python_loader_class_init (ScalyrPythonLoaderClass *klass)
{
  SCALYR_MONITOR_LOADER_CLASS (klass)->load = scalyr_python_loader_load;
}

static void
scalyr_python_loader_init (ScalyrPythonLoader *self)
{
  (void) self;
}

G_MODULE_EXPORT GType scalyr_loader_module_get_type (void);

G_MODULE_EXPORT GType
scalyr_loader_module_get_type (void)
{
  return SCALYR_TYPE_PYTHON_LOADER;
}
