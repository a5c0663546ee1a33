/* test-upload-telemetry.c: the uploader's figures of the status (issue 16):
 * requests by outcome, bytes before and after compression, back-off time,
 * and per log the bytes read and the rotations, against the real loopback
 * addEvents server of the upload tests
 * SPDX-License-Identifier: Apache-2.0 */
#include "upload-test-fixture.h"
#include "scalyr-add-events-reply-private.h"

#include <glib/gstdio.h>

typedef struct {
  ScalyrUploader *up;
  MockServer     *mock;
  guint           base;   /* the server's requests before this uploader */
} Quiet;

static gint64
requests_total (JsonObject *status)
{
  JsonObject *req = json_object_get_object_member (status, "requests");
  gint64 n = 0;

  for (guint k = 0; k < SCALYR_REQUEST_N_KINDS; k++)
    n += json_object_get_int_member (req, scalyr_request_kind_to_string (k));
  return n;
}

/* Every request the server saw is answered and counted by the uploader:
 * no request in flight. */
static gboolean
quiet (gpointer data)
{
  Quiet *q = data;
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (q->up);

  return requests_total (json_node_get_object (status)) == mock_server_get_requests (q->mock) - q->base;
}

/* ... and a request succeeded */
static gboolean
quiet_after_success (gpointer data)
{
  Quiet *q = data;
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (q->up);
  JsonObject *req = json_object_get_object_member (json_node_get_object (status), "requests");

  return json_object_get_int_member (req, "success") > 0 && quiet (data);
}

static gint64
kind (JsonObject *status,
      const char *name)
{
  return json_object_get_int_member (json_object_get_object_member (status, "requests"), name);
}

/* One request of each outcome, in an order that keeps the back-off
 * growing (a discardBuffer resets it, as a success does). */
