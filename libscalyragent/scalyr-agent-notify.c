/* scalyr-agent-notify.c: the service manager's notification protocol
 * (sd_notify(3): datagrams of "KEY=value" lines to $NOTIFY_SOCKET) and its
 * watchdog, without libsystemd
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "scalyr-agent-notify-private.h"
#include "scalyr-i18n-private.h"

struct _ScalyrAgentNotify
{
  int fd;
  struct sockaddr_un address;
  socklen_t address_len;
  char *socket_name;          /* as $NOTIFY_SOCKET gave it, for messages */
  guint64 watchdog_usec;      /* 0: no watchdog */
  gint64 last_watchdog_us;    /* monotonic; 0 before the first */
  char *last_status;
  char *failure;              /* the first failure to send, until taken */
  gboolean failed;            /* a failure was seen (later ones are silent) */
};

static guint64
watchdog_from_environment (void)
{
  const char *usec = g_getenv ("WATCHDOG_USEC");
  const char *pid = g_getenv ("WATCHDOG_PID");
  guint64 value = 0, watchdog_pid = 0;

  if (usec == NULL || !g_ascii_string_to_unsigned (usec, 10, 1, G_MAXUINT64, &value, NULL))
    return 0;
  /* the watchdog is another process's when WATCHDOG_PID names it */
  if (pid != NULL && (!g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &watchdog_pid, NULL) ||
                      watchdog_pid != (guint64) getpid ()))
    return 0;
  return value;
}

ScalyrAgentNotify *
scalyr_agent_notify_new_from_environment (char **problem)
{
  const char *name = g_getenv ("NOTIFY_SOCKET");
  g_autofree char *socket_name = g_strdup (name);
  guint64 watchdog_usec = watchdog_from_environment ();
  ScalyrAgentNotify *self;
  size_t len;

  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
  if (socket_name == NULL)
    return NULL;
  len = strlen (socket_name);
  /* a path or an abstract name, not vsock: (a VM's manager); a path's
   * terminating NUL must fit too, an abstract name's '@' is its leading NUL */
  if ((socket_name[0] != '/' && socket_name[0] != '@') || len < 2 ||
      len + (socket_name[0] == '/') > sizeof (((struct sockaddr_un *) NULL)->sun_path))
    {
      *problem = g_strdup_printf (_("NOTIFY_SOCKET=%s is not a unix socket path or abstract name (@name) this "
                                    "agent can use: the service manager is not told when the agent is ready"),
                                  socket_name);
      return NULL;
    }

  self = g_new0 (ScalyrAgentNotify, 1);
  self->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  self->address.sun_family = AF_UNIX;
  memcpy (self->address.sun_path, socket_name, len);
  if (socket_name[0] == '@')
    self->address.sun_path[0] = '\0';   /* abstract: no terminating NUL counts */
  self->address_len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + len + (socket_name[0] == '/'));
  self->socket_name = g_steal_pointer (&socket_name);
  self->watchdog_usec = watchdog_usec;
  if (self->fd < 0)
    {
      self->failed = TRUE;
      self->failure = g_strdup_printf (_("Cannot notify the service manager at %s: %s"),
                                       self->socket_name, g_strerror (errno));
    }
  return self;
}

void
scalyr_agent_notify_free (ScalyrAgentNotify *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->socket_name);
  g_free (self->last_status);
  g_free (self->failure);
  g_free (self);
}

gboolean
scalyr_agent_notify_send (ScalyrAgentNotify *self,
                          const char        *message)
{
  ssize_t sent;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->fd < 0)
    return FALSE;
  do
    sent = sendto (self->fd, message, strlen (message), MSG_NOSIGNAL | MSG_DONTWAIT,
                   (struct sockaddr *) &self->address, self->address_len);
  while (sent < 0 && errno == EINTR);
  if (sent >= 0)
    return TRUE;
  if (!self->failed)
    {
      int saved = errno;

      self->failed = TRUE;
      self->failure = g_strdup_printf (_("Cannot notify the service manager at %s: %s"),
                                       self->socket_name, g_strerror (saved));
    }
  return FALSE;
}

char *
scalyr_agent_notify_take_failure (ScalyrAgentNotify *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_steal_pointer (&self->failure);
}

void
scalyr_agent_notify_status (ScalyrAgentNotify *self,
                            const char        *status)
{
  g_autofree char *message = NULL;

  g_return_if_fail (self != NULL);
  if (g_strcmp0 (self->last_status, status) == 0)
    return;
  message = g_strconcat ("STATUS=", status, NULL);
  if (scalyr_agent_notify_send (self, message))
    {
      g_free (self->last_status);
      self->last_status = g_strdup (status);
    }
}

void
scalyr_agent_notify_reloading (ScalyrAgentNotify *self)
{
  g_autofree char *message = NULL;

  g_return_if_fail (self != NULL);
  /* CLOCK_MONOTONIC, as g_get_monotonic_time() on Linux */
  message = g_strdup_printf ("RELOADING=1\nMONOTONIC_USEC=%" G_GINT64_FORMAT, g_get_monotonic_time ());
  scalyr_agent_notify_send (self, message);
}

void
scalyr_agent_notify_watchdog (ScalyrAgentNotify *self,
                              gint64             now_us)
{
  g_return_if_fail (self != NULL);
  if (self->watchdog_usec == 0)
    return;
  if (self->last_watchdog_us != 0 && (guint64) (now_us - self->last_watchdog_us) < self->watchdog_usec / 2)
    return;
  self->last_watchdog_us = now_us;
  scalyr_agent_notify_send (self, "WATCHDOG=1");
}

gint64
scalyr_agent_notify_get_next_watchdog_time (ScalyrAgentNotify *self)
{
  g_return_val_if_fail (self != NULL, G_MAXINT64);
  if (self->watchdog_usec == 0)
    return G_MAXINT64;
  if (self->last_watchdog_us == 0)
    return 0;
  return self->last_watchdog_us + (gint64) MIN (self->watchdog_usec / 2, (guint64) G_MAXINT64 / 4);
}

guint64
scalyr_agent_notify_get_watchdog_usec (ScalyrAgentNotify *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->watchdog_usec;
}
