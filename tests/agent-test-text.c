/* agent-test-text.c: reading and waiting for text in the agent's files
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "agent-test-text.h"

char *
agent_test_read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

guint
agent_test_count (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

void
agent_test_wait_for (const char *path,
                     const char *needle,
                     guint       times,
                     gint64      limit_us)
{
  gint64 deadline = g_get_monotonic_time () + limit_us;

  for (;;)
    {
      g_autofree char *text = agent_test_read_text (path);

      if (agent_test_count (text, needle) >= times)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %u x \"%s\" in %s; it has:\n%s", times, needle, path, text);
      g_usleep (20 * 1000);
    }
}
