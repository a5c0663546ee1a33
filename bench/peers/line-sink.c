/* bench/peers/line-sink.c: the local HTTP sink of the peers benchmark
 * (bench/peers/run-peers.sh). It listens on 127.0.0.1 (port 0 unless
 * --port), prints "url http://127.0.0.1:PORT" on stdout, and counts the log
 * lines POSTed to it by any shipper:
 *   - POST /addEvents: our agent's JSON bodies (Content-Encoding deflate or
 *     gzip inflated with zlib); each event's "message" string is found by a
 *     scan, not parsed (also the reference's `s length-prefixed form);
 *     answered {"status":"success"};
 *   - any other POST path (syslog-ng's http()): newline-separated raw lines.
 * Each generated line carries its sequence number as "/item/NNNNNNNNNN"; a
 * bitmap of --expect N numbers counts received, unique, duplicates, missing,
 * malformed (an /item/ that does not parse or is out of range) and other (a
 * message without /item/, e.g. the agent's own log).
 *
 * One thread, epoll, non-blocking sockets, keep-alive, Content-Length and
 * chunked bodies, "Expect: 100-continue" answered. On stdout: a "progress"
 * line each second something changed, a "complete" line when every expected
 * number has arrived, and a "summary" line (key=value) on SIGTERM/SIGINT or
 * GET /summary (GET /status answers the same line without exiting). Times are
 * CLOCK_REALTIME in seconds, so the driver can compare them with its own.
 *
 * Plain C and zlib on purpose: the sink must cost little next to the shipper
 * (its CPU seconds are in the summary).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_HEADER 65536
#define MAX_BODY (256u << 20)

typedef struct {
  int fd;
  char *buf;       /* bytes read, not yet consumed */
  size_t len, cap;
  char *body;      /* the request body being assembled */
  size_t body_len, body_cap;
  int state;       /* 0 headers, 1 content-length body, 2 chunk size, 3 chunk data, 4 chunk trailer */
  size_t remaining;
  bool chunked, is_add_events, is_get, keep_alive, deflated, want_continue;
  char path[64];
} Conn;

static uint64_t expect_n;
static uint8_t *seen;
static uint64_t received, unique_n, duplicates, malformed, other, requests, body_bytes, raw_bytes;
static double first_ts, last_ts, complete_ts;
static bool complete_printed, changed;
static char *inflate_buf;
static size_t inflate_cap;

static double now_real(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) { perror("realloc"); exit(1); }
  return q;
}

static void summary_line(char *out, size_t n, const char *what) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  snprintf(out, n,
           "%s expected=%llu received=%llu unique=%llu duplicates=%llu missing=%llu malformed=%llu other=%llu "
           "requests=%llu body_bytes=%llu raw_bytes=%llu cpu_s=%.3f first_ts=%.6f last_ts=%.6f complete_ts=%.6f\n",
           what, (unsigned long long) expect_n, (unsigned long long) received, (unsigned long long) unique_n,
           (unsigned long long) duplicates, (unsigned long long) (expect_n - unique_n),
           (unsigned long long) malformed, (unsigned long long) other, (unsigned long long) requests,
           (unsigned long long) body_bytes, (unsigned long long) raw_bytes, cpu, first_ts, last_ts, complete_ts);
}

static void print_line(const char *what) {
  char line[512];
  summary_line(line, sizeof line, what);
  fputs(line, stdout);
  fflush(stdout);
}

/* One log line (or message) of LEN bytes: find /item/ and count its number. */
static void count_line(const char *p, size_t len) {
  const char *item = memmem(p, len, "/item/", 6);
  if (!item) { if (len > 0) other++; return; }
  const char *d = item + 6, *end = p + len;
  uint64_t v = 0;
  int digits = 0;
  while (d < end && *d >= '0' && *d <= '9' && digits < 19) { v = v * 10 + (uint64_t) (*d - '0'); d++; digits++; }
  double t = now_real();
  if (first_ts == 0) first_ts = t;
  last_ts = t;
  received++;
  changed = true;
  if (digits == 0 || v >= expect_n) { malformed++; return; }
  uint8_t bit = (uint8_t) (1u << (v & 7));
  if (seen[v >> 3] & bit) { duplicates++; return; }
  seen[v >> 3] |= bit;
  if (++unique_n == expect_n) {
    complete_ts = t;
    if (!complete_printed) { complete_printed = true; print_line("complete"); }
  }
}

