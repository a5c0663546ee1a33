/* scalyr-parse-format-private.h: parse_format json/cri of a logs entry (private)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>
#include "scalyr-cri-line-private.h"
#include "scalyr-rfc3339-private.h"

G_BEGIN_DECLS

typedef enum {
  SCALYR_PARSE_RAW,
  SCALYR_PARSE_JSON,
  SCALYR_PARSE_CRI,
} ScalyrParseKind;

/* The parse_format options of one logs entry. */
typedef struct {
  ScalyrParseKind kind;
  char           *message_field;     /* json_message_field, default "log" */
  char           *timestamp_field;   /* json_timestamp_field, default "time" */
} ScalyrParseFormat;

/* Reads `parse_format`, `parse_lines_as_json`, `json_message_field` and
 * `json_timestamp_field` of a logs entry. Returns %NULL without an error
 * for raw lines (the default); %NULL with @error set
 * (SCALYR_UPLOAD_ERROR_BAD_CONFIG, naming the field and the fix, without
 * the entry) when one is invalid. */
ScalyrParseFormat *scalyr_parse_format_new  (JsonObject  *entry,
                                             GError     **error);
void               scalyr_parse_format_free (ScalyrParseFormat *format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrParseFormat, scalyr_parse_format_free)

/* One event made of parsed lines. */
typedef struct {
  gsize       end;           /* offset after its last line, from the group start */
  gsize       raw_len;       /* bytes of its lines */
  const char *message;
  gsize       message_len;
  gboolean    has_ts;
  gint64      ts;            /* nanoseconds, when has_ts */
  /* Members of its own attrs, each followed by a comma (may be empty: only
   * message), or %NULL: the log's attributes. */
  const char *attrs;
  gsize       attrs_len;
  gboolean    unparsed;      /* sent as read: not JSON / not CRI */
  /* private */
  gssize      message_off;
  gssize      attrs_off;
} ScalyrParsedEvent;

/* The parsing state of one log file: not thread-safe, it holds the events
 * of the last group and their buffers. */
typedef struct _ScalyrLineParser ScalyrLineParser;

/* @log_attrs_json: the log's attribute members, each followed by a comma
 * (an event whose parsed attributes all equal the log's sends only its
 * message, as the reference). */
ScalyrLineParser *scalyr_line_parser_new  (const ScalyrParseFormat *format,
                                           const char              *log_attrs_json);
void              scalyr_line_parser_free (ScalyrLineParser *parser);

typedef enum {
  SCALYR_PARSE_WAIT,        /* a group not complete in the buffer: nothing */
  SCALYR_PARSE_FLUSH_LINES, /* the buffer is full: end the group at its last complete line */
  SCALYR_PARSE_FLUSH_ALL,   /* waited long enough: as FLUSH_LINES, or the last line
                             * without its \n when there is no other */
} ScalyrParseMode;

/* Parses the group of lines at @buf (@len bytes from a line start): one
 * line for json; for cri the lines up to the point where no stream has a
 * partial (P) message left (a stream's message also ends when it reaches
 * @max_line bytes). Returns the bytes of the group with its events
 * (scalyr_line_parser_get_events(), in the order of their ends), or 0 when
 * it is not complete (%SCALYR_PARSE_WAIT; with a flush mode, only when
 * @len is 0). A flush of a buffer without any complete line gives an
 * unparsed fragment of @max_line bytes. */
gsize scalyr_line_parser_parse (ScalyrLineParser *parser,
                                const char       *buf,
                                gsize             len,
                                ScalyrParseMode   mode,
                                gsize             max_line);

GArray *scalyr_line_parser_get_events (ScalyrLineParser *parser);

/* Lines sent unparsed since the last call, and the reason of the last one. */
guint scalyr_line_parser_take_unparsed (ScalyrLineParser *parser,
                                        const char      **reason);

G_END_DECLS
