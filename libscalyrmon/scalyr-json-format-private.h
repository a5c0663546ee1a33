/* scalyr-json-format-private.h: encoding metric values the way the agent writes them
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends @value as Python's repr() prints a float (which is what the
 * reference's stdlib json module writes): shortest round-trip digits,
 * positional notation for decimal exponents in [-4, 16) with ".0" when
 * integral, otherwise "d.ddde+XX"; "NaN", "Infinity", "-Infinity". */
void scalyr_json_append_double (GString *out,
                                double   value);

/* Appends @str (UTF-8, @len bytes or -1) as a JSON string literal in the
 * stdlib json form: double quotes, \" \\ \n \r \t \b \f escapes, \u00XX for
 * other control characters and DEL, \uXXXX (surrogate pairs above the BMP)
 * for every non-ASCII character. Invalid UTF-8 bytes become U+FFFD. */
void scalyr_json_append_string (GString    *out,
                                const char *str,
                                gssize      len);

G_END_DECLS
