/* scalyr-monitor-option-private.h: ScalyrMonitorOption's state, shared by
 * its type (scalyr-monitor-option.c) and its value rules
 * (scalyr-monitor-option-value.c)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

struct _ScalyrMonitorOption
{
  GObject parent_instance;

  char *name;
  char *description;
  GType value_type;
  gboolean required;
  char *env_name;
  gboolean env_aware;

  ScalyrOptionFormat format;
  gboolean min_exclusive;
  GStrv allowed_values;

  GValue default_value;
  GValue min_value;
  GValue max_value;
};

G_END_DECLS
