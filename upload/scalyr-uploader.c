/* scalyr-uploader.c: copy log files to Scalyr's addEvents API
 * SPDX-License-Identifier: Apache-2.0
 *
 * One request at a time: a request is built from the files (round robin,
 * each file a contiguous run of lines) only when none is in flight, sent,
 * and either acknowledged (file marks advance, checkpoint written) or kept
 * and resent byte for byte (except client_time) after a back-off. So the
 * memory held is one request body plus its compressed form; lines wait in
 * their files. */
#include "scalyr-upload-private.h"
#include "scalyr-log-matcher.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glob.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CHECKPOINT_FILE "checkpoints.json"

typedef struct {
  guint       id;
  char       *id_str;
  char       *path;
  LogMatcher *matcher;
  char       *attrs_json;     /* members of attrs, each followed by a comma */
  char       *table_logs;     /* {"id":..,"attrs":{..}} */
  char       *table_threads;  /* {"id":..,"name":..} */
  int         fd;
  guint64     ino;
  gboolean    fd_is_path;     /* FALSE: a rotated/copied file, then path from 0 */
  guint64     mark;           /* acknowledged offset in fd */
  guint64     read;           /* offset up to which lines are in the request */
  guint64     event_end;      /* offset of the end of its last event in the request */
  guint64     size;           /* last known size of fd */
  char       *si;
  guint64     sn_mark;
  guint64     partial_at;     /* offset of a partial last line ... */
  gint64      partial_since;  /* ... seen since (monotonic us), 0 none */
  gint64      missing_since;  /* path absent since (monotonic us), 0 present */
  gint64      last_success;   /* wall us */
  guint64     skipped_bytes;
  guint64     invalid_utf8;
  /* redaction_rules/sampling_rules: counted when the request is acknowledged. */
  guint64     lines_redacted, pending_redacted;
  guint64     lines_sampled_out, pending_sampled_out;
  guint64     bytes_sampled_out, pending_sampled_out_bytes;
  guint64     pending_unsent_bytes;   /* lines without an event: not charged to max-send-rate */
  gboolean    rule_error_logged;
  char       *last_error;
  gboolean    in_request;
  ScalyrLineParser *line_parser;   /* parse_format json/cri */
  gint64      parse_warned_at;     /* monotonic us */
  guint       parse_unlogged;      /* unparsed lines not yet in a warning */
} UploadLog;

/* The request body and the compressor with its output buffer: shared (an
 * atomic rc box) with the GBytes of the request in flight, which libsoup
 * may hold after the uploader is gone. */
typedef struct {
  GString          *body;
  ScalyrCompressor *compressor;
} RequestBuffers;

struct _ScalyrUploader
{
  GObject parent_instance;

  char              *server_url;
  char              *url;
  char              *api_key;
  char              *data_dir;
  char              *ca_file;
  gboolean           verify_certificate;
  char              *http_proxy;
  char              *https_proxy;
  char              *server_host;
  char              *session;
  ScalyrCompression  compression;
  int                compression_level;
  gboolean           allow_http;
  guint              request_timeout;
  guint              max_request_size;
  guint              min_request_size;
  double             min_spacing;
  double             max_spacing;
  double             initial_backoff;
  double             max_backoff;
  double             line_completion_wait;
  guint              max_line_size;
  double             rescan_interval;
  guint64            max_log_offset_size;
  guint64            max_existing_log_offset_size;
  double             log_deletion_delay;
  double             max_send_rate;  /* bytes of log text per second, 0: unlimited */
  ScalyrAgentLogger *logger;

  JsonObject        *server_attributes;
  GPtrArray         *matchers;      /* LogMatcher */
  GPtrArray         *logs;          /* UploadLog */
  GHashTable        *log_paths;     /* path (owned by its log) -> UploadLog */
  GHashTable        *checkpoints;   /* path -> ScalyrCheckpoint, unused ones */
  GPtrArray         *monitors;      /* GFileMonitor */
  guint              next_log_id;
  guint              rr_start;
  gboolean           started;
  gboolean           first_scan_done;

  GMainContext      *context;
  SoupSession       *soup;
  GCancellable      *cancellable;
  guint              send_source;
  guint              rescan_source;
  guint              monitor_rescan_source;
  gboolean           in_flight;

  /* The request being sent (and resent). */
  RequestBuffers    *buffers;
  GString           *body;          /* buffers->body: without client_time and the closing brace,
                                     * except while a request is in flight */
  gsize              body_base;     /* its length without client_time */
  guint              body_events;
  gboolean           body_full;
  char              *read_buf;

  double             spacing;
  guint              failures;
  guint              current_limit;
  gint64             last_ts;
  gint64             last_success;
  char              *last_error;
  guint64            requests_ok;
  guint64            requests_failed;
  guint64            events_sent;
  guint64            bytes_sent;

  /* max_send_rate: a token bucket of 4 s of the rate, full at first,
   * charged with the log bytes of each acknowledged request; a send waits
   * until it is no longer negative. */
  double             rate_bucket;
  gint64             rate_bucket_time;  /* monotonic us of its last refill, 0: full */
};

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_API_KEY,
  PROP_DATA_DIR,
  PROP_SERVER_HOST,
  PROP_COMPRESSION,
  PROP_COMPRESSION_LEVEL,
  PROP_ALLOW_HTTP,
  PROP_REQUEST_TIMEOUT,
  PROP_MAX_REQUEST_SIZE,
  PROP_MIN_REQUEST_SPACING,
  PROP_MAX_REQUEST_SPACING,
  PROP_INITIAL_BACKOFF,
  PROP_MAX_BACKOFF,
  PROP_LINE_COMPLETION_WAIT,
  PROP_MAX_LINE_SIZE,
  PROP_RESCAN_INTERVAL,
  PROP_MAX_LOG_OFFSET_SIZE,
  PROP_MAX_EXISTING_LOG_OFFSET_SIZE,
  PROP_LOG_DELETION_DELAY,
  PROP_LOGGER,
  PROP_CA_FILE,
  PROP_MAX_SEND_RATE,
  PROP_VERIFY_CERTIFICATE,
  PROP_HTTP_PROXY,
  PROP_HTTPS_PROXY,
  N_PROPS
};

enum {
  SIGNAL_REQUEST_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * ScalyrUploader:
 *
 * Copies log files to Scalyr's `addEvents` API: one request in flight,
 * resent until acknowledged, positions checkpointed in
 * #ScalyrUploader:data-dir after each acknowledged request. Lines are read
 * from the files when a request is built, so memory stays bounded by one
 * request whatever the backlog.
 */
G_DEFINE_FINAL_TYPE (ScalyrUploader, scalyr_uploader, G_TYPE_OBJECT)

static void schedule_send (ScalyrUploader *self, double delay);

/* GIO may hold its own reference to a monitor: cancel and disconnect. */
static void
drop_monitors (ScalyrUploader *self)
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
add_timeout (ScalyrUploader *self, guint ms, GSourceFunc fn)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);
  g_source_set_callback (source, fn, self, NULL);
  return g_source_attach (source, self->context);
}

static void
remove_source (ScalyrUploader *self, guint *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);
      if (source != NULL)
        g_source_destroy (source);
      *id = 0;
    }
}

/* ---- logs ---- */

static void
upload_log_free (UploadLog *log)
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
  scalyr_line_parser_free (log->line_parser);
  g_free (log);
}

static void
set_log_error (UploadLog *log, const char *message)
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

/* @renamed: the rename_logfile name of the log, or NULL. */
static void
log_build_tables (UploadLog *log, const char *renamed)
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

static void
log_skip_if_too_far (ScalyrUploader *self, UploadLog *log, guint64 limit)
{
  if (log->size > log->mark && log->size - log->mark > limit)
    {
      guint64 skipped = log->size - log->mark;
      log->skipped_bytes += skipped;
      log->sn_mark += skipped;
      log->mark = log->read = log->size;
      scalyr_warning (self->logger, "skipForTooFarBehind: %s is %" G_GUINT64_FORMAT
                      " bytes behind (limit %" G_GUINT64_FORMAT "); skipping them",
                      log->path, skipped, limit);
      g_autofree char *msg = g_strdup_printf ("skipped %" G_GUINT64_FORMAT " bytes (too far behind)", skipped);
      set_log_error (log, msg);
    }
}

static void
add_log_file (ScalyrUploader *self, LogMatcher *m, const char *path)
{
  g_autoptr(ScalyrCheckpoint) cp = NULL;
  guint64 ino = 0, size = 0;
  int fd;
  gpointer key;

  if (g_hash_table_steal_extended (self->checkpoints, path, &key, (gpointer *) &cp))
    (void) key;

  fd = open_file (path, &ino, &size);
  if (fd < 0)
    return;

  UploadLog *log = g_new0 (UploadLog, 1);
  log->id = ++self->next_log_id;
  log->id_str = g_strdup_printf ("log_%u", log->id);
  log->path = g_strdup (path);
  log->matcher = m;
  log->fd = fd;
  log->ino = ino;
  log->size = size;
  log->fd_is_path = TRUE;
  g_autofree char *renamed = scalyr_log_matcher_rename (m, path, self->logger);
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
              scalyr_info (self->logger, "%s was rotated to %s; finishing it from offset %"
                           G_GUINT64_FORMAT, path, old, cp->offset);
            }
          else
            {
              if (old_fd >= 0)
                close (old_fd);
              scalyr_warning (self->logger, "%s was rotated and the old file is gone; reading the new one from 0",
                              path);
              log->mark = log->read = 0;
            }
        }
      else if (cp->offset > size)
        {
          scalyr_warning (self->logger, "%s is shorter (%" G_GUINT64_FORMAT ") than its checkpoint (%"
                          G_GUINT64_FORMAT "); reading it from 0", path, size, cp->offset);
          log->mark = log->read = 0;
        }
      else
        log->mark = log->read = cp->offset;
      log_skip_if_too_far (self, log, self->max_existing_log_offset_size);
    }
  else
    {
      log->si = g_uuid_string_random ();
      /* Found at the first scan: from the end unless copy_from_start;
       * appeared later: from the start. */
      log->mark = (self->first_scan_done || m->copy_from_start) ? 0 : size;
      log->read = log->mark;
      log->sn_mark = log->mark;
      log_skip_if_too_far (self, log, self->max_log_offset_size);
    }
  g_ptr_array_add (self->logs, log);
  g_hash_table_insert (self->log_paths, log->path, log);
  if (renamed != NULL)
    scalyr_info (self->logger, "copying %s as %s (logfile %s) from offset %" G_GUINT64_FORMAT,
                 path, log->id_str, renamed, log->mark);
  else
    scalyr_info (self->logger, "copying %s as %s from offset %" G_GUINT64_FORMAT,
                 path, log->id_str, log->mark);
}


