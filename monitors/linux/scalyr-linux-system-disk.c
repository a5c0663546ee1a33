/* scalyr-linux-system-disk.c: the disk groups of linux_system_metrics:
 * block devices (iostat.py) and file systems (dfstat.py)
 * SPDX-License-Identifier: Apache-2.0 */

#include <fnmatch.h>
#include <string.h>

#include "scalyr-linux-system-metrics-private.h"

static const char * const disk_fields[11] = {
  "read_requests", "read_merged", "read_sectors", "msec_read", "write_requests", "write_merged",
  "write_sectors", "msec_write", "ios_in_progress", "msec_total", "msec_weighted_total",
};

static const char * const part_fields[4] = {
  "read_issued", "read_sectors", "write_issued", "write_sectors",
};

/* ---- iostat ---- */

static ScalyrExtraFields *
lookup_disk (ScalyrLinuxSystemMetrics *self,
             const char               *name)
{
  ScalyrExtraFields *fields = g_hash_table_lookup (self->disks, name);
  char *dev;

  if (fields != NULL)
    return fields;
  if (g_hash_table_size (self->disks) >= MAX_CACHED_DEVICES)
    g_hash_table_remove_all (self->disks);
  /* the reference replaces slashes (cciss/c0d0) */
  dev = g_strdelimit (g_strdup (name), "/", '_');
  fields = scalyr_linux_system_metrics_fields_new ("dev", dev, NULL, NULL);
  g_free (dev);
  g_hash_table_insert (self->disks, g_strdup (name), fields);
  return fields;
}

gboolean
scalyr_linux_system_metrics_gather_iostat (ScalyrLinuxSystemMetrics *self,
                                           GError                  **error)
{
  ScalyrProcDiskStat disk;
  char *cursor;

  if ((cursor = scalyr_linux_system_metrics_read_file (self, &self->diskstats, FALSE)) == NULL)
    return TRUE;
  while (scalyr_proc_next_diskstat (&cursor, &disk))
    {
      gboolean whole = disk.minor % 16 == 0 && disk.major > 1;
      const char * const *names = disk.n_fields == 11 ? disk_fields : part_fields;
      ScalyrExtraFields *fields;

      /* as the reference: devices that never completed a read (unused
       * loop devices, ram disks...) are left out */
      if (disk.fields[0] == 0)
        continue;
      fields = lookup_disk (self, disk.name);
      for (guint i = 0; i < disk.n_fields; i++)
        {
          g_snprintf (self->name_buf, sizeof self->name_buf, "iostat.%s.%s", whole ? "disk" : "part", names[i]);
          EMIT_UINT (self->name_buf, disk.fields[i], fields);
        }
    }
  return TRUE;
}

/* ---- dfstat ---- */

static gboolean
mount_is_ignored (ScalyrLinuxSystemMetrics *self,
                  const char               *mount_point)
{
  /* the reference's dfstat leaves these out whatever the configuration */
  if (strcmp (mount_point, "/dev") == 0 || g_str_has_prefix (mount_point, "/dev/") ||
      g_str_has_prefix (mount_point, "/lib/"))
    return TRUE;
  for (guint i = 0; self->ignore_mounts != NULL && self->ignore_mounts[i] != NULL; i++)
    if (fnmatch (self->ignore_mounts[i], mount_point, 0) == 0)
      return TRUE;
  return FALSE;
}

static ScalyrExtraFields *
lookup_mount (ScalyrLinuxSystemMetrics *self,
              const char               *mount_point,
              const char               *fstype)
{
  ScalyrExtraFields *fields;

  g_string_assign (self->key, mount_point);
  g_string_append_c (self->key, '\n');
  g_string_append (self->key, fstype);
  fields = g_hash_table_lookup (self->mounts, self->key->str);
  if (fields != NULL)
    return fields;
  if (g_hash_table_size (self->mounts) >= MAX_CACHED_DEVICES)
    g_hash_table_remove_all (self->mounts);
  fields = scalyr_linux_system_metrics_fields_new ("mount", mount_point, "fstype", fstype);
  g_hash_table_insert (self->mounts, g_strdup (self->key->str), fields);
  return fields;
}

