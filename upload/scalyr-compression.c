/* scalyr-compression.c: the compression_type names
 * SPDX-License-Identifier: Apache-2.0 */

#include "scalyr-compression.h"

/**
 * scalyr_compression_from_string:
 * @name: a `compression_type` value of the agent configuration
 * @compression: (out): the compression
 *
 * Returns: %TRUE if @name is `deflate`, `zstandard`, `bz2`, `lz4` or `none`
 *
 * Thread safety: may be called from any thread.
 *
 * Since: 0.1
 */
gboolean
scalyr_compression_from_string (const char        *name,
                                ScalyrCompression *compression)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (compression != NULL, FALSE);

  if (g_str_equal (name, "deflate"))
    *compression = SCALYR_COMPRESSION_DEFLATE;
  else if (g_str_equal (name, "zstandard"))
    *compression = SCALYR_COMPRESSION_ZSTANDARD;
  else if (g_str_equal (name, "none"))
    *compression = SCALYR_COMPRESSION_NONE;
  else if (g_str_equal (name, "bz2"))
    *compression = SCALYR_COMPRESSION_BZ2;
  else if (g_str_equal (name, "lz4"))
    *compression = SCALYR_COMPRESSION_LZ4;
  else
    return FALSE;
  return TRUE;
}
