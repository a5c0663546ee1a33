/* scalyr-monitor-option.h: a declared monitor configuration option
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

/**
 * ScalyrOptionFormat:
 * @SCALYR_OPTION_FORMAT_PLAIN: the value is its type, nothing more
 * @SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS: an object (`JSON_TYPE_OBJECT`)
 *   whose members are strings; numbers are accepted and become their
 *   decimal text (`server_attributes`)
 * @SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS: an array (`JSON_TYPE_ARRAY`) of
 *   objects (`logs`, `monitors`)
 * @SCALYR_OPTION_FORMAT_IMPORT_VARS: an array (`JSON_TYPE_ARRAY`) of
 *   variable names or `{ var, default }` objects (`import_vars`)
 * @SCALYR_OPTION_FORMAT_DATA_RATE: a string that
 *   [func@Scalyr.config_parse_rate] accepts (`max_send_rate_enforcement`)
 *
 * What a declared value holds beyond its type.
 *
 * Since: 0.2
 */
typedef enum {
  SCALYR_OPTION_FORMAT_PLAIN,
  SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS,
  SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS,
  SCALYR_OPTION_FORMAT_IMPORT_VARS,
  SCALYR_OPTION_FORMAT_DATA_RATE,
} ScalyrOptionFormat;

#define SCALYR_TYPE_MONITOR_OPTION (scalyr_monitor_option_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorOption, scalyr_monitor_option, SCALYR, MONITOR_OPTION, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorOption *scalyr_monitor_option_new (const char *name,
                                                GType       value_type,
                                                const char *description);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorOption *scalyr_monitor_option_new_int (const char *name,
                                                    const char *description,
                                                    gint64      default_value,
                                                    gint64      min_value,
                                                    gint64      max_value);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorOption *scalyr_monitor_option_new_double (const char *name,
                                                       const char *description,
                                                       double      default_value,
                                                       double      min_value,
                                                       double      max_value);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorOption *scalyr_monitor_option_new_boolean (const char *name,
                                                        const char *description,
                                                        gboolean    default_value);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorOption *scalyr_monitor_option_new_string (const char *name,
                                                       const char *description,
                                                       const char *default_value);

SCALYR_AVAILABLE_IN_0_1
const char   *scalyr_monitor_option_get_name        (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
const char   *scalyr_monitor_option_get_description (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
GType         scalyr_monitor_option_get_value_type  (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
const GValue *scalyr_monitor_option_get_default_value (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
void          scalyr_monitor_option_set_default_value (ScalyrMonitorOption *self,
                                                       const GValue        *value);
SCALYR_AVAILABLE_IN_0_1
const GValue *scalyr_monitor_option_get_min_value   (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
const GValue *scalyr_monitor_option_get_max_value   (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
void          scalyr_monitor_option_set_range       (ScalyrMonitorOption *self,
                                                     const GValue        *min_value,
                                                     const GValue        *max_value);
SCALYR_AVAILABLE_IN_0_1
gboolean      scalyr_monitor_option_get_required    (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
void          scalyr_monitor_option_set_required    (ScalyrMonitorOption *self,
                                                     gboolean             required);
SCALYR_AVAILABLE_IN_0_1
const char   *scalyr_monitor_option_get_env_name    (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
void          scalyr_monitor_option_set_env_name    (ScalyrMonitorOption *self,
                                                     const char          *env_name);
SCALYR_AVAILABLE_IN_0_1
gboolean      scalyr_monitor_option_get_env_aware   (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_1
void          scalyr_monitor_option_set_env_aware   (ScalyrMonitorOption *self,
                                                     gboolean             env_aware);
SCALYR_AVAILABLE_IN_0_1
char         *scalyr_monitor_option_dup_effective_env_name (ScalyrMonitorOption *self);


SCALYR_AVAILABLE_IN_0_2
ScalyrOptionFormat  scalyr_monitor_option_get_format     (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_2
void                scalyr_monitor_option_set_format     (ScalyrMonitorOption *self,
                                                          ScalyrOptionFormat   format);
SCALYR_AVAILABLE_IN_0_2
gboolean            scalyr_monitor_option_get_min_exclusive (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_2
void                scalyr_monitor_option_set_min_exclusive (ScalyrMonitorOption *self,
                                                             gboolean             min_exclusive);
SCALYR_AVAILABLE_IN_0_2
const char * const *scalyr_monitor_option_get_allowed_values (ScalyrMonitorOption *self);
SCALYR_AVAILABLE_IN_0_2
void                scalyr_monitor_option_set_allowed_values (ScalyrMonitorOption *self,
                                                              const char * const  *allowed_values);
SCALYR_AVAILABLE_IN_0_2
char               *scalyr_monitor_option_describe       (ScalyrMonitorOption *self);

G_END_DECLS
