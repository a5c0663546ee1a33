/* mock-addevents.c: an addEvents server on 127.0.0.1 for tests and benchmarks
 * SPDX-License-Identifier: Apache-2.0
 *
 * Decompresses each body per its Content-Encoding, validates it against the
 * logical schema of upload-protocol.md §2 (when asked), records the events
 * deduplicated by (si, sn) and answers as the next queued fault says. */
#include "mock-addevents.h"

#include <string.h>
#include <sys/socket.h>
#include <zlib.h>
#include <zstd.h>
#include <bzlib.h>
#include <lz4frame.h>

struct _MockServer
{
  SoupServer *server;
  guint       port;
  gboolean    tls;
  char       *token;
  gboolean    validate;
  gboolean    parsed_lines;
  gboolean    down;
  GQueue      faults;
  guint       retry_after;
  guint       slow_ms;
  guint       requests;
  guint       duplicates;
  guint64     bytes;
  guint64     raw_bytes;
  guint64     events;
  char       *error;
  GHashTable *logs;     /* path -> GPtrArray of MockEvent */
  GHashTable *seen;     /* "si:sn" -> MockEvent (owned by logs) */
  GPtrArray  *encodings;
  GPtrArray  *sessions;
  GArray     *times;
  GPtrArray  *pending;  /* paused messages */
};

static void
mock_event_free (MockEvent *ev)
{
  g_free (ev->ts);
  g_free (ev->si);
  g_free (ev->log_path);
  g_free (ev->message);
  g_free (ev->parser);
  g_clear_pointer (&ev->attrs, json_object_unref);
  g_free (ev);
}

static void
fail (MockServer *mock, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
fail (MockServer *mock, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (mock->error == NULL)
    mock->error = msg;
  else
    g_free (msg);
}

static GBytes *
decompress (MockServer *mock, const char *encoding, GBytes *body)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);

  if (encoding == NULL)
    return g_bytes_ref (body);
  if (g_str_equal (encoding, "deflate"))
    {
      z_stream zs = { 0 };
      GByteArray *out = g_byte_array_sized_new ((guint) len * 4 + 1024);
      guint8 chunk[65536];
      int rc;
      inflateInit (&zs);
      zs.next_in = (Bytef *) data;
      zs.avail_in = (uInt) len;
      do
        {
          zs.next_out = chunk;
          zs.avail_out = sizeof chunk;
          rc = inflate (&zs, Z_NO_FLUSH);
          g_byte_array_append (out, chunk, (guint) (sizeof chunk - zs.avail_out));
        }
      while (rc == Z_OK);
      inflateEnd (&zs);
      if (rc != Z_STREAM_END)
        {
          fail (mock, "body is not a zlib stream (%d)", rc);
          g_byte_array_unref (out);
          return NULL;
        }
      return g_byte_array_free_to_bytes (out);
    }
  if (g_str_equal (encoding, "zstandard"))
    {
      ZSTD_DStream *ds = ZSTD_createDStream ();
      GByteArray *out = g_byte_array_sized_new ((guint) len * 4 + 1024);
      guint8 chunk[65536];
      ZSTD_inBuffer in = { data, len, 0 };
      size_t rc = 1;
      ZSTD_initDStream (ds);
      while (in.pos < in.size && rc != 0)
        {
          ZSTD_outBuffer ob = { chunk, sizeof chunk, 0 };
          rc = ZSTD_decompressStream (ds, &ob, &in);
          if (ZSTD_isError (rc))
            break;
          g_byte_array_append (out, chunk, (guint) ob.pos);
        }
      ZSTD_freeDStream (ds);
      if (ZSTD_isError (rc) || rc != 0)
        {
          fail (mock, "body is not a zstd frame");
          g_byte_array_unref (out);
          return NULL;
        }
      return g_byte_array_free_to_bytes (out);
    }
  if (g_str_equal (encoding, "bz2"))
    {
      bz_stream bz = { 0 };
      GByteArray *out = g_byte_array_sized_new ((guint) len * 4 + 1024);
      char chunk[65536];
      int rc;
      BZ2_bzDecompressInit (&bz, 0, 0);
      bz.next_in = (char *) data;
      bz.avail_in = (unsigned int) len;
      do
        {
          bz.next_out = chunk;
          bz.avail_out = sizeof chunk;
          rc = BZ2_bzDecompress (&bz);
          g_byte_array_append (out, (guint8 *) chunk, (guint) (sizeof chunk - bz.avail_out));
        }
      while (rc == BZ_OK);
      BZ2_bzDecompressEnd (&bz);
      if (rc != BZ_STREAM_END)
        {
          fail (mock, "body is not a bzip2 stream (%d)", rc);
          g_byte_array_unref (out);
          return NULL;
        }
      return g_byte_array_free_to_bytes (out);
    }
  if (g_str_equal (encoding, "lz4"))
    {
      LZ4F_dctx *dctx = NULL;
      GByteArray *out = g_byte_array_sized_new ((guint) len * 4 + 1024);
      guint8 chunk[65536];
      size_t pos = 0, rc = 1;
      LZ4F_createDecompressionContext (&dctx, LZ4F_VERSION);
      while (rc != 0)
        {
          size_t out_n = sizeof chunk, in_n = len - pos;
          rc = LZ4F_decompress (dctx, chunk, &out_n, data + pos, &in_n, NULL);
          if (LZ4F_isError (rc))
            break;
          pos += in_n;
          g_byte_array_append (out, chunk, (guint) out_n);
          if (in_n == 0 && out_n == 0)
            break;                    /* truncated frame */
        }
      LZ4F_freeDecompressionContext (dctx);
      if (LZ4F_isError (rc) || rc != 0)
        {
          fail (mock, "body is not an lz4 frame");
          g_byte_array_unref (out);
          return NULL;
        }
      return g_byte_array_free_to_bytes (out);
    }
  fail (mock, "unknown Content-Encoding %s", encoding);
  return NULL;
}

