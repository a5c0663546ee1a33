/* scalyr-uploader-options-private.h: the options of ScalyrUploader, its
 * properties
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib-object.h>
#include <scalyrmon.h>
#include "scalyr-compression.h"

G_BEGIN_DECLS

/* What the properties of a ScalyrUploader hold: the upload fields of the
 * agent configuration, read by scalyr_uploader_start() to set up the
 * stages of the pipeline. */
typedef struct {
  char              *server_url;
  char              *url;           /* the addEvents URL, once started */
  char              *api_key;
  char              *data_dir;
  char              *ca_file;
  gboolean           verify_certificate;
  char              *http_proxy;
  char              *https_proxy;
  char              *server_host;
  ScalyrCompression  compression;
  int                compression_level;
  gboolean           allow_http;
  guint              request_timeout;
  guint              max_request_size;
  guint              min_request_size;
  double             min_spacing;
  double             max_spacing;
  double             initial_backoff;
  double             max_backoff;
  double             line_completion_wait;
  guint              max_line_size;
  double             rescan_interval;
  guint64            max_log_offset_size;
  guint64            max_existing_log_offset_size;
  double             log_deletion_delay;
  double             max_send_rate;  /* bytes of log text per second, 0: unlimited */
  ScalyrAgentLogger *logger;
} ScalyrUploaderOptions;

/* The defaults. */
void scalyr_uploader_options_init  (ScalyrUploaderOptions *options);
void scalyr_uploader_options_clear (ScalyrUploaderOptions *options);

/* Installs the properties on ScalyrUploader's class; its get_property and
 * set_property hand them to these. */
void scalyr_uploader_options_install_properties (GObjectClass *object_class);
void scalyr_uploader_options_get_property (ScalyrUploaderOptions *options,
                                           GObject               *object,
                                           guint                  prop_id,
                                           GValue                *value,
                                           GParamSpec            *pspec);
void scalyr_uploader_options_set_property (ScalyrUploaderOptions *options,
                                           GObject               *object,
                                           guint                  prop_id,
                                           const GValue          *value,
                                           GParamSpec            *pspec);

G_END_DECLS
