/* test-safe-file.c: scalyr_safe_file_open/replace/check_regular: never
 * through a link, never blocked by a FIFO (issue 12)
 * SPDX-License-Identifier: Apache-2.0 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include <scalyrmon.h>

#define SECRET "secret\n"

typedef struct {
  char *dir;
  char *secret;
  char *path;
} Fixture;

static void
setup (Fixture      *f,
       gconstpointer data)
{
  (void) data;
  f->dir = g_dir_make_tmp ("safe-file-XXXXXX", NULL);
  f->secret = g_build_filename (f->dir, "secret", NULL);
  f->path = g_build_filename (f->dir, "out.log", NULL);
  g_assert_true (g_file_set_contents (f->secret, SECRET, -1, NULL));
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  (void) data;
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->dir);
  g_free (f->secret);
  g_free (f->path);
}

static void
assert_refused (GError     *error,
                const char *path,
                const char *what)
{
  g_autofree char *expected = g_strdup_printf ("refusing to write %s: it is %s, not a regular file", path, what);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "remove it"));
}

static void
test_open_regular (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int fd;

  (void) data;
  fd = scalyr_safe_file_open (f->path, O_WRONLY | O_APPEND | O_CREAT, 0644, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  /* close-on-exec, and blocking again */
  g_assert_cmpint (fcntl (fd, F_GETFD) & FD_CLOEXEC, ==, FD_CLOEXEC);
  g_assert_cmpint (fcntl (fd, F_GETFL) & O_NONBLOCK, ==, 0);
  g_assert_cmpint (write (fd, "x", 1), ==, 1);
  close (fd);
}

static void
test_open_link (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  (void) data;
  g_assert_cmpint (symlink (f->secret, f->path), ==, 0);
  g_assert_cmpint (scalyr_safe_file_open (f->path, O_WRONLY | O_APPEND | O_CREAT, 0644, &error), ==, -1);
  assert_refused (error, f->path, "a symbolic link");
  g_assert_true (g_file_get_contents (f->secret, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, SECRET);
}

static void
test_open_fifo (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int reader;

  (void) data;
  g_assert_cmpint (mkfifo (f->path, 0644), ==, 0);
  /* no reader: would block forever without O_NONBLOCK */
  g_assert_cmpint (scalyr_safe_file_open (f->path, O_WRONLY | O_APPEND | O_CREAT, 0644, &error), ==, -1);
  assert_refused (error, f->path, "a FIFO (named pipe)");
  g_clear_error (&error);
  /* with a reader the open succeeds, and fstat refuses it */
  reader = open (f->path, O_RDONLY | O_NONBLOCK);
  g_assert_cmpint (reader, >=, 0);
  g_assert_cmpint (scalyr_safe_file_open (f->path, O_WRONLY | O_APPEND | O_CREAT, 0644, &error), ==, -1);
  assert_refused (error, f->path, "a FIFO (named pipe)");
  close (reader);
}

static void
test_replace (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_strconcat (f->path, "~", NULL);
  g_autofree char *text = NULL;

  (void) data;
  /* a link at the temporary is removed, not followed */
  g_assert_cmpint (symlink (f->secret, tmp), ==, 0);
  g_assert_true (scalyr_safe_file_replace (f->path, "new\n", -1, 0600, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "new\n");
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (f->secret, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, SECRET);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));

  /* a link at the path is refused and left */
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_assert_cmpint (symlink (f->secret, f->path), ==, 0);
  g_assert_false (scalyr_safe_file_replace (f->path, "new\n", -1, 0600, FALSE, &error));
  assert_refused (error, f->path, "a symbolic link");
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_SYMLINK));
}

static void
test_check_regular (Fixture      *f,
                    gconstpointer data)
{
  const struct { const char *name, *what; } cases[] = {
    { "dangling", "a dangling symbolic link" },
    { "loop", "a symbolic link loop" },
    { "dir", "a directory" },
    { "fifo", "a FIFO (named pipe)" },
  };

  (void) data;
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *link = g_build_filename (f->dir, "good", NULL);
    g_assert_true (scalyr_safe_file_check_regular (f->secret, &error));
    g_assert_cmpint (symlink (f->secret, link), ==, 0);
    g_assert_true (scalyr_safe_file_check_regular (link, &error));
    g_assert_no_error (error);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (f->dir, cases[i].name, NULL);
      g_autofree char *expected = g_strdup_printf ("%s is %s, not a regular file", path, cases[i].what);

      if (i == 0)
        g_assert_cmpint (symlink ("/nonexistent/x", path), ==, 0);
      else if (i == 1)
        g_assert_cmpint (symlink (path, path), ==, 0);
      else if (i == 2)
        g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      else
        g_assert_cmpint (mkfifo (path, 0644), ==, 0);
      g_assert_false (scalyr_safe_file_check_regular (path, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/safe-file/open/regular", Fixture, NULL, setup, test_open_regular, teardown);
  g_test_add ("/safe-file/open/link", Fixture, NULL, setup, test_open_link, teardown);
  g_test_add ("/safe-file/open/fifo", Fixture, NULL, setup, test_open_fifo, teardown);
  g_test_add ("/safe-file/replace", Fixture, NULL, setup, test_replace, teardown);
  g_test_add ("/safe-file/check-regular", Fixture, NULL, setup, test_check_regular, teardown);
  return g_test_run ();
}
