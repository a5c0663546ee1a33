/* scalyr-uploader.c: copy log files to Scalyr's addEvents API
 * SPDX-License-Identifier: Apache-2.0
 *
 * One request at a time: a request is built from the files (round robin,
 * each file a contiguous run of lines) only when none is in flight, sent,
 * and either acknowledged (file marks advance, checkpoint written) or kept
 * and resent byte for byte (except client_time) after a back-off. So the
 * memory held is one request body plus its compressed form; lines wait in
 * their files.
 *
 * The uploader coordinates a pipeline in which a line goes one way:
 * ScalyrLogReader (which files, up to where) → ScalyrRequestBuilder (the
 * lines as events of a body, compressed) → ScalyrAddEventsClient (the
 * HTTP exchange, back-off, pacing). The answer comes back to the uploader
 * only, which tells the reader to move the positions forward (and
 * checkpoint them) or back. */
#include "scalyr-uploader.h"
#include "scalyr-add-events-client-private.h"
#include "scalyr-log-reader-private.h"
#include "scalyr-request-builder-private.h"
#include "scalyr-uploader-options-private.h"
#include "scalyr-upload-url.h"
#include "scalyr-clamp-private.h"

#include <string.h>
#include "scalyr-i18n-private.h"

struct _ScalyrUploader
{
  GObject parent_instance;

  ScalyrUploaderOptions options;   /* the properties */
  char              *session;
  JsonObject        *server_attributes;

  /* The pipeline. */
  ScalyrLogReader       *reader;
  ScalyrRequestBuilder  *builder;
  ScalyrAddEventsClient *client;

  gboolean           started;
  GMainContext      *context;
  GCancellable      *cancellable;
  GSource           *send_source;
  gboolean           in_flight;
  gboolean           backing_off;   /* the next send waits for the back-off */

  gint64             last_success;
  char              *last_error;
  guint64            requests_ok;
  guint64            requests_failed;
  guint64            events_sent;
  guint64            bytes_sent;
  /* The figures of the status (issue 16), of every request sent. */
  guint64            requests_by_kind[SCALYR_REQUEST_N_KINDS];
  guint64            bytes_uncompressed;
  guint64            bytes_compressed;
  gint64             backoff_usec;     /* back-off waits ended */
  gint64             backoff_since;    /* the one under way (monotonic us), 0 none */
};

