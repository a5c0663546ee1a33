/* bench/peers/gen-access-log.c: writes the access log of the peers benchmark
 * (bench/peers/run-peers.sh): combined log format lines of 120-250 bytes with
 * varied fields (client address, time, method, path, status, size, referrer,
 * user agent), each carrying a unique sequence number in its request path
 * ("/item/0001234567"), numbered from 0, until the file holds at least MIB
 * MiB. Prints the number of lines on stdout. Deterministic (fixed seed).
 *   gen-access-log MIB FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint32_t rnd(uint32_t n) {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17;
  return (uint32_t) ((state >> 11) % n);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s MIB FILE\n", argv[0]); return 2; }
  uint64_t target = (uint64_t) strtoull(argv[1], NULL, 10) << 20;
  FILE *f = fopen(argv[2], "w");
  if (!f) { perror(argv[2]); return 1; }
  static const char *methods[] = {"GET", "GET", "GET", "POST", "PUT", "HEAD", "DELETE"};
  static const char *dirs[] = {"api/v1/orders", "static/img", "shop/cart", "search", "users/profile", "docs"};
  static const char *refs[] = {"-", "https://www.example.com/", "https://search.example.org/?q=widgets+blue",
                               "https://shop.example.net/cart/checkout?step=2"};
  static const char *agents[] = {
      "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
      "curl/7.88.1", "Go-http-client/1.1", "python-requests/2.28.1",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"};
  static const int statuses[] = {200, 200, 200, 200, 304, 301, 404, 500};
  static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  uint64_t bytes = 0, n = 0;
  char line[1024];
  while (bytes < target) {
    uint64_t t = n / 50;   /* 50 lines a second */
    int len = snprintf(line, sizeof line,
                       "10.%u.%u.%u - %s [%02u/%s/2026:%02u:%02u:%02u +0000] \"%s /%s/item/%010llu%s HTTP/1.1\" %d %u \"%s\" \"%s\"\n",
                       rnd(256), rnd(256), rnd(254) + 1, rnd(4) ? "-" : "alice", (unsigned) (1 + (t / 86400) % 28),
                       months[(t / 2419200) % 12], (unsigned) ((t / 3600) % 24), (unsigned) ((t / 60) % 60),
                       (unsigned) (t % 60), methods[rnd(7)], dirs[rnd(6)], (unsigned long long) n,
                       rnd(3) ? "" : "?page=2&sort=price", statuses[rnd(8)], rnd(90000) + 100, refs[rnd(4)],
                       agents[rnd(6)]);
    fwrite(line, 1, (size_t) len, f);
    bytes += (uint64_t) len;
    n++;
  }
  if (fclose(f) != 0) { perror(argv[2]); return 1; }
  printf("%llu\n", (unsigned long long) n);
  return 0;
}
