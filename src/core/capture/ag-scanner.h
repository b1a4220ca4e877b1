/* ag-scanner.h — pages from a scanner, through SANE
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-document.h"

G_BEGIN_DECLS

#define AG_SCANNER_ERROR (ag_scanner_error_quark ())
#define AG_TYPE_SCANNER_DEVICE (ag_scanner_device_get_type ())

/**
 * AgScannerError:
 * @AG_SCANNER_ERROR_UNAVAILABLE: SANE is not installed (or Airgap was
 *   built without it)
 * @AG_SCANNER_ERROR_NOT_FOUND: no such scanner is connected
 * @AG_SCANNER_ERROR_NETWORK: the scanner is on the network, which Airgap
 *   cannot reach
 * @AG_SCANNER_ERROR_BUSY: the scanner is in use
 * @AG_SCANNER_ERROR_JAMMED: paper is jammed in the feeder
 * @AG_SCANNER_ERROR_COVER_OPEN: the cover is open
 * @AG_SCANNER_ERROR_NO_DOCUMENTS: the feeder is empty
 * @AG_SCANNER_ERROR_ACCESS_DENIED: the system does not let this user use
 *   the scanner
 * @AG_SCANNER_ERROR_UNSUPPORTED: the scanner cannot do what was asked (a
 *   feeder it does not have, a setting it does not know)
 * @AG_SCANNER_ERROR_FAILED: anything else the scanner reported
 */
typedef enum
{
  AG_SCANNER_ERROR_UNAVAILABLE,
  AG_SCANNER_ERROR_NOT_FOUND,
  AG_SCANNER_ERROR_NETWORK,
  AG_SCANNER_ERROR_BUSY,
  AG_SCANNER_ERROR_JAMMED,
  AG_SCANNER_ERROR_COVER_OPEN,
  AG_SCANNER_ERROR_NO_DOCUMENTS,
  AG_SCANNER_ERROR_ACCESS_DENIED,
  AG_SCANNER_ERROR_UNSUPPORTED,
  AG_SCANNER_ERROR_FAILED,
} AgScannerError;

/**
 * AgScanMode:
 * @AG_SCAN_MODE_COLOR: colour
 * @AG_SCAN_MODE_GRAY: shades of grey
 */
typedef enum
{
  AG_SCAN_MODE_COLOR,
  AG_SCAN_MODE_GRAY,
} AgScanMode;

/**
 * AgScanSource:
 * @AG_SCAN_SOURCE_DEFAULT: whatever the scanner is set to
 * @AG_SCAN_SOURCE_FLATBED: the glass: one page
 * @AG_SCAN_SOURCE_ADF: the document feeder: every page in it
 */
typedef enum
{
  AG_SCAN_SOURCE_DEFAULT,
  AG_SCAN_SOURCE_FLATBED,
  AG_SCAN_SOURCE_ADF,
} AgScanSource;

/**
 * AgScanSourceFlags:
 * @AG_SCAN_SOURCE_FLAG_FLATBED: the scanner has a flatbed
 * @AG_SCAN_SOURCE_FLAG_ADF: the scanner has a document feeder
 *
 * The sources a scanner offers through its "source" option; none when
 * it has no such option, or could not be asked (busy).
 */
typedef enum
{
  AG_SCAN_SOURCE_FLAG_FLATBED = 1 << 0,
  AG_SCAN_SOURCE_FLAG_ADF     = 1 << 1,
} AgScanSourceFlags;

/**
 * AgScannerDevice:
 * @name: what SANE calls it, for ag_scanner_scan(): "genesys:libusb:001:004"
 * @vendor: its maker
 * @model: its model
 * @type: "flatbed scanner", "sheetfed scanner", …
 * @sources: the sources it offers to choose from
 */
typedef struct
{
  char              *name;
  char              *vendor;
  char              *model;
  char              *type;
  AgScanSourceFlags  sources;
} AgScannerDevice;

/**
 * AgScanSettings:
 * @resolution: dots per inch; 0 for 300 (the nearest the scanner has)
 * @mode: colour or grey
 * @source: flatbed or feeder
 * @device_options: (nullable): more of the device's own options, each
 *   "name=value" as SANE names them ("brightness=10"), NULL-terminated
 */
typedef struct
{
  int                  resolution;
  AgScanMode           mode;
  AgScanSource         source;
  const char * const  *device_options;
} AgScanSettings;

#define AG_SCAN_DEFAULT_RESOLUTION 300

GQuark            ag_scanner_error_quark       (void);
GType             ag_scanner_device_get_type   (void) G_GNUC_CONST;
AgScannerDevice  *ag_scanner_device_copy       (const AgScannerDevice *device);
void              ag_scanner_device_free       (AgScannerDevice       *device);

gboolean          ag_scanner_is_network_device (const char            *name);
GPtrArray        *ag_scanner_list_devices      (guint                 *n_network,
                                                GError               **error);
void              ag_scanner_list_devices_async (GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray        *ag_scanner_list_devices_finish (GAsyncResult        *result,
                                                  guint               *n_network,
                                                  GError             **error);

AgDocument       *ag_scanner_scan              (const char            *device,
                                                const AgScanSettings  *settings,
                                                GCancellable          *cancellable,
                                                GError               **error);
void              ag_scanner_scan_async        (const char            *device,
                                                const AgScanSettings  *settings,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
AgDocument       *ag_scanner_scan_finish       (GAsyncResult          *result,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgScannerDevice, ag_scanner_device_free)

G_END_DECLS
