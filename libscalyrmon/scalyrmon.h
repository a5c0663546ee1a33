/* scalyrmon.h: the umbrella header of libscalyrmon
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#define SCALYRMON_INSIDE

#include "scalyr-version.h"
#include "scalyr-error.h"
#include "scalyr-enum-types.h"
#include "scalyr-json-parser.h"
#include "scalyr-log-sink.h"
#include "scalyr-stream-sink.h"
#include "scalyr-file-sink.h"
#include "scalyr-extra-fields.h"
#include "scalyr-metric-store.h"
#include "scalyr-agent-logger.h"
#include "scalyr-monitor-option.h"
#include "scalyr-config-convert.h"
#include "scalyr-config-env.h"
#include "scalyr-config-rate.h"
#include "scalyr-config-describe.h"
#include "scalyr-monitor-metric.h"
#include "scalyr-monitor-config.h"
#include "scalyr-monitor.h"
#include "scalyr-monitor-loader.h"
#include "scalyr-monitor-module.h"
#include "scalyr-monitor-registry.h"
#include "scalyr-monitor-fields.h"
#include "scalyr-plugin-path.h"
#include "scalyr-safe-file.h"

#undef SCALYRMON_INSIDE
