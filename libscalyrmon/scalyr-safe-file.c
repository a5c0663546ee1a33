/* scalyr-safe-file.c: opening and replacing the files the agent writes,
 * never through a link, never a FIFO or a device
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "scalyr-safe-file.h"
#include "scalyr-i18n-private.h"

/* The files an agent running as root writes (its logs, status, pid and
 * checkpoint files) live in directories a local user may know the name
 * of: a link planted there must not make the agent write elsewhere, and a
 * FIFO must not block it. So these files are opened with O_NOFOLLOW and
 * O_NONBLOCK (cleared once open), and anything but a regular file is
 * refused with an error naming the path, what is there and the fix. */

static const char *
describe_mode (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a directory");
  if (S_ISFIFO (mode))
    return _("a FIFO (named pipe)");
  if (S_ISSOCK (mode))
    return _("a socket");
  if (S_ISCHR (mode))
    return _("a character device");
  if (S_ISBLK (mode))
    return _("a block device");
  if (S_ISLNK (mode))
    return _("a symbolic link");
  return _("not a regular file");
}

static void
set_not_regular (GError    **error,
                 const char *path,
                 const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               /* TRANSLATORS: the second %s is one of "a directory", "a FIFO (named pipe)", ... */
               _("refusing to write %s: it is %s, not a regular file (the agent never writes through links "
                 "or to pipes or devices); remove it (the file is created afresh) and keep its directory "
                 "writable only by root and the agent's user"), path, what);
}

/* after a failed open: what is at @path, if that explains it */
static void
set_open_error (GError    **error,
                const char *path,
                int         saved_errno)
{
  struct stat st;

  if ((saved_errno == ELOOP || saved_errno == ENXIO || saved_errno == EISDIR || saved_errno == EMLINK)
      && lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      set_not_regular (error, path, describe_mode (st.st_mode));
      return;
    }
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("cannot open %s: %s"), path, g_strerror (saved_errno));
}

/**
 * scalyr_safe_file_open:
 * @path: (type filename): the file
 * @flags: open(2) flags (`O_WRONLY | O_APPEND | O_CREAT`...)
 * @mode: the permissions of a created file
 * @error: return location for a #GError
 *
 * Opens a file the agent writes the way a root daemon must: adds
 * `O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK` to @flags (a symbolic link at
 * @path is refused, a FIFO does not block), checks with fstat(2) that the
 * result is a regular file, then clears `O_NONBLOCK` unless @flags has
 * it. Only the last component of @path is protected: the directories
 * above it must be safe (see the agent's StrictModes check). It may be
 * called from any thread.
 *
 * Errors are in the %G_IO_ERROR domain; a link, FIFO, directory, socket or
 * device at @path is %G_IO_ERROR_NOT_REGULAR_FILE with a message naming
 * the path, what is there and the fix.
 *
 * Returns: the file descriptor, or -1 with @error set
 *
 * Since: 0.2
 */
int
scalyr_safe_file_open (const char *path,
                       int         flags,
                       int         mode,
                       GError    **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, -1);

  do
    fd = open (path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, (mode_t) mode);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_open_error (error, path, errno);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot stat %s: %s"), path,
                   g_strerror (saved));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_regular (error, path, describe_mode (st.st_mode));
      return -1;
    }
  if ((flags & O_NONBLOCK) == 0)
    {
      int fl = fcntl (fd, F_GETFL);
      if (fl >= 0)
        (void) fcntl (fd, F_SETFL, fl & ~O_NONBLOCK);
    }
  return fd;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  for (gsize done = 0; done < len;)
    {
      ssize_t n = write (fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

/**
 * scalyr_safe_file_replace:
 * @path: (type filename): the file to replace
 * @contents: (array length=length) (element-type guint8): the new contents
 * @length: the length of @contents, or -1 if it is nul-terminated
 * @mode: the permissions of the new file
 * @durable: %TRUE to fsync(2) the file and its directory (for checkpoints)
 * @error: return location for a #GError
 *
 * Replaces @path atomically: writes `@path~`, created afresh with
 * `O_CREAT | O_EXCL | O_NOFOLLOW` (a stale one is removed first, a link
 * planted there is never followed), then renames it over @path. Something
 * other than a regular file at @path (a link, a FIFO...) is refused as
 * scalyr_safe_file_open() refuses it, and left untouched.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
scalyr_safe_file_replace (const char *path,
                          const char *contents,
                          gssize      length,
                          int         mode,
                          gboolean    durable,
                          GError    **error)
{
  g_autofree char *tmp = NULL;
  gsize len;
  struct stat st;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  len = length < 0 ? strlen (contents) : (gsize) length;
  if (lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      set_not_regular (error, path, describe_mode (st.st_mode));
      return FALSE;
    }
  tmp = g_strconcat (path, "~", NULL);
  if (unlink (tmp) != 0 && errno != ENOENT)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot remove the stale %s: %s"),
                   tmp, g_strerror (saved));
      return FALSE;
    }
  fd = scalyr_safe_file_open (tmp, O_WRONLY | O_CREAT | O_EXCL, mode, error);
  if (fd < 0)
    return FALSE;
  if (!write_all (fd, contents, len) || (durable && fsync (fd) != 0))
    {
      saved = errno;
      close (fd);
      goto fail;
    }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    {
      saved = errno;
      goto fail;
    }
  if (durable)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0)
        {
          (void) fsync (dfd);
          close (dfd);
        }
    }
  return TRUE;

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot write %s: %s"), path,
               g_strerror (saved));
  (void) unlink (tmp);
  return FALSE;
}

/**
 * scalyr_safe_file_check_regular:
 * @path: (type filename): a file to read
 * @error: return location for a #GError
 *
 * Checks, without opening it, that @path is a regular file or a link to
 * one; otherwise says what it is: "a dangling symbolic link", "a symbolic
 * link loop", "a directory", "a FIFO (named pipe)"...
 *
 * Returns: %TRUE if @path is a regular file (links followed)
 *
 * Since: 0.2
 */
gboolean
scalyr_safe_file_check_regular (const char *path,
                                GError    **error)
{
  struct stat st;
  const char *what;

  g_return_val_if_fail (path != NULL, FALSE);

  if (stat (path, &st) == 0)
    {
      if (S_ISREG (st.st_mode))
        return TRUE;
      what = describe_mode (st.st_mode);
    }
  else
    {
      int saved = errno;
      struct stat lst;

      if (lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
        what = saved == ELOOP    ? _("a symbolic link loop")
               : saved == ENOENT ? _("a dangling symbolic link")
                                 : _("a symbolic link that cannot be followed");
      else
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s is %s, not a regular file"), path, what);
  return FALSE;
}
