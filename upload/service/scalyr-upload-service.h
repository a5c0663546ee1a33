/* scalyr-upload-service.h: the uploader as a ScalyrAgent service
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyragent.h>
#include <scalyrmon-upload.h>

G_BEGIN_DECLS

#define SCALYR_TYPE_UPLOAD_SERVICE (scalyr_upload_service_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrUploadService, scalyr_upload_service, SCALYR, UPLOAD_SERVICE, GObject)

ScalyrUploadService *scalyr_upload_service_new (void);

ScalyrUploader      *scalyr_upload_service_create_uploader (ScalyrAgentConfig  *config,
                                                            ScalyrAgentLogger  *logger);

G_END_DECLS
