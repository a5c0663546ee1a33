/* scalyr-proc-df-private.h: what df needs: statvfs() (replaceable by the
 * tests) and the file system types it leaves out (private to the builtin
 * monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <sys/statvfs.h>
#include <glib.h>

G_BEGIN_DECLS

/* ---- df ---- */

/* statvfs() on the real file system; tests replace it to run on fixture
 * trees. Returns 0 or -1 with errno, like statvfs(). */
typedef int (*ScalyrStatvfsFunc) (const char     *path,
                                  struct statvfs *buf);
void scalyr_proc_set_statvfs_func (ScalyrStatvfsFunc func);
int  scalyr_proc_statvfs          (const char     *path,
                                   struct statvfs *buf);

/* TRUE for the pseudo file systems df leaves out (proc, sysfs, cgroup...). */
gboolean scalyr_proc_fstype_is_dummy  (const char *fstype);
/* TRUE for network file systems (left out when local_disks_only). */
gboolean scalyr_proc_mount_is_remote  (const char *fstype,
                                       const char *source);

G_END_DECLS
