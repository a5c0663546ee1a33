/* scalyr-metrics-set-private.h: the metric families of one exposition
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SCALYR_METRIC_TYPE_GAUGE,
  SCALYR_METRIC_TYPE_COUNTER,   /* samples `NAME_total` */
  SCALYR_METRIC_TYPE_INFO,      /* samples `NAME_info`, value 1 (a gauge in 0.0.4) */
} ScalyrMetricType;

/* The labels of one series, in order; names valid and distinct. */
typedef struct {
  GPtrArray *pairs;             /* name, value, name, value... (owned) */
} ScalyrMetricLabels;

void scalyr_metric_labels_init  (ScalyrMetricLabels *labels);
void scalyr_metric_labels_clear (ScalyrMetricLabels *labels);
/* Adds @value under @name mapped to a label name; a name already there
 * (or listed in @taken) gets the `exported_` prefix, as Prometheus does */
void scalyr_metric_labels_add   (ScalyrMetricLabels *labels,
                                 const char         *name,
                                 const char         *value,
                                 const char * const *taken);

typedef struct {
  char *labels;                 /* the rendered label set, `{a="x"}` or "" */
  char **pairs;                 /* name, value, ..., NULL */
  gboolean is_int;
  gint64 int_value;
  double double_value;
} ScalyrMetricSample;

typedef struct _ScalyrMetricSet ScalyrMetricSet;

typedef struct {
  ScalyrMetricSet *set;
  char *name;                   /* the family name (OpenMetrics) */
  ScalyrMetricType type;
  char *help;                   /* unescaped */
  char *unit;                   /* OpenMetrics UNIT, or NULL */
  char *telemetry_name;         /* the agent's metric line, or NULL */
  gboolean reserved;            /* the agent's own: monitors never join it */
  GPtrArray *samples;           /* of ScalyrMetricSample */
  GHashTable *series;           /* labels → NULL: a series once */
} ScalyrMetricFamily;

struct _ScalyrMetricSet {
  GPtrArray *families;          /* in order of appearance */
  GHashTable *names;            /* every name a family is or writes → family */
  guint dropped;                /* series left out: collisions, duplicates, invalid */
};

ScalyrMetricSet    *scalyr_metric_set_new        (void);
void                scalyr_metric_set_free       (ScalyrMetricSet *set);
/* The family @name of @type: the one already there if it has the same
 * type and is not reserved (monitors' families merge across instances),
 * a new one, or NULL when @name or a sample name it writes is taken */
ScalyrMetricFamily *scalyr_metric_set_add_family (ScalyrMetricSet  *set,
                                                  const char       *name,
                                                  ScalyrMetricType  type,
                                                  const char       *help,
                                                  const char       *unit,
                                                  gboolean          reserved);
ScalyrMetricFamily *scalyr_metric_set_lookup     (ScalyrMetricSet  *set,
                                                  const char       *name);
/* The name of the samples of @family: NAME, NAME_total or NAME_info */
char               *scalyr_metric_family_dup_sample_name (ScalyrMetricFamily *family);

/* Add a series; FALSE (and counted as dropped) when @labels are already
 * there or the value is not one a counter may have */
gboolean scalyr_metric_family_add_int    (ScalyrMetricFamily *family,
                                          ScalyrMetricLabels *labels,
                                          gint64              value);
gboolean scalyr_metric_family_add_double (ScalyrMetricFamily *family,
                                          ScalyrMetricLabels *labels,
                                          double              value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrMetricSet, scalyr_metric_set_free)

G_END_DECLS