static void count_raw_lines(const char *p, size_t len) {
  raw_bytes += len;
  while (len > 0) {
    const char *nl = memchr(p, '\n', len);
    size_t l = nl ? (size_t) (nl - p) : len;
    if (l > 0 && p[l - 1] == '\r') l--;
    if (l > 0) count_line(p, l);
    if (!nl) break;
    len -= (size_t) (nl - p) + 1;
    p = nl + 1;
  }
}

/* addEvents JSON: each "message":"..." string (or message:`s<len4>...). The
 * digits we look for are never escaped, so the string is scanned as is; only
 * its end has to be found (skipping backslash escapes). */
static void count_add_events(const char *p, size_t len) {
  const char *end = p + len;
  raw_bytes += len;
  for (;;) {
    const char *m = memmem(p, (size_t) (end - p), "message", 7);
    if (!m) break;
    const char *q = m + 7;
    if (q < end && *q == '"') q++;
    while (q < end && (*q == ' ' || *q == ':')) q++;
    if (q + 6 <= end && q[0] == '`' && q[1] == 's') {
      uint32_t l = ((uint32_t) (uint8_t) q[2] << 24) | ((uint32_t) (uint8_t) q[3] << 16) |
                   ((uint32_t) (uint8_t) q[4] << 8) | (uint32_t) (uint8_t) q[5];
      q += 6;
      if (l > (size_t) (end - q)) { malformed++; break; }
      count_line(q, l);
      p = q + l;
      continue;
    }
    if (q >= end || *q != '"') { p = m + 7; continue; }
    const char *s = ++q;
    while (q < end && *q != '"') {
      const char *bs = memchr(q, '\\', (size_t) (end - q));
      const char *qu = memchr(q, '"', (size_t) (end - q));
      if (!qu) { q = end; break; }
      if (bs && bs < qu) { q = bs + 2; continue; }
      q = qu;
    }
    if (q >= end) { malformed++; break; }
    count_line(s, (size_t) (q - s));
    p = q + 1;
  }
}

static bool inflate_body(const char *in, size_t n, const char **out, size_t *out_len) {
  for (int attempt = 0; attempt < 2; attempt++) {
    z_stream z = {0};
    if (inflateInit2(&z, attempt == 0 ? 15 + 32 : -15) != Z_OK) return false;
    z.next_in = (Bytef *) in;
    z.avail_in = (uInt) n;
    size_t got = 0;
    int rc;
    do {
      if (inflate_cap - got < 65536) {
        inflate_cap = inflate_cap ? inflate_cap * 2 : (n * 4 + 65536);
        inflate_buf = xrealloc(inflate_buf, inflate_cap);
      }
      z.next_out = (Bytef *) inflate_buf + got;
      z.avail_out = (uInt) (inflate_cap - got);
      rc = inflate(&z, Z_NO_FLUSH);
      got = inflate_cap - z.avail_out;
    } while (rc == Z_OK);
    inflateEnd(&z);
    if (rc == Z_STREAM_END) { *out = inflate_buf; *out_len = got; return true; }
  }
  return false;
}

static void send_all(Conn *c, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(c->fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) { usleep(100); continue; }   /* answers are tiny: never long */
      return;
    }
    s += w;
    n -= (size_t) w;
  }
}

static void respond(Conn *c, int code, const char *body) {
  char h[1024];
  int n = snprintf(h, sizeof h, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s\r\n%s", code,
                   code == 200 ? "OK" : "Bad Request", body[0] == '{' ? "application/json" : "text/plain",
                   strlen(body), c->keep_alive ? "" : "Connection: close\r\n", body);
  send_all(c, h, (size_t) n);
}

static bool g_quit;

