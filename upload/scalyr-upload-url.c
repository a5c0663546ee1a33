/* scalyr-upload-url.c: the addEvents URL of a scalyr_server value
 * SPDX-License-Identifier: Apache-2.0 */

#include "scalyr-upload-url.h"
#include "scalyr-uploader.h"

#include <gio/gio.h>
#include <string.h>
#include "scalyr-i18n-private.h"

static gboolean
host_is_loopback (const char *host)
{
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

/**
 * scalyr_upload_normalize_url:
 * @server_url: a `scalyr_server` value, such as `agent.scalyr.com` or
 *   `https://app.eu.scalyr.com`
 * @allow_http: whether `http://` may be kept for a host that is not loopback
 * @rewritten: (out) (optional): set to %TRUE when `http://` was rewritten
 *   to `https://`
 * @error: return location for a #GError
 *
 * The addEvents URL of @server_url: `https://` is added when there is no
 * scheme; `http://` is kept only for a loopback host or with @allow_http,
 * else rewritten to `https://`. Fails with %SCALYR_UPLOAD_ERROR_INVALID_URL
 * naming the value and the fix.
 *
 * Thread safety: may be called from any thread.
 *
 * Returns: (transfer full) (nullable): the URL of the `addEvents` endpoint,
 *   or %NULL with @error set
 *
 * Since: 0.2
 */
char *
scalyr_upload_normalize_url (const char  *server_url,
                             gboolean     allow_http,
                             gboolean    *rewritten,
                             GError     **error)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GError) local_error = NULL;

  if (rewritten != NULL)
    *rewritten = FALSE;
  if (server_url == NULL || *server_url == '\0')
    server_url = "https://agent.scalyr.com";
  if (strstr (server_url, "://") == NULL)
    with_scheme = g_strconcat ("https://", server_url, NULL);
  else
    with_scheme = g_strdup (server_url);

  g_autoptr(GUri) uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_INVALID_URL,
                   _("invalid scalyr_server “%s”: %s"), server_url,
                   local_error != NULL ? local_error->message : "no host");
      return NULL;
    }

  const char *scheme = g_uri_get_scheme (uri);
  gboolean https = g_ascii_strcasecmp (scheme, "https") == 0;
  if (!https && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_INVALID_URL,
                   _("invalid scalyr_server “%s”: scheme must be https or http"), server_url);
      return NULL;
    }
  if (!https && !allow_http && !host_is_loopback (g_uri_get_host (uri)))
    {
      https = TRUE;
      if (rewritten != NULL)
        *rewritten = TRUE;
    }

  const char *path = g_uri_get_path (uri);
  g_autofree char *trimmed = g_strdup (path != NULL ? path : "");
  gsize tl = strlen (trimmed);
  while (tl > 0 && trimmed[tl - 1] == '/')
    trimmed[--tl] = '\0';
  g_autofree char *full_path = g_strconcat (trimmed, "/addEvents", NULL);

  g_autoptr(GUri) out = g_uri_build (G_URI_FLAGS_NONE, https ? "https" : "http", NULL,
                                     g_uri_get_host (uri), g_uri_get_port (uri),
                                     full_path, NULL, NULL);
  return g_uri_to_string (out);
}

