#define G_LOG_DOMAIN "wm-audit-stats"

#include "wm-audit-stats.h"
#include "wm-csv.h"
#include "wm-date.h"

#include <math.h>
#include <string.h>

/* ---------- kappa ---------- */

const char *
wm_kappa_weighting_name (WmKappaWeighting weighting)
{
  switch (weighting)
    {
    case WM_KAPPA_UNWEIGHTED:
      return "unweighted";
    case WM_KAPPA_LINEAR:
      return "linear";
    case WM_KAPPA_QUADRATIC:
      return "quadratic";
    case WM_KAPPA_N_WEIGHTINGS:
    default:
      return "";
    }
}

/* Agreement weights, 1 on the diagonal: linear 1 − |i − j| / (k − 1)
 * (Cicchetti and Allison 1971), quadratic 1 − (i − j)² / (k − 1)²
 * (Fleiss and Cohen 1973). */
void
wm_kappa_weights (WmKappaWeighting  weighting,
                  guint             k,
                  double           *weights)
{
  g_return_if_fail (weights != NULL);

  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double d = k > 1 ? fabs ((double) i - (double) j) / (k - 1) : 0;

        switch (weighting)
          {
          case WM_KAPPA_LINEAR:
            weights[i * k + j] = 1 - d;
            break;
          case WM_KAPPA_QUADRATIC:
            weights[i * k + j] = 1 - d * d;
            break;
          case WM_KAPPA_UNWEIGHTED:
          case WM_KAPPA_N_WEIGHTINGS:
          default:
            weights[i * k + j] = i == j ? 1 : 0;
            break;
          }
      }
}

/**
 * wm_kappa_compute:
 * @counts: a k × k table, row-major: rows the first rater (the auditor),
 *   columns the second (the moderator)
 * @weights: (nullable): k × k agreement weights in [0, 1], 1 on the
 *   diagonal; %NULL for unweighted kappa
 *
 * Cohen's (weighted) kappa, its large-sample standard error and 95%
 * confidence interval (Fleiss, Cohen and Everitt 1969, equations 12 and
 * 14), and the standard error under kappa = 0 (their equation 13).
 *
 * Returns: @out->defined
 */
gboolean
wm_kappa_compute (const double *counts,
                  guint         k,
                  const double *weights,
                  WmKappa      *out)
{
  g_autofree double *identity = NULL;
  g_autofree double *rows = g_new0 (double, k + 1);
  g_autofree double *cols = g_new0 (double, k + 1);
  g_autofree double *row_w = g_new0 (double, k + 1);
  g_autofree double *col_w = g_new0 (double, k + 1);
  double n = 0, po = 0, pe = 0, kappa, sum = 0, sum0 = 0, var, var0;

  g_return_val_if_fail (out != NULL, FALSE);
  *out = (WmKappa) { 0 };
  g_return_val_if_fail (counts != NULL || k == 0, FALSE);

  if (weights == NULL)
    {
      identity = g_new (double, (gsize) k * k + 1);
      wm_kappa_weights (WM_KAPPA_UNWEIGHTED, k, identity);
      weights = identity;
    }
  for (guint i = 0; i < k * k; i++)
    n += counts[i];
  out->n = n;
  if (n <= 0)
    return FALSE;

  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double p = counts[i * k + j] / n;
        rows[i] += p;
        cols[j] += p;
        po += weights[i * k + j] * p;
      }
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        pe += weights[i * k + j] * rows[i] * cols[j];
        row_w[i] += cols[j] * weights[i * k + j];
        col_w[j] += rows[i] * weights[i * k + j];
      }
  out->po = po;
  out->pe = pe;
  /* Both raters used one level only: chance explains everything, and
   * kappa is not defined (however much they agreed). */
  if (1 - pe < 1e-12)
    return FALSE;

  kappa = (po - pe) / (1 - pe);
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double w = weights[i * k + j];
        double d = w - (row_w[i] + col_w[j]) * (1 - kappa);
        double d0 = w - (row_w[i] + col_w[j]);

        sum += counts[i * k + j] / n * d * d;
        sum0 += rows[i] * cols[j] * d0 * d0;
      }
  var = (sum - pow (kappa - pe * (1 - kappa), 2)) / (n * pow (1 - pe, 2));
  var0 = (sum0 - pe * pe) / (n * pow (1 - pe, 2));

  out->defined = TRUE;
  out->kappa = kappa;
  out->se = sqrt (MAX (var, 0));
  out->se0 = sqrt (MAX (var0, 0));
  out->lower = MAX (-1, kappa - 1.959963984540054 * out->se);
  out->upper = MIN (1, kappa + 1.959963984540054 * out->se);
  return TRUE;
}

