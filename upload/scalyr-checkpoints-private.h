/* scalyr-checkpoints-private.h: checkpoint files (upload-protocol.md §6)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The name of the checkpoint file in the data directory. */
#define SCALYR_CHECKPOINT_FILE "checkpoints.json"

/* A generation after the first of a checkpoint (a file rotated away and
 * not yet read, or the file at the path): read from 0. */
typedef struct {
  guint64  inode;
  guint64  size;          /* last_known_size */
  gboolean is_log_file;
} ScalyrCheckpointFile;

typedef struct {
  char    *path;
  guint64  offset;        /* resume offset in the file of @inode */
  guint64  inode;
  gboolean is_log_file;   /* FALSE: a rotated file, then @path from 0 */
  char    *sequence_id;
  guint64  sequence_number;
  double   time;
  GArray  *more;          /* ScalyrCheckpointFile, oldest first; may be NULL */
} ScalyrCheckpoint;

void scalyr_checkpoint_free (ScalyrCheckpoint *cp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrCheckpoint, scalyr_checkpoint_free)

/* Adds the member @cp->path of checkpoints.json's "checkpoints" object to
 * @jb: the position @cp->offset in a file of @size bytes (last_known_size),
 * then the generations of @cp->more, each a "pending_files" entry. */
void scalyr_checkpoint_build (const ScalyrCheckpoint *cp,
                              guint64                 size,
                              JsonBuilder            *jb);

/* Adds the checkpoints of the text @data (@len bytes) of checkpoint file
 * @name to @out (path -> ScalyrCheckpoint, the newest entry per path);
 * corrupt text is named in @warnings. Never fails. */
void scalyr_checkpoints_parse (GHashTable *out,
                               const char *name,
                               const char *data,
                               gsize       len,
                               GPtrArray  *warnings);

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
