/* scalyr-upload-json.c: JSON text written by hand for requests, and JSON
 * kinds named in error messages
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-upload-json-private.h"

#include <string.h>
#include "scalyr-i18n-private.h"

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

const char *
scalyr_upload_json_kind (JsonNode *node)
{
  if (node == NULL)
    return _("missing");
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return _("an object");
    case JSON_NODE_ARRAY: return _("an array");
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  GType t = json_node_get_value_type (node);
  if (t == G_TYPE_STRING)
    return _("a string");
  if (t == G_TYPE_BOOLEAN)
    return _("a boolean");
  return _("a number");
}

gboolean
scalyr_upload_json_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}
