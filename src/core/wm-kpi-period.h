/* wm-kpi-period.h: the periods a KPI is reported for
 *
 * A KPI value belongs to a period, not a date: "April 2023", "Q2 2023",
 * "calendar year 2019", "2023/24 academic year".  Periods are stored as a
 * short canonical text that sorts within its kind ("2023-04", "2023-Q2",
 * "2019", "AY 2023/24") and read from what people and the DfE's files
 * write ("Apr-23", "April 2023", "Q2 2023", "201920" + "Academic year").
 * Each period covers whole days (GDate Julian day numbers), so that values
 * of different kinds (monthly local figures, national figures by calendar
 * year) share one time axis.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WM_PERIOD_INVALID,
  WM_PERIOD_DAY,             /* "2023-04-05" */
  WM_PERIOD_WEEK,            /* "2023-W14": ISO week, Monday to Sunday */
  WM_PERIOD_MONTH,           /* "2023-04" (two months for a bimonthly KPI) */
  WM_PERIOD_QUARTER,         /* "2023-Q2": calendar quarter, April to June */
  WM_PERIOD_CALENDAR_YEAR,   /* "2019" */
  WM_PERIOD_ACADEMIC_YEAR,   /* "AY 2023/24": 1 September to 31 August */
  WM_PERIOD_FINANCIAL_YEAR,  /* "FY 2023/24": 1 April to 31 March */
} WmPeriodKind;

typedef enum
{
  WM_FREQUENCY_INVALID,
  WM_FREQUENCY_DAILY,
  WM_FREQUENCY_WEEKLY,
  WM_FREQUENCY_MONTHLY,
  WM_FREQUENCY_BIMONTHLY,    /* every two months, named by the first month */
  WM_FREQUENCY_QUARTERLY,
  WM_FREQUENCY_ANNUAL,       /* calendar, academic or financial years */
} WmFrequency;

typedef struct
{
  guint8  kind;     /* WmPeriodKind */
  guint8  span;     /* months covered by a WM_PERIOD_MONTH: 1, or 2 when bimonthly */
  guint16 year;     /* the year it starts in */
  guint16 index;    /* day of year, week, month or quarter; 0 for years */
} WmPeriod;

WmFrequency  wm_frequency_parse            (const char      *text);
const char  *wm_frequency_to_string        (WmFrequency      frequency);
const char  *wm_frequency_list             (void);

gboolean     wm_period_parse               (const char      *text,
                                            WmFrequency      frequency,
                                            WmPeriod        *out,
                                            GError         **error);
gboolean     wm_period_from_dfe            (const char      *time_period,
                                            const char      *time_identifier,
                                            WmPeriod        *out,
                                            GError         **error);
gboolean     wm_period_from_day            (WmPeriodKind     kind,
                                            guint32          julian_day,
                                            WmPeriod        *out);
gboolean     wm_period_matches             (const WmPeriod  *period,
                                            WmFrequency      frequency);
char        *wm_period_to_string           (const WmPeriod  *period);
char        *wm_period_label               (const WmPeriod  *period);
char        *wm_period_short_label         (const WmPeriod  *period);
const char  *wm_period_kind_name           (WmPeriodKind     kind);
guint32      wm_period_first_day           (const WmPeriod  *period);
guint32      wm_period_last_day            (const WmPeriod  *period);
WmPeriod     wm_period_next                (const WmPeriod  *period);
int          wm_period_compare             (const WmPeriod  *a,
                                            const WmPeriod  *b);

G_END_DECLS
