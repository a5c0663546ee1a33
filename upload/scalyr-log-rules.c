/* scalyr-log-rules.c: redaction_rules and sampling_rules of a logs entry
 * SPDX-License-Identifier: Apache-2.0
 *
 * The reference agent (scalyr_agent/log_processing.py, LogLineSampler and
 * LogLineRedacter) decodes each line as UTF-8 with replacement, lets the
 * first sampling rule whose regex matches anywhere keep it with its
 * probability, then applies every redaction rule in order with Python's
 * re.subn(); a replacement holding `\H` is instead expanded by plain string
 * substitution, `\H<n>` becoming the MD5 hex digest of group n followed by
 * the rule's hash_salt. This file does the same with GRegex (PCRE2): the
 * patterns are translated where Python and PCRE differ (`\Z`, `\u`, `\U`)
 * and the replacement is expanded with Python's template syntax, not
 * GRegex's. */
#include "scalyr-log-rules-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-uploader.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "scalyr-i18n-private.h"

typedef struct {
  int   group;       /* >= 0: the text of this group; -1: literal */
  gsize off, len;    /* the literal in the template's text */
} TemplatePiece;

typedef struct {
  GRegex   *regex;
  int       groups;
  gboolean  hashed;          /* the replacement holds \H: the reference's string substitution */
  char     *replacement;     /* as configured */
  gsize     replacement_len;
  GString  *literals;        /* !hashed: the literal pieces' text */
  GArray   *pieces;          /* !hashed: TemplatePiece */
  gboolean *hash_group;      /* hashed: [n] whether \H<n> is in the replacement (1-based) */
  char     *salt;
} RedactionRule;

typedef struct {
  GRegex *regex;
  double  rate;
  char   *attr;              /* ,"sample_rate":<rate> */
  gsize   attr_len;
} SamplingRule;

struct _ScalyrLogRules
{
  GPtrArray *redaction;      /* RedactionRule */
  GPtrArray *sampling;       /* SamplingRule */
  GRand     *rand;
  GString   *decoded;
  GString   *out[2];
  GString   *hashed;         /* scratch of a hashed replacement */
};

/* ---- helpers ---- */

static void
redaction_rule_free (RedactionRule *r)
{
  g_clear_pointer (&r->regex, g_regex_unref);
  g_free (r->replacement);
  if (r->literals != NULL)
    g_string_free (r->literals, TRUE);
  if (r->pieces != NULL)
    g_array_unref (r->pieces);
  g_free (r->hash_group);
  g_free (r->salt);
  g_free (r);
}

static void
sampling_rule_free (SamplingRule *r)
{
  g_clear_pointer (&r->regex, g_regex_unref);
  g_free (r->attr);
  g_free (r);
}

void
scalyr_log_rules_free (ScalyrLogRules *rules)
{
  if (rules == NULL)
    return;
  g_ptr_array_unref (rules->redaction);
  g_ptr_array_unref (rules->sampling);
  g_rand_free (rules->rand);
  g_string_free (rules->decoded, TRUE);
  g_string_free (rules->out[0], TRUE);
  g_string_free (rules->out[1], TRUE);
  g_string_free (rules->hashed, TRUE);
  g_free (rules);
}

void
scalyr_log_rules_set_seed (ScalyrLogRules *rules,
                           guint32         seed)
{
  g_rand_set_seed (rules->rand, seed);
}

G_GNUC_PRINTF (2, 3)
static void
set_error (GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, msg);
}


static const char *
string_member (JsonObject *o, const char *name, JsonNode **node)
{
  *node = json_object_get_member (o, name);
  if (*node != NULL && JSON_NODE_HOLDS_VALUE (*node) && json_node_get_value_type (*node) == G_TYPE_STRING)
    return json_node_get_string (*node);
  return NULL;
}

/* Python's re and PCRE2 differ in a few escapes of patterns: Python's \Z
 * is PCRE's \z (the very end; PCRE's \Z also matches before a final
 * newline, which every line has), \uXXXX and \UXXXXXXXX are \x{...}. */
