/* test-rotation.c: every generation of a rotated log is read to its end,
 * once and in order, against a real addEvents server on 127.0.0.1; files
 * of `logs` that cannot be read are told
 * SPDX-License-Identifier: Apache-2.0 */
#include "upload-test-fixture.h"
#include "scalyr-log-file-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINES_PER_GEN 20

/* ROTATE_CREATE_LATE: logrotate's `create` with a writer that reopens late
 * (its postrotate signal comes later): renamed, an empty file created at
 * the path at once, the second half of the generation's lines written to
 * the renamed file after @settle_us. */
typedef enum { ROTATE_RENAME, ROTATE_COPYTRUNCATE, ROTATE_RECREATE, ROTATE_CREATE_LATE } RotateMode;

/* A writer thread: @gens generations of LINES_PER_GEN lines at @path, each
 * rotated away (@mode) @interval_us after it was written, then one last
 * line in the newest. */
typedef struct {
  char       *path;
  guint       gens;
  gulong      interval_us;
  gulong      settle_us;     /* copytruncate, recreate: pause after the rotation */
  RotateMode  mode;
  guint64     bytes;
  gint        done;
} RotWriter;

static char *
gen_line (guint gen, guint line)
{
  return g_strdup_printf ("g%05u l%02u the quick brown fox\n", gen, line);
}

/* Lines @from to @to - 1 of generation @gen, appended to @path. */
static void
write_lines (RotWriter *w, const char *path, guint gen, guint from, guint to)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  for (guint l = from; l < to; l++)
    {
      g_autofree char *line = gen_line (gen, l);
      g_string_append (text, line);
    }
  g_assert_cmpint (write (fd, text->str, text->len), ==, (gssize) text->len);
  close (fd);
  w->bytes += text->len;
}

static void
write_gen (RotWriter *w, guint gen, guint lines)
{
  write_lines (w, w->path, gen, 0, lines);
}

