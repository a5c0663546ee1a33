/* scalyr-upload-service.h: the uploader as a ScalyrAgent service
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-uploader.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_UPLOAD_SERVICE (scalyr_upload_service_get_type ())
SCALYR_UPLOAD_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (ScalyrUploadService, scalyr_upload_service, SCALYR, UPLOAD_SERVICE, GObject)

SCALYR_UPLOAD_AVAILABLE_IN_ALL
ScalyrUploadService *scalyr_upload_service_new (void);

SCALYR_UPLOAD_AVAILABLE_IN_ALL
ScalyrUploader      *scalyr_upload_service_create_uploader (ScalyrAgentConfig  *config,
                                                            ScalyrAgentLogger  *logger);

G_END_DECLS
