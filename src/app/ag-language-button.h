/* ag-language-button.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define AG_TYPE_LANGUAGE_BUTTON (ag_language_button_get_type ())

G_DECLARE_FINAL_TYPE (AgLanguageButton, ag_language_button, AG, LANGUAGE_BUTTON, GtkWidget)

GtkWidget *ag_language_button_new             (void);
char      *ag_language_button_dup_languages   (AgLanguageButton *self);
void       ag_language_button_reload          (AgLanguageButton *self);

G_END_DECLS