double
wm_audit_ratio_share (WmAuditRatio ratio)
{
  return ratio.n > 0 ? (double) ratio.hits / ratio.n : NAN;
}

static void
ratio_add (WmAuditRatio *ratio,
           gboolean      hit)
{
  ratio->n++;
  if (hit)
    ratio->hits++;
}

/* ---------- windows ---------- */

static const char *const month_abbrev[] = {
  "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static guint32
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static WmAuditWindow *
window_new (int      year,
            int      first_month,
            int      months,
            gboolean quarter)
{
  WmAuditWindow *w = g_new0 (WmAuditWindow, 1);
  int last_month = first_month + months - 1;

  w->first_day = julian (year, first_month, 1);
  w->last_day = julian (year, last_month, g_date_get_days_in_month (last_month, year));
  if (quarter)
    w->label = g_strdup_printf ("Q%d %d", (first_month - 1) / 3 + 1, year);
  else
    w->label = g_strdup_printf ("%s–%s %d", month_abbrev[first_month], month_abbrev[last_month],
                                year);
  return w;
}

static void
window_free (gpointer data)
{
  WmAuditWindow *w = data;

  g_free (w->label);
  g_free (w);
}

/* Windows of @months months (2: Jan–Feb, Mar–Apr …; 3: calendar
 * quarters) from the one holding @first to the one holding @last. */
static GPtrArray *
make_windows (guint32 first,
              guint32 last,
              int     months)
{
  GPtrArray *windows = g_ptr_array_new_with_free_func (window_free);
  GDate date;
  int year, month;

  if (first == 0 || last < first)
    return windows;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, first);
  year = g_date_get_year (&date);
  month = g_date_get_month (&date);
  month -= (month - 1) % months;
  for (;;)
    {
      WmAuditWindow *w = window_new (year, month, months, months == 3);

      g_ptr_array_add (windows, w);
      if (w->last_day >= last)
        break;
      month += months;
      if (month > 12)
        {
          month -= 12;
          year++;
        }
    }
  return windows;
}

static WmAuditWindow *
window_for (GPtrArray *windows,
            guint32    day)
{
  for (guint i = 0; day && i < windows->len; i++)
    {
      WmAuditWindow *w = windows->pdata[i];
      if (day >= w->first_day && day <= w->last_day)
        return w;
    }
  return NULL;
}

/* ---------- statistics ---------- */

static void
domain_stats_free (gpointer data)
{
  WmAuditDomainStats *d = data;

  g_free (d->code);
  g_free (d->title);
  g_free (d->label);
  g_free (d->distribution);
  g_free (d);
}

static void
group_free (gpointer data)
{
  WmAuditGroupStats *g = data;

  g_free (g->key);
  g_free (g->label);
  g_free (g);
}

static void
rater_free (gpointer data)
{
  WmAuditRaterStats *r = data;

  g_free (r->name);
  g_free (r);
}

static void
level_copy_clear (gpointer data)
{
  WmAuditLevel *l = data;

  g_free (l->id);
  g_free (l->label);
  g_free (l->colour);
}

void
wm_audit_stats_free (WmAuditStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->from);
  g_free (stats->to);
  g_clear_pointer (&stats->levels, g_array_unref);
  g_clear_pointer (&stats->domains, g_ptr_array_unref);
  g_clear_pointer (&stats->by_type, g_ptr_array_unref);
  g_clear_pointer (&stats->by_agency, g_ptr_array_unref);
  g_clear_pointer (&stats->windows, g_ptr_array_unref);
  g_clear_pointer (&stats->quarters, g_ptr_array_unref);
  g_clear_pointer (&stats->auditors, g_ptr_array_unref);
  g_free (stats);
}

static int
compare_level_order (gconstpointer a,
                     gconstpointer b)
{
  const WmAuditLevel *x = a, *y = b;

  if (x->is_na != y->is_na)
    return x->is_na ? 1 : -1;
  return (y->value > x->value) - (y->value < x->value);
}

static int
level_index (const WmAuditStats *stats,
             int                 value)
{
  for (guint i = 0; i < stats->levels->len; i++)
    if (g_array_index (stats->levels, WmAuditLevel, i).value == value)
      return (int) i;
  return -1;
}

/* The position of @value on the scale, lowest first (for kappa's table),
 * or -1 for N/A and values off the scale. */
