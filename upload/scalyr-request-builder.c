/* scalyr-request-builder.c: an addEvents request built from the lines of
 * the logs: events, body, size limit, compression
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-request-builder-private.h"
#include "scalyr-compressor-private.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-clamp-private.h"

#include <string.h>
#include "scalyr-i18n-private.h"

/* The request body and the compressor with its output buffer: shared (an
 * atomic rc box) with the GBytes of the request in flight, which libsoup
 * may hold after the uploader is gone. */
typedef struct {
  GString          *body;
  ScalyrCompressor *compressor;
} RequestBuffers;

struct _ScalyrRequestBuilder
{
  ScalyrAgentLogger *logger;
  ScalyrRequestBuilderOptions options;   /* max_line_size at most the read buffer */

  char              *api_key;
  char              *session;
  char              *server_host;
  JsonObject        *server_attributes;

  /* The request being sent (and resent). */
  RequestBuffers    *buffers;
  GString           *body;          /* buffers->body: without client_time and the closing brace,
                                     * except while a request is in flight */
  gsize              body_base;     /* its length without client_time */
  guint              body_events;
  gboolean           body_full;
  guint              current_limit;
  gint64             last_ts;
  char              *read_buf;
};

static void
request_buffers_clear (RequestBuffers *rb)
{
  g_string_free (rb->body, TRUE);
  scalyr_compressor_free (rb->compressor);
}

static void
request_buffers_release (gpointer rb)
{
  g_atomic_rc_box_release_full (rb, (GDestroyNotify) request_buffers_clear);
}

ScalyrRequestBuilder *
scalyr_request_builder_new (void)
{
  ScalyrRequestBuilder *self = g_new0 (ScalyrRequestBuilder, 1);

  self->options = (ScalyrRequestBuilderOptions) {
    .max_request_size = 5900000, .min_request_size = 102400, .max_line_size = 49900,
    .line_completion_wait = 5, .compression = SCALYR_COMPRESSION_DEFLATE, .compression_level = -1,
  };
  self->current_limit = self->options.max_request_size;
  self->buffers = g_atomic_rc_box_new0 (RequestBuffers);
  self->buffers->body = self->body = g_string_sized_new (65536);
  self->buffers->compressor = scalyr_compressor_new ();
  return self;
}

void
scalyr_request_builder_free (ScalyrRequestBuilder *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->logger);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->session);
  g_free (self->server_host);
  g_clear_pointer (&self->server_attributes, json_object_unref);
  g_free (self->read_buf);
  request_buffers_release (self->buffers);
  g_free (self);
}

void
scalyr_request_builder_configure (ScalyrRequestBuilder              *self,
                                  const ScalyrRequestBuilderOptions *options,
                                  ScalyrAgentLogger                 *logger)
{
  g_set_object (&self->logger, logger);
  self->options = *options;
  self->options.max_line_size = MIN (options->max_line_size, 65536u);
  self->current_limit = options->max_request_size;
  if (self->read_buf == NULL)
    self->read_buf = g_malloc (65536);
  /* Sized once for the largest request (plus an event over the limit, which
   * is taken out again): no doubling copies; untouched pages cost nothing. */
  if (self->body->len == 0)
    {
      g_string_set_size (self->body, (gsize) self->options.max_request_size + 8 * 65536u + 4096);
      g_string_truncate (self->body, 0);
    }
}

void
scalyr_request_builder_set_session (ScalyrRequestBuilder *self,
                                    const char           *api_key,
                                    const char           *session,
                                    const char           *server_host,
                                    JsonObject           *server_attributes)
{
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  g_free (self->session);
  self->session = g_strdup (session);
  g_free (self->server_host);
  self->server_host = g_strdup (server_host);
  if (server_attributes != self->server_attributes)
    {
      g_clear_pointer (&self->server_attributes, json_object_unref);
      self->server_attributes = json_object_ref (server_attributes);
    }
}

static void
append_json_node (GString *out, JsonNode *node)
{
  g_autofree char *s = json_to_string (node, FALSE);
  g_string_append (out, s);
}

/* Writes the decimal digits of @v at @d; returns the end. */
static inline char *
put_u64 (char *d, guint64 v)
{
  char buf[20];
  char *p = buf + sizeof buf;
  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  gsize n = (gsize) (buf + sizeof buf - p);
  memcpy (d, p, n);
  return d + n;
}

