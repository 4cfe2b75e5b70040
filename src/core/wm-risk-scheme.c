#define G_LOG_DOMAIN "wm-risk"

#include "wm-risk-scheme.h"
#include "wm-store-private.h"
#include "wm-error.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (WmRiskScheme, wm_risk_scheme, wm_risk_scheme_ref, wm_risk_scheme_unref)

/* Axis names as the risk_level table stores them. */
static const char *const axis_names[] = { "likelihood", "impact", "severity" };

static void
level_clear (gpointer data)
{
  WmRiskLevel *level = data;

  g_free (level->label);
  g_free (level->description);
}

static void
band_clear (gpointer data)
{
  WmRiskBand *band = data;

  g_free (band->name);
  g_free (band->colour);
}

static GArray *
new_levels (void)
{
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (WmRiskLevel));

  g_array_set_clear_func (levels, level_clear);
  return levels;
}

WmRiskScheme *
wm_risk_scheme_new (WmRiskSchemeKind  kind,
                    const char       *name)
{
  WmRiskScheme *self = g_new0 (WmRiskScheme, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->name = g_strdup (name ? name : "");
  self->likelihood = new_levels ();
  self->impact = new_levels ();
  self->severity = new_levels ();
  self->bands = g_array_new (FALSE, TRUE, sizeof (WmRiskBand));
  g_array_set_clear_func (self->bands, band_clear);
  return self;
}

WmRiskScheme *
wm_risk_scheme_ref (WmRiskScheme *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wm_risk_scheme_unref (WmRiskScheme *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->name);
  g_array_unref (self->likelihood);
  g_array_unref (self->impact);
  g_array_unref (self->severity);
  g_array_unref (self->bands);
  g_free (self);
}

/**
 * wm_risk_scheme_new_default:
 *
 * The 5×5 likelihood × impact matrix of the NHS risk matrix (NPSA, 2008),
 * which most ICBs and many councils use: scores 1–3 low, 4–6 moderate,
 * 8–12 high, 15–25 extreme.  A new plan starts with it.
 *
 * Returns: (transfer full): the scheme, not yet saved
 */
WmRiskScheme *
wm_risk_scheme_new_default (void)
{
  static const char *const likelihood[] = {
    "Rare", "Unlikely", "Possible", "Likely", "Almost certain",
  };
  static const char *const impact[] = {
    "Negligible", "Minor", "Moderate", "Major", "Catastrophic",
  };
  WmRiskScheme *self = wm_risk_scheme_new (WM_RISK_SCHEME_MATRIX,
                                           "Likelihood × impact (NHS 5×5)");

  for (guint i = 0; i < G_N_ELEMENTS (likelihood); i++)
    wm_risk_scheme_add_level (self, WM_RISK_AXIS_LIKELIHOOD, likelihood[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (impact); i++)
    wm_risk_scheme_add_level (self, WM_RISK_AXIS_IMPACT, impact[i], NULL);
  wm_risk_scheme_add_band (self, 1, 3, "Low", "#57e389");
  wm_risk_scheme_add_band (self, 4, 6, "Moderate", "#f6d32d");
  wm_risk_scheme_add_band (self, 8, 12, "High", "#ffa348");
  wm_risk_scheme_add_band (self, 15, 25, "Extreme", "#ed333b");
  /* Tolerate up to moderate: a common appetite for delivery risks, and
   * only a starting point that the board sets for itself. */
  self->appetite = 6;
  return self;
}

/**
 * wm_risk_scheme_new_three_level:
 *
 * One severity scale, Low, Medium and High, as registers rated in words
 * use (the Leicestershire sample).
 *
 * Returns: (transfer full): the scheme, not yet saved
 */
WmRiskScheme *
wm_risk_scheme_new_three_level (void)
{
  WmRiskScheme *self = wm_risk_scheme_new (WM_RISK_SCHEME_SEVERITY, "Severity (High, Medium, Low)");

  wm_risk_scheme_add_level (self, WM_RISK_AXIS_SEVERITY, "Low", NULL);
  wm_risk_scheme_add_level (self, WM_RISK_AXIS_SEVERITY, "Medium", NULL);
  wm_risk_scheme_add_level (self, WM_RISK_AXIS_SEVERITY, "High", NULL);
  wm_risk_scheme_add_band (self, 1, 1, "Low", "#57e389");
  wm_risk_scheme_add_band (self, 2, 2, "Medium", "#f6d32d");
  wm_risk_scheme_add_band (self, 3, 3, "High", "#ed333b");
  return self;
}

GArray *
wm_risk_scheme_get_levels (WmRiskScheme *self,
                           WmRiskAxis    axis)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (axis)
    {
    case WM_RISK_AXIS_LIKELIHOOD:
      return self->likelihood;
    case WM_RISK_AXIS_IMPACT:
      return self->impact;
    case WM_RISK_AXIS_SEVERITY:
    default:
      return self->severity;
    }
}

/* Levels are numbered 1 … n in the order they are added. */
void
wm_risk_scheme_add_level (WmRiskScheme *self,
                          WmRiskAxis    axis,
                          const char   *label,
                          const char   *description)
{
  GArray *levels = wm_risk_scheme_get_levels (self, axis);
  WmRiskLevel level = {
    .value = (int) levels->len + 1,
    .label = g_strdup (label ? label : ""),
    .description = g_strdup (description),
  };

  g_array_append_val (levels, level);
}

void
wm_risk_scheme_add_band (WmRiskScheme *self,
                         int           min_score,
                         int           max_score,
                         const char   *name,
                         const char   *colour)
{
  WmRiskBand band = {
    .min_score = min_score,
    .max_score = max_score,
    .name = g_strdup (name ? name : ""),
    .colour = g_strdup (colour ? colour : "#888888"),
  };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->bands, band);
}

