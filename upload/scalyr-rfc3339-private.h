/* scalyr-rfc3339-private.h: RFC 3339 times to nanoseconds since the epoch
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]` (no zone: UTC) to
 * nanoseconds since the epoch, as the reference's
 * rfc3339_to_nanoseconds_since_epoch(); digits of the fraction past the
 * ninth are ignored. */
gboolean scalyr_parse_rfc3339 (const char *s,
                               gsize       len,
                               gint64     *ns);

G_END_DECLS
