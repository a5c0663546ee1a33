/* scalyr-upload-url.h: the addEvents URL of a scalyr_server value
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYR_UPLOAD_INSIDE) && !defined(SCALYR_UPLOAD_COMPILATION)
#error "Only <scalyrmon-upload.h> can be included directly."
#endif

#include <glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
char *scalyr_upload_normalize_url (const char  *server_url,
                                   gboolean     allow_http,
                                   gboolean    *rewritten,
                                   GError     **error);

G_END_DECLS
