/* scalyrmon-upload.h: the libscalyrmon-upload umbrella header
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-uploader.h"
