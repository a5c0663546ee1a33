/* test-registry.c: finding and loading monitor modules by name
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include <scalyrmon.h>

static const char *example_dir;

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("scalyr-registry-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      remove_tree (child);
      g_object_unref (info);
    }
  g_remove (path);
}

/* A symbolic link, not a copy: one module file loaded from two places is
 * one module (the dynamic linker knows it by inode), while two copies would
 * each try to register the same type. */
static void
link_file (const char *target,
           const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0755);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static char *
example_module (void)
{
  return g_build_filename (example_dir, "random_coin.so", NULL);
}

static void
test_builtin (void)
{
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  g_autoptr(ScalyrMonitorModule) a = NULL, b = NULL, again = NULL;
  g_autoptr(GError) error = NULL;

  a = scalyr_monitor_registry_lookup (registry, "test_monitor", &error);
  g_assert_no_error (error);
  /* a module file of the builtin monitor directory, found by the ordinary search */
  g_assert_true (g_str_has_prefix (scalyr_monitor_module_get_path (a), g_getenv ("SCALYR_BUILTIN_MONITOR_PATH")));
  g_assert_true (g_str_has_suffix (scalyr_monitor_module_get_path (a), "/test_monitor.so"));
  g_assert_cmpstr (scalyr_monitor_module_get_language (a), ==, "C");
  g_assert_cmpstr (g_type_name (scalyr_monitor_module_get_monitor_type (a)), ==, "ScalyrTestMonitor");

  /* the reference's full name of a builtin */
  b = scalyr_monitor_registry_lookup (registry, "scalyr_agent.builtin_monitors.test_monitor", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_module_get_name (b), ==, "scalyr_agent.builtin_monitors.test_monitor");
  g_assert_cmpstr (scalyr_monitor_module_get_short_name (b), ==, "test_monitor");
  g_assert_true (scalyr_monitor_module_get_monitor_type (a) == scalyr_monitor_module_get_monitor_type (b));

  /* looked up once */
  again = scalyr_monitor_registry_lookup (registry, "test_monitor", &error);
  g_assert_true (again == a);
}

/* the builtin Linux monitors, by their short and their reference names */
static void
test_builtin_linux (void)
{
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  const char *names[][2] = {
    { "linux_system_metrics", "ScalyrLinuxSystemMetrics" },
    { "scalyr_agent.builtin_monitors.linux_system_metrics", "ScalyrLinuxSystemMetrics" },
    { "linux_process_metrics", "ScalyrLinuxProcessMetrics" },
    { "scalyr_agent.builtin_monitors.linux_process_metrics", "ScalyrLinuxProcessMetrics" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScalyrMonitorModule) module = scalyr_monitor_registry_lookup (registry, names[i][0], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (g_type_name (scalyr_monitor_module_get_monitor_type (module)), ==, names[i][1]);
      g_assert_true (g_str_has_suffix (scalyr_monitor_module_get_path (module), ".so"));
    }
}

/* the core names no monitor: without the builtin directory, none is found;
 * a type the program registers itself is */
static void
test_builtin_not_named (void)
{
  g_autofree char *empty = make_tmpdir ();
  g_autoptr(ScalyrMonitorRegistry) registry = NULL;
  g_autoptr(ScalyrMonitorModule) module = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("SCALYR_BUILTIN_MONITOR_PATH"));

  g_setenv ("SCALYR_BUILTIN_MONITOR_PATH", empty, TRUE);
  registry = scalyr_monitor_registry_new ();
  for (guint i = 0; i < 3; i++)
    {
      const char *name = (const char *[]) { "test_monitor", "linux_system_metrics", "linux_process_metrics" }[i];
      g_autoptr(ScalyrMonitorModule) none = scalyr_monitor_registry_lookup (registry, name, &error);

      g_assert_null (none);
      g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, empty));
      g_clear_error (&error);
    }

  scalyr_monitor_registry_register_builtin (registry, "my_monitor", SCALYR_TYPE_MONITOR);
  module = scalyr_monitor_registry_lookup (registry, "my_monitor", &error);
  g_assert_no_error (error);
  g_assert_null (scalyr_monitor_module_get_path (module));
  g_assert_true (scalyr_monitor_module_get_monitor_type (module) == SCALYR_TYPE_MONITOR);
  g_setenv ("SCALYR_BUILTIN_MONITOR_PATH", saved, TRUE);
}

/* A reference checkout on the search path: its Python versions of the
 * builtin monitors never replace the builtin modules, and no interpreter is
 * loaded for them. */
