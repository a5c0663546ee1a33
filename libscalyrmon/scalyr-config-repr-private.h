/* scalyr-config-repr-private.h: values shown in messages and as Python repr()
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How a JSON value is printed in messages (JSON-like) or by a str
 * conversion (Python's repr()): the containers are written alike. */
typedef struct {
  void (*string) (GString *out, const char *s);
  void (*number) (GString *out, double d);
  const char *true_text;
  const char *false_text;
  const char *null_text;
} ScalyrConfigStyle;

extern const ScalyrConfigStyle scalyr_config_display_style;
extern const ScalyrConfigStyle scalyr_config_repr_style;

/* the "display" form for messages: JSON with ", " and ": " separators */
void scalyr_config_display_string (GString *out, const char *s);
void scalyr_config_display_double (GString *out, double d);
void scalyr_config_display_value  (GString *out, const GValue *v);
/* a bound: integers in full, floats shortest without a trailing ".0" */
void scalyr_config_display_bound  (GString *out, const GValue *bound);
/* Python's repr() of a float ("inf", "nan") */
void scalyr_config_repr_double    (GString *out, double d);

void scalyr_config_append_node   (GString *out, JsonNode *node, const ScalyrConfigStyle *style);
void scalyr_config_append_array  (GString *out, JsonArray *array, const ScalyrConfigStyle *style);
void scalyr_config_append_object (GString *out, JsonObject *object, const ScalyrConfigStyle *style);

G_END_DECLS