static void
test_outcomes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "outcomes.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "compression", SCALYR_COMPRESSION_DEFLATE, NULL);
  const MockFault faults[] = { MOCK_RESET, MOCK_HTTP_503, MOCK_BAD_PARAM, MOCK_429, MOCK_BACKOFF,
                               MOCK_TOO_LARGE, MOCK_NON_JSON, MOCK_HTTP_500, MOCK_DISCARD };
  Quiet q = { NULL, f->mock, 0 };
  gint64 start = g_get_monotonic_time ();
  double backoff;
  JsonObject *s;

  (void) data;
  append (p, "");
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    mock_server_push_fault (f->mock, faults[i]);
  g_assert_true (scalyr_uploader_start (up, &error));
  append (p, "a line sent until it is taken\n");
  q.up = up;
  run_until (quiet_after_success, &q, 15);

  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  s = json_node_get_object (status);
  g_assert_cmpint (kind (s, "network_error"), ==, 1);      /* the connection closed without an answer */
  g_assert_cmpint (kind (s, "server_error"), ==, 3);       /* 503, 200 not JSON, 500 error/server */
  g_assert_cmpint (kind (s, "client_error"), ==, 2);       /* 401 badParam, discardBuffer */
  g_assert_cmpint (kind (s, "throttled"), ==, 2);          /* 429, error/server/backoff */
  g_assert_cmpint (kind (s, "too_large"), ==, 1);
  g_assert_cmpint (kind (s, "success"), >=, 1);
  /* each request once: the server's count, the uploader's own two */
  g_assert_cmpint (requests_total (s), ==, mock_server_get_requests (f->mock));
  g_assert_cmpint (requests_total (s), ==, json_object_get_int_member (s, "requests_ok")
                                           + json_object_get_int_member (s, "requests_failed"));
  /* every body sent, resent ones again: what the server received */
  g_assert_cmpint (json_object_get_int_member (s, "bytes_compressed"), ==, (gint64) mock_server_get_bytes (f->mock));
  /* the back-off of eight failures in a row (0.05, 0.1 then 0.2 s, each
   * at least 75 % of it with the jitter), and no more than the test took */
  backoff = json_object_get_double_member (s, "backoff_seconds");
  g_assert_cmpfloat (backoff, >=, 0.75 * (0.05 + 0.1 + 6 * 0.2));
  g_assert_cmpfloat (backoff, <=, (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  scalyr_uploader_stop (up);
}

/* deflate: fewer bytes on the wire than in the bodies, both as the server
 * counts them; none: the same. bytes_read: the bytes of the file taken. */
static void
test_bytes (Fixture *f, gconstpointer data)
{
  const ScalyrCompression compressions[] = { SCALYR_COMPRESSION_DEFLATE, SCALYR_COMPRESSION_NONE };

  (void) data;
  for (guint c = 0; c < G_N_ELEMENTS (compressions); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("bytes-%u.log", c);
      g_autofree char *p = path_in (f, name);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(ScalyrUploader) up = new_uploader (f, "compression", compressions[c], NULL);
      guint64 sent0 = mock_server_get_bytes (f->mock), raw0 = mock_server_get_raw_bytes (f->mock);
      Quiet q = { up, f->mock, mock_server_get_requests (f->mock) };
      JsonObject *s, *log;

      for (int i = 0; i < 200; i++)
        g_string_append_printf (text, "line %d of a log that compresses well, well, well\n", i);
      append (p, text->str);
      g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, TRUE, &error));
      g_assert_true (scalyr_uploader_start (up, &error));
      wait_text (f, p, text->str, 10);
      wait_acked (up);
      run_until (quiet, &q, 5);

      g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
      s = json_node_get_object (status);
      g_assert_cmpint (json_object_get_int_member (s, "bytes_compressed"), ==,
                       (gint64) (mock_server_get_bytes (f->mock) - sent0));
      g_assert_cmpint (json_object_get_int_member (s, "bytes_uncompressed"), ==,
                       (gint64) (mock_server_get_raw_bytes (f->mock) - raw0));
      g_assert_cmpint (json_object_get_int_member (s, "bytes_uncompressed"), >, (gint64) text->len);
      if (compressions[c] == SCALYR_COMPRESSION_NONE)
        g_assert_cmpint (json_object_get_int_member (s, "bytes_compressed"), ==,
                         json_object_get_int_member (s, "bytes_uncompressed"));
      else
        g_assert_cmpint (json_object_get_int_member (s, "bytes_compressed"), <,
                         json_object_get_int_member (s, "bytes_uncompressed") / 2);
      g_assert_cmpint (kind (s, "success"), ==, requests_total (s));
      g_assert_cmpfloat (json_object_get_double_member (s, "backoff_seconds"), ==, 0);
      log = json_array_get_object_element (json_object_get_array_member (s, "logs"), 0);
      g_assert_cmpint (json_object_get_int_member (log, "bytes_read"), ==, (gint64) text->len);
      g_assert_cmpint (json_object_get_int_member (log, "rotations"), ==, 0);
      scalyr_uploader_stop (up);
    }
}

/* A file renamed away and created again: one rotation; the bytes read are
 * those of both files, all acknowledged. */
static void
test_rotation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "rot.log");
  g_autofree char *p1 = path_in (f, "rot.log.1");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  const char *first = "before the rotation\n", *second = "after the rotation, a longer line\n";
  JsonObject *log;

  (void) data;
  append (p, "");
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.1);
  append (p, first);
  wait_text (f, p, first, 5);
  g_assert_cmpint (g_rename (p, p1), ==, 0);
  append (p, second);
  g_autofree char *both = g_strconcat (first, second, NULL);
  wait_text (f, p, both, 10);
  wait_acked (up);

  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  log = json_array_get_object_element (json_object_get_array_member (json_node_get_object (status), "logs"), 0);
  g_assert_cmpint (json_object_get_int_member (log, "rotations"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (log, "bytes_read"), ==, (gint64) strlen (both));
  scalyr_uploader_stop (up);
}

