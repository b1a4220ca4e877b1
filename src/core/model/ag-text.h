/* ag-text.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ag_text_is_cjk            (gunichar     c);
gboolean  ag_text_is_chinese        (gunichar     c);
gboolean  ag_text_wants_space       (const char  *before,
                                     const char  *after);
gboolean  ag_text_is_open_gap       (const char  *before,
                                     const char  *after);
gboolean  ag_text_wants_space_at_line_break (const char *before,
                                             const char *after);
gunichar  ag_text_full_width_punctuation (gunichar c);
void      ag_text_append_joined     (GString     *string,
                                     const char  *piece);
char     *ag_text_remove_cjk_spaces (const char  *text);

G_END_DECLS