/* A stale file is not opened. Without a checkpoint it gets one at its
 * current end (as a file present at start would), so that when it is
 * written again only the new lines are copied; with one, copying resumes
 * from it then. */
static void
skip_stale_file (ScalyrUploader *self,
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
  scalyr_info (self->logger, "%s is stale (not written for more than %g s, ignore_stale_files): not copied "
               "until it is written again", path, m->staleness_threshold);
}

/* An open log of an ignore_stale_files entry, fully acknowledged and not
 * written for staleness_threshold_secs, is closed; its checkpoint is kept
 * for when it is written again. Returns TRUE if @log was closed. */
static gboolean
log_close_if_stale (ScalyrUploader *self,
                    UploadLog      *log)
{
  struct stat st;
  ScalyrCheckpoint *cp;

  if (!log->matcher->ignore_stale || !log->fd_is_path || log->mark < log->size
      || fstat (log->fd, &st) != 0 || (guint64) st.st_size > log->mark
      || !scalyr_log_matcher_is_stale (log->matcher, st.st_mtime))
    return FALSE;
  cp = g_new0 (ScalyrCheckpoint, 1);
  cp->path = g_strdup (log->path);
  cp->offset = log->mark;
  cp->inode = log->ino;
  cp->is_log_file = TRUE;
  cp->sequence_id = g_strdup (log->si);
  cp->sequence_number = log->sn_mark;
  cp->time = (double) g_get_real_time () / G_USEC_PER_SEC;
  g_hash_table_replace (self->checkpoints, cp->path, cp);
  scalyr_info (self->logger, "%s is stale (not written for more than %g s, ignore_stale_files): closed; "
               "copying resumes when it is written again", log->path, log->matcher->staleness_threshold);
  return TRUE;
}

static void
scan_logs (ScalyrUploader *self)
{
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
          if (g_hash_table_contains (self->log_paths, p) || scalyr_log_matcher_excludes (m, p)
              || stat (p, &st) != 0 || !S_ISREG (st.st_mode))
            continue;
          if (m->ignore_stale && scalyr_log_matcher_is_stale (m, st.st_mtime))
            {
              skip_stale_file (self, m, p, &st);
              continue;
            }
          add_log_file (self, m, p);
        }
      globfree (&g);
    }
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
  ScalyrUploader *self = data;
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
  ScalyrUploader *self = data;
  (void) monitor; (void) file; (void) other;

  if (event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_MOVED_IN
      && event != G_FILE_MONITOR_EVENT_RENAMED)
    return;
  if (self->monitor_rescan_source == 0)
    self->monitor_rescan_source = add_timeout (self, 50, monitor_rescan_cb);
}

/* ---- reading ---- */

/* Rotation, truncation and deletion; called when the log has nothing in
 * the request (read == mark). Returns FALSE if the log is to be dropped. */
static gboolean
log_check_file (ScalyrUploader *self, UploadLog *log)
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
          && g_get_monotonic_time () - log->missing_since >= (gint64) (self->log_deletion_delay * G_USEC_PER_SEC))
        {
          scalyr_info (self->logger, "%s deleted and fully copied; no longer copied", log->path);
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
              scalyr_info (self->logger, "%s was truncated; finishing its copy %s from offset %"
                           G_GUINT64_FORMAT, log->path, best, log->mark);
              close (log->fd);
              log->fd = fd;
              log->ino = ino;
              log->size = size;
              log->fd_is_path = FALSE;
            }
          else
            {
              scalyr_warning (self->logger, "%s was truncated and no copy was found; reading it from 0",
                              log->path);
              set_log_error (log, "truncated without a copy");
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
      scalyr_info (self->logger, "%s was rotated; now reading the new file", log->path);
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

/* Writes the decimal digits of @v at @d; returns the end. */
static inline char *
put_u64 (char *d, guint64 v)
{
  char buf[20];
  char *p = buf + sizeof buf;
  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  gsize n = (gsize) (buf + sizeof buf - p);
  memcpy (d, p, n);
  return d + n;
}

static inline char *
put (char *d, const char *s, gsize n)
{
  memcpy (d, s, n);
  return d + n;
}

static void
append_u64 (GString *out, guint64 v)
{
  char buf[20];
  g_string_append_len (out, buf, put_u64 (buf, v) - buf);
}

/* The parts of a log's events that do not change within a request. */
typedef struct {
  char  *head;          /* {"thread":"log_1","log":"log_1","ts":" */
  gsize  head_len;
  char  *si_head;       /* ","si":"<si>","sn": */
  gsize  si_head_len;
  char  *attrs;         /* ,"attrs":{<attrs>"message": */
  gsize  attrs_len;
  gsize  tables_len;    /* its threads and logs entries, with commas */
} EventParts;

static void
event_parts_init (EventParts *ep, UploadLog *log)
{
  ep->head = g_strconcat ("{\"thread\":\"", log->id_str, "\",\"log\":\"", log->id_str, "\",\"ts\":\"", NULL);
  ep->head_len = strlen (ep->head);
  ep->si_head = g_strconcat ("\",\"si\":\"", log->si, "\",\"sn\":", NULL);
  ep->si_head_len = strlen (ep->si_head);
  ep->attrs = g_strconcat (",\"attrs\":{", log->attrs_json, "\"message\":", NULL);
  ep->attrs_len = strlen (ep->attrs);
  ep->tables_len = strlen (log->table_logs) + strlen (log->table_threads) + 2;
}

static void
event_parts_clear (EventParts *ep)
{
  g_free (ep->head);
  g_free (ep->si_head);
  g_free (ep->attrs);
}

/* ts: nanoseconds, strictly increasing. The clock is read once per page
 * of lines (@now_ns), later events of it follow by 1 ns. */
static inline gint64
next_ts (ScalyrUploader *self, gint64 now_ns)
{
  gint64 ts = now_ns > self->last_ts ? now_ns : self->last_ts + 1;
  self->last_ts = ts;
  return ts;
}

/* Appends the event of @line (preceded by a comma unless it is the first)
 * with @ts, @extra (attributes after message, with a leading comma) in its
 * attrs, which hold @own_attrs (members each followed by a comma) instead
 * of the log's attributes unless it is %NULL. */
static void
append_event_full (ScalyrUploader *self, GString *out, UploadLog *log, UploadLog *prev, const EventParts *ep,
                   gint64 ts, const char *own_attrs, gsize own_attrs_len,
                   const char *line, gsize len, guint64 end_offset, const char *extra, gsize extra_len)
{
  guint64 sn = log->sn_mark + (end_offset - log->mark);
  gsize max = 1 + ep->head_len + 21 + ep->si_head_len + 20 + ep->attrs_len + own_attrs_len + 12
              + SCALYR_JSON_ESCAPE_MAX (len) + extra_len + 2;

  if (out->allocated_len - out->len <= max)
    {
      gsize len0 = out->len;
      g_string_set_size (out, len0 + max);
      g_string_truncate (out, len0);
    }

  char *d = out->str + out->len;
  if (self->body_events > 0)
    *d++ = ',';
  d = put (d, ep->head, ep->head_len);
  if (G_UNLIKELY (ts < 0))
    {
      *d++ = '-';
      d = put_u64 (d, -(guint64) ts);
    }
  else
    d = put_u64 (d, (guint64) ts);
  if (prev == log)
    {
      /* Past lines dropped by sampling too. */
      guint64 prev_sn = log->sn_mark + (log->event_end - log->mark);
      d = put (d, "\",\"sd\":", 7);
      d = put_u64 (d, sn - prev_sn);
    }
  else
    {
      d = put (d, ep->si_head, ep->si_head_len);
      d = put_u64 (d, sn);
    }
  if (G_LIKELY (own_attrs == NULL))
    d = put (d, ep->attrs, ep->attrs_len);
  else
    {
      d = put (d, ",\"attrs\":{", 10);
      d = put (d, own_attrs, own_attrs_len);
      d = put (d, "\"message\":", 10);
    }
  d += scalyr_upload_json_escape_to (d, line, len, &log->invalid_utf8);
  if (extra_len > 0)
    d = put (d, extra, extra_len);
  d = put (d, "}}", 2);
  out->len = (gsize) (d - out->str);
  out->str[out->len] = '\0';
}

static inline void
append_event (ScalyrUploader *self, GString *out, UploadLog *log, UploadLog *prev, const EventParts *ep,
              gint64 now_ns, const char *line, gsize len, guint64 end_offset, const char *extra, gsize extra_len)
{
  append_event_full (self, out, log, prev, ep, next_ts (self, now_ns), NULL, 0, line, len, end_offset,
                     extra, extra_len);
}

typedef struct {
  GString   *threads;
  GString   *logs;
  UploadLog *prev;
  guint64    unsent;   /* bytes of lines without an event (sampling, redaction) */
} BuildState;

/* The rules of @log's entry on one message; the invalid UTF-8 count and
 * the first rule error (logged once per file) are taken care of. */
static gboolean
log_apply_rules (ScalyrUploader *self, UploadLog *log, const char *msg, gsize len, ScalyrLineResult *r)
{
  g_autoptr(GError) rule_error = NULL;
  gboolean keep = scalyr_log_rules_apply (log->matcher->rules, msg, len, r, &rule_error);

  log->invalid_utf8 += r->invalid_utf8;
  if (rule_error != NULL && !log->rule_error_logged)
    {
      scalyr_warning (self->logger, "%s: %s (logged once per file)", log->path, rule_error->message);
      log->rule_error_logged = TRUE;
    }
  return keep;
}

/* Whether the request, with @log's tables if it is not in it yet, is over
 * the size limit. */
static gboolean
request_over_limit (ScalyrUploader *self, BuildState *st, UploadLog *log, const EventParts *ep)
{
  gsize tables = log->in_request ? 0 : ep->tables_len;
  return self->body->len + st->threads->len + st->logs->len + tables + 64 > self->current_limit;
}

/* @log's entries in the request's threads and logs tables, once. */
static void
log_join_request (UploadLog *log, BuildState *st)
{
  if (log->in_request)
    return;
  log->in_request = TRUE;
  if (st->threads->len > 0)
    g_string_append_c (st->threads, ',');
  g_string_append (st->threads, log->table_threads);
  if (st->logs->len > 0)
    g_string_append_c (st->logs, ',');
  g_string_append (st->logs, log->table_logs);
}

/* Bounds the time spent on a backlog that is all dropped by the rules:
 * past 4 request sizes the request counts as full, the next one follows. */
static gboolean
dropped_backlog_full (ScalyrUploader *self, BuildState *st)
{
  if (st->unsent <= 4 * (guint64) self->current_limit)
    return FALSE;
  self->body_full = TRUE;
  return TRUE;
}

/* A partial last line (or group, or cri message) at log->read: whether to
 * keep waiting for its end (line_completion_wait from when it was first
 * seen there). */
static gboolean
log_partial_waits (ScalyrUploader *self, UploadLog *log)
{
  gint64 now = g_get_monotonic_time ();

  if (log->partial_since == 0 || log->partial_at != log->read)
    {
      log->partial_at = log->read;
      log->partial_since = now;
      return TRUE;
    }
  return now - log->partial_since < (gint64) (self->line_completion_wait * G_USEC_PER_SEC);
}

/* parse_format json/cri: commits the events of a group of @used bytes at
 * log->read (scalyr-parse-format.c), all or none; FALSE when the request
 * is full. */
static gboolean
log_add_parsed (ScalyrUploader *self, UploadLog *log, BuildState *st, const EventParts *ep, gint64 now_ns,
                gsize used)
{
  GArray *events = scalyr_line_parser_get_events (log->line_parser);
  ScalyrLogRules *rules = log->matcher->rules;
  const gsize before = self->body->len;
  const gint64 last_ts = self->last_ts;
  const guint body_events = self->body_events;
  UploadLog *const prev = st->prev;
  const guint64 event_end = log->event_end;
  guint64 redacted = 0, sampled_out = 0, sampled_out_bytes = 0, unsent = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const ScalyrParsedEvent *ev = &g_array_index (events, ScalyrParsedEvent, i);
      const char *msg = ev->message;
      gsize msg_len = ev->message_len;
      const char *extra = NULL;
      gsize extra_len = 0;
      if (G_UNLIKELY (rules != NULL))
        {
          /* As the reference: the rules see the parsed message. */
          ScalyrLineResult r;
          gboolean keep = log_apply_rules (self, log, msg, msg_len, &r);
          if (!keep)
            {
              sampled_out++;
              sampled_out_bytes += ev->raw_len;
            }
          if (!keep || r.length == 0)
            {
              redacted += keep && r.redacted;
              unsent += ev->raw_len;
              continue;
            }
          msg = r.message;
          msg_len = r.length;
          extra = r.sample_rate_attr;
          extra_len = r.sample_rate_attr_len;
          redacted += r.redacted;
        }
      append_event_full (self, self->body, log, st->prev, ep, ev->has_ts ? ev->ts : next_ts (self, now_ns),
                         ev->attrs, ev->attrs_len, msg, msg_len, log->read + ev->end, extra, extra_len);
      self->body_events++;
      st->prev = log;
      log->event_end = log->read + ev->end;
    }
  if (self->body_events > body_events)
    {
      if (request_over_limit (self, st, log, ep) && body_events > 0)
        {
          g_string_truncate (self->body, before);
          self->last_ts = last_ts;
          self->body_events = body_events;
          st->prev = prev;
          log->event_end = event_end;
          self->body_full = TRUE;
          return FALSE;
        }
      log_join_request (log, st);
    }
  log->pending_redacted += redacted;
  log->pending_sampled_out += sampled_out;
  log->pending_sampled_out_bytes += sampled_out_bytes;
  log->pending_unsent_bytes += unsent;
  log->read += used;
  log->partial_since = 0;
  st->unsent += unsent;
  return !dropped_backlog_full (self, st);
}