enum {
  SIGNAL_REQUEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ScalyrUploader:
 *
 * Copies log files to Scalyr's `addEvents` API: one request in flight,
 * resent until acknowledged, positions checkpointed in
 * #ScalyrUploader:data-dir after each acknowledged request. Lines are read
 * from the files when a request is built, so memory stays bounded by one
 * request whatever the backlog.
 *
 * From Python (GJS takes the same names; C the functions below):
 *
 * ```python
 * up = ScalyrUpload.Uploader.new("https://agent.scalyr.com", api_key, "/var/lib/app")
 * up.add_log("/var/log/app/access.log", "accessLog", None, False)
 * up.start()          # runs in the thread-default main context
 * ```
 *
 * Thread safety: an uploader belongs to the thread whose thread-default
 * main context was current at scalyr_uploader_start(): all its methods are
 * called from that thread, and its signals are emitted there. Its options
 * (the properties) are set before scalyr_uploader_start().
 *
 * Since: 0.1
 */
G_DEFINE_FINAL_TYPE (ScalyrUploader, scalyr_uploader, G_TYPE_OBJECT)

G_DEFINE_QUARK (scalyr-upload-error-quark, scalyr_upload_error)

static void schedule_send (ScalyrUploader *self, double delay);

static void
set_last_error (ScalyrUploader *self, const char *status, const char *detail)
{
  g_free (self->last_error);
  self->last_error = detail != NULL ? g_strdup_printf ("%s: %s", status, detail) : g_strdup (status);
  scalyr_log_reader_set_request_error (self->reader, self->last_error);
}

static void
request_done (ScalyrUploader *self, const char *status, gboolean success)
{
  g_signal_emit (self, signals[SIGNAL_REQUEST_FINISHED], 0, status, success);
}

/* The lines of the request are taken (or dropped as the server asked,
 * @discard): positions advance and are checkpointed. Returns the delay
 * before the next request. */
static double
on_success (ScalyrUploader *self, gsize compressed, gboolean discard)
{
  gint64 now = g_get_real_time ();
  guint64 log_bytes = scalyr_log_reader_acknowledge (self->reader, now);

  self->backing_off = FALSE;
  gboolean full = !discard && scalyr_request_builder_is_full (self->builder);

  self->last_success = now;
  self->requests_ok++;
  self->events_sent += scalyr_request_builder_get_events (self->builder);
  self->bytes_sent += compressed;
  scalyr_request_builder_reset_limit (self->builder);
  scalyr_request_builder_clear (self->builder);
  scalyr_log_reader_save_checkpoints (self->reader);
  return scalyr_add_events_client_succeeded (self->client, compressed, discard ? 0 : log_bytes, full);
}

/* The request is to be built again from the files. */
static void
rollback (ScalyrUploader *self)
{
  scalyr_log_reader_rollback (self->reader);
  scalyr_request_builder_clear (self->builder);
}

/* A back-off wait ends: when the next request is about to be sent, or the
 * uploader stops. */
static void
backoff_ended (ScalyrUploader *self)
{
  if (self->backoff_since != 0)
    self->backoff_usec += g_get_monotonic_time () - self->backoff_since;
  self->backoff_since = 0;
}

static void
on_failure (ScalyrUploader *self, double retry_after)
{
  self->requests_failed++;
  self->backing_off = TRUE;
  if (self->backoff_since == 0)
    self->backoff_since = g_get_monotonic_time ();
  schedule_send (self, scalyr_add_events_client_failed (self->client, retry_after));
}

static void
handle_reply (ScalyrUploader *self, ScalyrAddEventsReply *r)
{
  self->requests_by_kind[scalyr_add_events_reply_get_kind (r)]++;
  switch (r->outcome)
    {
    case SCALYR_ADD_EVENTS_SUCCESS:
      schedule_send (self, on_success (self, r->compressed, FALSE));
      request_done (self, "success", TRUE);
      break;
    case SCALYR_ADD_EVENTS_DISCARDED:
      scalyr_warning (self->options.logger, _("server answered %s: %u events dropped as it asked"), r->status,
                      scalyr_request_builder_get_events (self->builder));
      schedule_send (self, on_success (self, r->compressed, TRUE));
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_TOO_LARGE:
      {
        guint limit = scalyr_request_builder_shrink_limit (self->builder, r->compressed);
        scalyr_warning (self->options.logger, _("server answered %s; request size limit now %u bytes"), r->status, limit);
        set_last_error (self, r->status, r->message);
        rollback (self);
        on_failure (self, 0);
        request_done (self, r->status, FALSE);
      }
      break;
    case SCALYR_ADD_EVENTS_NOT_JSON:
      scalyr_warning (self->options.logger, _("addEvents answer is not JSON (parseResponseFailed, HTTP %u): “%s”;"
                        " the lines will be sent again"), r->http_status, r->message);
      set_last_error (self, r->status, r->message);
      rollback (self);
      on_failure (self, 0);
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_NO_ANSWER:
      scalyr_warning (self->options.logger, _("addEvents request failed (requestFailed): %s; retrying"), r->message);
      set_last_error (self, r->status, r->message);
      on_failure (self, 0);
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_ERROR:
    default:
      if (g_str_equal (r->status, "error/client/badParam"))
        scalyr_error (self->options.logger, _("addEvents failed: %s (probably an invalid API key): %s"), r->status,
                      r->message != NULL ? r->message : "");
      else if (r->message != NULL)
        scalyr_warning (self->options.logger, _("addEvents failed (HTTP %u, %s): %s; retrying"), r->http_status,
                        r->status, r->message);
      else
        scalyr_warning (self->options.logger, _("addEvents failed (HTTP %u, %s); retrying"), r->http_status,
                        r->status);
      set_last_error (self, r->status, r->message);
      on_failure (self, r->retry_after);
      request_done (self, r->status, FALSE);
      break;
    }
}

/* The request holds a weak reference: dropping the last reference to the
 * uploader cancels it (as a crash would, without a checkpoint). */
static void
send_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GWeakRef *weak = data;
  g_autoptr(ScalyrUploader) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAddEventsReply) reply =
    scalyr_add_events_client_send_finish (SCALYR_ADD_EVENTS_CLIENT (source), result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self != NULL)
    {
      scalyr_request_builder_sent (self->builder);
      self->in_flight = FALSE;
    }
  if (self == NULL || reply == NULL || !self->started)
    return;
  handle_reply (self, reply);
}

