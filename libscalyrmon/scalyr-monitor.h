/* scalyr-monitor.h: the base class of every monitor plugin
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include <gio/gio.h>
#include "scalyr-version.h"
#include "scalyr-agent-logger.h"
#include "scalyr-monitor-config.h"
#include "scalyr-monitor-metric.h"
#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

/**
 * SCALYR_MONITOR_ERROR:
 *
 * Error domain for monitor configuration, metric emission and monitor
 * loading. Errors in this domain use the codes of #ScalyrMonitorError.
 *
 * Since: 0.1
 */
#define SCALYR_MONITOR_ERROR (scalyr_monitor_error_quark ())

/**
 * ScalyrMonitorError:
 * @SCALYR_MONITOR_ERROR_MISSING_FIELD: a required configuration field is absent
 * @SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION: a configuration value has a type
 *   that cannot be converted to the requested type
 * @SCALYR_MONITOR_ERROR_PARSE: a configuration string could not be parsed as
 *   the requested type
 * @SCALYR_MONITOR_ERROR_OUT_OF_RANGE: a configuration value is below the
 *   minimum or above the maximum
 * @SCALYR_MONITOR_ERROR_BAD_CONFIG: any other invalid monitor configuration
 * @SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE: a metric value or extra field has
 *   an unsupported type
 * @SCALYR_MONITOR_ERROR_NOT_FOUND: no monitor module of the requested name
 *   exists in the search path
 * @SCALYR_MONITOR_ERROR_LOAD_FAILED: a monitor module was found but could not
 *   be loaded
 * @SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM: the monitor cannot run on this system
 * @SCALYR_MONITOR_ERROR_FAILED: a monitor's hook failed for another reason
 *
 * Error codes of the %SCALYR_MONITOR_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_MONITOR_ERROR_MISSING_FIELD,
  SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
  SCALYR_MONITOR_ERROR_PARSE,
  SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
  SCALYR_MONITOR_ERROR_BAD_CONFIG,
  SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
  SCALYR_MONITOR_ERROR_NOT_FOUND,
  SCALYR_MONITOR_ERROR_LOAD_FAILED,
  SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
  SCALYR_MONITOR_ERROR_FAILED,
} ScalyrMonitorError;

SCALYR_AVAILABLE_IN_0_1
GQuark scalyr_monitor_error_quark (void);

#define SCALYR_TYPE_MONITOR (scalyr_monitor_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (ScalyrMonitor, scalyr_monitor, SCALYR, MONITOR, GObject)

/**
 * ScalyrMonitorClass:
 * @parent_class: the parent class
 * @initialize: reads and validates the configuration; called once, from
 *   g_initable_init(), after the declared options and the common fields have
 *   been applied. Return %FALSE with @error set to refuse the configuration.
 * @gather_sample: reports the metrics of one sample; called every sample
 *   interval by the default @run. A %FALSE return (with @error set) is logged
 *   under the monitor's name and the monitor goes on at its next interval.
 * @run: the body of the monitor's thread; the default calls @gather_sample
 *   every #ScalyrMonitor:sample-interval until the monitor is stopped, then
 *   logs `Monitor has finished` (an override logs nothing of the kind, as in
 *   the reference).
 *   Overrides should loop until scalyr_monitor_is_stopping() and wait with
 *   scalyr_monitor_sleep().
 * @stop: asks the monitor to stop; the default wakes scalyr_monitor_sleep().
 *   Called once, by scalyr_monitor_stop(), on a short-lived thread of its own.
 *   Overrides must chain up.
 *
 * The virtual methods of a monitor.
 *
 * Since: 0.1
 */
struct _ScalyrMonitorClass
{
  GObjectClass parent_class;

  gboolean (*initialize)    (ScalyrMonitor *self,
                             GError       **error);
  gboolean (*gather_sample) (ScalyrMonitor *self,
                             GError       **error);
  void     (*run)           (ScalyrMonitor *self);
  void     (*stop)          (ScalyrMonitor *self);

  /*< private >*/
  gpointer padding[12];
};

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitor *scalyr_monitor_new (GType                monitor_type,
                                   const char          *module_name,
                                   ScalyrMonitorConfig *config,
                                   ScalyrAgentLogger   *logger,
                                   double               sample_interval,
                                   GError             **error);

SCALYR_AVAILABLE_IN_0_1
const char          *scalyr_monitor_get_module_name       (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
const char          *scalyr_monitor_get_short_module_name (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
const char          *scalyr_monitor_get_monitor_id        (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
const char          *scalyr_monitor_get_monitor_name      (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorConfig *scalyr_monitor_get_config            (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
ScalyrAgentLogger   *scalyr_monitor_get_logger            (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
double               scalyr_monitor_get_sample_interval   (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
void                 scalyr_monitor_set_sample_interval   (ScalyrMonitor *self,
                                                           double         seconds);
SCALYR_AVAILABLE_IN_0_1
gboolean             scalyr_monitor_get_jitter            (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
void                 scalyr_monitor_set_jitter            (ScalyrMonitor *self,
                                                           gboolean       jitter);
SCALYR_AVAILABLE_IN_0_1
const char          *scalyr_monitor_get_log_path          (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
void                 scalyr_monitor_set_log_path          (ScalyrMonitor *self,
                                                           const char    *log_path);
SCALYR_AVAILABLE_IN_0_1
gboolean             scalyr_monitor_get_disabled          (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
void                 scalyr_monitor_set_disabled          (ScalyrMonitor *self,
                                                           gboolean       disabled);
SCALYR_AVAILABLE_IN_0_1
gint64               scalyr_monitor_get_last_sample_time  (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
guint64              scalyr_monitor_get_sample_count      (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_3
void                 scalyr_monitor_set_sample_limit      (ScalyrMonitor *self,
                                                           guint64        limit);
SCALYR_AVAILABLE_IN_0_3
guint64              scalyr_monitor_get_sample_limit      (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_4
double               scalyr_monitor_get_sample_seconds_total (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_4
double               scalyr_monitor_get_last_sample_seconds  (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_4
guint64              scalyr_monitor_get_failed_sample_count  (ScalyrMonitor *self);

SCALYR_AVAILABLE_IN_0_1
void     scalyr_monitor_open_metric_log (ScalyrMonitor *self,
                                         ScalyrLogSink *sink);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_gather_sample (ScalyrMonitor *self,
                                       GError       **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_start         (ScalyrMonitor *self,
                                       GError       **error);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_stop          (ScalyrMonitor *self,
                                       guint          timeout_ms);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_is_running   (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_is_stopping   (ScalyrMonitor *self);
SCALYR_AVAILABLE_IN_0_5
gboolean scalyr_monitor_wait          (ScalyrMonitor *self,
                                       gint64         end_time);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_monitor_sleep         (ScalyrMonitor *self,
                                       double         seconds);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_monitor_report_error  (ScalyrMonitor *self,
                                       const char    *message,
                                       const char    *stack_trace);

SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_declare_description (GType                monitor_type,
                                                const char          *description);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_get_type_description (GType               monitor_type);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_declare_option      (GType                monitor_type,
                                                ScalyrMonitorOption *option);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_declare_metric      (GType                monitor_type,
                                                ScalyrMonitorMetric *metric);
SCALYR_AVAILABLE_IN_0_1
GPtrArray  *scalyr_monitor_list_options        (GType                monitor_type);
SCALYR_AVAILABLE_IN_0_1
GPtrArray  *scalyr_monitor_list_metrics        (GType                monitor_type);

G_END_DECLS