static inline char *
put (char *d, const char *s, gsize n)
{
  memcpy (d, s, n);
  return d + n;
}

static void
append_u64 (GString *out, guint64 v)
{
  char buf[20];
  g_string_append_len (out, buf, put_u64 (buf, v) - buf);
}

/* The parts of a log's events that do not change within a request. */
typedef struct {
  char  *head;          /* {"thread":"log_1","log":"log_1","ts":" */
  gsize  head_len;
  char  *si_head;       /* ","si":"<si>","sn": */
  gsize  si_head_len;
  char  *attrs;         /* ,"attrs":{<attrs>"message": */
  gsize  attrs_len;
  gsize  tables_len;    /* its threads and logs entries, with commas */
} EventParts;

static void
event_parts_init (EventParts *ep, ScalyrLogFile *log)
{
  ep->head = g_strconcat ("{\"thread\":\"", log->id_str, "\",\"log\":\"", log->id_str, "\",\"ts\":\"", NULL);
  ep->head_len = strlen (ep->head);
  ep->si_head = g_strconcat ("\",\"si\":\"", log->si, "\",\"sn\":", NULL);
  ep->si_head_len = strlen (ep->si_head);
  ep->attrs = g_strconcat (",\"attrs\":{", log->attrs_json, "\"message\":", NULL);
  ep->attrs_len = strlen (ep->attrs);
  ep->tables_len = strlen (log->table_logs) + strlen (log->table_threads) + 2;
}

static void
event_parts_clear (EventParts *ep)
{
  g_free (ep->head);
  g_free (ep->si_head);
  g_free (ep->attrs);
}

/* ts: nanoseconds, strictly increasing. The clock is read once per page
 * of lines (@now_ns), later events of it follow by 1 ns. */
static inline gint64
next_ts (ScalyrRequestBuilder *self, gint64 now_ns)
{
  gint64 ts = now_ns > self->last_ts ? now_ns : self->last_ts + 1;
  self->last_ts = ts;
  return ts;
}

/* Appends the event of @line (preceded by a comma unless it is the first)
 * with @ts, @extra (attributes after message, with a leading comma) in its
 * attrs, which hold @own_attrs (members each followed by a comma) instead
 * of the log's attributes unless it is %NULL. */
static void
append_event_full (ScalyrRequestBuilder *self, GString *out, ScalyrLogFile *log, ScalyrLogFile *prev, const EventParts *ep,
                   gint64 ts, const char *own_attrs, gsize own_attrs_len,
                   const char *line, gsize len, guint64 end_offset, const char *extra, gsize extra_len)
{
  guint64 sn = log->sn_mark + (end_offset - log->mark);
  gsize max = 1 + ep->head_len + 21 + ep->si_head_len + 20 + ep->attrs_len + own_attrs_len + 12
              + SCALYR_JSON_ESCAPE_MAX (len) + extra_len + 2;

  if (out->allocated_len - out->len <= max)
    {
      gsize len0 = out->len;
      g_string_set_size (out, len0 + max);
      g_string_truncate (out, len0);
    }

  char *d = out->str + out->len;
  if (self->body_events > 0)
    *d++ = ',';
  d = put (d, ep->head, ep->head_len);
  if (G_UNLIKELY (ts < 0))
    {
      *d++ = '-';
      d = put_u64 (d, -(guint64) ts);
    }
  else
    d = put_u64 (d, (guint64) ts);
  if (prev == log)
    {
      /* Past lines dropped by sampling too. */
      guint64 prev_sn = log->sn_mark + (log->event_end - log->mark);
      d = put (d, "\",\"sd\":", 7);
      d = put_u64 (d, sn - prev_sn);
    }
  else
    {
      d = put (d, ep->si_head, ep->si_head_len);
      d = put_u64 (d, sn);
    }
  if (G_LIKELY (own_attrs == NULL))
    d = put (d, ep->attrs, ep->attrs_len);
  else
    {
      d = put (d, ",\"attrs\":{", 10);
      d = put (d, own_attrs, own_attrs_len);
      d = put (d, "\"message\":", 10);
    }
  d += scalyr_upload_json_escape_to (d, line, len, &log->invalid_utf8);
  if (extra_len > 0)
    d = put (d, extra, extra_len);
  d = put (d, "}}", 2);
  out->len = (gsize) (d - out->str);
  out->str[out->len] = '\0';
}