int
wm_risk_scheme_n_levels (WmRiskScheme *self,
                         WmRiskAxis    axis)
{
  return (int) wm_risk_scheme_get_levels (self, axis)->len;
}

const WmRiskLevel *
wm_risk_scheme_get_level (WmRiskScheme *self,
                          WmRiskAxis    axis,
                          int           value)
{
  GArray *levels = wm_risk_scheme_get_levels (self, axis);

  if (value < 1 || value > (int) levels->len)
    return NULL;
  return &g_array_index (levels, WmRiskLevel, value - 1);
}

/* "4", "Likely", "likely", "4 Likely", "4 - Likely": what people type in a
 * spreadsheet.  Returns the level's value, or 0 when @text is none. */
int
wm_risk_scheme_parse_level (WmRiskScheme *self,
                            WmRiskAxis    axis,
                            const char   *text)
{
  GArray *levels = wm_risk_scheme_get_levels (self, axis);
  g_autofree char *copy = NULL;
  char *end = NULL;
  gint64 number;

  if (text == NULL)
    return 0;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return 0;

  for (guint i = 0; i < levels->len; i++)
    {
      g_autofree char *a = g_utf8_casefold (g_array_index (levels, WmRiskLevel, i).label, -1);
      g_autofree char *b = g_utf8_casefold (copy, -1);

      if (g_str_equal (a, b))
        return (int) i + 1;
    }

  number = g_ascii_strtoll (copy, &end, 10);
  if (end == copy || number < 1 || number > (gint64) levels->len)
    return 0;
  /* A number alone, or a number and the level's own label. */
  while (*end == ' ' || *end == '-' || *end == ':' || *end == '.' || *end == '=')
    end++;
  if (*end != '\0')
    {
      g_autofree char *a = g_utf8_casefold (g_array_index (levels, WmRiskLevel, number - 1).label,
                                            -1);
      g_autofree char *b = g_utf8_casefold (end, -1);

      if (!g_str_equal (a, b))
        return 0;
    }
  return (int) number;
}

/* "1 (Rare) to 5 (Almost certain)", or "Low, Medium or High": for the
 * message when a value is outside the scheme. */
char *
wm_risk_scheme_describe_levels (WmRiskScheme *self,
                                WmRiskAxis    axis)
{
  GArray *levels = wm_risk_scheme_get_levels (self, axis);
  GString *text = g_string_new (NULL);

  if (levels->len == 0)
    return g_string_free (text, FALSE);
  if (axis == WM_RISK_AXIS_SEVERITY)
    {
      for (guint i = 0; i < levels->len; i++)
        g_string_append_printf (text, "%s%s", i == 0 ? "" : i + 1 == levels->len ? " or " : ", ",
                                g_array_index (levels, WmRiskLevel, i).label);
      return g_string_free (text, FALSE);
    }
  g_string_append_printf (text, "1 (%s) to %u (%s)", g_array_index (levels, WmRiskLevel, 0).label,
                          levels->len,
                          g_array_index (levels, WmRiskLevel, levels->len - 1).label);
  return g_string_free (text, FALSE);
}

