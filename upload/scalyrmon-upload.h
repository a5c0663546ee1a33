/* scalyrmon-upload.h: the umbrella header of libscalyrmon-upload, the
 * addEvents uploader built on libscalyrmon
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

#define SCALYR_UPLOAD_INSIDE

#include "scalyr-compression.h"
#include "scalyr-upload-enum-types.h"
#include "scalyr-upload-url.h"
#include "scalyr-uploader.h"

#undef SCALYR_UPLOAD_INSIDE
