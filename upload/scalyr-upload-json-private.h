/* scalyr-upload-json-private.h: JSON text written by hand for requests,
 * and JSON kinds named in error messages
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "a string", "an array", "null"… (NULL: "missing"), for error messages. */
const char *scalyr_upload_json_kind      (JsonNode *node);
/* Whether @node (may be NULL) is a JSON string. */
gboolean    scalyr_upload_json_is_string (JsonNode *node);

/* Appends @data as a JSON string (with quotes); invalid UTF-8 bytes become
 * U+FFFD. Returns the number of replaced bytes. */
gsize scalyr_upload_json_escape (GString    *out,
                                 const char *data,
                                 gsize       len);

/* The most bytes the JSON string of @len bytes takes: \u00XX per byte,
 * and the quotes. */
#define SCALYR_JSON_ESCAPE_MAX(len) (6 * (gsize) (len) + 2)

/* The same written at @dest, which has room for
 * SCALYR_JSON_ESCAPE_MAX(@len) bytes: returns the bytes written and adds
 * the replaced ones to *@replaced. */
gsize scalyr_upload_json_escape_to (char       *dest,
                                    const char *data,
                                    gsize       len,
                                    gsize      *replaced);

G_END_DECLS
