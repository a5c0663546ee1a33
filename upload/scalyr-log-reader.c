/* scalyr-log-reader.c: the files of the `logs` entries: globs, new files,
 * rotation and deletion, positions and checkpoints
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-reader-private.h"
#include "scalyr-uploader.h"
#include "scalyr-clamp-private.h"

#include <errno.h>
#include <gio/gio.h>
#include <glob.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include "scalyr-i18n-private.h"

struct _ScalyrLogReader
{
  ScalyrAgentLogger *logger;
  char              *data_dir;
  double             rescan_interval;
  guint64            max_log_offset_size;
  guint64            max_existing_log_offset_size;
  double             log_deletion_delay;

  GPtrArray         *matchers;      /* LogMatcher */
  GPtrArray         *logs;          /* ScalyrLogFile */
  GHashTable        *log_paths;     /* path (owned by its log) -> ScalyrLogFile */
  GHashTable        *checkpoints;   /* path -> ScalyrCheckpoint, unused ones */
  GHashTable        *unreadable;    /* path -> reason, warned once */
  GHashTable        *unreadable_before;  /* during a scan: those of the one before */
  GPtrArray         *monitors;      /* GFileMonitor */
  guint              next_log_id;
  guint              rr_start;      /* the first log of the next request */
  guint              request_start; /* ... of this one */
  gboolean           first_scan_done;

  void             (*waiting_func) (gpointer data);
  gpointer           waiting_data;

  GMainContext      *context;
  guint              rescan_source;
  guint              monitor_rescan_source;
};

ScalyrLogReader *
scalyr_log_reader_new (void)
{
  ScalyrLogReader *reader = g_new0 (ScalyrLogReader, 1);

  reader->matchers = g_ptr_array_new_with_free_func ((GDestroyNotify) scalyr_log_matcher_free);
  reader->logs = g_ptr_array_new_with_free_func ((GDestroyNotify) scalyr_log_file_free);
  reader->log_paths = g_hash_table_new (g_str_hash, g_str_equal);
  reader->checkpoints = g_hash_table_new (g_str_hash, g_str_equal);
  reader->unreadable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return reader;
}

void
scalyr_log_reader_free (ScalyrLogReader *reader)
{
  if (reader == NULL)
    return;
  scalyr_log_reader_stop (reader);
  g_clear_pointer (&reader->context, g_main_context_unref);
  g_clear_object (&reader->logger);
  g_free (reader->data_dir);
  g_hash_table_unref (reader->log_paths);
  g_ptr_array_unref (reader->logs);
  g_ptr_array_unref (reader->matchers);
  g_hash_table_unref (reader->checkpoints);
  g_hash_table_unref (reader->unreadable);
  g_free (reader);
}

void
scalyr_log_reader_set_waiting_func (ScalyrLogReader *reader,
                                    void           (*func) (gpointer data),
                                    gpointer         data)
{
  reader->waiting_func = func;
  reader->waiting_data = data;
}

void
scalyr_log_reader_add_matcher (ScalyrLogReader *reader,
                               LogMatcher      *matcher)
{
  g_ptr_array_add (reader->matchers, matcher);
}

/* GIO may hold its own reference to a monitor: cancel and disconnect. */
static void
drop_monitors (ScalyrLogReader *self)
{
  for (guint i = 0; self->monitors != NULL && i < self->monitors->len; i++)
    {
      GFileMonitor *monitor = self->monitors->pdata[i];
      g_signal_handlers_disconnect_by_data (monitor, self);
      g_file_monitor_cancel (monitor);
    }
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
}

/* Timers run in the thread-default main context of scalyr_uploader_start(). */
static guint
add_timeout (ScalyrLogReader *self, guint ms, GSourceFunc fn)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);
  g_source_set_callback (source, fn, self, NULL);
  return g_source_attach (source, self->context);
}

static void
remove_source (ScalyrLogReader *self, guint *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);
      if (source != NULL)
        g_source_destroy (source);
      *id = 0;
    }
}

/* A file of a `logs` entry that cannot be copied: warned once (again
 * after it was readable), listed in the status with @reason. */
static void
log_unreadable (ScalyrLogReader *self, const char *path, const char *reason)
{
  const char *known = g_hash_table_lookup (self->unreadable, path);

  if (known == NULL && self->unreadable_before != NULL)
    known = g_hash_table_lookup (self->unreadable_before, path);
  if (g_strcmp0 (known, reason) == 0)
    {
      g_hash_table_replace (self->unreadable, g_strdup (path), g_strdup (reason));
      return;
    }
  scalyr_warning (self->logger, _("log file %s cannot be copied: %s; it is skipped until it can be read "
                    "(fix its type or permissions for the agent's user)"), path, reason);
  g_hash_table_replace (self->unreadable, g_strdup (path), g_strdup (reason));
}

