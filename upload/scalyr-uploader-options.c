/* scalyr-uploader-options.c: the options of ScalyrUploader, its properties
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-uploader-options-private.h"
#include "scalyr-upload-enum-types.h"

#include <string.h>

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_API_KEY,
  PROP_DATA_DIR,
  PROP_SERVER_HOST,
  PROP_COMPRESSION,
  PROP_COMPRESSION_LEVEL,
  PROP_ALLOW_HTTP,
  PROP_REQUEST_TIMEOUT,
  PROP_MAX_REQUEST_SIZE,
  PROP_MIN_REQUEST_SPACING,
  PROP_MAX_REQUEST_SPACING,
  PROP_INITIAL_BACKOFF,
  PROP_MAX_BACKOFF,
  PROP_LINE_COMPLETION_WAIT,
  PROP_MAX_LINE_SIZE,
  PROP_RESCAN_INTERVAL,
  PROP_MAX_LOG_OFFSET_SIZE,
  PROP_MAX_EXISTING_LOG_OFFSET_SIZE,
  PROP_LOG_DELETION_DELAY,
  PROP_LOGGER,
  PROP_CA_FILE,
  PROP_MAX_SEND_RATE,
  PROP_VERIFY_CERTIFICATE,
  PROP_HTTP_PROXY,
  PROP_HTTPS_PROXY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
scalyr_uploader_options_init (ScalyrUploaderOptions *self)
{
  self->compression = SCALYR_COMPRESSION_DEFLATE;
  self->compression_level = -1;
  self->request_timeout = 60;
  self->max_request_size = 5900000;
  self->min_request_size = 102400;
  self->max_spacing = 5;
  self->initial_backoff = 1;
  self->max_backoff = 30;
  self->line_completion_wait = 5;
  self->max_line_size = 49900;
  self->rescan_interval = 1;
  self->max_log_offset_size = 200000000;
  self->max_existing_log_offset_size = 200000000;
  self->log_deletion_delay = 600;
  self->server_host = g_strdup (g_get_host_name ());
}

void
scalyr_uploader_options_clear (ScalyrUploaderOptions *self)
{
  g_free (self->server_url);
  g_free (self->url);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->data_dir);
  g_free (self->ca_file);
  g_free (self->http_proxy);
  g_free (self->https_proxy);
  g_free (self->server_host);
  g_clear_object (&self->logger);
}

void
scalyr_uploader_options_get_property (ScalyrUploaderOptions *self,
                                      GObject               *object,
                                      guint                  prop_id,
                                      GValue                *value,
                                      GParamSpec            *pspec)
{

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_value_set_string (value, self->url); break;
    case PROP_DATA_DIR: g_value_set_string (value, self->data_dir); break;
    case PROP_SERVER_HOST: g_value_set_string (value, self->server_host); break;
    case PROP_COMPRESSION: g_value_set_enum (value, (gint) self->compression); break;
    case PROP_COMPRESSION_LEVEL: g_value_set_int (value, self->compression_level); break;
    case PROP_ALLOW_HTTP: g_value_set_boolean (value, self->allow_http); break;
    case PROP_REQUEST_TIMEOUT: g_value_set_uint (value, self->request_timeout); break;
    case PROP_MAX_REQUEST_SIZE: g_value_set_uint (value, self->max_request_size); break;
    case PROP_MIN_REQUEST_SPACING: g_value_set_double (value, self->min_spacing); break;
    case PROP_MAX_REQUEST_SPACING: g_value_set_double (value, self->max_spacing); break;
    case PROP_INITIAL_BACKOFF: g_value_set_double (value, self->initial_backoff); break;
    case PROP_MAX_BACKOFF: g_value_set_double (value, self->max_backoff); break;
    case PROP_LINE_COMPLETION_WAIT: g_value_set_double (value, self->line_completion_wait); break;
    case PROP_MAX_LINE_SIZE: g_value_set_uint (value, self->max_line_size); break;
    case PROP_RESCAN_INTERVAL: g_value_set_double (value, self->rescan_interval); break;
    case PROP_MAX_LOG_OFFSET_SIZE: g_value_set_uint64 (value, self->max_log_offset_size); break;
    case PROP_MAX_EXISTING_LOG_OFFSET_SIZE: g_value_set_uint64 (value, self->max_existing_log_offset_size); break;
    case PROP_LOG_DELETION_DELAY: g_value_set_double (value, self->log_deletion_delay); break;
    case PROP_LOGGER: g_value_set_object (value, self->logger); break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_MAX_SEND_RATE: g_value_set_double (value, self->max_send_rate); break;
    case PROP_VERIFY_CERTIFICATE: g_value_set_boolean (value, self->verify_certificate); break;
    case PROP_HTTP_PROXY: g_value_set_string (value, self->http_proxy); break;
    case PROP_HTTPS_PROXY: g_value_set_string (value, self->https_proxy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
scalyr_uploader_options_set_property (ScalyrUploaderOptions *self,
                                      GObject               *object,
                                      guint                  prop_id,
                                      const GValue          *value,
                                      GParamSpec            *pspec)
{

  switch (prop_id)
    {
    case PROP_SERVER_URL: g_free (self->server_url); self->server_url = g_value_dup_string (value); break;
    case PROP_API_KEY: g_free (self->api_key); self->api_key = g_value_dup_string (value); break;
    case PROP_DATA_DIR: g_free (self->data_dir); self->data_dir = g_value_dup_string (value); break;
    case PROP_SERVER_HOST:
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->server_host);
          self->server_host = g_value_dup_string (value);
        }
      break;
    case PROP_COMPRESSION: self->compression = (ScalyrCompression) g_value_get_enum (value); break;
    case PROP_COMPRESSION_LEVEL: self->compression_level = g_value_get_int (value); break;
    case PROP_ALLOW_HTTP: self->allow_http = g_value_get_boolean (value); break;
    case PROP_REQUEST_TIMEOUT: self->request_timeout = g_value_get_uint (value); break;
    case PROP_MAX_REQUEST_SIZE: self->max_request_size = g_value_get_uint (value); break;
    case PROP_MIN_REQUEST_SPACING: self->min_spacing = g_value_get_double (value); break;
    case PROP_MAX_REQUEST_SPACING: self->max_spacing = g_value_get_double (value); break;
    case PROP_INITIAL_BACKOFF: self->initial_backoff = g_value_get_double (value); break;
    case PROP_MAX_BACKOFF: self->max_backoff = g_value_get_double (value); break;
    case PROP_LINE_COMPLETION_WAIT: self->line_completion_wait = g_value_get_double (value); break;
    case PROP_MAX_LINE_SIZE: self->max_line_size = g_value_get_uint (value); break;
    case PROP_RESCAN_INTERVAL: self->rescan_interval = g_value_get_double (value); break;
    case PROP_MAX_LOG_OFFSET_SIZE: self->max_log_offset_size = g_value_get_uint64 (value); break;
    case PROP_MAX_EXISTING_LOG_OFFSET_SIZE: self->max_existing_log_offset_size = g_value_get_uint64 (value); break;
    case PROP_LOG_DELETION_DELAY: self->log_deletion_delay = g_value_get_double (value); break;
    case PROP_LOGGER: g_set_object (&self->logger, g_value_get_object (value)); break;
    case PROP_CA_FILE: g_free (self->ca_file); self->ca_file = g_value_dup_string (value); break;
    case PROP_VERIFY_CERTIFICATE: self->verify_certificate = g_value_get_boolean (value); break;
    case PROP_HTTP_PROXY: g_free (self->http_proxy); self->http_proxy = g_value_dup_string (value); break;
    case PROP_HTTPS_PROXY: g_free (self->https_proxy); self->https_proxy = g_value_dup_string (value); break;
    case PROP_MAX_SEND_RATE: self->max_send_rate = g_value_get_double (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
scalyr_uploader_options_install_properties (GObjectClass *object_class)
{
  /* Options: set before scalyr_uploader_start(). */
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  /**
   * ScalyrUploader:server-url:
   *
   * The `scalyr_server` option; reads back as the full addEvents URL.
   *
   * Since: 0.1
   */
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:api-key:
   *
   * The write-logs API key; write only, never logged.
   *
   * Since: 0.1
   */
  properties[PROP_API_KEY] = g_param_spec_string ("api-key", NULL, NULL, NULL,
                                                  G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrUploader:data-dir:
   *
   * Directory of checkpoints.json (`agent_data_path`); %NULL: no checkpoints.
   *
   * Since: 0.1
   */
  properties[PROP_DATA_DIR] = g_param_spec_string ("data-dir", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:server-host:
   *
   * `sessionInfo.serverHost`; the host name by default.
   *
   * Since: 0.1
   */
  properties[PROP_SERVER_HOST] = g_param_spec_string ("server-host", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:compression:
   *
   * The `compression_type`.
   *
   * Since: 0.1
   */
  properties[PROP_COMPRESSION] = g_param_spec_enum ("compression", NULL, NULL, SCALYR_TYPE_COMPRESSION,
                                                    SCALYR_COMPRESSION_DEFLATE, rw);
  /**
   * ScalyrUploader:compression-level:
   *
   * The `compression_level`, from -1 to 22; out of the type's range means
   * the type's default.
   *
   * Since: 0.1
   */
  properties[PROP_COMPRESSION_LEVEL] = g_param_spec_int ("compression-level", NULL, NULL, -1, 22, -1, rw);
  /**
   * ScalyrUploader:allow-http:
   *
   * Whether plain http is allowed to a host other than loopback.
   *
   * Since: 0.1
   */
  properties[PROP_ALLOW_HTTP] = g_param_spec_boolean ("allow-http", NULL, NULL, FALSE, rw);
  /**
   * ScalyrUploader:request-timeout:
   *
   * `request_deadline` in seconds, for connect, send and receive; from 1 to
   * 3600 (the agent clamps a larger `request_deadline` to 3600).
   *
   * Since: 0.1
   */
  properties[PROP_REQUEST_TIMEOUT] = g_param_spec_uint ("request-timeout", NULL, NULL, 1, 3600, 60, rw);
  /**
   * ScalyrUploader:max-request-size:
   *
   * `max_allowed_request_size`: limit of an uncompressed body, in bytes;
   * from 4096 to 64 MiB.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_REQUEST_SIZE] = g_param_spec_uint ("max-request-size", NULL, NULL, 4096, 64 * 1024 * 1024,
                                                         5900000, rw);
  /**
   * ScalyrUploader:min-request-spacing:
   *
   * `min_request_spacing_interval` in seconds, from 0 to 3600.
   *
   * Since: 0.1
   */
  properties[PROP_MIN_REQUEST_SPACING] = g_param_spec_double ("min-request-spacing", NULL, NULL, 0, 3600, 0, rw);
  /**
   * ScalyrUploader:max-request-spacing:
   *
   * `max_request_spacing_interval` in seconds: the idle keep-alive period;
   * from 0.001 to 3600.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_REQUEST_SPACING] = g_param_spec_double ("max-request-spacing", NULL, NULL, 0.001, 3600, 5, rw);
  /**
   * ScalyrUploader:initial-backoff:
   *
   * First retry delay after a failure, in seconds; doubled per failure.
   * From 0.001 to 3600.
   *
   * Since: 0.1
   */
  properties[PROP_INITIAL_BACKOFF] = g_param_spec_double ("initial-backoff", NULL, NULL, 0.001, 3600, 1, rw);
  /**
   * ScalyrUploader:max-backoff:
   *
   * `max_error_request_spacing_interval`: cap of the retry delay, in seconds;
   * from 0.001 to 3600.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_BACKOFF] = g_param_spec_double ("max-backoff", NULL, NULL, 0.001, 3600, 30, rw);
  /**
   * ScalyrUploader:line-completion-wait:
   *
   * `line_completion_wait_time`: how long a partial last line waits for its
   * end, in seconds; from 0 to 3600.
   *
   * Since: 0.1
   */
  properties[PROP_LINE_COMPLETION_WAIT] = g_param_spec_double ("line-completion-wait", NULL, NULL, 0, 3600, 5, rw);
  /**
   * ScalyrUploader:max-line-size:
   *
   * `max_line_size`: longer lines are sent in fragments of this size; from
   * 16 to 65536 bytes.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_LINE_SIZE] = g_param_spec_uint ("max-line-size", NULL, NULL, 16, 65536, 49900, rw);
  /**
   * ScalyrUploader:rescan-interval:
   *
   * Period of the glob rescan, in seconds: new files are noticed within it
   * (sooner in watched directories, those without wildcards); from 0.01 to
   * 3600.
   *
   * Since: 0.1
   */
  properties[PROP_RESCAN_INTERVAL] = g_param_spec_double ("rescan-interval", NULL, NULL, 0.01, 3600, 1, rw);
  /**
   * ScalyrUploader:max-log-offset-size:
   *
   * `max_log_offset_size`: a new file further behind is skipped to its end;
   * in bytes, any (%G_MAXUINT64: never).
   *
   * Since: 0.1
   */
  properties[PROP_MAX_LOG_OFFSET_SIZE] = g_param_spec_uint64 ("max-log-offset-size", NULL, NULL, 0, G_MAXUINT64,
                                                              200000000, rw);
  /**
   * ScalyrUploader:max-existing-log-offset-size:
   *
   * `max_existing_log_offset_size`: the only reason lines are skipped; in
   * bytes, any (%G_MAXUINT64: never).
   *
   * Since: 0.1
   */
  properties[PROP_MAX_EXISTING_LOG_OFFSET_SIZE] = g_param_spec_uint64 ("max-existing-log-offset-size", NULL, NULL,
                                                                       0, G_MAXUINT64, 200000000, rw);
  /**
   * ScalyrUploader:log-deletion-delay:
   *
   * `log_deletion_delay`: how long a deleted, fully copied file is kept, in
   * seconds; from 0 to 86400.
   *
   * Since: 0.1
   */
  properties[PROP_LOG_DELETION_DELAY] = g_param_spec_double ("log-deletion-delay", NULL, NULL, 0, 86400, 600, rw);
  /**
   * ScalyrUploader:logger:
   *
   * Where diagnostics go (agent.log); one writing to stderr by default.
   *
   * Since: 0.1
   */
  properties[PROP_LOGGER] = g_param_spec_object ("logger", NULL, NULL, SCALYR_TYPE_AGENT_LOGGER, rw);
  /**
   * ScalyrUploader:ca-file:
   *
   * `ca_cert_path`: PEM file of the certificate authorities to trust
   * instead of the system store.
   *
   * Since: 0.1
   */
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:verify-certificate:
   *
   * `verify_server_certificate`: whether the server's TLS certificate is
   * checked (the default). %FALSE accepts any certificate, with a warning
   * at start; only for a test server.
   *
   * Since: 0.1
   */
  properties[PROP_VERIFY_CERTIFICATE] = g_param_spec_boolean ("verify-certificate", NULL, NULL, TRUE,
                                                              rw | G_PARAM_CONSTRUCT);
  /**
   * ScalyrUploader:http-proxy:
   *
   * `http_proxy`: the proxy for an `http://` server, instead of the
   * `http_proxy` environment variable.
   *
   * Since: 0.1
   */
  properties[PROP_HTTP_PROXY] = g_param_spec_string ("http-proxy", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:https-proxy:
   *
   * `https_proxy`: the proxy for an `https://` server, instead of the
   * `https_proxy` environment variable.
   *
   * Since: 0.1
   */
  properties[PROP_HTTPS_PROXY] = g_param_spec_string ("https-proxy", NULL, NULL, NULL, rw);
  /**
   * ScalyrUploader:max-send-rate:
   *
   * `max_send_rate_enforcement` in bytes of log text per second (see
   * scalyr_agent_config_parse_rate()); 0, the default, for no limit. A token
   * bucket holding 4 seconds of the rate, full at first, is charged with
   * the bytes of the lines of each acknowledged request (not the request
   * size); the next request waits until the bucket is no longer negative.
   * So over a long time the rate is at most this, after a burst of up to
   * 4 seconds' worth plus one request. Any finite rate: a very small one
   * waits at most %G_MAXUINT milliseconds (about 49 days) between requests.
   *
   * Since: 0.1
   */
  properties[PROP_MAX_SEND_RATE] = g_param_spec_double ("max-send-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}