static void
log_warn_unparsed (ScalyrUploader *self, UploadLog *log)
{
  const char *reason = NULL;
  guint n = scalyr_line_parser_take_unparsed (log->line_parser, &reason);
  if (G_LIKELY (n == 0))
    return;
  log->parse_unlogged += n;
  gint64 now = g_get_monotonic_time ();
  if (log->parse_warned_at != 0 && now - log->parse_warned_at < 300 * G_USEC_PER_SEC)
    return;
  scalyr_warning (self->logger, "%s: %u line(s) not parsed as parse_format %s (last: %s), sent as read "
                  "(logged at most every 300 s)", log->path, log->parse_unlogged,
                  log->matcher->parse_format->kind == SCALYR_PARSE_JSON ? "json" : "cri", reason);
  log->parse_warned_at = now;
  log->parse_unlogged = 0;
}

/* Reads up to @page bytes of @log at its read position into the read
 * buffer: the count, or 0 at the end of the file or on an error (recorded
 * as the log's last error). */
static ssize_t
log_read_page (ScalyrUploader *self, UploadLog *log, gsize page)
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
    n = pread (log->fd, self->read_buf, page, (off_t) log->read);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      g_autofree char *msg = g_strdup_printf ("read error: %s", g_strerror (errno));
      set_log_error (log, msg);
      return 0;
    }
  return n;
}

/* log_fill() of a log with parse_format json/cri: the lines are parsed in
 * groups (one line for json; for cri the lines up to where no stream has a
 * partial message left), each group sent whole or not at all, so the
 * position only ever stops between groups. */
static gboolean
log_fill_parsed (ScalyrUploader *self, UploadLog *log, BuildState *st)
{
  const gsize page = 65536;
  EventParts ep;
  gboolean more = TRUE;

  if (log->line_parser == NULL)
    log->line_parser = scalyr_line_parser_new (log->matcher->parse_format, log->attrs_json);
  event_parts_init (&ep, log);
  for (;;)
    {
      ssize_t n = log_read_page (self, log, page);
      if (n <= 0)
        break;

      const gint64 now_ns = g_get_real_time () * 1000;
      const char *buf = self->read_buf;
      gsize pos = 0;
      gboolean wait = FALSE;
      while (pos < (gsize) n)
        {
          gsize avail = (gsize) n - pos;
          gsize used = scalyr_line_parser_parse (log->line_parser, buf + pos, avail, SCALYR_PARSE_WAIT,
                                                 self->max_line_size);
          if (used == 0)
            {
              if ((gsize) n == page && pos > 0)
                break;                           /* re-read from the group start */
              if ((gsize) n == page)
                used = scalyr_line_parser_parse (log->line_parser, buf, avail, SCALYR_PARSE_FLUSH_LINES,
                                                 self->max_line_size);
              else
                {
                  /* A partial last line or cri message: wait for its end for a while. */
                  if (log_partial_waits (self, log))
                    {
                      wait = TRUE;
                      break;
                    }
                  used = scalyr_line_parser_parse (log->line_parser, buf + pos, avail, SCALYR_PARSE_FLUSH_ALL,
                                                   self->max_line_size);
                }
            }
          log_warn_unparsed (self, log);
          if (!log_add_parsed (self, log, st, &ep, now_ns, used))
            {
              more = FALSE;
              break;
            }
          pos += used;
        }
      if (!more || wait || pos == 0)
        break;
    }
  event_parts_clear (&ep);
  return more;
}

/* Adds lines of @log; FALSE when the request is full. */
static gboolean
log_fill (ScalyrUploader *self, UploadLog *log, BuildState *st)
{
  const gsize page = 65536;
  ScalyrLogRules *rules = log->matcher->rules;
  ScalyrLineGroupers *groupers = log->matcher->groupers;
  EventParts ep;
  gboolean more = TRUE;

  if (G_UNLIKELY (log->matcher->parse_format != NULL))
    return log_fill_parsed (self, log, st);
  event_parts_init (&ep, log);
  for (;;)
    {
      ssize_t n = log_read_page (self, log, page);
      if (n <= 0)
        break;

      const gint64 now_ns = g_get_real_time () * 1000;
      const char *buf = self->read_buf;
      gsize pos = 0;
      gboolean wait = FALSE;
      while (pos < (gsize) n)
        {
          const char *start = buf + pos;
          gsize avail = (gsize) n - pos;
          gsize limit = MIN (avail, (gsize) self->max_line_size);
          const char *nl = memchr (start, '\n', limit);
          gsize len;
          /* lineGroupers: a complete line may begin a group of lines. */
          ScalyrGroupScan group = SCALYR_GROUP_NONE;
          gsize group_len = 0;
          if (G_UNLIKELY (groupers != NULL) && nl != NULL)
            group = scalyr_line_groupers_scan (groupers, start, avail, (gsize) (nl - start) + 1,
                                               self->max_line_size, (gsize) n < page, &group_len);

          if (group == SCALYR_GROUP_COMPLETE)
            len = group_len;
          else if (nl != NULL && group == SCALYR_GROUP_NONE)
            len = (gsize) (nl - start) + 1;
          else if (nl == NULL && avail >= self->max_line_size)
            len = self->max_line_size;           /* long line: a fragment */
          else if ((gsize) n == page && pos > 0)
            break;                               /* re-read from the line start */
          else
            {
              /* Partial last line or incomplete group: wait for its end for a while. */
              if (log_partial_waits (self, log))
                {
                  wait = TRUE;
                  break;
                }
              len = group == SCALYR_GROUP_INCOMPLETE ? group_len : avail;
            }

          const char *msg = start;
          gsize msg_len = len;
          const char *extra = NULL;
          gsize extra_len = 0;
          gboolean redacted = FALSE;
          if (G_UNLIKELY (rules != NULL))
            {
              ScalyrLineResult r;
              gboolean keep = log_apply_rules (self, log, start, len, &r);
              if (!keep)
                {
                  log->pending_sampled_out++;
                  log->pending_sampled_out_bytes += len;
                }
              if (!keep || r.length == 0)
                {
                  log->pending_redacted += keep && r.redacted;
                  log->pending_unsent_bytes += len;
                  /* No event (as the reference, also for a line redacted
                   * to nothing); its bytes count in the next event's sd
                   * and the position moves past it when acknowledged. */
                  log->read += len;
                  log->partial_since = 0;
                  pos += len;
                  st->unsent += len;
                  if (dropped_backlog_full (self, st))
                    {
                      more = FALSE;
                      break;
                    }
                  continue;
                }
              msg = r.message;
              msg_len = r.length;
              extra = r.sample_rate_attr;
              extra_len = r.sample_rate_attr_len;
              redacted = r.redacted;
            }

          gsize before = self->body->len;
          gint64 last_ts = self->last_ts;
          append_event (self, self->body, log, st->prev, &ep, now_ns, msg, msg_len, log->read + len,
                        extra, extra_len);
          if (request_over_limit (self, st, log, &ep) && self->body_events > 0)
            {
              g_string_truncate (self->body, before);
              self->last_ts = last_ts;
              self->body_full = TRUE;
              more = FALSE;
              break;
            }
          self->body_events++;
          log_join_request (log, st);
          st->prev = log;
          log->read += len;
          log->event_end = log->read;
          log->pending_redacted += redacted;
          log->partial_since = 0;
          pos += len;
        }
      if (!more || wait || pos == 0)
        break;
    }
  event_parts_clear (&ep);
  return more;
}

