/* metrics-text-check.c: checks what a scraper's parser needs of an
 * exposition (and what promtool and the OpenMetrics spec add): valid
 * UTF-8; HELP, TYPE and UNIT before a family's samples, once per family;
 * sample names of their family; valid names and label names; label values
 * escaped; a label once per series and a series once; numbers; a unit the
 * family name ends in; OpenMetrics' closing `# EOF` and nothing after it.
 * Not a full parser: enough to catch what the renderer could get wrong.
 * SPDX-License-Identifier: Apache-2.0 */
#include "metrics-text-check.h"

#include <stdlib.h>
#include <string.h>

static gboolean
name_char (char     c,
           gboolean first,
           gboolean colon)
{
  return g_ascii_isalpha (c) || c == '_' || (colon && c == ':') || (!first && g_ascii_isdigit (c));
}

/* reads a name at *p; NULL if there is none */
static char *
read_name (const char **p,
           gboolean     colon)
{
  const char *start = *p;

  while (name_char (**p, *p == start, colon))
    (*p)++;
  return *p > start ? g_strndup (start, *p - start) : NULL;
}

static gboolean
valid_number (const char *text)
{
  char *end = NULL;

  if (g_str_equal (text, "NaN") || g_str_equal (text, "+Inf") || g_str_equal (text, "-Inf"))
    return TRUE;
  if (text[0] == '\0' || g_ascii_isalpha (text[0]) || strpbrk (text, "nNiI") != NULL)
    return FALSE;   /* no "nan", "inf", "infinity" spelled otherwise */
  g_ascii_strtod (text, &end);
  return *end == '\0';
}

typedef struct {
  char *name;
  char *type;
  gboolean seen_samples;
} Family;

typedef struct {
  gboolean openmetrics;
  GHashTable *families;   /* meta name → TRUE */
  GHashTable *samples;    /* sample name → family name (owned) */
  GHashTable *series;     /* sample line up to the value → TRUE */
  Family current;
} Checker;

static gboolean
sample_of (Checker    *c,
           const char *name)
{
  const char *fam = c->current.name;
  const char *type = c->current.type;
  gsize len;

  if (fam == NULL)
    return FALSE;
  if (g_str_equal (name, fam))
    return !c->openmetrics || (g_strcmp0 (type, "counter") != 0 && g_strcmp0 (type, "info") != 0);
  len = strlen (fam);
  if (!c->openmetrics || strncmp (name, fam, len) != 0)
    return FALSE;
  if (g_strcmp0 (type, "counter") == 0)
    return g_str_equal (name + len, "_total");
  if (g_strcmp0 (type, "info") == 0)
    return g_str_equal (name + len, "_info");
  return FALSE;
}

static char *
check_meta (Checker    *c,
            const char *line)
{
  const char *p = line + 2;
  const char *keyword_end = strchr (p, ' ');
  g_autofree char *keyword = NULL;
  g_autofree char *name = NULL;

  if (c->openmetrics && g_str_equal (line, "# EOF"))
    return NULL;
  if (keyword_end == NULL)
    return c->openmetrics ? g_strdup ("a comment (OpenMetrics has none)") : NULL;
  keyword = g_strndup (p, keyword_end - p);
  if (!g_str_equal (keyword, "HELP") && !g_str_equal (keyword, "TYPE") && !g_str_equal (keyword, "UNIT"))
    return c->openmetrics ? g_strdup ("a comment (OpenMetrics has none)") : NULL;
  if (g_str_equal (keyword, "UNIT") && !c->openmetrics)
    return NULL;   /* a comment in 0.0.4 */
  p = keyword_end + 1;
  name = read_name (&p, TRUE);
  if (name == NULL || *p != ' ')
    return g_strdup ("a metadata line without a valid name");
  p++;
  if (g_strcmp0 (name, c->current.name) != 0)
    {
      if (g_hash_table_contains (c->families, name))
        return g_strdup_printf ("family %s is not all in one place", name);
      g_free (c->current.name);
      g_free (c->current.type);
      c->current.name = g_strdup (name);
      c->current.type = NULL;
      c->current.seen_samples = FALSE;
      g_hash_table_add (c->families, g_strdup (name));
    }
  if (c->current.seen_samples)
    return g_strdup_printf ("%s of %s after its samples", keyword, name);
  if (g_str_equal (keyword, "TYPE"))
    {
      static const char * const prom[] = { "counter", "gauge", "untyped", "summary", "histogram", NULL };
      static const char * const om[] = { "counter", "gauge", "unknown", "summary", "histogram", "info",
                                         "stateset", "gaugehistogram", NULL };

      if (c->current.type != NULL)
        return g_strdup_printf ("a second TYPE of %s", name);
      if (!g_strv_contains (c->openmetrics ? om : prom, p))
        return g_strdup_printf ("unknown type %s", p);
      c->current.type = g_strdup (p);
    }
  else if (g_str_equal (keyword, "UNIT"))
    {
      g_autofree char *suffix = g_strconcat ("_", p, NULL);

      if (*p != '\0' && !g_str_has_suffix (name, suffix))
        return g_strdup_printf ("unit %s is not a suffix of %s", p, name);
    }
  for (; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != 'n' && p[1] != '\\' && !(c->openmetrics && p[1] == '"'))
        return g_strdup_printf ("a bad escape in the %s of %s", keyword, name);
      if (*p == '\\')
        p++;
      else if (*p == '"' && c->openmetrics && g_str_equal (keyword, "HELP"))
        return g_strdup_printf ("an unescaped quote in the HELP of %s", name);
    }
  return NULL;
}

