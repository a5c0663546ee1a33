/* scalyr-config-value-private.h: the values of the conversion engine
 * SPDX-License-Identifier: Apache-2.0
 *
 * A value is a GValue of one of the types G_TYPE_INT64, G_TYPE_DOUBLE,
 * G_TYPE_BOOLEAN, G_TYPE_STRING, JSON_TYPE_ARRAY, JSON_TYPE_OBJECT or
 * G_TYPE_STRV; an unset GValue is "none" (the reference's None). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  SCALYR_CONFIG_CMP_LESS = -1,
  SCALYR_CONFIG_CMP_EQUAL = 0,
  SCALYR_CONFIG_CMP_GREATER = 1,
  SCALYR_CONFIG_CMP_UNORDERED = 2,   /* NaN involved */
  SCALYR_CONFIG_CMP_INCOMPARABLE = 3 /* different kinds */
} ScalyrConfigCmp;

static inline gboolean
scalyr_config_value_is_none (const GValue *v)
{
  return !G_IS_VALUE (v);
}

/* deep copies: results never alias the original */
JsonNode   *scalyr_config_copy_node   (JsonNode   *node);
JsonArray  *scalyr_config_copy_array  (JsonArray  *array);
JsonObject *scalyr_config_copy_object (JsonObject *object);

void      scalyr_config_value_set_int64  (GValue *out, gint64 i);
void      scalyr_config_value_set_double (GValue *out, double d);
/* keeps strings valid UTF-8 */
void      scalyr_config_value_set_string (GValue *out, const char *s);
/* absent or null nodes give none; containers are deep copies */
void      scalyr_config_value_from_node  (JsonNode *node, GValue *out);
/* whether a caller-supplied GValue (default, bound) has a usable type */
gboolean  scalyr_config_value_is_supported (const GValue *v);
/* normalises a caller-supplied GValue into a value; NULL boxed give none */
void      scalyr_config_value_from_input (const GValue *in, GValue *out);
JsonNode *scalyr_config_value_to_node    (const GValue *v);

/* "a string", "an integer", … for messages */
const char *scalyr_config_kind_name (GType t);
/* the value type of a node: G_TYPE_INT64 …, JSON_TYPE_ARRAY/OBJECT, G_TYPE_NONE for null */
GType       scalyr_config_node_kind (JsonNode *node);

/* numbers compare across int, float and bool; strings by bytes */
ScalyrConfigCmp scalyr_config_compare      (const GValue *a, const GValue *b);
/* Python == (NaN differs from everything) */
gboolean        scalyr_config_values_equal (const GValue *a, const GValue *b);

G_END_DECLS
