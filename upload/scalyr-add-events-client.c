/* scalyr-add-events-client.c: the HTTP exchange with addEvents: session,
 * answers, back-off, pacing
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-add-events-client-private.h"
#include "scalyr-upload-proxy-private.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

struct _ScalyrAddEventsClient
{
  GObject            parent_instance;

  char              *url;
  SoupSession       *soup;
  ScalyrCompression  compression;
  gboolean           verify_certificate;
  double             min_spacing;
  double             max_spacing;
  double             initial_backoff;
  double             max_backoff;

  double             spacing;
  guint              failures;
  ScalyrSendRate     rate;
};

G_DEFINE_FINAL_TYPE (ScalyrAddEventsClient, scalyr_add_events_client, G_TYPE_OBJECT)

char *
scalyr_upload_new_session_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_checksum_update (sum, (const guchar *) uuid, -1);
  g_checksum_get_digest (sum, digest, &digest_len);
  char *b64 = g_base64_encode (digest, digest_len);
  for (char *c = b64; *c != '\0'; c++)
    {
      if (*c == '+')
        *c = '-';
      else if (*c == '/')
        *c = '_';
    }
  return b64;
}

void
scalyr_add_events_reply_free (ScalyrAddEventsReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->status);
  g_free (reply->message);
  g_free (reply);
}

static void
scalyr_add_events_client_dispose (GObject *object)
{
  ScalyrAddEventsClient *self = SCALYR_ADD_EVENTS_CLIENT (object);

  g_clear_object (&self->soup);
  G_OBJECT_CLASS (scalyr_add_events_client_parent_class)->dispose (object);
}

static void
scalyr_add_events_client_finalize (GObject *object)
{
  ScalyrAddEventsClient *self = SCALYR_ADD_EVENTS_CLIENT (object);

  g_free (self->url);
  G_OBJECT_CLASS (scalyr_add_events_client_parent_class)->finalize (object);
}

static void
scalyr_add_events_client_class_init (ScalyrAddEventsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scalyr_add_events_client_dispose;
  object_class->finalize = scalyr_add_events_client_finalize;
}

static void
scalyr_add_events_client_init (ScalyrAddEventsClient *self)
{
  (void) self;
}

ScalyrAddEventsClient *
scalyr_add_events_client_new (const ScalyrAddEventsClientOptions *options,
                              ScalyrAgentLogger                  *logger,
                              GError                            **error)
{
  g_autoptr(ScalyrAddEventsClient) self = g_object_new (SCALYR_TYPE_ADD_EVENTS_CLIENT, NULL);

  self->url = g_strdup (options->url);
  self->compression = options->compression;
  self->verify_certificate = options->verify_certificate;
  self->min_spacing = options->min_spacing;
  self->max_spacing = options->max_spacing;
  self->initial_backoff = options->initial_backoff;
  self->max_backoff = options->max_backoff;
  self->spacing = self->max_spacing;
  scalyr_send_rate_set (&self->rate, options->max_send_rate);

  struct utsname un;
  g_autofree char *ua = g_strdup_printf ("%s;libscalyrmon-upload-%s;a-%d;mw-0",
                                         uname (&un) == 0 ? un.sysname : "unknown",
                                         SCALYR_VERSION_S, geteuid () == 0 ? 1 : 0);
  /* Proxies from the environment (as Python's requests takes them),
   * not GIO's default resolver: that one loads glib-networking's libproxy and GNOME
   * proxy modules (with libstdc++, GSettings and dconf: 2.3 MiB resident)
   * for desktop settings a daemon does not have. */
  g_auto(GStrv) envp = g_get_environ ();
  if (options->http_proxy != NULL && *options->http_proxy != '\0')
    {
      envp = g_environ_unsetenv (envp, "HTTP_PROXY");
      envp = g_environ_setenv (envp, "http_proxy", options->http_proxy, TRUE);
    }
  if (options->https_proxy != NULL && *options->https_proxy != '\0')
    {
      envp = g_environ_unsetenv (envp, "HTTPS_PROXY");
      envp = g_environ_setenv (envp, "https_proxy", options->https_proxy, TRUE);
    }
  g_autoptr(GProxyResolver) proxy = scalyr_upload_proxy_resolver_from_env (envp);
  if (!options->verify_certificate && g_str_has_prefix (self->url, "https:"))
    scalyr_warning (logger, "verify_server_certificate is false: the certificate of %s is not checked; "
                    "anyone on the path can read the API key and the logs", self->url);
  self->soup = soup_session_new_with_options ("timeout", options->request_timeout,
                                              "idle-timeout", 60u,
                                              "max-conns-per-host", 1,
                                              "proxy-resolver", proxy,
                                              "user-agent", ua, NULL);
  if (options->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (options->ca_file, error);
      if (db == NULL)
        return NULL;
      g_object_set (self->soup, "tls-database", db, NULL);
    }
  if (g_getenv ("SCALYR_UPLOAD_DEBUG_HTTP") != NULL)
    {
      /* Headers only: the body holds the api key. */
      g_autoptr(SoupLogger) http_logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);
      soup_session_add_feature (self->soup, SOUP_SESSION_FEATURE (http_logger));
    }
  return g_steal_pointer (&self);
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

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              data)
{
  (void) msg; (void) certificate; (void) errors; (void) data;
  return TRUE;
}