static gboolean
send_now (gpointer data)
{
  ScalyrUploader *self = data;
  g_autoptr(GError) error = NULL;

  gsize body_size = 0;

  g_clear_pointer (&self->send_source, g_source_unref);
  if (!self->started || self->in_flight)
    return G_SOURCE_REMOVE;
  backoff_ended (self);
  if (scalyr_request_builder_is_empty (self->builder))
    scalyr_request_builder_build (self->builder, self->reader);

  g_autoptr(GBytes) payload = scalyr_request_builder_get_payload (self->builder, &body_size, &error);
  if (payload == NULL)
    {
      scalyr_error (self->options.logger, "%s", error->message);
      on_failure (self, 0);
      return G_SOURCE_REMOVE;
    }
  self->bytes_uncompressed += body_size;
  self->bytes_compressed += g_bytes_get_size (payload);
  GWeakRef *weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  self->in_flight = TRUE;
  scalyr_add_events_client_send_async (self->client, payload, self->cancellable, send_done, weak);
  return G_SOURCE_REMOVE;
}

static void
cancel_send (ScalyrUploader *self)
{
  if (self->send_source != NULL)
    {
      g_source_destroy (self->send_source);
      g_clear_pointer (&self->send_source, g_source_unref);
    }
}

/* Timers run in the thread-default main context of scalyr_uploader_start(). */
static void
schedule_send (ScalyrUploader *self, double delay)
{
  cancel_send (self);
  if (!self->started)
    return;
  /* max_send_rate: not before the bucket has refilled. */
  double wait = scalyr_add_events_client_rate_wait (self->client);
  if (wait > delay)
    delay = wait;
  self->send_source = g_timeout_source_new (scalyr_clamp_seconds_to_msec (delay));
  g_source_set_callback (self->send_source, send_now, self, NULL);
  g_source_attach (self->send_source, self->context);
}

/* Rotated generations pile up: a request goes now rather than after the
 * spacing, so that they are read before the bound of open generations
 * (not during a back-off). */
static void
generations_waiting (gpointer data)
{
  ScalyrUploader *self = data;

  if (self->started && !self->in_flight && !self->backing_off && self->send_source != NULL)
    schedule_send (self, self->options.min_spacing);
}

/* ---- GObject ---- */

static void
scalyr_uploader_dispose (GObject *object)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  /* No checkpoint here: scalyr_uploader_stop() writes the final one; an
   * object dropped without it behaves like a crash. */
  self->started = FALSE;
  cancel_send (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  scalyr_log_reader_stop (self->reader);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->options.logger);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (scalyr_uploader_parent_class)->dispose (object);
}

static void
scalyr_uploader_finalize (GObject *object)
{
  ScalyrUploader *self = SCALYR_UPLOADER (object);

  scalyr_uploader_options_clear (&self->options);
  g_free (self->session);
  g_free (self->last_error);
  json_object_unref (self->server_attributes);
  scalyr_request_builder_free (self->builder);
  scalyr_log_reader_free (self->reader);
  G_OBJECT_CLASS (scalyr_uploader_parent_class)->finalize (object);
}