char *
scalyr_log_rules_python_pattern (const char *p)
{
  GString *s = g_string_sized_new (strlen (p) + 8);
  while (*p != '\0')
    {
      if (p[0] != '\\' || p[1] == '\0')
        {
          g_string_append_c (s, *p++);
          continue;
        }
      char c = p[1];
      int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
      int n = 0;
      while (n < digits && g_ascii_isxdigit (p[2 + n]))
        n++;
      if (c == 'Z')
        g_string_append (s, "\\z");
      else if (digits > 0 && n == digits)
        {
          g_string_append (s, "\\x{");
          g_string_append_len (s, p + 2, digits);
          g_string_append_c (s, '}');
          p += digits;
        }
      else
        g_string_append_len (s, p, 2);
      p += 2;
    }
  return g_string_free (s, FALSE);
}

static GRegex *
compile (const char *field, guint index, const char *pattern, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *pcre = scalyr_log_rules_python_pattern (pattern);
  /* \n alone ends a line for `$` and `.`, as in Python. */
  GRegex *re = g_regex_new (pcre, G_REGEX_OPTIMIZE | G_REGEX_NEWLINE_LF, 0, &local);
  if (re == NULL)
    set_error (error, _("rule %u of field \"%s\": \"match_expression\" “%s” is not a valid regular expression: "
                 "%s; fix the pattern (Python/PCRE syntax)"), index, field, pattern, local->message);
  return re;
}

static void
add_literal (RedactionRule *r, const char *s, gsize n)
{
  TemplatePiece *last = r->pieces->len > 0 ? &g_array_index (r->pieces, TemplatePiece, r->pieces->len - 1) : NULL;
  if (last != NULL && last->group < 0)
    last->len += n;
  else
    {
      TemplatePiece p = { -1, r->literals->len, n };
      g_array_append_val (r->pieces, p);
    }
  g_string_append_len (r->literals, s, (gssize) n);
}

/* Python's re template syntax (sre_parse.parse_template): \1…\99 and
 * \g<n>/\g<name> for groups, \0 and three octal digits for a character,
 * \a \b \f \n \r \t \v \\ escapes, other escapes of ASCII letters are errors,
 * other escapes are kept with their backslash. */
static gboolean
parse_template (RedactionRule *r, guint index, GError **error)
{
  const char *t = r->replacement;
  const char *end = t + r->replacement_len;

  r->literals = g_string_new (NULL);
  r->pieces = g_array_new (FALSE, FALSE, sizeof (TemplatePiece));
  while (t < end)
    {
      if (*t != '\\')
        {
          const char *bs = memchr (t, '\\', (gsize) (end - t));
          if (bs == NULL)
            bs = end;
          add_literal (r, t, (gsize) (bs - t));
          t = bs;
          continue;
        }
      if (t + 1 >= end)
        {
          set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" ends with a lone backslash; "
                       "write \\\\ for a backslash"), index);
          return FALSE;
        }
      char c = t[1];
      int group;
      t += 2;
      if (c == 'g')
        {
          const char *close = t < end && *t == '<' ? memchr (t, '>', (gsize) (end - t)) : NULL;
          if (close == NULL || close == t + 1)
            {
              set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" has a \\g without "
                           "<name> or <number>; write \\g<1> or \\g<name>"), index);
              return FALSE;
            }
          g_autofree char *name = g_strndup (t + 1, (gsize) (close - t - 1));
          gboolean digits = TRUE;
          for (const char *q = name; *q != '\0'; q++)
            digits = digits && g_ascii_isdigit (*q);
          if (digits)
            group = (int) MIN (g_ascii_strtoull (name, NULL, 10), G_MAXINT);
          else if ((group = g_regex_get_string_number (r->regex, name)) < 0)
            {
              set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" refers to the group "
                           "“%s”, which \"match_expression\" does not define; name it with (?P<%s>…)"),
                         index, name, name);
              return FALSE;
            }
          t = close + 1;
        }
      else if (c == '0')
        {
          /* \0, \0o, \0oo: a character of this octal code. */
          char v = 0;
          for (int k = 0; k < 2 && t < end && *t >= '0' && *t <= '7'; k++)
            v = (char) (v * 8 + (*t++ - '0'));
          add_literal (r, &v, 1);
          continue;
        }
      else if (g_ascii_isdigit (c))
        {
          group = c - '0';
          if (t < end && g_ascii_isdigit (*t))
            {
              if (c <= '7' && *t <= '7' && t + 1 < end && t[1] >= '0' && t[1] <= '7')
                {
                  /* Three octal digits: a character. */
                  int v = (c - '0') * 64 + (t[0] - '0') * 8 + (t[1] - '0');
                  if (v > 0377)
                    {
                      set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" has the octal "
                                   "escape \\%c%c%c, above \\377"), index, c, t[0], t[1]);
                      return FALSE;
                    }
                  char u[8];
                  add_literal (r, u, (gsize) g_unichar_to_utf8 ((gunichar) v, u));
                  t += 2;
                  continue;
                }
              group = group * 10 + (*t++ - '0');
            }
        }
      else
        {
          char e;
          switch (c)
            {
            case 'a': e = '\a'; break;
            case 'b': e = '\b'; break;
            case 'f': e = '\f'; break;
            case 'n': e = '\n'; break;
            case 'r': e = '\r'; break;
            case 't': e = '\t'; break;
            case 'v': e = '\v'; break;
            case '\\': e = '\\'; break;
            default:
              if (g_ascii_isalpha (c))
                {
                  set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" has the unknown "
                               "escape \\%c; write \\\\%c for a backslash followed by %c (groups are \\1 or "
                               "\\g<name>; \\H1 hashes group 1)"), index, c, c, c);
                  return FALSE;
                }
              add_literal (r, t - 2, 2);      /* kept as is, as in Python */
              continue;
            }
          add_literal (r, &e, 1);
          continue;
        }
      if (group > r->groups)
        {
          set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" refers to group %d but "
                       "\"match_expression\" has %d; add the group or fix the reference"), index, group, r->groups);
          return FALSE;
        }
      TemplatePiece gp = { group, 0, 0 };
      g_array_append_val (r->pieces, gp);
    }
  return TRUE;
}

