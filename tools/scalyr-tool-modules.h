/* scalyr-tool-modules.h: `scalyr-agent list-monitors` and
 * `scalyr-run-monitor --list`: the modules of a registry, printed
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

/* Prints the modules of @registry: their names only (nothing is loaded),
 * or each with its language and description or why it does not load
 * (each loaded within @load_timeout seconds), as text or JSON. Exits the
 * process (0): a module that did not load may still hold a thread. */
G_NORETURN void scalyr_tool_list_modules (ScalyrMonitorRegistry *registry,
                                          gboolean               names_only,
                                          gboolean               json,
                                          double                 load_timeout);

G_END_DECLS
