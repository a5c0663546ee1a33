/* scalyr-monitor-config-private.h: ScalyrMonitorConfig's state and evaluation
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-config.h"

G_BEGIN_DECLS

struct _ScalyrMonitorConfig
{
  GObject parent_instance;

  JsonObject *entry;
  char *monitor_name;
  GPtrArray *options;       /* (element-type ScalyrMonitorOption) (nullable) */
  GHashTable *env_fields;   /* set of field names */
};

/* what a get asks for: the reference's MonitorConfig.get() arguments */
typedef struct {
  GType convert_to;            /* G_TYPE_NONE: no conversion */
  gboolean required;
  const GValue *default_value; /* nullable */
  const GValue *min_value;     /* nullable */
  const GValue *max_value;     /* nullable */
  const char *env_name;        /* declared name, or NULL for SCALYR_<FIELD> */
  gboolean check_env_conflict; /* env-aware option applied at construction */
  gboolean min_exclusive;
} ScalyrConfigRequest;

/* the request of a declaration: its type, required, default (else
 * @fallback), bounds; @env_name: its effective variable, or NULL for
 * SCALYR_<FIELD> */
void        scalyr_config_request_init_from_option (ScalyrConfigRequest *req,
                                                    ScalyrMonitorOption *option,
                                                    const GValue        *fallback,
                                                    const char          *env_name);

/* The reference's MonitorConfig.get() (monitor-api.md 2.1): the entry, the
 * environment, required/default, conversion, bounds. FALSE without an
 * error: the result is none. */
gboolean    scalyr_monitor_config_evaluate          (ScalyrMonitorConfig       *self,
                                                     const char                *field,
                                                     const ScalyrConfigRequest *req,
                                                     GValue                    *result,
                                                     gboolean                  *from_env,
                                                     GError                   **error);
/* the environment variable a declared option of @field names, or NULL */
const char *scalyr_monitor_config_declared_env_name (ScalyrMonitorConfig *self,
                                                     const char          *field,
                                                     char               **to_free);
/* emits ::warning */
void        scalyr_monitor_config_emit_warning      (ScalyrMonitorConfig *self,
                                                     const char          *message);

G_END_DECLS