/* The shortest text that reads back as @v, as Python's repr(). */
static char *
format_rate (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  /* Python writes floats with a fraction: 0.0, 1.0. */
  if (strpbrk (buf, ".eEn") == NULL)
    g_strlcat (buf, ".0", sizeof buf);
  return g_strdup (buf);
}

static gboolean
parse_redaction (ScalyrLogRules *rules, JsonNode *node, GError **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_error (error, _("field \"redaction_rules\" is %s; it must be an array of objects such as "
                   "{ \"match_expression\": \"password=\\\\S+\", \"replacement\": \"password=***\" }"), scalyr_upload_json_kind (node));
      return FALSE;
    }
  JsonArray *a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonNode *m;
      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          set_error (error, _("rule %u of field \"redaction_rules\" is %s; it must be an object "
                       "{ \"match_expression\": regex, \"replacement\": text, \"hash_salt\": text }"), i, scalyr_upload_json_kind (e));
          return FALSE;
        }
      JsonObject *o = json_node_get_object (e);
      const char *match = string_member (o, "match_expression", &m);
      if (match == NULL)
        {
          set_error (error, _("rule %u of field \"redaction_rules\": \"match_expression\" is %s; it must be a "
                       "string, the regular expression of the text to replace"), i, scalyr_upload_json_kind (m));
          return FALSE;
        }
      const char *replacement = string_member (o, "replacement", &m);
      if (replacement == NULL && m != NULL && !JSON_NODE_HOLDS_NULL (m))
        {
          set_error (error, _("rule %u of field \"redaction_rules\": \"replacement\" is %s; it must be a string, "
                       "the text replacing each match (\\1 for a group, \\H1 for its hash), or left out to delete "
                       "the matches"), i, scalyr_upload_json_kind (m));
          return FALSE;
        }
      const char *salt = string_member (o, "hash_salt", &m);
      if (salt == NULL && m != NULL && !JSON_NODE_HOLDS_NULL (m))
        {
          set_error (error, _("rule %u of field \"redaction_rules\": \"hash_salt\" is %s; it must be a string, "
                       "appended to a group before hashing it with \\H1"), i, scalyr_upload_json_kind (m));
          return FALSE;
        }

      RedactionRule *r = g_new0 (RedactionRule, 1);
      g_ptr_array_add (rules->redaction, r);
      r->regex = compile ("redaction_rules", i, match, error);
      if (r->regex == NULL)
        return FALSE;
      r->groups = g_regex_get_capture_count (r->regex);
      r->replacement = g_strdup (replacement != NULL ? replacement : "");
      r->replacement_len = strlen (r->replacement);
      r->salt = g_strdup (salt != NULL ? salt : "");
      r->hashed = strstr (r->replacement, "\\H") != NULL;
      if (r->hashed)
        {
          r->hash_group = g_new0 (gboolean, (gsize) r->groups + 1);
          for (int g = 1; g <= r->groups; g++)
            {
              char ind[16];
              g_snprintf (ind, sizeof ind, "\\H%d", g);
              r->hash_group[g] = strstr (r->replacement, ind) != NULL;
            }
        }
      else if (!parse_template (r, i, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_sampling (ScalyrLogRules *rules, JsonNode *node, GError **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_error (error, _("field \"sampling_rules\" is %s; it must be an array of objects such as "
                   "{ \"match_expression\": \"DEBUG\", \"sampling_rate\": 0.1 }"), scalyr_upload_json_kind (node));
      return FALSE;
    }
  JsonArray *a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      JsonNode *m;
      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          set_error (error, _("rule %u of field \"sampling_rules\" is %s; it must be an object "
                       "{ \"match_expression\": regex, \"sampling_rate\": number from 0 to 1 }"), i, scalyr_upload_json_kind (e));
          return FALSE;
        }
      JsonObject *o = json_node_get_object (e);
      const char *match = string_member (o, "match_expression", &m);
      if (match == NULL)
        {
          set_error (error, _("rule %u of field \"sampling_rules\": \"match_expression\" is %s; it must be a "
                       "string, the regular expression a line must contain for the rule to apply"), i, scalyr_upload_json_kind (m));
          return FALSE;
        }
      m = json_object_get_member (o, "sampling_rate");
      double rate = NAN;
      if (m != NULL && JSON_NODE_HOLDS_VALUE (m))
        {
          GType t = json_node_get_value_type (m);
          if (t == G_TYPE_DOUBLE || t == G_TYPE_INT64)
            rate = json_node_get_double (m);
          else if (t == G_TYPE_STRING)
            {
              /* As the reference's float(): a number in a string. */
              g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (m)));
              char *endp = NULL;
              double v = g_ascii_strtod (s, &endp);
              if (*s != '\0' && endp != NULL && *endp == '\0')
                rate = v;
            }
        }
      if (m == NULL || isnan (rate))
        {
          set_error (error, _("rule %u of field \"sampling_rules\": \"sampling_rate\" is %s; it must be a number "
                       "from 0 to 1, the share of matching lines kept (0 drops them all)"), i,
                     m == NULL ? _("missing") : scalyr_upload_json_kind (m));
          return FALSE;
        }
      if (!(rate >= 0 && rate <= 1))
        {
          g_autofree char *text = json_to_string (m, FALSE);
          set_error (error, _("rule %u of field \"sampling_rules\": \"sampling_rate\" is %s, outside 0…1; give the "
                       "share of matching lines to keep, e.g. 0.1 for one in ten"), i, text);
          return FALSE;
        }

      SamplingRule *r = g_new0 (SamplingRule, 1);
      g_ptr_array_add (rules->sampling, r);
      r->regex = compile ("sampling_rules", i, match, error);
      if (r->regex == NULL)
        return FALSE;
      r->rate = rate;
      g_autofree char *num = format_rate (rate);
      r->attr = g_strconcat (",\"sample_rate\":", num, NULL);
      r->attr_len = strlen (r->attr);
    }
  return TRUE;
}

