/* scalyr-version.c: the version of libscalyrmon a program runs with
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyrmon.h"

/**
 * scalyr_get_major_version:
 *
 * The major version of the libscalyrmon the program runs with, which may
 * differ from %SCALYR_MAJOR_VERSION, the version it was compiled against
 * (as soup_get_major_version()).
 *
 * Returns: the major version, e.g. 0 for 0.3.1
 *
 * Since: 0.3
 */
guint
scalyr_get_major_version (void)
{
  return SCALYR_MAJOR_VERSION;
}

/**
 * scalyr_get_minor_version:
 *
 * The minor version of the libscalyrmon the program runs with.
 *
 * Returns: the minor version, e.g. 3 for 0.3.1
 *
 * Since: 0.3
 */
guint
scalyr_get_minor_version (void)
{
  return SCALYR_MINOR_VERSION;
}

/**
 * scalyr_get_micro_version:
 *
 * The micro version of the libscalyrmon the program runs with.
 *
 * Returns: the micro version, e.g. 1 for 0.3.1
 *
 * Since: 0.3
 */
guint
scalyr_get_micro_version (void)
{
  return SCALYR_MICRO_VERSION;
}
