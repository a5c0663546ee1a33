/* scalyr-upload-private.h: the private headers of libscalyrmon-upload at
 * once, for its white-box unit tests; the library's files include the
 * header of each concept they use.
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyrmon-upload.h"
#include "scalyr-upload-json-private.h"
#include "scalyr-compressor-private.h"
#include "scalyr-upload-proxy-private.h"
#include "scalyr-checkpoints-private.h"
#include "scalyr-add-events-client-private.h"