static int
scale_index (const WmAuditStats *stats,
             guint               k,
             int                 value)
{
  int i = level_index (stats, value);

  if (i < 0 || g_array_index (stats->levels, WmAuditLevel, i).is_na)
    return -1;
  /* levels run highest first with N/A last: reverse the scale's part */
  return (int) k - 1 - i;
}

static WmAuditGroupStats *
group_for (GPtrArray  *groups,
           const char *key,
           const char *label)
{
  WmAuditGroupStats *g;

  for (guint i = 0; i < groups->len; i++)
    if (g_str_equal (((WmAuditGroupStats *) groups->pdata[i])->key, key))
      return groups->pdata[i];
  g = g_new0 (WmAuditGroupStats, 1);
  g->key = g_strdup (key);
  g->label = g_strdup (label);
  g_ptr_array_add (groups, g);
  return g;
}

static WmAuditRaterStats *
rater_for (GPtrArray  *raters,
           const char *name)
{
  WmAuditRaterStats *r;

  for (guint i = 0; i < raters->len; i++)
    if (g_str_equal (((WmAuditRaterStats *) raters->pdata[i])->name, name))
      return raters->pdata[i];
  r = g_new0 (WmAuditRaterStats, 1);
  r->name = g_strdup (name);
  g_ptr_array_add (raters, r);
  return r;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const WmAuditGroupStats *x = *(WmAuditGroupStats *const *) a;
  const WmAuditGroupStats *y = *(WmAuditGroupStats *const *) b;

  return g_utf8_collate (x->label, y->label);
}

static int
compare_raters (gconstpointer a,
                gconstpointer b)
{
  const WmAuditRaterStats *x = *(WmAuditRaterStats *const *) a;
  const WmAuditRaterStats *y = *(WmAuditRaterStats *const *) b;

  return g_utf8_collate (x->name, y->name);
}

static int
type_order (const char *type)
{
  const char *const *types = wm_audit_types ();

  for (int i = 0; types[i]; i++)
    if (g_strcmp0 (types[i], type) == 0)
      return i;
  return G_MAXINT;
}

static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  const WmAuditGroupStats *x = *(WmAuditGroupStats *const *) a;
  const WmAuditGroupStats *y = *(WmAuditGroupStats *const *) b;
  int ox = type_order (x->key), oy = type_order (y->key);

  return ox != oy ? (ox < oy ? -1 : 1) : g_strcmp0 (x->key, y->key);
}

static guint32
day_of (const WmAudit *audit)
{
  const char *date = audit->audit_date ? audit->audit_date : audit->meeting_date;
  GDate d;

  if (date == NULL || !wm_date_from_iso (date, &d))
    return 0;
  return g_date_get_julian (&d);
}

static guint32
iso_day (const char *iso)
{
  GDate d;

  if (iso == NULL || !wm_date_from_iso (iso, &d))
    return 0;
  return g_date_get_julian (&d);
}

/**
 * wm_audit_stats_compute_for:
 * @audits: (element-type WmAudit): the audits to count
 * @templates: (element-type utf8 WmAuditTemplate): their templates by id
 * @from: (nullable): the first day of the period (ISO), for the windows
 * @to: (nullable): its last day
 *
 * The statistics of these audits: a pure function, for tests and for
 * figures over audits that are not in a store.
 */
