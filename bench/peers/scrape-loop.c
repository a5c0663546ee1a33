/* bench/peers/scrape-loop.c: the scraper of the peers benchmark
 * (bench/peers/run-peers.sh): GET http://127.0.0.1:PORT/metrics every
 * INTERVAL seconds (on a fixed schedule, as Prometheus does), one connection
 * per scrape, the answer read and dropped. Runs until SIGTERM; then prints
 * "scrapes=N bytes=B failures=F" on stdout. Its own CPU is measured apart by
 * the driver, so node_exporter's figures do not include it.
 *   scrape-loop PORT [INTERVAL]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void) sig; stop = 1; }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: %s PORT [INTERVAL]\n", argv[0]); return 2; }
  int port = atoi(argv[1]);
  double interval = argc > 2 ? atof(argv[2]) : 1.0;
  struct sigaction sa = {.sa_handler = on_term};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  unsigned long long scrapes = 0, bytes = 0, failures = 0;
  static char buf[65536];
  const char req[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\nConnection: close\r\n\r\n";
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  while (!stop) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ssize_t r = -1;
    if (fd >= 0 && connect(fd, (struct sockaddr *) &a, sizeof a) == 0 && write(fd, req, sizeof req - 1) > 0) {
      while ((r = read(fd, buf, sizeof buf)) > 0) bytes += (unsigned long long) r;
    }
    if (r == 0) scrapes++; else failures++;
    if (fd >= 0) close(fd);
    long ns = (long) (interval * 1e9);
    next.tv_sec += ns / 1000000000L;
    next.tv_nsec += ns % 1000000000L;
    if (next.tv_nsec >= 1000000000L) { next.tv_sec++; next.tv_nsec -= 1000000000L; }
    while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0) {}
  }
  printf("scrapes=%llu bytes=%llu failures=%llu\n", scrapes, bytes, failures);
  return 0;
}
