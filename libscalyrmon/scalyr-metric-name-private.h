/* scalyr-metric-name-private.h: validation and repair of metric and field names
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE if @name is a valid metric or field name: first character
 * [_a-zA-Z], then Unicode letters, digits, '_', '.' or '-'. */
gboolean scalyr_metric_name_is_valid  (const char *name);

/* Returns the name to write for @name, or NULL when @name is written as it
 * is. Invalid names get "sa_" in front when they do not start with
 * [_a-zA-Z] and every other invalid character replaced by '_'; the
 * reserved names logfile, monitor, metric, value, instance and severity get
 * a '_' appended. *@was_invalid tells whether the name was invalid (a
 * warning is due), as opposed to merely reserved. */
char    *scalyr_metric_name_repair    (const char *name,
                                       gboolean   *was_invalid);

G_END_DECLS
