/* scalyr-agent-config-unimplemented-private.h: the fields this agent
 * accepts but does not implement, and the reference's fields it does not
 * know
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* why a top-level field has no effect: the warning's untranslated format
 * (N_(), taking the place and the field's name: "%s: field \"%s\" is
 * accepted ... but ..."), or NULL for a field this agent implements or does
 * not know at all */
const char *scalyr_agent_config_unimplemented (const char *name);

G_END_DECLS
