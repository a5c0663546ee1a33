/* mock-addevents.h: an addEvents server on 127.0.0.1 for tests and benchmarks
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  MOCK_OK,             /* 200 {"status":"success"} */
  MOCK_HTTP_500,       /* 500 {"status":"error/server"} */
  MOCK_HTTP_500_SUCCESS, /* 500 with a success body: a failure for us */
  MOCK_429,            /* 429, Retry-After: retry_after, empty body */
  MOCK_BACKOFF,        /* 200 {"status":"error/server/backoff"} */
  MOCK_NON_JSON,       /* 200 <html> */
  MOCK_SLOW,           /* accepted, answered after slow_ms (past the client timeout) */
  MOCK_RESET,          /* connection reset without an answer */
  MOCK_DISCARD,        /* 200 {"status":"error/client/discardBuffer"} */
  MOCK_TOO_LARGE,      /* 200 {"status":"error/client/requestTooLarge"} */
  MOCK_HUGE_REPLY,     /* 200, a 100 MB chunked answer (events not recorded) */
  MOCK_ENDLESS_REPLY,  /* 200, a chunked answer that never ends (events not recorded) */
  MOCK_HTTP_503,       /* 503, empty body */
  MOCK_BAD_PARAM,      /* 401 {"status":"error/client/badParam"}: a wrong API key */
} MockFault;

typedef struct {
  char    *si;
  guint64  sn;
  char    *log_path;
  char    *message;
  char    *parser;
  JsonObject *attrs;
  char    *ts;
} MockEvent;

typedef struct _MockServer MockServer;

MockServer *mock_server_new            (const char *token, gboolean validate);
/* Over TLS with the certificate and key of @pem_file: URL https://127.0.0.1:port */
MockServer *mock_server_new_tls        (const char *token, const char *pem_file);
void        mock_server_free           (MockServer *mock);
char       *mock_server_get_url        (MockServer *mock);
void        mock_server_push_fault     (MockServer *mock, MockFault fault);
void        mock_server_set_retry_after (MockServer *mock, guint secs);
void        mock_server_set_slow_ms    (MockServer *mock, guint ms);
void        mock_server_set_down       (MockServer *mock, gboolean down);
/* Events of parse_format json/cri: their ts need not increase, their attrs
 * need not repeat the log's (those with parsed attributes do not). */
void        mock_server_set_parsed_lines (MockServer *mock, gboolean parsed);

/* Counters and records. */
guint       mock_server_get_requests   (MockServer *mock);
guint       mock_server_get_duplicates (MockServer *mock);
guint64     mock_server_get_bytes      (MockServer *mock);   /* compressed */
guint64     mock_server_get_raw_bytes  (MockServer *mock);   /* decompressed */
guint64     mock_server_get_events     (MockServer *mock);
const char *mock_server_get_error      (MockServer *mock);   /* first validation error */
GPtrArray  *mock_server_get_log        (MockServer *mock, const char *path); /* MockEvent, deduplicated */
char       *mock_server_get_text       (MockServer *mock, const char *path); /* messages joined */
GPtrArray  *mock_server_get_encodings  (MockServer *mock);   /* char*, per request */
GPtrArray  *mock_server_get_sessions   (MockServer *mock);   /* char*, per request */
GArray     *mock_server_get_times      (MockServer *mock);   /* gint64 monotonic us, per request */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MockServer, mock_server_free)

G_END_DECLS
