/* ag-worker-protocol.h — what the window and its airgap-worker say to each other
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "recognize/ag-engine.h"

G_BEGIN_DECLS

/* D-Bus, peer to peer, over one socketpair; the worker's end is fd 3. */
#define AG_WORKER_OBJECT_PATH  "/io/github/airgapocr/Airgap/Worker"
#define AG_WORKER_INTERFACE    "io.github.airgapocr.Airgap.Worker1"
#define AG_WORKER_CHANNEL_FD   3

/* The names of io.github.airgapocr.Airgap.Worker1.xml, for both ends. */
#define AG_WORKER_METHOD_OPEN          "Open"
#define AG_WORKER_METHOD_TEXT_LAYER    "TextLayer"
#define AG_WORKER_METHOD_CLOSE         "Close"
#define AG_WORKER_METHOD_RENDER        "Render"
#define AG_WORKER_METHOD_EXTRACT_TEXT  "ExtractText"
#define AG_WORKER_METHOD_IMAGE_AREAS   "ImageAreas"
#define AG_WORKER_METHOD_RECOGNIZE     "Recognize"
#define AG_WORKER_METHOD_CANCEL        "Cancel"
#define AG_WORKER_METHOD_PRELOAD       "Preload"
#define AG_WORKER_METHOD_PROBE         "Probe"
#define AG_WORKER_METHOD_TRY_SANDBOX   "TrySandbox"
#define AG_WORKER_SIGNAL_PROGRESS      "Progress"
#define AG_WORKER_SIGNAL_FINISHED      "Finished"

/* The worker's exit status when an allocation failed (its memory limit). */
#define AG_WORKER_EXIT_NO_MEMORY 75

/* The display render and the recognition render of AgPage. */
typedef enum
{
  AG_WORKER_RENDER_DPI,
  AG_WORKER_RENDER_FIT,
} AgWorkerRenderMode;

GDBusInterfaceInfo *_ag_worker_get_interface_info   (void);
void                _ag_worker_ensure_error_domains (void);

GVariant           *_ag_worker_options_serialize    (AgRecognizeOptions  *options,
                                                     GArray              *regions);
AgRecognizeOptions *_ag_worker_options_deserialize  (GVariant            *variant,
                                                     GArray             **regions);

int                 _ag_memfd_new_from_data         (const void          *data,
                                                     gsize                size,
                                                     const char          *name,
                                                     GError             **error);
GBytes             *_ag_bytes_new_from_fd           (int                  fd,
                                                     GError             **error);

G_END_DECLS