WmAuditStats *
wm_audit_stats_compute_for (GPtrArray  *audits,
                            GHashTable *templates,
                            const char *from,
                            const char *to)
{
  g_autoptr(WmAuditStats) stats = g_new0 (WmAuditStats, 1);
  g_autoptr(GHashTable) domain_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) domain_tables = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *overall_table = NULL;
  g_autofree double *domain_table = NULL;
  g_autofree double *weights = NULL;
  guint32 first = iso_day (from), last = iso_day (to), earliest = 0, latest = 0;
  guint k = 0;

  g_return_val_if_fail (audits != NULL && templates != NULL, NULL);

  stats->from = g_strdup (from);
  stats->to = g_strdup (to);
  stats->levels = g_array_new (FALSE, TRUE, sizeof (WmAuditLevel));
  g_array_set_clear_func (stats->levels, level_copy_clear);
  stats->domains = g_ptr_array_new_with_free_func (domain_stats_free);
  stats->by_type = g_ptr_array_new_with_free_func (group_free);
  stats->by_agency = g_ptr_array_new_with_free_func (group_free);
  stats->auditors = g_ptr_array_new_with_free_func (rater_free);

  /* The scale: every level of the templates these audits use. */
  for (guint a = 0; a < audits->len; a++)
    {
      const WmAudit *audit = audits->pdata[a];
      const WmAuditTemplate *tmpl = audit->template_id ? g_hash_table_lookup (templates, audit->template_id) : NULL;

      for (guint i = 0; tmpl && i < tmpl->levels->len; i++)
        {
          const WmAuditLevel *l = &g_array_index (tmpl->levels, WmAuditLevel, i);
          WmAuditLevel copy = { NULL, l->value, g_strdup (l->label), g_strdup (l->colour),
                                l->is_na, l->meets_standard };

          if (level_index (stats, l->value) >= 0)
            {
              level_copy_clear (&copy);
              continue;
            }
          g_array_append_val (stats->levels, copy);
        }
    }
  g_array_sort (stats->levels, compare_level_order);
  for (guint i = 0; i < stats->levels->len; i++)
    if (!g_array_index (stats->levels, WmAuditLevel, i).is_na)
      k++;
  overall_table = g_new0 (double, (gsize) k * k + 1);
  domain_table = g_new0 (double, (gsize) k * k + 1);

  for (guint a = 0; a < audits->len; a++)
    {
      const WmAudit *audit = audits->pdata[a];
      const WmAuditTemplate *tmpl = audit->template_id ? g_hash_table_lookup (templates, audit->template_id) : NULL;
      const char *auditor = audit->auditor && audit->auditor[0] ? audit->auditor : "Auditor not named";
      WmAuditRaterStats *rater;
      guint32 day = day_of (audit);
      int met;

      /* an audit whose template was deleted elsewhere cannot be read */
      if (tmpl == NULL)
        continue;
      stats->audits++;
      if (wm_audit_is_moderated (audit, tmpl))
        stats->moderated++;
      if (day != 0)
        {
          earliest = earliest == 0 ? day : MIN (earliest, day);
          latest = MAX (latest, day);
        }
      rater = rater_for (stats->auditors, auditor);

      if (audit->overall_auditor != WM_AUDIT_UNSCORED && audit->overall_moderator != WM_AUDIT_UNSCORED)
        {
          int i = scale_index (stats, k, audit->overall_auditor);
          int j = scale_index (stats, k, audit->overall_moderator);

          ratio_add (&stats->overall, audit->overall_auditor == audit->overall_moderator);
          ratio_add (&rater->overall, audit->overall_auditor == audit->overall_moderator);
          if (i >= 0 && j >= 0)
            overall_table[i * k + j]++;
        }

      for (guint d = 0; d < tmpl->domains->len; d++)
        {
          const WmAuditDomain *domain = &g_array_index (tmpl->domains, WmAuditDomain, d);
          const WmAuditScore *score = wm_audit_get_score (audit, domain->id);
          g_autofree char *key = g_strdup_printf ("%s\x1f%s", domain->code ? domain->code : "",
                                                  domain->title ? domain->title : "");
          guint position = GPOINTER_TO_UINT (g_hash_table_lookup (domain_by_key, key));
          int agreed = wm_audit_agreed_level (audit, domain->id);
          WmAuditDomainStats *ds;
          double *table;

          /* the same domain in several templates (versions, or the new and
           * amended plan templates) is counted as one */
          if (position == 0)
            {
              ds = g_new0 (WmAuditDomainStats, 1);
              ds->code = g_strdup (domain->code);
              ds->title = g_strdup (domain->title);
              ds->label = wm_audit_domain_label (domain);
              ds->distribution = g_new0 (guint, stats->levels->len + 1);
              g_ptr_array_add (stats->domains, ds);
              g_ptr_array_add (domain_tables, g_new0 (double, (gsize) k * k + 1));
              position = stats->domains->len;
              g_hash_table_insert (domain_by_key, g_steal_pointer (&key), GUINT_TO_POINTER (position));
            }
          ds = stats->domains->pdata[position - 1];
          table = domain_tables->pdata[position - 1];

          if (agreed != WM_AUDIT_UNSCORED && level_index (stats, agreed) >= 0)
            {
              ds->distribution[level_index (stats, agreed)]++;
              ds->scored++;
            }
          if (score == NULL || score->auditor_level == WM_AUDIT_UNSCORED
              || score->moderator_level == WM_AUDIT_UNSCORED)
            continue;
          {
            gboolean a_na = wm_audit_template_is_na (tmpl, score->auditor_level);
            gboolean m_na = wm_audit_template_is_na (tmpl, score->moderator_level);
            int i = scale_index (stats, k, score->auditor_level);
            int j = scale_index (stats, k, score->moderator_level);
            gboolean same = score->auditor_level == score->moderator_level;

            if (a_na && m_na)
              continue;
            ratio_add (&ds->exact, same);
            ratio_add (&stats->domain_exact, same);
            ratio_add (&rater->domains, same);
            if (i < 0 || j < 0)
              continue;
            ratio_add (&ds->within_one, ABS (i - j) <= 1);
            ratio_add (&stats->domain_within_one, ABS (i - j) <= 1);
            table[i * k + j]++;
            domain_table[i * k + j]++;
          }
        }

      met = wm_audit_meets_standard (audit, tmpl);
      if (met >= 0)
        {
          const char *agency = audit->agency && audit->agency[0] ? audit->agency : "Agency not given";
          g_autofree char *agency_key = g_utf8_casefold (agency, -1);

          ratio_add (&stats->standard, met == 1);
          ratio_add (&group_for (stats->by_type, audit->audit_type ? audit->audit_type : "",
                                 wm_audit_type_label (audit->audit_type))->standard, met == 1);
          ratio_add (&group_for (stats->by_agency, agency_key, agency)->standard, met == 1);
        }
    }

  weights = g_new (double, (gsize) k * k + 1);
  for (int w = 0; w < WM_KAPPA_N_WEIGHTINGS; w++)
    {
      wm_kappa_weights (w, k, weights);
      wm_kappa_compute (overall_table, k, weights, &stats->overall_kappa[w]);
      wm_kappa_compute (domain_table, k, weights, &stats->domain_kappa[w]);
    }
  wm_kappa_weights (WM_KAPPA_LINEAR, k, weights);
  for (guint t = 0; t < stats->domains->len; t++)
    wm_kappa_compute (domain_tables->pdata[t], k, weights,
                      &((WmAuditDomainStats *) stats->domains->pdata[t])->kappa_linear);

  g_ptr_array_sort (stats->by_type, compare_types);
  g_ptr_array_sort (stats->by_agency, compare_groups);
  g_ptr_array_sort (stats->auditors, compare_raters);

  /* Cadence over the period asked for, or the audits' own span: a window
   * with no audits is a shortfall to show, not a gap to skip. */
  stats->windows = make_windows (first ? first : earliest, last ? last : latest, 2);
  stats->quarters = make_windows (first ? first : earliest, last ? last : latest, 3);
  for (guint a = 0; a < audits->len; a++)
    {
      const WmAudit *audit = audits->pdata[a];
      const WmAuditTemplate *tmpl = audit->template_id ? g_hash_table_lookup (templates, audit->template_id) : NULL;
      guint32 day = day_of (audit);
      GPtrArray *both[] = { stats->windows, stats->quarters };

      if (tmpl == NULL || day == 0)
        continue;
      for (guint b = 0; b < G_N_ELEMENTS (both); b++)
        {
          WmAuditWindow *w = window_for (both[b], day);
          int met = wm_audit_meets_standard (audit, tmpl);

          if (w == NULL)
            continue;
          w->audits++;
          if (wm_audit_is_moderated (audit, tmpl))
            w->moderated++;
          if (g_strcmp0 (audit->audit_type, WM_AUDIT_TYPE_WARM) == 0)
            w->warm++;
          if (audit->overall_auditor != WM_AUDIT_UNSCORED
              && audit->overall_moderator != WM_AUDIT_UNSCORED)
            ratio_add (&w->overall, audit->overall_auditor == audit->overall_moderator);
          if (met >= 0)
            ratio_add (&w->standard, met == 1);
        }
    }
  return g_steal_pointer (&stats);
}

