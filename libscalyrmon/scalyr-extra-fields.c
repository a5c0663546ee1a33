/* scalyr-extra-fields.c: the extra fields of a metric line
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-extra-fields-private.h"
#include "scalyr-error.h"
#include "scalyr-json-format-private.h"
#include "scalyr-metric-name-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrExtraFields:
 *
 * The extra fields written after a metric's value (`count=3 cpu="cpu0"`):
 * names with integer, float, boolean or string values, kept sorted by name
 * and encoded once, when set.
 *
 * A monitor usually keeps one #ScalyrExtraFields and updates it each
 * sample, which makes reporting a metric cheap:
 *
 * |[<!-- language="C" -->
 * scalyr_extra_fields_set_int (self->fields, "count", ++self->counter);
 * scalyr_agent_logger_emit_double (logger, "uniform", g_random_double (), self->fields, &error);
 * ]|
 *
 * Invalid names are repaired as metric names are (see #ScalyrAgentLogger).
 * A #ScalyrExtraFields is not thread-safe: use it from one thread at a time.
 *
 * Since: 0.1
 */

typedef struct {
  char *name;          /* as given */
  char *out_name;      /* repaired, or NULL when @name is written as is */
  gboolean invalid;
  char *encoded;       /* JSON-encoded value */
} Field;

struct _ScalyrExtraFields
{
  gatomicrefcount ref_count;
  GArray *fields;      /* Field, sorted by name (strcmp) */
};

/* G_DEFINE_BOXED_TYPE trips -Wpedantic in GLib 2.74 (transparent union) */
GType
scalyr_extra_fields_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType t = g_boxed_type_register_static (g_intern_static_string ("ScalyrExtraFields"),
                                              (GBoxedCopyFunc) scalyr_extra_fields_ref,
                                              (GBoxedFreeFunc) scalyr_extra_fields_unref);
      g_once_init_leave (&type_id, t);
    }
  return type_id;
}

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_free (f->name);
  g_free (f->out_name);
  g_free (f->encoded);
}

/**
 * scalyr_extra_fields_new:
 *
 * Returns: (transfer full): a new, empty #ScalyrExtraFields
 *
 * Since: 0.1
 */
ScalyrExtraFields *
scalyr_extra_fields_new (void)
{
  ScalyrExtraFields *self = g_new0 (ScalyrExtraFields, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->fields = g_array_sized_new (FALSE, FALSE, sizeof (Field), 4);
  g_array_set_clear_func (self->fields, field_clear);
  return self;
}

/**
 * scalyr_extra_fields_ref:
 * @self: a #ScalyrExtraFields
 *
 * Returns: (transfer full): @self, with one more reference
 *
 * Since: 0.1
 */
ScalyrExtraFields *
scalyr_extra_fields_ref (ScalyrExtraFields *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * scalyr_extra_fields_unref:
 * @self: (transfer full): a #ScalyrExtraFields
 *
 * Drops a reference; the fields are freed with the last one.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_unref (ScalyrExtraFields *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->fields);
      g_free (self);
    }
}