static void
append_json_string (GString *out, const char *s)
{
  scalyr_upload_json_escape (out, s, strlen (s));
}

static void
build_request (ScalyrUploader *self)
{
  g_autoptr(GString) threads = g_string_new (NULL);
  g_autoptr(GString) logs = g_string_new (NULL);
  BuildState st = { threads, logs, NULL, 0 };
  GString *b = self->body;

  g_string_truncate (b, 0);
  self->body_events = 0;
  self->body_full = FALSE;
  g_string_append (b, "{\"token\":");
  append_json_string (b, self->api_key);
  g_string_append (b, ",\"session\":");
  append_json_string (b, self->session);
  g_string_append (b, ",\"sessionInfo\":{\"serverHost\":");
  append_json_string (b, self->server_host);
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;
    json_object_iter_init (&iter, self->server_attributes);
    while (json_object_iter_next (&iter, &name, &value))
      {
        if (g_str_equal (name, "serverHost"))
          continue;
        g_string_append_c (b, ',');
        append_json_string (b, name);
        g_string_append_c (b, ':');
        append_json_node (b, value);
      }
  }
  g_string_append (b, "},\"events\":[");

  /* Drop logs that are gone, check rotation of the others. */
  for (guint i = 0; i < self->logs->len;)
    {
      UploadLog *log = self->logs->pdata[i];
      log->in_request = FALSE;
      log->read = log->mark;
      log->pending_redacted = log->pending_sampled_out = log->pending_sampled_out_bytes = 0;
      log->pending_unsent_bytes = 0;
      if (!log_check_file (self, log) || log_close_if_stale (self, log))
        {
          g_hash_table_remove (self->log_paths, log->path);
          g_ptr_array_remove_index (self->logs, i);
          continue;
        }
      log_skip_if_too_far (self, log, self->max_existing_log_offset_size);
      i++;
    }

  guint n = self->logs->len;
  for (guint k = 0; k < n; k++)
    {
      UploadLog *log = self->logs->pdata[(self->rr_start + k) % n];
      if (!log_fill (self, log, &st))
        break;
    }
  if (n > 0)
    self->rr_start = (self->rr_start + 1) % n;

  g_string_append (b, "],\"threads\":[");
  g_string_append_len (b, threads->str, (gssize) threads->len);
  g_string_append (b, "],\"logs\":[");
  g_string_append_len (b, logs->str, (gssize) logs->len);
  g_string_append (b, "],\"client_time\":");
}

/* ---- checkpoints ---- */

static gboolean
write_checkpoints (ScalyrUploader *self)
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
    {
      UploadLog *log = self->logs->pdata[i];
      json_builder_set_member_name (jb, log->path);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "position");
      json_builder_add_int_value (jb, 0);
      json_builder_set_member_name (jb, "pending_files");
      json_builder_begin_array (jb);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "position_start");
      json_builder_add_int_value (jb, -(gint64) log->mark);
      json_builder_set_member_name (jb, "position_end");
      json_builder_add_int_value (jb, (gint64) log->size - (gint64) log->mark);
      json_builder_set_member_name (jb, "last_known_size");
      json_builder_add_int_value (jb, (gint64) log->size);
      json_builder_set_member_name (jb, "is_log_file");
      json_builder_add_boolean_value (jb, log->fd_is_path);
      json_builder_set_member_name (jb, "inode");
      json_builder_add_int_value (jb, (gint64) log->ino);
      json_builder_end_object (jb);
      json_builder_end_array (jb);
      json_builder_set_member_name (jb, "sequence_id");
      json_builder_add_string_value (jb, log->si);
      json_builder_set_member_name (jb, "sequence_number");
      json_builder_add_int_value (jb, (gint64) log->sn_mark);
      json_builder_set_member_name (jb, "time");
      json_builder_add_double_value (jb, now);
      json_builder_end_object (jb);
    }
  /* Checkpoints of files not (yet) matched again are kept. */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, self->checkpoints);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      ScalyrCheckpoint *cp = value;
      json_builder_set_member_name (jb, cp->path);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "position");
      json_builder_add_int_value (jb, 0);
      json_builder_set_member_name (jb, "pending_files");
      json_builder_begin_array (jb);
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "position_start");
      json_builder_add_int_value (jb, -(gint64) cp->offset);
      json_builder_set_member_name (jb, "position_end");
      json_builder_add_int_value (jb, 0);
      json_builder_set_member_name (jb, "last_known_size");
      json_builder_add_int_value (jb, (gint64) cp->offset);
      json_builder_set_member_name (jb, "is_log_file");
      json_builder_add_boolean_value (jb, cp->is_log_file);
      json_builder_set_member_name (jb, "inode");
      json_builder_add_int_value (jb, (gint64) cp->inode);
      json_builder_end_object (jb);
      json_builder_end_array (jb);
      if (cp->sequence_id != NULL)
        {
          json_builder_set_member_name (jb, "sequence_id");
          json_builder_add_string_value (jb, cp->sequence_id);
        }
      json_builder_set_member_name (jb, "sequence_number");
      json_builder_add_int_value (jb, (gint64) cp->sequence_number);
      json_builder_set_member_name (jb, "time");
      json_builder_add_double_value (jb, cp->time);
      json_builder_end_object (jb);
    }
  json_builder_end_object (jb);
  json_builder_end_object (jb);

  g_autoptr(JsonNode) root = json_builder_get_root (jb);
  g_autofree char *text = json_to_string (root, FALSE);
  if (!scalyr_checkpoints_write_file (self->data_dir, CHECKPOINT_FILE, text, &error))
    {
      scalyr_error (self->logger, "checkpoint not written: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The reference's per-worker files, read at start, are now folded into
 * checkpoints.json: remove them, as the reference does at start. */
static void
fold_worker_checkpoints (ScalyrUploader *self)
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
            scalyr_info (self->logger, "checkpoint file %s folded into %s", name, CHECKPOINT_FILE);
        }
    }
}

/* ---- sending ---- */

static void
set_last_error (ScalyrUploader *self, const char *status, const char *detail)
{
  g_free (self->last_error);
  self->last_error = detail != NULL ? g_strdup_printf ("%s: %s", status, detail) : g_strdup (status);
  for (guint i = 0; i < self->logs->len; i++)
    {
      UploadLog *log = self->logs->pdata[i];
      if (log->in_request)
        set_log_error (log, self->last_error);
    }
}

static double
backoff_delay (ScalyrUploader *self)
{
  double d = self->initial_backoff;
  for (guint i = 1; i < self->failures && d < self->max_backoff; i++)
    d *= 2;
  d = MIN (d, self->max_backoff);
  /* Jitter: between 75 % and 100 %. */
  return d * g_random_double_range (0.75, 1.0);
}

static void
request_done (ScalyrUploader *self, const char *status, gboolean success)
{
  g_signal_emit (self, signals[SIGNAL_REQUEST_FINISHED], 0, status, success);
}

/* Refills the max_send_rate bucket up to now; FALSE if there is no limit. */
static gboolean
rate_refill (ScalyrUploader *self)
{
  double capacity = 4.0 * self->max_send_rate;
  gint64 now = g_get_monotonic_time ();

  if (self->max_send_rate <= 0)
    return FALSE;
  if (self->rate_bucket_time == 0)
    self->rate_bucket = capacity;
  else
    self->rate_bucket = MIN (capacity, self->rate_bucket + (double) (now - self->rate_bucket_time)
                                                           / G_USEC_PER_SEC * self->max_send_rate);
  self->rate_bucket_time = now;
  return TRUE;
}

static void
rate_charge (ScalyrUploader *self, guint64 log_bytes)
{
  if (rate_refill (self))
    self->rate_bucket -= (double) log_bytes;
}

/* Seconds until the bucket is no longer negative. */
static double
rate_wait (ScalyrUploader *self)
{
  if (!rate_refill (self) || self->rate_bucket >= 0)
    return 0;
  return -self->rate_bucket / self->max_send_rate;
}

