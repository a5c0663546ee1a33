/* scalyr-log-reader-private.h: the files of the `logs` entries: globs,
 * new files, rotation and deletion, positions and checkpoints
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-log-file-private.h"

G_BEGIN_DECLS

/* What is read and up to where: the first stage of the uploader's
 * pipeline. It finds the files of its `logs` entries (a rescan every
 * @rescan_interval, sooner in watched directories), resumes them from
 * their checkpoints and hands them, one round robin at a time, to the
 * request builder; an acknowledgement or a failure of the request moves
 * their positions, which it checkpoints. Not thread-safe: used from the
 * main context it was started in. */
typedef struct _ScalyrLogReader ScalyrLogReader;

typedef struct {
  const char *data_dir;                 /* NULL: no checkpoints */
  double      rescan_interval;
  guint64     max_log_offset_size;
  guint64     max_existing_log_offset_size;
  double      log_deletion_delay;
} ScalyrLogReaderOptions;

ScalyrLogReader *scalyr_log_reader_new         (void);
void             scalyr_log_reader_free        (ScalyrLogReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrLogReader, scalyr_log_reader_free)

/* @func(@data) is called when rotated generations of a log pile up (a
 * quarter of SCALYR_LOG_MAX_GENERATIONS wait): they are best read soon. */
void             scalyr_log_reader_set_waiting_func (ScalyrLogReader *reader,
                                                     void           (*func) (gpointer data),
                                                     gpointer         data);

/* Takes @matcher, a `logs` entry. */
void             scalyr_log_reader_add_matcher (ScalyrLogReader *reader,
                                                LogMatcher      *matcher);

/* Creates the data directory and reads its checkpoints. */
gboolean         scalyr_log_reader_open        (ScalyrLogReader              *reader,
                                                const ScalyrLogReaderOptions *options,
                                                ScalyrAgentLogger            *logger,
                                                GError                      **error);
/* Finds the files and watches for new ones from the thread-default main
 * context; writes the first checkpoint. */
void             scalyr_log_reader_start       (ScalyrLogReader *reader);
/* Stops watching; the checkpoint is written by the caller. */
void             scalyr_log_reader_stop        (ScalyrLogReader *reader);

/* A new request: drops the logs that are gone, checks rotation of the
 * others, rewinds them to what is acknowledged. Returns the number of logs,
 * which scalyr_log_reader_get_log() gives in this request's round robin
 * order. */
guint            scalyr_log_reader_begin_request (ScalyrLogReader *reader);
ScalyrLogFile   *scalyr_log_reader_get_log       (ScalyrLogReader *reader,
                                                  guint            k);

/* The request was acknowledged at wall time @now: positions advance.
 * Returns the bytes of the lines sent. */
guint64          scalyr_log_reader_acknowledge   (ScalyrLogReader *reader,
                                                  gint64           now);
/* The request will be built again: positions go back. */
void             scalyr_log_reader_rollback      (ScalyrLogReader *reader);
/* The logs of the request failed with @message. */
void             scalyr_log_reader_set_request_error (ScalyrLogReader *reader,
                                                      const char      *message);
/* Writes checkpoints.json; FALSE without a data directory or on error
 * (logged). */
gboolean         scalyr_log_reader_save_checkpoints (ScalyrLogReader *reader);
/* Adds the "logs" array of scalyr_uploader_get_status() to @jb. */
void             scalyr_log_reader_build_status  (ScalyrLogReader *reader,
                                                  JsonBuilder     *jb);

G_END_DECLS
