/* scalyr-config-parse-private.h: strings parsed as numbers, booleans, lists
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SCALYR_CONFIG_PARSE_OK,
  SCALYR_CONFIG_PARSE_INVALID,
  SCALYR_CONFIG_PARSE_OVERFLOW,
} ScalyrConfigParseResult;

/* Python's int() */
ScalyrConfigParseResult scalyr_config_parse_int (const char *text, gint64 *result);
/* Python's float() */
gboolean scalyr_config_parse_float (const char *text, double *result);
/* the reference's parse_array_of_strings() with the "," separator */
char   **scalyr_config_split_strings (const char *text);

G_END_DECLS
