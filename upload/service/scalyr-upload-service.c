/* scalyr-upload-service.c: the uploader as a ScalyrAgent service
 * SPDX-License-Identifier: Apache-2.0 */
#include <gio/gio.h>
#include <scalyragent.h>
#include <scalyrmon-upload.h>

#include "scalyr-upload-service.h"
#include "scalyr-clamp-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrUploadService:
 *
 * Runs a #ScalyrUploader for a #ScalyrAgent: on a thread of its own with its
 * own main context, built from the agent configuration
 * (scalyr_upload_service_create_uploader()). A new configuration that
 * changes anything the uploader uses restarts it: the request in flight
 * is abandoned and sent again by the new one under the same `si`/`sn`
 * (positions live in the checkpoints), so nothing is lost. The status
 * (scalyr_uploader_get_status() plus `server`) is refreshed on the
 * uploader's thread every second and after each request, and read under
 * a lock from any thread.
 *
 * `scalyr-agent` loads it from the module `libscalyr-upload-service.so`
 * only when an `api_key` is configured.
 */
struct _ScalyrUploadService
{
  GObject parent_instance;

  ScalyrAgentLogger *logger;
  char              *fingerprint;    /* the configuration the uploader runs */

  ScalyrUploader    *uploader;
  GMainContext      *context;
  GMainLoop         *loop;
  GThread           *thread;

  /* handshake of the thread's start */
  GMutex             lock;
  GCond              cond;
  gboolean           start_done;
  GError            *start_error;
  JsonNode          *status;         /* under lock */
  char              *server;         /* under lock */
  char              *error;          /* under lock: why it is not running */
};

static void scalyr_upload_service_iface_init (ScalyrAgentServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScalyrUploadService, scalyr_upload_service, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SCALYR_TYPE_AGENT_SERVICE,
                                                      scalyr_upload_service_iface_init))

/* the members of the agent configuration the uploader depends on */
static const char * const upload_keys[] = {
  "api_key", "scalyr_server", "allow_http", "ca_cert_path", "verify_server_certificate", "http_proxy",
  "https_proxy",
  "agent_data_path", "agent_log_path", "compression_type", "compression_level", "server_attributes",
  "logs", "max_allowed_request_size", "min_request_spacing_interval", "max_request_spacing_interval",
  "max_line_size", "line_completion_wait_time", "max_log_offset_size", "max_existing_log_offset_size",
  "request_deadline", "max_send_rate_enforcement_bytes_per_second", NULL
};

static char *
config_fingerprint (ScalyrAgentConfig *config)
{
  JsonObject *all = scalyr_agent_config_get_object (config);
  g_autoptr(JsonObject) subset = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  for (gsize i = 0; upload_keys[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (all, upload_keys[i]);
      if (value != NULL)
        json_object_set_member (subset, upload_keys[i], json_node_copy (value));
    }
  json_node_set_object (node, subset);
  return json_to_string (node, FALSE);
}

static gboolean
has_number (JsonObject *all,
            const char *name)
{
  JsonNode *n = json_object_get_member (all, name);
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) != G_TYPE_STRING;
}

/**
 * scalyr_upload_service_create_uploader:
 * @config: an agent configuration with an `api_key`
 * @logger: (nullable): where the uploader's diagnostics go
 *
 * Makes the uploader the agent runs for @config: `scalyr_server`,
 * `api_key`, `agent_data_path` (checkpoints), `allow_http`, `ca_cert_path`,
 * `verify_server_certificate`, `http_proxy`/`https_proxy`,
 * `compression_type`/`compression_level`, `server_attributes`, the request
 * size, spacing, line size and offset limits, `request_deadline`, the
 * `max_send_rate_enforcement` rate, every `logs` entry
 * (scalyr_uploader_add_log_entry(); a bad entry is reported on @logger and
 * skipped) and the
 * monitors' metric logs (every `.log` file in `agent_log_path`) with parser
 * `agent-metrics`.
 *
 * Returns: (transfer full): a new uploader, not started
 */
