/* scalyr-log-matcher.c: a `logs` entry of the agent configuration, checked
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-log-matcher-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-uploader.h"

#include <fnmatch.h>
#include <string.h>
#include "scalyr-i18n-private.h"

void
scalyr_log_matcher_free (LogMatcher *m)
{
  g_free (m->glob);
  g_free (m->parser);
  g_clear_pointer (&m->attributes, json_object_unref);
  g_strfreev (m->exclude);
  g_free (m->rename_template);
  g_clear_pointer (&m->rename_regex, g_regex_unref);
  g_free (m->rename_replacement);
  scalyr_log_rules_free (m->rules);
  scalyr_line_groupers_free (m->groupers);
  scalyr_parse_format_free (m->parse_format);
  g_free (m);
}

/* Whether @path, matched by the `path` glob of @m, is excluded. A pattern
 * with a slash is matched against the whole path, `*` not crossing a `/`
 * (FNM_PATHNAME, as glob(3) matches `path`); one without a slash against
 * the file's name, so that `*.gz` excludes every compressed file as in the
 * reference (whose fnmatch lets `*` cross slashes). Leading dots are not
 * special: an exclusion covers hidden files too. */
gboolean
scalyr_log_matcher_excludes (LogMatcher *m, const char *path)
{
  const char *base = strrchr (path, '/');

  base = base != NULL ? base + 1 : path;
  for (guint i = 0; m->exclude != NULL && m->exclude[i] != NULL; i++)
    {
      const char *pattern = m->exclude[i];
      if (strchr (pattern, '/') != NULL ? fnmatch (pattern, path, FNM_PATHNAME) == 0
                                        : fnmatch (pattern, base, 0) == 0)
        return TRUE;
    }
  return FALSE;
}

/* rename_logfile templates, as Python's string.Template: $NAME, ${NAME},
 * $$; NAME is PATH<n> (the n-th component of the path, PATH1 being "/"),
 * BASENAME or BASENAME_NO_EXT. With @path NULL the template is only
 * checked. Returns the expansion, or NULL with @error set. */
static char *
expand_rename_template (const char *tmpl, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  g_autofree char *base = NULL;
  g_autofree char *base_no_ext = NULL;
  guint n_parts = 0;

  if (path != NULL)
    {
      g_auto(GStrv) split = g_strsplit (path, "/", -1);
      g_autoptr(GPtrArray) a = g_ptr_array_new ();
      if (path[0] == '/')
        g_ptr_array_add (a, g_strdup ("/"));
      for (guint i = 0; split[i] != NULL; i++)
        if (split[i][0] != '\0')
          g_ptr_array_add (a, g_strdup (split[i]));
      n_parts = a->len;
      g_ptr_array_add (a, NULL);
      parts = (GStrv) g_ptr_array_free (g_steal_pointer (&a), FALSE);
      base = g_path_get_basename (path);
      /* os.path.splitext: the last dot not among the leading ones. */
      const char *q = base;
      while (*q == '.')
        q++;
      const char *dot = strrchr (q, '.');
      base_no_ext = dot != NULL ? g_strndup (base, (gsize) (dot - base)) : g_strdup (base);
    }

  for (const char *p = tmpl; *p != '\0'; p++)
    {
      if (*p != '$')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == '$')
        {
          g_string_append_c (out, '$');
          continue;
        }
      gboolean braced = *p == '{';
      if (braced)
        p++;
      const char *start = p;
      if (g_ascii_isalpha (*p) || *p == '_')
        while (g_ascii_isalnum (*p) || *p == '_')
          p++;
      if (p == start || (braced && *p != '}'))
        {
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("invalid placeholder at offset %u of “%s”; write $NAME or ${NAME} (PATH1, PATH2…, "
                         "BASENAME or BASENAME_NO_EXT), and $$ for a dollar sign"), (guint) (start - tmpl), tmpl);
          return NULL;
        }
      g_autofree char *name = g_strndup (start, (gsize) (p - start));
      if (!braced)
        p--;
      const char *value = NULL;
      if (g_str_equal (name, "BASENAME"))
        value = base;
      else if (g_str_equal (name, "BASENAME_NO_EXT"))
        value = base_no_ext;
      else if (g_str_has_prefix (name, "PATH") && name[4] >= '1' && name[4] <= '9'
               && strspn (name + 4, "0123456789") == strlen (name + 4))
        {
          guint64 index = g_ascii_strtoull (name + 4, NULL, 10);
          if (path != NULL && (index > n_parts || index == 0))
            {
              g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                           _("$%s in “%s”: %s has only %u path components"), name, tmpl, path, n_parts);
              return NULL;
            }
          if (path != NULL)
            value = parts[index - 1];
        }
      else
        {
          g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG,
                       _("unknown variable $%s in “%s”; the variables are PATH1, PATH2… (the path's components, "
                         "PATH1 being /), BASENAME and BASENAME_NO_EXT"), name, tmpl);
          return NULL;
        }
      if (value != NULL)
        g_string_append (out, value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The `logfile` attribute of @path by rename_logfile; NULL: not renamed. */
char *
scalyr_log_matcher_rename (LogMatcher *m, const char *path, ScalyrAgentLogger *logger)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed = NULL;

  if (m->rename_template != NULL)
    renamed = expand_rename_template (m->rename_template, path, &error);
  else if (m->rename_regex != NULL)
    {
      renamed = g_regex_replace (m->rename_regex, path, -1, 0, m->rename_replacement, 0, &error);
      if (renamed != NULL && g_str_equal (renamed, path))
        scalyr_warning (logger, _("rename_logfile: regex '%s' did not change the name of %s"),
                        g_regex_get_pattern (m->rename_regex), path);
    }
  else
    return NULL;
  if (renamed == NULL)
    {
      scalyr_warning (logger, _("rename_logfile: %s; %s keeps its name"), error->message, path);
      return NULL;
    }
  if (g_str_equal (renamed, path))
    return NULL;
  return g_steal_pointer (&renamed);
}

