/* scalyr-uploader.h: copy log files to Scalyr's addEvents API
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

#if defined(SCALYR_UPLOAD_COMPILATION) && defined(__GNUC__)
# define SCALYR_UPLOAD_AVAILABLE_IN_ALL __attribute__((visibility("default"))) extern
#else
# define SCALYR_UPLOAD_AVAILABLE_IN_ALL extern
#endif

/**
 * SCALYR_UPLOAD_ERROR:
 *
 * Error domain of the uploader; codes are #ScalyrUploadError.
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
 */
typedef enum {
  SCALYR_UPLOAD_ERROR_INVALID_URL,
  SCALYR_UPLOAD_ERROR_BAD_CONFIG,
  SCALYR_UPLOAD_ERROR_IO,
  SCALYR_UPLOAD_ERROR_COMPRESSION,
  SCALYR_UPLOAD_ERROR_CHECKPOINT,
} ScalyrUploadError;

/**
 * ScalyrCompression:
 * @SCALYR_COMPRESSION_DEFLATE: a zlib stream (RFC 1950), `Content-Encoding: deflate`
 * @SCALYR_COMPRESSION_ZSTANDARD: a zstd frame, `Content-Encoding: zstandard`
 * @SCALYR_COMPRESSION_NONE: the body as is, no `Content-Encoding`
 * @SCALYR_COMPRESSION_BZ2: bzip2, `Content-Encoding: bz2`
 * @SCALYR_COMPRESSION_LZ4: an LZ4 frame with independent blocks,
 *   `Content-Encoding: lz4`
 *
 * How request bodies are compressed.
 */
typedef enum {
  SCALYR_COMPRESSION_DEFLATE,
  SCALYR_COMPRESSION_ZSTANDARD,
  SCALYR_COMPRESSION_NONE,
  SCALYR_COMPRESSION_BZ2,
  SCALYR_COMPRESSION_LZ4,
} ScalyrCompression;

#define SCALYR_TYPE_UPLOADER (scalyr_uploader_get_type ())
SCALYR_UPLOAD_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScalyrUploader, scalyr_uploader, SCALYR, UPLOADER, GObject)

SCALYR_UPLOAD_AVAILABLE_IN_ALL
GQuark scalyr_upload_error_quark (void);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
GType scalyr_compression_get_type (void) G_GNUC_CONST;
#define SCALYR_TYPE_COMPRESSION (scalyr_compression_get_type ())

SCALYR_UPLOAD_AVAILABLE_IN_ALL
char    *scalyr_upload_normalize_url (const char  *server_url,
                                      gboolean     allow_http,
                                      gboolean    *rewritten,
                                      GError     **error);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
gboolean scalyr_compression_from_string (const char        *name,
                                         ScalyrCompression *compression);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
ScalyrUploader *scalyr_uploader_new (const char  *server_url,
                                     const char  *api_key,
                                     const char  *data_dir,
                                     GError     **error);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
const char *scalyr_uploader_get_server_url (ScalyrUploader *self);
SCALYR_UPLOAD_AVAILABLE_IN_ALL
const char *scalyr_uploader_get_session    (ScalyrUploader *self);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
void     scalyr_uploader_set_server_attribute (ScalyrUploader *self,
                                               const char     *name,
                                               JsonNode       *value);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
gboolean scalyr_uploader_add_log (ScalyrUploader  *self,
                                  const char      *path,
                                  const char      *parser,
                                  JsonObject      *attributes,
                                  gboolean         copy_from_start,
                                  GError         **error);
SCALYR_UPLOAD_AVAILABLE_IN_ALL
gboolean scalyr_uploader_add_log_entry (ScalyrUploader  *self,
                                        JsonObject      *entry,
                                        GError         **error);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
gboolean scalyr_uploader_start (ScalyrUploader  *self,
                                GError         **error);
SCALYR_UPLOAD_AVAILABLE_IN_ALL
void     scalyr_uploader_stop  (ScalyrUploader  *self);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
JsonNode *scalyr_uploader_get_status (ScalyrUploader *self);

G_END_DECLS
