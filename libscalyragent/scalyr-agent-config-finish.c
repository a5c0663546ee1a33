/* scalyr-agent-config-finish.c: the effective values of a merged agent.json
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config-finish-private.h"

#include <string.h>

#include "scalyr-agent-config-schema-private.h"
#include "scalyr-i18n-private.h"

/* the fields the rate enforcement forces, with the forced values */
static const struct {
  const char *name;
  const char *forced;
} rate_overrides[] = {
  { "max_allowed_request_size", "5900000" },
  { "pipeline_threshold", "0.0" },
  { "min_request_spacing_interval", "0.0" },
  { "max_request_spacing_interval", "5.0" },
  { "max_log_offset_size", "200000000" },
  { "max_existing_log_offset_size", "200000000" },
};

static void G_GNUC_PRINTF (2, 3)
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static char *
resolve_against (const char *base_dir,
                 const char *path)
{
  return g_path_is_absolute (path) ? g_canonicalize_filename (path, NULL)
                                   : g_canonicalize_filename (path, base_dir);
}

/* Derives what the merged fields imply (agent-config.md §2 steps 7-9):
 * internal_parse_max_line_size, the compression level, https, the rate
 * enforcement's overrides, serverHost, absolute paths, the implicit logs
 * and monitors. */
void
scalyr_agent_config_finish (JsonObject *merged,
                            const char *main_dir,
                            GPtrArray  *warnings)
{
  if (!json_object_has_member (merged, "internal_parse_max_line_size"))
    json_object_set_int_member (merged, "internal_parse_max_line_size",
                                json_object_get_int_member (merged, "read_page_size"));

  /* compression level: out of range → the type's default (no error) */
  {
    static const struct { const char *type; int def, lo, hi; } levels[] = {
      { "deflate", 6, 1, 9 }, { "bz2", 9, 1, 9 }, { "lz4", 0, 0, 16 }, { "zstandard", 3, 1, 22 }, { "none", 0, 0, 0 },
    };
    const char *type = json_object_get_string_member (merged, "compression_type");
    for (gsize i = 0; i < G_N_ELEMENTS (levels); i++)
      if (g_str_equal (levels[i].type, type))
        {
          gint64 level = json_object_has_member (merged, "compression_level")
                         ? json_object_get_int_member (merged, "compression_level") : levels[i].def;
          if (level < levels[i].lo || level > levels[i].hi)
            level = levels[i].def;
          json_object_set_int_member (merged, "compression_level", level);
        }
  }

  /* scalyr_server: https unless allow_http */
  if (!json_object_get_boolean_member (merged, "allow_http"))
    {
      g_autofree char *server = g_strstrip (g_strdup (json_object_get_string_member (merged, "scalyr_server")));
      g_autofree char *fixed = NULL;
      if (g_str_has_prefix (server, "http://"))
        fixed = g_strconcat ("https://", server + 7, NULL);
      else if (strstr (server, "://") == NULL)
        fixed = g_strconcat ("https://", server, NULL);
      else
        fixed = g_strdup (server);
      json_object_set_string_member (merged, "scalyr_server", fixed);
    }

  /* max_send_rate_enforcement overrides */
  {
    const char *mode = json_object_get_string_member (merged, "max_send_rate_enforcement");
    if (!g_str_equal (mode, "legacy") &&
        !json_object_get_boolean_member (merged, "disable_max_send_rate_enforcement_overrides"))
      for (gsize i = 0; i < G_N_ELEMENTS (rate_overrides); i++)
        {
          const char *name = rate_overrides[i].name;
          g_autoptr(JsonNode) def = scalyr_agent_config_schema_default (scalyr_agent_config_schema_find (name));
          JsonNode *current = json_object_get_member (merged, name);

          if (current != NULL && json_node_get_double (current) != json_node_get_double (def))
            add_warning (warnings, _("Configured option %s is being overridden due to max_send_rate_enforcement "
                           "setting."), name);
          json_object_set_member (merged, name, scalyr_json_parse (rate_overrides[i].forced, -1, NULL, NULL, NULL));
        }
    if (!g_str_equal (mode, "legacy") && !g_str_equal (mode, "unlimited"))
      {
        double rate = 0;
        if (scalyr_config_parse_rate (mode, &rate, NULL) && rate > 0)
          json_object_set_double_member (merged, "max_send_rate_enforcement_bytes_per_second", rate);
      }
  }

  /* server_attributes.serverHost */
  {
    JsonObject *attrs = json_object_get_object_member (merged, "server_attributes");
    if (!json_object_has_member (attrs, "serverHost"))
      {
        g_autofree char *host = g_strdup (g_get_host_name ());
        if (json_object_get_boolean_member (merged, "strip_domain_from_default_server_host"))
          {
            char *dot = strchr (host, '.');
            if (dot != NULL)
              *dot = '\0';
          }
        json_object_set_string_member (attrs, "serverHost", host);
      }
  }

  /* paths: absolute, relative to the main file's directory */
  {
    static const char * const dirs[] = { "agent_log_path", "agent_data_path" };
    for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
      {
        g_autofree char *abs = resolve_against (main_dir, json_object_get_string_member (merged, dirs[i]));
        json_object_set_string_member (merged, dirs[i], abs);
      }
  }

  /* logs: relative paths under agent_log_path, then the implicit ones */
  {
    JsonArray *logs = json_object_get_array_member (merged, "logs");
    const char *log_dir = json_object_get_string_member (merged, "agent_log_path");

    for (guint i = 0; i < json_array_get_length (logs); i++)
      {
        JsonObject *entry = json_array_get_object_element (logs, i);
        JsonNode *p = json_object_get_member (entry, "path");
        if (p != NULL && is_string (p) && !g_path_is_absolute (json_node_get_string (p)))
          {
            g_autofree char *abs = g_build_filename (log_dir, json_node_get_string (p), NULL);
            json_object_set_string_member (entry, "path", abs);
          }
      }
    if (json_object_get_boolean_member (merged, "implicit_agent_log_collection"))
      {
        JsonObject *agent_log = json_object_new ();
        JsonObject *workers = json_object_new ();
        g_autofree char *p1 = g_build_filename (log_dir, "agent.log", NULL);
        g_autofree char *p2 = g_build_filename (log_dir, "agent-worker-session-*.log", NULL);

        json_object_set_string_member (agent_log, "path", p1);
        json_object_set_string_member (agent_log, "parser", "scalyrAgentLog");
        json_array_add_object_element (logs, agent_log);
        json_object_set_string_member (workers, "path", p2);
        json_object_set_string_member (workers, "parser", "scalyrAgentLog");
        json_array_add_object_element (logs, workers);
      }
  }

  /* the platform monitors, after the configured ones (spec §8) */
  {
    JsonArray *monitors = json_object_get_array_member (merged, "monitors");

    if (json_object_get_boolean_member (merged, "implicit_metric_monitor"))
      {
        JsonObject *entry = json_object_new ();
        json_object_set_string_member (entry, "module", "scalyr_agent.builtin_monitors.linux_system_metrics");
        json_array_add_object_element (monitors, entry);
      }
    if (json_object_get_boolean_member (merged, "implicit_agent_process_metrics_monitor"))
      {
        JsonObject *entry = json_object_new ();
        json_object_set_string_member (entry, "module", "scalyr_agent.builtin_monitors.linux_process_metrics");
        json_object_set_string_member (entry, "pid", "$$");
        json_object_set_string_member (entry, "id", "agent");
        json_array_add_object_element (monitors, entry);
      }
  }
}
