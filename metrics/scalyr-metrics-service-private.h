/* scalyr-metrics-service-private.h: the metrics service's state, shared by
 * its two files (scalyr-metrics-service.c: the service, its thread, the
 * listener and the connections; scalyr-metrics-http.c: the answers to
 * /metrics and /healthz)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <libsoup/soup.h>
#include "scalyr-metrics-service.h"

G_BEGIN_DECLS

/* a status older than this is stale: the agent's main loop is stuck */
#define METRICS_STALE_US (10 * G_USEC_PER_SEC)

/* an exposition rendered once per snapshot and format, served many times */
typedef struct {
  guint64  generation;   /* of the snapshot it was rendered from; 0: none */
  GBytes  *text;
  GBytes  *gzip;         /* made on the first scrape that accepts gzip */
} MetricsRendition;

struct _ScalyrMetricsService
{
  GObject parent_instance;

  ScalyrAgentLogger *logger;

  /* the listener's thread, its main context and what runs there */
  GMainContext      *context;
  GMainLoop         *loop;
  GThread           *thread;
  SoupServer        *server;         /* listener thread */
  GSocketService    *listener;       /* listener thread */
  GQueue             connections;    /* listener thread: GSocketConnection *, oldest first */
  MetricsRendition   renditions[2];  /* listener thread: by ScalyrMetricsFormat */

  GMutex             lock;
  GCond              cond;
  gboolean           start_done;     /* the thread's start handshake */
  GError            *start_error;
  gboolean           retrying;       /* the port was in use: the thread tries again */
  char              *address;        /* what is (or was to be) bound */
  guint              port;
  gboolean           listening;
  char              *error;          /* why it is not listening */

  /* the latest snapshot, under lock: sealed, never changed */
  JsonNode          *status;
  JsonNode          *monitor_metrics;
  guint64            generation;     /* 0: none published yet */
  gint64             published_us;   /* monotonic */
  guint              health_code;    /* /healthz of the snapshot: 200 or 503 */
  char              *health_text;

  /* counters, under lock */
  guint64            scrapes;
  guint64            health_checks;
  guint64            bad_requests;
  guint64            connections_evicted;
  guint              open_connections;
  gint64             last_scrape_us; /* real time; 0 never */
};

/* scalyr-metrics-http.c: the SoupServer's handlers, on the listener thread */
void scalyr_metrics_http_setup         (ScalyrMetricsService *self);
void scalyr_metrics_http_clear         (ScalyrMetricsService *self);
/* what /healthz answers for @status (a status object just built) */
guint scalyr_metrics_http_health       (JsonNode             *status,
                                        char                **text);

G_END_DECLS
