/* wm-audit-private.h: for the audit modules of the core layer (CSV import)
 * and tests; never included above src/core. */
#pragma once

#include "wm-audit.h"

G_BEGIN_DECLS

gboolean wm_audit_write_score_cell (WmStore     *store,
                                    const char  *audit_id,
                                    const char  *domain_id,
                                    const char  *column,
                                    const char  *value,
                                    GError     **error);

G_END_DECLS
