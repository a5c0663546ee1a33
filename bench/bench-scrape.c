/* bench-scrape.c: a load generator for the agent's /metrics endpoint.
 * SPDX-License-Identifier: Apache-2.0
 *
 * N scrapers, each a keep-alive HTTP/1.1 connection to HOST:PORT doing
 * GET PATH with the headers Prometheus sends, driven by one epoll loop on
 * one thread; back to back (the default) or every --interval seconds per
 * scraper, spread over the interval as Prometheus spreads its targets
 * (--prometheus: every 1 s). Each answer is read to its end (Content-Length,
 * chunked or until close), must be a 200 whose body ends as its format
 * requires ("# EOF\n" for OpenMetrics; a gzip body is decompressed to check
 * it); a closed connection is opened again. Prints scrapes, scrapes/s,
 * errors, latency (min, p50, p90, p99, max, from a fixed histogram: no
 * allocation per request), bytes/s, and this program's own CPU time so
 * that it is not mistaken for the agent's.
 *
 *   bench-scrape --port PORT [--host 127.0.0.1] [--path /metrics]
 *                [--scrapers 100] [--seconds 60] [--interval S | --prometheus]
 *                [--no-gzip] [--timeout 10]
 *
 * Prints figures, asserts nothing; exits 0 unless the options are wrong. */
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#define PROMETHEUS_ACCEPT "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;" \
                          "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
#define HEAD_MAX 8192
#define READ_SIZE 65536
#define TAIL 8

/* latency histogram in microseconds: 32 linear sub-buckets per power of two
 * (3 % resolution) up to 2^31 µs */
#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define N_BUCKETS (32 * SUB)

typedef enum { IDLE, CONNECTING, SENDING, HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILER,
               BODY_UNTIL_CLOSE } State;

typedef enum { ERR_CONNECT, ERR_STATUS, ERR_BODY, ERR_PROTOCOL, ERR_CLOSED, ERR_TIMEOUT, N_ERRORS } ErrorKind;
static const char *error_names[N_ERRORS] = { "connect", "status", "body", "protocol", "closed", "timeout" };

typedef struct {
  int fd;
  State state;
  gint64 due;          /* when the next request goes (monotonic µs) */
  gint64 sent;         /* when the current request was written */
  gsize written;       /* bytes of the request written */
  char head[HEAD_MAX]; /* the answer's status line and headers */
  gsize head_len;
  gsize remaining;     /* of a Content-Length body or of a chunk */
  int status;
  gboolean openmetrics, gzip, close_after, keep;
  char tail[TAIL];     /* the last bytes of the (decompressed) body */
  gsize tail_len;
  GConverter *gunzip;
  gboolean gunzip_done;
  guint answers;       /* answered on this connection */
  gboolean retried;    /* the current request is a retry */
} Scraper;

static struct {
  struct sockaddr_in addr;
  const char *request;
  gsize request_len;
  double interval;
  gint64 timeout;
  guint64 scrapes, openmetrics_answers, text_answers, gzip_answers, closed_after, closed_idle, retries;
  guint64 errors[N_ERRORS];
  guint64 wire_bytes, body_bytes;
  guint64 connects;
  gint64 connect_max, connect_sum;
  guint64 buckets[N_BUCKETS];
  gint64 lat_min, lat_max;
  double lat_sum;
  int epoll;
} bench;

static guint
bucket_of (gint64 us)
{
  guint64 v = us > 0 ? (guint64) us : 0;
  guint exp;

  if (v < SUB)
    return (guint) v;
  exp = (guint) (63 - __builtin_clzll (v)) - SUB_BITS + 1;  /* >= 1 */
  return MIN (exp * SUB + (guint) ((v >> (exp - 1)) & (SUB - 1)), N_BUCKETS - 1);
}

/* the upper bound of a bucket, in µs */
static double
bucket_upper (guint b)
{
  guint exp = b / SUB, sub = b % SUB;

  if (exp == 0)
    return sub;
  return ldexp ((double) (SUB + sub + 1), (int) exp - 1) - 1;
}

