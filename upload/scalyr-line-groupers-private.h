/* scalyr-line-groupers-private.h: lineGroupers of a logs entry (private)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The compiled `lineGroupers` of one `logs` entry: multi-line events, as
 * the reference's LineMatcherCollection (scalyr_agent/line_matcher.py).
 * Not thread-safe (a scratch buffer). */
typedef struct _ScalyrLineGroupers ScalyrLineGroupers;

/* Compiles a `lineGroupers` member (%NULL or JSON null: none). Returns
 * %NULL without an error when there is no grouper; %NULL with @error set
 * (SCALYR_UPLOAD_ERROR_BAD_CONFIG, a message naming the field, the grouper
 * index and the fix, without the entry) when one is invalid. */
ScalyrLineGroupers *scalyr_line_groupers_new  (JsonNode  *line_groupers,
                                               GError   **error);
void                scalyr_line_groupers_free (ScalyrLineGroupers *groupers);

typedef enum {
  SCALYR_GROUP_NONE,        /* no grouper takes the line: it goes alone */
  SCALYR_GROUP_COMPLETE,    /* a group of *len bytes */
  SCALYR_GROUP_INCOMPLETE,  /* the group needs more input; *len bytes go
                             * as it is once line_completion_wait is over */
} ScalyrGroupScan;

/* Looks for a group at @buf, whose @avail bytes are all that is known of
 * the file from there and whose first line
 * (terminator included) is @first_len bytes; @at_eof when nothing follows
 * them in the file yet (else more is to be read: a line cut by the end of
 * @buf is not tested). A group is at most @max bytes:
 * as the reference, when the next line would reach it the group is cut at
 * @max bytes (the rest of that line then goes as a line of its own). */
ScalyrGroupScan scalyr_line_groupers_scan (ScalyrLineGroupers *groupers,
                                           const char         *buf,
                                           gsize               avail,
                                           gsize               first_len,
                                           gsize               max,
                                           gboolean            at_eof,
                                           gsize              *len);

G_END_DECLS
