/* scalyr-config-value.c: the values of the conversion engine: GValues of the JSON kinds, copies, comparisons
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-value-private.h"

#include <math.h>
#include <string.h>
#include "scalyr-i18n-private.h"

/* ------------------------------------------------------------------------
 * JSON helpers
 * --------------------------------------------------------------------- */


JsonArray *
scalyr_config_copy_array (JsonArray *array)
{
  guint i, n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (i = 0; i < n; i++)
    json_array_add_element (copy,
                            scalyr_config_copy_node (json_array_get_element (array, i)));
  return copy;
}

JsonObject *
scalyr_config_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            scalyr_config_copy_node (json_object_get_member (object,
                                                                    l->data)));
  return copy;
}

JsonNode *
scalyr_config_copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_alloc ();
      json_node_init_object (copy, NULL);
      json_node_take_object (copy,
                             scalyr_config_copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      copy = json_node_alloc ();
      json_node_init_array (copy, NULL);
      json_node_take_array (copy, scalyr_config_copy_array (json_node_get_array (node)));
      return copy;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      /* scalar values are never modified, sharing them is fine */
      return json_node_copy (node);
    }
}

/* ------------------------------------------------------------------------
 * Values
 *
 * A value is a GValue of one of the types G_TYPE_INT64, G_TYPE_DOUBLE,
 * G_TYPE_BOOLEAN, G_TYPE_STRING, JSON_TYPE_ARRAY, JSON_TYPE_OBJECT or
 * G_TYPE_STRV; an unset GValue is "none" (the reference's None).
 * --------------------------------------------------------------------- */


void
scalyr_config_value_set_int64 (GValue *out,
           gint64  i)
{
  g_value_init (out, G_TYPE_INT64);
  g_value_set_int64 (out, i);
}

void
scalyr_config_value_set_double (GValue *out,
            double  d)
{
  g_value_init (out, G_TYPE_DOUBLE);
  g_value_set_double (out, d);
}

/* Strings are kept valid UTF-8 (a caller may have put anything in the
 * entry), so that the parsers and printers can rely on it. */
void
scalyr_config_value_set_string (GValue     *out,
            const char *s)
{
  g_value_init (out, G_TYPE_STRING);
  if (g_utf8_validate (s, -1, NULL))
    g_value_set_string (out, s);
  else
    g_value_take_string (out, g_utf8_make_valid (s, -1));
}

/* Fills @out from a JSON node; absent or null nodes give none. Arrays and
 * objects are deep copies, so that results never alias the entry. */
void
scalyr_config_value_from_node (JsonNode *node,
                 GValue   *out)
{
  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      g_value_init (out, JSON_TYPE_OBJECT);
      g_value_take_boxed (out, scalyr_config_copy_object (json_node_get_object (node)));
      break;
    case JSON_NODE_ARRAY:
      g_value_init (out, JSON_TYPE_ARRAY);
      g_value_take_boxed (out, scalyr_config_copy_array (json_node_get_array (node)));
      break;
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);

        if (t == G_TYPE_INT64)
          {
            g_value_init (out, G_TYPE_INT64);
            g_value_set_int64 (out, json_node_get_int (node));
          }
        else if (t == G_TYPE_DOUBLE)
          {
            g_value_init (out, G_TYPE_DOUBLE);
            g_value_set_double (out, json_node_get_double (node));
          }
        else if (t == G_TYPE_BOOLEAN)
          {
            g_value_init (out, G_TYPE_BOOLEAN);
            g_value_set_boolean (out, json_node_get_boolean (node));
          }
        else if (t == G_TYPE_STRING)
          scalyr_config_value_set_string (out, json_node_get_string (node));
      }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

gboolean
scalyr_config_value_is_supported (const GValue *v)
{
  GType t = G_VALUE_TYPE (v);

  return t == G_TYPE_CHAR || t == G_TYPE_UCHAR ||
         t == G_TYPE_INT || t == G_TYPE_UINT ||
         t == G_TYPE_LONG || t == G_TYPE_ULONG ||
         t == G_TYPE_INT64 || t == G_TYPE_UINT64 ||
         t == G_TYPE_FLOAT || t == G_TYPE_DOUBLE ||
         t == G_TYPE_BOOLEAN || t == G_TYPE_STRING || t == G_TYPE_STRV ||
         t == JSON_TYPE_ARRAY || t == JSON_TYPE_OBJECT || t == JSON_TYPE_NODE;
}

/* Normalises a caller-supplied GValue (default or bound) into a value;
 * NULL strings, arrays and objects give none. */
