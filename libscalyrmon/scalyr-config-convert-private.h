/* scalyr-config-convert-private.h: the engine's steps, for MonitorConfig
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-config-convert.h"

G_BEGIN_DECLS

/* Converts @in to @to (G_TYPE_NONE: as is) under @rules, then checks
 * @format. @from_env: @in is the text of an environment variable. The
 * error (SCALYR_MONITOR_ERROR) is about the value only; callers prefix
 * where it was found. */
gboolean scalyr_config_convert       (const GValue        *in,
                                      GType                to,
                                      ScalyrOptionFormat   format,
                                      ScalyrConfigRules    rules,
                                      gboolean             from_env,
                                      GValue              *out,
                                      GError             **error);
/* the maximum, then the minimum; numbers compare whatever their types, NaN passes */
gboolean scalyr_config_check_bounds  (const GValue        *v,
                                      const GValue        *min,
                                      const GValue        *max,
                                      gboolean             min_exclusive,
                                      const char          *field,
                                      ScalyrConfigRules    rules,
                                      GError             **error);
gboolean scalyr_config_check_allowed (const GValue        *v,
                                      const char * const  *allowed,
                                      GError             **error);
/* The framework's own numbers (a monitor's common fields, not the options
 * a monitor reads with MonitorConfig.get, where NaN passes as in the
 * reference): a NaN or infinite double is an OUT_OF_RANGE error naming
 * @declaration's range. */
gboolean scalyr_config_check_finite  (const GValue        *v,
                                      ScalyrMonitorOption *declaration,
                                      GError             **error);
/* @declaration's range in words: "greater than 0 and at most 31536000",
 * "from 0 to 1000", "at least 1", "at most 5" */
void     scalyr_config_append_range  (GString             *out,
                                      ScalyrMonitorOption *declaration);

G_END_DECLS