ScalyrUploader *
scalyr_upload_service_create_uploader (ScalyrAgentConfig *config,
                                       ScalyrAgentLogger *logger)
{
  g_autoptr(GError) error = NULL;
  ScalyrCompression compression = SCALYR_COMPRESSION_DEFLATE;
  JsonObject *all;
  JsonArray *logs;
  JsonNode *attrs;
  const char *type, *log_dir;
  ScalyrUploader *up;

  g_autoptr(ScalyrAgentLogger) own_logger = NULL;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), NULL);
  g_return_val_if_fail (logger == NULL || SCALYR_IS_AGENT_LOGGER (logger), NULL);

  if (logger == NULL)
    logger = own_logger = scalyr_agent_logger_new ("scalyr_agent.copying_manager", NULL);
  all = scalyr_agent_config_get_object (config);
  type = scalyr_agent_config_get_string (config, "compression_type");
  if (type != NULL && !scalyr_compression_from_string (type, &compression))
    scalyr_warning (logger, _("compression_type \"%s\" is not offered (use deflate, zstandard, bz2, lz4 or none); "
                      "using deflate"), type);
  up = g_object_new (SCALYR_TYPE_UPLOADER,
                     "server-url", scalyr_agent_config_get_string (config, "scalyr_server"),
                     "api-key", scalyr_agent_config_get_string (config, "api_key"),
                     "data-dir", scalyr_agent_config_get_string (config, "agent_data_path"),
                     "allow-http", scalyr_agent_config_get_boolean (config, "allow_http"),
                     "ca-file", scalyr_agent_config_get_string (config, "ca_cert_path"),
                     "verify-certificate", scalyr_agent_config_get_boolean (config, "verify_server_certificate"),
                     "http-proxy", scalyr_agent_config_get_string (config, "http_proxy"),
                     "https-proxy", scalyr_agent_config_get_string (config, "https_proxy"),
                     "compression", compression,
                     "logger", logger,
                     NULL);
  if (has_number (all, "compression_level"))
    g_object_set (up, "compression-level",
                  (int) CLAMP (scalyr_agent_config_get_int (config, "compression_level"), -1, 22), NULL);
  if (has_number (all, "max_allowed_request_size"))
    g_object_set (up, "max-request-size",
                  (guint) CLAMP (scalyr_agent_config_get_int (config, "max_allowed_request_size"),
                                 4096, 64 * 1024 * 1024), NULL);
  if (has_number (all, "min_request_spacing_interval"))
    g_object_set (up, "min-request-spacing",
                  CLAMP (scalyr_agent_config_get_double (config, "min_request_spacing_interval"), 0, 3600), NULL);
  if (has_number (all, "max_request_spacing_interval"))
    g_object_set (up, "max-request-spacing",
                  CLAMP (scalyr_agent_config_get_double (config, "max_request_spacing_interval"), 0.001, 3600),
                  NULL);
  if (has_number (all, "max_line_size"))
    {
      gint64 max_line_size = scalyr_agent_config_get_int (config, "max_line_size");

      /* the schema allows from 1 (as the reference); the uploader cuts at 16
       * bytes at the least (a UTF-8 character whole): said, not silent */
      if (max_line_size < 16)
        scalyr_agent_logger_logf (logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                  _("max_line_size %lld is below the uploader's least, 16 bytes: "
                                    "lines are cut at 16 bytes; set max_line_size to 16 or more"),
                                  (long long) max_line_size);
      g_object_set (up, "max-line-size", (guint) CLAMP (max_line_size, 16, 65536), NULL);
    }
  if (has_number (all, "line_completion_wait_time"))
    g_object_set (up, "line-completion-wait",
                  CLAMP (scalyr_agent_config_get_double (config, "line_completion_wait_time"), 0, 3600), NULL);
  if (has_number (all, "max_log_offset_size"))
    g_object_set (up, "max-log-offset-size",
                  (guint64) MAX (scalyr_agent_config_get_int (config, "max_log_offset_size"), 0), NULL);
  if (has_number (all, "max_existing_log_offset_size"))
    g_object_set (up, "max-existing-log-offset-size",
                  (guint64) MAX (scalyr_agent_config_get_int (config, "max_existing_log_offset_size"), 0), NULL);
  if (has_number (all, "request_deadline"))
    g_object_set (up, "request-timeout",
                  scalyr_clamp_double_to_uint (scalyr_agent_config_get_double (config, "request_deadline"), 1, 3600), NULL);

  attrs = json_object_get_member (all, "server_attributes");
  if (attrs != NULL && JSON_NODE_HOLDS_OBJECT (attrs))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (attrs));
      while (json_object_iter_next (&iter, &name, &value))
        scalyr_uploader_set_server_attribute (up, name, value);
    }

  if (has_number (all, "max_send_rate_enforcement_bytes_per_second"))
    g_object_set (up, "max-send-rate",
                  MAX (scalyr_agent_config_get_double (config, "max_send_rate_enforcement_bytes_per_second"), 0.0),
                  NULL);

  logs = scalyr_agent_config_get_logs (config);
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonNode *entry = json_array_get_element (logs, i);

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        scalyr_warning (logger, _("logs entry %u is not an object: skipped"), i);
      else if (!scalyr_uploader_add_log_entry (up, json_node_get_object (entry), &error))
        {
          scalyr_warning (logger, _("logs entry %u skipped: %s"), i, error->message);
          g_clear_error (&error);
        }
    }
  /* The monitors' metric logs (agent.log and the configured logs claimed
   * their files first). */
  log_dir = scalyr_agent_config_get_string (config, "agent_log_path");
  if (log_dir != NULL)
    {
      g_autofree char *metric_logs = g_build_filename (log_dir, "*.log", NULL);
      scalyr_uploader_add_log (up, metric_logs, "agent-metrics", NULL, FALSE, NULL);
    }
  return up;
}