void
scalyr_config_value_from_input (const GValue *in,
                  GValue       *out)
{
  GType t;

  if (in == NULL || !G_IS_VALUE (in))
    return;

  t = G_VALUE_TYPE (in);
  if (t == G_TYPE_CHAR)
    scalyr_config_value_set_int64 (out, g_value_get_schar (in));
  else if (t == G_TYPE_UCHAR)
    scalyr_config_value_set_int64 (out, g_value_get_uchar (in));
  else if (t == G_TYPE_INT)
    scalyr_config_value_set_int64 (out, g_value_get_int (in));
  else if (t == G_TYPE_UINT)
    scalyr_config_value_set_int64 (out, g_value_get_uint (in));
  else if (t == G_TYPE_LONG)
    scalyr_config_value_set_int64 (out, g_value_get_long (in));
  else if (t == G_TYPE_ULONG)
    {
      gulong u = g_value_get_ulong (in);

      if (u > (guint64) G_MAXINT64)
        scalyr_config_value_set_double (out, (double) u);
      else
        scalyr_config_value_set_int64 (out, (gint64) u);
    }
  else if (t == G_TYPE_INT64)
    scalyr_config_value_set_int64 (out, g_value_get_int64 (in));
  else if (t == G_TYPE_UINT64)
    {
      guint64 u = g_value_get_uint64 (in);

      if (u > (guint64) G_MAXINT64)
        scalyr_config_value_set_double (out, (double) u);
      else
        scalyr_config_value_set_int64 (out, (gint64) u);
    }
  else if (t == G_TYPE_FLOAT)
    scalyr_config_value_set_double (out, g_value_get_float (in));
  else if (t == G_TYPE_DOUBLE)
    scalyr_config_value_set_double (out, g_value_get_double (in));
  else if (t == G_TYPE_BOOLEAN)
    {
      g_value_init (out, G_TYPE_BOOLEAN);
      g_value_set_boolean (out, g_value_get_boolean (in));
    }
  else if (t == G_TYPE_STRING)
    {
      if (g_value_get_string (in) != NULL)
        scalyr_config_value_set_string (out, g_value_get_string (in));
    }
  else if (t == G_TYPE_STRV)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, G_TYPE_STRV);
          g_value_set_boxed (out, g_value_get_boxed (in));
        }
    }
  else if (t == JSON_TYPE_ARRAY)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, JSON_TYPE_ARRAY);
          g_value_take_boxed (out, scalyr_config_copy_array (g_value_get_boxed (in)));
        }
    }
  else if (t == JSON_TYPE_OBJECT)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, JSON_TYPE_OBJECT);
          g_value_take_boxed (out, scalyr_config_copy_object (g_value_get_boxed (in)));
        }
    }
  else if (t == JSON_TYPE_NODE)
    scalyr_config_value_from_node (g_value_get_boxed (in), out);
}

JsonNode *
scalyr_config_value_to_node (const GValue *v)
{
  JsonNode *node = json_node_alloc ();
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64)
    json_node_init_int (node, g_value_get_int64 (v));
  else if (t == G_TYPE_DOUBLE)
    json_node_init_double (node, g_value_get_double (v));
  else if (t == G_TYPE_BOOLEAN)
    json_node_init_boolean (node, g_value_get_boolean (v));
  else if (t == G_TYPE_STRING)
    json_node_init_string (node, g_value_get_string (v));
  else if (t == JSON_TYPE_ARRAY)
    json_node_init_array (node, g_value_get_boxed (v));
  else if (t == JSON_TYPE_OBJECT)
    json_node_init_object (node, g_value_get_boxed (v));
  else if (t == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (v);
      JsonArray *array = json_array_new ();

      for (; strv != NULL && *strv != NULL; strv++)
        json_array_add_string_element (array, *strv);
      json_node_init_array (node, NULL);
      json_node_take_array (node, array);
    }
  else
    json_node_init_null (node);
  return node;
}

/* The words naming a kind of value in messages. */
const char *
scalyr_config_kind_name (GType t)
{
  if (t == G_TYPE_STRING)
    return _("a string");
  if (t == G_TYPE_INT64)
    return _("an integer");
  if (t == G_TYPE_DOUBLE)
    return _("a float");
  if (t == G_TYPE_BOOLEAN)
    return _("a boolean");
  if (t == JSON_TYPE_ARRAY)
    return _("an array");
  if (t == JSON_TYPE_OBJECT)
    return _("an object");
  if (t == G_TYPE_STRV)
    return _("an array of strings");
  return "null";
}

GType
scalyr_config_node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return JSON_TYPE_OBJECT;
    case JSON_NODE_ARRAY:
      return JSON_TYPE_ARRAY;
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node);
    case JSON_NODE_NULL:
    default:
      return G_TYPE_NONE;
    }
}

/* ------------------------------------------------------------------------
 * Comparisons
 * --------------------------------------------------------------------- */


static gboolean
as_number (const GValue *v,
           gint64       *i,
           double       *d,
           gboolean     *is_int)
{
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64 || t == G_TYPE_BOOLEAN)
    {
      *i = t == G_TYPE_INT64 ? g_value_get_int64 (v)
                             : (g_value_get_boolean (v) ? 1 : 0);
      *is_int = TRUE;
      return TRUE;
    }
  if (t == G_TYPE_DOUBLE)
    {
      *d = g_value_get_double (v);
      *is_int = FALSE;
      return TRUE;
    }
  return FALSE;
}

