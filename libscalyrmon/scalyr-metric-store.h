/* scalyr-metric-store.h: the latest value of every metric series a monitor emits
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_METRIC_STORE (scalyr_metric_store_get_type ())
SCALYR_AVAILABLE_IN_0_4
G_DECLARE_FINAL_TYPE (ScalyrMetricStore, scalyr_metric_store, SCALYR, METRIC_STORE, GObject)

SCALYR_AVAILABLE_IN_0_4
ScalyrMetricStore *scalyr_metric_store_new                 (guint              max_series);
SCALYR_AVAILABLE_IN_0_4
guint              scalyr_metric_store_get_max_series      (ScalyrMetricStore *self);
SCALYR_AVAILABLE_IN_0_4
guint              scalyr_metric_store_get_n_series        (ScalyrMetricStore *self);
SCALYR_AVAILABLE_IN_0_4
guint64            scalyr_metric_store_get_series_dropped  (ScalyrMetricStore *self);
SCALYR_AVAILABLE_IN_0_4
guint64            scalyr_metric_store_get_strings_skipped (ScalyrMetricStore *self);
SCALYR_AVAILABLE_IN_0_4
JsonNode          *scalyr_metric_store_dup_samples         (ScalyrMetricStore *self);

SCALYR_AVAILABLE_IN_0_4
guint              scalyr_metric_store_expire              (ScalyrMetricStore *self,
                                                            gint64             before_ms);

G_END_DECLS
