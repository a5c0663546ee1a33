/* scalyr-proc-df.c: what df needs: statvfs() (replaceable by the
 * tests) and the file system types it leaves out
 * SPDX-License-Identifier: Apache-2.0 */

#include <string.h>

#include "scalyr-proc-df-private.h"

static int
real_statvfs (const char     *path,
              struct statvfs *buf)
{
  return statvfs (path, buf);
}

static ScalyrStatvfsFunc statvfs_func = real_statvfs;

void
scalyr_proc_set_statvfs_func (ScalyrStatvfsFunc func)
{
  statvfs_func = func != NULL ? func : real_statvfs;
}

int
scalyr_proc_statvfs (const char     *path,
                     struct statvfs *buf)
{
  return statvfs_func (path, buf);
}

static gboolean
in_list (const char         *s,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (s, list[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
scalyr_proc_fstype_is_dummy (const char *fstype)
{
  /* df's (gnulib's) dummy types, those df hides because they have no
   * blocks, and devtmpfs, which the reference skips */
  static const char * const dummy[] = {
    "autofs", "proc", "subfs", "debugfs", "devpts", "fusectl", "fuse.portal", "mqueue",
    "rpc_pipefs", "sysfs", "devfs", "kernfs", "ignore", "none", "rootfs", "cgroup", "cgroup2",
    "configfs", "bpf", "tracefs", "securityfs", "pstore", "efivarfs", "binfmt_misc", "nsfs",
    "selinuxfs", "devtmpfs", "hugetlbfs", "fuse.gvfsd-fuse", "fuse.lxcfs",
    NULL
  };

  return in_list (fstype, dummy);
}

gboolean
scalyr_proc_mount_is_remote (const char *fstype,
                             const char *source)
{
  static const char * const remote[] = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "auristorfs", "coda", "ceph",
    "glusterfs", "fuse.glusterfs", "fuse.sshfs", "9p", "lustre", "gfs2", "ocfs2", NULL
  };

  /* gnulib's ME_REMOTE: "host:path" sources, "//host/share" for SMB */
  if (strchr (source, ':') != NULL || strcmp (source, "-hosts") == 0)
    return TRUE;
  return in_list (fstype, remote);
}
