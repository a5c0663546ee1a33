/* scalyr-log-file.c: one file being copied: its descriptor, what is
 * acknowledged and what is read into the request, rotation
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-file-private.h"
#include "scalyr-upload-json-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
scalyr_log_file_free (ScalyrLogFile *log)
{
  g_clear_pointer (&log->gens, g_ptr_array_unref);
  g_free (log->id_str);
  g_free (log->path);
  g_free (log->attrs_json);
  g_free (log->table_logs);
  g_free (log->table_threads);
  g_free (log->si);
  g_free (log->last_error);
  g_free (log->last_skipped);
  g_clear_object (&log->logger);
  scalyr_line_parser_free (log->line_parser);
  g_free (log);
}

void
scalyr_log_file_set_error (ScalyrLogFile *log, const char *message)
{
  g_free (log->last_error);
  log->last_error = g_strdup (message);
}

static void
append_json_node (GString *out, JsonNode *node)
{
  g_autofree char *s = json_to_string (node, FALSE);
  g_string_append (out, s);
}

/* The log's attributes as request text, and its entries of the request's
 * "logs" and "threads" tables. @renamed: the rename_logfile name of the
 * log, or NULL. */
static void
log_build_tables (ScalyrLogFile *log, const char *renamed)
{
  g_autoptr(GString) attrs = g_string_new (NULL);
  LogMatcher *m = log->matcher;
  gboolean has_logfile = FALSE;
  gboolean has_original = FALSE;

  if (m->attributes != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      json_object_iter_init (&iter, m->attributes);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (g_str_equal (name, "parser") || g_str_equal (name, "message"))
            continue;
          if (g_str_equal (name, "logfile") || g_str_equal (name, "filename"))
            has_logfile = TRUE;
          if (g_str_equal (name, "original_file"))
            has_original = TRUE;
          scalyr_upload_json_escape (attrs, name, strlen (name));
          g_string_append_c (attrs, ':');
          append_json_node (attrs, value);
          g_string_append_c (attrs, ',');
        }
    }
  if (!has_logfile)
    {
      const char *logfile = renamed != NULL ? renamed : log->path;
      g_string_append (attrs, "\"logfile\":");
      scalyr_upload_json_escape (attrs, logfile, strlen (logfile));
      g_string_append_c (attrs, ',');
    }
  if (renamed != NULL && !has_original)
    {
      g_string_append (attrs, "\"original_file\":");
      scalyr_upload_json_escape (attrs, log->path, strlen (log->path));
      g_string_append_c (attrs, ',');
    }
  g_string_append (attrs, "\"parser\":");
  const char *parser = m->parser != NULL ? m->parser : "default";
  scalyr_upload_json_escape (attrs, parser, strlen (parser));
  g_string_append_c (attrs, ',');
  log->attrs_json = g_string_free (g_steal_pointer (&attrs), FALSE);

  g_autoptr(GString) t = g_string_new ("{\"id\":\"");
  g_string_append (t, log->id_str);
  g_string_append (t, "\",\"attrs\":{");
  g_string_append_len (t, log->attrs_json, (gssize) strlen (log->attrs_json) - 1);
  g_string_append (t, "}}");
  log->table_logs = g_string_free (g_steal_pointer (&t), FALSE);

  g_autofree char *name = g_strconcat ("Lines for file ", log->path, NULL);
  t = g_string_new ("{\"id\":\"");
  g_string_append (t, log->id_str);
  g_string_append (t, "\",\"name\":");
  scalyr_upload_json_escape (t, name, strlen (name));
  g_string_append_c (t, '}');
  log->table_threads = g_string_free (g_steal_pointer (&t), FALSE);
}

/* Opens @path for reading, without blocking (a FIFO), refusing what is
 * not a regular file; @error says why. */
static int
open_file (const char *path, guint64 *ino, guint64 *size, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  struct stat st;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot open %s: %s",
                   path, g_strerror (saved));
      errno = saved;
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "%s is not a regular file", path);
      errno = EISDIR;
      return -1;
    }
  *ino = (guint64) st.st_ino;
  *size = (guint64) st.st_size;
  return fd;
}

/* A file of @dir whose inode is @ino, other than @except. */
static char *
find_by_inode (const char *dir, guint64 ino, const char *except)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      struct stat st;
      if (g_strcmp0 (p, except) != 0 && stat (p, &st) == 0 && S_ISREG (st.st_mode)
          && (guint64) st.st_ino == ino)
        return g_steal_pointer (&p);
    }
  return NULL;
}

