/* scalyr-metrics-service.c: the OpenMetrics listener as a ScalyrAgent
 * service: its thread, binding, the bounded connections, the snapshots the
 * agent publishes and the service's status
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <gio/gio.h>
#include <scalyragent.h>

#include "scalyr-metrics-service-private.h"
#include "scalyr-i18n-private.h"

/* at most this many connections; a new one past it closes the oldest */
#define MAX_CONNECTIONS 256
/* a connection idle (or stalled in a read or write) this long is closed */
#define IDLE_TIMEOUT_S 30
/* a port in use is tried again this often, until it is free */
#define BIND_RETRY_S 5

/**
 * ScalyrMetricsService:
 *
 * Serves the agent's figures over HTTP for Prometheus: `GET /metrics` (the
 * exposition of scalyr_agent_format_metrics(), in the format the `Accept`
 * header asks for, gzipped when `Accept-Encoding` allows it) and
 * `GET /healthz` (200 `ok`, or 503 with the kind and the reason). It
 * listens on `openmetrics_address` (default 127.0.0.1) and
 * `openmetrics_port` with a #SoupServer on a thread of its own with its
 * own main context, and answers from the latest snapshot the agent
 * published (scalyr_agent_service_publish(), every second): an exposition
 * is rendered once per snapshot and format, whatever the number of
 * scrapers.
 *
 * Bounded: at most 256 connections (a new one past them closes the oldest),
 * a connection idle or stalled for 30 s is closed, request headers are
 * bounded by libsoup (64 KiB), a request body is refused and dropped as it
 * comes, never kept.
 * A new configuration that moves the address or the port rebinds; one
 * that could not bind is tried again at each reconfiguration, and a port in
 * use every 5 s until it is free.
 *
 * `scalyr-agent` loads it from the module `libscalyr-metrics-service.so`
 * only when `openmetrics_port` is set.
 *
 * Thread safety: the agent calls the service's methods from its thread;
 * the listener runs on its own; the snapshot, the address and the counters
 * are shared under a lock.
 */

static void scalyr_metrics_service_iface_init (ScalyrAgentServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScalyrMetricsService, scalyr_metrics_service, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SCALYR_TYPE_AGENT_SERVICE,
                                                      scalyr_metrics_service_iface_init))

#define LISTEN_BACKLOG 512

/* ---- connections (listener thread) ---- */

static void
set_open_connections (ScalyrMetricsService *self)
{
  g_mutex_lock (&self->lock);
  self->open_connections = self->connections.length;
  g_mutex_unlock (&self->lock);
}

static void
connection_gone (gpointer data,
                 GObject *where_the_object_was)
{
  ScalyrMetricsService *self = data;

  g_queue_remove (&self->connections, where_the_object_was);
  set_open_connections (self);
}

/* hands a new connection to the SoupServer; past the bound, the oldest
 * connection is shut down (libsoup sees its end and drops it) so that a
 * scraper is answered even while idle clients hold every slot */
static gboolean
incoming_cb (GSocketService    *listener,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  ScalyrMetricsService *self = data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  (void) listener; (void) source_object;
  if (self->connections.length >= MAX_CONNECTIONS)
    {
      GSocketConnection *oldest = g_queue_peek_head (&self->connections);

      g_socket_shutdown (g_socket_connection_get_socket (oldest), TRUE, TRUE, NULL);
      /* no longer counted, though libsoup drops it a moment later */
      g_object_weak_unref (G_OBJECT (oldest), connection_gone, self);
      g_queue_pop_head (&self->connections);
      g_mutex_lock (&self->lock);
      self->connections_evicted++;
      g_mutex_unlock (&self->lock);
    }
  g_socket_set_timeout (g_socket_connection_get_socket (connection), IDLE_TIMEOUT_S);
  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, NULL))
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  g_queue_push_tail (&self->connections, connection);
  g_object_weak_ref (G_OBJECT (connection), connection_gone, self);
  set_open_connections (self);
  return TRUE;
}