static inline void
append_event (ScalyrRequestBuilder *self, GString *out, ScalyrLogFile *log, ScalyrLogFile *prev, const EventParts *ep,
              gint64 now_ns, const char *line, gsize len, guint64 end_offset, const char *extra, gsize extra_len)
{
  append_event_full (self, out, log, prev, ep, next_ts (self, now_ns), NULL, 0, line, len, end_offset,
                     extra, extra_len);
}

typedef struct {
  GString   *threads;
  GString   *logs;
  ScalyrLogFile *prev;
  guint64    unsent;   /* bytes of lines without an event (sampling, redaction) */
} BuildState;

/* The rules of @log's entry on one message; the invalid UTF-8 count and
 * the first rule error (logged once per file) are taken care of. */
static gboolean
log_apply_rules (ScalyrRequestBuilder *self, ScalyrLogFile *log, const char *msg, gsize len, ScalyrLineResult *r)
{
  g_autoptr(GError) rule_error = NULL;
  gboolean keep = scalyr_log_rules_apply (log->matcher->rules, msg, len, r, &rule_error);

  log->invalid_utf8 += r->invalid_utf8;
  if (rule_error != NULL && !log->rule_error_logged)
    {
      scalyr_warning (self->logger, _("%s: %s (logged once per file)"), log->path, rule_error->message);
      log->rule_error_logged = TRUE;
    }
  return keep;
}

/* Whether the request, with @log's tables if it is not in it yet, is over
 * the size limit. */
static gboolean
request_over_limit (ScalyrRequestBuilder *self, BuildState *st, ScalyrLogFile *log, const EventParts *ep)
{
  gsize tables = log->in_request ? 0 : ep->tables_len;
  return self->body->len + st->threads->len + st->logs->len + tables + 64 > self->current_limit;
}

/* @log's entries in the request's threads and logs tables, once. */
static void
log_join_request (ScalyrLogFile *log, BuildState *st)
{
  if (log->in_request)
    return;
  log->in_request = TRUE;
  if (st->threads->len > 0)
    g_string_append_c (st->threads, ',');
  g_string_append (st->threads, log->table_threads);
  if (st->logs->len > 0)
    g_string_append_c (st->logs, ',');
  g_string_append (st->logs, log->table_logs);
}

/* Bounds the time spent on a backlog that is all dropped by the rules:
 * past 4 request sizes the request counts as full, the next one follows. */
static gboolean
dropped_backlog_full (ScalyrRequestBuilder *self, BuildState *st)
{
  if (st->unsent <= 4 * (guint64) self->current_limit)
    return FALSE;
  self->body_full = TRUE;
  return TRUE;
}

/* parse_format json/cri: commits the events of a group of @used bytes at
 * log->read (scalyr-parse-format.c), all or none; FALSE when the request
 * is full. */
