/* scalyr-agent-logger-metric.c: the logger's metric lines: names repaired,
 * values encoded, extra fields, the per-thread line buffer
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-agent-logger-private.h"
#include "scalyr-json-format-private.h"
#include "scalyr-log-timestamp-private.h"
#include "scalyr-metric-name-private.h"
#include "scalyr-extra-fields-private.h"
#include "scalyr-metric-store-private.h"
#include "scalyr-monitor.h"
#include "scalyr-i18n-private.h"

static void
append_prefix (ScalyrAgentLogger *self,
               GString           *line,
               gint64             timestamp_ms,
               const char        *monitor_id_override)
{
  scalyr_log_timestamp_append (line, timestamp_ms != 0 ? timestamp_ms : scalyr_log_timestamp_now_ms ());
  g_string_append (line, " [");
  if (monitor_id_override != NULL)
    g_string_append_printf (line, "%s(%s)", self->short_module_name, monitor_id_override);
  else
    g_string_append (line, self->monitor_name);
  g_string_append (line, "] ");
}

/* The line being formatted, one buffer per thread, kept between calls. */
static void
free_line_buffer (gpointer data)
{
  g_string_free (data, TRUE);
}

static GPrivate line_buffer = G_PRIVATE_INIT (free_line_buffer);

static GString *
get_line_buffer (void)
{
  GString *line = g_private_get (&line_buffer);

  if (line == NULL)
    {
      line = g_string_sized_new (256);
      g_private_set (&line_buffer, line);
    }
  g_string_truncate (line, 0);
  return line;
}

/* Writes one metric line whose value is already encoded. */
static gboolean
emit_encoded (ScalyrAgentLogger        *self,
              const char               *metric_name,
              const char               *encoded_value,
              gssize                    encoded_len,
              const ScalyrExtraFields  *extra_fields,
              gint64                    timestamp_ms,
              const char               *monitor_id_override,
              GError                  **error)
{
  g_autofree char *repaired_metric = NULL;
  GHashTable *blacklist;
  const char *name;
  GString *line;

  if (self->metric_sink == NULL)
    {
      g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED,
                           _("Cannot report metric values until metric log file is opened."));
      return FALSE;
    }

  name = scalyr_agent_logger_repair_name (self, metric_name, FALSE, &repaired_metric);

  blacklist = g_atomic_pointer_get (&self->blacklist);
  if (blacklist != NULL && g_hash_table_contains (blacklist, name))
    {
      scalyr_agent_logger_note_blacklisted (self, name);
      return TRUE;
    }

  if (extra_fields != NULL)
    {
      const char *invalid = scalyr_extra_fields_invalid_name (extra_fields);
      if (invalid != NULL)
        {
          char *unused = NULL;
          scalyr_agent_logger_repair_name (self, invalid, TRUE, &unused);
          g_free (unused);
        }
    }

  if (timestamp_ms == 0)
    timestamp_ms = scalyr_log_timestamp_now_ms ();
  /* before the rate limit of the sink: a dropped line's value is still the
   * latest */
  if (self->metric_store != NULL)
    scalyr_metric_store_record_encoded (self->metric_store, name, encoded_value, encoded_len, extra_fields,
                                        timestamp_ms, monitor_id_override);

  line = get_line_buffer ();
  append_prefix (self, line, timestamp_ms, monitor_id_override);
  g_string_append (line, name);
  g_string_append_c (line, ' ');
  g_string_append_len (line, encoded_value, encoded_len);
  if (extra_fields != NULL)
    scalyr_extra_fields_append (extra_fields, line);

  atomic_fetch_add_explicit (&self->reported_lines, 1, memory_order_relaxed);
  scalyr_log_sink_write_line (self->metric_sink, line->str, (gssize) line->len);
  return TRUE;
}