static gpointer
writer_thread (gpointer data)
{
  RotWriter *w = data;

  for (guint gen = 0; gen < w->gens; gen++)
    {
      write_gen (w, gen, w->mode == ROTATE_CREATE_LATE ? LINES_PER_GEN / 2 : LINES_PER_GEN);
      g_usleep (w->interval_us);
      g_autofree char *old = g_strdup_printf ("%s.%u", w->path, gen + 1);
      switch (w->mode)
        {
        case ROTATE_CREATE_LATE:
          g_assert_cmpint (g_rename (w->path, old), ==, 0);
          write_lines (w, w->path, gen, 0, 0);          /* created empty at once */
          g_usleep (w->settle_us);
          write_lines (w, old, gen, LINES_PER_GEN / 2, LINES_PER_GEN);
          continue;
        case ROTATE_RENAME:
          g_assert_cmpint (g_rename (w->path, old), ==, 0);
          break;
        case ROTATE_COPYTRUNCATE:
          {
            g_autofree char *text = file_contents (w->path);
            g_assert_true (g_file_set_contents (old, text, -1, NULL));
            g_assert_cmpint (truncate (w->path, 0), ==, 0);
          }
          break;
        case ROTATE_RECREATE:
          g_assert_cmpint (g_unlink (w->path), ==, 0);
          break;
        }
      g_usleep (w->settle_us);
    }
  write_gen (w, w->gens, 1);
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

typedef struct {
  MockServer *mock;
  RotWriter  *w;
  guint       expected;
} LinesWait;

static guint
lines_arrived (MockServer *mock, const char *path)
{
  GPtrArray *evs = mock_server_get_log (mock, path);
  return evs != NULL ? evs->len : 0;
}

static gboolean
all_lines_arrived (gpointer data)
{
  LinesWait *lw = data;
  return g_atomic_int_get (&lw->w->done) && lines_arrived (lw->mock, lw->w->path) >= lw->expected;
}

/* Every line of the writer arrived exactly once (after the server's
 * deduplication by si/sn), each generation in order, the generations one
 * after the other. */
static void
check_lines (MockServer *mock, const char *path, guint gens)
{
  GPtrArray *evs = mock_server_get_log (mock, path);
  g_autofree guint *next = g_new0 (guint, gens + 1);
  guint last_gen = 0;

  g_assert_nonnull (evs);
  for (guint i = 0; i < evs->len; i++)
    {
      MockEvent *e = evs->pdata[i];
      guint gen = G_MAXUINT, line = G_MAXUINT;
      g_assert_cmpint (sscanf (e->message, "g%u l%u", &gen, &line), ==, 2);
      g_assert_cmpuint (gen, <=, gens);
      g_autofree char *want = gen_line (gen, next[gen]);
      g_assert_cmpstr (e->message, ==, want);       /* once, in order */
      next[gen]++;
      g_assert_cmpuint (gen, >=, last_gen);         /* generations in order */
      last_gen = gen;
    }
  for (guint gen = 0; gen < gens; gen++)
    if (next[gen] != LINES_PER_GEN)
      g_test_message ("generation %u: %u lines of %u", gen, next[gen], LINES_PER_GEN);
  g_assert_cmpuint (evs->len, ==, gens * LINES_PER_GEN + 1);
  for (guint gen = 0; gen < gens; gen++)
    g_assert_cmpuint (next[gen], ==, LINES_PER_GEN);
  g_assert_cmpuint (next[gens], ==, 1);
  g_assert_cmpuint (evs->len, ==, gens * LINES_PER_GEN + 1);
  g_assert_cmpstr (mock_server_get_error (mock), ==, NULL);
}

static void
run_rotation (Fixture *f, RotateMode mode, guint gens, gulong interval_us, gulong settle_us, double spacing,
              double secs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "a.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-spacing", spacing, NULL);
  RotWriter w = { .path = path, .gens = gens, .interval_us = interval_us, .settle_us = settle_us,
                  .mode = mode };

  append (path, "");
  g_assert_true (scalyr_uploader_add_log (up, path, NULL, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.2);
  g_autoptr(GThread) thread = g_thread_new ("rotating-writer", writer_thread, &w);
  LinesWait lw = { f->mock, &w, gens * LINES_PER_GEN + 1 };
  /* Bounded: after @secs, what arrived is checked (and found short). */
  gint64 deadline = g_get_monotonic_time () + (gint64) (secs * G_USEC_PER_SEC);
  while (!all_lines_arrived (&lw) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_thread_join (g_steal_pointer (&thread));
  g_test_message ("%u of %u lines arrived", lines_arrived (f->mock, path), lw.expected);
  check_lines (f->mock, path, gens);
  wait_acked (up);
  scalyr_uploader_stop (up);
  g_assert_null (strstr (f->sink->data->str, "bytes skipped"));
}

/* From the main loop: generations @first to @gens - 1 written, generation
 * 0 to @gens - 1 renamed away, @pause seconds of the main loop after each,
 * then the last line. */
static void
rotate_in_loop (RotWriter *w, guint first, guint gens, double pause)
{
  for (guint gen = 0; gen < gens; gen++)
    {
      if (gen >= first)
        write_gen (w, gen, LINES_PER_GEN);
      g_autofree char *old = g_strdup_printf ("%s.%u", w->path, gen + 1);
      g_assert_cmpint (g_rename (w->path, old), ==, 0);
      run_for (pause);
    }
  write_gen (w, gens, 1);
  run_for (0.3);
}

typedef struct {
  RotateMode mode;
  guint      gens;
  gulong     interval_us;
  gulong     settle_us;
  double     spacing;
  double     secs;
} RotationCase;

/* Rename: as the agent runs by default (max_request_spacing 5 s), many
 * generations between two requests. copytruncate as logrotate does it:
 * the copy is made, the file emptied, the writer goes on a little later.
 * Deleted and created again: the deleted file is read to its end through
 * its descriptor. */
static const RotationCase rename_2s = { ROTATE_RENAME, 10, 2 * G_USEC_PER_SEC, 0, 5.0, 120 };
static const RotationCase rename_200ms = { ROTATE_RENAME, 100, 200000, 0, 5.0, 120 };
static const RotationCase rename_5ms = { ROTATE_RENAME, 1000, 5000, 0, 5.0, 120 };
static const RotationCase copytruncate = { ROTATE_COPYTRUNCATE, 8, 200000, 300000, 0.05, 30 };
static const RotationCase recreate = { ROTATE_RECREATE, 20, 100000, 20000, 0.05, 30 };
/* the writer goes on in the renamed file 1.5 s after the new one was created */
static const RotationCase create_late = { ROTATE_CREATE_LATE, 4, 100000, 1500000, 0.05, 30 };

static void
test_rotation (Fixture *f, gconstpointer data)
{
  const RotationCase *c = data;
  run_rotation (f, c->mode, c->gens, c->interval_us, c->settle_us, c->spacing, c->secs);
}

/* Member @member of the only log of the status (a new reference). */
static JsonNode *
log_status_member (ScalyrUploader *up, const char *member)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonArray *logs = json_object_get_array_member (json_node_get_object (status), "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, 1);
  return json_node_copy (json_object_get_member (json_array_get_object_element (logs, 0), member));
}

static gint64
log_status_int (ScalyrUploader *up, const char *member)
{
  g_autoptr(JsonNode) n = log_status_member (up, member);
  return json_node_get_int (n);
}

static char *
log_status_skipped (ScalyrUploader *up)
{
  g_autoptr(JsonNode) n = log_status_member (up, "last_skipped");
  return JSON_NODE_HOLDS_VALUE (n) ? g_strdup (json_node_get_string (n)) : NULL;
}

/* More than SCALYR_LOG_MAX_GENERATIONS generations wait while the server
 * is away: the oldest not yet read are skipped, each with a warning giving
 * its bytes, counted in the status; the others arrive once. */
static void
test_over_bound (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "a.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", 4096u, NULL);
  RotWriter w = { .path = path, .mode = ROTATE_RENAME };
  const guint gens = SCALYR_LOG_MAX_GENERATIONS + 18;

  append (path, "");
  g_assert_true (scalyr_uploader_add_log (up, path, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.2);
  mock_server_set_down (f->mock, TRUE);
  rotate_in_loop (&w, 0, gens, 0.01);
  g_assert_cmpint (log_status_int (up, "generations"), <=, SCALYR_LOG_MAX_GENERATIONS);
  gint64 skipped_gens = log_status_int (up, "generations_skipped");
  gint64 skipped = log_status_int (up, "skipped_bytes");
  g_assert_cmpint (skipped_gens, >=, gens + 1 - SCALYR_LOG_MAX_GENERATIONS);
  g_autofree char *gen_line0 = gen_line (0, 0);
  g_assert_cmpint (skipped, ==, skipped_gens * LINES_PER_GEN * (gint64) strlen (gen_line0));
  g_autofree char *warning = g_strdup_printf ("more than %u generations wait; skipping one (inode ",
                                              SCALYR_LOG_MAX_GENERATIONS);
  g_assert_nonnull (strstr (f->sink->data->str, warning));
  g_autofree char *bytes = g_strdup_printf ("): %zu bytes skipped", LINES_PER_GEN * strlen (gen_line0));
  g_assert_nonnull (strstr (f->sink->data->str, bytes));
  g_autofree char *last_error = log_status_skipped (up);
  g_assert_nonnull (strstr (last_error, "bytes skipped"));

  /* The rest arrives, once. */
  mock_server_set_down (f->mock, FALSE);
  guint expected = (guint) ((gens - (guint) skipped_gens) * LINES_PER_GEN + 1);
  RotWriter done = { .path = path, .done = 1 };
  LinesWait lw = { f->mock, &done, expected };
  run_until (all_lines_arrived, &lw, 30);
  wait_acked (up);
  scalyr_uploader_stop (up);
  GPtrArray *evs = mock_server_get_log (f->mock, path);
  g_assert_cmpuint (evs->len, ==, expected);
}

/* A file created at the path and deleted before the agent could open it:
 * a warning, in agent.log and in the status. */
static void
test_deleted_before_read (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "a.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);

  append (path, "");
  g_assert_true (scalyr_uploader_add_log (up, path, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.3);
  /* Without running the main loop in between: the agent cannot open the
   * second file before it is gone. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  append (path, "never read\n");
  g_assert_cmpint (g_unlink (path), ==, 0);
  append (path, "read\n");
  wait_text (f, path, "read\n", 5);
  run_for (1.0);
  g_assert_nonnull (strstr (f->sink->data->str,
                            "1 generation(s) were deleted before they could be read: their bytes are skipped"));
  g_assert_cmpint (log_status_int (up, "generations_skipped"), ==, 1);
  g_autofree char *last_error = log_status_skipped (up);
  g_assert_nonnull (strstr (last_error, "deleted before they could be read"));
  scalyr_uploader_stop (up);
}

/* Stopped with generations pending: the checkpoint lists them (by inode);
 * after the restart each line arrives once. */
static void
test_restart_pending (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "a.log");
  RotWriter w = { .path = path, .mode = ROTATE_RENAME };
  const guint gens = 4;

  append (path, "");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, path, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    write_gen (&w, 0, LINES_PER_GEN);
    LinesWait lw = { f->mock, &(RotWriter) { .path = path, .done = 1 }, LINES_PER_GEN };
    run_until (all_lines_arrived, &lw, 10);
    wait_acked (up);
    mock_server_set_down (f->mock, TRUE);
    rotate_in_loop (&w, 1, gens, 0.05);
    scalyr_uploader_stop (up);
  }
  g_autofree char *cpfile = g_build_filename (f->data_dir, "checkpoints.json", NULL);
  g_autofree char *cptext = file_contents (cpfile);
  g_autoptr(JsonNode) cproot = json_from_string (cptext, NULL);
  JsonObject *entry = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (cproot), "checkpoints"), path);
  JsonArray *pending = json_object_get_array_member (entry, "pending_files");
  g_assert_cmpuint (json_array_get_length (pending), ==, gens + 1);
  mock_server_set_down (f->mock, FALSE);
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, path, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    LinesWait lw = { f->mock, &(RotWriter) { .path = path, .done = 1 }, gens * LINES_PER_GEN + 1 };
    run_until (all_lines_arrived, &lw, 10);
    wait_acked (up);
    scalyr_uploader_stop (up);
  }
  check_lines (f->mock, path, gens);
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
}