static gboolean
log_add_parsed (ScalyrRequestBuilder *self, ScalyrLogFile *log, BuildState *st, const EventParts *ep, gint64 now_ns,
                gsize used)
{
  GArray *events = scalyr_line_parser_get_events (log->line_parser);
  ScalyrLogRules *rules = log->matcher->rules;
  const gsize before = self->body->len;
  const gint64 last_ts = self->last_ts;
  const guint body_events = self->body_events;
  ScalyrLogFile *const prev = st->prev;
  const guint64 event_end = log->event_end;
  guint64 redacted = 0, sampled_out = 0, sampled_out_bytes = 0, unsent = 0;

  for (guint i = 0; i < events->len; i++)
    {
      const ScalyrParsedEvent *ev = &g_array_index (events, ScalyrParsedEvent, i);
      const char *msg = ev->message;
      gsize msg_len = ev->message_len;
      const char *extra = NULL;
      gsize extra_len = 0;
      if (G_UNLIKELY (rules != NULL))
        {
          /* As the reference: the rules see the parsed message. */
          ScalyrLineResult r;
          gboolean keep = log_apply_rules (self, log, msg, msg_len, &r);
          if (!keep)
            {
              sampled_out++;
              sampled_out_bytes += ev->raw_len;
            }
          if (!keep || r.length == 0)
            {
              redacted += keep && r.redacted;
              unsent += ev->raw_len;
              continue;
            }
          msg = r.message;
          msg_len = r.length;
          extra = r.sample_rate_attr;
          extra_len = r.sample_rate_attr_len;
          redacted += r.redacted;
        }
      append_event_full (self, self->body, log, st->prev, ep, ev->has_ts ? ev->ts : next_ts (self, now_ns),
                         ev->attrs, ev->attrs_len, msg, msg_len, log->read + ev->end, extra, extra_len);
      self->body_events++;
      st->prev = log;
      log->event_end = log->read + ev->end;
    }
  if (self->body_events > body_events)
    {
      if (request_over_limit (self, st, log, ep) && body_events > 0)
        {
          g_string_truncate (self->body, before);
          self->last_ts = last_ts;
          self->body_events = body_events;
          st->prev = prev;
          log->event_end = event_end;
          self->body_full = TRUE;
          return FALSE;
        }
      log_join_request (log, st);
    }
  log->pending_redacted += redacted;
  log->pending_sampled_out += sampled_out;
  log->pending_sampled_out_bytes += sampled_out_bytes;
  log->pending_unsent_bytes += unsent;
  log->read += used;
  log->partial_since = 0;
  st->unsent += unsent;
  return !dropped_backlog_full (self, st);
}

static void
log_warn_unparsed (ScalyrRequestBuilder *self, ScalyrLogFile *log)
{
  const char *reason = NULL;
  guint n = scalyr_line_parser_take_unparsed (log->line_parser, &reason);
  if (G_LIKELY (n == 0))
    return;
  log->parse_unlogged += n;
  gint64 now = g_get_monotonic_time ();
  if (log->parse_warned_at != 0 && now - log->parse_warned_at < 300 * G_USEC_PER_SEC)
    return;
  scalyr_warning (self->logger, _("%s: %u line(s) not parsed as parse_format %s (last: %s), sent as read "
                    "(logged at most every 300 s)"), log->path, log->parse_unlogged,
                  log->matcher->parse_format->kind == SCALYR_PARSE_JSON ? "json" : "cri", reason);
  log->parse_warned_at = now;
  log->parse_unlogged = 0;
}

/* log_fill() of a log with parse_format json/cri: the lines are parsed in
 * groups (one line for json; for cri the lines up to where no stream has a
 * partial message left), each group sent whole or not at all, so the
 * position only ever stops between groups. */
static gboolean
log_fill_parsed (ScalyrRequestBuilder *self, ScalyrLogFile *log, BuildState *st)
{
  const gsize page = 65536;
  EventParts ep;
  gboolean more = TRUE;

  if (log->line_parser == NULL)
    log->line_parser = scalyr_line_parser_new (log->matcher->parse_format, log->attrs_json);
  event_parts_init (&ep, log);
  for (;;)
    {
      ssize_t n = scalyr_log_file_read_page (log, self->read_buf, page);
      if (n <= 0)
        break;

      const gint64 now_ns = g_get_real_time () * 1000;
      const char *buf = self->read_buf;
      gsize pos = 0;
      gboolean wait = FALSE;
      while (pos < (gsize) n)
        {
          gsize avail = (gsize) n - pos;
          gsize used = scalyr_line_parser_parse (log->line_parser, buf + pos, avail, SCALYR_PARSE_WAIT,
                                                 self->options.max_line_size);
          if (used == 0)
            {
              if ((gsize) n == page && pos > 0)
                break;                           /* re-read from the group start */
              if ((gsize) n == page)
                used = scalyr_line_parser_parse (log->line_parser, buf, avail, SCALYR_PARSE_FLUSH_LINES,
                                                 self->options.max_line_size);
              else
                {
                  /* A partial last line or cri message: wait for its end for a while. */
                  if (scalyr_log_file_partial_waits (log, self->options.line_completion_wait))
                    {
                      wait = TRUE;
                      break;
                    }
                  used = scalyr_line_parser_parse (log->line_parser, buf + pos, avail, SCALYR_PARSE_FLUSH_ALL,
                                                   self->options.max_line_size);
                }
            }
          log_warn_unparsed (self, log);
          if (!log_add_parsed (self, log, st, &ep, now_ns, used))
            {
              more = FALSE;
              break;
            }
          pos += used;
        }
      if (!more || wait || pos == 0)
        break;
    }
  event_parts_clear (&ep);
  return more;
}

