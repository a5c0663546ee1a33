/* scalyr-metrics-service.h: the OpenMetrics listener as a ScalyrAgent service
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyragent.h>

G_BEGIN_DECLS

#define SCALYR_TYPE_METRICS_SERVICE (scalyr_metrics_service_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrMetricsService, scalyr_metrics_service, SCALYR, METRICS_SERVICE, GObject)

G_END_DECLS
