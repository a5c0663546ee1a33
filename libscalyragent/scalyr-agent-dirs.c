/* scalyr-agent-dirs.c: the agent's own directories (agent_log_path,
 * agent_data_path), created and checked like OpenSSH's StrictModes
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <scalyrmon.h>

#include "scalyr-agent.h"
#include "scalyr-agent-dirs-private.h"
#include "scalyr-i18n-private.h"

/* An agent running as root writes its logs, pid, status and checkpoints
 * in these directories. If another user could change one of them, or a
 * directory above it, they could swap the agent's files for links to
 * files of their choosing. So each directory from the leaf up to / must
 * be owned by root or by the agent's user, and must not be writable by
 * its group or others, except an ancestor with the sticky bit (/tmp):
 * there nobody can rename or remove what they do not own. The leaf is
 * never accepted world- or group-writable, sticky or not. Both the path
 * as written and the path with its links resolved are checked. */

static char *
user_name (uid_t uid)
{
  struct passwd pw, *found = NULL;
  char buf[1024];

  if (getpwuid_r (uid, &pw, buf, sizeof buf, &found) == 0 && found != NULL)
    return g_strdup_printf ("uid %u (%s)", (guint) uid, found->pw_name);
  return g_strdup_printf ("uid %u", (guint) uid);
}

static gboolean
check_one (const char *path,
           gboolean    leaf,
           const char *dir,
           const char *field,
           uid_t       euid,
           GError    **error)
{
  struct stat st;

  if (stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;   /* created by the agent */
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, _("%s %s: cannot check %s: %s"), field,
                   dir, path, g_strerror (saved));
      return FALSE;
    }
  if (st.st_uid != 0 && st.st_uid != euid)
    {
      g_autofree char *owner = user_name (st.st_uid);
      g_autofree char *self = user_name (euid);

      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES,
                   _("%s %s is unsafe: the directory %s is owned by %s, not by root or the agent's user (%s), "
                     "so that user could replace the agent's files. Fix: chown root %s, or set %s to a "
                     "directory that only root and the agent's user can change"), field, dir, path, owner, self,
                   path, field);
      return FALSE;
    }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (leaf || (st.st_mode & S_ISVTX) == 0))
    {
      gboolean everyone = (st.st_mode & S_IWOTH) != 0;
      gboolean sticky = leaf && (st.st_mode & S_ISVTX) != 0;
      const char *format;

      if (everyone && sticky)
        format = _("%s %s is unsafe: the directory %s (mode %04o) is writable by everyone (the sticky bit is not "
                   "enough for the agent's own directory), so another user could replace the agent's files. "
                   "Fix: chmod go-w %s, or set %s to a directory that only root and the agent's user can change");
      else if (everyone)
        format = _("%s %s is unsafe: the directory %s (mode %04o) is writable by everyone, so another user "
                   "could replace the agent's files. Fix: chmod go-w %s, or set %s to a directory that only "
                   "root and the agent's user can change");
      else if (sticky)
        format = _("%s %s is unsafe: the directory %s (mode %04o) is writable by its group (the sticky bit is "
                   "not enough for the agent's own directory), so another user could replace the agent's files. "
                   "Fix: chmod go-w %s, or set %s to a directory that only root and the agent's user can change");
      else
        format = _("%s %s is unsafe: the directory %s (mode %04o) is writable by its group, so another user "
                   "could replace the agent's files. Fix: chmod go-w %s, or set %s to a directory that only "
                   "root and the agent's user can change");
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, format,
                   field, dir, path, (guint) (st.st_mode & 07777), path, field);
      return FALSE;
    }
  return TRUE;
}

/* @path and every directory above it */
static gboolean
check_walk (const char *path,
            const char *dir,
            const char *field,
            uid_t       agent_uid,
            GError    **error)
{
  g_autofree char *cur = g_strdup (path);
  gboolean leaf = TRUE;

  for (;;)
    {
      char *parent;

      if (!check_one (cur, leaf, dir, field, agent_uid, error))
        return FALSE;
      if (g_str_equal (cur, "/"))
        return TRUE;
      parent = g_path_get_dirname (cur);
      g_free (cur);
      cur = parent;
      leaf = FALSE;
    }
}

/* @dir as the agent running as @agent_uid would take it */
static gboolean
check_as (const char *dir,
          const char *field,
          uid_t       agent_uid,
          GError    **error)
{
  g_autofree char *literal = g_canonicalize_filename (dir, NULL);
  char real[PATH_MAX];

  if (!check_walk (literal, dir, field, agent_uid, error))
    return FALSE;
  if (realpath (literal, real) != NULL && !g_str_equal (real, literal))
    return check_walk (real, dir, field, agent_uid, error);
  return TRUE;
}

gboolean
scalyr_agent_dirs_check (const char *dir,
                         const char *field,
                         GError    **error)
{
  return check_as (dir, field, geteuid (), error);
}

gboolean
scalyr_agent_dirs_prepare (const char *dir,
                           const char *field,
                           GError    **error)
{
  /* checked first too: nothing is created under an unsafe directory */
  if (!scalyr_agent_dirs_check (dir, field, error))
    return FALSE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, _("cannot create the directory %s: %s; "
                     "set agent_log_path and agent_data_path to directories this user can write"),
                   dir, g_strerror (saved));
      return FALSE;
    }
  return scalyr_agent_dirs_check (dir, field, error);
}

static const char * const fields[] = { "agent_log_path", "agent_data_path" };

gboolean
scalyr_agent_dirs_prepare_config (ScalyrAgentConfig *old,
                                  ScalyrAgentConfig *config,
                                  GError           **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *dir = scalyr_agent_config_get_string (config, fields[i]);

      if (old != NULL && g_strcmp0 (dir, scalyr_agent_config_get_string (old, fields[i])) == 0)
        continue;
      if (!scalyr_agent_dirs_prepare (dir, fields[i], error))
        return FALSE;
    }
  return TRUE;
}

void
scalyr_agent_dirs_check_config (ScalyrAgentConfig *config,
                                GString           *problems)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *dir = scalyr_agent_config_get_string (config, fields[i]);
      uid_t agent_uid = geteuid ();
      struct stat st;

      /* root checking the configuration of an agent that runs as the
       * user owning its directory (the package's scalyr): checked for
       * that user, as that agent will check them at its start (and an
       * agent started as root still refuses them) */
      if (agent_uid == 0 && stat (dir, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid != 0)
        agent_uid = st.st_uid;
      if (!check_as (dir, fields[i], agent_uid, &error))
        g_string_append_printf (problems, "%s\n", error->message);
    }
}

gboolean
scalyr_agent_dirs_check_file (const char *path,
                              GError    **error)
{
  g_autoptr(GError) local = NULL;
  int fd = scalyr_safe_file_open (path, O_RDONLY, 0, &local);

  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;
  g_set_error_literal (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, local->message);
  return FALSE;
}