/* Index of @name, or the negated insertion point minus one. */
static gssize
find (const ScalyrExtraFields *self,
      const char              *name)
{
  gssize lo = 0, hi = (gssize) self->fields->len;

  while (lo < hi)
    {
      gssize mid = (lo + hi) / 2;
      int c = strcmp (g_array_index (self->fields, Field, mid).name, name);

      if (c == 0)
        return mid;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -lo - 1;
}

/* Stores @encoded (taking it) as the value of @name. */
static void
set_encoded (ScalyrExtraFields *self,
             const char        *name,
             char              *encoded)
{
  gssize i = find (self, name);
  Field f;

  if (i >= 0)
    {
      Field *existing = &g_array_index (self->fields, Field, i);
      g_free (existing->encoded);
      existing->encoded = encoded;
      return;
    }
  f.name = g_strdup (name);
  f.out_name = scalyr_metric_name_repair (name, &f.invalid);
  f.encoded = encoded;
  g_array_insert_val (self->fields, (guint) (-i - 1), f);
}

/**
 * scalyr_extra_fields_set_int:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: its value
 *
 * Sets an integer field, replacing any value of that name.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_set_int (ScalyrExtraFields *self,
                             const char        *name,
                             gint64             value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  set_encoded (self, name, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

/**
 * scalyr_extra_fields_set_uint:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: its value
 *
 * Sets an unsigned integer field, replacing any value of that name.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_set_uint (ScalyrExtraFields *self,
                              const char        *name,
                              guint64            value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  set_encoded (self, name, g_strdup_printf ("%" G_GUINT64_FORMAT, value));
}

/**
 * scalyr_extra_fields_set_double:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: its value
 *
 * Sets a float field (written as Python's `repr` would), replacing any value
 * of that name.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_set_double (ScalyrExtraFields *self,
                                const char        *name,
                                double             value)
{
  GString *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  s = g_string_sized_new (24);
  scalyr_json_append_double (s, value);
  set_encoded (self, name, g_string_free (s, FALSE));
}

/**
 * scalyr_extra_fields_set_boolean:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: its value
 *
 * Sets a boolean field (`true` / `false`), replacing any value of that name.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_set_boolean (ScalyrExtraFields *self,
                                 const char        *name,
                                 gboolean           value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  set_encoded (self, name, g_strdup (value ? "true" : "false"));
}

/**
 * scalyr_extra_fields_set_string:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: its value, UTF-8
 *
 * Sets a string field (written JSON-quoted), replacing any value of that name.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_set_string (ScalyrExtraFields *self,
                                const char        *name,
                                const char        *value)
{
  GString *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);
  s = g_string_sized_new (strlen (value) + 2);
  scalyr_json_append_string (s, value, -1);
  set_encoded (self, name, g_string_free (s, FALSE));
}

/**
 * scalyr_extra_fields_set_value:
 * @self: a #ScalyrExtraFields
 * @name: the field name
 * @value: an integer, double, boolean or string #GVariant (a variant
 *   holding one is unwrapped); a floating reference is sunk
 * @error: return location for a #GError
 *
 * Sets a field from a #GVariant.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE for other types, leaving the
 *   fields as they were
 *
 * Since: 0.1
 */
gboolean
scalyr_extra_fields_set_value (ScalyrExtraFields *self,
                               const char        *name,
                               GVariant          *value,
                               GError           **error)
{
  g_autoptr(GVariant) owned = NULL;
  GString *s;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  owned = g_variant_ref_sink (value);
  while (g_variant_is_of_type (owned, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (owned);
      g_variant_unref (owned);
      owned = inner;
    }
  s = g_string_sized_new (24);
  if (!scalyr_json_append_variant (s, owned))
    {
      g_autofree char *printed = g_variant_print (owned, TRUE);

      g_string_free (s, TRUE);
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
                   _("extra field \"%s\" has the unsupported value %s, %s; only integers, floats, "
                     "booleans and strings can be reported"), name, printed, scalyr_variant_kind (owned));
      return FALSE;
    }
  set_encoded (self, name, g_string_free (s, FALSE));
  return TRUE;
}

/**
 * scalyr_extra_fields_new_from_variant:
 * @dict: a dictionary with string keys, `a{sv}` or any `a{s*}`, whose
 *   values are integers, doubles, booleans or strings; a floating
 *   reference is sunk
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the fields, or %NULL with
 *   %SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE set
 *
 * Since: 0.1
 */
ScalyrExtraFields *
scalyr_extra_fields_new_from_variant (GVariant  *dict,
                                      GError   **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(ScalyrExtraFields) self = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (dict != NULL, NULL);

  owned = g_variant_ref_sink (dict);
  if (!g_variant_is_of_type (owned, G_VARIANT_TYPE ("a{s*}")))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
                   _("extra fields must be a dictionary with string keys (a{sv}), not %s"),
                   g_variant_get_type_string (owned));
      return NULL;
    }
  self = scalyr_extra_fields_new ();
  g_variant_iter_init (&iter, owned);
  while (g_variant_iter_next (&iter, "{&s@*}", &key, &value))
    {
      gboolean ok = scalyr_extra_fields_set_value (self, key, value, error);

      g_variant_unref (value);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * scalyr_extra_fields_remove:
 * @self: a #ScalyrExtraFields
 * @name: a field name
 *
 * Returns: whether there was such a field
 *
 * Since: 0.1
 */
gboolean
scalyr_extra_fields_remove (ScalyrExtraFields *self,
                            const char        *name)
{
  gssize i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  i = find (self, name);
  if (i < 0)
    return FALSE;
  g_array_remove_index (self->fields, (guint) i);
  return TRUE;
}

/**
 * scalyr_extra_fields_remove_all:
 * @self: a #ScalyrExtraFields
 *
 * Removes every field.
 *
 * Since: 0.1
 */
void
scalyr_extra_fields_remove_all (ScalyrExtraFields *self)
{
  g_return_if_fail (self != NULL);
  g_array_set_size (self->fields, 0);
}

/**
 * scalyr_extra_fields_get_size:
 * @self: a #ScalyrExtraFields
 *
 * Returns: the number of fields
 *
 * Since: 0.1
 */
guint
scalyr_extra_fields_get_size (ScalyrExtraFields *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields->len;
}

/**
 * scalyr_extra_fields_to_string:
 * @self: a #ScalyrExtraFields
 *
 * Returns: (transfer full): the fields as written in a metric line, e.g.
 *   `a=7 b="x"` (names repaired, sorted)
 *
 * Since: 0.1
 */
char *
scalyr_extra_fields_to_string (ScalyrExtraFields *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  s = g_string_new (NULL);
  scalyr_extra_fields_append (self, s);
  if (s->len > 0)
    g_string_erase (s, 0, 1);
  return g_string_free (s, FALSE);
}

void
scalyr_extra_fields_append (const ScalyrExtraFields *self,
                            GString                 *line)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *f = &g_array_index (self->fields, Field, i);

      g_string_append_c (line, ' ');
      g_string_append (line, f->out_name != NULL ? f->out_name : f->name);
      g_string_append_c (line, '=');
      g_string_append (line, f->encoded);
    }
}

