/* scalyr-compressor.c: request bodies compressed (deflate, zstandard, bz2, lz4)
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-compressor-private.h"
#include "scalyr-uploader.h"

#include <string.h>
#include <libdeflate.h>
#include <zstd.h>
#include <bzlib.h>
#include <lz4frame.h>
#include "scalyr-i18n-private.h"

struct _ScalyrCompressor
{
  struct libdeflate_compressor *deflate;
  int                           deflate_level;
  ZSTD_CCtx                    *zstd;
  guint8                       *out;
  gsize                         out_cap;
};

ScalyrCompressor *
scalyr_compressor_new (void)
{
  return g_new0 (ScalyrCompressor, 1);
}

void
scalyr_compressor_free (ScalyrCompressor *c)
{
  if (c == NULL)
    return;
  libdeflate_free_compressor (c->deflate);
  ZSTD_freeCCtx (c->zstd);
  g_free (c->out);
  g_free (c);
}

/* The output buffer is kept and only grows, by whole MiB (the bound varies
 * a little with each body: no new buffer per request): written
 * sequentially, only the pages of the compressed bytes become resident. */
static guint8 *
compressor_out (ScalyrCompressor *c, gsize need)
{
  if (need > c->out_cap)
    {
      gsize cap = (need + ((gsize) 1 << 20) - 1) & ~(((gsize) 1 << 20) - 1);
      g_free (c->out);
      c->out = g_malloc (cap);
      c->out_cap = cap;
    }
  return c->out;
}

const guint8 *
scalyr_compressor_compress (ScalyrCompressor   *c,
                            ScalyrCompression   compression,
                            int                 level,
                            const char         *data,
                            gsize               len,
                            gsize              *out_len,
                            GError            **error)
{
  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  switch (compression)
    {
    case SCALYR_COMPRESSION_NONE:
      *out_len = len;
      return memcpy (compressor_out (c, MAX (len, 1)), data, len);

    case SCALYR_COMPRESSION_DEFLATE:
      {
        /* libdeflate writes the same zlib stream (RFC 1950) as compress2(),
         * about twice as fast at the same level. */
        if (level < 1 || level > 9)
          level = 6;
        if (c->deflate != NULL && c->deflate_level != level)
          g_clear_pointer (&c->deflate, libdeflate_free_compressor);
        if (c->deflate == NULL)
          {
            c->deflate = libdeflate_alloc_compressor (level);
            c->deflate_level = level;
            if (c->deflate == NULL)
              {
                g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                             _("deflate compressor not allocated (level %d)"), level);
                return NULL;
              }
          }
        gsize bound = libdeflate_zlib_compress_bound (c->deflate, len);
        guint8 *out = compressor_out (c, bound);
        gsize n = libdeflate_zlib_compress (c->deflate, data, len, out, bound);
        if (n == 0)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("deflate compression failed"));
            return NULL;
          }
        *out_len = n;
        return out;
      }

    case SCALYR_COMPRESSION_ZSTANDARD:
      {
        if (level < 1 || level > 22)
          level = 3;
        if (c->zstd == NULL)
          c->zstd = ZSTD_createCCtx ();
        if (c->zstd == NULL)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("zstd context not allocated"));
            return NULL;
          }
        size_t bound = ZSTD_compressBound (len);
        guint8 *out = compressor_out (c, bound);
        size_t n = ZSTD_compressCCtx (c->zstd, out, bound, data, len, level);
        if (ZSTD_isError (n))
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("zstd compression failed: %s"), ZSTD_getErrorName (n));
            return NULL;
          }
        *out_len = n;
        return out;
      }

    case SCALYR_COMPRESSION_BZ2:
      {
        /* bzip2's bound: 1 % more than the input plus 600 bytes */
        if (level < 1 || level > 9)
          level = 9;
        if (len > G_MAXUINT / 2)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("request too large for bz2 (%zu bytes)"), len);
            return NULL;
          }
        unsigned int n = (unsigned int) (len + len / 100 + 600);
        guint8 *out = compressor_out (c, n);
        int rc = BZ2_bzBuffToBuffCompress ((char *) out, &n, (char *) data, (unsigned int) len, level, 0, 0);
        if (rc != BZ_OK)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("bz2 compression failed (%d)"), rc);
            return NULL;
          }
        *out_len = n;
        return out;
      }

    case SCALYR_COMPRESSION_LZ4:
      {
        /* a frame of independent blocks: the server cannot follow linked ones */
        LZ4F_preferences_t prefs;
        if (level < 0 || level > 16)
          level = 0;
        memset (&prefs, 0, sizeof prefs);
        prefs.frameInfo.blockMode = LZ4F_blockIndependent;
        prefs.frameInfo.contentSize = len;
        prefs.compressionLevel = level;
        size_t bound = LZ4F_compressFrameBound (len, &prefs);
        guint8 *out = compressor_out (c, bound);
        size_t n = LZ4F_compressFrame (out, bound, data, len, &prefs);
        if (LZ4F_isError (n))
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         _("lz4 compression failed: %s"), LZ4F_getErrorName (n));
            return NULL;
          }
        *out_len = n;
        return out;
      }

    default:
      g_assert_not_reached ();
    }
}

GBytes *
scalyr_upload_compress (ScalyrCompression   compression,
                        int                 level,
                        const char         *data,
                        gsize               len,
                        GError            **error)
{
  if (compression == SCALYR_COMPRESSION_NONE)
    return g_bytes_new (data, len);

  ScalyrCompressor *c = scalyr_compressor_new ();
  gsize n = 0;
  const guint8 *out = scalyr_compressor_compress (c, compression, level, data, len, &n, error);
  GBytes *bytes = out != NULL ? g_bytes_new (out, n) : NULL;
  scalyr_compressor_free (c);
  return bytes;
}

