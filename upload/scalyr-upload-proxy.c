/* scalyr-upload-proxy.c: the proxies of the environment, as Python's requests takes them
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-upload-proxy-private.h"

#include <string.h>

static const char *
env_either (char **envp, const char *lower, const char *upper)
{
  const char *v = g_environ_getenv (envp, lower);
  if (v == NULL || *v == '\0')
    v = g_environ_getenv (envp, upper);
  return v != NULL && *v != '\0' ? v : NULL;
}

static char *
proxy_url (const char *v)
{
  return strstr (v, "://") != NULL ? g_strdup (v) : g_strconcat ("http://", v, NULL);
}

GProxyResolver *
scalyr_upload_proxy_resolver_from_env (char **envp)
{
  const char *https = env_either (envp, "https_proxy", "HTTPS_PROXY");
  const char *http = env_either (envp, "http_proxy", "HTTP_PROXY");
  const char *all = env_either (envp, "all_proxy", "ALL_PROXY");
  const char *no = env_either (envp, "no_proxy", "NO_PROXY");

  if (https == NULL && http == NULL && all == NULL)
    return NULL;

  g_autoptr(GPtrArray) ignore = g_ptr_array_new_with_free_func (g_free);
  if (no != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (no, ",", -1);
      for (char **p = parts; *p != NULL; p++)
        {
          char *h = g_strstrip (*p);
          if (*h != '\0')
            g_ptr_array_add (ignore, g_strdup (h));
        }
    }
  g_ptr_array_add (ignore, NULL);

  g_autofree char *default_proxy = all != NULL ? proxy_url (all) : NULL;
  GProxyResolver *r = g_simple_proxy_resolver_new (default_proxy, (char **) ignore->pdata);
  if (https != NULL)
    {
      g_autofree char *u = proxy_url (https);
      g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (r), "https", u);
    }
  if (http != NULL)
    {
      g_autofree char *u = proxy_url (http);
      g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (r), "http", u);
    }
  return r;
}

