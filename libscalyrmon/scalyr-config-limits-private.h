/* scalyr-config-limits-private.h: the upper bounds of the configuration's
 * durations, sizes and rates, shared by the monitor common options, the
 * agent.json schema and the uploader's properties, so that every number is
 * checked against a documented range when it is read and no conversion of
 * it can overflow later.
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* intervals, delays and timeouts in seconds: a year (365 days) */
#define SCALYR_CONFIG_MAX_SECONDS 31536000.0

/* sizes and offsets in bytes, and rates in bytes per second: 1 TiB */
#define SCALYR_CONFIG_MAX_BYTES G_GINT64_CONSTANT (1099511627776)

/* sizes of buffers held in memory (a line, a page, a request): 1 GiB */
#define SCALYR_CONFIG_MAX_BUFFER_BYTES G_GINT64_CONSTANT (1073741824)

/* counts (rotated logs kept): a thousand */
#define SCALYR_CONFIG_MAX_COUNT 1000

G_END_DECLS