/* Exact comparison of an integer with a double */
static ScalyrConfigCmp
cmp_int_double (gint64 i,
                double d)
{
  double fl;
  gint64 fi;

  if (isnan (d))
    return SCALYR_CONFIG_CMP_UNORDERED;
  if (d >= 9223372036854775808.0)
    return SCALYR_CONFIG_CMP_LESS;
  if (d < -9223372036854775808.0)
    return SCALYR_CONFIG_CMP_GREATER;
  fl = floor (d);
  fi = (gint64) fl;
  if (i < fi)
    return SCALYR_CONFIG_CMP_LESS;
  if (i > fi)
    return SCALYR_CONFIG_CMP_GREATER;
  return d > fl ? SCALYR_CONFIG_CMP_LESS : SCALYR_CONFIG_CMP_EQUAL;
}

ScalyrConfigCmp
scalyr_config_compare (const GValue *a,
             const GValue *b)
{
  gint64 ai = 0, bi = 0;
  double ad = 0, bd = 0;
  gboolean a_int = FALSE, b_int = FALSE;

  if (!as_number (a, &ai, &ad, &a_int) || !as_number (b, &bi, &bd, &b_int))
    {
      if (G_VALUE_TYPE (a) == G_TYPE_STRING && G_VALUE_TYPE (b) == G_TYPE_STRING)
        {
          int c = strcmp (g_value_get_string (a), g_value_get_string (b));

          return c < 0 ? SCALYR_CONFIG_CMP_LESS : c > 0 ? SCALYR_CONFIG_CMP_GREATER : SCALYR_CONFIG_CMP_EQUAL;
        }
      return SCALYR_CONFIG_CMP_INCOMPARABLE;
    }

  if (a_int && b_int)
    return ai < bi ? SCALYR_CONFIG_CMP_LESS : ai > bi ? SCALYR_CONFIG_CMP_GREATER : SCALYR_CONFIG_CMP_EQUAL;
  if (a_int)
    return cmp_int_double (ai, bd);
  if (b_int)
    {
      ScalyrConfigCmp c = cmp_int_double (bi, ad);

      return c == SCALYR_CONFIG_CMP_LESS ? SCALYR_CONFIG_CMP_GREATER : c == SCALYR_CONFIG_CMP_GREATER ? SCALYR_CONFIG_CMP_LESS : c;
    }
  if (isnan (ad) || isnan (bd))
    return SCALYR_CONFIG_CMP_UNORDERED;
  return ad < bd ? SCALYR_CONFIG_CMP_LESS : ad > bd ? SCALYR_CONFIG_CMP_GREATER : SCALYR_CONFIG_CMP_EQUAL;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  GType ta = scalyr_config_node_kind (a), tb = scalyr_config_node_kind (b);

  if (ta == JSON_TYPE_ARRAY && tb == JSON_TYPE_ARRAY)
    {
      JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);
      guint i, n = json_array_get_length (aa);

      if (n != json_array_get_length (ab))
        return FALSE;
      for (i = 0; i < n; i++)
        if (!nodes_equal (json_array_get_element (aa, i),
                          json_array_get_element (ab, i)))
          return FALSE;
      return TRUE;
    }
  if (ta == JSON_TYPE_OBJECT && tb == JSON_TYPE_OBJECT)
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) members = NULL;

      if (json_object_get_size (oa) != json_object_get_size (ob))
        return FALSE;
      members = json_object_get_members (oa);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *mb = json_object_get_member (ob, l->data);

          if (mb == NULL ||
              !nodes_equal (json_object_get_member (oa, l->data), mb))
            return FALSE;
        }
      return TRUE;
    }
  if (ta == G_TYPE_NONE || tb == G_TYPE_NONE)
    return ta == tb;
  {
    GValue va = G_VALUE_INIT, vb = G_VALUE_INIT;
    gboolean equal;

    scalyr_config_value_from_node (a, &va);
    scalyr_config_value_from_node (b, &vb);
    equal = scalyr_config_compare (&va, &vb) == SCALYR_CONFIG_CMP_EQUAL;
    g_value_unset (&va);
    g_value_unset (&vb);
    return equal;
  }
}

/* Python == on two values (numbers compare across int, float and bool;
 * NaN differs from everything) */
gboolean
scalyr_config_values_equal (const GValue *a,
              const GValue *b)
{
  g_autoptr(JsonNode) na = NULL;
  g_autoptr(JsonNode) nb = NULL;

  if (G_VALUE_TYPE (a) == G_TYPE_STRV && G_VALUE_TYPE (b) == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);

      return g_strv_equal (sa, sb);
    }
  na = scalyr_config_value_to_node (a);
  nb = scalyr_config_value_to_node (b);
  return nodes_equal (na, nb);
}
