/* scalyr-loader-path-private.h: where loader and agent service modules are
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path of @file_name in the directories of $SCALYR_LOADER_PATH
 * (colon-separated), then the installed loader directory; NULL if none
 * has it. @searched (optional) gets the directories, for messages. */
char *scalyr_loader_path_find (const char  *file_name,
                               char       **searched);

G_END_DECLS