/* ---- generations ---- */

static void
gen_free (gpointer data)
{
  ScalyrLogGeneration *g = data;
  if (g->fd >= 0)
    close (g->fd);
  g_free (g);
}

static ScalyrLogGeneration *
gen_new (int fd, guint64 ino, guint64 size)
{
  ScalyrLogGeneration *g = g_new0 (ScalyrLogGeneration, 1);
  g->fd = fd;
  g->ino = ino;
  g->size = size;
  return g;
}

static inline ScalyrLogGeneration *
gen_get (ScalyrLogFile *log, guint i)
{
  return log->gens->pdata[i];
}

static gboolean
gen_find (ScalyrLogFile *log, guint64 ino, guint *index)
{
  for (guint i = 0; i < log->gens->len; i++)
    if (gen_get (log, i)->ino == ino)
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

static void
gen_refresh (ScalyrLogGeneration *g)
{
  struct stat st;
  if (fstat (g->fd, &st) == 0)
    g->size = (guint64) st.st_size;
}

/* Whether @g may be read: one not known as renamed away (opened at the
 * path) waits while renames are being told, as older generations may
 * still be found through them (GIO tells directory events late, in
 * batches). */
static gboolean
rename_settled (ScalyrLogFile *log, ScalyrLogGeneration *g)
{
  return g->renamed || g_get_monotonic_time () - log->last_rename >= SCALYR_LOG_RENAME_SETTLE;
}

/* The index of the generation holding @offset: the last entered whose
 * base is not past it. */
static guint
gen_at (ScalyrLogFile *log, guint64 offset)
{
  guint k = 0;
  for (guint i = 1; i < log->gens->len; i++)
    {
      ScalyrLogGeneration *g = gen_get (log, i);
      if (!g->entered || g->base > offset)
        break;
      k = i;
    }
  return k;
}

static void
log_skip_message (ScalyrLogFile *log, const char *message)
{
  scalyr_warning (log->logger, "%s", message);
  scalyr_log_file_set_error (log, message);
  g_free (log->last_skipped);
  log->last_skipped = g_strdup (message);
}

/* Adds @g (not yet read) at @index (the end when past it), keeping at most
 * SCALYR_LOG_MAX_GENERATIONS: past that, the oldest not yet entered (but
 * the file at the path) is skipped, with a warning. */
static void
gen_insert (ScalyrLogFile *log, ScalyrLogGeneration *g, guint index)
{
  g_ptr_array_insert (log->gens, (gint) MIN (index, log->gens->len), g);
  while (log->gens->len > SCALYR_LOG_MAX_GENERATIONS)
    {
      guint victim = 0;
      for (guint i = 1; i + 1 < log->gens->len && victim == 0; i++)
        if (!gen_get (log, i)->entered)
          victim = i;
      if (victim == 0)
        break;                  /* all in the request: until it is answered */
      ScalyrLogGeneration *v = gen_get (log, victim);
      gen_refresh (v);
      log->skipped_bytes += v->size;
      log->generations_skipped++;
      g_autofree char *msg = g_strdup_printf (
          "%s was rotated faster than it is copied: more than %u generations wait; skipping one "
          "(inode %" G_GUINT64_FORMAT "): %" G_GUINT64_FORMAT " bytes skipped", log->path,
          SCALYR_LOG_MAX_GENERATIONS, v->ino, v->size);
      log_skip_message (log, msg);
      g_ptr_array_remove_index (log->gens, victim);
    }
}

guint64
scalyr_log_file_get_pending (ScalyrLogFile *log)
{
  guint64 pending = 0;

  for (guint i = 0; i < log->gens->len; i++)
    {
      ScalyrLogGeneration *g = gen_get (log, i);
      guint64 start = i == 0 ? 0 : g->base;
      if (i > 0 && !g->entered)
        pending += g->size;
      else if (g->base + g->size > log->mark)
        pending += g->base + g->size - MAX (start, log->mark);
    }
  return pending;
}

void
scalyr_log_file_skip_if_too_far (ScalyrLogFile *log, guint64 limit)
{
  guint64 skipped = scalyr_log_file_get_pending (log);

  if (skipped > limit)
    {
      /* To the end of the newest generation. */
      while (log->gens->len > 1)
        g_ptr_array_remove_index (log->gens, 0);
      ScalyrLogGeneration *g = gen_get (log, 0);
      log->skipped_bytes += skipped;
      log->sn_mark += skipped;
      g->entered = TRUE;
      g->base = log->mark + skipped - g->size;
      log->mark = log->read = g->base + g->size;
      scalyr_warning (log->logger, "skipForTooFarBehind: %s is %" G_GUINT64_FORMAT
                      " bytes behind (limit %" G_GUINT64_FORMAT "); skipping them",
                      log->path, skipped, limit);
      g_autofree char *msg = g_strdup_printf ("skipped %" G_GUINT64_FORMAT " bytes (too far behind)", skipped);
      scalyr_log_file_set_error (log, msg);
      g_free (log->last_skipped);
      log->last_skipped = g_steal_pointer (&msg);
    }
}

/* The generations of checkpoint @cp, found by inode in the directory of
 * the path (@fd the file at the path, whose inode is @ino): the first from
 * the checkpoint's offset, the others from 0, then the file at the path
 * when it is not one of them. */
static void
log_resume (ScalyrLogFile *log, const ScalyrCheckpoint *cp, int fd, guint64 ino, guint64 size)
{
  g_autofree char *dir = g_path_get_dirname (log->path);
  guint n = 1 + (cp->more != NULL ? cp->more->len : 0);
  gboolean path_used = FALSE;

  log->si = cp->sequence_id != NULL ? g_strdup (cp->sequence_id) : g_uuid_string_random ();
  log->sn_mark = cp->sequence_number;
  for (guint k = 0; k < n && !path_used; k++)
    {
      const ScalyrCheckpointFile *f = k > 0 ? &g_array_index (cp->more, ScalyrCheckpointFile, k - 1) : NULL;
      guint64 want = k == 0 ? cp->inode : f->inode;
      guint64 offset = k == 0 ? cp->offset : 0;
      ScalyrLogGeneration *g = NULL;
      if (want == 0 || want == ino)
        {
          g = gen_new (fd, ino, size);
          path_used = TRUE;
          if (offset > size)
            {
              scalyr_warning (log->logger, "%s is shorter (%" G_GUINT64_FORMAT ") than its checkpoint (%"
                              G_GUINT64_FORMAT "); reading it from 0", log->path, size, offset);
              offset = 0;
            }
        }
      else
        {
          g_autofree char *old = find_by_inode (dir, want, log->path);
          guint64 old_ino = 0, old_size = 0;
          int old_fd = old != NULL ? open_file (old, &old_ino, &old_size, NULL) : -1;
          if (old_fd >= 0 && old_size >= offset)
            {
              g = gen_new (old_fd, old_ino, old_size);
              scalyr_info (log->logger, "%s was rotated to %s; finishing it from offset %"
                           G_GUINT64_FORMAT, log->path, old, offset);
            }
          else
            {
              if (old_fd >= 0)
                close (old_fd);
              /* The first one's size is not recorded: its unread bytes are unknown. */
              g_autofree char *lost = k == 0 ? g_strdup ("its unread") : g_strdup_printf ("%" G_GUINT64_FORMAT, f->size);
              log->skipped_bytes += k == 0 ? 0 : f->size;
              log->generations_skipped++;
              g_autofree char *msg = g_strdup_printf ("%s was rotated and the old file (inode %" G_GUINT64_FORMAT
                                                      ") is gone: %s bytes skipped", log->path, want, lost);
              log_skip_message (log, msg);
              continue;
            }
        }
      if (log->gens->len == 0)
        {
          g->entered = TRUE;
          g->base = 0;
          log->mark = log->read = offset;
        }
      g_ptr_array_add (log->gens, g);
    }
  if (!path_used)
    {
      ScalyrLogGeneration *g = gen_new (fd, ino, size);
      if (log->gens->len == 0)
        {
          scalyr_warning (log->logger, "%s was rotated and the old file is gone; reading the new one from 0",
                          log->path);
          g->entered = TRUE;
          log->mark = log->read = 0;
        }
      g_ptr_array_add (log->gens, g);
    }
}

ScalyrLogFile *
scalyr_log_file_open (guint                   id,
                      const char             *path,
                      LogMatcher             *m,
                      const ScalyrCheckpoint *cp,
                      gboolean                from_start,
                      guint64                 max_offset,
                      ScalyrAgentLogger      *logger,
                      GError                **error)
{
  guint64 ino = 0, size = 0;
  int fd;

  fd = open_file (path, &ino, &size, error);
  if (fd < 0)
    return NULL;

  ScalyrLogFile *log = g_new0 (ScalyrLogFile, 1);
  log->id = id;
  log->id_str = g_strdup_printf ("log_%u", log->id);
  log->path = g_strdup (path);
  log->matcher = m;
  log->logger = g_object_ref (logger);
  log->gens = g_ptr_array_new_with_free_func (gen_free);
  g_autofree char *renamed = scalyr_log_matcher_rename (m, path, logger);
  log_build_tables (log, renamed);

  if (cp != NULL)
    log_resume (log, cp, fd, ino, size);
  else
    {
      ScalyrLogGeneration *g = gen_new (fd, ino, size);
      g->entered = TRUE;
      g_ptr_array_add (log->gens, g);
      log->si = g_uuid_string_random ();
      log->mark = from_start ? 0 : size;
      log->read = log->mark;
      log->sn_mark = log->mark;
    }
  scalyr_log_file_skip_if_too_far (log, max_offset);
  if (renamed != NULL)
    scalyr_info (logger, "copying %s as %s (logfile %s) from offset %" G_GUINT64_FORMAT,
                 path, log->id_str, renamed, log->mark);
  else
    scalyr_info (logger, "copying %s as %s from offset %" G_GUINT64_FORMAT,
                 path, log->id_str, log->mark);
  return log;
}

/* An open log of an ignore_stale_files entry, fully acknowledged and not
 * written for staleness_threshold_secs, is closed; its checkpoint is kept
 * for when it is written again: returned. */
ScalyrCheckpoint *
scalyr_log_file_close_if_stale (ScalyrLogFile *log)
{
  struct stat st;
  ScalyrCheckpoint *cp;
  ScalyrLogGeneration *g = gen_get (log, 0);

  if (!log->matcher->ignore_stale || log->gens->len > 1 || log->mark < g->base + g->size
      || fstat (g->fd, &st) != 0 || g->base + (guint64) st.st_size > log->mark
      || !scalyr_log_matcher_is_stale (log->matcher, st.st_mtime))
    return NULL;
  cp = g_new0 (ScalyrCheckpoint, 1);
  cp->path = g_strdup (log->path);
  cp->offset = log->mark - g->base;
  cp->inode = g->ino;
  cp->is_log_file = TRUE;
  cp->sequence_id = g_strdup (log->si);
  cp->sequence_number = log->sn_mark;
  cp->time = (double) g_get_real_time () / G_USEC_PER_SEC;
  scalyr_info (log->logger, "%s is stale (not written for more than %g s, ignore_stale_files): closed; "
               "copying resumes when it is written again", log->path, log->matcher->staleness_threshold);
  return cp;
}

/* The newest copy of the truncated @log->path made in the last 300 s (as
 * logrotate's copytruncate names them), of at least @min_size bytes and
 * not one of its generations. */
static char *
find_truncated_copy (ScalyrLogFile *log, guint64 min_size)
{
  g_autofree char *dir = g_path_get_dirname (log->path);
  g_autofree char *base = g_path_get_basename (log->path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_time = 0;
  const char *name;
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = dot != NULL && dot != base ? g_strndup (base, (gsize) (dot - base)) : g_strdup (base);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      struct stat cst;
      if (g_str_equal (name, base) || g_str_has_suffix (name, ".gz")
          || (!g_str_has_prefix (name, base) && !g_str_has_prefix (name, stem)))
        continue;
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (stat (p, &cst) != 0 || !S_ISREG (cst.st_mode) || (guint64) cst.st_size < min_size
          || now - (gint64) cst.st_ctime > 300 || gen_find (log, (guint64) cst.st_ino, NULL))
        continue;
      if (best == NULL || (gint64) cst.st_ctime > best_time)
        {
          g_free (best);
          best = g_steal_pointer (&p);
          best_time = (gint64) cst.st_ctime;
        }
    }
  return g_steal_pointer (&best);
}

/* copytruncate of the file at the path, generation @i: the bytes not yet
 * read are in a copy, if we find one, which takes its place; the file at
 * the path follows it, from 0. */
static void
log_truncated (ScalyrLogFile *log, guint i)
{
  ScalyrLogGeneration *g = gen_get (log, i);
  guint64 local_mark = g->entered && log->mark > g->base ? log->mark - g->base : 0;
  g_autofree char *best = find_truncated_copy (log, local_mark);
  guint64 ino = 0, size = 0;
  int fd = best != NULL ? open_file (best, &ino, &size, NULL) : -1;
  guint64 old_size = g->size;

  gen_refresh (g);
  if (fd >= 0)
    {
      scalyr_info (log->logger, "%s was truncated; finishing its copy %s from offset %"
                   G_GUINT64_FORMAT, log->path, best, local_mark);
      ScalyrLogGeneration *copy = gen_new (fd, ino, size);
      copy->entered = g->entered;
      copy->base = g->base;
      g->entered = FALSE;
      g_ptr_array_insert (log->gens, (gint) i, copy);
      return;
    }
  guint64 lost = old_size > local_mark ? old_size - local_mark : 0;
  g_autofree char *msg = g_strdup_printf ("%s was truncated and no copy was found; reading it from 0: %"
                                          G_GUINT64_FORMAT " bytes skipped", log->path, lost);
  log->skipped_bytes += lost;
  log_skip_message (log, msg);
  scalyr_log_file_set_error (log, "truncated without a copy");
  if (g->entered && i == 0)
    log->mark = log->read = g->base;
}

/* A generation found by a directory event: counted once. */
static void
gen_claim (ScalyrLogFile *log, ScalyrLogGeneration *g)
{
  if (!g->claimed)
    {
      g->claimed = TRUE;
      log->claimed++;
    }
}

/* The file at the path now, as the newest generation, if it is new. */
static ScalyrLogGeneration *
open_path_generation (ScalyrLogFile *log)
{
  guint64 ino = 0, size = 0;
  guint i;
  int fd = open_file (log->path, &ino, &size, NULL);

  if (fd < 0)
    return NULL;
  if (gen_find (log, ino, &i))
    {
      close (fd);
      return gen_get (log, i);
    }
  scalyr_info (log->logger, "%s was rotated; a new generation is open (%u)", log->path, log->gens->len + 1);
  ScalyrLogGeneration *g = gen_new (fd, ino, size);
  gen_insert (log, g, G_MAXUINT);
  return g;
}

void
scalyr_log_file_notice_created (ScalyrLogFile *log)
{
  log->creations++;
  log->last_event = g_get_monotonic_time ();
  ScalyrLogGeneration *g = open_path_generation (log);
  if (g != NULL)
    gen_claim (log, g);
}

gboolean
scalyr_log_file_check (ScalyrLogFile *log, double deletion_delay)
{
  struct stat pst;
  gboolean path_exists;

  /* Generations read to their end and acknowledged are closed. */
  for (;;)
    {
      ScalyrLogGeneration *g0 = gen_get (log, 0);
      gen_refresh (g0);
      if (log->gens->len < 2 || log->mark < g0->base + g0->size)
        break;
      ScalyrLogGeneration *g1 = gen_get (log, 1);
      if (!rename_settled (log, g1))
        break;
      g1->entered = TRUE;
      g1->base = g0->base + g0->size;
      g_ptr_array_remove_index (log->gens, 0);
      scalyr_info (log->logger, "%s: a rotated generation is copied to its end; %u open", log->path,
                   log->gens->len);
    }
  /* Those after the first are entered again when reading reaches them. */
  for (guint i = 1; i < log->gens->len; i++)
    gen_get (log, i)->entered = FALSE;

  path_exists = stat (log->path, &pst) == 0 && S_ISREG (pst.st_mode);
  if (!path_exists)
    {
      if (log->missing_since == 0)
        log->missing_since = g_get_monotonic_time ();
      ScalyrLogGeneration *g0 = gen_get (log, 0);
      if (log->gens->len == 1 && log->mark >= g0->base + g0->size
          && g_get_monotonic_time () - log->missing_since >= (gint64) (deletion_delay * G_USEC_PER_SEC))
        {
          scalyr_info (log->logger, "%s deleted and fully copied; no longer copied", log->path);
          return FALSE;
        }
      return TRUE;
    }
  log->missing_since = 0;

  guint i;
  if (gen_find (log, (guint64) pst.st_ino, &i))
    {
      ScalyrLogGeneration *g = gen_get (log, i);
      guint64 old_size = g->size;
      gen_refresh (g);
      guint64 local_mark = g->entered && log->mark > g->base ? log->mark - g->base : 0;
      if (i + 1 == log->gens->len && (g->size < local_mark || (!g->entered && g->size < old_size)))
        log_truncated (log, i);
      return TRUE;
    }

  /* A new file at the path that no directory event told (or not yet). */
  open_path_generation (log);
  return TRUE;
}

void
scalyr_log_file_notice_renamed (ScalyrLogFile *log,
                                const char    *new_path)
{
  guint64 ino = 0, size = 0;
  int fd;

  log->last_event = log->last_rename = g_get_monotonic_time ();
  fd = open_file (new_path, &ino, &size, NULL);
  if (fd < 0)
    return;
  guint k;
  if (gen_find (log, ino, &k))
    {
      close (fd);
      gen_get (log, k)->renamed = TRUE;
      gen_claim (log, gen_get (log, k));
      return;
    }
  /* Renames are told in order: it is newer than those renamed before, and
   * older than those not yet renamed (opened at the path after it was
   * renamed away), but never before one already read. */
  guint index = 0;
  while (index < log->gens->len && (gen_get (log, index)->entered || gen_get (log, index)->renamed))
    index++;
  scalyr_info (log->logger, "%s was rotated to %s; its generation is open", log->path, new_path);
  ScalyrLogGeneration *g = gen_new (fd, ino, size);
  g->renamed = TRUE;
  gen_claim (log, g);
  gen_insert (log, g, index);
}

void
scalyr_log_file_check_lost (ScalyrLogFile *log)
{
  if (log->creations <= log->claimed + log->lost_reported
      || g_get_monotonic_time () - log->last_event < G_USEC_PER_SEC / 2)
    return;
  guint lost = log->creations - log->claimed - log->lost_reported;
  log->lost_reported += lost;
  log->generations_skipped += lost;
  g_autofree char *msg = g_strdup_printf ("%s: %u generation(s) were deleted before they could be read: "
                                          "their bytes are skipped (how many is unknown: never opened)",
                                          log->path, lost);
  log_skip_message (log, msg);
}

void
scalyr_log_file_build_checkpoint (ScalyrLogFile *log,
                                  double         time,
                                  JsonBuilder   *jb)
{
  ScalyrLogGeneration *g0 = gen_get (log, 0);
  g_autoptr(GArray) more = NULL;
  ScalyrCheckpoint cp = {
    .path = log->path, .offset = log->mark - g0->base, .inode = g0->ino,
    .is_log_file = log->gens->len == 1, .sequence_id = log->si,
    .sequence_number = log->sn_mark, .time = time,
  };

  if (log->gens->len > 1)
    {
      more = g_array_sized_new (FALSE, FALSE, sizeof (ScalyrCheckpointFile), log->gens->len - 1);
      for (guint i = 1; i < log->gens->len; i++)
        {
          ScalyrLogGeneration *g = gen_get (log, i);
          ScalyrCheckpointFile f = { g->ino, g->size, i + 1 == log->gens->len };
          g_array_append_val (more, f);
        }
      cp.more = more;
    }
  scalyr_checkpoint_build (&cp, g0->size, jb);
}

void
scalyr_log_file_begin_request (ScalyrLogFile *log)
{
  log->in_request = FALSE;
  log->read = log->mark;
  log->pending_redacted = log->pending_sampled_out = log->pending_sampled_out_bytes = 0;
  log->pending_unsent_bytes = 0;
}

gssize
scalyr_log_file_read_page (ScalyrLogFile *log, char *buf, gsize page)
{
  ssize_t n;
  guint i = gen_at (log, log->read);
  ScalyrLogGeneration *g = gen_get (log, i);

  for (;;)
    {
      gboolean last = i + 1 == log->gens->len;
      if (log->read - g->base >= g->size)
        gen_refresh (g);
      if (log->read - g->base < g->size || last)
        break;
      /* At the end of a generation rotated away: on to the next. */
      ScalyrLogGeneration *next = gen_get (log, i + 1);
      if (!rename_settled (log, next))
        break;
      i++;
      next->entered = TRUE;
      next->base = g->base + g->size;
      gen_refresh (next);
      g = next;
    }
  guint64 local = log->read - g->base;
  if (local >= g->size)
    return 0;
  if (i + 1 < log->gens->len)
    page = (gsize) MIN ((guint64) page, g->size - local);
  do
    n = pread (g->fd, buf, page, (off_t) local);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      g_autofree char *msg = g_strdup_printf ("read error: %s", g_strerror (errno));
      scalyr_log_file_set_error (log, msg);
      return 0;
    }
  return n;
}

