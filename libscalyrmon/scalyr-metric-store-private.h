/* scalyr-metric-store-private.h: recording a metric line in a
 * #ScalyrMetricStore (called by the logger's emit_encoded())
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-metric-store.h"
#include "scalyr-extra-fields.h"

G_BEGIN_DECLS

/* Keeps @encoded_value (the JSON text written in the line: a number,
 * true/false, or a string, which is only counted) as the latest value of
 * the series (@monitor_id_override, @name as written, @extra_fields as
 * written); no allocation once the series is known. */
void scalyr_metric_store_record_encoded (ScalyrMetricStore       *self,
                                         const char              *name,
                                         const char              *encoded_value,
                                         gssize                   encoded_len,
                                         const ScalyrExtraFields *extra_fields,
                                         gint64                   timestamp_ms,
                                         const char              *monitor_id_override);

G_END_DECLS
