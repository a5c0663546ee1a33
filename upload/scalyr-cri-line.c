/* scalyr-cri-line.c: one line of the CRI log format
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-cri-line-private.h"
#include "scalyr-rfc3339-private.h"

#include <string.h>

gboolean
scalyr_parse_cri_line (const char    *line,
                       gsize          len,
                       ScalyrCriLine *out)
{
  /* As Python's line.split(" ", maxsplit=3). */
  const char *end = line + len;
  const char *sp1 = memchr (line, ' ', len);
  if (sp1 == NULL)
    return FALSE;
  const char *stream = sp1 + 1;
  const char *sp2 = memchr (stream, ' ', (gsize) (end - stream));
  if (sp2 == NULL)
    return FALSE;
  const char *tags = sp2 + 1;
  const char *sp3 = memchr (tags, ' ', (gsize) (end - tags));
  const char *tags_end = sp3 != NULL ? sp3 : end;

  if (!scalyr_parse_rfc3339 (line, (gsize) (sp1 - line), &out->ts))
    return FALSE;
  gsize stream_len = (gsize) (sp2 - stream);
  if (stream_len == 6 && memcmp (stream, "stdout", 6) == 0)
    out->is_stderr = FALSE;
  else if (stream_len == 6 && memcmp (stream, "stderr", 6) == 0)
    out->is_stderr = TRUE;
  else
    return FALSE;

  gboolean p = FALSE, f = FALSE;
  for (const char *t = tags; t <= tags_end;)
    {
      const char *colon = memchr (t, ':', (gsize) (tags_end - t));
      const char *te = colon != NULL ? colon : tags_end;
      if (te - t == 1 && *t == 'P')
        p = TRUE;
      else if (te - t == 1 && *t == 'F')
        f = TRUE;
      t = te + 1;
    }
  if (!p && !f)
    return FALSE;
  out->partial = !f;
  out->message = sp3 != NULL ? sp3 + 1 : end;
  out->message_len = (gsize) (end - out->message);
  return TRUE;
}