/**
 * wm_audit_stats_compute:
 * @filter: (nullable): which audits; its from and to also bound the
 *   two-month windows and quarters
 */
WmAuditStats *
wm_audit_stats_compute (WmStore              *store,
                        const WmAuditFilter  *filter,
                        GError              **error)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GHashTable) templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) wm_audit_template_unref);

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  audits = wm_audit_list (store, filter, error);
  if (audits == NULL)
    return NULL;
  for (guint i = 0; i < audits->len; i++)
    {
      const WmAudit *audit = audits->pdata[i];
      WmAuditTemplate *tmpl;

      if (audit->template_id == NULL || g_hash_table_contains (templates, audit->template_id))
        continue;
      tmpl = wm_audit_load_template (store, audit->template_id, NULL);
      if (tmpl != NULL)
        g_hash_table_insert (templates, g_strdup (audit->template_id), tmpl);
    }
  return wm_audit_stats_compute_for (audits, templates, filter ? filter->from : NULL,
                                     filter ? filter->to : NULL);
}

/* ---------- text and CSV ---------- */

static void
append_ratio (GString      *out,
              WmAuditRatio  r,
              const char   *of_what)
{
  if (r.n == 0)
    {
      g_string_append_printf (out, "none yet");
      return;
    }
  /* "1 of 1 audit", "2 of 3 audits" */
  g_string_append_printf (out, "%u of %u %.*s (%.1f%%)", r.hits, r.n,
                          (int) strlen (of_what) - (r.n == 1 && g_str_has_suffix (of_what, "s")),
                          of_what, 100.0 * r.hits / r.n);
}