/* ---- the listener's thread ---- */

static GSocketAddress *
resolve (const char *address,
         guint       port,
         GError    **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  GList *found;

  if (inet == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();

      found = g_resolver_lookup_by_name (resolver, address, NULL, error);
      if (found == NULL)
        return NULL;
      inet = g_object_ref (found->data);
      g_resolver_free_addresses (found);
    }
  return g_inet_socket_address_new (inet, (guint16) port);
}

/* @in_use: set when the port is in use (another process may free it) */
static gboolean
bind_listener (ScalyrMetricsService *self,
               const char           *address,
               guint                 port,
               gboolean             *in_use,
               GError              **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GSocketAddress) where = resolve (address, port, &local);

  self->server = soup_server_new ("server-header", "scalyr-agent", NULL);
  scalyr_metrics_http_setup (self);
  self->listener = g_socket_service_new ();
  /* GSocketListener's default backlog is 10: 100 scrapers connecting at
   * once (one request per connection, see scalyr-metrics-http.c) waited
   * for the kernel's SYN retry, a second, in bench-scrape */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->listener), LISTEN_BACKLOG);
  if (where == NULL ||
      !g_socket_listener_add_address (G_SOCKET_LISTENER (self->listener), where, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, &local))
    {
      *in_use = g_error_matches (local, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_SERVICE,
                   _("cannot listen on %s port %u (openmetrics_address, openmetrics_port): %s; set "
                     "openmetrics_port to a free port (above 1023 unless the agent may bind privileged ports) "
                     "and openmetrics_address to an address of this host, or openmetrics_port to 0 to turn the "
                     "listener off"), address, port, local->message);
      return FALSE;
    }
  g_signal_connect (self->listener, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->listener);
  return TRUE;
}

static void
unbind_listener (ScalyrMetricsService *self)
{
  GSocketConnection *connection;

  if (self->listener != NULL)
    {
      g_socket_service_stop (self->listener);
      g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
      g_signal_handlers_disconnect_by_data (self->listener, self);
      g_clear_object (&self->listener);
    }
  while ((connection = g_queue_pop_head (&self->connections)) != NULL)
    g_object_weak_unref (G_OBJECT (connection), connection_gone, self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  scalyr_metrics_http_clear (self);
  set_open_connections (self);
}

/* the port was in use at the start: tries again, on the listener thread,
 * until it binds (or the listener stops) */
static gboolean
retry_bind_cb (gpointer data)
{
  ScalyrMetricsService *self = data;
  g_autoptr(GError) error = NULL;
  gboolean in_use = FALSE;

  unbind_listener (self);
  if (!bind_listener (self, self->address, self->port, &in_use, &error))
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&self->lock);
  self->listening = TRUE;
  g_clear_pointer (&self->error, g_free);
  g_mutex_unlock (&self->lock);
  scalyr_info (self->logger, _("OpenMetrics listener on %s port %u: /metrics and /healthz (the port is free "
                               "now)"), self->address, self->port);
  return G_SOURCE_REMOVE;
}

static gpointer
listener_thread (gpointer data)
{
  ScalyrMetricsService *self = data;
  GError *error = NULL;
  g_autoptr(GSource) retry = NULL;
  gboolean ok, in_use = FALSE;

  /* self->address and self->port do not change while the thread runs */
  g_main_context_push_thread_default (self->context);
  ok = bind_listener (self, self->address, self->port, &in_use, &error);
  if (!ok && in_use)
    {
      GError *retrying = g_error_new (error->domain, error->code, _("%s (the agent tries again every %d s)"),
                                      error->message, BIND_RETRY_S);

      g_error_free (error);
      error = retrying;
      retry = g_timeout_source_new_seconds (BIND_RETRY_S);
      g_source_set_callback (retry, retry_bind_cb, self, NULL);
      g_source_attach (retry, self->context);
    }

  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->start_done = TRUE;
  self->listening = ok;
  self->retrying = retry != NULL;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok || retry != NULL)
    g_main_loop_run (self->loop);
  if (retry != NULL)
    g_source_destroy (retry);
  unbind_listener (self);
  /* what the disconnections left to dispatch */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