ScalyrLogRules *
scalyr_log_rules_new (JsonNode  *redaction_rules,
                      JsonNode  *sampling_rules,
                      GError   **error)
{
  ScalyrLogRules *rules = g_new0 (ScalyrLogRules, 1);
  rules->redaction = g_ptr_array_new_with_free_func ((GDestroyNotify) redaction_rule_free);
  rules->sampling = g_ptr_array_new_with_free_func ((GDestroyNotify) sampling_rule_free);
  rules->rand = g_rand_new ();
  rules->decoded = g_string_new (NULL);
  rules->out[0] = g_string_new (NULL);
  rules->out[1] = g_string_new (NULL);
  rules->hashed = g_string_new (NULL);

  if (!parse_redaction (rules, redaction_rules, error) || !parse_sampling (rules, sampling_rules, error)
      || (rules->redaction->len == 0 && rules->sampling->len == 0))
    g_clear_pointer (&rules, scalyr_log_rules_free);
  return rules;
}

/* ---- applying ---- */

/* Decodes @s as Python's bytes.decode("utf-8", "replace"): each maximal
 * invalid subpart becomes one U+FFFD. Returns the bytes replaced; when 0,
 * @out is untouched. */
static gsize
decode_utf8 (const guchar *s, gsize len, GString *out)
{
  gsize i = 0, copied = 0, bad = 0;
  gboolean started = FALSE;

  while (i < len)
    {
      guchar c = s[i];
      if (c < 0x80)
        {
          i++;
          continue;
        }
      gsize need = 0;
      guchar lo = 0x80, hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf)
        need = 1;
      else if (c >= 0xe0 && c <= 0xef)
        {
          need = 2;
          if (c == 0xe0)
            lo = 0xa0;
          else if (c == 0xed)
            hi = 0x9f;
        }
      else if (c >= 0xf0 && c <= 0xf4)
        {
          need = 3;
          if (c == 0xf0)
            lo = 0x90;
          else if (c == 0xf4)
            hi = 0x8f;
        }
      gsize k = 1;
      gboolean ok = need > 0;
      for (gsize j = 0; ok && j < need; j++)
        {
          guchar b = i + k < len ? s[i + k] : 0;
          if (i + k >= len || b < (j == 0 ? lo : 0x80) || b > (j == 0 ? hi : 0xbf))
            ok = FALSE;
          else
            k++;
        }
      if (ok)
        {
          i += k;
          continue;
        }
      if (!started)
        {
          g_string_truncate (out, 0);
          started = TRUE;
        }
      g_string_append_len (out, (const char *) s + copied, (gssize) (i - copied));
      g_string_append_len (out, "\xef\xbf\xbd", 3);
      i += k;
      copied = i;
      bad += k;
    }
  if (started)
    g_string_append_len (out, (const char *) s + copied, (gssize) (len - copied));
  return bad;
}

