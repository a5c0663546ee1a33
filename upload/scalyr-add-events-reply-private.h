/* scalyr-add-events-reply-private.h: what an answer of addEvents means
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most bytes of an answer read: addEvents answers are tiny; a larger
 * one is an error (responseTooLarge) and the request is sent again. */
#define SCALYR_ADD_EVENTS_MAX_REPLY 65536

/* What an answer (or its absence) means for the request. */
typedef enum {
  SCALYR_ADD_EVENTS_SUCCESS,     /* 2xx, status success: acknowledged */
  SCALYR_ADD_EVENTS_DISCARDED,   /* 2xx, status discardBuffer: dropped as asked */
  SCALYR_ADD_EVENTS_TOO_LARGE,   /* requestTooLarge: build a smaller one */
  SCALYR_ADD_EVENTS_NOT_JSON,    /* 2xx, not a JSON object: build it again */
  SCALYR_ADD_EVENTS_NO_ANSWER,   /* requestFailed: send it again */
  SCALYR_ADD_EVENTS_ERROR,       /* another answer: send it again */
} ScalyrAddEventsOutcome;

typedef struct {
  ScalyrAddEventsOutcome outcome;
  guint   http_status;
  char   *status;       /* the server's status, or requestFailed, parseResponseFailed,
                         * serverTooBusy, emptyResponse, unknownError */
  char   *message;      /* the server's message, the transport error, an excerpt
                         * of an answer that is not JSON; may be NULL */
  double  retry_after;  /* Retry-After of a 429 or 503, seconds; 0 none */
  gsize   compressed;   /* the size of the payload sent */
} ScalyrAddEventsReply;

/* The outcome of a request as the status counts it (`requests` of
 * scalyr_uploader_get_status()): each answer, or its absence, is exactly
 * one of these. */
typedef enum {
  SCALYR_REQUEST_SUCCESS,        /* acknowledged */
  SCALYR_REQUEST_NETWORK_ERROR,  /* no HTTP answer: connection, TLS, timeout */
  SCALYR_REQUEST_SERVER_ERROR,   /* 5xx, error/server…, an answer not understood */
  SCALYR_REQUEST_CLIENT_ERROR,   /* 4xx, error/client… (badParam, discardBuffer) */
  SCALYR_REQUEST_THROTTLED,      /* 429, serverTooBusy, error/server/backoff */
  SCALYR_REQUEST_TOO_LARGE,      /* requestTooLarge: built again smaller */
  SCALYR_REQUEST_N_KINDS
} ScalyrRequestKind;

ScalyrRequestKind scalyr_add_events_reply_get_kind  (const ScalyrAddEventsReply *reply);
/* Its member name in `requests`: "success", "network_error"… */
const char       *scalyr_request_kind_to_string     (ScalyrRequestKind           kind);

void scalyr_add_events_reply_free (ScalyrAddEventsReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrAddEventsReply, scalyr_add_events_reply_free)

/* What an answer means: @http_status, its Retry-After header (or %NULL)
 * and its body of @len bytes (at most SCALYR_ADD_EVENTS_MAX_REPLY; any
 * bytes, not NUL-terminated), to a request of @compressed bytes. */
ScalyrAddEventsReply *scalyr_add_events_reply_classify (guint       http_status,
                                                        const char *retry_after,
                                                        const char *body,
                                                        gsize       len,
                                                        gsize       compressed);
/* No usable answer: an error with @status and @message, sent again. */
ScalyrAddEventsReply *scalyr_add_events_reply_failed   (ScalyrAddEventsOutcome outcome,
                                                        const char            *status,
                                                        const char            *message,
                                                        gsize                  compressed);

G_END_DECLS