join_listener (ScalyrMetricsService *self)
{
  g_thread_join (self->thread);
  self->thread = NULL;
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

static void
stop_listener (ScalyrMetricsService *self)
{
  if (self->thread == NULL)
    return;
  g_main_context_invoke (self->context, quit_cb, self->loop);
  join_listener (self);
  g_mutex_lock (&self->lock);
  self->listening = FALSE;
  g_mutex_unlock (&self->lock);
}

static gboolean
is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL ? g_inet_address_get_is_loopback (inet) : g_str_equal (address, "localhost");
}

/* Binds @address:@port on a new thread; a failure is recorded for the
 * status and returned. */
static gboolean
start_listener (ScalyrMetricsService *self,
                const char           *address,
                guint                 port,
                GError              **error)
{
  GError *start_error;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_lock (&self->lock);
  g_free (self->address);
  self->address = g_strdup (address);
  self->port = port;
  self->start_done = FALSE;
  self->start_error = NULL;
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_new ("openmetrics", listener_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->start_done)
    g_cond_wait (&self->cond, &self->lock);
  start_error = g_steal_pointer (&self->start_error);
  g_clear_pointer (&self->error, g_free);
  if (start_error != NULL)
    self->error = g_strdup (start_error->message);
  g_mutex_unlock (&self->lock);

  if (start_error != NULL)
    {
      if (!self->retrying)
        join_listener (self);   /* the thread ends by itself */
      g_propagate_error (error, start_error);
      return FALSE;
    }
  scalyr_info (self->logger, _("OpenMetrics listener on %s port %u: /metrics and /healthz"), address, port);
  if (!is_loopback (address))
    scalyr_info (self->logger, _("openmetrics_address %s is not a loopback address: /metrics and /healthz are "
                   "exposed to the network, without authentication; set openmetrics_address to 127.0.0.1 unless "
                   "that is meant"), address);
  return TRUE;
}

/* ---- ScalyrAgentService ---- */

/* an IPv6 address as URLs write it ("[::1]") is taken without brackets */
static char *
config_address (ScalyrAgentConfig *config)
{
  const char *address = scalyr_agent_config_get_string (config, "openmetrics_address");
  gsize len = address != NULL ? strlen (address) : 0;

  if (len == 0)
    return g_strdup ("127.0.0.1");
  if (len > 2 && address[0] == '[' && address[len - 1] == ']')
    return g_strndup (address + 1, len - 2);
  return g_strdup (address);
}

static guint
config_port (ScalyrAgentConfig *config)
{
  return (guint) CLAMP (scalyr_agent_config_get_int (config, "openmetrics_port"), 0, 65535);
}

static gboolean
service_start (ScalyrAgentService *service,
               ScalyrAgentConfig  *config,
               ScalyrAgentLogger  *logger,
               GError            **error)
{
  ScalyrMetricsService *self = SCALYR_METRICS_SERVICE (service);
  g_autofree char *address = config_address (config);

  g_return_val_if_fail (self->thread == NULL, FALSE);
  if (logger != NULL)
    g_set_object (&self->logger, logger);
  else if (self->logger == NULL)
    self->logger = scalyr_agent_logger_new ("scalyr_agent.openmetrics", NULL);
  return start_listener (self, address, config_port (config), error);
}

/* rebinds when the address or the port changed, or when the last bind
 * failed (the port may be free now) */
