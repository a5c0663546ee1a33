/* scalyr-log-generations.c: the generations of a log: the files that are,
 * or were, at its path, opened as rotation is told (directory events),
 * kept in order and within their bound; found again from a checkpoint;
 * the copy of a copytruncate
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-generations-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "scalyr-i18n-private.h"

/* Opens @path for reading, without blocking (a FIFO), refusing what is
 * not a regular file; @error says why. */
int
scalyr_log_open_file (const char *path, guint64 *ino, guint64 *size, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  struct stat st;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot open %s: %s"),
                   path, g_strerror (saved));
      errno = saved;
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s is not a regular file"), path);
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

void
scalyr_log_generation_free (gpointer generation)
{
  ScalyrLogGeneration *g = generation;
  if (g->fd >= 0)
    close (g->fd);
  g_free (g);
}

ScalyrLogGeneration *
scalyr_log_generation_new (int fd, guint64 ino, guint64 size)
{
  ScalyrLogGeneration *g = g_new0 (ScalyrLogGeneration, 1);
  g->fd = fd;
  g->ino = ino;
  g->size = size;
  return g;
}

gboolean
scalyr_log_file_find_gen (ScalyrLogFile *log, guint64 ino, guint *index)
{
  for (guint i = 0; i < log->gens->len; i++)
    if (scalyr_log_file_gen (log, i)->ino == ino)
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

void
scalyr_log_generation_refresh (ScalyrLogGeneration *g)
{
  struct stat st;
  if (fstat (g->fd, &st) == 0)
    g->size = (guint64) st.st_size;
}

/* Whether @g may be read: one not known as renamed away (opened at the
 * path) waits while renames are being told, as older generations may
 * still be found through them (GIO tells directory events late, in
 * batches). */
gboolean
scalyr_log_file_gen_settled (ScalyrLogFile *log, ScalyrLogGeneration *g)
{
  return g->renamed || g_get_monotonic_time () - log->last_rename >= SCALYR_LOG_RENAME_SETTLE;
}

/* Whether reading may leave generation @i, read to its end, for the next:
 * not while the next is the newest and still empty. logrotate's `create`
 * makes the new file at once, but the writer goes on in the renamed one
 * until it reopens (its postrotate signal): what it writes there meanwhile
 * is read, as nothing is lost by staying (the new file has nothing yet).
 * An empty generation that was itself rotated away is left behind. */
gboolean
scalyr_log_file_gen_may_leave (ScalyrLogFile *log, guint i)
{
  ScalyrLogGeneration *next;

  if (i + 2 < log->gens->len)
    return TRUE;
  next = scalyr_log_file_gen (log, i + 1);
  scalyr_log_generation_refresh (next);
  return next->size > 0;
}

/* The index of the generation holding @offset: the last entered whose
 * base is not past it. */
guint
scalyr_log_file_gen_at (ScalyrLogFile *log, guint64 offset)
{
  guint k = 0;
  for (guint i = 1; i < log->gens->len; i++)
    {
      ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);
      if (!g->entered || g->base > offset)
        break;
      k = i;
    }
  return k;
}

void
scalyr_log_file_skip_message (ScalyrLogFile *log, const char *message)
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
        if (!scalyr_log_file_gen (log, i)->entered)
          victim = i;
      if (victim == 0)
        break;                  /* all in the request: until it is answered */
      ScalyrLogGeneration *v = scalyr_log_file_gen (log, victim);
      scalyr_log_generation_refresh (v);
      log->skipped_bytes += v->size;
      log->generations_skipped++;
      g_autofree char *msg = g_strdup_printf (
          _("%s was rotated faster than it is copied: more than %u generations wait; skipping one "
            "(inode %llu): %llu bytes skipped"), log->path,
          SCALYR_LOG_MAX_GENERATIONS, (unsigned long long) v->ino, (unsigned long long) v->size);
      scalyr_log_file_skip_message (log, msg);
      g_ptr_array_remove_index (log->gens, victim);
    }
}

/* The generations of checkpoint @cp, found by inode in the directory of
 * the path (@fd the file at the path, whose inode is @ino): the first from
 * the checkpoint's offset, the others from 0, then the file at the path
 * when it is not one of them. */