static void
add_log_file (ScalyrLogReader *self, LogMatcher *m, const char *path)
{
  g_autoptr(ScalyrCheckpoint) cp = NULL;
  g_autoptr(GError) error = NULL;
  ScalyrCheckpoint *found = g_hash_table_lookup (self->checkpoints, path);
  gpointer key;

  /* Without a checkpoint: found at the first scan, from the end unless
   * copy_from_start; appeared later, from the start. */
  ScalyrLogFile *log = scalyr_log_file_open (self->next_log_id + 1, path, m, found,
                                             self->first_scan_done || m->copy_from_start,
                                             found != NULL ? self->max_existing_log_offset_size
                                                           : self->max_log_offset_size,
                                             self->logger, &error);
  if (log == NULL)
    {
      log_unreadable (self, path, error->message);
      return;
    }
  g_hash_table_remove (self->unreadable, path);
  if (g_hash_table_steal_extended (self->checkpoints, path, &key, (gpointer *) &cp))
    (void) key;
  self->next_log_id++;
  g_ptr_array_add (self->logs, log);
  g_hash_table_insert (self->log_paths, log->path, log);
}

static void
skip_stale_file (ScalyrLogReader *self,
                 LogMatcher     *m,
                 const char     *path,
                 struct stat    *st)
{
  ScalyrCheckpoint *cp;

  if (g_hash_table_contains (self->checkpoints, path))
    return;
  cp = g_new0 (ScalyrCheckpoint, 1);
  cp->path = g_strdup (path);
  cp->offset = (guint64) st->st_size;
  cp->inode = (guint64) st->st_ino;
  cp->is_log_file = TRUE;
  cp->sequence_number = (guint64) st->st_size;
  cp->time = (double) g_get_real_time () / G_USEC_PER_SEC;
  g_hash_table_insert (self->checkpoints, cp->path, cp);
  scalyr_info (self->logger, _("%s is stale (not written for more than %g s, ignore_stale_files): not copied "
                 "until it is written again"), path, m->staleness_threshold);
}

static void
scan_logs (ScalyrLogReader *self)
{
  /* Unreadable files are listed while they are there, matched and
   * unreadable (warned again only when the reason changes). */
  g_autoptr(GHashTable) before = self->unreadable;
  self->unreadable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->unreadable_before = before;
  for (guint i = 0; i < self->matchers->len; i++)
    {
      LogMatcher *m = self->matchers->pdata[i];
      glob_t g;
      if (glob (m->glob, 0, NULL, &g) != 0)
        continue;
      for (size_t j = 0; j < g.gl_pathc; j++)
        {
          const char *p = g.gl_pathv[j];
          struct stat st;
          if (g_hash_table_contains (self->log_paths, p) || scalyr_log_matcher_excludes (m, p))
            continue;
          if (stat (p, &st) != 0)
            {
              int saved = errno;
              struct stat lst;
              g_autofree char *reason = lstat (p, &lst) == 0 && S_ISLNK (lst.st_mode)
                ? g_strdup_printf (_("a dangling symbolic link (%s)"), g_strerror (saved))
                : g_strdup (g_strerror (saved));
              log_unreadable (self, p, reason);
              continue;
            }
          if (S_ISDIR (st.st_mode) && strpbrk (m->glob, "*?[") != NULL)
            continue;             /* a directory beside the files of a pattern */
          if (!S_ISREG (st.st_mode))
            {
              log_unreadable (self, p, S_ISFIFO (st.st_mode) ? "not a regular file (a FIFO)"
                                       : S_ISDIR (st.st_mode) ? "not a regular file (a directory)"
                                       : S_ISSOCK (st.st_mode) ? "not a regular file (a socket)"
                                       : "not a regular file (a device)");
              continue;
            }
          if (m->ignore_stale && scalyr_log_matcher_is_stale (m, st.st_mtime))
            {
              skip_stale_file (self, m, p, &st);
              continue;
            }
          add_log_file (self, m, p);
        }
      globfree (&g);
    }
  self->unreadable_before = NULL;
  self->first_scan_done = TRUE;
}