/* ignore_stale_files: not written for staleness_threshold_secs */
gboolean
scalyr_log_matcher_is_stale (LogMatcher *m,
                             time_t      mtime)
{
  return (double) (g_get_real_time () / G_USEC_PER_SEC - (gint64) mtime) > m->staleness_threshold;
}

G_GNUC_PRINTF (3, 4)
static gpointer
entry_error (GError **error, const char *path, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *what = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (path != NULL)
    g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, _("logs entry “%s”: %s"), path, what);
  else
    g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, _("logs entry: %s"), what);
  return NULL;
}

/* The whole of a `logs` entry, checked (see scalyr_uploader_add_log_entry()
 * for the members): NULL with @error set (naming the entry, the field and
 * the fix) if it is not valid. */
LogMatcher *
scalyr_log_matcher_new (JsonObject *entry,
                        GError    **error)
{
  JsonNode *node = json_object_get_member (entry, "path");
  if (node == NULL)
    return entry_error (error, NULL, _("the required field \"path\" is missing; set it to the file (or glob) to copy, "
                          "e.g. \"/var/log/app/*.log\""));
  if (!scalyr_upload_json_is_string (node))
    return entry_error (error, NULL, _("field \"path\" is %s; it must be a string, the file (or glob) to copy"),
                        scalyr_upload_json_kind (node));
  const char *path = json_node_get_string (node);
  if (*path == '\0')
    return entry_error (error, NULL, _("field \"path\" is empty; set it to the file (or glob) to copy"));
  if (!g_path_is_absolute (path))
    return entry_error (error, path, _("field \"path\" is not absolute; give the full path, starting with /"));

  g_autoptr(GStrvBuilder) exclude = g_strv_builder_new ();
  node = json_object_get_member (entry, "exclude");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return entry_error (error, path, _("field \"exclude\" is %s; it must be an array of globs, "
                              "e.g. [\"*.gz\", \"/var/log/app/debug-*.log\"]"), scalyr_upload_json_kind (node));
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (!scalyr_upload_json_is_string (e))
            return entry_error (error, path, _("element %u of field \"exclude\" is %s; it must be a string, a glob "
                                  "such as \"*.gz\""), i, scalyr_upload_json_kind (e));
          if (*json_node_get_string (e) == '\0')
            return entry_error (error, path, _("element %u of field \"exclude\" is empty; give a glob such as "
                                  "\"*.gz\" or remove it"), i);
          g_strv_builder_add (exclude, json_node_get_string (e));
        }
    }

  JsonObject *attributes = NULL;
  node = json_object_get_member (entry, "attributes");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return entry_error (error, path, _("field \"attributes\" is %s; it must be an object of attribute names "
                              "and values, e.g. { \"app\": \"web\" }"), scalyr_upload_json_kind (node));
      attributes = json_node_get_object (node);
    }

  const char *parser = NULL;
  node = json_object_get_member (entry, "parser");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!scalyr_upload_json_is_string (node))
        return entry_error (error, path, _("field \"parser\" is %s; it must be a string, the name of a parser "
                              "such as \"accessLog\""), scalyr_upload_json_kind (node));
      parser = json_node_get_string (node);
    }
  else if (attributes != NULL && (node = json_object_get_member (attributes, "parser")) != NULL
           && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!scalyr_upload_json_is_string (node))
        return entry_error (error, path, _("field \"attributes.parser\" is %s; it must be a string, the name of "
                              "a parser such as \"accessLog\""), scalyr_upload_json_kind (node));
      parser = json_node_get_string (node);
    }

  gboolean copy_from_start = FALSE;
  node = json_object_get_member (entry, "copy_from_start");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return entry_error (error, path, _("field \"copy_from_start\" is %s; it must be true or false"),
                            scalyr_upload_json_kind (node));
      copy_from_start = json_node_get_boolean (node);
    }

  g_autofree char *rename_template = NULL;
  g_autoptr(GRegex) rename_regex = NULL;
  g_autofree char *rename_replacement = NULL;
  node = json_object_get_member (entry, "rename_logfile");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GError) local = NULL;
      if (scalyr_upload_json_is_string (node))
        {
          const char *tmpl = json_node_get_string (node);
          g_autofree char *checked = expand_rename_template (tmpl, NULL, &local);
          if (checked == NULL)
            return entry_error (error, path, _("field \"rename_logfile\": %s"), local->message);
          if (*tmpl == '\0')
            return entry_error (error, path, _("field \"rename_logfile\" is empty; give the name to send, "
                                  "e.g. \"/app/$BASENAME\", or remove it"));
          rename_template = g_strdup (tmpl);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);
          JsonNode *match = json_object_get_member (o, "match");
          JsonNode *replacement = json_object_get_member (o, "replacement");
          if (!scalyr_upload_json_is_string (match) || !scalyr_upload_json_is_string (replacement))
            return entry_error (error, path, _("field \"rename_logfile\" is an object without the string "
                                  "members \"match\" and \"replacement\"; give both, e.g. { \"match\": "
                                  "\"/var/log/(.*)\", \"replacement\": \"/app/\\\\1\" }, or use a string template"));
          rename_regex = g_regex_new (json_node_get_string (match), 0, 0, &local);
          if (rename_regex == NULL)
            return entry_error (error, path, _("field \"rename_logfile.match\" is not a valid regular expression: %s"),
                                local->message);
          if (!g_regex_check_replacement (json_node_get_string (replacement), NULL, &local))
            return entry_error (error, path, _("field \"rename_logfile.replacement\" is not a valid replacement: %s"),
                                local->message);
          rename_replacement = g_strdup (json_node_get_string (replacement));
        }
      else
        return entry_error (error, path, _("field \"rename_logfile\" is %s; it must be a string template such as "
                              "\"/app/$BASENAME\" or an object { \"match\": regex, \"replacement\": text }"),
                            scalyr_upload_json_kind (node));
    }

  gboolean ignore_stale = FALSE;
  node = json_object_get_member (entry, "ignore_stale_files");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return entry_error (error, path, _("field \"ignore_stale_files\" is %s; it must be true or false"),
                            scalyr_upload_json_kind (node));
      ignore_stale = json_node_get_boolean (node);
    }
  double staleness = 300;
  node = json_object_get_member (entry, "staleness_threshold_secs");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      GType t = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
        return entry_error (error, path, _("field \"staleness_threshold_secs\" is %s; it must be a number of "
                              "seconds, e.g. 300"), scalyr_upload_json_kind (node));
      staleness = json_node_get_double (node);
      if (!(staleness > 0))
        return entry_error (error, path, _("field \"staleness_threshold_secs\" is %g; it must be more than 0 "
                              "seconds, e.g. 300"), staleness);
    }

  g_autoptr(GError) rules_error = NULL;
  ScalyrLogRules *rules = scalyr_log_rules_new (json_object_get_member (entry, "redaction_rules"),
                                                json_object_get_member (entry, "sampling_rules"), &rules_error);
  if (rules_error != NULL)
    return entry_error (error, path, "%s", rules_error->message);
  g_autoptr(GError) groupers_error = NULL;
  ScalyrLineGroupers *groupers = scalyr_line_groupers_new (json_object_get_member (entry, "lineGroupers"),
                                                           &groupers_error);
  if (groupers_error != NULL)
    {
      scalyr_log_rules_free (rules);
      return entry_error (error, path, "%s", groupers_error->message);
    }

  g_autoptr(GError) format_error = NULL;
  ScalyrParseFormat *parse_format = scalyr_parse_format_new (entry, &format_error);
  if (format_error != NULL)
    {
      scalyr_log_rules_free (rules);
      scalyr_line_groupers_free (groupers);
      return entry_error (error, path, "%s", format_error->message);
    }

  LogMatcher *m = g_new0 (LogMatcher, 1);
  m->rules = rules;
  m->groupers = groupers;
  m->parse_format = parse_format;
  m->glob = g_strdup (path);
  m->parser = g_strdup (parser);
  m->attributes = attributes != NULL ? json_object_ref (attributes) : NULL;
  m->copy_from_start = copy_from_start;
  m->ignore_stale = ignore_stale;
  m->staleness_threshold = staleness;
  m->exclude = g_strv_builder_end (exclude);
  if (m->exclude[0] == NULL)
    g_clear_pointer (&m->exclude, g_strfreev);
  m->rename_template = g_steal_pointer (&rename_template);
  m->rename_regex = g_steal_pointer (&rename_regex);
  m->rename_replacement = g_steal_pointer (&rename_replacement);
  return m;
}
