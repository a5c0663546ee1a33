/* scalyr-upload-module.c: the agent service module `libscalyr-upload-service`
 * SPDX-License-Identifier: Apache-2.0
 *
 * scalyr-agent loads this module (and with it libscalyrmon-upload and
 * libsoup) only when an api_key is configured. */
#include <gmodule.h>
#include "scalyr-upload-service.h"

SCALYR_DEFINE_AGENT_SERVICE_MODULE (scalyr_upload_service_get_type)