/**
 * scalyr_agent_logger_emit_value_full:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value: an integer (any signed or unsigned GVariant integer
 *   type), a double, a boolean or a string; a floating reference is sunk
 * @extra_fields: (nullable): a dictionary with string keys (`a{sv}` or any
 *   `a{s*}`) of extra fields, with values of the same kinds as @value; a
 *   floating reference is sunk
 * @timestamp_ms: the time of the sample in milliseconds since the epoch, or
 *   0 for now
 * @monitor_id_override: (nullable): write this id instead of the monitor's
 *   in this line's instance name
 * @error: return location for a #GError
 *
 * Writes a metric line (see #ScalyrAgentLogger), subject to the metric
 * log's rate limit. Nothing is written when the (repaired) metric name is
 * in the blacklist; an INFO line says so at most once a day per metric.
 *
 * Fails with %SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE, writing nothing, when
 * the value or an extra field has another type, and with
 * %SCALYR_MONITOR_ERROR_FAILED when there is no metric sink.
 *
 * The typed functions such as scalyr_agent_logger_emit_double() with a
 * #ScalyrExtraFields kept between samples are several times faster.
 *
 * Returns: %TRUE if the line was reported (written, rate limited or
 *   blacklisted), %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_value_full (ScalyrAgentLogger  *self,
                                     const char         *metric_name,
                                     GVariant           *value,
                                     GVariant           *extra_fields,
                                     gint64              timestamp_ms,
                                     const char         *monitor_id_override,
                                     GError            **error)
{
  g_autoptr(GVariant) owned_value = NULL;
  g_autoptr(GVariant) owned_fields = NULL;
  g_autoptr(ScalyrExtraFields) fields = NULL;
  g_autoptr(GString) encoded = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), FALSE);
  g_return_val_if_fail (metric_name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owned_value = g_variant_ref_sink (value);
  if (extra_fields != NULL)
    owned_fields = g_variant_ref_sink (extra_fields);

  encoded = g_string_sized_new (32);
  if (!scalyr_json_append_variant (encoded, owned_value))
    {
      g_autofree char *printed = g_variant_print (owned_value, TRUE);

      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
                   _("%s: metric \"%s\": unsupported value %s, %s; only integers, floats, "
                     "booleans and strings can be reported"),
                   self->monitor_name, metric_name, printed, scalyr_variant_kind (owned_value));
      return FALSE;
    }
  if (owned_fields != NULL)
    {
      fields = scalyr_extra_fields_new_from_variant (owned_fields, &local_error);
      if (fields == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, _("%s: metric \"%s\": %s"),
                       self->monitor_name, metric_name, local_error->message);
          g_error_free (local_error);
          return FALSE;
        }
    }
  return emit_encoded (self, metric_name, encoded->str, (gssize) encoded->len, fields,
                       timestamp_ms, monitor_id_override, error);
}

/**
 * scalyr_agent_logger_emit_value:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value (integer, double, boolean or string); a floating
 *   reference is sunk
 * @extra_fields: (nullable): extra fields as an `a{sv}` dictionary; a
 *   floating reference is sunk
 * @error: return location for a #GError
 *
 * Writes a metric line timestamped now; see
 * scalyr_agent_logger_emit_value_full().
 *
 * |[<!-- language="C" -->
 * scalyr_agent_logger_emit_value (logger, "uniform", g_variant_new_double (g_random_double ()),
 *                                 g_variant_new_parsed ("{'count': <%x>}", (gint64) count),
 *                                 &error);
 * ]|
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_value (ScalyrAgentLogger  *self,
                                const char         *metric_name,
                                GVariant           *value,
                                GVariant           *extra_fields,
                                GError            **error)
{
  return scalyr_agent_logger_emit_value_full (self, metric_name, value, extra_fields, 0, NULL, error);
}

#define EMIT_PRECONDITIONS() \
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (self), FALSE); \
  g_return_val_if_fail (metric_name != NULL, FALSE); \
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE)

/**
 * scalyr_agent_logger_emit_int:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with an integer value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_int (ScalyrAgentLogger  *self,
                              const char         *metric_name,
                              gint64              value,
                              ScalyrExtraFields  *extra_fields,
                              GError            **error)
{
  char buf[24];
  int n;

  EMIT_PRECONDITIONS ();
  n = g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return emit_encoded (self, metric_name, buf, n, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_uint:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with an unsigned integer value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_uint (ScalyrAgentLogger  *self,
                               const char         *metric_name,
                               guint64             value,
                               ScalyrExtraFields  *extra_fields,
                               GError            **error)
{
  char buf[24];
  int n;

  EMIT_PRECONDITIONS ();
  n = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  return emit_encoded (self, metric_name, buf, n, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_double:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a float value (as Python's `repr` prints it),
 * timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_double (ScalyrAgentLogger  *self,
                                 const char         *metric_name,
                                 double              value,
                                 ScalyrExtraFields  *extra_fields,
                                 GError            **error)
{
  char stack[40];
  GString buf = { stack, 0, sizeof stack };

  EMIT_PRECONDITIONS ();
  /* a repr is at most 24 characters: the stack buffer never grows */
  scalyr_json_append_double (&buf, value);
  return emit_encoded (self, metric_name, buf.str, (gssize) buf.len, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_boolean:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a boolean value, timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_boolean (ScalyrAgentLogger  *self,
                                  const char         *metric_name,
                                  gboolean            value,
                                  ScalyrExtraFields  *extra_fields,
                                  GError            **error)
{
  EMIT_PRECONDITIONS ();
  return emit_encoded (self, metric_name, value ? "true" : "false", -1, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_string:
 * @self: a #ScalyrAgentLogger
 * @metric_name: the metric's name
 * @value: the value, UTF-8
 * @extra_fields: (nullable): the extra fields
 * @error: return location for a #GError
 *
 * Writes a metric line with a string value (JSON-quoted), timestamped now.
 *
 * Returns: %TRUE if the line was reported, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_logger_emit_string (ScalyrAgentLogger  *self,
                                 const char         *metric_name,
                                 const char         *value,
                                 ScalyrExtraFields  *extra_fields,
                                 GError            **error)
{
  g_autoptr(GString) encoded = NULL;

  EMIT_PRECONDITIONS ();
  g_return_val_if_fail (value != NULL, FALSE);
  encoded = g_string_sized_new (strlen (value) + 8);
  scalyr_json_append_string (encoded, value, -1);
  return emit_encoded (self, metric_name, encoded->str, (gssize) encoded->len, extra_fields, 0, NULL, error);
}

/**
 * scalyr_agent_logger_emit_line:
 * @self: a #ScalyrAgentLogger
 * @message: free text
 *
 * Writes @message to the metric log as `<time> [<monitor name>] <message>`
 * (the reference's `emit_to_metric_log=True`). Does nothing without a
 * metric sink.
 *
 * Since: 0.1
 */
void
scalyr_agent_logger_emit_line (ScalyrAgentLogger *self,
                               const char        *message)
{
  g_autoptr(GString) line = NULL;

  g_return_if_fail (SCALYR_IS_AGENT_LOGGER (self));
  g_return_if_fail (message != NULL);

  if (self->metric_sink == NULL)
    return;
  line = g_string_sized_new (64 + strlen (message));
  append_prefix (self, line, 0, NULL);
  g_string_append (line, message);
  atomic_fetch_add_explicit (&self->reported_lines, 1, memory_order_relaxed);
  scalyr_log_sink_write_line (self->metric_sink, line->str, (gssize) line->len);
}
