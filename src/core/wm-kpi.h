/* wm-kpi.h: key performance indicators, their values and benchmarks
 *
 * A KPI is data (the `kpi` table): code, name, definition, unit, which
 * direction is better, target and the rule that rates the latest value
 * against it, baseline, frequency, owner, source, linked actions.  Its
 * values (`kpi_value`) and the benchmark series it is compared with
 * (`kpi_benchmark`: England, the region, statistical neighbours) are kept
 * by period (see wm-kpi-period.h).  Derived KPIs (share of actions on
 * track, milestones met on time) are computed from the plan, never typed.
 *
 * WmKpiSeries is a plain, read-only snapshot of one KPI for drawing and
 * summarising: the window, the board pack, the CLI and the tests read it;
 * src/render draws it.  Missing values (a gap, the DfE's "x") are NAN.
 */
#pragma once

#include <glib-object.h>

#include "wm-kpi-period.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_KPI_UNIT_COUNT,
  WM_KPI_UNIT_PERCENT,
  WM_KPI_UNIT_DAYS,
  WM_KPI_UNIT_WEEKS,
  WM_KPI_UNIT_RATE,
} WmKpiUnit;

typedef enum
{
  WM_KPI_HIGHER_IS_BETTER,
  WM_KPI_LOWER_IS_BETTER,
  WM_KPI_NO_DIRECTION,        /* a context measure: demand, caseload */
} WmKpiDirection;

typedef enum
{
  WM_KPI_RULE_IMPROVING,      /* within tolerance Green; beyond it Amber if improving, else Red */
  WM_KPI_RULE_BANDS,          /* target met Green; within tolerance Amber; beyond it Red */
} WmKpiRatingRule;

typedef enum
{
  WM_KPI_RATING_NONE,         /* no target, or no better direction: not rated */
  WM_KPI_RATING_NO_DATA,      /* a target, but no value yet */
  WM_KPI_RATING_GREEN,
  WM_KPI_RATING_AMBER,
  WM_KPI_RATING_RED,
} WmKpiRating;

typedef enum
{
  WM_KPI_TRAVEL_UNKNOWN,      /* fewer than two values */
  WM_KPI_TRAVEL_BETTER,
  WM_KPI_TRAVEL_WORSE,
  WM_KPI_TRAVEL_SAME,
  WM_KPI_TRAVEL_RISING,       /* for a measure with no better direction */
  WM_KPI_TRAVEL_FALLING,
} WmKpiTravel;

typedef enum
{
  WM_KPI_CHART_LINE,
  WM_KPI_CHART_BAR,
} WmKpiChartKind;

#define WM_KPI_DEFAULT_TOLERANCE 10.0   /* per cent of the target */

typedef struct
{
  WmPeriod    period;
  guint32     first_day;    /* Julian days, inclusive */
  guint32     last_day;
  double      value;        /* NAN when missing */
  double      numerator;    /* NAN when not known */
  double      denominator;
  const char *note;         /* nullable */
  const char *source;       /* nullable */
  const char *id;           /* the kpi_value row; NULL for derived or built points */
} WmKpiPoint;

typedef struct
{
  const char *name;         /* "England", "East Midlands" */
  const char *source;       /* nullable: the release, from the first point that says */
  GArray     *points;       /* WmKpiPoint, by period */
} WmKpiBenchmark;

typedef struct
{
  guint32     day;
  const char *label;        /* "SENA reset, Sept 2023" */
  const char *id;
} WmKpiAnnotation;

typedef struct _WmKpiSeries WmKpiSeries;

struct _WmKpiSeries
{
  const char      *id;
  const char      *code;
  const char      *name;
  const char      *definition;
  const char      *owner;
  const char      *source;
  const char      *linked_actions;    /* "1.1, 1.3a" */
  const char      *priorities;        /* the linked actions' priorities: "1, 2" */
  const char      *corrective_action;
  const char      *derived;           /* NULL, "actions-on-track", "milestones-on-time" */
  const char      *illustrative;      /* which fields are illustrative, or NULL */
  WmKpiUnit        unit;
  WmKpiDirection   direction;
  WmFrequency      frequency;
  WmKpiRatingRule  rule;
  WmKpiChartKind   chart;
  gboolean         has_target;
  double           target;
  double           tolerance;         /* see tolerance_absolute */
  gboolean         tolerance_absolute;/* FALSE: per cent of the target */
  gboolean         has_baseline;
  double           baseline;
  guint32          baseline_day;      /* 0 when no date */
  GArray          *points;            /* WmKpiPoint, by period */
  GPtrArray       *benchmarks;        /* WmKpiBenchmark* */
  GArray          *annotations;       /* WmKpiAnnotation, by day */

  /*< private >*/
  gatomicrefcount  ref_count;
  GStringChunk    *strings;
  gpointer         render_cache;      /* src/render's summary of the points, for speed */
  GDestroyNotify   render_cache_free;
};