/* ---- files of `logs` that cannot be read ---- */

static JsonArray *
unreadable_logs (ScalyrUploader *up, JsonNode **keep)
{
  *keep = scalyr_uploader_get_status (up);
  return json_object_get_array_member (json_node_get_object (*keep), "unreadable_logs");
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A FIFO and a dangling symbolic link matching the pattern (root-proof,
 * unlike permissions): one warning each, and in the status with the
 * reason; no hang on the FIFO. */
static void
test_unreadable_types (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *fifo = path_in (f, "fifo.log");
  g_autofree char *link = path_in (f, "dangling.log");
  g_autofree char *ok = path_in (f, "ok.log");
  g_autofree char *glob = path_in (f, "*.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("/nonexistent/target.log", link), ==, 0);
  append (ok, "");
  g_assert_true (scalyr_uploader_add_log (up, glob, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  append (ok, "fine\n");
  wait_text (f, ok, "fine\n", 5);
  run_for (0.5);    /* rescans: still one warning each */
  g_assert_cmpuint (count_occurrences (f->sink->data->str, "cannot be copied"), ==, 2);
  g_autofree char *w1 = g_strdup_printf ("log file %s cannot be copied: not a regular file (a FIFO); "
                                         "it is skipped until it can be read", fifo);
  g_assert_nonnull (strstr (f->sink->data->str, w1));
  g_autofree char *w2 = g_strdup_printf ("log file %s cannot be copied: a dangling symbolic link", link);
  g_assert_nonnull (strstr (f->sink->data->str, w2));
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *u = unreadable_logs (up, &keep);
  g_assert_cmpuint (json_array_get_length (u), ==, 2);
  JsonObject *u0 = json_array_get_object_element (u, 0);
  g_assert_cmpstr (json_object_get_string_member (u0, "path"), ==, link);
  g_assert_nonnull (strstr (json_object_get_string_member (u0, "reason"), "dangling symbolic link"));
  JsonObject *u1 = json_array_get_object_element (u, 1);
  g_assert_cmpstr (json_object_get_string_member (u1, "path"), ==, fifo);
  g_assert_cmpstr (json_object_get_string_member (u1, "reason"), ==, "not a regular file (a FIFO)");
  /* Once readable, it leaves the list. */
  g_assert_cmpint (g_unlink (link), ==, 0);
  append (link, "now a file\n");
  run_for (0.6);
  g_autoptr(JsonNode) keep2 = NULL;
  g_assert_cmpuint (json_array_get_length (unreadable_logs (up, &keep2)), ==, 1);
  scalyr_uploader_stop (up);
}

/* A file the agent's user may not read (EACCES). Root reads everything:
 * when run as root, the uploader runs in a child that dropped to nobody. */
static void
test_unreadable_permission (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *p = path_in (f, "secret.log");

  append (p, "secret\n");
  g_assert_cmpint (g_chmod (p, 0), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        _exit (3);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScalyrUploader) up = new_uploader (f, "data-dir", NULL, NULL);
      if (!scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error) || !scalyr_uploader_start (up, &error))
        _exit (4);
      run_for (0.3);
      g_autoptr(JsonNode) keep = NULL;
      JsonArray *u = unreadable_logs (up, &keep);
      g_autofree char *w = g_strdup_printf ("log file %s cannot be copied: cannot open %s: Permission denied", p, p);
      int rc = json_array_get_length (u) == 1
               && strstr (json_object_get_string_member (json_array_get_object_element (u, 0), "reason"),
                          "Permission denied") != NULL
               && strstr (f->sink->data->str, w) != NULL ? 0 : 5;
      if (rc != 0)
        g_printerr ("%s", f->sink->data->str);
      scalyr_uploader_stop (up);
      _exit (rc);
    }
  int status = 0;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD_CASE(name, c) g_test_add (name, Fixture, &c, fixture_setup, test_rotation, fixture_teardown)
  ADD_CASE ("/upload/rotation/rename-10-every-2s", rename_2s);
  ADD_CASE ("/upload/rotation/rename-100-every-200ms", rename_200ms);
  ADD_CASE ("/upload/rotation/rename-1000-every-5ms", rename_5ms);
  ADD_CASE ("/upload/rotation/copytruncate", copytruncate);
  ADD_CASE ("/upload/rotation/delete-recreate", recreate);
  ADD_CASE ("/upload/rotation/create-late-writer", create_late);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/upload/rotation/over-bound", test_over_bound);
  ADD ("/upload/rotation/deleted-before-read", test_deleted_before_read);
  ADD ("/upload/rotation/restart-pending", test_restart_pending);
  ADD ("/upload/unreadable/fifo-and-dangling-link", test_unreadable_types);
  ADD ("/upload/unreadable/permission", test_unreadable_permission);
  return g_test_run ();
}
