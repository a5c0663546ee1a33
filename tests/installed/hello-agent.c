/* An external program built against the installed scalyragent-1: runs an
 * agent on the configuration given as argument for about a second, writes
 * its status file and prints the status as `scalyr-agent status` would. */
#include <scalyragent.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgent) agent = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *text = NULL;

  if (argc != 2)
    g_error ("usage: hello-agent AGENT.JSON");
  agent = scalyr_agent_new (argv[1], NULL);
  if (!scalyr_agent_start (agent, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < 12; i++)
    {
      scalyr_agent_tick (agent);
      g_usleep (100 * 1000);
    }
  if (!scalyr_agent_write_status (agent, &error))
    g_error ("%s", error->message);
  status = scalyr_agent_read_status (argv[1], NULL, &error);
  if (status == NULL)
    g_error ("%s", error->message);
  text = scalyr_agent_format_status (status);
  g_print ("%s", text);
  scalyr_agent_stop (agent);
  return 0;
}
