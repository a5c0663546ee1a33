/* An external program built against the installed scalyrmon-upload-1:
 * copies a log file to an addEvents server and prints the number of events
 * the server acknowledged (at most 20 s).
 *   hello-upload URL API_KEY DATA_DIR FILE LINES */
#include <scalyrmon-upload.h>

static gint64
events_sent (ScalyrUploader *up)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);

  return json_object_get_int_member_with_default (json_node_get_object (status), "events_sent", 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrUploader) up = NULL;
  gint64 want, deadline;

  if (argc != 6)
    g_error ("usage: hello-upload URL API_KEY DATA_DIR FILE LINES");
  want = g_ascii_strtoll (argv[5], NULL, 10);
  up = scalyr_uploader_new (argv[1], argv[2], argv[3], &error);
  if (up == NULL || !scalyr_uploader_add_log (up, argv[4], NULL, NULL, TRUE, &error) ||
      !scalyr_uploader_start (up, &error))
    g_error ("%s", error->message);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (events_sent (up) < want && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_print ("%" G_GINT64_FORMAT "\n", events_sent (up));
  scalyr_uploader_stop (up);
  return 0;
}