guint
scalyr_extra_fields_get_length (const ScalyrExtraFields *self)
{
  return self->fields->len;
}

void
scalyr_extra_fields_peek (const ScalyrExtraFields *self,
                          guint                    i,
                          const char             **written_name,
                          const char             **encoded_value)
{
  const Field *f = &g_array_index (self->fields, Field, i);

  *written_name = f->out_name != NULL ? f->out_name : f->name;
  *encoded_value = f->encoded;
}

const char *
scalyr_extra_fields_invalid_name (const ScalyrExtraFields *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *f = &g_array_index (self->fields, Field, i);
      if (f->invalid)
        return f->name;
    }
  return NULL;
}

const char *
scalyr_variant_kind (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return _("a boolean");
    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_UINT64:
      return _("an integer");
    case G_VARIANT_CLASS_DOUBLE:
      return _("a float");
    case G_VARIANT_CLASS_STRING:
      return _("a string");
    case G_VARIANT_CLASS_ARRAY:
      return _("an array");
    case G_VARIANT_CLASS_TUPLE:
      return _("a tuple");
    case G_VARIANT_CLASS_MAYBE:
      return _("a maybe (none)");
    case G_VARIANT_CLASS_DICT_ENTRY:
      return _("a dictionary entry");
    case G_VARIANT_CLASS_HANDLE:
      return _("a handle");
    case G_VARIANT_CLASS_OBJECT_PATH:
      return _("an object path");
    case G_VARIANT_CLASS_SIGNATURE:
      return _("a signature");
    case G_VARIANT_CLASS_VARIANT:
    default:
      return _("a variant");
    }
}

static inline void
append_int (GString *out,
            gint64   v)
{
  char buf[24];
  int n = g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v);
  g_string_append_len (out, buf, n);
}

gboolean
scalyr_json_append_variant (GString  *out,
                            GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
      return TRUE;
    case G_VARIANT_CLASS_BYTE:
      append_int (out, g_variant_get_byte (value));
      return TRUE;
    case G_VARIANT_CLASS_INT16:
      append_int (out, g_variant_get_int16 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      append_int (out, g_variant_get_uint16 (value));
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      append_int (out, g_variant_get_int32 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      append_int (out, g_variant_get_uint32 (value));
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      append_int (out, g_variant_get_int64 (value));
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
      return TRUE;
    case G_VARIANT_CLASS_DOUBLE:
      scalyr_json_append_double (out, g_variant_get_double (value));
      return TRUE;
    case G_VARIANT_CLASS_STRING:
      {
        gsize len;
        const char *s = g_variant_get_string (value, &len);
        scalyr_json_append_string (out, s, (gssize) len);
        return TRUE;
      }
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (value);
        return scalyr_json_append_variant (out, inner);
      }
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return FALSE;
    }
}
