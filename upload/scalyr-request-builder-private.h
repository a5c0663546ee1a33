/* scalyr-request-builder-private.h: an addEvents request built from the
 * lines of the logs: events, body, size limit, compression
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-compression.h"
#include "scalyr-log-reader-private.h"

G_BEGIN_DECLS

/* The second stage of the uploader's pipeline: takes the logs of the
 * reader in round robin, reads their lines from their read positions
 * (each log a contiguous run of lines, through its rules, line groupers or
 * parse_format) and writes them as events of one request body, up to the
 * size limit; then gives the payload, compressed, for the addEvents client.
 * The body is kept, to be sent again byte for byte (but client_time), until
 * it is cleared. Not thread-safe: used from the uploader's main context. */
typedef struct _ScalyrRequestBuilder ScalyrRequestBuilder;

typedef struct {
  guint              max_request_size;
  guint              min_request_size;
  guint              max_line_size;
  double             line_completion_wait;
  ScalyrCompression  compression;
  int                compression_level;
} ScalyrRequestBuilderOptions;

ScalyrRequestBuilder *scalyr_request_builder_new  (void);
void                  scalyr_request_builder_free (ScalyrRequestBuilder *builder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrRequestBuilder, scalyr_request_builder_free)

/* Options and diagnostics, set before the first request. */
void     scalyr_request_builder_configure   (ScalyrRequestBuilder              *builder,
                                             const ScalyrRequestBuilderOptions *options,
                                             ScalyrAgentLogger                 *logger);
/* The token and sessionInfo of the requests; @server_attributes is shared:
 * its changes show in the next request built. */
void     scalyr_request_builder_set_session (ScalyrRequestBuilder *builder,
                                             const char           *api_key,
                                             const char           *session,
                                             const char           *server_host,
                                             JsonObject           *server_attributes);

/* Whether there is no body: the next request must be built. */
gboolean scalyr_request_builder_is_empty    (ScalyrRequestBuilder *builder);
/* Builds a request of the lines of @reader's logs. */
void     scalyr_request_builder_build       (ScalyrRequestBuilder *builder,
                                             ScalyrLogReader      *reader);
/* The number of events of the body. */
guint    scalyr_request_builder_get_events  (ScalyrRequestBuilder *builder);
/* Whether the body stopped at the size limit (more lines wait). */
gboolean scalyr_request_builder_is_full     (ScalyrRequestBuilder *builder);
/* The body with client_time, compressed: the payload to send, which keeps
 * the builder's buffers alive as long as it lives; @body_size the size of
 * the body before compression. %NULL with @error when compression fails. */
GBytes  *scalyr_request_builder_get_payload (ScalyrRequestBuilder  *builder,
                                             gsize                *body_size,
                                             GError               **error);
/* The payload is answered: the body loses its client_time. */
void     scalyr_request_builder_sent        (ScalyrRequestBuilder *builder);
/* Drops the body (acknowledged, or to be built again). */
void     scalyr_request_builder_clear       (ScalyrRequestBuilder *builder);
/* requestTooLarge: the limit becomes half of @compressed (at least the
 * minimum request size) if that is lower. Returns the limit. */
guint    scalyr_request_builder_shrink_limit (ScalyrRequestBuilder *builder,
                                              gsize                 compressed);
/* The size limit back to the maximum request size. */
void     scalyr_request_builder_reset_limit (ScalyrRequestBuilder *builder);

G_END_DECLS
