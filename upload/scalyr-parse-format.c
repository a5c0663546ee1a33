/* scalyr-parse-format.c: parse_format json/cri of a logs entry
 * SPDX-License-Identifier: Apache-2.0
 *
 * The reference agent (scalyr_agent/log_processing.py, LogFileIterator.readline)
 * parses each line of a log whose parse_format is:
 *
 * - `json` (Docker's json-file): the line is decoded as UTF-8 with
 *   replacement and parsed; the member `json_message_field` ("log") is the
 *   message, as is (its \n kept), `json_timestamp_field` ("time"), when
 *   truthy, the timestamp (RFC 3339; unparsable: the wall clock), both
 *   removed; the other members, plus `raw_timestamp` (the time as written,
 *   include_raw_timestamp_field being true by default) unless a member has
 *   that name, are the event's own attributes. A line that is not a JSON
 *   object, or whose message is missing or not a string, or whose time is
 *   truthy but not a string, is sent as read, with a warning limited to one
 *   per 300 s.
 * - `cri`: `<time> <stdout|stderr> <tags> <message>`, the tags holding P
 *   (partial) or F (full). Messages are joined per stream until an F (or
 *   until they reach max_line_size bytes, or the partial waited too long),
 *   each piece losing its \n or \r\n, the whole ending with one \n; the
 *   event has the time of its first line and the attributes `stream` and
 *   `raw_timestamp` (the nanoseconds, a number).
 *
 * An event with own attributes sends those and its message only (the log's
 * attributes are in logs[].attrs), or only its message when every own
 * attribute has the log's value (Event.__get_attributes_to_serialize()).
 *
 * Here a "group" of lines is parsed at once from the read buffer: one line
 * for json, for cri the lines up to a point where no stream holds a partial
 * message. The uploader sends a group whole or not at all, so positions
 * (sn) stay the file offsets after each event's last line and nothing held
 * in memory is lost at a request boundary or a restart. */
#include "scalyr-parse-format-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-uploader.h"

#include <string.h>
#include "scalyr-i18n-private.h"

void
scalyr_parse_format_free (ScalyrParseFormat *format)
{
  if (format == NULL)
    return;
  g_free (format->message_field);
  g_free (format->timestamp_field);
  g_free (format);
}

static gboolean
bad_config (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_config (GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error_literal (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, msg);
  return FALSE;
}

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_STRING:
      return _("a string");
    default:
      return _("a number");
    }
}

static gboolean
optional_string (JsonObject *entry, const char *name, const char *fallback, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (entry, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup (fallback);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_config (error, _("field \"%s\" is %s; it must be a string, the name of a member of the JSON "
                         "lines, e.g. \"%s\""), name, node_kind (node), fallback);
  if (*json_node_get_string (node) == '\0')
    return bad_config (error, _("field \"%s\" is empty; give the name of a member of the JSON lines, e.g. \"%s\", "
                         "or remove it"), name, fallback);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

ScalyrParseFormat *
scalyr_parse_format_new (JsonObject  *entry,
                         GError     **error)
{
  ScalyrParseKind kind = SCALYR_PARSE_RAW;
  JsonNode *node = json_object_get_member (entry, "parse_format");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          bad_config (error, _("field \"parse_format\" is %s; it must be \"raw\" (the default), \"json\" (Docker's "
                        "json-file lines) or \"cri\" (CRI/containerd lines)"), node_kind (node));
          return NULL;
        }
      const char *s = json_node_get_string (node);
      if (g_str_equal (s, "json"))
        kind = SCALYR_PARSE_JSON;
      else if (g_str_equal (s, "cri"))
        kind = SCALYR_PARSE_CRI;
      else if (!g_str_equal (s, "raw"))
        {
          bad_config (error, _("field \"parse_format\" is \"%s\"; it must be \"raw\" (the default), \"json\" "
                        "(Docker's json-file lines) or \"cri\" (CRI/containerd lines)"), s);
          return NULL;
        }
    }
  /* The older parse_lines_as_json overrides parse_format, as in the reference. */
  node = json_object_get_member (entry, "parse_lines_as_json");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          bad_config (error, _("field \"parse_lines_as_json\" is %s; it must be true or false (or use "
                        "\"parse_format\": \"json\")"), node_kind (node));
          return NULL;
        }
      kind = json_node_get_boolean (node) ? SCALYR_PARSE_JSON : SCALYR_PARSE_RAW;
    }

  g_autofree char *message_field = NULL;
  g_autofree char *timestamp_field = NULL;
  if (!optional_string (entry, "json_message_field", "log", &message_field, error)
      || !optional_string (entry, "json_timestamp_field", "time", &timestamp_field, error))
    return NULL;
  if (kind == SCALYR_PARSE_RAW)
    return NULL;

  ScalyrParseFormat *format = g_new0 (ScalyrParseFormat, 1);
  format->kind = kind;
  format->message_field = g_steal_pointer (&message_field);
  format->timestamp_field = g_steal_pointer (&timestamp_field);
  return format;
}