/* ---- the uploader's thread ---- */

/* on the uploader's thread */
static void
refresh_status (ScalyrUploadService *self)
{
  JsonNode *status = scalyr_uploader_get_status (self->uploader);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->status, json_node_unref);
  self->status = status;
  g_mutex_unlock (&self->lock);
}

static gboolean
refresh_status_cb (gpointer data)
{
  refresh_status (data);
  return G_SOURCE_CONTINUE;
}

static void
request_finished_cb (ScalyrUploader *uploader,
                     const char     *status,
                     gboolean        success,
                     gpointer        data)
{
  (void) uploader; (void) status; (void) success;
  refresh_status (data);
}

static gpointer
upload_thread (gpointer data)
{
  ScalyrUploadService *self = data;
  GError *error = NULL;
  gboolean ok;
  GSource *tick;

  g_main_context_push_thread_default (self->context);
  ok = scalyr_uploader_start (self->uploader, &error);
  if (ok)
    {
      g_signal_connect (self->uploader, "request-finished", G_CALLBACK (request_finished_cb), self);
      refresh_status (self);
    }
  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    {
      tick = g_timeout_source_new_seconds (1);
      g_source_set_callback (tick, refresh_status_cb, self, NULL);
      g_source_attach (tick, self->context);
      g_main_loop_run (self->loop);
      g_source_destroy (tick);
      g_source_unref (tick);
      scalyr_uploader_stop (self->uploader);
      refresh_status (self);
      g_signal_handlers_disconnect_by_data (self->uploader, self);
    }
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Waits for the uploader's thread to end and drops what it ran. */
static void
join_uploader (ScalyrUploadService *self)
{
  g_thread_join (self->thread);
  self->thread = NULL;
  g_clear_object (&self->uploader);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

static void
stop_uploader (ScalyrUploadService *self)
{
  if (self->thread == NULL)
    return;
  g_main_context_invoke (self->context, quit_cb, self->loop);
  join_uploader (self);
}

static gboolean
start_uploader (ScalyrUploadService *self,
                ScalyrAgentConfig   *config,
                GError             **error)
{
  GError *start_error;

  self->uploader = scalyr_upload_service_create_uploader (config, self->logger);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_lock (&self->lock);
  g_free (self->server);
  self->server = g_strdup (scalyr_agent_config_get_string (config, "scalyr_server"));
  self->start_done = FALSE;
  self->start_error = NULL;
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_new ("uploader", upload_thread, self);
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
      /* the thread ends by itself when the start failed */
      join_uploader (self);
      g_propagate_error (error, start_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- ScalyrAgentService ---- */

static gboolean
service_start (ScalyrAgentService *service,
               ScalyrAgentConfig  *config,
               ScalyrAgentLogger  *logger,
               GError            **error)
{
  ScalyrUploadService *self = SCALYR_UPLOAD_SERVICE (service);

  g_return_val_if_fail (self->thread == NULL, FALSE);
  if (logger != NULL)
    g_set_object (&self->logger, logger);
  else if (self->logger == NULL)
    self->logger = scalyr_agent_logger_new ("scalyr_agent.copying_manager", NULL);
  g_free (self->fingerprint);
  self->fingerprint = config_fingerprint (config);
  return start_uploader (self, config, error);
}

static void
service_reconfigure (ScalyrAgentService *service,
                     ScalyrAgentConfig  *config)
{
  ScalyrUploadService *self = SCALYR_UPLOAD_SERVICE (service);
  g_autofree char *fingerprint = config_fingerprint (config);
  g_autoptr(GError) error = NULL;

  if (self->fingerprint != NULL && g_str_equal (fingerprint, self->fingerprint))
    return;
  scalyr_info (self->logger, _("the upload settings changed: restarting the uploader (copying resumes from "
                 "the checkpoints)"));
  stop_uploader (self);
  g_free (self->fingerprint);
  self->fingerprint = g_steal_pointer (&fingerprint);
  if (!start_uploader (self, config, &error))
    scalyr_error (self->logger, _("uploading is not running: %s"), error->message);
}

static JsonNode *
service_dup_status (ScalyrAgentService *service)
{
  ScalyrUploadService *self = SCALYR_UPLOAD_SERVICE (service);
  JsonNode *copy;

  g_mutex_lock (&self->lock);
  copy = self->status != NULL ? json_node_copy (self->status)
                              : json_node_init_object (json_node_alloc (), json_object_new ());
  if (self->server != NULL)
    json_object_set_string_member (json_node_get_object (copy), "server", self->server);
  if (self->error != NULL)
    json_object_set_string_member (json_node_get_object (copy), "error", self->error);
  g_mutex_unlock (&self->lock);
  return copy;
}

static void
service_stop (ScalyrAgentService *service)
{
  stop_uploader (SCALYR_UPLOAD_SERVICE (service));
}

/* Every logs entry, the server URL and the CA file, all problems listed. */
static gboolean
service_check_config (ScalyrAgentService *service,
                      ScalyrAgentConfig  *config,
                      GError            **error)
{
  g_autoptr(ScalyrUploader) up = g_object_new (SCALYR_TYPE_UPLOADER, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonArray *logs = scalyr_agent_config_get_logs (config);
  const char *ca = scalyr_agent_config_get_string (config, "ca_cert_path");
  const char *type = scalyr_agent_config_get_string (config, "compression_type");
  ScalyrCompression compression;

  (void) service;
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonNode *entry = json_array_get_element (logs, i);
      g_autoptr(GError) local = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        g_string_append_printf (problems, _("logs[%u] is not an object; each entry is { \"path\": ... }\n"), i);
      else if (!scalyr_uploader_add_log_entry (up, json_node_get_object (entry), &local))
        g_string_append_printf (problems, "logs[%u]: %s\n", i, local->message);
    }
  {
    g_autoptr(GError) local = NULL;
    g_autofree char *url = scalyr_upload_normalize_url (scalyr_agent_config_get_string (config, "scalyr_server"),
                                                        scalyr_agent_config_get_boolean (config, "allow_http"),
                                                        NULL, &local);
    if (url == NULL)
      g_string_append_printf (problems, "scalyr_server: %s\n", local->message);
  }
  if (ca != NULL && *ca != '\0')
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca, &local);
      if (db == NULL)
        g_string_append_printf (problems, _("ca_cert_path: %s; give a readable PEM file of certificate "
                                  "authorities, or remove it to use the system's\n"), local->message);
    }
  if (type != NULL && !scalyr_compression_from_string (type, &compression))
    g_string_append_printf (problems, _("compression_type \"%s\" is not offered; use deflate, zstandard, bz2, "
                              "lz4 or none\n"), type);
  if (problems->len == 0)
    return TRUE;
  g_string_truncate (problems, problems->len - 1);
  g_set_error_literal (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG, problems->str);
  return FALSE;
}

static void
scalyr_upload_service_iface_init (ScalyrAgentServiceInterface *iface)
{
  iface->check_config = service_check_config;
  iface->start = service_start;
  iface->reconfigure = service_reconfigure;
  iface->dup_status = service_dup_status;
  iface->stop = service_stop;
}

/* ---- GObject ---- */

static void
scalyr_upload_service_finalize (GObject *object)
{
  ScalyrUploadService *self = SCALYR_UPLOAD_SERVICE (object);

  stop_uploader (self);
  g_clear_object (&self->logger);
  g_free (self->fingerprint);
  g_clear_pointer (&self->status, json_node_unref);
  g_free (self->server);
  g_free (self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (scalyr_upload_service_parent_class)->finalize (object);
}

static void
scalyr_upload_service_class_init (ScalyrUploadServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scalyr_upload_service_finalize;
}

static void
scalyr_upload_service_init (ScalyrUploadService *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * scalyr_upload_service_new:
 *
 * Returns: (transfer full): a service, to start with
 *   scalyr_agent_service_start()
 */
ScalyrUploadService *
scalyr_upload_service_new (void)
{
  return g_object_new (SCALYR_TYPE_UPLOAD_SERVICE, NULL);
}
