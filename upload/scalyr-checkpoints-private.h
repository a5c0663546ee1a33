/* scalyr-checkpoints-private.h: checkpoint files (upload-protocol.md §6)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The name of the checkpoint file in the data directory. */
#define SCALYR_CHECKPOINT_FILE "checkpoints.json"

typedef struct {
  char    *path;
  guint64  offset;        /* resume offset in the file of @inode */
  guint64  inode;
  gboolean is_log_file;   /* FALSE: a rotated file, then @path from 0 */
  char    *sequence_id;
  guint64  sequence_number;
  double   time;
} ScalyrCheckpoint;

void scalyr_checkpoint_free (ScalyrCheckpoint *cp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrCheckpoint, scalyr_checkpoint_free)

/* Adds the member @cp->path of checkpoints.json's "checkpoints" object to
 * @jb: the position @cp->offset in a file of @size bytes (last_known_size). */
void scalyr_checkpoint_build (const ScalyrCheckpoint *cp,
                              guint64                 size,
                              JsonBuilder            *jb);

/* Reads checkpoints.json and the worker files of the reference in @dir:
 * path -> ScalyrCheckpoint, the newest entry per path. Unreadable or
 * corrupt files are skipped (and named in @warnings). */
GHashTable *scalyr_checkpoints_load (const char *dir,
                                     GPtrArray  *warnings);

/* Writes @json to @dir/@name atomically: temp file, fsync, rename, fsync
 * of the directory. */
gboolean scalyr_checkpoints_write_file (const char  *dir,
                                        const char  *name,
                                        const char  *json,
                                        GError     **error);

G_END_DECLS