/* Adds lines of @log; FALSE when the request is full. */
static gboolean
log_fill (ScalyrRequestBuilder *self, ScalyrLogFile *log, BuildState *st)
{
  const gsize page = 65536;
  ScalyrLogRules *rules = log->matcher->rules;
  ScalyrLineGroupers *groupers = log->matcher->groupers;
  EventParts ep;
  gboolean more = TRUE;

  if (G_UNLIKELY (log->matcher->parse_format != NULL))
    return log_fill_parsed (self, log, st);
  event_parts_init (&ep, log);
  for (;;)
    {
      ssize_t n = scalyr_log_file_read_page (log, self->read_buf, page);
      if (n <= 0)
        break;

      const gint64 now_ns = g_get_real_time () * 1000;
      const char *buf = self->read_buf;
      gsize pos = 0;
      gboolean wait = FALSE;
      while (pos < (gsize) n)
        {
          const char *start = buf + pos;
          gsize avail = (gsize) n - pos;
          gsize limit = MIN (avail, (gsize) self->options.max_line_size);
          const char *nl = memchr (start, '\n', limit);
          gsize len;
          /* lineGroupers: a complete line may begin a group of lines. */
          ScalyrGroupScan group = SCALYR_GROUP_NONE;
          gsize group_len = 0;
          if (G_UNLIKELY (groupers != NULL) && nl != NULL)
            group = scalyr_line_groupers_scan (groupers, start, avail, (gsize) (nl - start) + 1,
                                               self->options.max_line_size, (gsize) n < page, &group_len);

          if (group == SCALYR_GROUP_COMPLETE)
            len = group_len;
          else if (nl != NULL && group == SCALYR_GROUP_NONE)
            len = (gsize) (nl - start) + 1;
          else if (nl == NULL && avail >= self->options.max_line_size)
            len = self->options.max_line_size;           /* long line: a fragment */
          else if ((gsize) n == page && pos > 0)
            break;                               /* re-read from the line start */
          else
            {
              /* Partial last line or incomplete group: wait for its end for a while. */
              if (scalyr_log_file_partial_waits (log, self->options.line_completion_wait))
                {
                  wait = TRUE;
                  break;
                }
              len = group == SCALYR_GROUP_INCOMPLETE ? group_len : avail;
            }

          const char *msg = start;
          gsize msg_len = len;
          const char *extra = NULL;
          gsize extra_len = 0;
          gboolean redacted = FALSE;
          if (G_UNLIKELY (rules != NULL))
            {
              ScalyrLineResult r;
              gboolean keep = log_apply_rules (self, log, start, len, &r);
              if (!keep)
                {
                  log->pending_sampled_out++;
                  log->pending_sampled_out_bytes += len;
                }
              if (!keep || r.length == 0)
                {
                  log->pending_redacted += keep && r.redacted;
                  log->pending_unsent_bytes += len;
                  /* No event (as the reference, also for a line redacted
                   * to nothing); its bytes count in the next event's sd
                   * and the position moves past it when acknowledged. */
                  log->read += len;
                  log->partial_since = 0;
                  pos += len;
                  st->unsent += len;
                  if (dropped_backlog_full (self, st))
                    {
                      more = FALSE;
                      break;
                    }
                  continue;
                }
              msg = r.message;
              msg_len = r.length;
              extra = r.sample_rate_attr;
              extra_len = r.sample_rate_attr_len;
              redacted = r.redacted;
            }

          gsize before = self->body->len;
          gint64 last_ts = self->last_ts;
          append_event (self, self->body, log, st->prev, &ep, now_ns, msg, msg_len, log->read + len,
                        extra, extra_len);
          if (request_over_limit (self, st, log, &ep) && self->body_events > 0)
            {
              g_string_truncate (self->body, before);
              self->last_ts = last_ts;
              self->body_full = TRUE;
              more = FALSE;
              break;
            }
          self->body_events++;
          log_join_request (log, st);
          st->prev = log;
          log->read += len;
          log->event_end = log->read;
          log->pending_redacted += redacted;
          log->partial_since = 0;
          pos += len;
        }
      if (!more || wait || pos == 0)
        break;
    }
  event_parts_clear (&ep);
  return more;
}

