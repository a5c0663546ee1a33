/* scalyr-fd-buffer-private.h: buffered writes to a file descriptor, shared by the sinks
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int fd;
  GString *buf;
} ScalyrFdBuffer;

#define SCALYR_FD_BUFFER_MAX 65536

void     scalyr_fd_buffer_init   (ScalyrFdBuffer *self,
                                  int             fd);
void     scalyr_fd_buffer_clear  (ScalyrFdBuffer *self);
gboolean scalyr_fd_buffer_append (ScalyrFdBuffer *self,
                                  const char     *data,
                                  gsize           len,
                                  GError        **error);
gboolean scalyr_fd_buffer_flush  (ScalyrFdBuffer *self,
                                  GError        **error);

G_END_DECLS
