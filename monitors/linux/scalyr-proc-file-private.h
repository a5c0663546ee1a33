/* scalyr-proc-file-private.h: /proc and /sys files read again and again,
 * into a reused buffer (private to the builtin monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- files read again and again ----
 *
 * A ScalyrProcFile is one file under a root directory (the proc or sys
 * root), opened once and kept open: each read is a pread() from offset 0
 * into a ScalyrProcBuffer that is reused and only grows (up to
 * SCALYR_PROC_FILE_MAX_SIZE). All the files of a monitor share one buffer:
 * each is parsed before the next is read. The text is NUL-terminated and
 * may be modified in place by the parsers below (they cut it into lines
 * and tokens). */

#define SCALYR_PROC_FILE_MAX_SIZE (16 * 1024 * 1024)

typedef struct {
  char *data;
  gsize size;          /* allocated */
} ScalyrProcBuffer;

void  scalyr_proc_buffer_clear (ScalyrProcBuffer *buffer);

typedef struct {
  char *path;          /* relative to the root directory */
  int fd;              /* -1 when closed */
  ScalyrProcBuffer *buffer;  /* not owned */
  gsize len;           /* of the last read */
  gboolean keep_open;  /* FALSE: closed after each read (files of processes that come and go) */
  int last_errno;      /* errno of the last failed read, 0 after a good one */
  gboolean reported;   /* the monitor said once that the file is unavailable */
} ScalyrProcFile;

void  scalyr_proc_file_init   (ScalyrProcFile   *file,
                               const char       *path,
                               gboolean          keep_open,
                               ScalyrProcBuffer *buffer);
void  scalyr_proc_file_close  (ScalyrProcFile *file);
void  scalyr_proc_file_clear  (ScalyrProcFile *file);
/* Reads the whole file relative to @root_fd; returns the NUL-terminated
 * text (owned by @file, valid until the next read), or NULL with
 * file->last_errno set. */
char *scalyr_proc_file_read   (ScalyrProcFile *file,
                               int             root_fd);

/* Reads the whole file @path under @root_fd (opened and closed at once)
 * into @buffer; returns the NUL-terminated text, or NULL with errno set. */
char *scalyr_proc_read_path   (int               root_fd,
                               const char       *path,
                               ScalyrProcBuffer *buffer,
                               gsize            *len);

G_END_DECLS
