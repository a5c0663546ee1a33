/* scalyr-metrics-writer-private.h: a metric set as exposition text
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-metrics-set-private.h"

G_BEGIN_DECLS

/* @set in the Prometheus text format 0.0.4 or (@openmetrics) the
 * OpenMetrics text format 1.0.0; families without a series are left out */
char *scalyr_metric_set_to_text (ScalyrMetricSet *set,
                                 gboolean         openmetrics);

G_END_DECLS
