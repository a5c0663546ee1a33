/* upload-driver.c: a minimal uploading program for the crash-restart test
 * SPDX-License-Identifier: Apache-2.0
 *
 *   upload-driver URL DATA_DIR GLOB   (runs until killed) */
#include <scalyrmon-upload.h>

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 4)
    {
      g_printerr ("usage: upload-driver URL DATA_DIR GLOB\n");
      return 2;
    }
  g_autoptr(ScalyrUploader) up = g_object_new (SCALYR_TYPE_UPLOADER,
                                               "server-url", argv[1],
                                               "api-key", "crash-test-key",
                                               "data-dir", argv[2],
                                               "max-request-spacing", 0.02,
                                               "max-request-size", 8192u,
                                               "initial-backoff", 0.05,
                                               "max-backoff", 0.2,
                                               "rescan-interval", 0.1,
                                               NULL);
  if (!scalyr_uploader_add_log (up, argv[3], "crash", NULL, TRUE, &error)
      || !scalyr_uploader_start (up, &error))
    {
      g_printerr ("upload-driver: %s\n", error->message);
      return 1;
    }
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}
