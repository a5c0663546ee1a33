/* scalyr-metrics-http.c: what the metrics service answers: /metrics (the
 * exposition of the latest snapshot, rendered once per snapshot and
 * format, gzipped once when asked) and /healthz (the health of the latest
 * snapshot, or stale); 404 and 405 otherwise. Runs on the listener thread.
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <gio/gio.h>

#include "scalyr-metrics-service-private.h"
#include "scalyr-i18n-private.h"
/* the umbrella <scalyragent.h> does not include its enums' GTypes (yet) */
#define SCALYRAGENT_INSIDE
#include <scalyr-agent-enum-types.h>
#undef SCALYRAGENT_INSIDE

static void
count (ScalyrMetricsService *self,
       guint64              *counter)
{
  g_mutex_lock (&self->lock);
  (*counter)++;
  g_mutex_unlock (&self->lock);
}

static void
answer (SoupServerMessage *msg,
        guint              code,
        const char        *content_type,
        GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, code, NULL);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* one request per connection: said, so that no client sends another on
   * it (the service hands libsoup accepted connections, and libsoup keeps a
   * connection alive only for its own listeners; with those, libsoup 3.2
   * leaks a kept-alive connection its client closes: GNOME/libsoup commit
   * d20c6601) */
  soup_message_headers_replace (headers, "Connection", "close");
  if (g_bytes_get_size (body) > 0)   /* libsoup refuses an empty chunk */
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static void
answer_text (SoupServerMessage *msg,
             guint              code,
             char              *text)   /* taken */
{
  g_autoptr(GBytes) body = g_bytes_new_take (text, strlen (text));

  answer (msg, code, "text/plain; charset=utf-8", body);
}

/* whether the request's Accept-Encoding takes gzip (q > 0) */
static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Encoding");
  GSList *unacceptable = NULL;
  GSList *acceptable;
  gboolean found = FALSE;

  if (header == NULL)
    return FALSE;
  acceptable = soup_header_parse_quality_list (header, &unacceptable);
  for (GSList *l = acceptable; l != NULL && !found; l = l->next)
    found = g_ascii_strcasecmp (l->data, "gzip") == 0;
  soup_header_free_list (acceptable);
  soup_header_free_list (unacceptable);
  return found;
}

static GBytes *
gzip_bytes (GBytes *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize length;
  gconstpointer data = g_bytes_get_data (text, &length);

  /* to memory: cannot fail */
  g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
rendition_clear (MetricsRendition *r)
{
  r->generation = 0;
  g_clear_pointer (&r->text, g_bytes_unref);
  g_clear_pointer (&r->gzip, g_bytes_unref);
}

static void
serve_metrics (ScalyrMetricsService *self,
               SoupServerMessage    *msg)
{
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  ScalyrMetricsFormat format;
  MetricsRendition *r;
  guint64 generation;
  SoupMessageHeaders *headers;

  g_mutex_lock (&self->lock);
  status = self->status != NULL ? json_node_ref (self->status) : NULL;
  metrics = self->monitor_metrics != NULL ? json_node_ref (self->monitor_metrics) : NULL;
  generation = self->generation;
  self->scrapes++;
  self->last_scrape_us = g_get_real_time ();
  g_mutex_unlock (&self->lock);

  if (status == NULL)
    {
      answer_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, g_strdup (_("no status from the agent yet\n")));
      return;
    }
  format = scalyr_metrics_format_negotiate (soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                                           "Accept"));
  r = &self->renditions[format == SCALYR_METRICS_FORMAT_OPENMETRICS ? 1 : 0];
  if (r->generation != generation)
    {
      char *text = scalyr_agent_format_metrics (status, metrics, format);

      rendition_clear (r);
      r->text = g_bytes_new_take (text, strlen (text));
      r->generation = generation;
    }
  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  if (accepts_gzip (msg))
    {
      if (r->gzip == NULL)
        r->gzip = gzip_bytes (r->text);
      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      answer (msg, SOUP_STATUS_OK, scalyr_metrics_format_get_content_type (format), r->gzip);
    }
  else
    answer (msg, SOUP_STATUS_OK, scalyr_metrics_format_get_content_type (format), r->text);
}

