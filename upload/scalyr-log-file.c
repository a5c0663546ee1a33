/* scalyr-log-file.c: one file being copied: its descriptor, what is
 * acknowledged and what is read into the request, rotation
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-file-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-clamp-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
scalyr_log_file_free (ScalyrLogFile *log)
{
  if (log->fd >= 0)
    close (log->fd);
  g_free (log->id_str);
  g_free (log->path);
  g_free (log->attrs_json);
  g_free (log->table_logs);
  g_free (log->table_threads);
  g_free (log->si);
  g_free (log->last_error);
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

static int
open_file (const char *path, guint64 *ino, guint64 *size)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  struct stat st;

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
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
scalyr_log_file_skip_if_too_far (ScalyrLogFile *log, guint64 limit)
{
  if (log->size > log->mark && log->size - log->mark > limit)
    {
      guint64 skipped = log->size - log->mark;
      log->skipped_bytes += skipped;
      log->sn_mark += skipped;
      log->mark = log->read = log->size;
      scalyr_warning (log->logger, "skipForTooFarBehind: %s is %" G_GUINT64_FORMAT
                      " bytes behind (limit %" G_GUINT64_FORMAT "); skipping them",
                      log->path, skipped, limit);
      g_autofree char *msg = g_strdup_printf ("skipped %" G_GUINT64_FORMAT " bytes (too far behind)", skipped);
      scalyr_log_file_set_error (log, msg);
    }
}

ScalyrLogFile *
scalyr_log_file_open (guint                   id,
                      const char             *path,
                      LogMatcher             *m,
                      const ScalyrCheckpoint *cp,
                      gboolean                from_start,
                      guint64                 max_offset,
                      ScalyrAgentLogger      *logger)
{
  guint64 ino = 0, size = 0;
  int fd;

  fd = open_file (path, &ino, &size);
  if (fd < 0)
    return NULL;

  ScalyrLogFile *log = g_new0 (ScalyrLogFile, 1);
  log->id = id;
  log->id_str = g_strdup_printf ("log_%u", log->id);
  log->path = g_strdup (path);
  log->matcher = m;
  log->logger = g_object_ref (logger);
  log->fd = fd;
  log->ino = ino;
  log->size = size;
  log->fd_is_path = TRUE;
  g_autofree char *renamed = scalyr_log_matcher_rename (m, path, logger);
  log_build_tables (log, renamed);

  if (cp != NULL)
    {
      log->si = cp->sequence_id != NULL ? g_strdup (cp->sequence_id) : g_uuid_string_random ();
      log->sn_mark = cp->sequence_number;
      if (cp->inode != 0 && cp->inode != ino)
        {
          /* Rotated while we were away: finish the old file first. */
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *old = find_by_inode (dir, cp->inode, path);
          guint64 old_ino = 0, old_size = 0;
          int old_fd = old != NULL ? open_file (old, &old_ino, &old_size) : -1;
          if (old_fd >= 0 && old_size >= cp->offset)
            {
              close (log->fd);
              log->fd = old_fd;
              log->ino = old_ino;
              log->size = old_size;
              log->fd_is_path = FALSE;
              log->mark = log->read = cp->offset;
              scalyr_info (logger, "%s was rotated to %s; finishing it from offset %"
                           G_GUINT64_FORMAT, path, old, cp->offset);
            }
          else
            {
              if (old_fd >= 0)
                close (old_fd);
              scalyr_warning (logger, "%s was rotated and the old file is gone; reading the new one from 0",
                              path);
              log->mark = log->read = 0;
            }
        }
      else if (cp->offset > size)
        {
          scalyr_warning (logger, "%s is shorter (%" G_GUINT64_FORMAT ") than its checkpoint (%"
                          G_GUINT64_FORMAT "); reading it from 0", path, size, cp->offset);
          log->mark = log->read = 0;
        }
      else
        log->mark = log->read = cp->offset;
    }
  else
    {
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

  if (!log->matcher->ignore_stale || !log->fd_is_path || log->mark < log->size
      || fstat (log->fd, &st) != 0 || (guint64) st.st_size > log->mark
      || !scalyr_log_matcher_is_stale (log->matcher, st.st_mtime))
    return NULL;
  cp = g_new0 (ScalyrCheckpoint, 1);
  cp->path = g_strdup (log->path);
  cp->offset = log->mark;
  cp->inode = log->ino;
  cp->is_log_file = TRUE;
  cp->sequence_id = g_strdup (log->si);
  cp->sequence_number = log->sn_mark;
  cp->time = (double) g_get_real_time () / G_USEC_PER_SEC;
  scalyr_info (log->logger, "%s is stale (not written for more than %g s, ignore_stale_files): closed; "
               "copying resumes when it is written again", log->path, log->matcher->staleness_threshold);
  return cp;
}

