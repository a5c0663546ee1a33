/* metrics-text-check.h: a small validity checker of Prometheus 0.0.4 and
 * OpenMetrics 1.0.0 text, for the renderer's tests and fuzz target
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NULL when @text is valid in its format, else what is wrong (free it) */
char *metrics_text_check (const char *text,
                          gboolean    openmetrics);

G_END_DECLS
