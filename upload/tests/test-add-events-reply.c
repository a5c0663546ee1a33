/* test-add-events-reply.c: the answers of addEvents: what they mean, and
 * that no more than SCALYR_ADD_EVENTS_MAX_REPLY bytes of one are read
 * (against a real server on 127.0.0.1 streaming a huge or endless answer)
 * SPDX-License-Identifier: Apache-2.0 */
#include "upload-test-fixture.h"
#include "scalyr-add-events-reply-private.h"

#include <string.h>

static void
check_classify (guint code, const char *retry_after, const char *body,
                ScalyrAddEventsOutcome outcome, const char *status, const char *message)
{
  g_autoptr(ScalyrAddEventsReply) r = scalyr_add_events_reply_classify (code, retry_after, body,
                                                                        body != NULL ? strlen (body) : 0, 7);
  g_assert_cmpint (r->outcome, ==, outcome);
  g_assert_cmpstr (r->status, ==, status);
  g_assert_cmpstr (r->message, ==, message);
  g_assert_cmpuint (r->http_status, ==, code);
  g_assert_cmpuint (r->compressed, ==, 7);
}

static void
test_classify (void)
{
  check_classify (200, NULL, "{\"status\":\"success\"}", SCALYR_ADD_EVENTS_SUCCESS, "success", NULL);
  check_classify (500, NULL, "{\"status\":\"success\"}", SCALYR_ADD_EVENTS_ERROR, "success", NULL);
  check_classify (200, NULL, "{\"status\":\"error/client/discardBuffer\",\"message\":\"m\"}",
                  SCALYR_ADD_EVENTS_DISCARDED, "error/client/discardBuffer", "m");
  check_classify (413, NULL, "{\"status\":\"error/client/requestTooLarge\"}", SCALYR_ADD_EVENTS_TOO_LARGE,
                  "error/client/requestTooLarge", NULL);
  check_classify (200, NULL, "<html>oops</html>", SCALYR_ADD_EVENTS_NOT_JSON, "parseResponseFailed",
                  "<html>oops</html>");
  check_classify (200, NULL, "[1]", SCALYR_ADD_EVENTS_NOT_JSON, "parseResponseFailed", "[1]");
  check_classify (503, NULL, "", SCALYR_ADD_EVENTS_ERROR, "emptyResponse", NULL);
  check_classify (404, NULL, "nope", SCALYR_ADD_EVENTS_ERROR, "unknownError", NULL);
  {
    g_autoptr(ScalyrAddEventsReply) r = scalyr_add_events_reply_classify (429, "12", NULL, 0, 0);
    g_assert_cmpint (r->outcome, ==, SCALYR_ADD_EVENTS_ERROR);
    g_assert_cmpstr (r->status, ==, "serverTooBusy");
    g_assert_cmpfloat (r->retry_after, ==, 12);
  }
  {
    g_autoptr(ScalyrAddEventsReply) r = scalyr_add_events_reply_classify (503, "Wed, 21 Oct 2015 07:28:00 GMT",
                                                                          "{}", 2, 0);
    g_assert_cmpfloat (r->retry_after, ==, 0);   /* in the past */
  }
  {
    /* Not NUL-terminated, invalid UTF-8: an excerpt of at most 200 bytes, valid. */
    g_autofree char *body = g_strnfill (300, '\xff');
    g_autoptr(ScalyrAddEventsReply) r = scalyr_add_events_reply_classify (200, NULL, body, 300, 0);
    g_assert_cmpint (r->outcome, ==, SCALYR_ADD_EVENTS_NOT_JSON);
    g_assert_true (g_utf8_validate (r->message, -1, NULL));
  }
}

/* The peak resident memory of the process, bytes. */
static guint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  const char *p = strstr (status, "VmHWM:");
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + 6, NULL, 10) * 1024;
}

/* The first answer is huge (@fault); it is not read past the limit: an
 * error, the request sent again, each line arrives once; the memory of the
 * process does not grow by the answer. */
static void
run_big_reply (Fixture *f, MockFault fault)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "r.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "request-timeout", 5u, NULL);
  guint64 before = peak_rss ();

  append (p, "");
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  mock_server_push_fault (f->mock, fault);
  g_assert_true (scalyr_uploader_start (up, &error));
  append (p, "line one\nline two\n");
  wait_text (f, p, "line one\nline two\n", 20);
  wait_acked (up);
  scalyr_uploader_stop (up);
  g_assert_cmpuint (mock_server_get_requests (f->mock), >=, 2);
  g_autofree char *expected = g_strdup_printf ("addEvents failed (HTTP 200, responseTooLarge): the answer (HTTP 200) is larger than %u bytes; "
                                               "the request is sent again", SCALYR_ADD_EVENTS_MAX_REPLY);
  g_assert_nonnull (strstr (f->sink->data->str, expected));
  /* (The kernel's counters are approximate: the peak may even seem lower.) */
  gint64 growth = (gint64) peak_rss () - (gint64) before;
  g_test_message ("peak resident memory grew by %" G_GINT64_FORMAT " bytes", growth);
  g_assert_cmpint (growth, <, 16 * 1024 * 1024);
}

static void
test_huge_reply (Fixture *f, gconstpointer data)
{
  (void) data;
  run_big_reply (f, MOCK_HUGE_REPLY);
}

static void
test_endless_reply (Fixture *f, gconstpointer data)
{
  (void) data;
  run_big_reply (f, MOCK_ENDLESS_REPLY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload/reply/classify", test_classify);
  g_test_add ("/upload/reply/huge-100mb", Fixture, NULL, fixture_setup, test_huge_reply, fixture_teardown);
  g_test_add ("/upload/reply/endless", Fixture, NULL, fixture_setup, test_endless_reply, fixture_teardown);
  return g_test_run ();
}
