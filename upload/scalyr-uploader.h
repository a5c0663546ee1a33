/* scalyr-uploader.h: copy log files to Scalyr's addEvents API
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYR_UPLOAD_INSIDE) && !defined(SCALYR_UPLOAD_COMPILATION)
#error "Only <scalyrmon-upload.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

/**
 * SCALYR_UPLOAD_ERROR:
 *
 * Error domain of the uploader; codes are #ScalyrUploadError.
 *
 * Since: 0.1
 */
#define SCALYR_UPLOAD_ERROR (scalyr_upload_error_quark ())

/**
 * ScalyrUploadError:
 * @SCALYR_UPLOAD_ERROR_INVALID_URL: the server URL cannot be parsed
 * @SCALYR_UPLOAD_ERROR_BAD_CONFIG: an option or a log entry is invalid
 * @SCALYR_UPLOAD_ERROR_IO: a file or directory could not be read or written
 * @SCALYR_UPLOAD_ERROR_COMPRESSION: compressing a request failed
 * @SCALYR_UPLOAD_ERROR_CHECKPOINT: a checkpoint file is unreadable or corrupt
 *
 * Error codes of the %SCALYR_UPLOAD_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_UPLOAD_ERROR_INVALID_URL,
  SCALYR_UPLOAD_ERROR_BAD_CONFIG,
  SCALYR_UPLOAD_ERROR_IO,
  SCALYR_UPLOAD_ERROR_COMPRESSION,
  SCALYR_UPLOAD_ERROR_CHECKPOINT,
} ScalyrUploadError;

SCALYR_AVAILABLE_IN_0_1
GQuark scalyr_upload_error_quark (void);

#define SCALYR_TYPE_UPLOADER (scalyr_uploader_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrUploader, scalyr_uploader, SCALYR, UPLOADER, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrUploader *scalyr_uploader_new (const char  *server_url,
                                     const char  *api_key,
                                     const char  *data_dir,
                                     GError     **error);

SCALYR_AVAILABLE_IN_0_1
const char *scalyr_uploader_get_server_url (ScalyrUploader *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_uploader_get_session    (ScalyrUploader *self);

SCALYR_AVAILABLE_IN_0_1
void     scalyr_uploader_set_server_attribute (ScalyrUploader *self,
                                               const char     *name,
                                               JsonNode       *value);

SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_uploader_add_log (ScalyrUploader  *self,
                                  const char      *path,
                                  const char      *parser,
                                  JsonObject      *attributes,
                                  gboolean         copy_from_start,
                                  GError         **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_uploader_add_log_entry (ScalyrUploader  *self,
                                        JsonObject      *entry,
                                        GError         **error);

SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_uploader_start (ScalyrUploader  *self,
                                GError         **error);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_uploader_stop  (ScalyrUploader  *self);

SCALYR_AVAILABLE_IN_0_1
JsonNode *scalyr_uploader_get_status (ScalyrUploader *self);

G_END_DECLS