gboolean
scalyr_log_file_partial_waits (ScalyrLogFile *log, double wait)
{
  gint64 now = g_get_monotonic_time ();

  /* The end of a generation rotated away: its last line is complete. */
  if (gen_at (log, log->read) + 1 < log->gens->len)
    return FALSE;
  if (log->partial_since == 0 || log->partial_at != log->read)
    {
      log->partial_at = log->read;
      log->partial_since = now;
      return TRUE;
    }
  return now - log->partial_since < (gint64) (wait * G_USEC_PER_SEC);
}

guint64
scalyr_log_file_acknowledge (ScalyrLogFile *log, gint64 now)
{
  guint64 log_bytes = 0;

  /* As the reference: the bytes of the lines sent. */
  if (log->in_request)
    log_bytes = log->read - log->mark - log->pending_unsent_bytes;
  gboolean advanced = log->read != log->mark;   /* also by lines dropped by sampling alone */
  log->sn_mark += log->read - log->mark;
  log->mark = log->read;
  if (log->in_request || advanced || log->last_success == 0)
    log->last_success = now;
  log->lines_redacted += log->pending_redacted;
  log->lines_sampled_out += log->pending_sampled_out;
  log->bytes_sampled_out += log->pending_sampled_out_bytes;
  log->pending_redacted = log->pending_sampled_out = log->pending_sampled_out_bytes = 0;
  log->pending_unsent_bytes = 0;
  if (log->in_request)
    g_clear_pointer (&log->last_error, g_free);
  log->in_request = FALSE;
  return log_bytes;
}