static void
append_kappa (GString       *out,
              const char    *indent,
              const char    *what,
              const WmKappa *kappa)
{
  g_string_append_printf (out, "%s%s: ", indent, what);
  if (!kappa->defined)
    g_string_append (out, kappa->n > 0 ? "not defined (every level the same)\n" : "no pairs yet\n");
  else
    g_string_append_printf (out, "%.3f (95%% CI %.3f to %.3f, %.0f pairs)\n", kappa->kappa,
                            kappa->lower, kappa->upper, kappa->n);
}

static char *
format_iso (const char *iso)
{
  GDate d;
  char buf[64];

  if (iso == NULL || !wm_date_from_iso (iso, &d))
    return NULL;
  g_date_strftime (buf, sizeof buf, "%-d %b %Y", &d);
  return g_strdup (buf);
}

static const char *
target_word (gboolean met)
{
  return met ? "target met" : "below target";
}

/* What `waymark-cli audit-stats` prints: plain English, for a person. */
char *
wm_audit_stats_to_text (const WmAuditStats *stats)
{
  GString *out = g_string_new (NULL);
  g_autofree char *from = format_iso (stats->from);
  g_autofree char *to = format_iso (stats->to);

  g_return_val_if_fail (stats != NULL, NULL);

  g_string_append (out, "EHC plan audits");
  if (from && to)
    g_string_append_printf (out, ", %s to %s", from, to);
  else if (from)
    g_string_append_printf (out, " from %s", from);
  else if (to)
    g_string_append_printf (out, " to %s", to);
  g_string_append_printf (out, ": %u audit%s, %u moderated in every domain\n\n", stats->audits,
                          stats->audits == 1 ? "" : "s", stats->moderated);

  g_string_append (out, "Auditor and moderator agreement (target 80% on the overall judgement)\n");
  g_string_append (out, "  Overall judgement, exact agreement: ");
  append_ratio (out, stats->overall, "audits");
  if (stats->overall.n > 0)
    g_string_append_printf (out, ", %s",
                            target_word (wm_audit_ratio_share (stats->overall) >= WM_AUDIT_TARGET_AGREEMENT - 1e-9));
  g_string_append_c (out, '\n');
  append_kappa (out, "  ", "Overall judgement, weighted kappa (linear)", &stats->overall_kappa[WM_KAPPA_LINEAR]);
  append_kappa (out, "  ", "Overall judgement, weighted kappa (quadratic)", &stats->overall_kappa[WM_KAPPA_QUADRATIC]);
  append_kappa (out, "  ", "Overall judgement, kappa (unweighted)", &stats->overall_kappa[WM_KAPPA_UNWEIGHTED]);
  g_string_append (out, "  Domain levels, exact agreement: ");
  append_ratio (out, stats->domain_exact, "pairs");
  g_string_append (out, "\n  Domain levels, within one level: ");
  append_ratio (out, stats->domain_within_one, "pairs");
  g_string_append_c (out, '\n');
  append_kappa (out, "  ", "Domain levels, weighted kappa (linear)", &stats->domain_kappa[WM_KAPPA_LINEAR]);
  append_kappa (out, "  ", "Domain levels, weighted kappa (quadratic)", &stats->domain_kappa[WM_KAPPA_QUADRATIC]);
  append_kappa (out, "  ", "Domain levels, kappa (unweighted)", &stats->domain_kappa[WM_KAPPA_UNWEIGHTED]);

  if (stats->domains->len > 0)
    {
      g_string_append (out, "\nBy domain: exact agreement; within one level; agreed levels (");
      for (guint i = 0; i < stats->levels->len; i++)
        {
          const WmAuditLevel *l = &g_array_index (stats->levels, WmAuditLevel, i);
          if (i > 0)
            g_string_append (out, ", ");
          if (l->is_na)
            g_string_append (out, "N/A");
          else
            g_string_append_printf (out, "%d %s", l->value, l->label);
        }
      g_string_append (out, ")\n");
      for (guint d = 0; d < stats->domains->len; d++)
        {
          const WmAuditDomainStats *ds = stats->domains->pdata[d];

          g_string_append_printf (out, "  %s: ", ds->label);
          append_ratio (out, ds->exact, "pairs");
          g_string_append (out, "; ");
          append_ratio (out, ds->within_one, "pairs");
          g_string_append (out, "; levels");
          for (guint i = 0; i < stats->levels->len; i++)
            g_string_append_printf (out, " %u", ds->distribution[i]);
          g_string_append_c (out, '\n');
        }
    }

  g_string_append (out, "\nMeeting the standard in every domain (target 90%)\n  All audits: ");
  append_ratio (out, stats->standard, "fully scored audits");
  g_string_append_c (out, '\n');
  for (guint i = 0; i < stats->by_type->len; i++)
    {
      const WmAuditGroupStats *g = stats->by_type->pdata[i];
      g_string_append_printf (out, "  %s: ", g->label);
      append_ratio (out, g->standard, "audits");
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < stats->by_agency->len; i++)
    {
      const WmAuditGroupStats *g = stats->by_agency->pdata[i];
      g_string_append_printf (out, "  Agency %s: ", g->label);
      append_ratio (out, g->standard, "audits");
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\nAudits moderated every two months (target %d)\n",
                          WM_AUDIT_TARGET_MODERATED);
  for (guint i = 0; i < stats->windows->len; i++)
    {
      const WmAuditWindow *w = stats->windows->pdata[i];
      g_string_append_printf (out, "  %s: %u moderated of %u audited, %s\n", w->label,
                              w->moderated, w->audits,
                              target_word (w->moderated >= WM_AUDIT_TARGET_MODERATED));
    }
  g_string_append_printf (out, "\nWarm (in-depth) audits each quarter (target %d)\n",
                          WM_AUDIT_TARGET_WARM);
  for (guint i = 0; i < stats->quarters->len; i++)
    {
      const WmAuditWindow *w = stats->quarters->pdata[i];
      g_string_append_printf (out, "  %s: %u, %s\n", w->label, w->warm,
                              target_word (w->warm >= WM_AUDIT_TARGET_WARM));
    }

  if (stats->auditors->len > 0)
    {
      g_string_append (out, "\nAgreement by auditor\n");
      for (guint i = 0; i < stats->auditors->len; i++)
        {
          const WmAuditRaterStats *r = stats->auditors->pdata[i];
          g_string_append_printf (out, "  %s: overall judgement ", r->name);
          append_ratio (out, r->overall, "audits");
          g_string_append (out, "; domain levels ");
          append_ratio (out, r->domains, "pairs");
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static char *
format_number (double value,
               int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  if (isnan (value))
    return g_strdup ("");
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
csv_row (GString    *out,
         const char *measure,
         const char *scope,
         const char *detail,
         double      value,
         double      numerator,
         double      denominator,
         double      lower,
         double      upper,
         double      target)
{
  g_autofree char *v = format_number (value, 6);
  g_autofree char *num = format_number (numerator, 0);
  g_autofree char *den = format_number (denominator, 0);
  g_autofree char *lo = format_number (lower, 6);
  g_autofree char *hi = format_number (upper, 6);
  g_autofree char *t = format_number (target, 2);
  const char *cells[] = { measure, scope, detail, v, num, den, lo, hi, t };

  wm_csv_append_row (out, cells, G_N_ELEMENTS (cells));
}

static void
csv_ratio (GString      *out,
           const char   *measure,
           const char   *scope,
           const char   *detail,
           WmAuditRatio  r,
           double        target)
{
  csv_row (out, measure, scope, detail, wm_audit_ratio_share (r), r.hits, r.n, NAN, NAN, target);
}

static void
csv_kappa (GString       *out,
           const char    *measure,
           const char    *scope,
           const WmKappa *kappa)
{
  csv_row (out, measure, scope, "", kappa->defined ? kappa->kappa : NAN, NAN, kappa->n,
           kappa->defined ? kappa->lower : NAN, kappa->defined ? kappa->upper : NAN, NAN);
}

/* One row per figure, for a spreadsheet or the KPI import:
 * measure,scope,detail,value,numerator,denominator,lower,upper,target */
void
wm_audit_stats_to_csv (const WmAuditStats *stats,
                       GString            *out)
{
  static const char *const header[] = {
    "measure", "scope", "detail", "value", "numerator", "denominator", "lower", "upper",
    "target",
  };

  g_return_if_fail (stats != NULL && out != NULL);

  wm_csv_append_row (out, header, G_N_ELEMENTS (header));
  csv_row (out, "audits", "all", "", stats->audits, NAN, NAN, NAN, NAN, NAN);
  csv_row (out, "moderated", "all", "", stats->moderated, NAN, NAN, NAN, NAN, NAN);
  csv_ratio (out, "overall_exact_agreement", "all", "", stats->overall, WM_AUDIT_TARGET_AGREEMENT);
  for (int w = 0; w < WM_KAPPA_N_WEIGHTINGS; w++)
    {
      g_autofree char *measure = g_strdup_printf ("overall_kappa_%s", wm_kappa_weighting_name (w));
      csv_kappa (out, measure, "all", &stats->overall_kappa[w]);
    }
  csv_ratio (out, "domain_exact_agreement", "all", "", stats->domain_exact, NAN);
  csv_ratio (out, "domain_within_one", "all", "", stats->domain_within_one, NAN);
  for (int w = 0; w < WM_KAPPA_N_WEIGHTINGS; w++)
    {
      g_autofree char *measure = g_strdup_printf ("domain_kappa_%s", wm_kappa_weighting_name (w));
      csv_kappa (out, measure, "all", &stats->domain_kappa[w]);
    }
  for (guint d = 0; d < stats->domains->len; d++)
    {
      const WmAuditDomainStats *ds = stats->domains->pdata[d];

      csv_ratio (out, "domain_exact_agreement", ds->label, "", ds->exact, NAN);
      csv_ratio (out, "domain_within_one", ds->label, "", ds->within_one, NAN);
      csv_kappa (out, "domain_kappa_linear", ds->label, &ds->kappa_linear);
      for (guint i = 0; i < stats->levels->len; i++)
        {
          const WmAuditLevel *l = &g_array_index (stats->levels, WmAuditLevel, i);
          g_autofree char *detail = l->is_na ? g_strdup ("N/A")
                                             : g_strdup_printf ("%d %s", l->value, l->label);
          csv_row (out, "level_count", ds->label, detail, ds->distribution[i], NAN, NAN, NAN,
                   NAN, NAN);
        }
    }
  csv_ratio (out, "standard_met", "all", "", stats->standard, WM_AUDIT_TARGET_STANDARD);
  for (guint i = 0; i < stats->by_type->len; i++)
    {
      const WmAuditGroupStats *g = stats->by_type->pdata[i];
      g_autofree char *scope = g_strdup_printf ("type: %s", g->label);
      csv_ratio (out, "standard_met", scope, "", g->standard, WM_AUDIT_TARGET_STANDARD);
    }
  for (guint i = 0; i < stats->by_agency->len; i++)
    {
      const WmAuditGroupStats *g = stats->by_agency->pdata[i];
      g_autofree char *scope = g_strdup_printf ("agency: %s", g->label);
      csv_ratio (out, "standard_met", scope, "", g->standard, WM_AUDIT_TARGET_STANDARD);
    }
  for (guint i = 0; i < stats->windows->len; i++)
    {
      const WmAuditWindow *w = stats->windows->pdata[i];
      csv_row (out, "moderated_in_window", "all", w->label, w->moderated, NAN, NAN, NAN, NAN,
               WM_AUDIT_TARGET_MODERATED);
      csv_ratio (out, "overall_exact_agreement", "window", w->label, w->overall,
                 WM_AUDIT_TARGET_AGREEMENT);
      csv_ratio (out, "standard_met", "window", w->label, w->standard, WM_AUDIT_TARGET_STANDARD);
    }
  for (guint i = 0; i < stats->quarters->len; i++)
    {
      const WmAuditWindow *w = stats->quarters->pdata[i];
      csv_row (out, "warm_in_quarter", "all", w->label, w->warm, NAN, NAN, NAN, NAN,
               WM_AUDIT_TARGET_WARM);
    }
  for (guint i = 0; i < stats->auditors->len; i++)
    {
      const WmAuditRaterStats *r = stats->auditors->pdata[i];
      g_autofree char *scope = g_strdup_printf ("auditor: %s", r->name);
      csv_ratio (out, "overall_exact_agreement", scope, "", r->overall, WM_AUDIT_TARGET_AGREEMENT);
      csv_ratio (out, "domain_exact_agreement", scope, "", r->domains, NAN);
    }
}
