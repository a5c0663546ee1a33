/* scalyr-upload-util.c: JSON strings, compression, session ids, URLs, data rates
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-upload-private.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>
#include <libdeflate.h>
#include <zstd.h>
#include <bzlib.h>
#include <lz4frame.h>

G_DEFINE_QUARK (scalyr-upload-error-quark, scalyr_upload_error)

GType
scalyr_compression_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SCALYR_COMPRESSION_DEFLATE, "SCALYR_COMPRESSION_DEFLATE", "deflate" },
        { SCALYR_COMPRESSION_ZSTANDARD, "SCALYR_COMPRESSION_ZSTANDARD", "zstandard" },
        { SCALYR_COMPRESSION_NONE, "SCALYR_COMPRESSION_NONE", "none" },
        { SCALYR_COMPRESSION_BZ2, "SCALYR_COMPRESSION_BZ2", "bz2" },
        { SCALYR_COMPRESSION_LZ4, "SCALYR_COMPRESSION_LZ4", "lz4" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("ScalyrCompression"), values));
    }
  return (GType) type_id;
}

/**
 * scalyr_compression_from_string:
 * @name: a `compression_type` value of the agent configuration
 * @compression: (out): the compression
 *
 * Returns: %TRUE if @name is `deflate`, `zstandard`, `bz2`, `lz4` or `none`
 */
gboolean
scalyr_compression_from_string (const char        *name,
                                ScalyrCompression *compression)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (compression != NULL, FALSE);

  if (g_str_equal (name, "deflate"))
    *compression = SCALYR_COMPRESSION_DEFLATE;
  else if (g_str_equal (name, "zstandard"))
    *compression = SCALYR_COMPRESSION_ZSTANDARD;
  else if (g_str_equal (name, "none"))
    *compression = SCALYR_COMPRESSION_NONE;
  else if (g_str_equal (name, "bz2"))
    *compression = SCALYR_COMPRESSION_BZ2;
  else if (g_str_equal (name, "lz4"))
    *compression = SCALYR_COMPRESSION_LZ4;
  else
    return FALSE;
  return TRUE;
}

/* 1 for the bytes that are not copied as they are: control characters,
 * '"', '\\' and every byte of a multi-byte sequence (validated apart). */
static const guint8 json_special[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Whether one of the 8 bytes of @w is special: below 0x20, 0x80 or above,
 * '"' or '\\' (the classic "has a byte less than n" word tricks). */
static inline gboolean
word_has_special (guint64 w)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 quote = w ^ (ones * '"');
  guint64 bslash = w ^ (ones * '\\');
  guint64 t = (w - ones * 0x20) | (quote - ones) | (bslash - ones) | w;
  return (t & high) != 0;
}

gsize
scalyr_upload_json_escape_to (char       *dest,
                              const char *data,
                              gsize       len,
                              gsize      *replaced)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) data;
  const guchar *end = p + len;
  char *d = dest;
  gsize bad = 0;

  *d++ = '"';
  while (p < end)
    {
      /* Plain ASCII: 8 bytes at a time, then byte by byte. */
      while (end - p >= 8)
        {
          guint64 w;
          memcpy (&w, p, 8);
          if (word_has_special (w))
            break;
          memcpy (d, p, 8);
          d += 8;
          p += 8;
        }
      while (p < end && !json_special[*p])
        *d++ = (char) *p++;
      if (p >= end)
        break;

      guchar c = *p;
      if (c < 0x80)
        {
          *d++ = '\\';
          switch (c)
            {
            case '"': *d++ = '"'; break;
            case '\\': *d++ = '\\'; break;
            case '\n': *d++ = 'n'; break;
            case '\r': *d++ = 'r'; break;
            case '\t': *d++ = 't'; break;
            default:
              *d++ = 'u'; *d++ = '0'; *d++ = '0';
              *d++ = hex[c >> 4]; *d++ = hex[c & 0xf];
            }
          p++;
          continue;
        }

      /* A run of bytes >= 0x80 holds whole multi-byte sequences: its valid
       * prefix is copied at once, an invalid byte becomes U+FFFD. */
      const guchar *run_end = p;
      while (run_end < end && *run_end >= 0x80)
        run_end++;
      while (p < run_end)
        {
          const char *valid_end = NULL;
          g_utf8_validate_len ((const char *) p, (gsize) (run_end - p), &valid_end);
          gsize n = (gsize) ((const guchar *) valid_end - p);
          memcpy (d, p, n);
          d += n;
          p += n;
          if (p < run_end)
            {
              memcpy (d, "\xef\xbf\xbd", 3);
              d += 3;
              bad++;
              p++;
            }
        }
    }
  *d++ = '"';
  if (replaced != NULL)
    *replaced += bad;
  return (gsize) (d - dest);
}

