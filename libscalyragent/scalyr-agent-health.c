/* scalyr-agent-health.c: how a running agent is doing, from its status
 * file (`scalyr-agent status` exit codes)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-health.h"
#include "scalyr-agent.h"
#include "scalyr-agent-config.h"
#include "scalyr-i18n-private.h"

/* requests failing and no success for this long: uploading is failing */
#define UPLOAD_FAILING_SECONDS 300

/* the member @name of @o if it is an object (the status file may hold
 * anything), else NULL */
static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static ScalyrAgentHealth
set_reason (char            **reason,
            ScalyrAgentHealth health,
            char             *text)
{
  if (reason != NULL)
    *reason = text;
  else
    g_free (text);
  return health;
}

/* "NAME (ERROR), NAME (ERROR)" of the failed monitors, or NULL */
static char *
failed_monitors (JsonObject *o,
                 guint      *failed,
                 guint      *total)
{
  JsonNode *node = json_object_get_member (o, "monitors");
  JsonArray *monitors = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  GString *names = g_string_new (NULL);

  *failed = 0;
  *total = monitors != NULL ? json_array_get_length (monitors) : 0;
  for (guint i = 0; i < *total; i++)
    {
      JsonNode *element = json_array_get_element (monitors, i);
      JsonObject *m = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (m == NULL || g_strcmp0 (json_object_get_string_member_with_default (m, "state", ""), "failed") != 0)
        continue;
      if ((*failed)++ > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "%s (%s)", json_object_get_string_member_with_default (m, "name", "?"),
                              json_object_get_string_member_with_default (m, "error", _("no error recorded")));
    }
  if (*failed == 0)
    {
      g_string_free (names, TRUE);
      return NULL;
    }
  return g_string_free (names, FALSE);
}

static char *
upload_failure (JsonObject *o)
{
  JsonObject *up = object_member (o, "uploads");
  JsonNode *last_error;
  double last_success;

  if (up == NULL)
    return NULL;
  if (json_object_has_member (up, "error"))
    return g_strdup_printf (_("uploading is not running: %s"),
                            json_object_get_string_member_with_default (up, "error", ""));
  last_error = json_object_get_member (up, "last_error");
  if (last_error == NULL || json_node_get_value_type (last_error) != G_TYPE_STRING ||
      json_object_get_int_member_with_default (up, "requests_failed", 0) == 0)
    return NULL;
  last_success = json_object_get_double_member_with_default (up, "last_success", 0);
  if (last_success > 0 && (double) g_get_real_time () / G_USEC_PER_SEC - last_success < UPLOAD_FAILING_SECONDS)
    return NULL;
  return g_strdup_printf (_("uploads fail and none succeeded in the last %d s; the last error: %s"),
                          UPLOAD_FAILING_SECONDS, json_node_get_string (last_error));
}

/**
 * scalyr_agent_status_get_health:
 * @status: a status object from scalyr_agent_read_status()
 * @reason: (out) (optional) (nullable) (transfer full): return location
 *   for a sentence saying why the agent is not healthy (%NULL when it is)
 *
 * Tells how the agent that wrote @status is doing (see
 * #ScalyrAgentHealth): whether it runs (its `running` and `state`), then
 * whether its status is stale, its monitors failed, its configuration
 * failed to load (`config_error`, or the last reload's) or its uploads
 * fail.
 *
 * Returns: the agent's health; never %SCALYR_AGENT_HEALTH_UNKNOWN
 *
 * Since: 0.3
 */
