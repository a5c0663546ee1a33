/* scalyr-log-file-private.h: one file being copied: its descriptor, what is
 * acknowledged and what is read into the request, rotation
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>
#include "scalyr-checkpoints-private.h"
#include "scalyr-log-matcher-private.h"

G_BEGIN_DECLS

/* The most generations (files rotated away, and the file at the path) a
 * log keeps open; past it the oldest not yet read is skipped (warned,
 * counted in the status). */
#define SCALYR_LOG_MAX_GENERATIONS 32
/* How long after a rename event the file at the path waits to be read
 * (microseconds): renames of older generations may still be told. */
#define SCALYR_LOG_RENAME_SETTLE (G_USEC_PER_SEC / 2)

/* One generation of a log: a file that is, or was, at the log's path,
 * open until it is read to its end and acknowledged. Offsets of a log are
 * virtual: the generations one after the other, @base the offset of a
 * generation's first byte once reading reached it (@entered); from then
 * on the size of the one before is final. */
typedef struct {
  int      fd;
  guint64  ino;
  guint64  base;
  guint64  size;       /* last known size */
  gboolean entered;
  gboolean claimed;    /* found by a directory event */
  gboolean renamed;    /* a directory event told it was renamed away */
} ScalyrLogGeneration;

/* A file matched by a `logs` entry. The log reader opens and drops them;
 * the request builder reads lines from @read on and moves @read; an
 * acknowledgement moves @mark to @read, a failure @read back to @mark.
 * @gens: oldest first; the first holds @mark, the last is the file at the
 * path (or was, until it was deleted or renamed without a successor).
 * Not thread-safe: used from the uploader's main context. */
typedef struct {
  guint       id;
  char       *id_str;
  char       *path;
  LogMatcher *matcher;        /* owned by the reader */
  ScalyrAgentLogger *logger;
  char       *attrs_json;     /* members of attrs, each followed by a comma */
  char       *table_logs;     /* {"id":..,"attrs":{..}} */
  char       *table_threads;  /* {"id":..,"name":..} */
  GPtrArray  *gens;           /* ScalyrLogGeneration */
  guint64     mark;           /* acknowledged (virtual) offset */
  guint64     read;           /* offset up to which lines are in the request */
  guint64     event_end;      /* offset of the end of its last event in the request */
  char       *si;
  guint64     sn_mark;
  guint64     partial_at;     /* offset of a partial last line ... */
  gint64      partial_since;  /* ... seen since (monotonic us), 0 none */
  gint64      missing_since;  /* path absent since (monotonic us), 0 present */
  gint64      last_success;   /* wall us */
  guint64     skipped_bytes;
  guint64     generations_skipped;   /* past the bound, gone before read */
  char       *last_skipped;          /* the warning of the last bytes skipped */
  guint       creations;             /* files created at the path (directory events) */
  guint       claimed;               /* ... of which a generation was opened */
  guint       lost_reported;
  gint64      last_event;            /* monotonic us of the last directory event */
  gint64      last_rename;           /* ... of the last rename away */
  guint64     invalid_utf8;
  guint64     bytes_read;             /* read and acknowledged in this run */
  guint64     rotations;              /* new files at the path and truncations seen in this run */
  /* redaction_rules/sampling_rules: counted when the request is acknowledged. */
  guint64     lines_redacted, pending_redacted;
  guint64     lines_sampled_out, pending_sampled_out;
  guint64     bytes_sampled_out, pending_sampled_out_bytes;
  guint64     pending_unsent_bytes;   /* lines without an event: not charged to max-send-rate */
  gboolean    rule_error_logged;
  char       *last_error;
  gboolean    in_request;
  ScalyrLineParser *line_parser;   /* parse_format json/cri */
  gint64      parse_warned_at;     /* monotonic us */
  guint       parse_unlogged;      /* unparsed lines not yet in a warning */
} ScalyrLogFile;