static void
append_group (GString *out, GMatchInfo *mi, const char *subject, int group)
{
  int start, end;
  if (g_match_info_fetch_pos (mi, group, &start, &end) && start >= 0)
    g_string_append_len (out, subject + start, end - start);
}

/* Replaces the first @what in @s by @with, as Python's str.replace(…, 1). */
static void
replace_first (GString *s, const char *what, gsize what_len, const char *with, gsize with_len)
{
  for (gsize i = 0; i + what_len <= s->len; i++)
    if (memcmp (s->str + i, what, what_len) == 0)
      {
        g_string_erase (s, (gssize) i, (gssize) what_len);
        g_string_insert_len (s, (gssize) i, with, (gssize) with_len);
        return;
      }
}

/* The reference's __replace_groups_with_hashed_content for one match: in a
 * copy of the replacement, for each group n in turn, the first `\H<n>` is
 * replaced by md5(group + salt) if the replacement holds `\H<n>`, else the
 * first `\<n>` by the group. */
static void
expand_hashed (ScalyrLogRules *rules, RedactionRule *r, GMatchInfo *mi, const char *subject, GString *out)
{
  GString *s = rules->hashed;
  g_string_truncate (s, 0);
  g_string_append_len (s, r->replacement, (gssize) r->replacement_len);
  for (int g = 1; g <= r->groups; g++)
    {
      int start = -1, end = -1;
      g_match_info_fetch_pos (mi, g, &start, &end);
      /* An unmatched group is None in the reference (which then fails). */
      const char *text = start >= 0 ? subject + start : "";
      gsize text_len = start >= 0 ? (gsize) (end - start) : 0;
      char ind[16];
      int ind_len = g_snprintf (ind, sizeof ind, r->hash_group[g] ? "\\H%d" : "\\%d", g);
      if (r->hash_group[g])
        {
          GChecksum *md5 = g_checksum_new (G_CHECKSUM_MD5);
          g_checksum_update (md5, (const guchar *) text, (gssize) text_len);
          g_checksum_update (md5, (const guchar *) r->salt, -1);
          const char *hex = g_checksum_get_string (md5);
          replace_first (s, ind, (gsize) ind_len, hex, strlen (hex));
          g_checksum_free (md5);
        }
      else
        replace_first (s, ind, (gsize) ind_len, text, text_len);
    }
  g_string_append_len (out, s->str, (gssize) s->len);
}