/* ---- The parser of a log ---- */

typedef struct {
  gboolean active;
  gint64   ts;
  GString *message;
  gsize    payload;     /* bytes of the pieces, terminators included */
  gsize    raw_len;     /* bytes of its lines */
  gsize    end;         /* after its last line */
} CriPending;

struct _ScalyrLineParser
{
  const ScalyrParseFormat *format;
  char       *log_attrs_json;
  JsonObject *log_attrs;       /* parsed on first use */
  GString    *json_msg, *json_time, *json_attrs, *json_key;
  GString    *scratch;         /* messages and attrs of the group's events */
  GArray     *events;          /* ScalyrParsedEvent */
  CriPending  cri[2];          /* stdout, stderr */
  guint       unparsed;
  const char *reason;
};

ScalyrLineParser *
scalyr_line_parser_new (const ScalyrParseFormat *format,
                        const char              *log_attrs_json)
{
  ScalyrLineParser *p = g_new0 (ScalyrLineParser, 1);
  p->format = format;
  p->log_attrs_json = g_strdup (log_attrs_json);
  p->scratch = g_string_sized_new (4096);
  p->events = g_array_new (FALSE, TRUE, sizeof (ScalyrParsedEvent));
  p->json_msg = g_string_new (NULL);
  p->json_time = g_string_new (NULL);
  p->json_attrs = g_string_new (NULL);
  p->json_key = g_string_new (NULL);
  for (guint i = 0; i < 2; i++)
    p->cri[i].message = g_string_new (NULL);
  return p;
}

void
scalyr_line_parser_free (ScalyrLineParser *p)
{
  if (p == NULL)
    return;
  g_free (p->log_attrs_json);
  g_clear_pointer (&p->log_attrs, json_object_unref);
  g_string_free (p->json_msg, TRUE);
  g_string_free (p->json_time, TRUE);
  g_string_free (p->json_attrs, TRUE);
  g_string_free (p->json_key, TRUE);
  g_string_free (p->scratch, TRUE);
  g_array_unref (p->events);
  for (guint i = 0; i < 2; i++)
    g_string_free (p->cri[i].message, TRUE);
  g_free (p);
}

GArray *
scalyr_line_parser_get_events (ScalyrLineParser *p)
{
  return p->events;
}

guint
scalyr_line_parser_take_unparsed (ScalyrLineParser *p,
                                  const char      **reason)
{
  guint n = p->unparsed;
  if (reason != NULL)
    *reason = p->reason;
  p->unparsed = 0;
  return n;
}

static ScalyrParsedEvent *
add_event (ScalyrLineParser *p, gsize end, gsize raw_len)
{
  g_array_set_size (p->events, p->events->len + 1);
  ScalyrParsedEvent *ev = &g_array_index (p->events, ScalyrParsedEvent, p->events->len - 1);
  ev->end = end;
  ev->raw_len = raw_len;
  ev->message_off = -1;
  ev->attrs_off = -1;
  return ev;
}

