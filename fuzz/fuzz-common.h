/* fuzz-common.h: what the libFuzzer targets share
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A critical or warning (GLib or json-glib misused) aborts: libFuzzer then
 * keeps the input. */
static void
fuzz_fatal_log (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        data)
{
  g_log_default_handler (domain, level, message, data);
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL))
    abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void) argc;
  (void) argv;
  g_log_set_default_handler (fuzz_fatal_log, NULL);
  return 0;
}
