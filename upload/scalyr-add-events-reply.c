/* scalyr-add-events-reply.c: what an answer of addEvents means
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-add-events-reply-private.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

void
scalyr_add_events_reply_free (ScalyrAddEventsReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->status);
  g_free (reply->message);
  g_free (reply);
}

/* Retry-After: seconds, or an HTTP date. */
static double
parse_retry_after (const char *v)
{
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

/* A string member, or %NULL (absent, or of another type: a server's
 * answer is not trusted to have the types it should). */
static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

const char *
scalyr_request_kind_to_string (ScalyrRequestKind kind)
{
  static const char * const names[SCALYR_REQUEST_N_KINDS] = {
    "success", "network_error", "server_error", "client_error", "throttled", "too_large",
  };

  g_return_val_if_fail (kind < SCALYR_REQUEST_N_KINDS, "server_error");
  return names[kind];
}

/* The server's status decides when it has one of Scalyr's classes
 * ("error/client/…", "error/server/…"), else the HTTP status; a 2xx answer
 * that is neither success nor a known error (not JSON, no status, an
 * answer too large) is the server's fault. */
ScalyrRequestKind
scalyr_add_events_reply_get_kind (const ScalyrAddEventsReply *r)
{
  const char *status = r->status != NULL ? r->status : "";

  switch (r->outcome)
    {
    case SCALYR_ADD_EVENTS_SUCCESS:
      return SCALYR_REQUEST_SUCCESS;
    case SCALYR_ADD_EVENTS_TOO_LARGE:
      return SCALYR_REQUEST_TOO_LARGE;
    case SCALYR_ADD_EVENTS_NO_ANSWER:
      return SCALYR_REQUEST_NETWORK_ERROR;
    case SCALYR_ADD_EVENTS_NOT_JSON:
      return SCALYR_REQUEST_SERVER_ERROR;
    case SCALYR_ADD_EVENTS_DISCARDED:
    case SCALYR_ADD_EVENTS_ERROR:
    default:
      break;
    }
  if (r->http_status == 429 || g_str_equal (status, "serverTooBusy")
      || g_str_has_prefix (status, "error/server/backoff"))
    return SCALYR_REQUEST_THROTTLED;
  if (g_str_has_prefix (status, "error/client"))
    return SCALYR_REQUEST_CLIENT_ERROR;
  if (g_str_has_prefix (status, "error/server"))
    return SCALYR_REQUEST_SERVER_ERROR;
  if (r->http_status >= 400 && r->http_status < 500)
    return SCALYR_REQUEST_CLIENT_ERROR;
  return SCALYR_REQUEST_SERVER_ERROR;
}

ScalyrAddEventsReply *
scalyr_add_events_reply_failed (ScalyrAddEventsOutcome outcome,
                                const char            *status,
                                const char            *message,
                                gsize                  compressed)
{
  ScalyrAddEventsReply *r = g_new0 (ScalyrAddEventsReply, 1);

  r->outcome = outcome;
  r->compressed = compressed;
  r->status = g_strdup (status);
  r->message = g_strdup (message);
  return r;
}

ScalyrAddEventsReply *
scalyr_add_events_reply_classify (guint       code,
                                  const char *retry_after,
                                  const char *text,
                                  gsize       len,
                                  gsize       compressed)
{
  ScalyrAddEventsReply *r = g_new0 (ScalyrAddEventsReply, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *status = NULL;
  const char *message = NULL;

  r->compressed = compressed;
  if (text == NULL)
    len = 0;
  /* (A blank document parses, to no root.) */
  gboolean is_json = len > 0 && json_parser_load_from_data (parser, text, (gssize) len, NULL)
                     && json_parser_get_root (parser) != NULL
                     && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
  if (is_json)
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      status = member_string (o, "status");
      message = member_string (o, "message");
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
      r->message = g_utf8_make_valid (len > 0 ? text : "", (gssize) MIN (len, 200));
    }
  else
    {
      r->outcome = SCALYR_ADD_EVENTS_ERROR;
      r->status = g_strdup (status != NULL ? status
                            : code == 429 ? "serverTooBusy"
                            : len == 0 ? "emptyResponse" : "unknownError");
      if (code == 429 || code == 503)
        r->retry_after = parse_retry_after (retry_after);
    }
  if (r->status == NULL)
    r->status = g_strdup (status);
  return r;
}