static void
serve_health (ScalyrMetricsService *self,
              SoupServerMessage    *msg)
{
  g_autofree char *text = NULL;
  guint code;
  guint64 generation;
  gint64 age_us;

  g_mutex_lock (&self->lock);
  self->health_checks++;
  generation = self->generation;
  code = self->health_code;
  text = g_strdup (self->health_text);
  age_us = g_get_monotonic_time () - self->published_us;
  g_mutex_unlock (&self->lock);

  if (generation == 0)
    answer_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, g_strconcat ("stale: ", _("no status from the agent yet\n"), NULL));
  else if (age_us > METRICS_STALE_US)
    {
      /* the kind before the colon is for programs: never translated */
      g_autofree char *reason = g_strdup_printf (_("no status from the agent for %lld s: its main loop is stuck; "
                                                   "see agent.log\n"), (long long) (age_us / G_USEC_PER_SEC));

      answer_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, g_strconcat ("stale: ", reason, NULL));
    }
  else
    answer_text (msg, code, g_steal_pointer (&text));
}

/* After the headers, before any body is read: a method or a body that is
 * not wanted is answered now. libsoup still reads the body before it
 * sends the answer: it is dropped as it comes (never kept in memory), a
 * stalled one ends at the idle timeout, and the connection is closed. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  ScalyrMetricsService *self = data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  gboolean body = soup_message_headers_get_encoding (request) == SOUP_ENCODING_CHUNKED ||
                  soup_message_headers_get_content_length (request) > 0;

  (void) server; (void) path; (void) query;
  if (body)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (response, "Connection", "close");
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      count (self, &self->bad_requests);
      soup_message_headers_replace (response, "Allow", "GET, HEAD");
      answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, g_strdup (_("only GET and HEAD are answered\n")));
    }
  else if (body)
    {
      count (self, &self->bad_requests);
      answer_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, g_strdup (_("a request body is not accepted\n")));
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  ScalyrMetricsService *self = data;

  (void) server; (void) query;
  if (g_str_equal (path, "/metrics"))
    serve_metrics (self, msg);
  else if (g_str_equal (path, "/healthz"))
    serve_health (self, msg);
  else
    {
      count (self, &self->bad_requests);
      answer_text (msg, SOUP_STATUS_NOT_FOUND, g_strdup (_("not found: the paths are /metrics and /healthz\n")));
    }
}

void
scalyr_metrics_http_setup (ScalyrMetricsService *self)
{
  soup_server_add_early_handler (self->server, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
}

void
scalyr_metrics_http_clear (ScalyrMetricsService *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (self->renditions); i++)
    rendition_clear (&self->renditions[i]);
}

/* The health of the agent that built @status, as `scalyr-agent status`
 * tells it from the file (which adds `running`): "ok" or "<kind>:
 * <reason>". On the agent's thread, when it publishes. */
guint
scalyr_metrics_http_health (JsonNode *status,
                            char    **text)
{
  static const char * const members[] = { "state", "updated", "monitors", "config", "uploads" };
  JsonObject *o = json_node_get_object (status);
  g_autoptr(JsonObject) view = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *reason = NULL;
  g_autoptr(GEnumClass) kinds = NULL;
  ScalyrAgentHealth health;

  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (o, members[i]))
      json_object_set_member (view, members[i], json_node_copy (json_object_get_member (o, members[i])));
  json_object_set_boolean_member (view, "running",
                                  g_strcmp0 (json_object_get_string_member_with_default (o, "state", ""),
                                             "running") == 0);
  json_node_set_object (node, view);
  health = scalyr_agent_status_get_health (node, &reason);
  if (health == SCALYR_AGENT_HEALTH_HEALTHY)
    {
      *text = g_strdup ("ok\n");
      return SOUP_STATUS_OK;
    }
  kinds = g_type_class_ref (SCALYR_TYPE_AGENT_HEALTH);
  *text = g_strdup_printf ("%s: %s\n", g_enum_get_value (kinds, (int) health)->value_nick,
                           reason != NULL ? reason : "");
  return SOUP_STATUS_SERVICE_UNAVAILABLE;
}