static void
add_unparsed (ScalyrLineParser *p, const char *line, gsize len, gsize end, const char *reason)
{
  ScalyrParsedEvent *ev = add_event (p, end, len);
  ev->message = line;
  ev->message_len = len;
  ev->unparsed = TRUE;
  p->unparsed++;
  p->reason = reason;
}

static JsonObject *
log_attrs (ScalyrLineParser *p)
{
  if (p->log_attrs == NULL)
    {
      gsize n = strlen (p->log_attrs_json);
      g_autofree char *text = g_strdup_printf ("{%.*s}", (int) (n > 0 ? n - 1 : 0), p->log_attrs_json);
      g_autoptr(JsonNode) root = json_from_string (text, NULL);
      p->log_attrs = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root))
                                                                   : json_object_new ();
    }
  return p->log_attrs;
}

/* Whether @value differs from the log's attribute @name. */
static gboolean
differs_from_log (ScalyrLineParser *p, const char *name, JsonNode *value)
{
  JsonNode *mine = json_object_get_member (log_attrs (p), name);
  return mine == NULL || !json_node_equal (mine, value);
}

/* ---- JSON lines: a validating scanner of the top-level object ----
 *
 * The members other than the message and the time are copied as written
 * (valid JSON, the same values as Python's re-serialization); only the
 * message, the time and the keys are decoded. */

typedef struct {
  const char *p;
  const char *end;
} Scan;

static inline void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

