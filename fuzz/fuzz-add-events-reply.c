/* fuzz-add-events-reply.c: libFuzzer target for the meaning of an
 * addEvents answer
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input: two bytes of HTTP status (100-599), one flag byte, then, when
 * the flag's low bit is set, a Retry-After header up to the first newline,
 * and the body (at most SCALYR_ADD_EVENTS_MAX_REPLY bytes, as the client
 * reads). Checks the contract of scalyr_add_events_reply_classify(): a
 * known outcome, a status, valid UTF-8 text, a finite non-negative
 * Retry-After given only for 429 and 503, success only for 2xx. Memory
 * errors and leaks are left to the sanitizers.
 */
#include <math.h>
#include <string.h>

#include "scalyr-add-events-reply-private.h"
#include "fuzz-common.h"


int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size < 3)
    return 0;
  guint code = 100 + (((guint) data[0] << 8) | data[1]) % 500;
  gboolean with_retry_after = (data[2] & 1) != 0;
  const char *rest = (const char *) data + 3;
  gsize len = size - 3;
  g_autofree char *retry_after = NULL;

  if (with_retry_after)
    {
      const char *nl = memchr (rest, '\n', len);
      gsize hlen = nl != NULL ? (gsize) (nl - rest) : len;
      retry_after = g_strndup (rest, hlen);
      rest += hlen + (nl != NULL);
      len -= hlen + (nl != NULL);
    }
  if (len > SCALYR_ADD_EVENTS_MAX_REPLY)
    return 0;
  /* The body is not NUL-terminated: a copy of exactly its bytes. */
  g_autofree char *body = len > 0 ? g_memdup2 (rest, len) : NULL;

  ScalyrAddEventsReply *r = scalyr_add_events_reply_classify (code, retry_after, body, len, 42);
  if (r->outcome > SCALYR_ADD_EVENTS_ERROR || r->status == NULL || r->compressed != 42
      || r->http_status != code)
    abort ();
  if (!g_utf8_validate (r->status, -1, NULL) && r->outcome == SCALYR_ADD_EVENTS_NOT_JSON)
    abort ();
  if (r->outcome == SCALYR_ADD_EVENTS_NOT_JSON
      && (r->message == NULL || !g_utf8_validate (r->message, -1, NULL) || strlen (r->message) > 200 * 3))
    abort ();
  if ((r->outcome == SCALYR_ADD_EVENTS_SUCCESS || r->outcome == SCALYR_ADD_EVENTS_DISCARDED
       || r->outcome == SCALYR_ADD_EVENTS_NOT_JSON) && (code < 200 || code >= 300))
    abort ();
  if (!isfinite (r->retry_after) || r->retry_after < 0 || (r->retry_after > 0 && code != 429 && code != 503))
    abort ();
  scalyr_add_events_reply_free (r);
  return 0;
}