static void
scalyr_uploader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  scalyr_uploader_options_get_property (&SCALYR_UPLOADER (object)->options, object, prop_id, value, pspec);
}

static void
scalyr_uploader_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  scalyr_uploader_options_set_property (&SCALYR_UPLOADER (object)->options, object, prop_id, value, pspec);
}

static void
scalyr_uploader_class_init (ScalyrUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = scalyr_uploader_dispose;
  object_class->finalize = scalyr_uploader_finalize;
  object_class->get_property = scalyr_uploader_get_property;
  object_class->set_property = scalyr_uploader_set_property;

  scalyr_uploader_options_install_properties (object_class);

  /**
   * ScalyrUploader::request-finished:
   * @self: the uploader
   * @status: the internal status (`success`, `requestFailed`, a server status…)
   * @success: whether the lines were acknowledged
   *
   * Emitted after each addEvents attempt.
   *
   * Since: 0.1
   */
  signals[SIGNAL_REQUEST_FINISHED] =
    g_signal_new ("request-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
scalyr_uploader_init (ScalyrUploader *self)
{
  scalyr_uploader_options_init (&self->options);
  self->session = scalyr_upload_new_session_id ();
  self->server_attributes = json_object_new ();
  self->reader = scalyr_log_reader_new ();
  scalyr_log_reader_set_waiting_func (self->reader, generations_waiting, self);
  self->builder = scalyr_request_builder_new ();
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
 *
 * Thread safety: may be called from any thread; the uploader then belongs to the thread that starts it.
 *
 * Since: 0.1
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
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
 */
const char *
scalyr_uploader_get_server_url (ScalyrUploader *self)
{
  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), NULL);
  return self->options.url;
}

/**
 * scalyr_uploader_get_session:
 * @self: a #ScalyrUploader
 *
 * Returns: the `session` value of this uploader's requests
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
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
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
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
      g_free (self->options.server_host);
      self->options.server_host = g_strdup (json_node_get_string (value));
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
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
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
  scalyr_log_reader_add_matcher (self->reader, m);
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
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
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

/**
 * scalyr_uploader_start:
 * @self: a #ScalyrUploader
 * @error: return location for a #GError
 *
 * Reads the checkpoints, finds the files and starts copying them from the
 * thread-default main context.
 *
 * Returns: %TRUE if started
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
 */
gboolean
scalyr_uploader_start (ScalyrUploader  *self,
                       GError         **error)
{
  gboolean rewritten = FALSE;

  g_return_val_if_fail (SCALYR_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  if (self->options.api_key == NULL || *self->options.api_key == '\0')
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, _("no api_key"));
      return FALSE;
    }
  g_free (self->options.url);
  self->options.url = scalyr_upload_normalize_url (self->options.server_url, self->options.allow_http, &rewritten, error);
  if (self->options.url == NULL)
    return FALSE;
  if (self->options.logger == NULL)
    self->options.logger = scalyr_agent_logger_new ("uploader", NULL);
  if (rewritten)
    scalyr_warning (self->options.logger, _("scalyr_server %s uses plain http to a remote host; using %s"
                      " (set allow_http to keep http)"), self->options.server_url, self->options.url);

  const ScalyrLogReaderOptions reader_options = {
    .data_dir = self->options.data_dir,
    .rescan_interval = self->options.rescan_interval,
    .max_log_offset_size = self->options.max_log_offset_size,
    .max_existing_log_offset_size = self->options.max_existing_log_offset_size,
    .log_deletion_delay = self->options.log_deletion_delay,
  };
  if (!scalyr_log_reader_open (self->reader, &reader_options, self->options.logger, error))
    return FALSE;

  const ScalyrAddEventsClientOptions client_options = {
    .url = self->options.url,
    .request_timeout = self->options.request_timeout,
    .ca_file = self->options.ca_file,
    .verify_certificate = self->options.verify_certificate,
    .http_proxy = self->options.http_proxy,
    .https_proxy = self->options.https_proxy,
    .compression = self->options.compression,
    .min_spacing = self->options.min_spacing,
    .max_spacing = self->options.max_spacing,
    .initial_backoff = self->options.initial_backoff,
    .max_backoff = self->options.max_backoff,
    .max_send_rate = self->options.max_send_rate,
  };
  g_clear_object (&self->client);
  self->client = scalyr_add_events_client_new (&client_options, self->options.logger, error);
  if (self->client == NULL)
    return FALSE;

  const ScalyrRequestBuilderOptions builder_options = {
    .max_request_size = self->options.max_request_size,
    .min_request_size = self->options.min_request_size,
    .max_line_size = self->options.max_line_size,
    .line_completion_wait = self->options.line_completion_wait,
    .compression = self->options.compression,
    .compression_level = self->options.compression_level,
  };
  self->options.max_line_size = MIN (self->options.max_line_size, 65536u);
  scalyr_request_builder_configure (self->builder, &builder_options, self->options.logger);
  scalyr_request_builder_set_session (self->builder, self->options.api_key, self->session, self->options.server_host,
                                      self->server_attributes);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->started = TRUE;

  scalyr_log_reader_start (self->reader);
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
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
 */
void
scalyr_uploader_stop (ScalyrUploader *self)
{
  g_return_if_fail (SCALYR_IS_UPLOADER (self));

  if (!self->started)
    return;
  self->started = FALSE;
  cancel_send (self);
  backoff_ended (self);
  g_cancellable_cancel (self->cancellable);
  scalyr_log_reader_stop (self->reader);
  scalyr_add_events_client_abort (self->client);
  scalyr_log_reader_save_checkpoints (self->reader);
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
 * request is acknowledged), last success and last error, and since 0.4
 * the bytes of the log read and acknowledged (`bytes_read`) and the
 * rotations seen (`rotations`).
 *
 * Since 0.4 also: `requests`, an object counting every request sent by
 * its outcome, exactly one each: `success` (acknowledged), `network_error`
 * (no HTTP answer: connection refused or reset, TLS, timeout),
 * `server_error` (HTTP 5xx or a status `error/server…`, and an answer not
 * understood: not JSON, no status, larger than 64 KiB), `client_error`
 * (HTTP 4xx or a status `error/client…`: `badParam`, `discardBuffer`),
 * `throttled` (HTTP 429, `serverTooBusy`, `error/server/backoff`) and
 * `too_large` (`requestTooLarge`: the request is built again smaller);
 * `bytes_uncompressed` and `bytes_compressed`, the body of every request
 * sent (resent ones again) before and after compression (the same when
 * compression is off); `backoff_seconds`, the time spent waiting after a
 * failure before the next request (from the failure to the next send, the
 * wait under way included).
 *
 * Returns: (transfer full): a JSON object
 *
 * Thread safety: call from the uploader's thread (see #ScalyrUploader).
 *
 * Since: 0.1
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
  json_builder_set_member_name (jb, "requests");
  json_builder_begin_object (jb);
  for (guint k = 0; k < SCALYR_REQUEST_N_KINDS; k++)
    {
      json_builder_set_member_name (jb, scalyr_request_kind_to_string (k));
      json_builder_add_int_value (jb, (gint64) self->requests_by_kind[k]);
    }
  json_builder_end_object (jb);
  json_builder_set_member_name (jb, "bytes_uncompressed");
  json_builder_add_int_value (jb, (gint64) self->bytes_uncompressed);
  json_builder_set_member_name (jb, "bytes_compressed");
  json_builder_add_int_value (jb, (gint64) self->bytes_compressed);
  json_builder_set_member_name (jb, "backoff_seconds");
  json_builder_add_double_value (jb, (double) (self->backoff_usec + (self->backoff_since != 0
                                               ? g_get_monotonic_time () - self->backoff_since : 0))
                                     / G_USEC_PER_SEC);
  scalyr_log_reader_build_status (self->reader, jb);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}