static void
service_reconfigure (ScalyrAgentService *service,
                     ScalyrAgentConfig  *config)
{
  ScalyrMetricsService *self = SCALYR_METRICS_SERVICE (service);
  g_autofree char *address = config_address (config);
  guint port = config_port (config);
  g_autoptr(GError) error = NULL;

  if (self->thread != NULL && g_strcmp0 (address, self->address) == 0 && port == self->port)
    return;
  stop_listener (self);
  if (!start_listener (self, address, port, &error))
    scalyr_error (self->logger, _("The OpenMetrics listener is not running: %s"), error->message);
}

static void
service_publish (ScalyrAgentService *service,
                 JsonNode           *status,
                 JsonNode           *monitor_metrics)
{
  ScalyrMetricsService *self = SCALYR_METRICS_SERVICE (service);
  g_autofree char *health_text = NULL;
  guint health_code;
  JsonNode *old_status, *old_metrics;

  /* on the agent's thread, before any other thread sees it */
  health_code = scalyr_metrics_http_health (status, &health_text);
  json_node_seal (status);
  if (monitor_metrics != NULL)
    json_node_seal (monitor_metrics);

  g_mutex_lock (&self->lock);
  old_status = g_steal_pointer (&self->status);
  old_metrics = g_steal_pointer (&self->monitor_metrics);
  self->status = json_node_ref (status);
  self->monitor_metrics = monitor_metrics != NULL ? json_node_ref (monitor_metrics) : NULL;
  self->generation++;
  self->published_us = g_get_monotonic_time ();
  self->health_code = health_code;
  g_free (self->health_text);
  self->health_text = g_steal_pointer (&health_text);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&old_status, json_node_unref);
  g_clear_pointer (&old_metrics, json_node_unref);
}

static JsonNode *
service_dup_status (ScalyrAgentService *service)
{
  ScalyrMetricsService *self = SCALYR_METRICS_SERVICE (service);
  g_autoptr(JsonObject) o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_mutex_lock (&self->lock);
  json_object_set_string_member (o, "address", self->address != NULL ? self->address : "");
  json_object_set_int_member (o, "port", self->port);
  json_object_set_boolean_member (o, "listening", self->listening);
  if (self->error != NULL)
    json_object_set_string_member (o, "error", self->error);
  json_object_set_int_member (o, "scrapes", (gint64) self->scrapes);
  json_object_set_double_member (o, "last_scrape", (double) self->last_scrape_us / G_USEC_PER_SEC);
  json_object_set_int_member (o, "health_checks", (gint64) self->health_checks);
  json_object_set_int_member (o, "bad_requests", (gint64) self->bad_requests);
  json_object_set_int_member (o, "connections", self->open_connections);
  json_object_set_int_member (o, "connections_evicted", (gint64) self->connections_evicted);
  g_mutex_unlock (&self->lock);
  json_node_set_object (node, o);
  return node;
}

static void
service_stop (ScalyrAgentService *service)
{
  stop_listener (SCALYR_METRICS_SERVICE (service));
}

static void
scalyr_metrics_service_iface_init (ScalyrAgentServiceInterface *iface)
{
  iface->start = service_start;
  iface->reconfigure = service_reconfigure;
  iface->dup_status = service_dup_status;
  iface->stop = service_stop;
  iface->publish = service_publish;
}

/* ---- GObject ---- */

static void
scalyr_metrics_service_finalize (GObject *object)
{
  ScalyrMetricsService *self = SCALYR_METRICS_SERVICE (object);

  stop_listener (self);
  g_clear_object (&self->logger);
  g_clear_pointer (&self->status, json_node_unref);
  g_clear_pointer (&self->monitor_metrics, json_node_unref);
  g_free (self->health_text);
  g_free (self->address);
  g_free (self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (scalyr_metrics_service_parent_class)->finalize (object);
}

static void
scalyr_metrics_service_class_init (ScalyrMetricsServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scalyr_metrics_service_finalize;
}

static void
scalyr_metrics_service_init (ScalyrMetricsService *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->connections);
}