ScalyrAgentHealth
scalyr_agent_status_get_health (JsonNode *status,
                                char    **reason)
{
  JsonObject *o, *config;
  g_autofree char *failed = NULL;
  g_autofree char *upload = NULL;
  guint n_failed, n_monitors;
  gint64 age;

  if (reason != NULL)
    *reason = NULL;
  g_return_val_if_fail (status != NULL && JSON_NODE_HOLDS_OBJECT (status), SCALYR_AGENT_HEALTH_UNKNOWN);

  o = json_node_get_object (status);
  age = json_object_get_int_member_with_default (o, "age", -1);
  if (!json_object_get_boolean_member_with_default (o, "running", FALSE))
    {
      if (g_strcmp0 (json_object_get_string_member_with_default (o, "state", ""), "stopped") == 0)
        return set_reason (reason, SCALYR_AGENT_HEALTH_NOT_RUNNING,
                           g_strdup_printf (_("the agent is not running: it was stopped (%s)"),
                                            json_object_get_string_member_with_default (o, "updated", "")));
      if (json_object_get_boolean_member_with_default (o, "pid_file_exists", FALSE))
        return set_reason (reason, SCALYR_AGENT_HEALTH_DEAD,
                           g_strdup_printf (_("the agent is not running: it ended without writing its final status "
                                              "(written %lld s ago) and left its pid file; see agent.log"),
                                            (long long) age));
      return set_reason (reason, SCALYR_AGENT_HEALTH_NOT_RUNNING,
                         g_strdup_printf (_("the agent is not running: it ended without writing its final status "
                                            "(written %lld s ago); see agent.log"), (long long) age));
    }
  if (json_object_get_boolean_member_with_default (o, "stale", FALSE))
    return set_reason (reason, SCALYR_AGENT_HEALTH_STALE,
                       g_strdup_printf (_("the status is stale (written %lld s ago): the agent runs "
                                          "but does not refresh it; see agent.log"), (long long) age));
  failed = failed_monitors (o, &n_failed, &n_monitors);
  if (failed != NULL)
    /* TRANSLATORS: failed monitors, all monitors, then "NAME (ERROR), NAME (ERROR)" */
    return set_reason (reason, SCALYR_AGENT_HEALTH_MONITORS_FAILED,
                       g_strdup_printf (ngettext_ ("%u of %u monitors failed: %s", "%u of %u monitors failed: %s",
                                                   n_failed), n_failed, n_monitors, failed));
  config = object_member (o, "config");
  if (json_object_has_member (o, "config_error"))
    return set_reason (reason, SCALYR_AGENT_HEALTH_CONFIG_FAILED,
                       g_strdup_printf (_("the configuration does not load; the agent runs the one it loaded "
                                          "before: %s"), json_object_get_string_member_with_default (o, "config_error",
                                                                                                  "")));
  if (config != NULL && !json_object_get_boolean_member_with_default (config, "last_load_ok", TRUE))
    return set_reason (reason, SCALYR_AGENT_HEALTH_CONFIG_FAILED,
                       g_strdup_printf (_("the last reload of the configuration failed; the agent runs the one it "
                                          "loaded before: %s"),
                                        json_object_get_string_member_with_default (config, "last_load_error", "")));
  upload = upload_failure (o);
  if (upload != NULL)
    return set_reason (reason, SCALYR_AGENT_HEALTH_UPLOAD_FAILING, g_steal_pointer (&upload));
  return SCALYR_AGENT_HEALTH_HEALTHY;
}

/**
 * scalyr_agent_read_health:
 * @config_path: (type filename) (nullable): the agent's main configuration
 *   file; %NULL for the default
 * @extra_config_dir: (type filename) (nullable): its extra fragment directory
 * @status: (out) (optional) (nullable) (transfer full): return location
 *   for the status read (as scalyr_agent_read_status() returns it), %NULL
 *   when none of this configuration could be read
 * @reason: (out) (optional) (nullable) (transfer full): return location
 *   for a sentence saying why the agent is not healthy (%NULL when it is)
 *
 * Reads the status of the agent of this configuration with
 * scalyr_agent_read_status() and tells how it is doing with
 * scalyr_agent_status_get_health(). When no status can be read, the
 * health is %SCALYR_AGENT_HEALTH_NOT_RUNNING if there is no status file,
 * else %SCALYR_AGENT_HEALTH_UNKNOWN (an unreadable status file, one of
 * another configuration, a configuration that does not load), and
 * @reason is the error.
 *
 * Returns: the agent's health
 *
 * Since: 0.3
 */
ScalyrAgentHealth
scalyr_agent_read_health (const char *config_path,
                          const char *extra_config_dir,
                          JsonNode  **status,
                          char      **reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = scalyr_agent_read_status (config_path, extra_config_dir, &error);
  ScalyrAgentHealth health;

  if (status != NULL)
    *status = NULL;
  if (node == NULL)
    return set_reason (reason,
                       g_error_matches (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_NOT_RUNNING)
                       ? SCALYR_AGENT_HEALTH_NOT_RUNNING : SCALYR_AGENT_HEALTH_UNKNOWN,
                       g_strdup (error->message));
  health = scalyr_agent_status_get_health (node, reason);
  if (status != NULL)
    *status = g_steal_pointer (&node);
  return health;
}
