/* scalyr-agent-pid-file.c: the agent's pid file, `<agent_log_path>/agent.pid`,
 * held with an exclusive flock while the agent runs
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-agent-private.h"
#include "scalyr-i18n-private.h"

gboolean
scalyr_agent_take_pid_file (ScalyrAgent *self,
                            GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  int fd;

  fd = scalyr_safe_file_open (self->pid_path, O_RDWR | O_CREAT, 0644, &local);
  if (fd < 0)
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, _("cannot open the pid file: %s"),
                   local->message);
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      char buf[32] = { 0 };
      ssize_t n = read (fd, buf, sizeof buf - 1);
      close (fd);
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_ALREADY_RUNNING,
                   _("another agent is already running with this configuration (pid file %s, pid %s); "
                     "stop it first"), self->pid_path, n > 0 ? g_strstrip (buf) : "?");
      return FALSE;
    }
  text = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || write (fd, text, strlen (text)) != (ssize_t) strlen (text))
    {
      int saved = errno;
      close (fd);
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, _("cannot write the pid file %s: %s"),
                   self->pid_path, g_strerror (saved));
      return FALSE;
    }
  self->pid_fd = fd;
  return TRUE;
}


/* TRUE if an agent holds the lock on @pid_path */
gboolean
scalyr_agent_pid_file_locked (const char *pid_path)
{
  int fd = g_open (pid_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
  gboolean locked;

  if (fd < 0)
    return FALSE;
  locked = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);
  return locked;
}