/* Every outcome of the reply, exactly one kind. */
static void
test_kinds (void)
{
  const struct {
    guint code;
    const char *body;
    ScalyrRequestKind kind;
  } cases[] = {
    { 200, "{\"status\":\"success\"}", SCALYR_REQUEST_SUCCESS },
    { 200, "{\"status\":\"error/client/discardBuffer\"}", SCALYR_REQUEST_CLIENT_ERROR },
    { 200, "{\"status\":\"error/client/requestTooLarge\"}", SCALYR_REQUEST_TOO_LARGE },
    { 413, "{\"status\":\"error/client/requestTooLarge\"}", SCALYR_REQUEST_TOO_LARGE },
    { 200, "<html>", SCALYR_REQUEST_SERVER_ERROR },
    { 200, "", SCALYR_REQUEST_SERVER_ERROR },
    { 200, "{}", SCALYR_REQUEST_SERVER_ERROR },
    { 200, "{\"status\":\"error/server/backoff\"}", SCALYR_REQUEST_THROTTLED },
    { 200, "{\"status\":\"error/client/badParam\"}", SCALYR_REQUEST_CLIENT_ERROR },
    { 401, "{\"status\":\"error/client/badParam\"}", SCALYR_REQUEST_CLIENT_ERROR },
    { 400, "", SCALYR_REQUEST_CLIENT_ERROR },
    { 404, "<html>", SCALYR_REQUEST_CLIENT_ERROR },
    { 429, "", SCALYR_REQUEST_THROTTLED },
    { 429, "{\"status\":\"error/client/tooMany\"}", SCALYR_REQUEST_THROTTLED },
    { 500, "{\"status\":\"error/server\"}", SCALYR_REQUEST_SERVER_ERROR },
    { 500, "{\"status\":\"success\"}", SCALYR_REQUEST_SERVER_ERROR },
    { 502, "<html>", SCALYR_REQUEST_SERVER_ERROR },
    { 503, "", SCALYR_REQUEST_SERVER_ERROR },
    { 302, "", SCALYR_REQUEST_SERVER_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScalyrAddEventsReply) r =
        scalyr_add_events_reply_classify (cases[i].code, NULL, cases[i].body, strlen (cases[i].body), 10);
      g_test_message ("%u %s", cases[i].code, cases[i].body);
      g_assert_cmpint (scalyr_add_events_reply_get_kind (r), ==, cases[i].kind);
    }
  {
    g_autoptr(ScalyrAddEventsReply) r =
      scalyr_add_events_reply_failed (SCALYR_ADD_EVENTS_NO_ANSWER, "requestFailed", "refused", 10);
    g_assert_cmpint (scalyr_add_events_reply_get_kind (r), ==, SCALYR_REQUEST_NETWORK_ERROR);
  }
  {
    g_autoptr(ScalyrAddEventsReply) r =
      scalyr_add_events_reply_failed (SCALYR_ADD_EVENTS_ERROR, "responseTooLarge", "big", 10);
    r->http_status = 200;
    g_assert_cmpint (scalyr_add_events_reply_get_kind (r), ==, SCALYR_REQUEST_SERVER_ERROR);
  }
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_SUCCESS), ==, "success");
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_NETWORK_ERROR), ==, "network_error");
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_SERVER_ERROR), ==, "server_error");
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_CLIENT_ERROR), ==, "client_error");
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_THROTTLED), ==, "throttled");
  g_assert_cmpstr (scalyr_request_kind_to_string (SCALYR_REQUEST_TOO_LARGE), ==, "too_large");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload/telemetry/kinds", test_kinds);
  g_test_add ("/upload/telemetry/outcomes", Fixture, NULL, fixture_setup, test_outcomes, fixture_teardown);
  g_test_add ("/upload/telemetry/bytes", Fixture, NULL, fixture_setup, test_bytes, fixture_teardown);
  g_test_add ("/upload/telemetry/rotation", Fixture, NULL, fixture_setup, test_rotation, fixture_teardown);
  return g_test_run ();
}
