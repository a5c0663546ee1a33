/* scalyr-agent-config-read.c: a configuration file's text, bounded in size
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-agent-config-read-private.h"
#include "scalyr-i18n-private.h"

static gboolean
too_large (GError **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
               _("it is larger than %u MiB, the most a configuration file may hold; "
                 "split it into agent.d fragments or remove what it does not need"),
               SCALYR_AGENT_CONFIG_MAX_FILE_SIZE / (1024 * 1024));
  return FALSE;
}

/* Reads @path whole, like g_file_get_contents(), but refuses a file of more
 * than SCALYR_AGENT_CONFIG_MAX_FILE_SIZE bytes before reading it (a file
 * growing while read is cut off at the limit and refused too), so that a
 * huge file cannot take the agent's memory; and anything but a regular file
 * (a FIFO would block the read forever, a link to /dev/zero never end it),
 * opened without blocking to find out. */
gboolean
scalyr_agent_config_read_text (const char  *path,
                               char       **text,
                               gsize       *length,
                               GError     **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st = { 0 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Failed to open file “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s is not a regular file"), path);
      return FALSE;
    }
  if (st.st_size > SCALYR_AGENT_CONFIG_MAX_FILE_SIZE)
    {
      close (fd);
      return too_large (error);
    }
  (void) fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  buffer = g_byte_array_sized_new ((guint) st.st_size + 1);
  for (;;)
    {
      guint8 chunk[8192];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Failed to read from file “%s”: %s"),
                       path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > SCALYR_AGENT_CONFIG_MAX_FILE_SIZE)
        {
          close (fd);
          return too_large (error);
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }
  close (fd);
  *length = buffer->len;
  g_byte_array_append (buffer, (const guint8 *) "", 1);
  *text = (char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE);
  return TRUE;
}