static void
on_success (ScalyrUploader *self, gsize compressed, gboolean discard)
{
  gint64 now = g_get_real_time ();
  guint64 log_bytes = 0;

  for (guint i = 0; i < self->logs->len; i++)
    {
      UploadLog *log = self->logs->pdata[i];
      /* As the reference: the bytes of the lines sent. */
      if (log->in_request)
        log_bytes += log->read - log->mark - log->pending_unsent_bytes;
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
    }
  self->last_success = now;
  self->requests_ok++;
  self->events_sent += self->body_events;
  self->bytes_sent += compressed;
  self->failures = 0;
  self->current_limit = self->max_request_size;
  if (compressed < 20480)
    self->spacing *= 1.5;
  else if (compressed > 102400)
    self->spacing *= 0.6;
  self->spacing = CLAMP (self->spacing, self->min_spacing, self->max_spacing);
  if (self->spacing <= 0)
    self->spacing = self->min_spacing;
  g_string_truncate (self->body, 0);
  write_checkpoints (self);
  /* As the reference: only the lines the server took count. */
  if (!discard)
    rate_charge (self, log_bytes);
}

static void
rollback (ScalyrUploader *self)
{
  for (guint i = 0; i < self->logs->len; i++)
    {
      UploadLog *log = self->logs->pdata[i];
      log->read = log->mark;
    }
  g_string_truncate (self->body, 0);
}

static void
on_failure (ScalyrUploader *self, double retry_after)
{
  self->failures++;
  self->requests_failed++;
  /* Close the connection after any failure. */
  soup_session_abort (self->soup);
  double delay = backoff_delay (self);
  if (retry_after > delay)
    delay = MIN (retry_after, 3600.0);
  schedule_send (self, delay);
}

static double
parse_retry_after (SoupMessage *msg)
{
  const char *v = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (v == NULL)
    return 0;
  char *end = NULL;
  gint64 secs = g_ascii_strtoll (v, &end, 10);
  if (end != v && *end == '\0' && secs >= 0)
    return (double) secs;
  g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (v);
  if (when == NULL)
    return 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return MAX (0.0, (double) g_date_time_difference (when, now) / G_USEC_PER_SEC);
}

static void
request_buffers_clear (RequestBuffers *rb)
{
  g_string_free (rb->body, TRUE);
  scalyr_compressor_free (rb->compressor);
}

static void
request_buffers_release (gpointer rb)
{
  g_atomic_rc_box_release_full (rb, (GDestroyNotify) request_buffers_clear);
}

/* The request holds a weak reference: dropping the last reference to the
 * uploader cancels it (as a crash would, without a checkpoint). */
typedef struct {
  GWeakRef     self;
  SoupMessage *msg;
  gsize        compressed;
} SendData;

static void
send_data_free (SendData *sd)
{
  g_weak_ref_clear (&sd->self);
  g_object_unref (sd->msg);
  g_free (sd);
}

static void
send_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SendData *sd = data;
  g_autoptr(ScalyrUploader) self = g_weak_ref_get (&sd->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (self != NULL)
    {
      /* client_time goes (it was kept for a body sent uncompressed). */
      g_string_truncate (self->body, self->body_base);
      self->in_flight = FALSE;
    }
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    {
      send_data_free (sd);
      return;
    }

  if (reply == NULL)
    {
      scalyr_warning (self->logger, "addEvents request failed (requestFailed): %s; retrying", error->message);
      set_last_error (self, "requestFailed", error->message);
      on_failure (self, 0);
      request_done (self, "requestFailed", FALSE);
      send_data_free (sd);
      return;
    }

  guint code = soup_message_get_status (sd->msg);
  gsize len = 0;
  const char *text = g_bytes_get_data (reply, &len);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *status = NULL;
  const char *message = NULL;
  gboolean is_json = len > 0 && json_parser_load_from_data (parser, text, (gssize) len, NULL)
                     && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
  if (is_json)
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      status = json_object_get_string_member_with_default (o, "status", NULL);
      message = json_object_get_string_member_with_default (o, "message", NULL);
    }
  g_autofree char *excerpt = g_utf8_make_valid (text != NULL ? text : "", (gssize) MIN (len, 200));

  if (code >= 200 && code < 300 && status != NULL && strstr (status, "success") != NULL)
    {
      on_success (self, sd->compressed, FALSE);
      schedule_send (self, self->body_full ? self->min_spacing : self->spacing);
      request_done (self, "success", TRUE);
    }
  else if (code >= 200 && code < 300 && status != NULL && strstr (status, "discardBuffer") != NULL)
    {
      scalyr_warning (self->logger, "server answered %s: %u events dropped as it asked", status,
                      self->body_events);
      on_success (self, sd->compressed, TRUE);
      schedule_send (self, self->spacing);
      request_done (self, status, FALSE);
    }
  else if (status != NULL && strstr (status, "requestTooLarge") != NULL)
    {
      guint limit = (guint) MAX ((double) self->min_request_size, (double) sd->compressed * 0.5);
      self->current_limit = MIN (limit, self->current_limit);
      scalyr_warning (self->logger, "server answered %s; request size limit now %u bytes", status,
                      self->current_limit);
      set_last_error (self, status, message);
      rollback (self);
      on_failure (self, 0);
      request_done (self, status, FALSE);
    }
  else if (code >= 200 && code < 300 && !is_json)
    {
      scalyr_warning (self->logger, "addEvents answer is not JSON (parseResponseFailed, HTTP %u): “%s”;"
                      " the lines will be sent again", code, excerpt);
      set_last_error (self, "parseResponseFailed", excerpt);
      rollback (self);
      on_failure (self, 0);
      request_done (self, "parseResponseFailed", FALSE);
    }
  else
    {
      const char *st_name = status != NULL ? status
                            : code == 429 ? "serverTooBusy"
                            : len == 0 ? "emptyResponse" : "unknownError";
      if (status != NULL && g_str_equal (status, "error/client/badParam"))
        scalyr_error (self->logger, "addEvents failed: %s (probably an invalid API key): %s", status,
                      message != NULL ? message : "");
      else
        scalyr_warning (self->logger, "addEvents failed (HTTP %u, %s)%s%s; retrying", code, st_name,
                        message != NULL ? ": " : "", message != NULL ? message : "");
      set_last_error (self, st_name, message);
      on_failure (self, (code == 429 || code == 503) ? parse_retry_after (sd->msg) : 0);
      request_done (self, st_name, FALSE);
    }
  send_data_free (sd);
}

/* verify_server_certificate: false (warned at start) */
static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              data)
{
  (void) msg; (void) certificate; (void) errors; (void) data;
  return TRUE;
}

static gboolean
send_now (gpointer data)
{
  ScalyrUploader *self = data;
  g_autoptr(GError) error = NULL;

  self->send_source = 0;
  if (!self->started || self->in_flight)
    return G_SOURCE_REMOVE;
  if (self->body->len == 0)
    build_request (self);

  self->body_base = self->body->len;
  append_u64 (self->body, (guint64) (g_get_real_time () / G_USEC_PER_SEC));
  g_string_append_c (self->body, '}');

  /* No copy: the payload points into the body (none) or the compressor's
   * buffer, both kept until the request is finished. */
  const guint8 *out = (const guint8 *) self->body->str;
  gsize size = self->body->len;
  if (self->compression != SCALYR_COMPRESSION_NONE)
    {
      out = scalyr_compressor_compress (self->buffers->compressor, self->compression,
                                         self->compression_level, self->body->str, self->body->len,
                                         &size, &error);
      g_string_truncate (self->body, self->body_base);
      if (out == NULL)
        {
          scalyr_error (self->logger, "%s", error->message);
          on_failure (self, 0);
          return G_SOURCE_REMOVE;
        }
    }
  g_autoptr(GBytes) payload = g_bytes_new_with_free_func (out, size, request_buffers_release,
                                                          g_atomic_rc_box_acquire (self->buffers));

  SoupMessage *msg = soup_message_new ("POST", self->url);
  if (!self->verify_certificate)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  /* libsoup only puts a request on a kept-alive connection when it may be
   * retried; ours may: the server drops resent events by (si, sn). */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);
  soup_message_headers_replace (h, "Accept", "application/json");
  /* HTTP/1.1: the connection is kept alive without a header. */
  if (self->compression == SCALYR_COMPRESSION_DEFLATE)
    soup_message_headers_replace (h, "Content-Encoding", "deflate");
  else if (self->compression == SCALYR_COMPRESSION_ZSTANDARD)
    soup_message_headers_replace (h, "Content-Encoding", "zstandard");
  else if (self->compression == SCALYR_COMPRESSION_BZ2)
    soup_message_headers_replace (h, "Content-Encoding", "bz2");
  else if (self->compression == SCALYR_COMPRESSION_LZ4)
    soup_message_headers_replace (h, "Content-Encoding", "lz4");
  soup_message_set_request_body_from_bytes (msg, "application/json", payload);

  SendData *sd = g_new0 (SendData, 1);
  g_weak_ref_init (&sd->self, self);
  sd->msg = msg;
  sd->compressed = g_bytes_get_size (payload);
  self->in_flight = TRUE;
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, self->cancellable, send_cb, sd);
  return G_SOURCE_REMOVE;
}

static void
schedule_send (ScalyrUploader *self, double delay)
{
  remove_source (self, &self->send_source);
  if (!self->started)
    return;
  /* max_send_rate: not before the bucket has refilled. */
  double wait = rate_wait (self);
  if (wait > delay)
    delay = wait;
  self->send_source = add_timeout (self, (guint) MAX (0.0, delay * 1000.0), send_now);
}

/* ---- GObject ---- */

static void
scalyr_uploader_dispose (GObject *object)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  /* No checkpoint here: scalyr_uploader_stop() writes the final one; an
   * object dropped without it behaves like a crash. */
  self->started = FALSE;
  if (self->context != NULL)
    {
      remove_source (self, &self->send_source);
      remove_source (self, &self->rescan_source);
      remove_source (self, &self->monitor_rescan_source);
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  drop_monitors (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->logger);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (scalyr_uploader_parent_class)->dispose (object);
}

static void
scalyr_uploader_finalize (GObject *object)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  g_free (self->server_url);
  g_free (self->url);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->data_dir);
  g_free (self->ca_file);
  g_free (self->http_proxy);
  g_free (self->https_proxy);
  g_free (self->server_host);
  g_free (self->session);
  g_free (self->last_error);
  g_free (self->read_buf);
  request_buffers_release (self->buffers);
  json_object_unref (self->server_attributes);
  g_hash_table_unref (self->log_paths);
  g_ptr_array_unref (self->logs);
  g_ptr_array_unref (self->matchers);
  g_hash_table_unref (self->checkpoints);
  G_OBJECT_CLASS (scalyr_uploader_parent_class)->finalize (object);
}

