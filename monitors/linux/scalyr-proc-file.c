/* scalyr-proc-file.c: /proc and /sys files read again and again, into a
 * reused buffer
 * SPDX-License-Identifier: Apache-2.0 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "scalyr-proc-file-private.h"

void
scalyr_proc_buffer_clear (ScalyrProcBuffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
  buffer->size = 0;
}

void
scalyr_proc_file_init (ScalyrProcFile   *file,
                       const char       *path,
                       gboolean          keep_open,
                       ScalyrProcBuffer *buffer)
{
  memset (file, 0, sizeof *file);
  file->path = g_strdup (path);
  file->fd = -1;
  file->keep_open = keep_open;
  file->buffer = buffer;
}

void
scalyr_proc_file_close (ScalyrProcFile *file)
{
  if (file->fd >= 0)
    {
      close (file->fd);
      file->fd = -1;
    }
}

void
scalyr_proc_file_clear (ScalyrProcFile *file)
{
  scalyr_proc_file_close (file);
  g_clear_pointer (&file->path, g_free);
  file->len = 0;
}

/* Reads @fd from offset 0 to the end into *@buf; -1 with errno on failure. */
static gssize
read_all (int               fd,
          ScalyrProcBuffer *buffer)
{
  char **buf = &buffer->data;
  gsize *size = &buffer->size;
  gsize off = 0;

  if (*buf == NULL)
    {
      *size = 4096;
      *buf = g_malloc (*size);
    }
  for (;;)
    {
      ssize_t n;

      if (off + 1 >= *size)
        {
          if (*size >= SCALYR_PROC_FILE_MAX_SIZE)
            break;  /* bounded: parse what fits */
          *size *= 2;
          *buf = g_realloc (*buf, *size);
        }
      n = pread (fd, *buf + off, *size - 1 - off, (off_t) off);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (n == 0)
        break;
      off += (gsize) n;
    }
  (*buf)[off] = '\0';
  return (gssize) off;
}

char *
scalyr_proc_file_read (ScalyrProcFile *file,
                       int             root_fd)
{
  gssize n;

  if (file->fd < 0)
    {
      file->fd = openat (root_fd, file->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
      if (file->fd < 0)
        {
          file->last_errno = errno;
          return NULL;
        }
    }
  n = read_all (file->fd, file->buffer);
  if (n < 0)
    {
      file->last_errno = errno;
      /* the file may be stale (a process that exited, a device that went
       * away): open it again next time */
      scalyr_proc_file_close (file);
      return NULL;
    }
  file->len = (gsize) n;
  file->last_errno = 0;
  if (!file->keep_open)
    scalyr_proc_file_close (file);
  return file->buffer->data;
}

char *
scalyr_proc_read_path (int               root_fd,
                       const char       *path,
                       ScalyrProcBuffer *buffer,
                       gsize            *len)
{
  int fd = openat (root_fd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  gssize n;
  int errsv;

  if (fd < 0)
    return NULL;
  n = read_all (fd, buffer);
  errsv = errno;
  close (fd);
  if (n < 0)
    {
      errno = errsv;
      return NULL;
    }
  *len = (gsize) n;
  return buffer->data;
}
