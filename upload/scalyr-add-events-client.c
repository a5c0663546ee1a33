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
#include "scalyr-i18n-private.h"

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
    scalyr_warning (logger, _("verify_server_certificate is false: the certificate of %s is not checked; "
                      "anyone on the path can read the API key and the logs"), self->url);
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

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              data)
{
  (void) msg; (void) certificate; (void) errors; (void) data;
  return TRUE;
}

/* The answer is read in bounded pieces: at most
 * SCALYR_ADD_EVENTS_MAX_REPLY bytes, and one more to know it is larger. */
typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  char         *buf;
  gsize         len;
  gsize         compressed;
} ReplyRead;

static void
reply_read_free (gpointer data)
{
  ReplyRead *rr = data;
  g_clear_object (&rr->msg);
  g_clear_object (&rr->stream);
  g_free (rr->buf);
  g_free (rr);
}

static void
reply_done (GTask *task, ScalyrAddEventsReply *reply)
{
  g_task_return_pointer (task, reply, (GDestroyNotify) scalyr_add_events_reply_free);
  g_object_unref (task);
}

static void read_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
read_more (GTask *task)
{
  ReplyRead *rr = g_task_get_task_data (task);
  g_input_stream_read_async (rr->stream, rr->buf + rr->len, SCALYR_ADD_EVENTS_MAX_REPLY + 1 - rr->len,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  ReplyRead *rr = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (n < 0)
    {
      reply_done (task, scalyr_add_events_reply_failed (SCALYR_ADD_EVENTS_NO_ANSWER, "requestFailed",
                                                        error->message, rr->compressed));
      return;
    }
  rr->len += (gsize) n;
  if (rr->len > SCALYR_ADD_EVENTS_MAX_REPLY)
    {
      /* Not read further: the connection is closed by the failure. */
      g_autofree char *message = g_strdup_printf (_("the answer (HTTP %u) is larger than %u bytes; "
                                                    "the request is sent again"),
                                                  soup_message_get_status (rr->msg), SCALYR_ADD_EVENTS_MAX_REPLY);
      ScalyrAddEventsReply *r = scalyr_add_events_reply_failed (SCALYR_ADD_EVENTS_ERROR, "responseTooLarge",
                                                                message, rr->compressed);
      r->http_status = soup_message_get_status (rr->msg);
      reply_done (task, r);
      return;
    }
  if (n > 0)
    {
      read_more (task);
      return;
    }
  const char *retry_after = soup_message_headers_get_one (soup_message_get_response_headers (rr->msg),
                                                          "Retry-After");
  reply_done (task, scalyr_add_events_reply_classify (soup_message_get_status (rr->msg), retry_after,
                                                      rr->buf, rr->len, rr->compressed));
}

static void
send_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  ReplyRead *rr = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  rr->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (rr->stream == NULL)
    {
      reply_done (task, scalyr_add_events_reply_failed (SCALYR_ADD_EVENTS_NO_ANSWER, "requestFailed",
                                                        error->message, rr->compressed));
      return;
    }
  rr->buf = g_malloc (SCALYR_ADD_EVENTS_MAX_REPLY + 1);
  read_more (task);
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
  ReplyRead *rr = g_new0 (ReplyRead, 1);

  rr->msg = msg;
  rr->compressed = g_bytes_get_size (payload);
  g_task_set_task_data (task, rr, reply_read_free);
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
  soup_session_send_async (self->soup, msg, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
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