static void
expand_template (RedactionRule *r, GMatchInfo *mi, const char *subject, GString *out)
{
  for (guint k = 0; k < r->pieces->len; k++)
    {
      const TemplatePiece *p = &g_array_index (r->pieces, TemplatePiece, k);
      if (p->group < 0)
        g_string_append_len (out, r->literals->str + p->off, (gssize) p->len);
      else
        append_group (out, mi, subject, p->group);
    }
}

/* Replaces every match of @r in @subject into @out; FALSE when nothing
 * matched (@out then unused). */
static gboolean
redact (ScalyrLogRules *rules, RedactionRule *r, const char *subject, gsize len, GString *out, GError **error)
{
  GMatchInfo *mi = NULL;
  gboolean matched = g_regex_match_full (r->regex, subject, (gssize) len, 0, 0, &mi, error);
  if (!matched)
    {
      g_match_info_free (mi);
      return FALSE;
    }
  g_string_truncate (out, 0);
  gsize last = 0;
  do
    {
      int start, end;
      g_match_info_fetch_pos (mi, 0, &start, &end);
      g_string_append_len (out, subject + last, (gssize) ((gsize) start - last));
      if (r->hashed)
        expand_hashed (rules, r, mi, subject, out);
      else
        expand_template (r, mi, subject, out);
      last = (gsize) end;
    }
  while (g_match_info_next (mi, error));
  g_match_info_free (mi);
  if (error != NULL && *error != NULL)
    return FALSE;
  g_string_append_len (out, subject + last, (gssize) (len - last));
  return TRUE;
}

gboolean
scalyr_log_rules_apply (ScalyrLogRules   *rules,
                        const char       *line,
                        gsize             len,
                        ScalyrLineResult *result,
                        GError          **error)
{
  const char *text = line;
  gsize text_len = len;

  memset (result, 0, sizeof *result);
  result->invalid_utf8 = decode_utf8 ((const guchar *) line, len, rules->decoded);
  if (result->invalid_utf8 > 0)
    {
      text = rules->decoded->str;
      text_len = rules->decoded->len;
    }

  for (guint i = 0; i < rules->sampling->len; i++)
    {
      SamplingRule *r = rules->sampling->pdata[i];
      if (!g_regex_match_full (r->regex, text, (gssize) text_len, 0, 0, NULL, NULL))
        continue;
      /* As the reference: 0 and 1 without a draw, else random() < rate. */
      if (r->rate == 0 || (r->rate < 1 && g_rand_double (rules->rand) >= r->rate))
        return FALSE;
      if (r->rate < 1)
        {
          result->sample_rate_attr = r->attr;
          result->sample_rate_attr_len = r->attr_len;
        }
      break;
    }

  guint turn = 0;
  for (guint i = 0; i < rules->redaction->len; i++)
    {
      GString *out = rules->out[turn];
      g_autoptr(GError) local = NULL;
      if (redact (rules, rules->redaction->pdata[i], text, text_len, out, &local))
        {
          text = out->str;
          text_len = out->len;
          turn ^= 1;
          result->redacted = TRUE;
        }
      else if (local != NULL)
        {
          /* As the reference: nothing of a line that could not be redacted. */
          RedactionRule *r = rules->redaction->pdata[i];
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("redaction rule %u (“%s”) failed on a line, which is not sent: %s"), i,
                       g_regex_get_pattern (r->regex), local->message);
          result->message = "";
          result->length = 0;
          result->redacted = TRUE;
          return TRUE;
        }
    }
  result->message = text;
  result->length = text_len;
  return TRUE;
}
