/* scalyr-fd-buffer.c: buffered writes to a file descriptor, shared by the sinks
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <gio/gio.h>

#include "scalyr-fd-buffer-private.h"

void
scalyr_fd_buffer_init (ScalyrFdBuffer *self,
                       int             fd)
{
  self->fd = fd;
  self->buf = g_string_sized_new (4096);
}

void
scalyr_fd_buffer_clear (ScalyrFdBuffer *self)
{
  if (self->buf != NULL)
    g_string_free (self->buf, TRUE);
  self->buf = NULL;
}

gboolean
scalyr_fd_buffer_flush (ScalyrFdBuffer *self,
                        GError        **error)
{
  gsize done = 0;

  while (done < self->buf->len)
    {
      ssize_t n = write (self->fd, self->buf->str + done, self->buf->len - done);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_string_erase (self->buf, 0, (gssize) done);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "%s", g_strerror (saved_errno));
          return FALSE;
        }
      done += (gsize) n;
    }
  g_string_truncate (self->buf, 0);
  return TRUE;
}

gboolean
scalyr_fd_buffer_append (ScalyrFdBuffer *self,
                         const char     *data,
                         gsize           len,
                         GError        **error)
{
  g_string_append_len (self->buf, data, (gssize) len);
  if (self->buf->len >= SCALYR_FD_BUFFER_MAX)
    return scalyr_fd_buffer_flush (self, error);
  return TRUE;
}
