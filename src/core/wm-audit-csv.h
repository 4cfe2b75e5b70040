/* wm-audit-csv.h: audits in and out of CSV files
 *
 * The long format, one row per audit and domain, as auditors keep them in
 * a spreadsheet:
 *
 *   case_ref,audit_type,date,auditor,moderator,domain,auditor_level,
 *   moderator_level,comment
 *
 * and, optionally, moderator_comment, agency, template, plan_issue_date,
 * meeting_date, meeting, learning_points.  Rows with the same case_ref,
 * audit_type and date are one audit.  domain is a domain's code or title
 * ("B", "Special educational needs"), or "Overall" for the overall
 * judgement; levels are numbers or labels ("3", "Good", "N/A").  Headers
 * are matched case-insensitively, or mapped with 'Header=field'.
 *
 * The import is all or nothing: every row is checked before any is
 * written, and a refusal names the file, line and column.  An audit
 * already held (same case, type and date) is updated, so a spreadsheet can
 * be imported again as it grows.  The export writes the same format, so
 * an export imports back with every score.
 */
#pragma once

#include "wm-csv-reader.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint rows;       /* rows read */
  guint created;    /* audits new to the plan */
  guint updated;    /* audits already held */
  guint levels;     /* levels written (auditor's and moderator's) */
  guint meetings;   /* moderation meetings created */
} WmAuditImportResult;

gboolean wm_audit_import_csv (WmStore              *store,
                              WmCsvTable           *table,
                              const char *const    *maps,
                              WmAuditImportResult  *result,
                              GError              **error);
gboolean wm_audit_export_csv (WmStore              *store,
                              GString              *out,
                              GError              **error);

G_END_DECLS