int
wm_risk_scheme_max_score (WmRiskScheme *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kind == WM_RISK_SCHEME_SEVERITY)
    return (int) self->severity->len;
  return (int) (self->likelihood->len * self->impact->len);
}

/* Likelihood × impact on a matrix; 0 when either is not yet assessed. */
int
wm_risk_scheme_score (WmRiskScheme *self,
                      int           likelihood,
                      int           impact)
{
  g_return_val_if_fail (self != NULL, 0);

  if (likelihood < 1 || impact < 1)
    return 0;
  return likelihood * impact;
}

/* The band a score falls in.  A score between bands (7 on the NHS matrix
 * cannot happen, but a hand-made scheme may leave gaps) takes the band
 * below it, so every score has a colour. */
const WmRiskBand *
wm_risk_scheme_band_for_score (WmRiskScheme *self,
                               int           score)
{
  const WmRiskBand *below = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (score < 1 || self->bands->len == 0)
    return NULL;
  for (guint i = 0; i < self->bands->len; i++)
    {
      const WmRiskBand *band = &g_array_index (self->bands, WmRiskBand, i);

      if (score >= band->min_score && score <= band->max_score)
        return band;
      if (band->max_score < score && (below == NULL || band->max_score > below->max_score))
        below = band;
    }
  return below ? below : &g_array_index (self->bands, WmRiskBand, 0);
}

/* "20" on a matrix, "High" on a severity scale; NULL for no score. */
char *
wm_risk_scheme_format_score (WmRiskScheme *self,
                             int           score)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (score < 1)
    return NULL;
  if (self->kind == WM_RISK_SCHEME_SEVERITY)
    {
      const WmRiskLevel *level = wm_risk_scheme_get_level (self, WM_RISK_AXIS_SEVERITY, score);
      return g_strdup (level ? level->label : "");
    }
  return g_strdup_printf ("%d", score);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
colour_ok (const char *colour)
{
  if (colour == NULL || strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

/**
 * wm_risk_scheme_check:
 * @self: a scheme
 * @error: return location for a #GError
 *
 * A usable scheme: 2 to 10 levels on each axis, every level labelled,
 * bands that do not overlap and give every possible score a band, colours
 * as #rrggbb, an appetite within the scores.
 *
 * Returns: %TRUE when the scheme can be used
 */
gboolean
wm_risk_scheme_check (WmRiskScheme  *self,
                      GError       **error)
{
  WmRiskAxis axes[2];
  guint n_axes;
  int max;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind == WM_RISK_SCHEME_SEVERITY)
    {
      axes[0] = WM_RISK_AXIS_SEVERITY;
      n_axes = 1;
    }
  else
    {
      axes[0] = WM_RISK_AXIS_LIKELIHOOD;
      axes[1] = WM_RISK_AXIS_IMPACT;
      n_axes = 2;
    }
  for (guint a = 0; a < n_axes; a++)
    {
      GArray *levels = wm_risk_scheme_get_levels (self, axes[a]);

      if (levels->len < 2 || levels->len > 10)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "The %s scale has %u levels; a risk scheme needs 2 to 10.",
                       axis_names[axes[a]], levels->len);
          return FALSE;
        }
      for (guint i = 0; i < levels->len; i++)
        if (is_blank (g_array_index (levels, WmRiskLevel, i).label))
          {
            g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                         "Level %u of the %s scale has no label.", i + 1, axis_names[axes[a]]);
            return FALSE;
          }
    }

  max = wm_risk_scheme_max_score (self);
  if (self->bands->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The risk scheme has no bands: give at least one (for example 1–%d Low).",
                   max);
      return FALSE;
    }
  for (guint i = 0; i < self->bands->len; i++)
    {
      const WmRiskBand *band = &g_array_index (self->bands, WmRiskBand, i);

      if (is_blank (band->name))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Band %u (scores %d–%d) has no name.", i + 1, band->min_score,
                       band->max_score);
          return FALSE;
        }
      if (band->min_score < 1 || band->max_score > max || band->min_score > band->max_score)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Band “%s”: scores %d–%d are not within 1–%d.", band->name,
                       band->min_score, band->max_score, max);
          return FALSE;
        }
      if (!colour_ok (band->colour))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Band “%s”: “%s” is not a colour; write it as #rrggbb.", band->name,
                       band->colour ? band->colour : "");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          const WmRiskBand *other = &g_array_index (self->bands, WmRiskBand, j);

          if (band->min_score <= other->max_score && other->min_score <= band->max_score)
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           "Bands “%s” (%d–%d) and “%s” (%d–%d) overlap.", other->name,
                           other->min_score, other->max_score, band->name, band->min_score,
                           band->max_score);
              return FALSE;
            }
        }
    }

  /* Every score a risk can have must fall in a band, or its cell has no
   * colour: on a matrix only the products l × i can occur. */
  for (int l = 1; l <= (self->kind == WM_RISK_SCHEME_SEVERITY ? 1 : (int) self->likelihood->len); l++)
    for (int i = 1; i <= (self->kind == WM_RISK_SCHEME_SEVERITY ? max : (int) self->impact->len); i++)
      {
        int score = self->kind == WM_RISK_SCHEME_SEVERITY ? i : l * i;
        gboolean found = FALSE;

        for (guint b = 0; b < self->bands->len && !found; b++)
          found = score >= g_array_index (self->bands, WmRiskBand, b).min_score
                  && score <= g_array_index (self->bands, WmRiskBand, b).max_score;
        if (!found)
          {
            g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                         "No band holds the score %d: every score from 1 to %d needs a band.",
                         score, max);
            return FALSE;
          }
      }

  if (self->appetite < 0 || self->appetite > max)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Risk appetite %d is not a score of this scheme (1–%d, or 0 for none).",
                   self->appetite, max);
      return FALSE;
    }
  return TRUE;
}