/* What the answer to @msg (@reply, or none with @error) means. */
static ScalyrAddEventsReply *
reply_classify (SoupMessage *msg, GBytes *reply, GError *error, gsize compressed)
{
  ScalyrAddEventsReply *r = g_new0 (ScalyrAddEventsReply, 1);

  r->compressed = compressed;
  if (reply == NULL)
    {
      r->outcome = SCALYR_ADD_EVENTS_NO_ANSWER;
      r->status = g_strdup ("requestFailed");
      r->message = g_strdup (error->message);
      return r;
    }

  guint code = soup_message_get_status (msg);
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
  gboolean ok = code >= 200 && code < 300;

  r->http_status = code;
  r->message = g_strdup (message);
  if (ok && status != NULL && strstr (status, "success") != NULL)
    {
      r->outcome = SCALYR_ADD_EVENTS_SUCCESS;
      r->status = g_strdup ("success");
    }
  else if (ok && status != NULL && strstr (status, "discardBuffer") != NULL)
    r->outcome = SCALYR_ADD_EVENTS_DISCARDED;
  else if (status != NULL && strstr (status, "requestTooLarge") != NULL)
    r->outcome = SCALYR_ADD_EVENTS_TOO_LARGE;
  else if (ok && !is_json)
    {
      r->outcome = SCALYR_ADD_EVENTS_NOT_JSON;
      r->status = g_strdup ("parseResponseFailed");
      g_free (r->message);
      r->message = g_utf8_make_valid (text != NULL ? text : "", (gssize) MIN (len, 200));
    }
  else
    {
      r->outcome = SCALYR_ADD_EVENTS_ERROR;
      r->status = g_strdup (status != NULL ? status
                            : code == 429 ? "serverTooBusy"
                            : len == 0 ? "emptyResponse" : "unknownError");
      if (code == 429 || code == 503)
        r->retry_after = parse_retry_after (msg);
    }
  if (r->status == NULL)
    r->status = g_strdup (status);
  return r;
}

static void
send_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gsize compressed = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "scalyr-compressed"));
  g_task_return_pointer (task, reply_classify (msg, reply, error, compressed),
                         (GDestroyNotify) scalyr_add_events_reply_free);
}

void
scalyr_add_events_client_send_async (ScalyrAddEventsClient *self,
                                     GBytes                *payload,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg = soup_message_new ("POST", self->url);

  g_task_set_task_data (task, msg, g_object_unref);
  g_object_set_data (G_OBJECT (msg), "scalyr-compressed", GSIZE_TO_POINTER (g_bytes_get_size (payload)));
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
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
}

ScalyrAddEventsReply *
scalyr_add_events_client_send_finish (ScalyrAddEventsClient *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
scalyr_add_events_client_abort (ScalyrAddEventsClient *self)
{
  soup_session_abort (self->soup);
}

static double
backoff_delay (ScalyrAddEventsClient *self)
{
  double d = self->initial_backoff;
  for (guint i = 1; i < self->failures && d < self->max_backoff; i++)
    d *= 2;
  d = MIN (d, self->max_backoff);
  /* Jitter: between 75 % and 100 %. */
  return d * g_random_double_range (0.75, 1.0);
}

double
scalyr_add_events_client_failed (ScalyrAddEventsClient *self,
                                 double                 retry_after)
{
  self->failures++;
  /* Close the connection after any failure. */
  soup_session_abort (self->soup);
  double delay = backoff_delay (self);
  if (retry_after > delay)
    delay = MIN (retry_after, 3600.0);
  return delay;
}

double
scalyr_add_events_client_succeeded (ScalyrAddEventsClient *self,
                                    gsize                  compressed,
                                    guint64                charged,
                                    gboolean               full)
{
  self->failures = 0;
  if (compressed < 20480)
    self->spacing *= 1.5;
  else if (compressed > 102400)
    self->spacing *= 0.6;
  self->spacing = CLAMP (self->spacing, self->min_spacing, self->max_spacing);
  if (self->spacing <= 0)
    self->spacing = self->min_spacing;
  /* As the reference: only the lines the server took count. */
  if (charged > 0)
    scalyr_send_rate_charge (&self->rate, charged);
  return full ? self->min_spacing : self->spacing;
}

double
scalyr_add_events_client_rate_wait (ScalyrAddEventsClient *self)
{
  return scalyr_send_rate_wait (&self->rate);
}
