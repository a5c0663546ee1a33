/* scalyr-compression.h: how addEvents request bodies are compressed
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYR_UPLOAD_INSIDE) && !defined(SCALYR_UPLOAD_COMPILATION)
#error "Only <scalyrmon-upload.h> can be included directly."
#endif

#include <glib-object.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

/**
 * ScalyrCompression:
 * @SCALYR_COMPRESSION_DEFLATE: a zlib stream (RFC 1950), `Content-Encoding: deflate`
 * @SCALYR_COMPRESSION_ZSTANDARD: a zstd frame, `Content-Encoding: zstandard`
 * @SCALYR_COMPRESSION_NONE: the body as is, no `Content-Encoding`
 * @SCALYR_COMPRESSION_BZ2: bzip2, `Content-Encoding: bz2`
 * @SCALYR_COMPRESSION_LZ4: an LZ4 frame with independent blocks,
 *   `Content-Encoding: lz4`
 *
 * How request bodies are compressed: the `compression_type` of the agent
 * configuration, #ScalyrUploader:compression.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_COMPRESSION_DEFLATE,
  SCALYR_COMPRESSION_ZSTANDARD,
  SCALYR_COMPRESSION_NONE,
  SCALYR_COMPRESSION_BZ2,
  SCALYR_COMPRESSION_LZ4,
} ScalyrCompression;

SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_compression_from_string (const char        *name,
                                         ScalyrCompression *compression);

G_END_DECLS