/* ---------- the store ---------- */

static gboolean
risks_rated_in_words (WmStore  *store,
                      GError  **error)
{
  sqlite3_stmt *stmt = wm_store_prepare (store,
                                         "SELECT"
                                         " sum(likelihood_before IS NOT NULL OR impact_before IS NOT NULL"
                                         "  OR likelihood_after IS NOT NULL OR impact_after IS NOT NULL),"
                                         " sum(lower(severity_before) IN ('low', 'medium', 'high')"
                                         "  OR lower(severity_after) IN ('low', 'medium', 'high'))"
                                         " FROM risk",
                                         error);
  gboolean words = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    words = sqlite3_column_int (stmt, 0) == 0 && sqlite3_column_int (stmt, 1) > 0;
  sqlite3_reset (stmt);
  return words;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * wm_risk_scheme_load:
 * @store: the plan's store
 * @error: return location for a #GError
 *
 * The plan's scheme.  A plan that never saved one gets the NHS 5×5
 * matrix, or, when its risks are rated only in the words Low, Medium and
 * High (a register from before schemes), the three-level scale, so that
 * such a register still draws.
 *
 * Returns: (transfer full): the scheme, or %NULL on a read error
 */
WmRiskScheme *
wm_risk_scheme_load (WmStore  *store,
                     GError  **error)
{
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(WmRiskScheme) self = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  plan = wm_store_get_plan (store, &local_error);
  if (plan == NULL && !g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  /* Two laptops may each have saved a scheme for the plan before they
   * synced: every laptop then picks the same one, the lowest id. */
  stmt = wm_store_prepare (store,
                           "SELECT id, kind, name, appetite FROM risk_scheme WHERE plan_id IS ? "
                           "ORDER BY id LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, plan ? wm_record_get_id (plan) : NULL, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);

      self = wm_risk_scheme_new (g_strcmp0 (kind, "severity") == 0 ? WM_RISK_SCHEME_SEVERITY
                                                                   : WM_RISK_SCHEME_MATRIX,
                                 (const char *) sqlite3_column_text (stmt, 2));
      self->id = dup_column (stmt, 0);
      self->appetite = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the risk scheme");
      return NULL;
    }
  if (self == NULL)
    {
      if (risks_rated_in_words (store, NULL))
        return wm_risk_scheme_new_three_level ();
      return wm_risk_scheme_new_default ();
    }

  /* Levels: one per value and axis; a duplicate from a merge is ignored,
   * deterministically. */
  stmt = wm_store_prepare (store,
                           "SELECT axis, value, label, description FROM risk_level "
                           "WHERE scheme_id = ? ORDER BY value, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *axis_name = (const char *) sqlite3_column_text (stmt, 0);
      int value = sqlite3_column_int (stmt, 1);

      for (guint a = 0; a < G_N_ELEMENTS (axis_names); a++)
        if (g_strcmp0 (axis_name, axis_names[a]) == 0)
          {
            GArray *levels = wm_risk_scheme_get_levels (self, a);

            if (value == (int) levels->len + 1)
              wm_risk_scheme_add_level (self, a, (const char *) sqlite3_column_text (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3));
          }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the risk scheme");
      return NULL;
    }

  stmt = wm_store_prepare (store,
                           "SELECT min_score, max_score, name, colour FROM risk_band "
                           "WHERE scheme_id = ? ORDER BY min_score, sort_order, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    wm_risk_scheme_add_band (self, sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 2),
                             (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the risk scheme");
      return NULL;
    }

  /* A scheme half-received from another laptop is not usable yet. */
  if (!wm_risk_scheme_check (self, NULL))
    {
      g_debug ("the plan's risk scheme %s is incomplete; using the default", self->id);
      return self->kind == WM_RISK_SCHEME_SEVERITY ? wm_risk_scheme_new_three_level ()
                                                   : wm_risk_scheme_new_default ();
    }
  return g_steal_pointer (&self);
}

static gboolean
delete_where (WmStore    *store,
              const char *table,
              const char *column,
              const char *value,
              GError    **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, table, column, value, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!wm_store_delete (store, table, wm_record_get_id (rows->pdata[i]), error))
      return FALSE;
  return TRUE;
}

/**
 * wm_risk_scheme_save:
 * @self: a scheme that passes wm_risk_scheme_check()
 * @store: the plan's store
 * @error: return location for a #GError
 *
 * Makes @self the plan's scheme, replacing the one it had.  Risks keep
 * their levels as numbers: a level outside a smaller new scheme shows as
 * not assessed until someone rescores it.
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_scheme_save (WmRiskScheme  *self,
                     WmStore       *store,
                     GError       **error)
{
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autofree char *appetite = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  if (!wm_risk_scheme_check (self, error))
    return FALSE;
  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return FALSE;
  if (!wm_store_begin (store, error))
    return FALSE;

  old = wm_store_list (store, "risk_scheme", "plan_id", wm_record_get_id (plan), error);
  if (old == NULL)
    goto fail;
  for (guint i = 0; i < old->len; i++)
    {
      const char *old_id = wm_record_get_id (old->pdata[i]);

      if (!delete_where (store, "risk_level", "scheme_id", old_id, error)
          || !delete_where (store, "risk_band", "scheme_id", old_id, error)
          || !wm_store_delete (store, "risk_scheme", old_id, error))
        goto fail;
    }

  appetite = g_strdup_printf ("%d", self->appetite);
  id = wm_store_insert (store, "risk_scheme", error,
                        "plan_id", wm_record_get_id (plan),
                        "kind", self->kind == WM_RISK_SCHEME_SEVERITY ? "severity" : "matrix",
                        "name", self->name,
                        "appetite", self->appetite > 0 ? appetite : NULL,
                        NULL);
  if (id == NULL)
    goto fail;
  for (guint a = 0; a < G_N_ELEMENTS (axis_names); a++)
    {
      GArray *levels = wm_risk_scheme_get_levels (self, a);

      for (guint i = 0; i < levels->len; i++)
        {
          const WmRiskLevel *level = &g_array_index (levels, WmRiskLevel, i);
          g_autofree char *value = g_strdup_printf ("%d", level->value);
          g_autofree char *level_id = wm_store_insert (store, "risk_level", error,
                                                       "scheme_id", id,
                                                       "axis", axis_names[a],
                                                       "value", value,
                                                       "label", level->label,
                                                       "description", level->description,
                                                       NULL);
          if (level_id == NULL)
            goto fail;
        }
    }
  for (guint i = 0; i < self->bands->len; i++)
    {
      const WmRiskBand *band = &g_array_index (self->bands, WmRiskBand, i);
      g_autofree char *min = g_strdup_printf ("%d", band->min_score);
      g_autofree char *max = g_strdup_printf ("%d", band->max_score);
      g_autofree char *order = g_strdup_printf ("%u", i);
      g_autofree char *band_id = wm_store_insert (store, "risk_band", error,
                                                  "scheme_id", id,
                                                  "min_score", min,
                                                  "max_score", max,
                                                  "name", band->name,
                                                  "colour", band->colour,
                                                  "sort_order", order,
                                                  NULL);
      if (band_id == NULL)
        goto fail;
    }
  if (!wm_store_commit (store, error))
    return FALSE;
  g_free (self->id);
  self->id = g_steal_pointer (&id);
  return TRUE;

fail:
  wm_store_rollback (store);
  return FALSE;
}
