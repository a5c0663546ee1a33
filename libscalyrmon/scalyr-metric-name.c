/* scalyr-metric-name.c: validation and repair of metric and field names
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-metric-name-private.h"

static inline gboolean
is_first_char (char c)
{
  return c == '_' || g_ascii_isalpha (c);
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return c == '_' || c == '.' || c == '-' || g_ascii_isalnum ((char) c);
  return g_unichar_isalnum (c);
}

gboolean
scalyr_metric_name_is_valid (const char *name)
{
  if (name[0] == '\0' || !is_first_char (name[0]))
    return FALSE;
  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!is_word_char (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_reserved (const char *name)
{
  static const char *const reserved[] = {
    "logfile", "monitor", "metric", "value", "instance", "severity",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reserved); i++)
    {
      if (strcmp (name, reserved[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
scalyr_metric_name_repair (const char *name,
                           gboolean   *was_invalid)
{
  GString *out;
  g_autofree char *valid_utf8 = NULL;

  *was_invalid = !scalyr_metric_name_is_valid (name);
  if (!*was_invalid)
    return is_reserved (name) ? g_strconcat (name, "_", NULL) : NULL;

  valid_utf8 = g_utf8_make_valid (name, -1);
  out = g_string_sized_new (strlen (valid_utf8) + 4);
  if (!is_first_char (valid_utf8[0]))
    g_string_append (out, "sa_");
  for (const char *p = valid_utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_word_char (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '_');
    }
  if (is_reserved (out->str))
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}
