/* scalyr-log-file.c: one file being copied: its descriptor, what is
 * acknowledged and what is read into the request, rotation
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-file-private.h"
#include "scalyr-log-generations-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-clamp-private.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "scalyr-i18n-private.h"

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

guint64
scalyr_log_file_get_pending (ScalyrLogFile *log)
{
  guint64 pending = 0;

  for (guint i = 0; i < log->gens->len; i++)
    {
      ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);
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
      ScalyrLogGeneration *g = scalyr_log_file_gen (log, 0);
      log->skipped_bytes += skipped;
      log->sn_mark += skipped;
      g->entered = TRUE;
      g->base = log->mark + skipped - g->size;
      log->mark = log->read = g->base + g->size;
      scalyr_warning (log->logger, _("skipForTooFarBehind: %s is %llu bytes behind (limit %llu); skipping them"),
                      log->path, (unsigned long long) skipped, (unsigned long long) limit);
      g_autofree char *msg = g_strdup_printf (_("skipped %llu bytes (too far behind)"), (unsigned long long) skipped);
      scalyr_log_file_set_error (log, msg);
      g_free (log->last_skipped);
      log->last_skipped = g_steal_pointer (&msg);
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

  fd = scalyr_log_open_file (path, &ino, &size, error);
  if (fd < 0)
    return NULL;

  ScalyrLogFile *log = g_new0 (ScalyrLogFile, 1);
  log->id = id;
  log->id_str = g_strdup_printf ("log_%u", log->id);
  log->path = g_strdup (path);
  log->matcher = m;
  log->logger = g_object_ref (logger);
  log->gens = g_ptr_array_new_with_free_func (scalyr_log_generation_free);
  g_autofree char *renamed = scalyr_log_matcher_rename (m, path, logger);
  log_build_tables (log, renamed);

  if (cp != NULL)
    scalyr_log_file_resume (log, cp, fd, ino, size);
  else
    {
      ScalyrLogGeneration *g = scalyr_log_generation_new (fd, ino, size);
      g->entered = TRUE;
      g_ptr_array_add (log->gens, g);
      log->si = g_uuid_string_random ();
      log->mark = from_start ? 0 : size;
      log->read = log->mark;
      log->sn_mark = log->mark;
    }
  scalyr_log_file_skip_if_too_far (log, max_offset);
  if (renamed != NULL)
    scalyr_info (logger, _("copying %s as %s (logfile %s) from offset %llu"),
                 path, log->id_str, renamed, (unsigned long long) log->mark);
  else
    scalyr_info (logger, _("copying %s as %s from offset %llu"),
                 path, log->id_str, (unsigned long long) log->mark);
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
  ScalyrLogGeneration *g = scalyr_log_file_gen (log, 0);

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
  scalyr_info (log->logger, _("%s is stale (not written for more than %g s, ignore_stale_files): closed; "
                 "copying resumes when it is written again"), log->path, log->matcher->staleness_threshold);
  return cp;
}

gboolean
scalyr_log_file_check (ScalyrLogFile *log, double deletion_delay)
{
  struct stat pst;
  gboolean path_exists;

  /* Generations read to their end and acknowledged are closed. */
  for (;;)
    {
      ScalyrLogGeneration *g0 = scalyr_log_file_gen (log, 0);
      scalyr_log_generation_refresh (g0);
      if (log->gens->len < 2 || log->mark < g0->base + g0->size)
        break;
      ScalyrLogGeneration *g1 = scalyr_log_file_gen (log, 1);
      if (!scalyr_log_file_gen_settled (log, g1) || !scalyr_log_file_gen_may_leave (log, 0))
        break;
      g1->entered = TRUE;
      g1->base = g0->base + g0->size;
      g_ptr_array_remove_index (log->gens, 0);
      scalyr_info (log->logger, _("%s: a rotated generation is copied to its end; %u open"), log->path,
                   log->gens->len);
    }
  /* Those after the first are entered again when reading reaches them. */
  for (guint i = 1; i < log->gens->len; i++)
    scalyr_log_file_gen (log, i)->entered = FALSE;

  path_exists = stat (log->path, &pst) == 0 && S_ISREG (pst.st_mode);
  if (!path_exists)
    {
      if (log->missing_since == 0)
        log->missing_since = g_get_monotonic_time ();
      ScalyrLogGeneration *g0 = scalyr_log_file_gen (log, 0);
      if (log->gens->len == 1 && log->mark >= g0->base + g0->size
          && g_get_monotonic_time () - log->missing_since >= scalyr_clamp_seconds_to_usec (deletion_delay))
        {
          scalyr_info (log->logger, _("%s deleted and fully copied; no longer copied"), log->path);
          return FALSE;
        }
      return TRUE;
    }
  log->missing_since = 0;

  guint i;
  if (scalyr_log_file_find_gen (log, (guint64) pst.st_ino, &i))
    {
      ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);
      guint64 old_size = g->size;
      scalyr_log_generation_refresh (g);
      guint64 local_mark = g->entered && log->mark > g->base ? log->mark - g->base : 0;
      if (i + 1 == log->gens->len && (g->size < local_mark || (!g->entered && g->size < old_size)))
        scalyr_log_file_truncated (log, i);
      return TRUE;
    }

  /* A new file at the path that no directory event told (or not yet). */
  scalyr_log_file_open_path_gen (log);
  return TRUE;
}

void
scalyr_log_file_build_checkpoint (ScalyrLogFile *log,
                                  double         time,
                                  JsonBuilder   *jb)
{
  ScalyrLogGeneration *g0 = scalyr_log_file_gen (log, 0);
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
          ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);
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
  guint i = scalyr_log_file_gen_at (log, log->read);
  ScalyrLogGeneration *g = scalyr_log_file_gen (log, i);

  for (;;)
    {
      gboolean last = i + 1 == log->gens->len;
      if (log->read - g->base >= g->size)
        scalyr_log_generation_refresh (g);
      if (log->read - g->base < g->size || last)
        break;
      /* At the end of a generation rotated away: on to the next. */
      ScalyrLogGeneration *next = scalyr_log_file_gen (log, i + 1);
      if (!scalyr_log_file_gen_settled (log, next) || !scalyr_log_file_gen_may_leave (log, i))
        break;
      i++;
      next->entered = TRUE;
      next->base = g->base + g->size;
      scalyr_log_generation_refresh (next);
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
      g_autofree char *msg = g_strdup_printf (_("read error: %s"), g_strerror (errno));
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
  if (scalyr_log_file_gen_at (log, log->read) + 1 < log->gens->len)
    return FALSE;
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
  log->bytes_read += log->read - log->mark;
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
  ScalyrLogGeneration *g0 = scalyr_log_file_gen (log, 0);
  scalyr_log_generation_refresh (g0);
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
  json_builder_set_member_name (jb, "bytes_read");
  json_builder_add_int_value (jb, (gint64) log->bytes_read);
  json_builder_set_member_name (jb, "rotations");
  json_builder_add_int_value (jb, (gint64) log->rotations);
  json_builder_set_member_name (jb, "last_success");
  json_builder_add_double_value (jb, (double) log->last_success / G_USEC_PER_SEC);
  json_builder_set_member_name (jb, "last_error");
  if (log->last_error != NULL)
    json_builder_add_string_value (jb, log->last_error);
  else
    json_builder_add_null_value (jb);
  json_builder_end_object (jb);
}
