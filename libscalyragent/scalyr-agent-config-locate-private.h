/* scalyr-agent-config-locate-private.h: where a field is in a relaxed JSON text
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A path is a list of object keys and array indexes. */
typedef struct {
  const char *key;   /* NULL: array element #index */
  guint index;
} PathElem;

/* "file:line:col" of @path in @text (line 1, column 1 when not found):
 * the relaxed parser gives positions only for syntax errors, so a field
 * that fails validation is found again in the text */
char *scalyr_agent_config_where (const char     *file,
                                 const char     *text,
                                 const PathElem *path,
                                 gsize           n_path);

G_END_DECLS
