/* scalyr-monitor-fields.c: the fields of a monitor entry against the
 * options its monitor declares
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-fields.h"
#include "scalyr-config-describe.h"
#include "scalyr-config-describe-private.h"
#include "scalyr-monitor.h"
#include "scalyr-i18n-private.h"

/* fields the reference's ScalyrMonitor base reads from every entry without
 * declaring them, beyond scalyr_config_dup_monitor_common_options() */
static const char * const pass_through_fields[] = {
  "calculate_rate_metric_names", NULL
};

static gboolean
is_declared (GPtrArray  *options,
             const char *name)
{
  for (guint i = 0; i < options->len; i++)
    if (g_str_equal (scalyr_monitor_option_get_name (g_ptr_array_index (options, i)), name))
      return TRUE;
  return FALSE;
}

static void
append_names (GString   *out,
              GPtrArray *options)
{
  for (guint i = 0; i < options->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            scalyr_monitor_option_get_name (g_ptr_array_index (options, i)));
}

/**
 * scalyr_monitor_check_entry_fields:
 * @monitor_type: a #ScalyrMonitor subclass
 * @entry: the monitor's configuration entry
 * @monitor_name: (nullable): the instance's name for the messages, e.g.
 *   `random_coin()`; %NULL for the type's name
 * @warning: (out) (optional) (nullable) (transfer full): return location
 *   for a warning, set when @monitor_type declares no option and @entry
 *   holds fields that are not common to every monitor; %NULL otherwise
 * @error: return location for a #GError
 *
 * Checks that every field of @entry is known: one of the options declared
 * for @monitor_type (see scalyr_monitor_list_options()), one of
 * [func@Scalyr.config_dup_monitor_common_options], or a field the
 * reference's monitor base class reads for every monitor
 * (`calculate_rate_metric_names`).
 *
 * A monitor that declares its options reads no other field, so an unknown
 * field is a mistake (usually a misspelling that would silently leave the
 * option at its default): it is a %SCALYR_MONITOR_ERROR_BAD_CONFIG error
 * naming the monitor, every such field and the closest declared name
 * ("did you mean gauss_mean?"). A monitor that declares no option may read
 * any field (the reference's Python monitors may call `get()` without
 * declaring), so there the unknown fields are only named in @warning.
 *
 * The agent, `scalyr-agent --check-config` and `scalyr-run-monitor` call
 * this before they build a monitor;
 * [method@Scalyr.MonitorConfig.apply_options] itself stays lenient.
 *
 * Returns: %TRUE if no field is an error, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
scalyr_monitor_check_entry_fields (GType        monitor_type,
                                   JsonObject  *entry,
                                   const char  *monitor_name,
                                   char       **warning,
                                   GError     **error)
{
  g_autoptr(GPtrArray) declared = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autoptr(GList) members = NULL;
  GPtrArray *common = scalyr_config_monitor_common_options ();
  const char *name;

  g_return_val_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (warning == NULL || *warning == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = monitor_name != NULL ? monitor_name : g_type_name (monitor_type);
  declared = scalyr_monitor_list_options (monitor_type);
  known = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < declared->len; i++)
    g_ptr_array_add (known, g_object_ref (g_ptr_array_index (declared, i)));
  for (guint i = 0; i < common->len; i++)
    g_ptr_array_add (known, g_object_ref (g_ptr_array_index (common, i)));

  members = json_object_get_members (entry);
  for (GList *l = members; l != NULL; l = l->next)
    if (!is_declared (known, l->data) && !g_strv_contains (pass_through_fields, l->data))
      g_ptr_array_add (unknown, l->data);
  if (unknown->len == 0)
    return TRUE;

  if (declared->len == 0)
    {
      if (warning != NULL)
        {
          g_autoptr(GString) fields = g_string_new (NULL);

          for (guint i = 0; i < unknown->len; i++)
            g_string_append_printf (fields, "%s\"%s\"", i > 0 ? ", " : "",
                                    (const char *) g_ptr_array_index (unknown, i));
          /* TRANSLATORS: the monitor, then its fields' quoted names */
          *warning = g_strdup_printf (ngettext_ ("monitor %s declares no options, so its field %s "
                                                 "cannot be checked; make sure the monitor reads them "
                                                 "(a misspelled field is ignored)",
                                                 "monitor %s declares no options, so its fields %s "
                                                 "cannot be checked; make sure the monitor reads them "
                                                 "(a misspelled field is ignored)", unknown->len),
                                      name, fields->str);
        }
      return TRUE;
    }

  for (guint i = 0; i < unknown->len; i++)
    {
      const char *field = g_ptr_array_index (unknown, i);
      g_autofree char *near = scalyr_config_suggest_name (field, known);

      if (i > 0)
        g_string_append (problems, "; ");
      if (near != NULL)
        g_string_append_printf (problems, _("monitor %s: field \"%s\" is not an option of this monitor; "
                                            "did you mean \"%s\"?"), name, field, near);
      else
        {
          g_autoptr(GString) names = g_string_new (NULL);

          append_names (names, declared);
          g_string_append_printf (problems, _("monitor %s: field \"%s\" is not an option of this monitor; "
                                              "remove it or use one of its options: %s"), name, field, names->str);
        }
    }
  g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG, problems->str);
  return FALSE;
}