gboolean
scalyr_log_file_check (ScalyrLogFile *log, double deletion_delay)
{
  struct stat fst, pst;
  gboolean path_exists;

  if (fstat (log->fd, &fst) != 0)
    return TRUE;
  log->size = (guint64) fst.st_size;
  path_exists = stat (log->path, &pst) == 0 && S_ISREG (pst.st_mode);

  if (!path_exists)
    {
      if (log->missing_since == 0)
        log->missing_since = g_get_monotonic_time ();
      if (log->mark >= log->size
          && g_get_monotonic_time () - log->missing_since >= scalyr_clamp_seconds_to_usec (deletion_delay))
        {
          scalyr_info (log->logger, "%s deleted and fully copied; no longer copied", log->path);
          return FALSE;
        }
      return TRUE;
    }
  log->missing_since = 0;

  if (log->fd_is_path && (guint64) pst.st_ino == log->ino)
    {
      if (log->size < log->mark)
        {
          /* copytruncate: the unsent tail is in a copy, if we find one. */
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
              if (stat (p, &cst) != 0 || !S_ISREG (cst.st_mode) || (guint64) cst.st_size < log->mark
                  || now - (gint64) cst.st_ctime > 300)
                continue;
              if (best == NULL || (gint64) cst.st_ctime > best_time)
                {
                  g_free (best);
                  best = g_steal_pointer (&p);
                  best_time = (gint64) cst.st_ctime;
                }
            }
          guint64 ino = 0, size = 0;
          int fd = best != NULL ? open_file (best, &ino, &size) : -1;
          if (fd >= 0)
            {
              scalyr_info (log->logger, "%s was truncated; finishing its copy %s from offset %"
                           G_GUINT64_FORMAT, log->path, best, log->mark);
              close (log->fd);
              log->fd = fd;
              log->ino = ino;
              log->size = size;
              log->fd_is_path = FALSE;
            }
          else
            {
              scalyr_warning (log->logger, "%s was truncated and no copy was found; reading it from 0",
                              log->path);
              scalyr_log_file_set_error (log, "truncated without a copy");
              log->mark = log->read = 0;
            }
        }
      return TRUE;
    }

  if (log->fd_is_path || log->mark >= log->size)
    {
      /* Renamed away: finish the old file, then the new one from 0. */
      if (log->fd_is_path)
        {
          log->fd_is_path = FALSE;
          if (log->mark < log->size)
            return TRUE;
        }
      guint64 ino = 0, size = 0;
      int fd = open_file (log->path, &ino, &size);
      if (fd < 0)
        return TRUE;
      scalyr_info (log->logger, "%s was rotated; now reading the new file", log->path);
      close (log->fd);
      log->fd = fd;
      log->ino = ino;
      log->size = size;
      log->fd_is_path = TRUE;
      log->mark = log->read = 0;
      log->partial_since = 0;
    }
  return TRUE;
}

void
scalyr_log_file_get_checkpoint (ScalyrLogFile    *log,
                                double            time,
                                ScalyrCheckpoint *cp)
{
  cp->path = log->path;
  cp->offset = log->mark;
  cp->inode = log->ino;
  cp->is_log_file = log->fd_is_path;
  cp->sequence_id = log->si;
  cp->sequence_number = log->sn_mark;
  cp->time = time;
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

  if (log->read >= log->size)
    {
      struct stat fst;
      if (fstat (log->fd, &fst) == 0)
        log->size = (guint64) fst.st_size;
      if (log->read >= log->size)
        return 0;
    }
  do
    n = pread (log->fd, buf, page, (off_t) log->read);
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

  if (log->partial_since == 0 || log->partial_at != log->read)
    {
      log->partial_at = log->read;
      log->partial_since = now;
      return TRUE;
    }
  return now - log->partial_since < scalyr_clamp_seconds_to_usec (wait);
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
  struct stat st;
  guint64 size = fstat (log->fd, &st) == 0 ? (guint64) st.st_size : log->size;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "path");
  json_builder_add_string_value (jb, log->path);
  json_builder_set_member_name (jb, "position");
  json_builder_add_int_value (jb, (gint64) log->mark);
  json_builder_set_member_name (jb, "size");
  json_builder_add_int_value (jb, (gint64) size);
  json_builder_set_member_name (jb, "bytes_behind");
  json_builder_add_int_value (jb, size > log->mark ? (gint64) (size - log->mark) : 0);
  json_builder_set_member_name (jb, "skipped_bytes");
  json_builder_add_int_value (jb, (gint64) log->skipped_bytes);
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