static gboolean
rescan_cb (gpointer data)
{
  scan_logs (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
monitor_rescan_cb (gpointer data)
{
  ScalyrLogReader *self = data;
  self->monitor_rescan_source = 0;
  scan_logs (self);
  return G_SOURCE_REMOVE;
}

static void
dir_changed_cb (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other,
                GFileMonitorEvent  event,
                gpointer           data)
{
  ScalyrLogReader *self = data;
  (void) monitor;

  if (event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_MOVED_IN
      && event != G_FILE_MONITOR_EVENT_RENAMED)
    return;
  /* A rotation of an open log: its new generation is opened now, before
   * it can be rotated away in turn. */
  const char *path = g_file_peek_path (file);
  const char *other_path = other != NULL ? g_file_peek_path (other) : NULL;
  ScalyrLogFile *log = path != NULL ? g_hash_table_lookup (self->log_paths, path) : NULL;
  if (event == G_FILE_MONITOR_EVENT_RENAMED && log != NULL && other_path != NULL)
    scalyr_log_file_notice_renamed (log, other_path);
  if (event == G_FILE_MONITOR_EVENT_RENAMED)
    log = other_path != NULL ? g_hash_table_lookup (self->log_paths, other_path) : NULL;
  if (log != NULL)
    scalyr_log_file_notice_created (log);
  if (log != NULL && log->gens->len > SCALYR_LOG_MAX_GENERATIONS / 4 && self->waiting_func != NULL)
    self->waiting_func (self->waiting_data);
  if (self->monitor_rescan_source == 0)
    self->monitor_rescan_source = add_timeout (self, 50, monitor_rescan_cb);
}

/* ---- reading ---- */

static void
watch_directories (ScalyrLogReader *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->matchers->len; i++)
    {
      LogMatcher *m = self->matchers->pdata[i];
      g_autofree char *dir = g_path_get_dirname (m->glob);
      if (strpbrk (dir, "*?[") != NULL || g_hash_table_contains (seen, dir))
        continue;
      g_autoptr(GFile) f = g_file_new_for_path (dir);
      GFileMonitor *mon = g_file_monitor_directory (f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (mon == NULL)
        continue;
      g_signal_connect (mon, "changed", G_CALLBACK (dir_changed_cb), self);
      g_ptr_array_add (self->monitors, mon);
      g_hash_table_add (seen, g_steal_pointer (&dir));
    }
}

gboolean
scalyr_log_reader_open (ScalyrLogReader              *self,
                        const ScalyrLogReaderOptions *options,
                        ScalyrAgentLogger            *logger,
                        GError                      **error)
{
  g_set_object (&self->logger, logger);
  g_free (self->data_dir);
  self->data_dir = g_strdup (options->data_dir);
  self->rescan_interval = options->rescan_interval;
  self->max_log_offset_size = options->max_log_offset_size;
  self->max_existing_log_offset_size = options->max_existing_log_offset_size;
  self->log_deletion_delay = options->log_deletion_delay;

  if (self->data_dir != NULL)
    {
      if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_IO, _("cannot create %s: %s"),
                       self->data_dir, g_strerror (saved));
          return FALSE;
        }
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_unref (self->checkpoints);
      self->checkpoints = scalyr_checkpoints_load (self->data_dir, warnings);
      for (guint i = 0; i < warnings->len; i++)
        scalyr_warning (self->logger, "%s", (const char *) warnings->pdata[i]);
    }
  return TRUE;
}

/* The reference's per-worker files, read at start, are now folded into
 * checkpoints.json: remove them, as the reference does at start. */
static void
fold_worker_checkpoints (ScalyrLogReader *self)
{
  g_autoptr(GDir) d = g_dir_open (self->data_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      if ((g_str_has_prefix (name, "checkpoints-") || g_str_has_prefix (name, "active-checkpoints-"))
          && g_str_has_suffix (name, ".json"))
        {
          g_autofree char *p = g_build_filename (self->data_dir, name, NULL);
          if (g_unlink (p) == 0)
            scalyr_info (self->logger, _("checkpoint file %s folded into %s"), name, SCALYR_CHECKPOINT_FILE);
        }
    }
}

void
scalyr_log_reader_start (ScalyrLogReader *self)
{
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  scan_logs (self);
  watch_directories (self);
  self->rescan_source = add_timeout (self, scalyr_clamp_seconds_to_msec (self->rescan_interval), rescan_cb);
  if (scalyr_log_reader_save_checkpoints (self))
    fold_worker_checkpoints (self);
}