void
scalyr_log_file_resume (ScalyrLogFile *log, const ScalyrCheckpoint *cp, int fd, guint64 ino, guint64 size)
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
      /* each file of the checkpoint not at the path any more was rotated
       * away while the uploader was not running: seen by this run */
      if (want != 0 && want != ino)
        log->rotations++;
      if (want == 0 || want == ino)
        {
          g = scalyr_log_generation_new (fd, ino, size);
          path_used = TRUE;
          if (offset > size)
            {
              scalyr_warning (log->logger, _("%s is shorter (%llu) than its checkpoint (%llu); reading it from 0"),
                              log->path, (unsigned long long) size, (unsigned long long) offset);
              offset = 0;
            }
        }
      else
        {
          g_autofree char *old = find_by_inode (dir, want, log->path);
          guint64 old_ino = 0, old_size = 0;
          int old_fd = old != NULL ? scalyr_log_open_file (old, &old_ino, &old_size, NULL) : -1;
          if (old_fd >= 0 && old_size >= offset)
            {
              g = scalyr_log_generation_new (old_fd, old_ino, old_size);
              scalyr_info (log->logger, _("%s was rotated to %s; finishing it from offset %llu"),
                           log->path, old, (unsigned long long) offset);
            }
          else
            {
              if (old_fd >= 0)
                close (old_fd);
              /* The first one's size is not recorded: its unread bytes are unknown. */
              log->skipped_bytes += k == 0 ? 0 : f->size;
              log->generations_skipped++;
              g_autofree char *msg =
                k == 0
                ? g_strdup_printf (_("%s was rotated and the old file (inode %llu) is gone: its unread bytes skipped"),
                                   log->path, (unsigned long long) want)
                : g_strdup_printf (_("%s was rotated and the old file (inode %llu) is gone: %llu bytes skipped"),
                                   log->path, (unsigned long long) want, (unsigned long long) f->size);
              scalyr_log_file_skip_message (log, msg);
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
      ScalyrLogGeneration *g = scalyr_log_generation_new (fd, ino, size);
      if (log->gens->len == 0)
        {
          scalyr_warning (log->logger, _("%s was rotated and the old file is gone; reading the new one from 0"),
                          log->path);
          g->entered = TRUE;
          log->mark = log->read = 0;
        }
      g_ptr_array_add (log->gens, g);
    }
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
          || now - (gint64) cst.st_ctime > 300 || scalyr_log_file_find_gen (log, (guint64) cst.st_ino, NULL))
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
void
scalyr_log_file_truncated (ScalyrLogFile *log, guint i)
{
  ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);
  guint64 local_mark = g->entered && log->mark > g->base ? log->mark - g->base : 0;
  g_autofree char *best = find_truncated_copy (log, local_mark);
  guint64 ino = 0, size = 0;
  int fd = best != NULL ? scalyr_log_open_file (best, &ino, &size, NULL) : -1;
  guint64 old_size = g->size;

  log->rotations++;   /* copytruncate: one rotation, whether its copy is found or not */
  scalyr_log_generation_refresh (g);
  if (fd >= 0)
    {
      scalyr_info (log->logger, _("%s was truncated; finishing its copy %s from offset %llu"),
                   log->path, best, (unsigned long long) local_mark);
      ScalyrLogGeneration *copy = scalyr_log_generation_new (fd, ino, size);
      copy->entered = g->entered;
      copy->base = g->base;
      g->entered = FALSE;
      g_ptr_array_insert (log->gens, (gint) i, copy);
      return;
    }
  guint64 lost = old_size > local_mark ? old_size - local_mark : 0;
  g_autofree char *msg = g_strdup_printf (_("%s was truncated and no copy was found; reading it from 0: "
                                            "%llu bytes skipped"), log->path, (unsigned long long) lost);
  log->skipped_bytes += lost;
  scalyr_log_file_skip_message (log, msg);
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
ScalyrLogGeneration *
scalyr_log_file_open_path_gen (ScalyrLogFile *log)
{
  guint64 ino = 0, size = 0;
  guint i;
  int fd = scalyr_log_open_file (log->path, &ino, &size, NULL);

  if (fd < 0)
    return NULL;
  if (scalyr_log_file_find_gen (log, ino, &i))
    {
      close (fd);
      return scalyr_log_file_gen (log, i);
    }
  /* a new file at the path: one rotation (a rename told first opened the
   * old file under its new name, and did not count) */
  log->rotations++;
  scalyr_info (log->logger, _("%s was rotated; a new generation is open (%u)"), log->path, log->gens->len + 1);
  ScalyrLogGeneration *g = scalyr_log_generation_new (fd, ino, size);
  gen_insert (log, g, G_MAXUINT);
  return g;
}

void
scalyr_log_file_notice_created (ScalyrLogFile *log)
{
  log->creations++;
  log->last_event = g_get_monotonic_time ();
  ScalyrLogGeneration *g = scalyr_log_file_open_path_gen (log);
  if (g != NULL)
    gen_claim (log, g);
}

void
scalyr_log_file_notice_renamed (ScalyrLogFile *log,
                                const char    *new_path)
{
  guint64 ino = 0, size = 0;
  int fd;

  log->last_event = log->last_rename = g_get_monotonic_time ();
  fd = scalyr_log_open_file (new_path, &ino, &size, NULL);
  if (fd < 0)
    return;
  guint k;
  if (scalyr_log_file_find_gen (log, ino, &k))
    {
      close (fd);
      scalyr_log_file_gen (log, k)->renamed = TRUE;
      gen_claim (log, scalyr_log_file_gen (log, k));
      return;
    }
  /* Renames are told in order: it is newer than those renamed before, and
   * older than those not yet renamed (opened at the path after it was
   * renamed away), but never before one already read. */
  guint index = 0;
  while (index < log->gens->len && (scalyr_log_file_gen (log, index)->entered || scalyr_log_file_gen (log, index)->renamed))
    index++;
  scalyr_info (log->logger, _("%s was rotated to %s; its generation is open"), log->path, new_path);
  ScalyrLogGeneration *g = scalyr_log_generation_new (fd, ino, size);
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
  g_autofree char *msg = g_strdup_printf (_("%s: %u generation(s) were deleted before they could be read: "
                                            "their bytes are skipped (how many is unknown: never opened)"),
                                          log->path, lost);
  scalyr_log_file_skip_message (log, msg);
}
