#define G_LOG_DOMAIN "wm-store"

#include "wm-error.h"

G_DEFINE_QUARK (wm-store-error-quark, wm_store_error)