void
scalyr_log_reader_stop (ScalyrLogReader *self)
{
  if (self->context != NULL)
    {
      remove_source (self, &self->rescan_source);
      remove_source (self, &self->monitor_rescan_source);
    }
  drop_monitors (self);
}

guint
scalyr_log_reader_begin_request (ScalyrLogReader *self)
{
  for (guint i = 0; i < self->logs->len;)
    {
      ScalyrLogFile *log = self->logs->pdata[i];
      ScalyrCheckpoint *stale = NULL;
      scalyr_log_file_begin_request (log);
      if (!scalyr_log_file_check (log, self->log_deletion_delay)
          || (stale = scalyr_log_file_close_if_stale (log)) != NULL)
        {
          if (stale != NULL)
            g_hash_table_replace (self->checkpoints, stale->path, stale);
          g_hash_table_remove (self->log_paths, log->path);
          g_ptr_array_remove_index (self->logs, i);
          continue;
        }
      scalyr_log_file_skip_if_too_far (log, self->max_existing_log_offset_size);
      scalyr_log_file_check_lost (log);
      i++;
    }
  /* Round robin: each request starts one log further. */
  guint n = self->logs->len;
  self->request_start = self->rr_start;
  if (n > 0)
    self->rr_start = (self->rr_start + 1) % n;
  return n;
}

ScalyrLogFile *
scalyr_log_reader_get_log (ScalyrLogReader *self,
                           guint            k)
{
  return self->logs->pdata[(self->request_start + k) % self->logs->len];
}

guint64
scalyr_log_reader_acknowledge (ScalyrLogReader *self,
                               gint64           now)
{
  guint64 log_bytes = 0;

  for (guint i = 0; i < self->logs->len; i++)
    log_bytes += scalyr_log_file_acknowledge (self->logs->pdata[i], now);
  return log_bytes;
}

void
scalyr_log_reader_rollback (ScalyrLogReader *self)
{
  for (guint i = 0; i < self->logs->len; i++)
    scalyr_log_file_rollback (self->logs->pdata[i]);
}

void
scalyr_log_reader_set_request_error (ScalyrLogReader *self,
                                     const char      *message)
{
  for (guint i = 0; i < self->logs->len; i++)
    {
      ScalyrLogFile *log = self->logs->pdata[i];
      if (log->in_request)
        scalyr_log_file_set_error (log, message);
    }
}

gboolean
scalyr_log_reader_save_checkpoints (ScalyrLogReader *self)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  double now = (double) g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  if (self->data_dir == NULL)
    return FALSE;
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "time");
  json_builder_add_double_value (jb, now);
  json_builder_set_member_name (jb, "checkpoints");
  json_builder_begin_object (jb);
  for (guint i = 0; i < self->logs->len; i++)
    scalyr_log_file_build_checkpoint (self->logs->pdata[i], now, jb);
  /* Checkpoints of files not (yet) matched again are kept. */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, self->checkpoints);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      ScalyrCheckpoint *cp = value;
      scalyr_checkpoint_build (cp, cp->offset, jb);
    }
  json_builder_end_object (jb);
  json_builder_end_object (jb);

  g_autoptr(JsonNode) root = json_builder_get_root (jb);
  g_autofree char *text = json_to_string (root, FALSE);
  if (!scalyr_checkpoints_write_file (self->data_dir, SCALYR_CHECKPOINT_FILE, text, &error))
    {
      scalyr_error (self->logger, _("checkpoint not written: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

void
scalyr_log_reader_build_status (ScalyrLogReader *self,
                                JsonBuilder     *jb)
{
  json_builder_set_member_name (jb, "logs");
  json_builder_begin_array (jb);
  for (guint i = 0; i < self->logs->len; i++)
    scalyr_log_file_build_status (self->logs->pdata[i], jb);
  json_builder_end_array (jb);
  /* Files of the `logs` entries that cannot be copied, and why. */
  json_builder_set_member_name (jb, "unreadable_logs");
  json_builder_begin_array (jb);
  g_autoptr(GList) paths = g_list_sort (g_hash_table_get_keys (self->unreadable), (GCompareFunc) strcmp);
  for (GList *l = paths; l != NULL; l = l->next)
    {
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "path");
      json_builder_add_string_value (jb, l->data);
      json_builder_set_member_name (jb, "reason");
      json_builder_add_string_value (jb, g_hash_table_lookup (self->unreadable, l->data));
      json_builder_end_object (jb);
    }
  json_builder_end_array (jb);
}