static void
append_json_string (GString *out, const char *s)
{
  scalyr_upload_json_escape (out, s, strlen (s));
}

void
scalyr_request_builder_build (ScalyrRequestBuilder *self,
                              ScalyrLogReader      *reader)
{
  g_autoptr(GString) threads = g_string_new (NULL);
  g_autoptr(GString) logs = g_string_new (NULL);
  BuildState st = { threads, logs, NULL, 0 };
  GString *b = self->body;

  g_string_truncate (b, 0);
  self->body_events = 0;
  self->body_full = FALSE;
  g_string_append (b, "{\"token\":");
  append_json_string (b, self->api_key);
  g_string_append (b, ",\"session\":");
  append_json_string (b, self->session);
  g_string_append (b, ",\"sessionInfo\":{\"serverHost\":");
  append_json_string (b, self->server_host);
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;
    json_object_iter_init (&iter, self->server_attributes);
    while (json_object_iter_next (&iter, &name, &value))
      {
        if (g_str_equal (name, "serverHost"))
          continue;
        g_string_append_c (b, ',');
        append_json_string (b, name);
        g_string_append_c (b, ':');
        append_json_node (b, value);
      }
  }
  g_string_append (b, "},\"events\":[");

  guint n = scalyr_log_reader_begin_request (reader);
  for (guint k = 0; k < n; k++)
    {
      if (!log_fill (self, scalyr_log_reader_get_log (reader, k), &st))
        break;
    }

  g_string_append (b, "],\"threads\":[");
  g_string_append_len (b, threads->str, (gssize) threads->len);
  g_string_append (b, "],\"logs\":[");
  g_string_append_len (b, logs->str, (gssize) logs->len);
  g_string_append (b, "],\"client_time\":");
}

/* ---- checkpoints ---- */

gboolean
scalyr_request_builder_is_empty (ScalyrRequestBuilder *self)
{
  return self->body->len == 0;
}

guint
scalyr_request_builder_get_events (ScalyrRequestBuilder *self)
{
  return self->body_events;
}

gboolean
scalyr_request_builder_is_full (ScalyrRequestBuilder *self)
{
  return self->body_full;
}

GBytes *
scalyr_request_builder_get_payload (ScalyrRequestBuilder  *self,
                                    gsize                *body_size,
                                    GError               **error)
{
  self->body_base = self->body->len;
  append_u64 (self->body, (guint64) (g_get_real_time () / G_USEC_PER_SEC));
  g_string_append_c (self->body, '}');
  *body_size = self->body->len;

  /* No copy: the payload points into the body (none) or the compressor's
   * buffer, both kept until the request is finished. */
  const guint8 *out = (const guint8 *) self->body->str;
  gsize size = self->body->len;
  if (self->options.compression != SCALYR_COMPRESSION_NONE)
    {
      out = scalyr_compressor_compress (self->buffers->compressor, self->options.compression,
                                         self->options.compression_level, self->body->str, self->body->len,
                                         &size, error);
      g_string_truncate (self->body, self->body_base);
      if (out == NULL)
        return NULL;
    }
  return g_bytes_new_with_free_func (out, size, request_buffers_release,
                                     g_atomic_rc_box_acquire (self->buffers));
}

void
scalyr_request_builder_sent (ScalyrRequestBuilder *self)
{
  /* client_time goes (it was kept for a body sent uncompressed). */
  g_string_truncate (self->body, self->body_base);
}

void
scalyr_request_builder_clear (ScalyrRequestBuilder *self)
{
  g_string_truncate (self->body, 0);
}

guint
scalyr_request_builder_shrink_limit (ScalyrRequestBuilder *self,
                                     gsize                 compressed)
{
  guint limit = scalyr_clamp_double_to_uint (MAX ((double) self->options.min_request_size, (double) compressed * 0.5),
                                             0, G_MAXUINT);
  self->current_limit = MIN (limit, self->current_limit);
  return self->current_limit;
}

void
scalyr_request_builder_reset_limit (ScalyrRequestBuilder *self)
{
  self->current_limit = self->options.max_request_size;
}