static JsonObject *
obj_member (JsonObject *o, const char *name, gpointer fallback)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : fallback;
}

static JsonArray *
arr_member (JsonObject *o, const char *name, gpointer fallback)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : fallback;
}

static gboolean
is_ts (const char *s)
{
  if (s == NULL || strlen (s) != 19)
    return FALSE;
  for (const char *c = s; *c; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

static void
record_body (MockServer *mock, JsonNode *root, gboolean record)
{
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (mock, "body is not an object");
      return;
    }
  JsonObject *o = json_node_get_object (root);
  const char *token = json_object_get_string_member_with_default (o, "token", NULL);
  const char *session = json_object_get_string_member_with_default (o, "session", NULL);
  JsonObject *info = obj_member (o, "sessionInfo", NULL);
  JsonArray *events = arr_member (o, "events", NULL);
  JsonArray *threads = arr_member (o, "threads", NULL);
  JsonArray *logs = arr_member (o, "logs", NULL);

  if (g_strcmp0 (token, mock->token) != 0)
    fail (mock, "wrong token");
  if (session == NULL || strlen (session) != 28)
    fail (mock, "bad session");
  g_ptr_array_add (mock->sessions, g_strdup (session));
  if (info == NULL || json_object_get_string_member_with_default (info, "serverHost", NULL) == NULL)
    fail (mock, "no sessionInfo.serverHost");
  if (events == NULL || threads == NULL || logs == NULL)
    {
      fail (mock, "events, threads or logs missing");
      return;
    }
  JsonNode *ct = json_object_get_member (o, "client_time");
  if (ct == NULL || json_node_get_value_type (ct) != G_TYPE_INT64)
    fail (mock, "client_time missing or not an integer");

  g_autoptr(GHashTable) log_attrs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) thread_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (logs); i++)
    {
      JsonObject *l = json_array_get_object_element (logs, i);
      g_hash_table_insert (log_attrs, (gpointer) json_object_get_string_member (l, "id"),
                           json_object_get_object_member (l, "attrs"));
    }
  for (guint i = 0; i < json_array_get_length (threads); i++)
    {
      JsonObject *t = json_array_get_object_element (threads, i);
      g_hash_table_add (thread_ids, (gpointer) json_object_get_string_member (t, "id"));
      if (json_object_get_string_member_with_default (t, "name", NULL) == NULL)
        fail (mock, "thread without name");
    }

  const char *prev_ts = NULL;
  const char *prev_log = NULL;
  const char *cur_si = NULL;
  guint64 cur_sn = 0;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);
      const char *log = json_object_get_string_member_with_default (ev, "log", NULL);
      const char *thread = json_object_get_string_member_with_default (ev, "thread", NULL);
      const char *ts = json_object_get_string_member_with_default (ev, "ts", NULL);
      JsonObject *attrs = obj_member (ev, "attrs", NULL);
      JsonObject *lattrs = log != NULL ? g_hash_table_lookup (log_attrs, log) : NULL;

      mock->events++;
      if (lattrs == NULL || thread == NULL || !g_hash_table_contains (thread_ids, thread))
        {
          fail (mock, "event %u: log/thread not in the tables", i);
          return;
        }
      if (!is_ts (ts) || (!mock->parsed_lines && prev_ts != NULL && strcmp (ts, prev_ts) <= 0))
        fail (mock, "event %u: ts %s not a 19-digit string above the previous one", i, ts);
      prev_ts = ts;
      if (json_object_has_member (ev, "si"))
        {
          cur_si = json_object_get_string_member (ev, "si");
          cur_sn = (guint64) json_object_get_int_member (ev, "sn");
          if (json_object_has_member (ev, "sd"))
            fail (mock, "event %u: both sn and sd", i);
        }
      else if (json_object_has_member (ev, "sd") && cur_si != NULL && g_strcmp0 (prev_log, log) == 0)
        cur_sn += (guint64) json_object_get_int_member (ev, "sd");
      else
        {
          fail (mock, "event %u: sd without a preceding si/sn of the same log", i);
          return;
        }
      prev_log = log;
      const char *message = attrs != NULL ? json_object_get_string_member_with_default (attrs, "message", NULL) : NULL;
      if (message == NULL)
        {
          fail (mock, "event %u: no attrs.message", i);
          return;
        }
      JsonObjectIter it;
      const char *name;
      JsonNode *value;
      json_object_iter_init (&it, lattrs);
      while (!mock->parsed_lines && json_object_iter_next (&it, &name, &value))
        {
          JsonNode *mine = json_object_get_member (attrs, name);
          if (mine == NULL || !json_node_equal (mine, value))
            fail (mock, "event %u: attrs.%s differs from its log's", i, name);
        }
      if (!record)
        continue;

      g_autofree char *key = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, cur_si, cur_sn);
      MockEvent *old = g_hash_table_lookup (mock->seen, key);
      if (old != NULL)
        {
          if (!g_str_equal (old->message, message))
            fail (mock, "(si, sn) %s sent again with another message", key);
          mock->duplicates++;
          continue;
        }
      MockEvent *me = g_new0 (MockEvent, 1);
      me->si = g_strdup (cur_si);
      me->sn = cur_sn;
      me->log_path = g_strdup (json_object_get_string_member_with_default (
        attrs, "logfile", json_object_get_string_member_with_default (lattrs, "logfile", "?")));
      me->ts = g_strdup (ts);
      me->message = g_strdup (message);
      me->parser = g_strdup (json_object_get_string_member_with_default (attrs, "parser", NULL));
      me->attrs = json_object_ref (attrs);
      GPtrArray *list = g_hash_table_lookup (mock->logs, me->log_path);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) mock_event_free);
          g_hash_table_insert (mock->logs, g_strdup (me->log_path), list);
        }
      g_ptr_array_add (list, me);
      g_hash_table_insert (mock->seen, g_steal_pointer (&key), me);
    }
}

