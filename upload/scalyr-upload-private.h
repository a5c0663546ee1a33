/* scalyr-upload-private.h: helpers of the uploader, reachable from its unit tests
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-uploader.h"

#include <gio/gio.h>

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

/* Compression state (a libdeflate compressor, a zstd context, allocated on
 * first use) and an output buffer, kept across requests. */
typedef struct _ScalyrCompressor ScalyrCompressor;

ScalyrCompressor *scalyr_compressor_new (void);
void              scalyr_compressor_free (ScalyrCompressor *c);

/* Compresses @data into the compressor's output buffer (a zlib stream for
 * deflate, a zstd frame; a copy for none): returns its start, valid until
 * the next call or scalyr_compressor_free(), and sets *@out_len; %NULL on
 * error. An out-of-range @level is the type's default. */
const guint8 *scalyr_compressor_compress (ScalyrCompressor   *c,
                                          ScalyrCompression   compression,
                                          int                 level,
                                          const char         *data,
                                          gsize               len,
                                          gsize              *out_len,
                                          GError            **error);

/* The same into new bytes, with a compressor of its own. */
GBytes *scalyr_upload_compress (ScalyrCompression   compression,
                                int                 level,
                                const char         *data,
                                gsize               len,
                                GError            **error);

/* URL-safe base64 of the SHA-1 of a random UUID: 28 characters. */
char *scalyr_upload_new_session_id (void);


/* The proxies of the environment @envp as Python's requests takes
 * them: https_proxy, http_proxy, all_proxy (lower or upper case; a value
 * without a scheme is http://) and the hosts of no_proxy. %NULL when no
 * proxy is set. */
GProxyResolver *scalyr_upload_proxy_resolver_from_env (char **envp);

typedef struct {
  char    *path;
  guint64  offset;        /* resume offset in the file of @inode */
  guint64  inode;
  gboolean is_log_file;   /* FALSE: a rotated file, then @path from 0 */
  char    *sequence_id;
  guint64  sequence_number;
  double   time;
} ScalyrCheckpoint;

void scalyr_checkpoint_free (ScalyrCheckpoint *cp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrCheckpoint, scalyr_checkpoint_free)

/* Reads checkpoints.json and the worker files of the reference in @dir:
 * path -> ScalyrCheckpoint, the newest entry per path. Unreadable or
 * corrupt files are skipped (and named in @warnings). */
GHashTable *scalyr_checkpoints_load (const char *dir,
                                     GPtrArray  *warnings);

/* Writes @json to @dir/@name atomically: temp file, fsync, rename, fsync
 * of the directory. */
gboolean scalyr_checkpoints_write_file (const char  *dir,
                                        const char  *name,
                                        const char  *json,
                                        GError     **error);

G_END_DECLS
