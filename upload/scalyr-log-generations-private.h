/* scalyr-log-generations-private.h: the generations of a log: opened as
 * rotation is told, in order, within their bound; found again from a
 * checkpoint; the copy of a copytruncate
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-log-file-private.h"

G_BEGIN_DECLS

/* Opens @path for reading, without blocking (a FIFO), refusing what is
 * not a regular file; -1 with @error (why) and errno if it cannot. */
int      scalyr_log_open_file           (const char *path,
                                         guint64    *ino,
                                         guint64    *size,
                                         GError    **error);

/* A generation of the file @fd (owned), of inode @ino and @size bytes,
 * not yet read. */
ScalyrLogGeneration *scalyr_log_generation_new     (int      fd,
                                                    guint64  ino,
                                                    guint64  size);
void                 scalyr_log_generation_free    (gpointer generation);
/* Its size from its descriptor. */
void                 scalyr_log_generation_refresh (ScalyrLogGeneration *g);

/* The generation @i of @log, oldest first. */
static inline ScalyrLogGeneration *
scalyr_log_file_gen (ScalyrLogFile *log, guint i)
{
  return log->gens->pdata[i];
}

/* Whether @log has a generation of inode @ino (and at which @index). */
gboolean scalyr_log_file_find_gen      (ScalyrLogFile       *log,
                                        guint64              ino,
                                        guint               *index);
/* The index of the generation holding @offset: the last entered whose
 * base is not past it. */
guint    scalyr_log_file_gen_at        (ScalyrLogFile       *log,
                                        guint64              offset);
/* Whether @g may be read: one not known as renamed away (opened at the
 * path) waits while renames are being told, as older generations may
 * still be found through them (GIO tells directory events late, in
 * batches). */
gboolean scalyr_log_file_gen_settled   (ScalyrLogFile       *log,
                                        ScalyrLogGeneration *g);
gboolean             scalyr_log_file_gen_may_leave (ScalyrLogFile       *log,
                                                    guint                i);
/* Bytes skipped: @message as a warning, the last error and the last skip
 * of the status. */
void     scalyr_log_file_skip_message  (ScalyrLogFile       *log,
                                        const char          *message);
/* The generations of checkpoint @cp, found by inode in the directory of
 * the path (@fd the file at the path, whose inode is @ino, of @size
 * bytes): the first from the checkpoint's offset, the others from 0, then
 * the file at the path when it is not one of them. */
void     scalyr_log_file_resume        (ScalyrLogFile          *log,
                                        const ScalyrCheckpoint *cp,
                                        int                     fd,
                                        guint64                 ino,
                                        guint64                 size);
/* copytruncate of the file at the path, generation @i: the bytes not yet
 * read are in a copy, if one is found, which takes its place; the file at
 * the path follows it, from 0. */
void     scalyr_log_file_truncated     (ScalyrLogFile       *log,
                                        guint                i);
/* The file at the path now, as the newest generation if it is new; %NULL
 * if it cannot be opened. */
ScalyrLogGeneration *scalyr_log_file_open_path_gen (ScalyrLogFile *log);

G_END_DECLS
