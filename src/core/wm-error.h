/* wm-error.h: the error domain of the core layer */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WM_STORE_ERROR (wm_store_error_quark ())

typedef enum
{
  WM_STORE_ERROR_FAILED,
  WM_STORE_ERROR_NOT_FOUND,      /* file, record or code that does not exist */
  WM_STORE_ERROR_NOT_WAYMARK,    /* a file that is not a Waymark database */
  WM_STORE_ERROR_TOO_NEW,        /* written by a newer Waymark */
  WM_STORE_ERROR_READ_ONLY,
  WM_STORE_ERROR_DISK_FULL,
  WM_STORE_ERROR_BUSY,
  WM_STORE_ERROR_INVALID,        /* a value that fails validation */
  WM_STORE_ERROR_CORRUPT,
} WmStoreError;

GQuark wm_store_error_quark (void);

G_END_DECLS
