/* scalyr-monitor-config.h: one monitor's configuration entry, validated
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "scalyr-version.h"
#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

/**
 * ScalyrConfigFlags:
 * @SCALYR_CONFIG_NONE: no flags
 * @SCALYR_CONFIG_REQUIRED: the field must be present in the entry (or in the
 *   environment); its absence is a %SCALYR_MONITOR_ERROR_MISSING_FIELD error
 *
 * Flags for the #ScalyrMonitorConfig getters.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
  SCALYR_CONFIG_NONE     = 0,
  SCALYR_CONFIG_REQUIRED = 1 << 0,
} ScalyrConfigFlags;

#define SCALYR_TYPE_MONITOR_CONFIG (scalyr_monitor_config_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorConfig, scalyr_monitor_config, SCALYR, MONITOR_CONFIG, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorConfig *scalyr_monitor_config_new (JsonObject *entry,
                                                const char *monitor_name);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorConfig *scalyr_monitor_config_new_from_string (const char *json,
                                                            const char *monitor_name,
                                                            GError    **error);

SCALYR_AVAILABLE_IN_0_1
JsonObject *scalyr_monitor_config_get_entry        (ScalyrMonitorConfig *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_config_get_monitor_name (ScalyrMonitorConfig *self);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_config_set_monitor_name (ScalyrMonitorConfig *self,
                                                    const char          *monitor_name);
SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_config_has_field        (ScalyrMonitorConfig *self,
                                                    const char          *field);
SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_config_is_from_environment (ScalyrMonitorConfig *self,
                                                       const char          *field);
SCALYR_AVAILABLE_IN_0_1
char      **scalyr_monitor_config_dup_environment_fields (ScalyrMonitorConfig *self);

SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_config_apply_options    (ScalyrMonitorConfig  *self,
                                                    GPtrArray            *options,
                                                    GError              **error);

SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_config_get_value        (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    GType                 convert_to,
                                                    ScalyrConfigFlags     flags,
                                                    const GValue         *default_value,
                                                    const GValue         *min_value,
                                                    const GValue         *max_value,
                                                    GValue               *value,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_2
gboolean    scalyr_monitor_config_get_declared_value (ScalyrMonitorConfig  *self,
                                                      ScalyrMonitorOption  *declaration,
                                                      const GValue         *fallback,
                                                      GValue               *value,
                                                      GError              **error);

SCALYR_AVAILABLE_IN_0_1
gint64      scalyr_monitor_config_get_int          (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    gint64                default_value,
                                                    gint64                min_value,
                                                    gint64                max_value,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
double      scalyr_monitor_config_get_double       (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    double                default_value,
                                                    double                min_value,
                                                    double                max_value,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_config_get_boolean      (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    gboolean              default_value,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
char       *scalyr_monitor_config_dup_string       (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    const char           *default_value,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
char      **scalyr_monitor_config_dup_strv         (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
JsonArray  *scalyr_monitor_config_dup_array        (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    GError              **error);
SCALYR_AVAILABLE_IN_0_1
JsonObject *scalyr_monitor_config_dup_object       (ScalyrMonitorConfig  *self,
                                                    const char           *field,
                                                    ScalyrConfigFlags     flags,
                                                    GError              **error);

G_END_DECLS