static guint64
kib_ceil (guint64 count,
          guint64 unit)
{
  /* df rounds sizes up; count * unit may not fit in 64 bits */
  if (unit >= 1024 && unit % 1024 == 0)
    return count * (unit / 1024);
  return (count / 1024) * unit + ((count % 1024) * unit + 1023) / 1024;
}

gboolean
scalyr_linux_system_metrics_gather_dfstat (ScalyrLinuxSystemMetrics *self,
                                           GError                  **error)
{
  ScalyrProcMount mount;
  char *cursor;

  if ((cursor = scalyr_linux_system_metrics_read_file (self, &self->mountinfo, FALSE)) == NULL)
    return TRUE;
  g_array_set_size (self->df, 0);
  while (scalyr_proc_next_mount (&cursor, &mount))
    {
      gboolean replaced = FALSE;
      DfEntry entry = { 0 };

      if (scalyr_proc_fstype_is_dummy (mount.fstype))
        continue;
      if (self->local_disks_only && scalyr_proc_mount_is_remote (mount.fstype, mount.source))
        continue;
      /* like df: one line per device (bind mounts), the shortest mount
       * point wins; a mount point mounted over shows the last mount */
      for (guint i = 0; i < self->df->len; i++)
        {
          DfEntry *e = &g_array_index (self->df, DfEntry, i);

          if (e->major == mount.major && e->minor == mount.minor &&
              !(mount.major == 0 && strcmp (mount.fstype, e->fstype) != 0))
            {
              if (strlen (mount.mount_point) < strlen (e->mount_point))
                {
                  e->mount_point = mount.mount_point;
                  e->fstype = mount.fstype;
                }
              replaced = TRUE;
              break;
            }
          if (strcmp (e->mount_point, mount.mount_point) == 0)
            {
              e->major = mount.major;
              e->minor = mount.minor;
              e->fstype = mount.fstype;
              replaced = TRUE;
              break;
            }
        }
      if (replaced)
        continue;
      entry.mount_point = mount.mount_point;
      entry.fstype = mount.fstype;
      entry.major = mount.major;
      entry.minor = mount.minor;
      g_array_append_val (self->df, entry);
    }

  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);
      struct statvfs st;
      guint64 unit;

      e->fields = NULL;
      if (mount_is_ignored (self, e->mount_point))
        continue;
      /* mounts that went away since mountinfo was read are skipped */
      if (scalyr_proc_statvfs (e->mount_point, &st) != 0 || st.f_blocks == 0)
        continue;
      unit = st.f_frsize != 0 ? st.f_frsize : st.f_bsize;
      e->blocks = kib_ceil (st.f_blocks, unit);
      e->used = kib_ceil (st.f_blocks - MIN (st.f_bfree, st.f_blocks), unit);
      e->avail = kib_ceil (st.f_bavail, unit);
      e->files = st.f_files;
      e->files_free = st.f_ffree;
      e->files_used = st.f_files - MIN (st.f_ffree, st.f_files);
      e->fields = lookup_mount (self, e->mount_point, e->fstype);
    }
  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);

      if (e->fields == NULL)
        continue;
      EMIT_UINT ("df.1kblocks.total", e->blocks, e->fields);
      EMIT_UINT ("df.1kblocks.used", e->used, e->fields);
      EMIT_UINT ("df.1kblocks.free", e->avail, e->fields);
    }
  for (guint i = 0; i < self->df->len; i++)
    {
      DfEntry *e = &g_array_index (self->df, DfEntry, i);

      if (e->fields == NULL)
        continue;
      EMIT_UINT ("df.inodes.total", e->files, e->fields);
      EMIT_UINT ("df.inodes.used", e->files_used, e->fields);
      EMIT_UINT ("df.inodes.free", e->files_free, e->fields);
    }
  return TRUE;
}
