/* scalyr-metrics-name.c: metric and label names mapped to the
 * Prometheus character sets, label values and help texts escaped,
 * numbers written as both text formats read them
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "scalyr-metrics-name-private.h"

static inline gboolean
is_name_char (char     c,
              gboolean colon,
              gboolean first)
{
  return g_ascii_isalpha (c) || c == '_' || (colon && c == ':') || (!first && g_ascii_isdigit (c));
}

gboolean
scalyr_metrics_name_is_valid (const char *name,
                              gboolean    colon)
{
  if (name == NULL || name[0] == '\0' || (name[0] == '_' && name[1] == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!is_name_char (*p, colon, p == name))
        return FALSE;
    }
  return TRUE;
}

static char *
sanitize (const char *name,
          gboolean    colon)
{
  GString *out = g_string_sized_new (strlen (name) + 1);
  const char *p;

  if (g_ascii_isdigit (name[0]))
    g_string_append_c (out, '_');
  for (p = name; *p != '\0'; p++)
    g_string_append_c (out, is_name_char (*p, colon, FALSE) ? *p : '_');
  /* `__` opens the names Prometheus reserves: keep one `_` */
  p = out->str;
  while (p[0] == '_' && p[1] == '_')
    p++;
  g_string_erase (out, 0, p - out->str);
  return g_string_free (out, FALSE);
}

char *
scalyr_metrics_name_sanitize (const char *name)
{
  return name != NULL && name[0] != '\0' ? sanitize (name, TRUE) : NULL;
}

char *
scalyr_metrics_label_name_sanitize (const char *name)
{
  return name != NULL && name[0] != '\0' ? sanitize (name, FALSE) : g_strdup ("_");
}

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    quote)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '"' && quote)
        g_string_append (out, "\\\"");
      else
        g_string_append_c (out, *p);
    }
}

void
scalyr_metrics_append_label_value (GString    *out,
                                   const char *value)
{
  append_escaped (out, value, TRUE);
}

void
scalyr_metrics_append_help (GString    *out,
                            const char *help,
                            gboolean    quote)
{
  append_escaped (out, help, quote);
}

void
scalyr_metrics_append_double (GString *out,
                              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "+Inf" : "-Inf");
      return;
    }
  /* the fewest digits that read back as @value (%.17g always does) */
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}
