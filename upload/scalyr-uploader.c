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
#include "scalyr-upload-enum-types.h"
#include "scalyr-upload-url.h"

#include <string.h>

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

  /* The pipeline. */
  ScalyrLogReader       *reader;
  ScalyrRequestBuilder  *builder;
  ScalyrAddEventsClient *client;

  gboolean           started;
  GMainContext      *context;
  GCancellable      *cancellable;
  GSource           *send_source;
  gboolean           in_flight;

  gint64             last_success;
  char              *last_error;
  guint64            requests_ok;
  guint64            requests_failed;
  guint64            events_sent;
  guint64            bytes_sent;
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
 *
 * From C, Python or JavaScript:
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

static void
on_failure (ScalyrUploader *self, double retry_after)
{
  self->requests_failed++;
  schedule_send (self, scalyr_add_events_client_failed (self->client, retry_after));
}

static void
handle_reply (ScalyrUploader *self, ScalyrAddEventsReply *r)
{
  switch (r->outcome)
    {
    case SCALYR_ADD_EVENTS_SUCCESS:
      schedule_send (self, on_success (self, r->compressed, FALSE));
      request_done (self, "success", TRUE);
      break;
    case SCALYR_ADD_EVENTS_DISCARDED:
      scalyr_warning (self->logger, "server answered %s: %u events dropped as it asked", r->status,
                      scalyr_request_builder_get_events (self->builder));
      schedule_send (self, on_success (self, r->compressed, TRUE));
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_TOO_LARGE:
      {
        guint limit = scalyr_request_builder_shrink_limit (self->builder, r->compressed);
        scalyr_warning (self->logger, "server answered %s; request size limit now %u bytes", r->status, limit);
        set_last_error (self, r->status, r->message);
        rollback (self);
        on_failure (self, 0);
        request_done (self, r->status, FALSE);
      }
      break;
    case SCALYR_ADD_EVENTS_NOT_JSON:
      scalyr_warning (self->logger, "addEvents answer is not JSON (parseResponseFailed, HTTP %u): “%s”;"
                      " the lines will be sent again", r->http_status, r->message);
      set_last_error (self, r->status, r->message);
      rollback (self);
      on_failure (self, 0);
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_NO_ANSWER:
      scalyr_warning (self->logger, "addEvents request failed (requestFailed): %s; retrying", r->message);
      set_last_error (self, r->status, r->message);
      on_failure (self, 0);
      request_done (self, r->status, FALSE);
      break;
    case SCALYR_ADD_EVENTS_ERROR:
    default:
      if (g_str_equal (r->status, "error/client/badParam"))
        scalyr_error (self->logger, "addEvents failed: %s (probably an invalid API key): %s", r->status,
                      r->message != NULL ? r->message : "");
      else
        scalyr_warning (self->logger, "addEvents failed (HTTP %u, %s)%s%s; retrying", r->http_status, r->status,
                        r->message != NULL ? ": " : "", r->message != NULL ? r->message : "");
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

  g_clear_pointer (&self->send_source, g_source_unref);
  if (!self->started || self->in_flight)
    return G_SOURCE_REMOVE;
  if (scalyr_request_builder_is_empty (self->builder))
    scalyr_request_builder_build (self->builder, self->reader);

  g_autoptr(GBytes) payload = scalyr_request_builder_get_payload (self->builder, &error);
  if (payload == NULL)
    {
      scalyr_error (self->logger, "%s", error->message);
      on_failure (self, 0);
      return G_SOURCE_REMOVE;
    }
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
  self->send_source = g_timeout_source_new ((guint) MAX (0.0, delay * 1000.0));
  g_source_set_callback (self->send_source, send_now, self, NULL);
  g_source_attach (self->send_source, self->context);
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
  json_object_unref (self->server_attributes);
  scalyr_request_builder_free (self->builder);
  scalyr_log_reader_free (self->reader);
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
    case PROP_MAX_SEND_RATE: self->max_send_rate = g_value_get_double (value); break;
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
  self->reader = scalyr_log_reader_new ();
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

  const ScalyrLogReaderOptions reader_options = {
    .data_dir = self->data_dir,
    .rescan_interval = self->rescan_interval,
    .max_log_offset_size = self->max_log_offset_size,
    .max_existing_log_offset_size = self->max_existing_log_offset_size,
    .log_deletion_delay = self->log_deletion_delay,
  };
  if (!scalyr_log_reader_open (self->reader, &reader_options, self->logger, error))
    return FALSE;

  const ScalyrAddEventsClientOptions client_options = {
    .url = self->url,
    .request_timeout = self->request_timeout,
    .ca_file = self->ca_file,
    .verify_certificate = self->verify_certificate,
    .http_proxy = self->http_proxy,
    .https_proxy = self->https_proxy,
    .compression = self->compression,
    .min_spacing = self->min_spacing,
    .max_spacing = self->max_spacing,
    .initial_backoff = self->initial_backoff,
    .max_backoff = self->max_backoff,
    .max_send_rate = self->max_send_rate,
  };
  g_clear_object (&self->client);
  self->client = scalyr_add_events_client_new (&client_options, self->logger, error);
  if (self->client == NULL)
    return FALSE;

  const ScalyrRequestBuilderOptions builder_options = {
    .max_request_size = self->max_request_size,
    .min_request_size = self->min_request_size,
    .max_line_size = self->max_line_size,
    .line_completion_wait = self->line_completion_wait,
    .compression = self->compression,
    .compression_level = self->compression_level,
  };
  self->max_line_size = MIN (self->max_line_size, 65536u);
  scalyr_request_builder_configure (self->builder, &builder_options, self->logger);
  scalyr_request_builder_set_session (self->builder, self->api_key, self->session, self->server_host,
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
 */
void
scalyr_uploader_stop (ScalyrUploader *self)
{
  g_return_if_fail (SCALYR_IS_UPLOADER (self));

  if (!self->started)
    return;
  self->started = FALSE;
  cancel_send (self);
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
  scalyr_log_reader_build_status (self->reader, jb);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}
