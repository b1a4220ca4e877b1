/* ag-convert.h — Simplified and Traditional Chinese conversion
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "model/ag-recognition.h"

G_BEGIN_DECLS

#define AG_CONVERT_ERROR (ag_convert_error_quark ())

/**
 * AgConversion:
 * @AG_CONVERSION_S2T: Simplified to Traditional Chinese
 * @AG_CONVERSION_T2S: Traditional to Simplified Chinese
 * @AG_CONVERSION_S2TW: Simplified to Traditional Chinese as written in Taiwan
 * @AG_CONVERSION_TW2S: Traditional Chinese as written in Taiwan to Simplified
 */
typedef enum
{
  AG_CONVERSION_S2T,
  AG_CONVERSION_T2S,
  AG_CONVERSION_S2TW,
  AG_CONVERSION_TW2S,
} AgConversion;

typedef enum
{
  AG_CONVERT_ERROR_UNAVAILABLE,
  AG_CONVERT_ERROR_UNKNOWN,
} AgConvertError;

GQuark    ag_convert_error_quark        (void);
gboolean  ag_conversion_from_string     (const char     *name,
                                         AgConversion   *conversion);
gboolean  ag_convert_prepare            (AgConversion    conversion);
char     *ag_convert_text               (const char     *text,
                                         AgConversion    conversion,
                                         GError        **error);
gboolean  ag_convert_recognition        (AgRecognition  *recognition,
                                         AgConversion    conversion,
                                         GError        **error);

guint     _ag_convert_get_n_asked       (AgConversion    conversion);

G_END_DECLS