static void finish_request(Conn *c) {
  requests++;
  if (c->is_get) {
    char line[512];
    bool quit = strcmp(c->path, "/summary") == 0;
    summary_line(line, sizeof line, quit ? "summary" : "status");
    respond(c, 200, line);
    if (quit) { fputs(line, stdout); fflush(stdout); g_quit = true; }
    return;
  }
  body_bytes += c->body_len;
  const char *b = c->body;
  size_t n = c->body_len;
  if (c->deflated && n > 0 && !inflate_body(c->body, c->body_len, &b, &n)) {
    malformed++;
    respond(c, 400, "{\"status\":\"error/client/badRequest\",\"message\":\"cannot inflate\"}");
    return;
  }
  if (c->is_add_events) {
    count_add_events(b, n);
    respond(c, 200, "{\"status\":\"success\"}");
  } else {
    count_raw_lines(b, n);
    respond(c, 200, "ok\n");
  }
}

static void body_append(Conn *c, const char *p, size_t n) {
  if (c->body_len + n > c->body_cap) {
    size_t cap = c->body_cap ? c->body_cap : 1 << 20;
    while (cap < c->body_len + n) cap *= 2;
    c->body = xrealloc(c->body, cap);
    c->body_cap = cap;
  }
  memcpy(c->body + c->body_len, p, n);
  c->body_len += n;
}

static const char *header_value(const char *h, const char *end, const char *name, size_t *vlen) {
  size_t nl = strlen(name);
  for (const char *line = h; line < end;) {
    const char *eol = memchr(line, '\n', (size_t) (end - line));
    if (!eol) eol = end;
    if ((size_t) (eol - line) > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
      const char *v = line + nl + 1;
      while (v < eol && (*v == ' ' || *v == '\t')) v++;
      const char *ve = eol;
      while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ')) ve--;
      *vlen = (size_t) (ve - v);
      return v;
    }
    line = eol + 1;
  }
  return NULL;
}

/* Consumes what it can of c->buf; returns false when the connection must close. */
static bool process(Conn *c) {
  size_t off = 0;
  for (;;) {
    char *p = c->buf + off;
    size_t avail = c->len - off;
    if (c->state == 0) {
      char *eoh = memmem(p, avail, "\r\n\r\n", 4);
      if (!eoh) { if (avail > MAX_HEADER) return false; break; }
      char *sp = memchr(p, ' ', (size_t) (eoh - p));
      if (!sp) return false;
      c->is_get = (sp - p == 3 && memcmp(p, "GET", 3) == 0);
      char *path = sp + 1, *sp2 = memchr(path, ' ', (size_t) (eoh - path));
      if (!sp2) return false;
      size_t pl = (size_t) (sp2 - path);
      if (pl >= sizeof c->path) pl = sizeof c->path - 1;
      memcpy(c->path, path, pl);
      c->path[pl] = 0;
      c->is_add_events = strstr(c->path, "addEvents") != NULL;
      const char *v;
      size_t vl;
      c->keep_alive = !((v = header_value(p, eoh + 2, "Connection", &vl)) && vl == 5 && strncasecmp(v, "close", 5) == 0);
      c->chunked = (v = header_value(p, eoh + 2, "Transfer-Encoding", &vl)) && vl >= 7 && strncasecmp(v, "chunked", 7) == 0;
      c->deflated = (v = header_value(p, eoh + 2, "Content-Encoding", &vl)) &&
                    ((vl == 7 && strncasecmp(v, "deflate", 7) == 0) || (vl == 4 && strncasecmp(v, "gzip", 4) == 0));
      c->want_continue = (v = header_value(p, eoh + 2, "Expect", &vl)) && vl == 12 && strncasecmp(v, "100-continue", 12) == 0;
      c->remaining = 0;
      if ((v = header_value(p, eoh + 2, "Content-Length", &vl))) c->remaining = strtoull(v, NULL, 10);
      if (c->remaining > MAX_BODY) return false;
      c->body_len = 0;
      off += (size_t) (eoh + 4 - p);
      bool has_body = c->chunked || c->remaining > 0;
      if (c->want_continue && has_body && off == c->len) send_all(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
      if (c->chunked) c->state = 2;
      else if (c->remaining > 0) c->state = 1;
      else { finish_request(c); if (!c->keep_alive) return false; }
      continue;
    }
    if (c->state == 1 || c->state == 3) {
      if (avail == 0) break;
      size_t take = avail < c->remaining ? avail : c->remaining;
      body_append(c, p, take);
      off += take;
      c->remaining -= take;
      if (c->remaining > 0) break;
      if (c->state == 3) { c->state = 4; continue; }   /* the CRLF after the chunk */
      c->state = 0;
      finish_request(c);
      if (!c->keep_alive) return false;
      continue;
    }
    if (c->state == 4) {   /* CRLF after a chunk's data */
      if (avail < 2) break;
      off += 2;
      c->state = 2;
      continue;
    }
    if (c->state == 2) {   /* chunk size line; size 0 then trailers then CRLF */
      char *eol = memmem(p, avail, "\r\n", 2);
      if (!eol) { if (avail > 1024) return false; break; }
      size_t sz = strtoull(p, NULL, 16);
      if (sz == 0) {
        char *eot = memmem(p, avail, "\r\n\r\n", 4);
        if (!eot) break;
        off += (size_t) (eot + 4 - p);
        c->state = 0;
        finish_request(c);
        if (!c->keep_alive) return false;
        continue;
      }
      if (c->body_len + sz > MAX_BODY) return false;
      off += (size_t) (eol + 2 - p);
      c->remaining = sz;
      c->state = 3;
      continue;
    }
  }
  memmove(c->buf, c->buf + off, c->len - off);
  c->len -= off;
  return true;
}

static void conn_free(int ep, Conn *c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c->buf);
  free(c->body);
  free(c);
}