static void
test_reference_builtin_passed_over (void)
{
  g_autofree char *tree = make_tmpdir ();
  g_autofree char *dir = g_build_filename (tree, "scalyr_agent", "builtin_monitors", NULL);
  g_autofree char *py = g_build_filename (dir, "linux_system_metrics.py", NULL);
  const char *names[] = { "scalyr_agent.builtin_monitors.linux_system_metrics", "linux_system_metrics" };
  const char *paths[] = { tree, dir };
  g_autofree char *maps = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (py, "raise ImportError('tcollector')\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
      g_autoptr(ScalyrMonitorModule) module = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *described = NULL;

      scalyr_monitor_registry_add_search_path (registry, paths[i]);
      module = scalyr_monitor_registry_lookup (registry, names[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (scalyr_monitor_module_get_language (module), ==, "C");
      g_assert_cmpstr (g_type_name (scalyr_monitor_module_get_monitor_type (module)), ==, "ScalyrLinuxSystemMetrics");
      g_assert_true (g_str_has_suffix (scalyr_monitor_module_get_path (module), "/linux_system_metrics.so"));
      described = scalyr_monitor_module_describe (module);
      g_assert_nonnull (strstr (described, "Replaces:    "));
      g_assert_nonnull (strstr (described, py));
    }
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "libpython"));
  g_assert_null (strstr (maps, "python-loader"));
}

/* the language of the module a lookup would load, without loading it */
static void
test_dup_language (void)
{
  g_autofree char *tree = make_tmpdir ();
  g_autofree char *ref_dir = g_build_filename (tree, "scalyr_agent", "builtin_monitors", NULL);
  g_autofree char *py = g_build_filename (tree, "never_imported.py", NULL);
  g_autofree char *pkg = g_build_filename (tree, "pkg", NULL);
  g_autofree char *js = g_build_filename (pkg, "never_evaluated.js", NULL);
  g_autofree char *ref_py = g_build_filename (ref_dir, "linux_system_metrics.py", NULL);
  g_autofree char *maps = NULL;
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  static const struct {
    const char *name;
    const char *language;
  } cases[] = {
    { "never_imported", "Python" },
    { "pkg.never_evaluated", "JavaScript" },
    { "test_monitor", "C" },
    { "scalyr_agent.builtin_monitors.test_monitor", "C" },
    /* the reference's Python version gives way to the builtin module */
    { "scalyr_agent.builtin_monitors.linux_system_metrics", "C" },
    { "no_such_module", NULL },
    { "../escape", NULL },
  };

  g_assert_cmpint (g_mkdir_with_parents (ref_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (pkg, 0700), ==, 0);
  g_assert_true (g_file_set_contents (py, "while True:\n    pass\n", -1, NULL));
  g_assert_true (g_file_set_contents (js, "for (;;) {}\n", -1, NULL));
  g_assert_true (g_file_set_contents (ref_py, "raise ImportError('tcollector')\n", -1, NULL));
  scalyr_monitor_registry_add_search_path (registry, tree);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *language = scalyr_monitor_registry_dup_language (registry, cases[i].name);
      g_assert_cmpstr (language, ==, cases[i].language);
    }
  /* nothing was loaded: no interpreter mapped */
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "libpython"));
  g_assert_null (strstr (maps, "libgjs"));
  remove_tree (tree);
}

static void
test_search_order (void)
{
  g_autofree char *dir1 = make_tmpdir ();
  g_autofree char *dir2 = make_tmpdir ();
  g_autofree char *so = example_module ();
  g_autofree char *in_dir2 = g_build_filename (dir2, "coin.so", NULL);
  g_autofree char *py_in_dir1 = g_build_filename (dir1, "coin.py", NULL);
  g_autofree char *dotted = g_build_filename (dir1, "my", "pkg", "coin.so", NULL);
  g_autofree char *shadow = g_build_filename (dir2, "test_monitor.so", NULL);
  g_autofree char *list = g_strjoin (":", dir1, dir2, NULL);
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  g_autoptr(ScalyrMonitorModule) m1 = NULL, m2 = NULL, m3 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) search = NULL;

  link_file (so, in_dir2);
  link_file (so, dotted);
  link_file (so, shadow);
  scalyr_monitor_registry_add_search_paths (registry, list);
  search = scalyr_monitor_registry_dup_search_path (registry);
  g_assert_cmpstr (search[0], ==, dir1);
  g_assert_cmpstr (search[1], ==, dir2);
  g_assert_cmpstr (search[g_strv_length (search) - 2], ==, "/usr/share/scalyr-agent-2/local/monitors");

  /* the first directory holding the module wins */
  m1 = scalyr_monitor_registry_lookup (scalyr_monitor_registry_new (), "coin", &error);
  g_assert_null (m1);
  g_clear_error (&error);
  m1 = scalyr_monitor_registry_lookup (registry, "coin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_module_get_path (m1), ==, in_dir2);

  /* a.b.name is a/b/name.so */
  m2 = scalyr_monitor_registry_lookup (registry, "my.pkg.coin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_module_get_path (m2), ==, dotted);
  g_assert_cmpstr (scalyr_monitor_module_get_short_name (m2), ==, "coin");

  /* module files come before the monitors built into the library */
  m3 = scalyr_monitor_registry_lookup (registry, "test_monitor", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_module_get_path (m3), ==, shadow);

  /* a Python module in an earlier directory wins, and needs its loader */
  g_assert_true (g_file_set_contents (py_in_dir1, "# python\n", -1, NULL));
  g_setenv ("SCALYR_LOADER_PATH", dir2, TRUE);
  {
    g_autoptr(ScalyrMonitorRegistry) fresh = scalyr_monitor_registry_new ();
    g_autoptr(ScalyrMonitorModule) m = NULL;
    g_autofree char *expected = g_strdup_printf ("%s is a Python monitor, but the Python loader is not installed",
                                                 py_in_dir1);

    scalyr_monitor_registry_add_search_paths (fresh, list);
    m = scalyr_monitor_registry_lookup (fresh, "coin", &error);
    g_assert_null (m);
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED);
    g_assert_true (g_str_has_prefix (error->message, expected));
    g_assert_nonnull (strstr (error->message, "SCALYR_LOADER_PATH"));
    g_clear_error (&error);
  }
  g_unsetenv ("SCALYR_LOADER_PATH");

  remove_tree (dir1);
  remove_tree (dir2);
}