static void
scalyr_uploader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_value_set_string (value, self->url); break;
    case PROP_DATA_DIR: g_value_set_string (value, self->data_dir); break;
    case PROP_SERVER_HOST: g_value_set_string (value, self->server_host); break;
    case PROP_COMPRESSION: g_value_set_enum (value, (gint) self->compression); break;
    case PROP_COMPRESSION_LEVEL: g_value_set_int (value, self->compression_level); break;
    case PROP_ALLOW_HTTP: g_value_set_boolean (value, self->allow_http); break;
    case PROP_REQUEST_TIMEOUT: g_value_set_uint (value, self->request_timeout); break;
    case PROP_MAX_REQUEST_SIZE: g_value_set_uint (value, self->max_request_size); break;
    case PROP_MIN_REQUEST_SPACING: g_value_set_double (value, self->min_spacing); break;
    case PROP_MAX_REQUEST_SPACING: g_value_set_double (value, self->max_spacing); break;
    case PROP_INITIAL_BACKOFF: g_value_set_double (value, self->initial_backoff); break;
    case PROP_MAX_BACKOFF: g_value_set_double (value, self->max_backoff); break;
    case PROP_LINE_COMPLETION_WAIT: g_value_set_double (value, self->line_completion_wait); break;
    case PROP_MAX_LINE_SIZE: g_value_set_uint (value, self->max_line_size); break;
    case PROP_RESCAN_INTERVAL: g_value_set_double (value, self->rescan_interval); break;
    case PROP_MAX_LOG_OFFSET_SIZE: g_value_set_uint64 (value, self->max_log_offset_size); break;
    case PROP_MAX_EXISTING_LOG_OFFSET_SIZE: g_value_set_uint64 (value, self->max_existing_log_offset_size); break;
    case PROP_LOG_DELETION_DELAY: g_value_set_double (value, self->log_deletion_delay); break;
    case PROP_LOGGER: g_value_set_object (value, self->logger); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_MAX_SEND_RATE: g_value_set_double (value, self->max_send_rate); break;
    case PROP_VERIFY_CERTIFICATE: g_value_set_boolean (value, self->verify_certificate); break;
    case PROP_HTTP_PROXY: g_value_set_string (value, self->http_proxy); break;
    case PROP_HTTPS_PROXY: g_value_set_string (value, self->https_proxy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_uploader_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_free (self->server_url); self->server_url = g_value_dup_string (value); break;
    case PROP_API_KEY: g_free (self->api_key); self->api_key = g_value_dup_string (value); break;
    case PROP_DATA_DIR: g_free (self->data_dir); self->data_dir = g_value_dup_string (value); break;
    case PROP_SERVER_HOST:
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->server_host);
          self->server_host = g_value_dup_string (value);
        }
      break;
    case PROP_COMPRESSION: self->compression = (ScalyrCompression) g_value_get_enum (value); break;
    case PROP_COMPRESSION_LEVEL: self->compression_level = g_value_get_int (value); break;
    case PROP_ALLOW_HTTP: self->allow_http = g_value_get_boolean (value); break;
    case PROP_REQUEST_TIMEOUT: self->request_timeout = g_value_get_uint (value); break;
    case PROP_MAX_REQUEST_SIZE: self->max_request_size = g_value_get_uint (value); break;
    case PROP_MIN_REQUEST_SPACING: self->min_spacing = g_value_get_double (value); break;
    case PROP_MAX_REQUEST_SPACING: self->max_spacing = g_value_get_double (value); break;
    case PROP_INITIAL_BACKOFF: self->initial_backoff = g_value_get_double (value); break;
    case PROP_MAX_BACKOFF: self->max_backoff = g_value_get_double (value); break;
    case PROP_LINE_COMPLETION_WAIT: self->line_completion_wait = g_value_get_double (value); break;
    case PROP_MAX_LINE_SIZE: self->max_line_size = g_value_get_uint (value); break;
    case PROP_RESCAN_INTERVAL: self->rescan_interval = g_value_get_double (value); break;
    case PROP_MAX_LOG_OFFSET_SIZE: self->max_log_offset_size = g_value_get_uint64 (value); break;
    case PROP_MAX_EXISTING_LOG_OFFSET_SIZE: self->max_existing_log_offset_size = g_value_get_uint64 (value); break;
    case PROP_LOG_DELETION_DELAY: self->log_deletion_delay = g_value_get_double (value); break;
    case PROP_LOGGER: g_set_object (&self->logger, g_value_get_object (value)); break;
    case PROP_CA_FILE: g_free (self->ca_file); self->ca_file = g_value_dup_string (value); break;
    case PROP_VERIFY_CERTIFICATE: self->verify_certificate = g_value_get_boolean (value); break;
    case PROP_HTTP_PROXY: g_free (self->http_proxy); self->http_proxy = g_value_dup_string (value); break;
    case PROP_HTTPS_PROXY: g_free (self->https_proxy); self->https_proxy = g_value_dup_string (value); break;
    case PROP_MAX_SEND_RATE:
      self->max_send_rate = g_value_get_double (value);
      self->rate_bucket_time = 0;  /* a full bucket of the new rate */
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_uploader_class_init (ScalyrUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* Options: set before scalyr_uploader_start(). */
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = scalyr_uploader_dispose;
  object_class->finalize = scalyr_uploader_finalize;
  object_class->get_property = scalyr_uploader_get_property;
  object_class->set_property = scalyr_uploader_set_property;

  /**
   * ScalyrUploader:server-url:
   *
   * The `scalyr_server` option; reads back as the full addEvents URL.
   */
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:api-key:
   *
   * The write-logs API key; write only, never logged.
   */
  properties[PROP_API_KEY] = g_param_spec_string ("api-key", NULL, NULL, NULL,
                                                  G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrUploader:data-dir:
   *
   * Directory of checkpoints.json (`agent_data_path`); %NULL: no checkpoints.
   */
  properties[PROP_DATA_DIR] = g_param_spec_string ("data-dir", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:server-host:
   *
   * `sessionInfo.serverHost`; the host name by default.
   */
  properties[PROP_SERVER_HOST] = g_param_spec_string ("server-host", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:compression:
   *
   * The `compression_type`.
   */
  properties[PROP_COMPRESSION] = g_param_spec_enum ("compression", NULL, NULL, SCALYR_TYPE_COMPRESSION,
                                                    SCALYR_COMPRESSION_DEFLATE, rw);
  /**
   * ScalyrUploader:compression-level:
   *
   * The `compression_level`; out of range means the type's default.
   */
  properties[PROP_COMPRESSION_LEVEL] = g_param_spec_int ("compression-level", NULL, NULL, -1, 22, -1, rw);
  /**
   * ScalyrUploader:allow-http:
   *
   * Whether plain http is allowed to a host other than loopback.
   */
  properties[PROP_ALLOW_HTTP] = g_param_spec_boolean ("allow-http", NULL, NULL, FALSE, rw);
  /**
   * ScalyrUploader:request-timeout:
   *
   * `request_deadline` in seconds, for connect, send and receive.
   */
  properties[PROP_REQUEST_TIMEOUT] = g_param_spec_uint ("request-timeout", NULL, NULL, 1, 3600, 60, rw);
  /**
   * ScalyrUploader:max-request-size:
   *
   * `max_allowed_request_size`: limit of an uncompressed body.
   */
  properties[PROP_MAX_REQUEST_SIZE] = g_param_spec_uint ("max-request-size", NULL, NULL, 4096, 64 * 1024 * 1024,
                                                         5900000, rw);
  /**
   * ScalyrUploader:min-request-spacing:
   *
   * `min_request_spacing_interval` in seconds.
   */
  properties[PROP_MIN_REQUEST_SPACING] = g_param_spec_double ("min-request-spacing", NULL, NULL, 0, 3600, 0, rw);
  /**
   * ScalyrUploader:max-request-spacing:
   *
   * `max_request_spacing_interval` in seconds: the idle keep-alive period.
   */
  properties[PROP_MAX_REQUEST_SPACING] = g_param_spec_double ("max-request-spacing", NULL, NULL, 0.001, 3600, 5, rw);
  /**
   * ScalyrUploader:initial-backoff:
   *
   * First retry delay after a failure, in seconds; doubled per failure.
   */
  properties[PROP_INITIAL_BACKOFF] = g_param_spec_double ("initial-backoff", NULL, NULL, 0.001, 3600, 1, rw);
  /**
   * ScalyrUploader:max-backoff:
   *
   * `max_error_request_spacing_interval`: cap of the retry delay, in seconds.
   */
  properties[PROP_MAX_BACKOFF] = g_param_spec_double ("max-backoff", NULL, NULL, 0.001, 3600, 30, rw);
  /**
   * ScalyrUploader:line-completion-wait:
   *
   * `line_completion_wait_time`: how long a partial last line waits for its end.
   */
  properties[PROP_LINE_COMPLETION_WAIT] = g_param_spec_double ("line-completion-wait", NULL, NULL, 0, 3600, 5, rw);
  /**
   * ScalyrUploader:max-line-size:
   *
   * `max_line_size`: longer lines are sent in fragments of this size.
   */
  properties[PROP_MAX_LINE_SIZE] = g_param_spec_uint ("max-line-size", NULL, NULL, 16, 65536, 49900, rw);
  /**
   * ScalyrUploader:rescan-interval:
   *
   * Period of the glob rescan, in seconds: new files are noticed within it
   * (sooner in watched directories, those without wildcards).
   */
  properties[PROP_RESCAN_INTERVAL] = g_param_spec_double ("rescan-interval", NULL, NULL, 0.01, 3600, 1, rw);
  /**
   * ScalyrUploader:max-log-offset-size:
   *
   * `max_log_offset_size`: a new file further behind is skipped to its end.
   */
  properties[PROP_MAX_LOG_OFFSET_SIZE] = g_param_spec_uint64 ("max-log-offset-size", NULL, NULL, 0, G_MAXUINT64,
                                                              200000000, rw);
  /**
   * ScalyrUploader:max-existing-log-offset-size:
   *
   * `max_existing_log_offset_size`: the only reason lines are skipped.
   */
  properties[PROP_MAX_EXISTING_LOG_OFFSET_SIZE] = g_param_spec_uint64 ("max-existing-log-offset-size", NULL, NULL,
                                                                       0, G_MAXUINT64, 200000000, rw);
  /**
   * ScalyrUploader:log-deletion-delay:
   *
   * `log_deletion_delay`: how long a deleted, fully copied file is kept, in seconds.
   */
  properties[PROP_LOG_DELETION_DELAY] = g_param_spec_double ("log-deletion-delay", NULL, NULL, 0, 86400, 600, rw);
  /**
   * ScalyrUploader:logger:
   *
   * Where diagnostics go (agent.log); one writing to stderr by default.
   */
  properties[PROP_LOGGER] = g_param_spec_object ("logger", NULL, NULL, SCALYR_TYPE_AGENT_LOGGER, rw);
  /**
   * ScalyrUploader:ca-file:
   *
   * `ca_cert_path`: PEM file of the certificate authorities to trust
   * instead of the system store.
   */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:verify-certificate:
   *
   * `verify_server_certificate`: whether the server's TLS certificate is
   * checked (the default). %FALSE accepts any certificate, with a warning
   * at start; only for a test server.
   */
  properties[PROP_VERIFY_CERTIFICATE] = g_param_spec_boolean ("verify-certificate", NULL, NULL, TRUE,
                                                              rw | G_PARAM_CONSTRUCT);
  /**
   * ScalyrUploader:http-proxy:
   *
   * `http_proxy`: the proxy for an `http://` server, instead of the
   * `http_proxy` environment variable.
   */
  properties[PROP_HTTP_PROXY] = g_param_spec_string ("http-proxy", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:https-proxy:
   *
   * `https_proxy`: the proxy for an `https://` server, instead of the
   * `https_proxy` environment variable.
   */
  properties[PROP_HTTPS_PROXY] = g_param_spec_string ("https-proxy", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:max-send-rate:
   *
   * `max_send_rate_enforcement` in bytes of log text per second (see
   * scalyr_agent_config_parse_rate()); 0, the default, for no limit. A token
   * bucket holding 4 seconds of the rate, full at first, is charged with
   * the bytes of the lines of each acknowledged request (not the request
   * size); the next request waits until the bucket is no longer negative.
   * So over a long time the rate is at most this, after a burst of up to
   * 4 seconds' worth plus one request.
   */
  properties[PROP_MAX_SEND_RATE] = g_param_spec_double ("max-send-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScalyrUploader::request-finished:
   * @self: the uploader
   * @status: the internal status (`success`, `requestFailed`, a server status…)
   * @success: whether the lines were acknowledged
   *
   * Emitted after each addEvents attempt.
   */
  signals[SIGNAL_REQUEST_FINISHED] =
    g_signal_new ("request-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
scalyr_uploader_init (ScalyrUploader *self)
{
  self->compression = SCALYR_COMPRESSION_DEFLATE;
  self->compression_level = -1;
  self->request_timeout = 60;
  self->max_request_size = 5900000;
  self->min_request_size = 102400;
  self->max_spacing = 5;
  self->initial_backoff = 1;
  self->max_backoff = 30;
  self->line_completion_wait = 5;
  self->max_line_size = 49900;
  self->rescan_interval = 1;
  self->max_log_offset_size = 200000000;
  self->max_existing_log_offset_size = 200000000;
  self->log_deletion_delay = 600;
  self->server_host = g_strdup (g_get_host_name ());
  self->session = scalyr_upload_new_session_id ();
  self->server_attributes = json_object_new ();
  self->matchers = g_ptr_array_new_with_free_func ((GDestroyNotify) scalyr_log_matcher_free);
  self->logs = g_ptr_array_new_with_free_func ((GDestroyNotify) upload_log_free);
  self->log_paths = g_hash_table_new (g_str_hash, g_str_equal);
  self->checkpoints = g_hash_table_new (g_str_hash, g_str_equal);
  self->buffers = g_atomic_rc_box_new0 (RequestBuffers);
  self->buffers->body = self->body = g_string_sized_new (65536);
  self->buffers->compressor = scalyr_compressor_new ();
}

/**
 * scalyr_uploader_new:
 * @server_url: (nullable): the `scalyr_server`; %NULL for `https://agent.scalyr.com`
 * @api_key: the write-logs API key
 * @data_dir: (nullable): where checkpoints are kept; %NULL for none
 * @error: return location for a #GError
 *
 * Creates an uploader with the default options. Set others with
 * g_object_new() and the properties, then call scalyr_uploader_start().
 *
 * Returns: (transfer full) (nullable): the uploader, or %NULL if @server_url is invalid
 */
ScalyrUploader *
scalyr_uploader_new (const char  *server_url,
                     const char  *api_key,
                     const char  *data_dir,
                     GError     **error)
{
  g_autoptr(ScalyrUploader) self = NULL;

  g_return_val_if_fail (api_key != NULL, NULL);
  self = g_object_new (SCALYR_TYPE_UPLOADER, "server-url", server_url, "api-key", api_key,
                       "data-dir", data_dir, NULL);
  g_autofree char *url = scalyr_upload_normalize_url (server_url, FALSE, NULL, error);
  if (url == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * scalyr_uploader_get_server_url:
 * @self: a #ScalyrUploader
 *
 * Returns: (nullable): the addEvents URL once started
 */
const char *
scalyr_uploader_get_server_url (ScalyrUploader *self)
{
  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), NULL);
  return self->url;
}

/**
 * scalyr_uploader_get_session:
 * @self: a #ScalyrUploader
 *
 * Returns: the `session` value of this uploader's requests
 */
const char *
scalyr_uploader_get_session (ScalyrUploader *self)
{
  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), NULL);
  return self->session;
}

/**
 * scalyr_uploader_set_server_attribute:
 * @self: a #ScalyrUploader
 * @name: an attribute of `sessionInfo` (`server_attributes`)
 * @value: (transfer none): its value
 *
 * `serverHost` sets #ScalyrUploader:server-host when @value is a string.
 */
void
scalyr_uploader_set_server_attribute (ScalyrUploader *self,
                                      const char     *name,
                                      JsonNode       *value)
{
  g_return_if_fail (SCALYR_IS_UPLOADER (self));
  g_return_if_fail (name != NULL && value != NULL);

  if (g_str_equal (name, "serverHost") && JSON_NODE_HOLDS_VALUE (value)
      && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_free (self->server_host);
      self->server_host = g_strdup (json_node_get_string (value));
      return;
    }
  json_object_set_member (self->server_attributes, name, json_node_copy (value));
}



/**
 * scalyr_uploader_add_log_entry:
 * @self: a #ScalyrUploader
 * @entry: (transfer none): one entry of the `logs` array of the agent configuration
 * @error: return location for a #GError
 *
 * Adds a `logs` entry of the agent configuration as a whole. Call before
 * scalyr_uploader_start(). The members used:
 *
 * - `path` (required): an absolute file path, which may hold glob(3)
 *   patterns; matching regular files are copied, directories skipped.
 * - `exclude`: an array of globs; a file matching one is not copied by
 *   this entry (another entry may still copy it). A glob holding a `/` is
 *   matched against the whole path, `*` and `?` not crossing a `/`, as in
 *   `path`; one without a `/` against the file name, so `*.gz` excludes
 *   every file ending in `.gz`. A leading dot is matched by wildcards.
 * - `attributes`: an object; its members are sent with every line.
 * - `parser`: a string, the `parser` attribute; if absent, a string
 *   `attributes.parser` is used; `default` when neither is given.
 * - `copy_from_start`: a boolean; files found at start are copied from
 *   their beginning instead of their end.
 * - `rename_logfile`: the `logfile` attribute sent instead of the path,
 *   the path then going in `original_file` (unless the attributes set
 *   `logfile`, `filename` or `original_file` themselves). Either a string
 *   template, `$PATH1`, `$PATH2`… being the path's components (`$PATH1` is
 *   `/`), `$BASENAME` the file name, `$BASENAME_NO_EXT` the file name
 *   without its last extension, `$$` a dollar sign; or an object
 *   `{ "match": regex, "replacement": text }` replacing the matches of the
 *   regular expression in the path (`\1` for a group).
 * - `sampling_rules`: an array of `{ "match_expression": regex,
 *   "sampling_rate": number from 0 to 1 }`. The first rule whose regular
 *   expression matches a line (anywhere, the line decoded as UTF-8 with
 *   replacement) keeps it with that probability (0: never, 1: always); a
 *   line kept by a rate below 1 carries `sample_rate` in its attributes.
 *   A dropped line sends nothing, but the position moves past it.
 * - `redaction_rules`: an array of `{ "match_expression": regex,
 *   "replacement": text, "hash_salt": text }`, applied in order to each
 *   kept line, every match replaced. The replacement (default empty)
 *   follows Python's re.sub(): `\1`, `\g<1>`, `\g<name>`, `\n`…; one
 *   holding `\H` is expanded as the reference agent does: `\H1` becomes the
 *   MD5 hex digest of group 1 followed by `hash_salt`, `\2` group 2. A line
 *   redacted to nothing is not sent.
 *
 * - `ignore_stale_files`: a boolean; when true, a file not written for
 *   `staleness_threshold_secs` (a number of seconds, default 300) is not
 *   opened, and an open one is closed once all of it is acknowledged and
 *   it has not been written for that long. When it is written again,
 *   copying resumes where it stopped (a file stale at its first scan:
 *   from its end then).
 *
 * - `lineGroupers`: an array of `{ "start": regex, <kind>: regex }`, the
 *   kind exactly one of `continueThrough`, `continuePast`, `haltBefore`,
 *   `haltWith` (as the reference agent's line matchers): the first grouper
 *   whose start matches a line and that makes a group of it sends the group
 *   as one event (its lines with their newlines, at most `max_line_size`
 *   bytes), then sampling and redaction apply to it. An incomplete group at
 *   the end of the file waits `line_completion_wait_time`, then goes as it is.
 * - `parse_format`: `raw` (the default), `json` or `cri`. `json` lines
 *   (Docker's json-file) send the member `json_message_field` (default
 *   `log`) as the message and the RFC 3339 time of `json_timestamp_field`
 *   (default `time`) as the event's timestamp; the other members, with
 *   `raw_timestamp` (the time as written), are the event's own attributes.
 *   `cri` lines (`<time> <stdout|stderr> <P|F> <message>`) send the
 *   message, the time and the attributes `stream` and `raw_timestamp`; the
 *   partial (P) messages of a stream are joined up to its next F line (or
 *   `max_line_size` bytes, or after `line-completion-wait` at the end of
 *   the file). An event with own attributes carries those instead of the
 *   log's (which `logs[].attrs` holds), as the reference agent sends it.
 *   Lines that are not JSON / CRI are sent as read, with a warning at most
 *   every 300 s. `parse_lines_as_json` (a boolean) overrides
 *   `parse_format`. Sampling and redaction rules see the parsed message;
 *   `lineGroupers` do not apply to json/cri lines.
 *
 * Regular expressions use Python's syntax as far as PCRE shares it (`\Z`,
 * `\uXXXX` are translated). Sequence numbers stay the file offsets whatever
 * the rules do to the messages.
 *
 * Other members are ignored: the agent configuration already warns of
 * those it does not support.
 *
 * Returns: %TRUE if added, else %FALSE with @error set
 *   (%SCALYR_UPLOAD_ERROR_BAD_CONFIG, naming the entry, the field and the fix)
 */
gboolean
scalyr_uploader_add_log_entry (ScalyrUploader  *self,
                               JsonObject      *entry,
                               GError         **error)
{
  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  LogMatcher *m = scalyr_log_matcher_new (entry, error);
  if (m == NULL)
    return FALSE;
  g_ptr_array_add (self->matchers, m);
  return TRUE;
}

/**
 * scalyr_uploader_add_log:
 * @self: a #ScalyrUploader
 * @path: a file path, which may hold glob patterns
 * @parser: (nullable): the `parser` attribute; when %NULL, a string
 *   `parser` member of @attributes, else `default`
 * @attributes: (nullable): the log's `attributes`
 * @copy_from_start: copy files found at the first scan from their start
 * @error: return location for a #GError
 *
 * Adds a `logs` entry of these members; see
 * scalyr_uploader_add_log_entry() for the others. Call before
 * scalyr_uploader_start().
 *
 * Returns: %TRUE, or %FALSE if @path is not absolute or @attributes holds a
 *   `parser` that is not a string
 */
gboolean
scalyr_uploader_add_log (ScalyrUploader  *self,
                         const char      *path,
                         const char      *parser,
                         JsonObject      *attributes,
                         gboolean         copy_from_start,
                         GError         **error)
{
  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_autoptr(JsonObject) entry = json_object_new ();
  json_object_set_string_member (entry, "path", path);
  if (parser != NULL)
    json_object_set_string_member (entry, "parser", parser);
  if (attributes != NULL)
    json_object_set_object_member (entry, "attributes", json_object_ref (attributes));
  json_object_set_boolean_member (entry, "copy_from_start", copy_from_start);
  return scalyr_uploader_add_log_entry (self, entry, error);
}

static void
watch_directories (ScalyrUploader *self)
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

/**
 * scalyr_uploader_start:
 * @self: a #ScalyrUploader
 * @error: return location for a #GError
 *
 * Reads the checkpoints, finds the files and starts copying them from the
 * thread-default main context.
 *
 * Returns: %TRUE if started
 */
gboolean
scalyr_uploader_start (ScalyrUploader  *self,
                       GError         **error)
{
  gboolean rewritten = FALSE;

  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (self->api_key == NULL || *self->api_key == '\0')
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, "no api_key");
      return FALSE;
    }
  g_free (self->url);
  self->url = scalyr_upload_normalize_url (self->server_url, self->allow_http, &rewritten, error);
  if (self->url == NULL)
    return FALSE;
  if (self->logger == NULL)
    self->logger = scalyr_agent_logger_new ("uploader", NULL);
  if (rewritten)
    scalyr_warning (self->logger, "scalyr_server %s uses plain http to a remote host; using %s"
                    " (set allow_http to keep http)", self->server_url, self->url);

  if (self->data_dir != NULL)
    {
      if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_IO, "cannot create %s: %s",
                       self->data_dir, g_strerror (saved));
          return FALSE;
        }
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_unref (self->checkpoints);
      self->checkpoints = scalyr_checkpoints_load (self->data_dir, warnings);
      for (guint i = 0; i < warnings->len; i++)
        scalyr_warning (self->logger, "%s", (const char *) warnings->pdata[i]);
    }

  struct utsname un;
  g_autofree char *ua = g_strdup_printf ("%s;libscalyrmon-upload-%s;a-%d;mw-0",
                                         uname (&un) == 0 ? un.sysname : "unknown",
                                         SCALYR_VERSION_S, geteuid () == 0 ? 1 : 0);
  /* Proxies from the environment (as Python's requests takes them),
   * not GIO's default resolver: that one loads glib-networking's libproxy and GNOME
   * proxy modules (with libstdc++, GSettings and dconf: 2.3 MiB resident)
   * for desktop settings a daemon does not have. */
  g_auto(GStrv) envp = g_get_environ ();
  if (self->http_proxy != NULL && *self->http_proxy != '\0')
    {
      envp = g_environ_unsetenv (envp, "HTTP_PROXY");
      envp = g_environ_setenv (envp, "http_proxy", self->http_proxy, TRUE);
    }
  if (self->https_proxy != NULL && *self->https_proxy != '\0')
    {
      envp = g_environ_unsetenv (envp, "HTTPS_PROXY");
      envp = g_environ_setenv (envp, "https_proxy", self->https_proxy, TRUE);
    }
  g_autoptr(GProxyResolver) proxy = scalyr_upload_proxy_resolver_from_env (envp);
  if (!self->verify_certificate && g_str_has_prefix (self->url, "https:"))
    scalyr_warning (self->logger, "verify_server_certificate is false: the certificate of %s is not checked; "
                    "anyone on the path can read the API key and the logs", self->url);
  self->soup = soup_session_new_with_options ("timeout", self->request_timeout,
                                              "idle-timeout", 60u,
                                              "max-conns-per-host", 1,
                                              "proxy-resolver", proxy,
                                              "user-agent", ua, NULL);
  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (self->ca_file, error);
      if (db == NULL)
        {
          g_clear_object (&self->soup);
          return FALSE;
        }
      g_object_set (self->soup, "tls-database", db, NULL);
    }
  if (g_getenv ("SCALYR_UPLOAD_DEBUG_HTTP") != NULL)
    {
      /* Headers only: the body holds the api key. */
      g_autoptr(SoupLogger) http_logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);
      soup_session_add_feature (self->soup, SOUP_SESSION_FEATURE (http_logger));
    }
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->read_buf = g_malloc (65536);
  self->max_line_size = MIN (self->max_line_size, 65536u);
  self->current_limit = self->max_request_size;
  self->spacing = self->max_spacing;
  self->started = TRUE;
  /* Sized once for the largest request (plus an event over the limit, which
   * is taken out again): no doubling copies; untouched pages cost nothing. */
  if (self->body->len == 0)
    {
      g_string_set_size (self->body, (gsize) self->max_request_size + 8 * 65536u + 4096);
      g_string_truncate (self->body, 0);
    }

  scan_logs (self);
  watch_directories (self);
  self->rescan_source = add_timeout (self, (guint) (self->rescan_interval * 1000), rescan_cb);
  if (write_checkpoints (self))
    fold_worker_checkpoints (self);
  schedule_send (self, 0);
  return TRUE;
}

