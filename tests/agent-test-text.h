/* agent-test-text.h: reading and waiting for text in the files a real
 * scalyr-agent writes (agent.log, metric logs), shared by the agent tests
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of @path, or "" when it cannot be read (yet). */
char  *agent_test_read_text  (const char *path);

/* How many times @needle occurs in @text (overlapping occurrences too). */
guint  agent_test_count      (const char *text,
                              const char *needle);

/* Waits until @needle occurs @times in @path, at most @limit_us
 * microseconds; past it, fails the test showing what @path has. */
void   agent_test_wait_for   (const char *path,
                              const char *needle,
                              guint       times,
                              gint64      limit_us);

G_END_DECLS
