/* scalyr-compressor-private.h: request bodies compressed (deflate,
 * zstandard, bz2, lz4)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-compression.h"

G_BEGIN_DECLS

/* Compression state (a libdeflate compressor, a zstd context, allocated on
 * first use) and an output buffer, kept across requests. Not thread-safe. */
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

G_END_DECLS