gsize
scalyr_upload_json_escape (GString    *out,
                           const char *data,
                           gsize       len)
{
  gsize replaced = 0;
  gsize base = out->len;

  g_string_set_size (out, base + SCALYR_JSON_ESCAPE_MAX (len));
  gsize n = scalyr_upload_json_escape_to (out->str + base, data, len, &replaced);
  g_string_truncate (out, base + n);
  return replaced;
}

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
                             "deflate compressor not allocated (level %d)", level);
                return NULL;
              }
          }
        gsize bound = libdeflate_zlib_compress_bound (c->deflate, len);
        guint8 *out = compressor_out (c, bound);
        gsize n = libdeflate_zlib_compress (c->deflate, data, len, out, bound);
        if (n == 0)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         "deflate compression failed");
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
                         "zstd context not allocated");
            return NULL;
          }
        size_t bound = ZSTD_compressBound (len);
        guint8 *out = compressor_out (c, bound);
        size_t n = ZSTD_compressCCtx (c->zstd, out, bound, data, len, level);
        if (ZSTD_isError (n))
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         "zstd compression failed: %s", ZSTD_getErrorName (n));
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
                         "request too large for bz2 (%" G_GSIZE_FORMAT " bytes)", len);
            return NULL;
          }
        unsigned int n = (unsigned int) (len + len / 100 + 600);
        guint8 *out = compressor_out (c, n);
        int rc = BZ2_bzBuffToBuffCompress ((char *) out, &n, (char *) data, (unsigned int) len, level, 0, 0);
        if (rc != BZ_OK)
          {
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         "bz2 compression failed (%d)", rc);
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
                         "lz4 compression failed: %s", LZ4F_getErrorName (n));
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

char *
scalyr_upload_new_session_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_checksum_update (sum, (const guchar *) uuid, -1);
  g_checksum_get_digest (sum, digest, &digest_len);
  char *b64 = g_base64_encode (digest, digest_len);
  for (char *c = b64; *c != '\0'; c++)
    {
      if (*c == '+')
        *c = '-';
      else if (*c == '/')
        *c = '_';
    }
  return b64;
}

static const char *
env_either (char **envp, const char *lower, const char *upper)
{
  const char *v = g_environ_getenv (envp, lower);
  if (v == NULL || *v == '\0')
    v = g_environ_getenv (envp, upper);
  return v != NULL && *v != '\0' ? v : NULL;
}

static char *
proxy_url (const char *v)
{
  return strstr (v, "://") != NULL ? g_strdup (v) : g_strconcat ("http://", v, NULL);
}

