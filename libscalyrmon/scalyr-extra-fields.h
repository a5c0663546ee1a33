/* scalyr-extra-fields.h: the extra fields of a metric line
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_EXTRA_FIELDS (scalyr_extra_fields_get_type ())

typedef struct _ScalyrExtraFields ScalyrExtraFields;

SCALYR_AVAILABLE_IN_0_1
GType              scalyr_extra_fields_get_type    (void) G_GNUC_CONST;
SCALYR_AVAILABLE_IN_0_1
ScalyrExtraFields *scalyr_extra_fields_new         (void);
SCALYR_AVAILABLE_IN_0_1
ScalyrExtraFields *scalyr_extra_fields_new_from_variant (GVariant  *dict,
                                                         GError   **error);
SCALYR_AVAILABLE_IN_0_1
ScalyrExtraFields *scalyr_extra_fields_ref         (ScalyrExtraFields *self);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_unref       (ScalyrExtraFields *self);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_set_int     (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    gint64             value);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_set_uint    (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    guint64            value);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_set_double  (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    double             value);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_set_boolean (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    gboolean           value);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_set_string  (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    const char        *value);
SCALYR_AVAILABLE_IN_0_1
gboolean           scalyr_extra_fields_set_value   (ScalyrExtraFields *self,
                                                    const char        *name,
                                                    GVariant          *value,
                                                    GError           **error);
SCALYR_AVAILABLE_IN_0_1
gboolean           scalyr_extra_fields_remove      (ScalyrExtraFields *self,
                                                    const char        *name);
SCALYR_AVAILABLE_IN_0_1
void               scalyr_extra_fields_remove_all  (ScalyrExtraFields *self);
SCALYR_AVAILABLE_IN_0_1
guint              scalyr_extra_fields_get_size    (ScalyrExtraFields *self);
SCALYR_AVAILABLE_IN_0_1
char              *scalyr_extra_fields_to_string   (ScalyrExtraFields *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrExtraFields, scalyr_extra_fields_unref)

G_END_DECLS
