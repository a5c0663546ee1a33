/* test-checkpoint-write.c: checkpoint files are never written through a
 * link, neither at their path nor at the temporary `path~` (issue 12)
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-checkpoints-private.h"
#include "scalyr-uploader.h"

#define SECRET "root-only secret\n"
#define CHECKPOINT "{\"time\": 1.0, \"checkpoints\": {}}"

typedef struct {
  char *dir;
  char *secret;
  char *path;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  (void) data;
  f->dir = g_dir_make_tmp ("checkpoint-write-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->secret = g_build_filename (f->dir, "secret", NULL);
  f->path = g_build_filename (f->dir, SCALYR_CHECKPOINT_FILE, NULL);
  g_assert_true (g_file_set_contents (f->secret, SECRET, -1, NULL));
  g_assert_cmpint (g_chmod (f->secret, 0600), ==, 0);
}

static void
fixture_teardown (Fixture      *f,
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
assert_secret_untouched (Fixture *f)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (f->secret, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, SECRET);
}

/* a link at checkpoints.json: refused, named, left as it is */
static void
test_link_at_path (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("refusing to write %s: it is a symbolic link", f->path);

  (void) data;
  g_assert_cmpint (symlink (f->secret, f->path), ==, 0);
  g_assert_false (scalyr_checkpoints_write_file (f->dir, SCALYR_CHECKPOINT_FILE, CHECKPOINT, &error));
  g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_SYMLINK));
  assert_secret_untouched (f);
}

/* a link at the temporary checkpoints.json~ (planted, or a stale one):
 * never followed; the checkpoint is written */
static void
test_link_at_temporary (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_strconcat (f->path, "~", NULL);
  g_autofree char *text = NULL;
  struct stat st;

  (void) data;
  g_assert_cmpint (symlink (f->secret, tmp), ==, 0);
  g_assert_true (scalyr_checkpoints_write_file (f->dir, SCALYR_CHECKPOINT_FILE, CHECKPOINT, &error));
  g_assert_no_error (error);
  assert_secret_untouched (f);
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, CHECKPOINT);
  g_assert_cmpint (g_lstat (f->path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/checkpoints/write/link-at-path", Fixture, NULL, fixture_setup, test_link_at_path,
              fixture_teardown);
  g_test_add ("/checkpoints/write/link-at-temporary", Fixture, NULL, fixture_setup, test_link_at_temporary,
              fixture_teardown);
  return g_test_run ();
}