static double
percentile_ms (double p)
{
  guint64 total = 0, seen = 0, want;

  for (guint b = 0; b < N_BUCKETS; b++)
    total += bench.buckets[b];
  if (total == 0)
    return 0;
  want = (guint64) ceil (p * (double) total);
  for (guint b = 0; b < N_BUCKETS; b++)
    {
      seen += bench.buckets[b];
      if (seen >= want)
        return MIN (bucket_upper (b), (double) bench.lat_max) / 1000.0;
    }
  return bench.lat_max / 1000.0;
}

static void
watch (Scraper *s, guint32 events, int op)
{
  struct epoll_event ev = { .events = events, .data.ptr = s };

  if (epoll_ctl (bench.epoll, op, s->fd, &ev) < 0)
    g_error ("epoll_ctl: %s", g_strerror (errno));
}

static void
drop_connection (Scraper *s)
{
  if (s->fd >= 0)
    close (s->fd);  /* leaves the epoll set with it */
  s->fd = -1;
  s->state = IDLE;
  s->answers = 0;
}

static void
fail (Scraper *s, ErrorKind kind, gint64 now)
{
  bench.errors[kind]++;
  drop_connection (s);
  if (s->due < now)
    s->due = now;
}

static void
start_request (Scraper *s, gint64 now)
{
  s->sent = now;
  s->written = 0;
  s->retried = FALSE;
  if (s->fd < 0)
    {
      int one = 1;

      s->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (s->fd < 0)
        g_error ("socket: %s", g_strerror (errno));
      setsockopt (s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (connect (s->fd, (struct sockaddr *) &bench.addr, sizeof bench.addr) < 0 && errno != EINPROGRESS)
        {
          fail (s, ERR_CONNECT, now + G_USEC_PER_SEC / 10);
          return;
        }
      s->state = CONNECTING;
      watch (s, EPOLLOUT, EPOLL_CTL_ADD);
      return;
    }
  s->state = SENDING;
  watch (s, EPOLLOUT, EPOLL_CTL_MOD);
}

/* the request is written: wait for the answer */
static void
expect_answer (Scraper *s)
{
  s->state = HEAD;
  s->head_len = 0;
  s->tail_len = 0;
  watch (s, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD);
}

static void
keep_tail (Scraper *s, const char *data, gsize len)
{
  if (len >= TAIL)
    {
      memcpy (s->tail, data + len - TAIL, TAIL);
      s->tail_len = TAIL;
    }
  else
    {
      gsize keep = MIN (s->tail_len, TAIL - len);

      memmove (s->tail, s->tail + s->tail_len - keep, keep);
      memcpy (s->tail + keep, data, len);
      s->tail_len = keep + len;
    }
}

static gboolean
body_bytes (Scraper *s, const char *data, gsize len)
{
  static char out[READ_SIZE];

  if (!s->gzip)
    {
      bench.body_bytes += len;
      keep_tail (s, data, len);
      return TRUE;
    }
  while (len > 0)
    {
      gsize read = 0, written = 0;
      GConverterResult r;

      if (s->gunzip_done)
        return FALSE;  /* bytes after the gzip member */
      r = g_converter_convert (s->gunzip, data, len, out, sizeof out, G_CONVERTER_NO_FLAGS, &read, &written, NULL);
      if (r == G_CONVERTER_ERROR)
        return FALSE;
      bench.body_bytes += written;
      keep_tail (s, out, written);
      if (r == G_CONVERTER_FINISHED)
        s->gunzip_done = TRUE;
      data += read;
      len -= read;
    }
  return TRUE;
}

static gboolean
header_is (const char *line, const char *name, const char **value)
{
  gsize n = strlen (name);

  if (g_ascii_strncasecmp (line, name, n) != 0 || line[n] != ':')
    return FALSE;
  *value = line + n + 1;
  while (**value == ' ' || **value == '\t')
    (*value)++;
  return TRUE;
}

/* parses the status line and headers in s->head (NUL-terminated, lines
 * ended by CRLF); sets the body state */
static gboolean
parse_head (Scraper *s)
{
  char *line = s->head, *end;
  gboolean chunked = FALSE, have_length = FALSE;
  guint64 length = 0;

  if (strncmp (line, "HTTP/1.", 7) != 0 || line[8] != ' ')
    return FALSE;
  s->status = atoi (line + 9);
  s->close_after = line[7] == '0';
  s->openmetrics = s->gzip = FALSE;
  for (line = strstr (line, "\r\n") + 2; *line != '\r'; line = end + 2)
    {
      const char *value;

      end = strstr (line, "\r\n");
      *end = '\0';
      if (header_is (line, "Content-Length", &value))
        {
          have_length = TRUE;
          length = g_ascii_strtoull (value, NULL, 10);
        }
      else if (header_is (line, "Transfer-Encoding", &value))
        chunked = g_ascii_strncasecmp (value, "chunked", 7) == 0;
      else if (header_is (line, "Content-Encoding", &value))
        s->gzip = g_ascii_strncasecmp (value, "gzip", 4) == 0;
      else if (header_is (line, "Content-Type", &value))
        s->openmetrics = g_ascii_strncasecmp (value, "application/openmetrics-text", 28) == 0;
      else if (header_is (line, "Connection", &value))
        s->close_after = g_ascii_strncasecmp (value, "close", 5) == 0;
      *end = '\r';
    }
  if (s->gzip)
    {
      if (s->gunzip == NULL)
        s->gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      g_converter_reset (s->gunzip);
      s->gunzip_done = FALSE;
    }
  if (chunked)
    {
      s->state = CHUNK_SIZE;
      s->head_len = 0;  /* the head buffer now holds the chunk-size line */
    }
  else if (have_length)
    {
      s->state = BODY_LENGTH;
      s->remaining = length;
    }
  else
    {
      s->state = BODY_UNTIL_CLOSE;
      s->close_after = TRUE;
    }
  return TRUE;
}

/* the server closed a kept-alive connection before answering: sends the
 * request again on a new connection, once, as Prometheus's HTTP client
 * does (the latency counts from the first attempt); else an error */
static void
closed_before_answer (Scraper *s, gint64 now)
{
  gint64 sent = s->sent;

  if (s->answers == 0 || s->retried)
    {
      fail (s, ERR_CLOSED, now);
      return;
    }
  bench.retries++;
  drop_connection (s);
  start_request (s, now);
  s->sent = sent;
  s->retried = TRUE;
}

/* a whole answer has been read */
static void
answer_done (Scraper *s, gint64 now)
{
  gint64 latency = now - s->sent;
  gboolean body_ok;

  if (s->gzip && !s->gunzip_done)
    body_ok = FALSE;
  else if (s->openmetrics)
    body_ok = s->tail_len >= 6 && memcmp (s->tail + s->tail_len - 6, "# EOF\n", 6) == 0;
  else
    body_ok = s->tail_len >= 1 && s->tail[s->tail_len - 1] == '\n';
  if (s->status != 200)
    bench.errors[ERR_STATUS]++;
  else if (!body_ok)
    bench.errors[ERR_BODY]++;
  else
    {
      bench.scrapes++;
      if (s->openmetrics)
        bench.openmetrics_answers++;
      else
        bench.text_answers++;
      if (s->gzip)
        bench.gzip_answers++;
      bench.buckets[bucket_of (latency)]++;
      bench.lat_min = MIN (bench.lat_min, latency);
      bench.lat_max = MAX (bench.lat_max, latency);
      bench.lat_sum += latency;
    }
  if (bench.interval > 0)
    {
      /* the next slot of this scraper, or now when the answer came after it */
      while (s->due <= now)
        s->due += (gint64) (bench.interval * G_USEC_PER_SEC);
    }
  else
    s->due = now;
  s->answers++;
  if (s->close_after)
    {
      bench.closed_after++;
      drop_connection (s);
    }
  else
    {
      /* idle: notice when the server closes the connection meanwhile */
      s->state = IDLE;
      watch (s, EPOLLRDHUP, EPOLL_CTL_MOD);
    }
}

/* feeds received bytes to the answer's state machine; FALSE on an error,
 * its kind in *kind */
static gboolean
feed (Scraper *s, const char *data, gsize len, gint64 now, ErrorKind *kind)
{
  while (len > 0)
    {
      switch (s->state)
        {
        case HEAD:
        case CHUNK_SIZE:
        case TRAILER:
          {
            /* a line (or the head) up to CRLF (CRLFCRLF) into s->head */
            const char *term = s->state == HEAD ? "\r\n\r\n" : "\r\n";
            gsize tlen = strlen (term), take = 0;
            gboolean complete = FALSE;

            while (take < len && !complete)
              {
                if (s->head_len + 1 >= HEAD_MAX)
                  return FALSE;
                s->head[s->head_len++] = data[take++];
                complete = s->head_len >= tlen && memcmp (s->head + s->head_len - tlen, term, tlen) == 0;
              }
            data += take;
            len -= take;
            if (!complete)
              break;
            s->head[s->head_len] = '\0';
            if (s->state == HEAD)
              {
                if (!parse_head (s))
                  return FALSE;
                if (s->state == BODY_LENGTH && s->remaining == 0)
                  answer_done (s, now);
              }
            else if (s->state == CHUNK_SIZE)
              {
                char *endp;
                guint64 size = g_ascii_strtoull (s->head, &endp, 16);

                if (endp == s->head)
                  return FALSE;
                s->head_len = 0;
                s->remaining = size;
                s->state = size == 0 ? TRAILER : CHUNK_DATA;
              }
            else if (s->head_len == 2)
              answer_done (s, now);  /* the empty line after the last chunk */
            else
              s->head_len = 0;       /* a trailer field */
            break;
          }
        case BODY_LENGTH:
        case CHUNK_DATA:
          {
            gsize n = MIN (len, s->remaining);

            if (!body_bytes (s, data, n))
              {
                *kind = ERR_BODY;
                return FALSE;
              }
            data += n;
            len -= n;
            s->remaining -= n;
            if (s->remaining == 0)
              {
                if (s->state == BODY_LENGTH)
                  answer_done (s, now);
                else
                  {
                    s->state = CHUNK_CRLF;
                    s->head_len = 0;
                  }
              }
            break;
          }
        case CHUNK_CRLF:
          if (data[0] != "\r\n"[s->head_len])
            return FALSE;
          data++;
          len--;
          if (++s->head_len == 2)
            {
              s->state = CHUNK_SIZE;
              s->head_len = 0;
            }
          break;
        case BODY_UNTIL_CLOSE:
          if (!body_bytes (s, data, len))
            {
              *kind = ERR_BODY;
              return FALSE;
            }
          len = 0;
          break;
        case IDLE:
        case CONNECTING:
        case SENDING:
        default:
          return FALSE;  /* bytes nobody asked for */
        }
    }
  return TRUE;
}

static void
on_event (Scraper *s, guint32 events, gint64 now)
{
  static char buf[READ_SIZE];
  ErrorKind kind;

  if (s->state == CONNECTING)
    {
      int err = 0;
      socklen_t elen = sizeof err;

      getsockopt (s->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
      if (err != 0)
        {
          fail (s, ERR_CONNECT, now + G_USEC_PER_SEC / 10);  /* retry in 0.1 s */
          return;
        }
      s->state = SENDING;
      bench.connects++;
      bench.connect_max = MAX (bench.connect_max, now - s->sent);
      bench.connect_sum += now - s->sent;
    }
  if (s->state == SENDING)
    {
      ssize_t n = send (s->fd, bench.request + s->written, bench.request_len - s->written, MSG_NOSIGNAL);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      if (n < 0)
        {
          closed_before_answer (s, now);
          return;
        }
      s->written += (gsize) n;
      if (s->written == bench.request_len)
        expect_answer (s);
      return;
    }
  if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
    return;
  for (;;)
    {
      ssize_t n = recv (s->fd, buf, sizeof buf, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          /* closed: the end of an until-close body, else an error */
          if (n == 0 && s->state == BODY_UNTIL_CLOSE)
            answer_done (s, now);
          else if (s->state == HEAD && s->head_len == 0)
            closed_before_answer (s, now);
          else if (s->state != IDLE)
            fail (s, ERR_PROTOCOL, now);
          else
            {
              bench.closed_idle++;
              drop_connection (s);
            }
          return;
        }
      bench.wire_bytes += (guint64) n;
      kind = ERR_PROTOCOL;
      if (!feed (s, buf, (gsize) n, now, &kind))
        {
          fail (s, kind, now);
          return;
        }
      if (s->fd < 0 || s->state == IDLE)
        return;
    }
}

static double
cpu_seconds (const struct rusage *r)
{
  return (double) r->ru_utime.tv_sec + r->ru_utime.tv_usec / 1e6 + (double) r->ru_stime.tv_sec +
         r->ru_stime.tv_usec / 1e6;
}

int
main (int argc, char **argv)
{
  g_autofree char *host = g_strdup ("127.0.0.1");
  g_autofree char *path = g_strdup ("/metrics");
  int port = 0, scrapers = 100, timeout = 10;
  double seconds = 60, interval = 0;
  gboolean prometheus = FALSE, no_gzip = FALSE;
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Address to connect to (default 127.0.0.1)", "ADDR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port of the metrics endpoint", "PORT" },
    { "path", 0, 0, G_OPTION_ARG_STRING, &path, "Path to GET (default /metrics)", "PATH" },
    { "scrapers", 'n', 0, G_OPTION_ARG_INT, &scrapers, "Concurrent connections (default 100)", "N" },
    { "seconds", 'd', 0, G_OPTION_ARG_DOUBLE, &seconds, "Duration (default 60)", "S" },
    { "interval", 'i', 0, G_OPTION_ARG_DOUBLE, &interval, "Seconds between a scraper's requests "
      "(default 0: back to back)", "S" },
    { "prometheus", 0, 0, G_OPTION_ARG_NONE, &prometheus, "Every 1 s per scraper, spread as Prometheus does", NULL },
    { "no-gzip", 0, 0, G_OPTION_ARG_NONE, &no_gzip, "Send no Accept-Encoding: gzip", NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout, "Seconds before a request counts as failed (default 10)", "S" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- scrapes a metrics endpoint with N connections");
  g_autoptr(GError) error = NULL;
  g_autofree Scraper *all = NULL;
  g_autofree char *request = NULL;
  struct rusage r0, r1;
  gint64 start, end, now;
  double elapsed, cpu;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-scrape: %s\n", error->message);
      return 2;
    }
  if (prometheus)
    interval = 1;
  if (port <= 0 || port > 65535 || scrapers <= 0 || seconds <= 0 || interval < 0 || timeout <= 0)
    {
      g_printerr ("bench-scrape: --port is required; --scrapers, --seconds and --timeout must be positive\n");
      return 2;
    }
  bench.addr.sin_family = AF_INET;
  bench.addr.sin_port = htons ((guint16) port);
  if (inet_pton (AF_INET, host, &bench.addr.sin_addr) != 1)
    {
      g_printerr ("bench-scrape: --host must be an IPv4 address, not %s\n", host);
      return 2;
    }
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: bench-scrape\r\n"
                             "Accept: " PROMETHEUS_ACCEPT "\r\n%s"
                             "X-Prometheus-Scrape-Timeout-Seconds: %d\r\n\r\n",
                             path, host, port, no_gzip ? "" : "Accept-Encoding: gzip\r\n", timeout);
  bench.request = request;
  bench.request_len = strlen (request);
  bench.interval = interval;
  bench.timeout = (gint64) timeout * G_USEC_PER_SEC;
  bench.lat_min = G_MAXINT64;
  bench.epoll = epoll_create1 (EPOLL_CLOEXEC);

  all = g_new0 (Scraper, scrapers);
  getrusage (RUSAGE_SELF, &r0);
  start = g_get_monotonic_time ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);
  for (int i = 0; i < scrapers; i++)
    {
      all[i].fd = -1;
      /* spread over the interval as Prometheus spreads its targets */
      all[i].due = start + (gint64) (interval * G_USEC_PER_SEC * i / scrapers);
    }

  while ((now = g_get_monotonic_time ()) < end)
    {
      struct epoll_event events[128];
      gint64 next = end;
      int n, wait_ms;

      for (int i = 0; i < scrapers; i++)
        {
          Scraper *s = &all[i];

          if (s->state == IDLE && s->due <= now)
            start_request (s, now);
          else if (s->state != IDLE && now - s->sent > bench.timeout)
            fail (s, ERR_TIMEOUT, now);
          next = MIN (next, s->state == IDLE ? s->due : s->sent + bench.timeout);
        }
      wait_ms = next <= now ? 0 : (int) ((next - now + 999) / 1000);
      n = epoll_wait (bench.epoll, events, G_N_ELEMENTS (events), wait_ms);
      if (n < 0 && errno != EINTR)
        g_error ("epoll_wait: %s", g_strerror (errno));
      now = g_get_monotonic_time ();
      for (int i = 0; i < n; i++)
        on_event (events[i].data.ptr, events[i].events, now);
    }
  getrusage (RUSAGE_SELF, &r1);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  cpu = cpu_seconds (&r1) - cpu_seconds (&r0);

  {
    guint64 errors = 0;
    GString *kinds = g_string_new (NULL);

    for (int k = 0; k < N_ERRORS; k++)
      if (bench.errors[k] > 0)
        {
          errors += bench.errors[k];
          g_string_append_printf (kinds, "%s%s %" G_GUINT64_FORMAT, kinds->len ? ", " : " (", error_names[k],
                                  bench.errors[k]);
        }
    if (kinds->len)
      g_string_append (kinds, ")");
    printf ("scrapers %d, %s, %.1f s, %s: %" G_GUINT64_FORMAT " scrapes, %.1f scrapes/s, "
            "%" G_GUINT64_FORMAT " errors%s\n",
            scrapers, interval > 0 ? "interval" : "back to back", elapsed, no_gzip ? "no gzip" : "gzip",
            bench.scrapes, bench.scrapes / elapsed, errors, kinds->str);
    g_string_free (kinds, TRUE);
  }
  if (interval > 0)
    printf ("  interval %.3g s per scraper\n", interval);
  printf ("  answers: openmetrics %" G_GUINT64_FORMAT ", text %" G_GUINT64_FORMAT ", gzip %" G_GUINT64_FORMAT
          "; connections: %" G_GUINT64_FORMAT " opened (connect ms: mean %.2f, max %.2f), %" G_GUINT64_FORMAT
          " closed by the server after an answer (Connection: close), %" G_GUINT64_FORMAT " while idle, %"
          G_GUINT64_FORMAT " requests sent again after the server closed a kept-alive connection before answering\n",
          bench.openmetrics_answers, bench.text_answers, bench.gzip_answers, bench.connects,
          bench.connects ? bench.connect_sum / 1000.0 / bench.connects : 0.0, bench.connect_max / 1000.0,
          bench.closed_after, bench.closed_idle, bench.retries);
  printf ("  latency ms (request written to answer read, a new connection's connect included): min %.2f p50 %.2f p90 %.2f p99 %.2f max %.2f mean %.2f\n",
          bench.scrapes ? bench.lat_min / 1000.0 : 0.0, percentile_ms (0.5), percentile_ms (0.9),
          percentile_ms (0.99), bench.lat_max / 1000.0, bench.scrapes ? bench.lat_sum / bench.scrapes / 1000 : 0.0);
  printf ("  received %.2f MB/s on the wire, %.2f MB/s of exposition text (%.0f bytes per scrape)\n",
          bench.wire_bytes / elapsed / 1e6, bench.body_bytes / elapsed / 1e6,
          bench.scrapes ? (double) bench.body_bytes / bench.scrapes : 0.0);
  printf ("  bench-scrape itself: CPU %.2f s (user %.2f, system %.2f), %.0f%% of one core\n", cpu,
          r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6,
          r1.ru_stime.tv_sec - r0.ru_stime.tv_sec + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6,
          100 * cpu / elapsed);

  for (int i = 0; i < scrapers; i++)
    {
      if (all[i].fd >= 0)
        close (all[i].fd);
      g_clear_object (&all[i].gunzip);
    }
  close (bench.epoll);
  return 0;
}