static void
test_errors (void)
{
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *not_monitor = g_build_filename (dir, "notmon.so", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.so", NULL);
  const char *bad_names[] = { "", "../x", "a/b", ".x", "x.", "a..b", "a b" };
  g_autoptr(GError) error = NULL;
  ScalyrMonitorModule *m;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      m = scalyr_monitor_registry_lookup (registry, bad_names[i], &error);
      g_assert_null (m);
      g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_NOT_FOUND);
      g_assert_true (g_str_has_prefix (error->message, "Invalid monitor module name"));
      g_clear_error (&error);
    }

  m = scalyr_monitor_registry_lookup (registry, "missing_monitor", &error);
  g_assert_null (m);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "No monitor module named \"missing_monitor\" (looked for "
                                   "missing_monitor.so, missing_monitor.py and missing_monitor.js in "));
  g_assert_nonnull (strstr (error->message, "/usr/share/scalyr-agent-2/local/monitors"));
  g_clear_error (&error);

  /* a shared object that is not a monitor module: libjson-glib, loaded already */
  {
    g_autoptr(GError) e = NULL;
    g_autofree char *maps = NULL;
    g_auto(GStrv) lines = NULL;
    const char *lib = NULL;

    g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, &e));
    lines = g_strsplit (maps, "\n", -1);
    for (gsize i = 0; lines[i] != NULL && lib == NULL; i++)
      if (strstr (lines[i], "libjson-glib-1.0.so") != NULL)
        lib = strchr (lines[i], '/');
    g_assert_nonnull (lib);
    link_file (lib, not_monitor);
  }
  g_assert_true (g_file_set_contents (garbage, "not an ELF file", -1, NULL));
  scalyr_monitor_registry_add_search_path (registry, dir);
  m = scalyr_monitor_registry_lookup (registry, "notmon", &error);
  g_assert_null (m);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "notmon.so is not a monitor module: it does not export "
                                   "scalyr_monitor_module_get_type(); add SCALYR_DEFINE_MONITOR_MODULE "
                                   "(your_monitor_get_type) to it"));
  g_clear_error (&error);

  m = scalyr_monitor_registry_lookup (registry, "garbage", &error);
  g_assert_null (m);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not load the C monitor module "));
  g_clear_error (&error);
}

static void
test_create_monitor (void)
{
  g_autoptr(ScalyrMonitorRegistry) registry = scalyr_monitor_registry_new ();
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(JsonObject) no_module = json_object_new ();
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;

  scalyr_monitor_registry_add_search_path (registry, example_dir);
  entry = scalyr_json_parse_object ("{ module: \"random_coin\", id: \"a\", gauss_mean: 3, sample_interval: 7 }",
                                    -1, &error);
  g_assert_no_error (error);
  monitor = scalyr_monitor_registry_create_monitor (registry, entry, NULL, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_get_monitor_name (monitor), ==, "random_coin(a)");
  g_assert_cmpfloat (scalyr_monitor_get_sample_interval (monitor), ==, 7);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (monitor), ==, "RandomCoinMonitor");

  g_assert_null (scalyr_monitor_registry_create_monitor (registry, no_module, NULL, 30, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==, "The monitor entry has no \"module\" field (a string); add one, "
                   "e.g. module: \"test_monitor\"");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  example_dir = g_getenv ("RANDOM_COIN_DIR");
  g_assert_nonnull (example_dir);

  g_test_add_func ("/registry/builtin", test_builtin);
  g_test_add_func ("/registry/builtin/linux", test_builtin_linux);
  g_test_add_func ("/registry/builtin/not-named", test_builtin_not_named);
  g_test_add_func ("/registry/builtin/reference-passed-over", test_reference_builtin_passed_over);
  g_test_add_func ("/registry/dup-language", test_dup_language);
  g_test_add_func ("/registry/search-order", test_search_order);
  g_test_add_func ("/registry/errors", test_errors);
  g_test_add_func ("/registry/create-monitor", test_create_monitor);
  return g_test_run ();
}
