/* fuzz-metrics-render.c: libFuzzer target for the metrics renderer
 * SPDX-License-Identifier: Apache-2.0
 *
 * Reads the input as relaxed JSON: an object is the status, an array the
 * monitors' metrics (with the fixture status), anything else is skipped.
 * Renders both text formats and checks each with the exposition checker
 * of the tests (a family once, a series once, valid names, escapes and
 * numbers, OpenMetrics' `# EOF`), and writes the telemetry lines of an
 * object into a discarding logger. Memory errors and leaks are left to
 * the sanitizers.
 */
#include "config.h"

#include "scalyragent.h"
#include "scalyr-json-parser.h"
#include "metrics-text-check.h"
#include "fuzz-common.h"

static void
check (JsonNode *status,
       JsonNode *metrics)
{
  for (int om = 0; om < 2; om++)
    {
      g_autofree char *text = scalyr_agent_format_metrics (status, metrics, om ? SCALYR_METRICS_FORMAT_OPENMETRICS
                                                                               : SCALYR_METRICS_FORMAT_PROMETHEUS);
      g_autofree char *problem = metrics_text_check (text, om);

      if (problem != NULL)
        {
          g_printerr ("invalid %s exposition: %s\n%s", om ? "OpenMetrics" : "0.0.4", problem, text);
          abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;

  if (size > 65536)
    return 0;
  node = scalyr_json_parse ((const char *) data, (gssize) size, NULL, NULL, NULL);
  if (node == NULL)
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("fuzz", NULL);

      check (node, NULL);
      scalyr_agent_emit_telemetry (node, logger);   /* no sink: lines discarded */
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autoptr(JsonNode) status = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (status, json_object_new ());
      check (status, node);
    }
  return 0;
}