typedef struct
{
  int          latest;        /* index into points of the latest value, or -1 */
  int          previous;      /* the value before it, or -1 */
  WmKpiRating  rating;
  WmKpiTravel  travel;
  double       shortfall;     /* how far the latest value is on the wrong side of the target */
} WmKpiStatus;

#define WM_TYPE_KPI_SERIES (wm_kpi_series_get_type ())

GType         wm_kpi_series_get_type        (void) G_GNUC_CONST;
WmKpiSeries  *wm_kpi_series_new             (const char          *code,
                                             const char          *name,
                                             WmKpiUnit            unit,
                                             WmKpiDirection       direction,
                                             WmFrequency          frequency);
WmKpiSeries  *wm_kpi_series_ref             (WmKpiSeries         *series);
void          wm_kpi_series_unref           (WmKpiSeries         *series);
const char   *wm_kpi_series_intern          (WmKpiSeries         *series,
                                             const char          *text);
void          wm_kpi_series_set_target      (WmKpiSeries         *series,
                                             double               target,
                                             double               tolerance,
                                             gboolean             absolute,
                                             WmKpiRatingRule      rule);
WmKpiPoint   *wm_kpi_series_add_point       (WmKpiSeries         *series,
                                             const WmPeriod      *period,
                                             double               value,
                                             const char          *note);
void          wm_kpi_series_add_benchmark_point (WmKpiSeries     *series,
                                             const char          *name,
                                             const WmPeriod      *period,
                                             double               value);
void          wm_kpi_series_add_annotation  (WmKpiSeries         *series,
                                             guint32              day,
                                             const char          *label);
void          wm_kpi_series_sort            (WmKpiSeries         *series);

void          wm_kpi_series_status          (const WmKpiSeries   *series,
                                             WmKpiStatus         *status);
GArray       *wm_kpi_series_rolling         (const WmKpiSeries   *series,
                                             guint                months);
int           wm_kpi_series_find            (const WmKpiSeries   *series,
                                             guint32              day);
gboolean      wm_kpi_point_is_illustrative  (const WmKpiPoint    *point);

WmKpiSeries  *wm_kpi_series_load            (WmStore             *store,
                                             const char          *kpi_id,
                                             GError             **error);
GPtrArray    *wm_kpi_series_load_all        (WmStore             *store,
                                             guint32              today,
                                             GError             **error);

/* Words and numbers as a board reads them */
const char   *wm_kpi_unit_to_string         (WmKpiUnit            unit);
gboolean      wm_kpi_unit_parse             (const char          *text,
                                             WmKpiUnit           *unit);
const char   *wm_kpi_direction_to_string    (WmKpiDirection       direction);
gboolean      wm_kpi_direction_parse        (const char          *text,
                                             WmKpiDirection      *direction);
const char   *wm_kpi_rating_to_string       (WmKpiRating          rating);
const char   *wm_kpi_travel_to_string       (WmKpiTravel          travel);
char         *wm_kpi_format_value           (WmKpiUnit            unit,
                                             double               value);
char         *wm_kpi_format_number          (double               value,
                                             int                  decimals);

/* Reading values as people type them */
gboolean      wm_kpi_parse_value            (const char          *text,
                                             WmKpiUnit            unit,
                                             double              *value,
                                             GError             **error);
gboolean      wm_kpi_parse_count            (const char          *text,
                                             double              *value,
                                             GError             **error);

/* The definitions and values in the store, each change in a transaction */
char         *wm_kpi_add                    (WmStore             *store,
                                             const char          *code,
                                             const char          *name,
                                             const char          *unit,
                                             const char          *direction,
                                             const char          *target,
                                             const char          *frequency,
                                             GError             **error);
WmRecord     *wm_kpi_find                   (WmStore             *store,
                                             const char          *code,
                                             GError             **error);
GPtrArray    *wm_kpi_list                   (WmStore             *store,
                                             GError             **error);
gboolean      wm_kpi_set_value              (WmStore             *store,
                                             const char          *kpi_id,
                                             const char          *period,
                                             const char          *value,
                                             const char          *numerator,
                                             const char          *denominator,
                                             const char          *note,
                                             const char          *source,
                                             gboolean            *added,
                                             GError             **error);
gboolean      wm_kpi_update_value           (WmStore             *store,
                                             const char          *value_id,
                                             const char          *field,
                                             const char          *text,
                                             GError             **error);
char         *wm_kpi_add_next_period        (WmStore             *store,
                                             const char          *kpi_id,
                                             GError             **error);
gboolean      wm_kpi_set_benchmark          (WmStore             *store,
                                             const char          *kpi_id,
                                             const char          *series,
                                             const char          *period,
                                             const char          *value,
                                             const char          *source,
                                             gboolean            *added,
                                             GError             **error);
char         *wm_kpi_add_annotation         (WmStore             *store,
                                             const char          *kpi_id,
                                             const char          *date,
                                             const char          *label,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmKpiSeries, wm_kpi_series_unref)

G_END_DECLS