void
scalyr_log_file_rollback (ScalyrLogFile *log)
{
  log->read = log->mark;
}

void
scalyr_log_file_build_status (ScalyrLogFile *log,
                              JsonBuilder   *jb)
{
  ScalyrLogGeneration *g0 = gen_get (log, 0);
  gen_refresh (g0);
  guint64 size = g0->size;
  guint64 position = log->mark - g0->base;
  guint64 behind = scalyr_log_file_get_pending (log);

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "path");
  json_builder_add_string_value (jb, log->path);
  json_builder_set_member_name (jb, "position");
  json_builder_add_int_value (jb, (gint64) position);
  json_builder_set_member_name (jb, "size");
  json_builder_add_int_value (jb, (gint64) size);
  json_builder_set_member_name (jb, "bytes_behind");
  json_builder_add_int_value (jb, (gint64) behind);
  json_builder_set_member_name (jb, "generations");
  json_builder_add_int_value (jb, (gint64) log->gens->len);
  json_builder_set_member_name (jb, "generations_skipped");
  json_builder_add_int_value (jb, (gint64) log->generations_skipped);
  json_builder_set_member_name (jb, "skipped_bytes");
  json_builder_add_int_value (jb, (gint64) log->skipped_bytes);
  json_builder_set_member_name (jb, "last_skipped");
  if (log->last_skipped != NULL)
    json_builder_add_string_value (jb, log->last_skipped);
  else
    json_builder_add_null_value (jb);
  json_builder_set_member_name (jb, "invalid_utf8_bytes");
  json_builder_add_int_value (jb, (gint64) log->invalid_utf8);
  json_builder_set_member_name (jb, "lines_redacted");
  json_builder_add_int_value (jb, (gint64) log->lines_redacted);
  json_builder_set_member_name (jb, "lines_sampled_out");
  json_builder_add_int_value (jb, (gint64) log->lines_sampled_out);
  json_builder_set_member_name (jb, "bytes_sampled_out");
  json_builder_add_int_value (jb, (gint64) log->bytes_sampled_out);
  json_builder_set_member_name (jb, "last_success");
  json_builder_add_double_value (jb, (double) log->last_success / G_USEC_PER_SEC);
  json_builder_set_member_name (jb, "last_error");
  if (log->last_error != NULL)
    json_builder_add_string_value (jb, log->last_error);
  else
    json_builder_add_null_value (jb);
  json_builder_end_object (jb);
}