GProxyResolver *
scalyr_upload_proxy_resolver_from_env (char **envp)
{
  const char *https = env_either (envp, "https_proxy", "HTTPS_PROXY");
  const char *http = env_either (envp, "http_proxy", "HTTP_PROXY");
  const char *all = env_either (envp, "all_proxy", "ALL_PROXY");
  const char *no = env_either (envp, "no_proxy", "NO_PROXY");

  if (https == NULL && http == NULL && all == NULL)
    return NULL;

  g_autoptr(GPtrArray) ignore = g_ptr_array_new_with_free_func (g_free);
  if (no != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (no, ",", -1);
      for (char **p = parts; *p != NULL; p++)
        {
          char *h = g_strstrip (*p);
          if (*h != '\0')
            g_ptr_array_add (ignore, g_strdup (h));
        }
    }
  g_ptr_array_add (ignore, NULL);

  g_autofree char *default_proxy = all != NULL ? proxy_url (all) : NULL;
  GProxyResolver *r = g_simple_proxy_resolver_new (default_proxy, (char **) ignore->pdata);
  if (https != NULL)
    {
      g_autofree char *u = proxy_url (https);
      g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (r), "https", u);
    }
  if (http != NULL)
    {
      g_autofree char *u = proxy_url (http);
      g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (r), "http", u);
    }
  return r;
}

static gboolean
host_is_loopback (const char *host)
{
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

/**
 * scalyr_upload_normalize_url:
 * @server_url: a `scalyr_server` value, such as `agent.scalyr.com` or
 *   `https://app.eu.scalyr.com`
 * @allow_http: whether `http://` may be kept for a host that is not loopback
 * @rewritten: (out) (optional): set to %TRUE when `http://` was rewritten
 *   to `https://`
 * @error: return location for a #GError
 *
 * The addEvents URL of @server_url: `https://` is added when there is no
 * scheme; `http://` is kept only for a loopback host or with @allow_http,
 * else rewritten to `https://`. Fails with %SCALYR_UPLOAD_ERROR_INVALID_URL
 * naming the value and the fix.
 *
 * Thread safety: may be called from any thread.
 *
 * Returns: (transfer full) (nullable): the URL of the `addEvents` endpoint,
 *   or %NULL with @error set
 */
char *
scalyr_upload_normalize_url (const char  *server_url,
                             gboolean     allow_http,
                             gboolean    *rewritten,
                             GError     **error)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GError) local_error = NULL;

  if (rewritten != NULL)
    *rewritten = FALSE;
  if (server_url == NULL || *server_url == '\0')
    server_url = "https://agent.scalyr.com";
  if (strstr (server_url, "://") == NULL)
    with_scheme = g_strconcat ("https://", server_url, NULL);
  else
    with_scheme = g_strdup (server_url);

  g_autoptr(GUri) uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_INVALID_URL,
                   "invalid scalyr_server “%s”: %s", server_url,
                   local_error != NULL ? local_error->message : "no host");
      return NULL;
    }

  const char *scheme = g_uri_get_scheme (uri);
  gboolean https = g_ascii_strcasecmp (scheme, "https") == 0;
  if (!https && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_INVALID_URL,
                   "invalid scalyr_server “%s”: scheme must be https or http", server_url);
      return NULL;
    }
  if (!https && !allow_http && !host_is_loopback (g_uri_get_host (uri)))
    {
      https = TRUE;
      if (rewritten != NULL)
        *rewritten = TRUE;
    }

  const char *path = g_uri_get_path (uri);
  g_autofree char *trimmed = g_strdup (path != NULL ? path : "");
  gsize tl = strlen (trimmed);
  while (tl > 0 && trimmed[tl - 1] == '/')
    trimmed[--tl] = '\0';
  g_autofree char *full_path = g_strconcat (trimmed, "/addEvents", NULL);

  g_autoptr(GUri) out = g_uri_build (G_URI_FLAGS_NONE, https ? "https" : "http", NULL,
                                     g_uri_get_host (uri), g_uri_get_port (uri),
                                     full_path, NULL, NULL);
  return g_uri_to_string (out);
}


const char *
scalyr_upload_json_kind (JsonNode *node)
{
  if (node == NULL)
    return "missing";
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_STRING)
    return "a string";
  if (t == G_TYPE_BOOLEAN)
    return "a boolean";
  return "a number";
}

gboolean
scalyr_upload_json_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}
