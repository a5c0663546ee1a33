/* scalyr-upload-proxy-private.h: the proxies of the environment
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The proxies of the environment @envp as Python's requests takes
 * them: https_proxy, http_proxy, all_proxy (lower or upper case; a value
 * without a scheme is http://) and the hosts of no_proxy. %NULL when no
 * proxy is set. */
GProxyResolver *scalyr_upload_proxy_resolver_from_env (char **envp);

G_END_DECLS
