/* scalyr-add-events-client-private.h: the HTTP exchange with addEvents:
 * session, answers, back-off, pacing
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <gio/gio.h>
#include <scalyrmon.h>
#include "scalyr-add-events-reply-private.h"
#include "scalyr-compression.h"
#include "scalyr-send-rate-private.h"

G_BEGIN_DECLS

typedef struct {
  const char        *url;
  guint              request_timeout;
  const char        *ca_file;
  gboolean           verify_certificate;
  const char        *http_proxy;
  const char        *https_proxy;
  ScalyrCompression  compression;
  double             min_spacing;
  double             max_spacing;
  double             initial_backoff;
  double             max_backoff;
  double             max_send_rate;
} ScalyrAddEventsClientOptions;

/* The last stage of the uploader's pipeline: one HTTP session to the
 * addEvents URL (one connection, kept alive), a payload sent at a time and
 * its answer told as a #ScalyrAddEventsReply; when the next request may go:
 * after a success the spacing (adapted to the request sizes), after a
 * failure the back-off, and not before max_send_rate allows. Not
 * thread-safe: used from the main context it was created in. */
#define SCALYR_TYPE_ADD_EVENTS_CLIENT (scalyr_add_events_client_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrAddEventsClient, scalyr_add_events_client, SCALYR, ADD_EVENTS_CLIENT, GObject)

ScalyrAddEventsClient *scalyr_add_events_client_new (const ScalyrAddEventsClientOptions *options,
                                                     ScalyrAgentLogger                  *logger,
                                                     GError                            **error);

/* POSTs @payload (a body compressed as the options say). */
void                  scalyr_add_events_client_send_async  (ScalyrAddEventsClient *client,
                                                            GBytes                *payload,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
/* The answer; %NULL with @error only when cancelled. */
ScalyrAddEventsReply *scalyr_add_events_client_send_finish (ScalyrAddEventsClient *client,
                                                            GAsyncResult          *result,
                                                            GError               **error);
/* Drops the connection and abandons the request in flight. */
void                  scalyr_add_events_client_abort       (ScalyrAddEventsClient *client);

/* A request failed: the connection is closed; returns the seconds to wait
 * before the next (the back-off, or @retry_after up to an hour). */
double scalyr_add_events_client_failed    (ScalyrAddEventsClient *client,
                                           double                 retry_after);
/* A request of @compressed bytes was taken (@charged bytes of log text, 0
 * when dropped); returns the seconds to wait before the next one when
 * @full (lines wait), else the spacing. */
double scalyr_add_events_client_succeeded (ScalyrAddEventsClient *client,
                                           gsize                  compressed,
                                           guint64                charged,
                                           gboolean               full);
/* Seconds until max_send_rate allows a request. */
double scalyr_add_events_client_rate_wait (ScalyrAddEventsClient *client);

/* URL-safe base64 of the SHA-1 of a random UUID: 28 characters. */
char *scalyr_upload_new_session_id (void);

G_END_DECLS
