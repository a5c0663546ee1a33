/* scalyr-extra-fields-private.h
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-extra-fields.h"

G_BEGIN_DECLS

/* Appends " name=value" for each field, sorted by the original name, with
 * repaired names. */
void        scalyr_extra_fields_append          (const ScalyrExtraFields *self,
                                                 GString                 *line);
/* The number of fields, and the @i-th in the written order: its name as
 * written (repaired) and its JSON-encoded value. */
guint       scalyr_extra_fields_get_length      (const ScalyrExtraFields *self);
void        scalyr_extra_fields_peek            (const ScalyrExtraFields *self,
                                                 guint                    i,
                                                 const char             **written_name,
                                                 const char             **encoded_value);
/* The first (original) field name that was invalid and repaired, or NULL. */
const char *scalyr_extra_fields_invalid_name    (const ScalyrExtraFields *self);

/* Appends @value JSON-encoded (see scalyr-json-format-private.h); FALSE,
 * appending nothing, if its type is not an integer, double, boolean or
 * string (a variant holding one is unwrapped). */
gboolean    scalyr_json_append_variant          (GString  *out,
                                                 GVariant *value);
/* "an integer", "a boolean", "an array", ... for messages. */
const char *scalyr_variant_kind                 (GVariant *value);

G_END_DECLS