static char *
check_labels (const char **pp)
{
  const char *p = *pp;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (*p != '{')
    return NULL;
  p++;
  while (*p != '}')
    {
      char *label = read_name (&p, FALSE);

      if (label == NULL)
        return g_strdup ("an invalid label name");
      if (g_str_has_prefix (label, "__"))
        {
          g_free (label);
          return g_strdup ("a reserved label name");
        }
      if (!g_hash_table_add (names, label))
        return g_strdup_printf ("label %s twice", label);
      if (p[0] != '=' || p[1] != '"')
        return g_strdup ("a label without =\"");
      for (p += 2; *p != '"'; p++)
        {
          if (*p == '\0' || *p == '\n')
            return g_strdup ("an unterminated label value");
          if (*p == '\\')
            {
              p++;
              if (*p != '\\' && *p != '"' && *p != 'n')
                return g_strdup ("a bad escape in a label value");
            }
        }
      p++;
      if (*p == ',')
        p++;
      else if (*p != '}')
        return g_strdup ("labels not separated by ,");
    }
  *pp = p + 1;
  return NULL;
}

static char *
check_sample (Checker    *c,
              const char *line)
{
  const char *p = line;
  g_autofree char *name = read_name (&p, TRUE);
  const char *labels_end;
  char *problem;
  const char *owner;

  if (name == NULL)
    return g_strdup ("a sample without a valid name");
  if (!sample_of (c, name))
    return g_strdup_printf ("sample %s outside its family (current %s)", name,
                            c->current.name != NULL ? c->current.name : "none");
  owner = g_hash_table_lookup (c->samples, name);
  if (owner != NULL && !g_str_equal (owner, c->current.name))
    return g_strdup_printf ("sample name %s in two families", name);
  g_hash_table_insert (c->samples, g_strdup (name), g_strdup (c->current.name));
  c->current.seen_samples = TRUE;
  if ((problem = check_labels (&p)) != NULL)
    return problem;
  labels_end = p;
  if (*p != ' ')
    return g_strdup ("no space before the value");
  if (!g_hash_table_add (c->series, g_strndup (line, labels_end - line)))
    return g_strdup_printf ("series %.*s twice", (int) (labels_end - line), line);
  {
    g_auto(GStrv) parts = g_strsplit (p + 1, " ", -1);

    if (g_strv_length (parts) < 1 || g_strv_length (parts) > 2 || !valid_number (parts[0]))
      return g_strdup_printf ("an invalid value in: %s", line);
  }
  return NULL;
}

char *
metrics_text_check (const char *text,
                    gboolean    openmetrics)
{
  Checker c = { openmetrics, NULL, NULL, NULL, { NULL, NULL, FALSE } };
  g_auto(GStrv) lines = NULL;
  char *problem = NULL;
  guint n;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("not valid UTF-8");
  if (text[0] != '\0' && !g_str_has_suffix (text, "\n"))
    return g_strdup ("no newline at the end");
  if (openmetrics && !g_str_has_suffix (text, "# EOF\n"))
    return g_strdup ("no # EOF at the end");
  if (!openmetrics && (g_str_has_prefix (text, "# EOF\n") || strstr (text, "\n# EOF\n") != NULL))
    return g_strdup ("# EOF in 0.0.4");
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  if (n > 0)
    n--;   /* after the last newline */
  c.families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c.series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n && problem == NULL; i++)
    {
      if (lines[i][0] == '\0')
        problem = g_strdup ("an empty line");
      else if (openmetrics && g_str_equal (lines[i], "# EOF") && i != n - 1)
        problem = g_strdup ("lines after # EOF");
      else if (lines[i][0] == '#')
        problem = check_meta (&c, lines[i]);
      else
        problem = check_sample (&c, lines[i]);
      if (problem != NULL)
        {
          char *located = g_strdup_printf ("line %u: %s", i + 1, problem);

          g_free (problem);
          problem = located;
        }
    }
  g_hash_table_unref (c.families);
  g_hash_table_unref (c.samples);
  g_hash_table_unref (c.series);
  g_free (c.current.name);
  g_free (c.current.type);
  return problem;
}