static int
hex4 (const char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* A string at s->p (its opening quote): decoded into @out unless %NULL.
 * FALSE on a syntax error, or (when decoding) a lone surrogate, which
 * Python cannot encode back to UTF-8. */
static gboolean
scan_string (Scan *s, GString *out)
{
  const char *p = s->p + 1;
  for (;;)
    {
      const char *run = p;
      while (p < s->end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      if (out != NULL && p > run)
        g_string_append_len (out, run, p - run);
      if (p >= s->end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        {
          s->p = p + 1;
          return TRUE;
        }
      /* An escape. */
      if (p + 1 >= s->end)
        return FALSE;
      char c = p[1];
      p += 2;
      const char *simple = strchr ("\"\\/bfnrt", c);
      if (c != '\0' && simple != NULL)
        {
          if (out != NULL)
            g_string_append_c (out, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
          continue;
        }
      if (c != 'u' || s->end - p < 4)
        return FALSE;
      int u = hex4 (p);
      if (u < 0)
        return FALSE;
      p += 4;
      if (out == NULL)
        continue;
      if (u >= 0xd800 && u <= 0xdbff && s->end - p >= 6 && p[0] == '\\' && p[1] == 'u')
        {
          int lo = hex4 (p + 2);
          if (lo >= 0xdc00 && lo <= 0xdfff)
            {
              u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
              p += 6;
            }
        }
      if (u >= 0xd800 && u <= 0xdfff)
        return FALSE;
      g_string_append_unichar (out, (gunichar) u);
    }
}

static gboolean
scan_number (Scan *s)
{
  const char *p = s->p;
  if (p < s->end && *p == '-')
    p++;
  if (p >= s->end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < s->end && g_ascii_isdigit (*p))
      p++;
  if (p < s->end && *p == '.')
    {
      p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < s->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < s->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= s->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < s->end && g_ascii_isdigit (*p))
        p++;
    }
  s->p = p;
  return TRUE;
}

static gboolean
scan_literal (Scan *s, const char *word, gsize n)
{
  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* Any value at s->p (no leading white space), not decoded. */
static gboolean
scan_value (Scan *s, guint depth)
{
  if (s->p >= s->end || depth > 512)
    return FALSE;
  switch (*s->p)
    {
    case '"':
      return scan_string (s, NULL);
    case 't':
      return scan_literal (s, "true", 4);
    case 'f':
      return scan_literal (s, "false", 5);
    case 'n':
      return scan_literal (s, "null", 4);
    case '[':
    case '{':
      {
        gboolean object = *s->p == '{';
        char close = object ? '}' : ']';
        s->p++;
        skip_ws (s);
        if (s->p < s->end && *s->p == close)
          {
            s->p++;
            return TRUE;
          }
        for (;;)
          {
            if (object)
              {
                if (s->p >= s->end || *s->p != '"' || !scan_string (s, NULL))
                  return FALSE;
                skip_ws (s);
                if (s->p >= s->end || *s->p != ':')
                  return FALSE;
                s->p++;
                skip_ws (s);
              }
            if (!scan_value (s, depth + 1))
              return FALSE;
            skip_ws (s);
            if (s->p < s->end && *s->p == ',')
              {
                s->p++;
                skip_ws (s);
                continue;
              }
            if (s->p < s->end && *s->p == close)
              {
                s->p++;
                return TRUE;
              }
            return FALSE;
          }
      }
    default:
      return scan_number (s);
    }
}

/* Python's truth of a value that is not a string. */
static gboolean
span_truthy (const char *v, gsize n)
{
  switch (*v)
    {
    case 'n':
    case 'f':
      return FALSE;
    case 't':
      return TRUE;
    case '[':
    case '{':
      {
        Scan s = { v + 1, v + n };
        skip_ws (&s);
        return s.p < s.end - 1;
      }
    default:
      {
        g_autofree char *num = g_strndup (v, n);
        return g_ascii_strtod (num, NULL) != 0;
      }
    }
}

/* Whether the member @name = @v (@n bytes of JSON) differs from the log's. */
static gboolean
span_differs_from_log (ScalyrLineParser *p, const char *name, const char *v, gsize n)
{
  if (!json_object_has_member (log_attrs (p), name))
    return TRUE;
  g_autofree char *text = g_strndup (v, n);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  return node == NULL || differs_from_log (p, name, node);
}

static void
parse_json_line (ScalyrLineParser *p, const char *line, gsize len, gsize end)
{
  const ScalyrParseFormat *f = p->format;
  g_autofree char *valid = NULL;
  Scan s = { line, line + len };

  /* As Python, which decodes the line with replacement first. */
  if (G_UNLIKELY (!g_utf8_validate_len (line, len, NULL)))
    {
      valid = g_utf8_make_valid (line, (gssize) len);
      s.p = valid;
      s.end = valid + strlen (valid);
    }

  GString *msg = p->json_msg, *time = p->json_time, *attrs = p->json_attrs, *key = p->json_key;
  const char *msg_span = NULL, *time_span = NULL;
  gsize time_len = 0;
  gboolean has_raw_timestamp = FALSE, differs = FALSE, any = FALSE;
  g_string_truncate (attrs, 0);

  skip_ws (&s);
  if (s.p >= s.end || *s.p != '{')
    {
      add_unparsed (p, line, len, end, s.p < s.end && scan_value (&s, 0) ? "not a JSON object" : "not JSON");
      return;
    }
  s.p++;
  skip_ws (&s);
  gboolean ok = TRUE;
  if (s.p < s.end && *s.p == '}')
    s.p++;
  else
    for (;;)
      {
        g_string_truncate (key, 0);
        if (s.p >= s.end || *s.p != '"' || !scan_string (&s, key))
          {
            ok = FALSE;
            break;
          }
        skip_ws (&s);
        if (s.p >= s.end || *s.p != ':')
          {
            ok = FALSE;
            break;
          }
        s.p++;
        skip_ws (&s);
        const char *v = s.p;
        gboolean is_msg = g_str_equal (key->str, f->message_field);
        gboolean is_time = g_str_equal (key->str, f->timestamp_field);
        if ((is_msg || is_time) && v < s.end && *v == '"')
          {
            GString *out = is_msg ? msg : time;
            g_string_truncate (out, 0);
            if (!scan_string (&s, out))
              {
                ok = FALSE;
                break;
              }
          }
        else if (!scan_value (&s, 1))
          {
            ok = FALSE;
            break;
          }
        gsize vlen = (gsize) (s.p - v);
        if (is_msg)
          msg_span = v;
        if (is_time)
          {
            time_span = v;
            time_len = vlen;
          }
        if (!is_msg && !is_time)
          {
            any = TRUE;
            has_raw_timestamp = has_raw_timestamp || g_str_equal (key->str, "raw_timestamp");
            differs = differs || span_differs_from_log (p, key->str, v, vlen);
            scalyr_upload_json_escape (attrs, key->str, key->len);
            g_string_append_c (attrs, ':');
            g_string_append_len (attrs, v, (gssize) vlen);
            g_string_append_c (attrs, ',');
          }
        skip_ws (&s);
        if (s.p < s.end && *s.p == ',')
          {
            s.p++;
            skip_ws (&s);
            continue;
          }
        if (s.p < s.end && *s.p == '}')
          {
            s.p++;
            break;
          }
        ok = FALSE;
        break;
      }
  skip_ws (&s);
  if (!ok || s.p != s.end)
    {
      add_unparsed (p, line, len, end, "not JSON");
      return;
    }
  gboolean time_truthy = time_span != NULL && (*time_span == '"' ? time->len > 0 : span_truthy (time_span, time_len));
  if (time_truthy && *time_span != '"')
    {
      add_unparsed (p, line, len, end, "the json_timestamp_field member is not a string");
      return;
    }
  if (msg_span == NULL || *msg_span == 'n')
    {
      add_unparsed (p, line, len, end, "no json_message_field member");
      return;
    }
  if (*msg_span != '"')
    {
      add_unparsed (p, line, len, end, "the json_message_field member is not a string");
      return;
    }

  ScalyrParsedEvent *ev = add_event (p, end, len);
  ev->message_off = (gssize) p->scratch->len;
  ev->message_len = msg->len;
  g_string_append_len (p->scratch, msg->str, (gssize) msg->len);
  if (time_truthy)
    {
      ev->has_ts = scalyr_parse_rfc3339 (time->str, time->len, &ev->ts);
      if (!has_raw_timestamp)
        {
          any = TRUE;
          g_string_append (attrs, "\"raw_timestamp\":");
          g_string_append_len (attrs, time_span, (gssize) time_len);
          g_string_append_c (attrs, ',');
          differs = differs || span_differs_from_log (p, "raw_timestamp", time_span, time_len);
        }
    }
  if (any)
    {
      ev->attrs_off = (gssize) p->scratch->len;
      ev->attrs_len = differs ? attrs->len : 0;
      g_string_append_len (p->scratch, attrs->str, (gssize) attrs->len);
    }
}

static void
cri_strip_append (GString *out, const char *s, gsize n)
{
  if (n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n')
    n -= 2;
  else if (n >= 1 && s[n - 1] == '\n')
    n -= 1;
  g_string_append_len (out, s, (gssize) n);
}

static void
cri_emit (ScalyrLineParser *p, guint stream)
{
  CriPending *c = &p->cri[stream];
  ScalyrParsedEvent *ev = add_event (p, c->end, c->raw_len);
  ev->has_ts = TRUE;
  ev->ts = c->ts;
  ev->message_off = (gssize) p->scratch->len;
  g_string_append_len (p->scratch, c->message->str, (gssize) c->message->len);
  g_string_append_c (p->scratch, '\n');
  ev->message_len = c->message->len + 1;

  gsize attrs_start = p->scratch->len;
  g_string_append (p->scratch, stream ? "\"stream\":\"stderr\",\"raw_timestamp\":"
                                      : "\"stream\":\"stdout\",\"raw_timestamp\":");
  g_string_append_printf (p->scratch, "%" G_GINT64_FORMAT ",", c->ts);
  ev->attrs_off = (gssize) attrs_start;
  ev->attrs_len = p->scratch->len - attrs_start;
  JsonObject *la = log_attrs (p);
  if (json_object_has_member (la, "stream") || json_object_has_member (la, "raw_timestamp"))
    {
      /* Only when both equal the log's: the event then sends its message only. */
      g_autoptr(JsonNode) s = json_node_init_string (json_node_alloc (), stream ? "stderr" : "stdout");
      g_autoptr(JsonNode) t = json_node_init_int (json_node_alloc (), c->ts);
      if (!differs_from_log (p, "stream", s) && !differs_from_log (p, "raw_timestamp", t))
        ev->attrs_len = 0;
    }
  c->active = FALSE;
}

static int
compare_end (gconstpointer a, gconstpointer b)
{
  gsize x = ((const ScalyrParsedEvent *) a)->end, y = ((const ScalyrParsedEvent *) b)->end;
  return x < y ? -1 : x > y;
}

static void
resolve (ScalyrLineParser *p)
{
  if (p->events->len > 1)
    g_array_sort (p->events, compare_end);
  for (guint i = 0; i < p->events->len; i++)
    {
      ScalyrParsedEvent *ev = &g_array_index (p->events, ScalyrParsedEvent, i);
      if (ev->message_off >= 0)
        ev->message = p->scratch->str + ev->message_off;
      if (ev->attrs_off >= 0)
        ev->attrs = p->scratch->str + ev->attrs_off;
    }
}

gsize
scalyr_line_parser_parse (ScalyrLineParser *p,
                          const char       *buf,
                          gsize             len,
                          ScalyrParseMode   mode,
                          gsize             max_line)
{
  gsize pos = 0;

  g_array_set_size (p->events, 0);
  g_string_truncate (p->scratch, 0);
  p->cri[0].active = p->cri[1].active = FALSE;
  if (len == 0)
    return 0;

  for (;;)
    {
      const char *line = buf + pos;
      const char *nl = memchr (line, '\n', len - pos);
      gsize line_len;
      if (nl != NULL)
        line_len = (gsize) (nl - line) + 1;
      else if (mode == SCALYR_PARSE_FLUSH_ALL && pos == 0)
        line_len = len;      /* a last line without its end, alone */
      else
        break;
      gsize end = pos + line_len;

      if (p->format->kind == SCALYR_PARSE_JSON)
        {
          parse_json_line (p, line, line_len, end);
          pos = end;
          break;
        }

      ScalyrCriLine cl;
      if (!scalyr_parse_cri_line (line, line_len, &cl))
        add_unparsed (p, line, line_len, end, "not a CRI line");
      else
        {
          CriPending *c = &p->cri[cl.is_stderr];
          if (!c->active)
            {
              c->active = TRUE;
              c->ts = cl.ts;
              c->payload = 0;
              c->raw_len = 0;
              g_string_truncate (c->message, 0);
            }
          cri_strip_append (c->message, cl.message, cl.message_len);
          c->payload += cl.message_len;
          c->raw_len += line_len;
          c->end = end;
          if (!cl.partial || c->payload >= max_line)
            cri_emit (p, cl.is_stderr);
        }
      pos = end;
      if (!p->cri[0].active && !p->cri[1].active)
        break;
      if (pos == len)
        break;
    }

  if (p->cri[0].active || p->cri[1].active)
    {
      if (mode == SCALYR_PARSE_WAIT)
        {
          g_array_set_size (p->events, 0);
          return 0;
        }
      for (guint s = 0; s < 2; s++)
        if (p->cri[s].active)
          cri_emit (p, s);
    }
  if (pos == 0)
    {
      if (mode != SCALYR_PARSE_FLUSH_LINES)
        return 0;
      /* No line end in a full buffer: a fragment, sent as read. */
      pos = MIN (len, max_line);
      add_unparsed (p, buf, pos, pos, _("a line longer than the read buffer"));
    }
  resolve (p);
  return pos;
}
