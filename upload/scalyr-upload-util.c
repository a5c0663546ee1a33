/* scalyr-upload-util.c: JSON strings, compression, session ids, URLs, data rates
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-upload-private.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

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
 * Returns: %TRUE if @name is `deflate`, `zstandard` or `none`
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
  else
    return FALSE;
  return TRUE;
}

gsize
scalyr_upload_json_escape (GString    *out,
                           const char *data,
                           gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const char *p = data;
  const char *end = data + len;
  gsize replaced = 0;

  g_string_append_c (out, '"');
  while (p < end)
    {
      /* Runs of plain ASCII go in one append. */
      const char *run = p;
      while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x80 && *p != '"' && *p != '\\')
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (p >= end)
        break;

      guchar c = (guchar) *p;
      if (c < 0x80)
        {
          switch (c)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default:
              {
                char esc[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0 };
                g_string_append (out, esc);
              }
            }
          p++;
          continue;
        }

      const char *valid_end = NULL;
      gsize avail = (gsize) (end - p);
      gsize seq = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (seq <= avail && g_utf8_validate (p, (gssize) seq, &valid_end))
        {
          g_string_append_len (out, p, (gssize) seq);
          p += seq;
        }
      else
        {
          g_string_append (out, "\xef\xbf\xbd");
          replaced++;
          p++;
        }
    }
  g_string_append_c (out, '"');
  return replaced;
}

GBytes *
scalyr_upload_compress (ScalyrCompression   compression,
                        int                 level,
                        const char         *data,
                        gsize               len,
                        GError            **error)
{
  switch (compression)
    {
    case SCALYR_COMPRESSION_NONE:
      return g_bytes_new (data, len);

    case SCALYR_COMPRESSION_DEFLATE:
      {
        if (level < 1 || level > 9)
          level = 6;
        uLongf out_len = compressBound ((uLong) len);
        guint8 *out = g_malloc (out_len);
        int rc = compress2 (out, &out_len, (const Bytef *) data, (uLong) len, level);
        if (rc != Z_OK)
          {
            g_free (out);
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         "zlib compression failed (%d)", rc);
            return NULL;
          }
        return g_bytes_new_take (g_realloc (out, out_len), out_len);
      }

    case SCALYR_COMPRESSION_ZSTANDARD:
      {
        if (level < 1 || level > 22)
          level = 3;
        size_t bound = ZSTD_compressBound (len);
        guint8 *out = g_malloc (bound);
        size_t n = ZSTD_compress (out, bound, data, len, level);
        if (ZSTD_isError (n))
          {
            g_free (out);
            g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_COMPRESSION,
                         "zstd compression failed: %s", ZSTD_getErrorName (n));
            return NULL;
          }
        return g_bytes_new_take (g_realloc (out, n), n);
      }

    default:
      g_assert_not_reached ();
    }
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

