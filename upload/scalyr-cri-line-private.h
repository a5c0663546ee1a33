/* scalyr-cri-line-private.h: one line of the CRI log format
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One CRI line `<RFC 3339 time> <stdout|stderr> <tags> [<message>]`. */
typedef struct {
  gint64      ts;
  gboolean    is_stderr;
  gboolean    partial;     /* tags hold P and not F */
  const char *message;     /* into the line, its terminator included */
  gsize       message_len;
} ScalyrCriLine;

/* Parses @line (@len bytes, its `\n` included) as the reference's
 * CRILogLine.from_raw_line(): FALSE when it is not a CRI line. */
gboolean scalyr_parse_cri_line (const char    *line,
                                gsize          len,
                                ScalyrCriLine *out);

G_END_DECLS
