/* wm-date.h: reading the dates people write in plans
 *
 * Plans say "31/10/2020", "6th February 2023", "April 2023", "Sep-23",
 * "by end of September 2023", "TBC", "Ongoing".  Dates are stored as ISO
 * 8601 text (YYYY-MM-DD) so that SQLite sorts and compares them; what the
 * parser cannot read is kept as text beside the date, never thrown away.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WM_DATE_EXACT,        /* a day was given */
  WM_DATE_MONTH,        /* only a month: the date is the month's last day */
  WM_DATE_NONE,         /* no date in the text */
} WmDatePrecision;

WmDatePrecision wm_date_parse        (const char  *text,
                                      GDate       *out);
char           *wm_date_to_iso       (const GDate *date);
gboolean        wm_date_from_iso     (const char  *iso,
                                      GDate       *out);
char           *wm_date_normalize    (const char  *text,
                                      GError     **error);
char           *wm_date_today_iso    (void);
char           *wm_now_iso           (void);

G_END_DECLS