/* Opens @path (a regular file) as log @id of @matcher: from @cp when there
 * is one (finishing the generations rotated meanwhile, found by inode),
 * else from its end or, with @from_start, its start; @max_offset skips a
 * backlog larger than that. %NULL with @error (the reason) if it cannot be
 * opened. */
ScalyrLogFile *scalyr_log_file_open  (guint                   id,
                                      const char             *path,
                                      LogMatcher             *matcher,
                                      const ScalyrCheckpoint *cp,
                                      gboolean                from_start,
                                      guint64                 max_offset,
                                      ScalyrAgentLogger      *logger,
                                      GError                **error);
void           scalyr_log_file_free  (ScalyrLogFile          *log);

void     scalyr_log_file_set_error       (ScalyrLogFile *log,
                                          const char    *message);
/* A directory event: a file was created at the path (or moved or renamed
 * there); the new generation is opened now, before it can be rotated
 * away. */
void     scalyr_log_file_notice_created  (ScalyrLogFile *log);
/* A directory event: the file at the path was renamed to @new_path; a
 * generation not yet open is opened there, in its place before the file
 * now at the path. */
void     scalyr_log_file_notice_renamed  (ScalyrLogFile *log,
                                          const char    *new_path);
/* Warns of files created at the path and deleted (or moved out) before they
 * could be opened, once the directory events have settled. */
void     scalyr_log_file_check_lost      (ScalyrLogFile *log);
/* The unacknowledged bytes of all its generations. */
guint64  scalyr_log_file_get_pending     (ScalyrLogFile *log);
/* Skips to the end when more than @limit bytes are unacknowledged. */
void     scalyr_log_file_skip_if_too_far (ScalyrLogFile *log,
                                          guint64        limit);
/* Rotation, truncation and deletion; called when the log has nothing in
 * the request (read == mark). Returns FALSE if the log is to be dropped
 * (deleted, fully acknowledged, gone for @deletion_delay seconds). */
gboolean scalyr_log_file_check           (ScalyrLogFile *log,
                                          double         deletion_delay);
/* An ignore_stale_files log fully acknowledged and not written for the
 * threshold: the checkpoint to keep for when it is written again; %NULL
 * if @log stays open. */
ScalyrCheckpoint *scalyr_log_file_close_if_stale (ScalyrLogFile *log);
/* Adds the checkpoint of what is acknowledged (each generation from the
 * mark on, by inode) to @jb. */
void     scalyr_log_file_build_checkpoint (ScalyrLogFile *log,
                                           double         time,
                                           JsonBuilder   *jb);

/* A new request: nothing of @log in it. */
void     scalyr_log_file_begin_request   (ScalyrLogFile *log);
/* Reads up to @page bytes at the read position into @buf, all of one
 * generation (at the end of one, reading goes on in the next): the count,
 * or 0 at the end of the last or on an error (recorded as the last error). */
gssize   scalyr_log_file_read_page       (ScalyrLogFile *log,
                                          char          *buf,
                                          gsize          page);
/* A partial last line (or group, or cri message) at @read: whether to keep
 * waiting for its end (@wait seconds from when it was first seen there;
 * not at the end of a generation rotated away). */
gboolean scalyr_log_file_partial_waits   (ScalyrLogFile *log,
                                          double         wait);
/* The request is acknowledged at wall time @now: @mark moves to @read,
 * the counters of the rules are added. Returns the bytes of the lines
 * sent (those with an event). */
guint64  scalyr_log_file_acknowledge     (ScalyrLogFile *log,
                                          gint64         now);
/* The request is abandoned: its lines will be read again. */
void     scalyr_log_file_rollback        (ScalyrLogFile *log);
/* Its member of the "logs" array of scalyr_uploader_get_status(). */
void     scalyr_log_file_build_status    (ScalyrLogFile *log,
                                          JsonBuilder   *jb);

G_END_DECLS
