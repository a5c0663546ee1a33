/* scalyr-metrics-name-private.h: names, label values, help texts and
 * numbers as the Prometheus and OpenMetrics text formats want them
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @name mapped to a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*): every other
 * byte becomes `_`, a leading digit gets a `_` prefix, a run of leading
 * `_` is cut to one (names starting with `__` are reserved). NULL for an
 * empty @name. */
char    *scalyr_metrics_name_sanitize       (const char *name);
/* @name mapped to a label name ([a-zA-Z_][a-zA-Z0-9_]*, no `__` prefix);
 * an empty @name gives `_` */
char    *scalyr_metrics_label_name_sanitize (const char *name);
/* whether @name is a valid metric name (with @colon) or label name */
gboolean scalyr_metrics_name_is_valid       (const char *name,
                                             gboolean    colon);

/* Appends @value as a label value: invalid UTF-8 replaced by U+FFFD, `\`,
 * `"` and newline escaped */
void     scalyr_metrics_append_label_value  (GString    *out,
                                             const char *value);
/* Appends @help as a HELP text: invalid UTF-8 replaced, `\` and newline
 * escaped, and `"` too when @quote (OpenMetrics) */
void     scalyr_metrics_append_help         (GString    *out,
                                             const char *help,
                                             gboolean    quote);
/* Appends @value, the shortest text that reads back as the same double;
 * `NaN`, `+Inf`, `-Inf` */
void     scalyr_metrics_append_double       (GString    *out,
                                             double      value);

G_END_DECLS