static void
respond (SoupServerMessage *msg, guint code, const char *body)
{
  soup_server_message_set_status (msg, code, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

typedef struct {
  MockServer        *mock;
  SoupServerMessage *msg;
  gboolean           gone;
} Paused;

static void
paused_gone (SoupServerMessage *msg, gpointer data)
{
  (void) msg;
  ((Paused *) data)->gone = TRUE;
}

static gboolean
unpause_cb (gpointer data)
{
  Paused *p = data;
  if (!p->gone)
    soup_server_message_unpause (p->msg);
  g_signal_handlers_disconnect_by_data (p->msg, p);
  g_ptr_array_remove (p->mock->pending, p->msg);
  g_object_unref (p->msg);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static gboolean
reset_cb (gpointer data)
{
  Paused *p = data;
  if (!p->gone)
    {
      GSocket *sock = soup_server_message_get_socket (p->msg);
      if (sock != NULL)
        {
          struct linger lg = { 1, 0 };
          setsockopt (g_socket_get_fd (sock), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
      g_signal_handlers_disconnect_by_data (p->msg, p);
      GIOStream *stream = soup_server_message_steal_connection (p->msg);
      if (stream != NULL)
        {
          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
    }
  else
    g_signal_handlers_disconnect_by_data (p->msg, p);
  g_ptr_array_remove (p->mock->pending, p->msg);
  g_object_unref (p->msg);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* A streamed answer: 64 KiB chunks, each written when the one before is,
 * none kept; @left bytes to go (G_MAXUINT64: without end). */
typedef struct {
  guint64 left;
} Stream;

static char stream_chunk[65536];

static void
stream_next (SoupServerMessage *msg, gpointer data)
{
  Stream *st = data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  if (st->left == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  gsize n = (gsize) MIN (st->left, (guint64) sizeof stream_chunk);
  if (st->left != G_MAXUINT64)
    st->left -= n;
  soup_message_body_append (body, SOUP_MEMORY_STATIC, stream_chunk, n);
}

static void
stream_free (gpointer data, GClosure *closure)
{
  (void) closure;
  g_free (data);
}

static void
stream_reply (SoupServerMessage *msg, guint64 size)
{
  Stream *st = g_new0 (Stream, 1);
  static const char head[] = "{\"status\":\"success\",\"padding\":\"";

  memset (stream_chunk, 'x', sizeof stream_chunk);
  st->left = size;
  soup_server_message_set_status (msg, 200, NULL);
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (h, "application/json", NULL);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, head, sizeof head - 1);
  g_signal_connect_data (msg, "wrote-chunk", G_CALLBACK (stream_next), st, stream_free, 0);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  MockServer *mock = data;
  (void) server; (void) query;

  if (!g_str_equal (path, "/addEvents") || !g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      respond (msg, 404, "{\"status\":\"error/client/notFound\"}");
      return;
    }
  mock->requests++;
  gint64 now = g_get_monotonic_time ();
  g_array_append_val (mock->times, now);
  SoupMessageBody *req = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) raw = soup_message_body_flatten (req);
  const char *enc = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Content-Encoding");
  g_ptr_array_add (mock->encodings, g_strdup (enc != NULL ? enc : "none"));
  mock->bytes += g_bytes_get_size (raw);
  g_autoptr(GBytes) body = decompress (mock, enc, raw);
  if (body != NULL)
    mock->raw_bytes += g_bytes_get_size (body);

  MockFault fault = GPOINTER_TO_INT (g_queue_pop_head (&mock->faults));
  gboolean record = fault == MOCK_OK || fault == MOCK_SLOW || fault == MOCK_HTTP_500_SUCCESS
                    || fault == MOCK_NON_JSON;
  if (body != NULL && mock->validate)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      gsize len;
      const char *text = g_bytes_get_data (body, &len);
      if (!json_parser_load_from_data (parser, text, (gssize) len, &error))
        fail (mock, "body is not JSON: %s", error->message);
      else
        record_body (mock, json_parser_get_root (parser), record);
    }

  switch (fault)
    {
    case MOCK_OK: respond (msg, 200, "{\"status\":\"success\",\"bytesCharged\":0}"); break;
    case MOCK_HTTP_500: respond (msg, 500, "{\"status\":\"error/server\",\"message\":\"boom\"}"); break;
    case MOCK_HTTP_500_SUCCESS: respond (msg, 500, "{\"status\":\"success\"}"); break;
    case MOCK_429:
      {
        g_autofree char *ra = g_strdup_printf ("%u", mock->retry_after);
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", ra);
        respond (msg, 429, NULL);
      }
      break;
    case MOCK_BACKOFF: respond (msg, 200, "{\"status\":\"error/server/backoff\",\"message\":\"slow down\"}"); break;
    case MOCK_NON_JSON:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>oops</html>", 17);
      break;
    case MOCK_HTTP_503: respond (msg, 503, NULL); break;
    case MOCK_BAD_PARAM:
      respond (msg, 401, "{\"status\":\"error/client/badParam\",\"message\":\"Couldn't decode API token\"}");
      break;
    case MOCK_DISCARD: respond (msg, 200, "{\"status\":\"error/client/discardBuffer\"}"); break;
    case MOCK_TOO_LARGE: respond (msg, 200, "{\"status\":\"error/client/requestTooLarge\"}"); break;
    case MOCK_HUGE_REPLY: stream_reply (msg, 100 * 1024 * 1024); break;
    case MOCK_ENDLESS_REPLY: stream_reply (msg, G_MAXUINT64); break;
    case MOCK_SLOW:
    case MOCK_RESET:
      {
        Paused *p = g_new0 (Paused, 1);
        p->mock = mock;
        p->msg = g_object_ref (msg);
        if (fault == MOCK_SLOW)
          respond (msg, 200, "{\"status\":\"success\"}");
        g_signal_connect (msg, "disconnected", G_CALLBACK (paused_gone), p);
        g_signal_connect (msg, "finished", G_CALLBACK (paused_gone), p);
        g_ptr_array_add (mock->pending, msg);
        soup_server_message_pause (msg);
        if (fault == MOCK_SLOW)
          g_timeout_add (mock->slow_ms, unpause_cb, p);
        else
          g_idle_add (reset_cb, p);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
listen_now (MockServer *mock)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, (guint16) mock->port);

  if (!soup_server_listen (mock->server, addr, mock->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    g_error ("mock server cannot listen: %s", error->message);
  if (mock->port == 0)
    {
      GSList *uris = soup_server_get_uris (mock->server);
      mock->port = (guint) g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
}

static MockServer *
mock_server_new_full (const char *token, gboolean validate, GTlsCertificate *cert)
{
  MockServer *mock = g_new0 (MockServer, 1);

  mock->token = g_strdup (token);
  mock->validate = validate;
  mock->retry_after = 1;
  mock->slow_ms = 2500;
  g_queue_init (&mock->faults);
  mock->logs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  mock->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mock->encodings = g_ptr_array_new_with_free_func (g_free);
  mock->sessions = g_ptr_array_new_with_free_func (g_free);
  mock->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  mock->pending = g_ptr_array_new ();
  mock->tls = cert != NULL;
  mock->server = soup_server_new ("server-header", "mock-addEvents", "tls-certificate", cert, NULL);
  soup_server_add_handler (mock->server, NULL, handler, mock, NULL);
  listen_now (mock);
  return mock;
}

MockServer *
mock_server_new (const char *token, gboolean validate)
{
  return mock_server_new_full (token, validate, NULL);
}

MockServer *
mock_server_new_tls (const char *token, const char *pem_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem_file, &error);
  if (cert == NULL)
    g_error ("mock server certificate: %s", error->message);
  return mock_server_new_full (token, TRUE, cert);
}

void
mock_server_free (MockServer *mock)
{
  soup_server_disconnect (mock->server);
  g_object_unref (mock->server);
  /* Let paused-message timers run out. */
  while (mock->pending->len > 0)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_unref (mock->pending);
  g_queue_clear (&mock->faults);
  g_hash_table_unref (mock->seen);
  g_hash_table_unref (mock->logs);
  g_ptr_array_unref (mock->encodings);
  g_ptr_array_unref (mock->sessions);
  g_array_unref (mock->times);
  g_free (mock->token);
  g_free (mock->error);
  g_free (mock);
}

char *
mock_server_get_url (MockServer *mock)
{
  return g_strdup_printf ("%s://127.0.0.1:%u", mock->tls ? "https" : "http", mock->port);
}

void mock_server_push_fault (MockServer *mock, MockFault fault) { g_queue_push_tail (&mock->faults, GINT_TO_POINTER (fault)); }
void mock_server_set_retry_after (MockServer *mock, guint secs) { mock->retry_after = secs; }
void mock_server_set_slow_ms (MockServer *mock, guint ms) { mock->slow_ms = ms; }

void
mock_server_set_parsed_lines (MockServer *mock, gboolean parsed)
{
  mock->parsed_lines = parsed;
}

void
mock_server_set_down (MockServer *mock, gboolean down)
{
  if (down == mock->down)
    return;
  mock->down = down;
  if (down)
    soup_server_disconnect (mock->server);
  else
    listen_now (mock);
}

guint mock_server_get_requests (MockServer *mock) { return mock->requests; }
guint mock_server_get_duplicates (MockServer *mock) { return mock->duplicates; }
guint64 mock_server_get_bytes (MockServer *mock) { return mock->bytes; }
guint64 mock_server_get_raw_bytes (MockServer *mock) { return mock->raw_bytes; }
guint64 mock_server_get_events (MockServer *mock) { return mock->events; }
const char *mock_server_get_error (MockServer *mock) { return mock->error; }
GPtrArray *mock_server_get_log (MockServer *mock, const char *path) { return g_hash_table_lookup (mock->logs, path); }
GPtrArray *mock_server_get_encodings (MockServer *mock) { return mock->encodings; }
GPtrArray *mock_server_get_sessions (MockServer *mock) { return mock->sessions; }
GArray *mock_server_get_times (MockServer *mock) { return mock->times; }

char *
mock_server_get_text (MockServer *mock, const char *path)
{
  GPtrArray *list = g_hash_table_lookup (mock->logs, path);
  GString *s = g_string_new (NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_string_append (s, ((MockEvent *) list->pdata[i])->message);
  return g_string_free (s, FALSE);
}