int main(int argc, char **argv) {
  int port = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc) expect_n = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: %s --expect N [--port P]\n  N: the sequence numbers 0..N-1 expected once each\n", argv[0]);
      return 2;
    }
  }
  seen = calloc(expect_n / 8 + 1, 1);
  if (!seen) { perror("calloc"); return 1; }
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(ls, (struct sockaddr *) &sa, sizeof sa) < 0 || listen(ls, 128) < 0) { perror("bind/listen"); return 1; }
  socklen_t sl = sizeof sa;
  getsockname(ls, (struct sockaddr *) &sa, &sl);

  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  signal(SIGPIPE, SIG_IGN);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  struct itimerspec its = {.it_interval = {1, 0}, .it_value = {1, 0}};
  timerfd_settime(tfd, 0, &its, NULL);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  ev.data.fd = ls;
  Conn listen_tag, signal_tag, timer_tag;
  ev.data.ptr = &listen_tag; epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  ev.data.ptr = &signal_tag; epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
  ev.data.ptr = &timer_tag; epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);

  printf("url http://127.0.0.1:%d\n", ntohs(sa.sin_port));
  fflush(stdout);
  if (expect_n == 0) { complete_printed = true; print_line("complete"); }

  struct epoll_event evs[64];
  while (!g_quit) {
    int n = epoll_wait(ep, evs, 64, -1);
    if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
    for (int i = 0; i < n && !g_quit; i++) {
      void *tag = evs[i].data.ptr;
      if (tag == &signal_tag) { g_quit = true; print_line("summary"); break; }
      if (tag == &timer_tag) {
        uint64_t x;
        if (read(tfd, &x, sizeof x) < 0) { /* nothing */ }
        if (changed) { changed = false; print_line("progress"); }
        continue;
      }
      if (tag == &listen_tag) {
        int fd;
        while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          Conn *c = calloc(1, sizeof *c);
          if (!c) { close(fd); continue; }
          c->fd = fd;
          struct epoll_event cev = {.events = EPOLLIN, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
        }
        continue;
      }
      Conn *c = tag;
      bool alive = true;
      for (;;) {
        if (c->cap - c->len < 262144) {
          c->cap = c->cap ? c->cap * 2 : 1 << 20;
          c->buf = xrealloc(c->buf, c->cap);
        }
        ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && errno == EAGAIN) break;
        if (r <= 0) { alive = false; break; }
        c->len += (size_t) r;
        if (!process(c)) { alive = false; break; }
        if (g_quit) break;
      }
      if (!alive) conn_free(ep, c);
    }
  }
  return 0;
}
