/* upload-test-fixture.h: the fixture of the uploader tests
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-upload-private.h"
#include "mock-addevents.h"

G_BEGIN_DECLS

#define TOKEN "secret-api-key-0123456789"

/* A sink capturing the uploader's diagnostics. */
#define CAPTURE_TYPE_SINK (capture_sink_get_type ())
G_DECLARE_FINAL_TYPE (CaptureSink, capture_sink, CAPTURE, SINK, ScalyrLogSink)
struct _CaptureSink { ScalyrLogSink parent_instance; GString *data; };

typedef struct {
  char              *dir;
  char              *data_dir;
  MockServer        *mock;
  char              *url;
  CaptureSink       *sink;
  ScalyrAgentLogger *logger;
} Fixture;

typedef struct {
  MockServer *mock;
  const char *path;
  const char *expected;
} TextWait;

gboolean        text_arrived     (gpointer data);
void            fixture_setup    (Fixture *f, gconstpointer data);
void            fixture_teardown (Fixture *f, gconstpointer data);
void            rm_rf            (const char *path);
/* An uploader to the mock with short timings, and the properties given. */
ScalyrUploader *new_uploader     (Fixture *f, const char *first_prop, ...);
char           *path_in          (Fixture *f, const char *name);
void            append           (const char *path, const char *text);
/* Runs the main loop until @cond holds; fails after @secs. */
void            run_until        (gboolean (*cond) (gpointer), gpointer data, double secs);
void            run_for          (double secs);
char           *file_contents    (const char *path);
void            wait_text        (Fixture *f, const char *path, const char *expected, double secs);
/* Until the uploader has processed the answers (the mock records first). */
void            wait_acked       (ScalyrUploader *up);

G_END_DECLS