/**
 * scalyr_uploader_stop:
 * @self: a #ScalyrUploader
 *
 * Stops copying: a request in flight is abandoned (its lines will be sent
 * again by the next run, under the same `si`/`sn`) and the checkpoint of
 * what was acknowledged is written.
 */
void
scalyr_uploader_stop (ScalyrUploader *self)
{
  g_return_if_fail (SCALYR_IS_UPLOADER (self));

  if (!self->started)
    return;
  self->started = FALSE;
  remove_source (self, &self->send_source);
  remove_source (self, &self->rescan_source);
  remove_source (self, &self->monitor_rescan_source);
  g_cancellable_cancel (self->cancellable);
  drop_monitors (self);
  soup_session_abort (self->soup);
  write_checkpoints (self);
}

/**
 * scalyr_uploader_get_status:
 * @self: a #ScalyrUploader
 *
 * The state for `scalyr-agent status`: counters, the last success and
 * error, and per log its path, position, size, bytes behind, skipped bytes,
 * invalid UTF-8 bytes, the lines changed by `redaction_rules`
 * (`lines_redacted`), the lines and bytes dropped by `sampling_rules`
 * (`lines_sampled_out`, `bytes_sampled_out`; these three counted once the
 * request is acknowledged), last success and last error.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
scalyr_uploader_get_status (ScalyrUploader *self)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();

  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), NULL);
  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "session");
  json_builder_add_string_value (jb, self->session);
  json_builder_set_member_name (jb, "requests_ok");
  json_builder_add_int_value (jb, (gint64) self->requests_ok);
  json_builder_set_member_name (jb, "requests_failed");
  json_builder_add_int_value (jb, (gint64) self->requests_failed);
  json_builder_set_member_name (jb, "events_sent");
  json_builder_add_int_value (jb, (gint64) self->events_sent);
  json_builder_set_member_name (jb, "bytes_sent");
  json_builder_add_int_value (jb, (gint64) self->bytes_sent);
  json_builder_set_member_name (jb, "last_success");
  json_builder_add_double_value (jb, (double) self->last_success / G_USEC_PER_SEC);
  json_builder_set_member_name (jb, "last_error");
  if (self->last_error != NULL)
    json_builder_add_string_value (jb, self->last_error);
  else
    json_builder_add_null_value (jb);
  json_builder_set_member_name (jb, "logs");
  json_builder_begin_array (jb);
  for (guint i = 0; i < self->logs->len; i++)
    {
      UploadLog *log = self->logs->pdata[i];
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
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}
