/* test-risk.c: the risk register's core: schemes and bands, validation,
 * score history and trend, refs, the Red-mitigation flag, CSV in and out */
#include <string.h>

#include "test-helpers.h"
#include "wm-csv-reader.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-risk.h"
#include "wm-risk-csv.h"
#include "wm-risk-scheme.h"
#include "wm-sample.h"
#include "wm-store.h"

typedef struct
{
  char    *dir;
  WmStore *store;
} Fixture;

static void
fixture_open (Fixture  *fixture,
              gboolean  sample)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = test_dir_new ();
  path = g_build_filename (fixture->dir, "plan.waymark", NULL);
  fixture->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  if (sample)
    g_assert_true (wm_sample_load (fixture->store, &error));
  else
    {
      g_autofree char *id = wm_store_create_plan (fixture->store, "Testshire", "Test plan", &error);
      g_assert_nonnull (id);
    }
  g_assert_no_error (error);
}

static void
sample_setup (Fixture       *fixture,
              gconstpointer  data)
{
  fixture_open (fixture, TRUE);
}

static void
empty_setup (Fixture       *fixture,
             gconstpointer  data)
{
  fixture_open (fixture, FALSE);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->store);
  test_dir_free (fixture->dir);
}

static GHashTable *
values_new (const char *first_column,
            ...)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first_column);
  for (const char *column = first_column; column; column = va_arg (args, const char *))
    g_hash_table_insert (values, (gpointer) column, va_arg (args, char *));
  va_end (args);
  return values;
}

static WmRisk *
find_risk (WmStore    *store,
           const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) record = wm_store_find_risk (store, ref, &error);

  g_assert_no_error (error);
  return wm_risk_load (store, NULL, wm_record_get_id (record), &error);
}

/* ---------- schemes ---------- */

static void
test_scheme_default (void)
{
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_new_default ();
  g_autoptr(GError) error = NULL;
  static const struct { int score; const char *band; } bands[] = {
    { 1, "Low" }, { 3, "Low" }, { 4, "Moderate" }, { 6, "Moderate" }, { 8, "High" },
    { 12, "High" }, { 15, "Extreme" }, { 25, "Extreme" },
  };
  g_autofree char *levels = wm_risk_scheme_describe_levels (scheme, WM_RISK_AXIS_LIKELIHOOD);

  g_assert_true (wm_risk_scheme_check (scheme, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scheme->kind, ==, WM_RISK_SCHEME_MATRIX);
  g_assert_cmpint (wm_risk_scheme_max_score (scheme), ==, 25);
  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    g_assert_cmpstr (wm_risk_scheme_band_for_score (scheme, bands[i].score)->name, ==,
                     bands[i].band);
  g_assert_null (wm_risk_scheme_band_for_score (scheme, 0));
  g_assert_cmpstr (wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_LIKELIHOOD, 1)->label, ==,
                   "Rare");
  g_assert_cmpstr (wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_LIKELIHOOD, 5)->label, ==,
                   "Almost certain");
  g_assert_cmpstr (wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_IMPACT, 1)->label, ==,
                   "Negligible");
  g_assert_cmpstr (wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_IMPACT, 5)->label, ==,
                   "Catastrophic");
  g_assert_cmpstr (levels, ==, "1 (Rare) to 5 (Almost certain)");

  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, "4"), ==, 4);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, " likely "), ==, 4);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, "5 Almost certain"),
                   ==, 5);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, "5 - Rare"), ==, 0);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, "6"), ==, 0);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_LIKELIHOOD, "0"), ==, 0);
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_IMPACT, "Major"), ==, 4);
}

static void
test_scheme_three_level (void)
{
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_new_three_level ();
  g_autofree char *levels = wm_risk_scheme_describe_levels (scheme, WM_RISK_AXIS_SEVERITY);
  g_autofree char *high = wm_risk_scheme_format_score (scheme, 3);

  g_assert_true (wm_risk_scheme_check (scheme, NULL));
  g_assert_cmpint (scheme->kind, ==, WM_RISK_SCHEME_SEVERITY);
  g_assert_cmpint (wm_risk_scheme_max_score (scheme), ==, 3);
  g_assert_cmpstr (levels, ==, "Low, Medium or High");
  g_assert_cmpstr (high, ==, "High");
  g_assert_cmpint (wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_SEVERITY, "medium"), ==, 2);
  g_assert_cmpstr (wm_risk_scheme_band_for_score (scheme, 3)->colour, ==, "#ed333b");
}

static void
test_scheme_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) overlap = wm_risk_scheme_new_default ();
  g_autoptr(WmRiskScheme) gap = wm_risk_scheme_new (WM_RISK_SCHEME_MATRIX, "3×3");
  g_autoptr(WmRiskScheme) colour = wm_risk_scheme_new_three_level ();

  wm_risk_scheme_add_band (overlap, 10, 16, "Overlapping", "#000000");
  g_assert_false (wm_risk_scheme_check (overlap, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "overlap"));
  g_clear_error (&error);

  for (guint i = 0; i < 3; i++)
    {
      wm_risk_scheme_add_level (gap, WM_RISK_AXIS_LIKELIHOOD, "L", NULL);
      wm_risk_scheme_add_level (gap, WM_RISK_AXIS_IMPACT, "I", NULL);
    }
  wm_risk_scheme_add_band (gap, 1, 3, "Low", "#00ff00");
  wm_risk_scheme_add_band (gap, 6, 9, "High", "#ff0000");
  g_assert_false (wm_risk_scheme_check (gap, &error));
  g_assert_nonnull (strstr (error->message, "No band holds the score 4"));
  g_clear_error (&error);

  g_free (g_array_index (colour->bands, WmRiskBand, 0).colour);
  g_array_index (colour->bands, WmRiskBand, 0).colour = g_strdup ("green");
  g_assert_false (wm_risk_scheme_check (colour, &error));
  g_assert_nonnull (strstr (error->message, "“green” is not a colour"));
}

static void
test_scheme_save_load (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) before = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(WmRiskScheme) custom = wm_risk_scheme_new (WM_RISK_SCHEME_MATRIX, "3×3");
  g_autoptr(WmRiskScheme) after = NULL;
  static const char *const levels[] = { "Low", "Medium", "High" };

  /* A new plan that never saved a scheme uses the NHS 5×5 matrix. */
  g_assert_no_error (error);
  g_assert_null (before->id);
  g_assert_cmpint (before->kind, ==, WM_RISK_SCHEME_MATRIX);
  g_assert_cmpint (wm_risk_scheme_max_score (before), ==, 25);
  g_assert_cmpint (before->appetite, ==, 6);

  for (guint i = 0; i < 3; i++)
    {
      wm_risk_scheme_add_level (custom, WM_RISK_AXIS_LIKELIHOOD, levels[i], "how likely");
      wm_risk_scheme_add_level (custom, WM_RISK_AXIS_IMPACT, levels[i], NULL);
    }
  wm_risk_scheme_add_band (custom, 1, 2, "Green", "#33d17a");
  wm_risk_scheme_add_band (custom, 3, 4, "Amber", "#f6d32d");
  wm_risk_scheme_add_band (custom, 6, 9, "Red", "#e01b24");
  custom->appetite = 4;
  g_assert_true (wm_risk_scheme_save (custom, fixture->store, &error));
  g_assert_no_error (error);

  after = wm_risk_scheme_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->id, ==, custom->id);
  g_assert_cmpstr (after->name, ==, "3×3");
  g_assert_cmpint (after->appetite, ==, 4);
  g_assert_cmpint (wm_risk_scheme_n_levels (after, WM_RISK_AXIS_LIKELIHOOD), ==, 3);
  g_assert_cmpstr (wm_risk_scheme_get_level (after, WM_RISK_AXIS_LIKELIHOOD, 2)->description, ==,
                   "how likely");
  g_assert_cmpuint (after->bands->len, ==, 3);
  g_assert_cmpstr (wm_risk_scheme_band_for_score (after, 6)->name, ==, "Red");

  /* Saving again replaces it: one scheme per plan. */
  g_assert_true (wm_risk_scheme_save (after, fixture->store, &error));
  g_assert_cmpint (wm_store_count (fixture->store, "risk_scheme", NULL), ==, 1);
  g_assert_cmpint (wm_store_count (fixture->store, "risk_band", NULL), ==, 3);
}

/* ---------- the sample register ---------- */

static void
test_sample_register (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRiskScheme) scheme = wm_risk_scheme_load (fixture->store, &error);
  g_autoptr(GPtrArray) risks = wm_risk_list (fixture->store, scheme, &error);
  WmRisk *rr1, *rr3;
  const WmRiskHistoryEntry *entry;

  g_assert_no_error (error);
  g_assert_nonnull (scheme->id);
  g_assert_cmpint (scheme->kind, ==, WM_RISK_SCHEME_SEVERITY);
  g_assert_cmpuint (risks->len, ==, 7);

  rr1 = risks->pdata[0];
  g_assert_cmpstr (wm_risk_get_ref (rr1), ==, "RR1");
  g_assert_cmpint (wm_risk_get_score (rr1, WM_RISK_INHERENT), ==, 3);
  g_assert_cmpint (wm_risk_get_score (rr1, WM_RISK_RESIDUAL), ==, 2);
  g_assert_cmpstr (wm_risk_get_band (rr1, WM_RISK_INHERENT)->name, ==, "High");
  g_assert_cmpstr (wm_risk_get_band (rr1, WM_RISK_RESIDUAL)->name, ==, "Medium");
  g_assert_cmpuint (wm_risk_get_history (rr1)->len, ==, 1);
  entry = &g_array_index (wm_risk_get_history (rr1), WmRiskHistoryEntry, 0);
  g_assert_cmpstr (entry->date, ==, "2023-02-06");
  g_assert_cmpint (entry->score_before, ==, 3);
  g_assert_cmpint (entry->score_after, ==, 2);
  g_assert_null (entry->author);
  g_assert_cmpint (wm_risk_get_trend (rr1), ==, WM_RISK_TREND_NEW);

  /* RR3's mitigation is two lines in the published plan: two mitigations */
  rr3 = risks->pdata[2];
  g_assert_cmpuint (wm_risk_get_mitigations (rr3)->len, ==, 2);
  g_assert_cmpstr (g_array_index (wm_risk_get_mitigations (rr3), WmRiskMitigation, 1).text, ==,
                   "Provide and monitor training for health staff through DCO.");
  g_assert_true (g_str_has_prefix (wm_risk_get (rr3, "mitigation"), "DSCO role"));
}

/* ---------- refs ---------- */

static void
test_next_ref (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = wm_risk_next_ref (fixture->store, &error);
  g_autofree char *after = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GHashTable) values = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "RR8");
  values = values_new ("ref", next, "description", "Test risk", "severity_before", "High", NULL);
  id = wm_risk_create (fixture->store, values, "Test", WM_RISK_WRITE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  after = wm_risk_next_ref (fixture->store, &error);
  g_assert_cmpstr (after, ==, "RR9");
}

static void
test_next_ref_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *next = wm_risk_next_ref (fixture->store, NULL);

  g_assert_cmpstr (next, ==, "RR1");
}

/* ---------- validation ---------- */

static void
expect_invalid (WmStore    *store,
                const char *risk_id,
                GHashTable *values,
                const char *column,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *id = NULL;
  gint64 before = wm_store_count (store, "risk", NULL);

  if (risk_id == NULL)
    id = wm_risk_create (store, values, "Test", WM_RISK_WRITE_DEFAULT, &bad, &error);
  else
    g_assert_false (wm_risk_update (store, risk_id, values, "Test", WM_RISK_WRITE_DEFAULT, &bad,
                                    &error));
  g_assert_null (id);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s → %s", column, error->message);
  g_assert_cmpstr (bad, ==, column);
  /* The message names the field as a person reads it, and the problem. */
  g_assert_true (g_str_has_prefix (error->message, wm_risk_field_label (column)));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_cmpint (wm_store_count (store, "risk", NULL), ==, before);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) good = values_new ("ref", "RR1", "raised", "6th February 2023",
                                           "description", "Capacity", "owner", "Head of SEND",
                                           "likelihood_before", "Likely", "impact_before", "5",
                                           "likelihood_after", "2", "impact_after", "4 Major",
                                           "review_date", "31/03/2023", NULL);
  g_autofree char *id = wm_risk_create (fixture->store, good, "Test", WM_RISK_WRITE_DEFAULT, NULL,
                                        &error);
  g_autoptr(WmRisk) risk = NULL;
  g_autoptr(GHashTable) v1 = values_new ("ref", "RR2", "likelihood_before", "6",
                                         "impact_before", "3", NULL);
  g_autoptr(GHashTable) v2 = values_new ("ref", "RR2", "raised", "2023-02-06",
                                         "review_date", "2023-01-31", NULL);
  g_autoptr(GHashTable) v3 = values_new ("ref", "rr1", NULL);
  g_autoptr(GHashTable) v4 = values_new ("ref", "RR2", "owner", "12345", NULL);
  g_autoptr(GHashTable) v5 = values_new ("status", "closed", NULL);
  g_autoptr(GHashTable) v6 = values_new ("ref", "RR2", "likelihood_after", "3", NULL);
  g_autoptr(GHashTable) v7 = values_new ("review_date", "2023-01-01", NULL);
  g_autoptr(GHashTable) v8 = values_new ("ref", "RR2", "target_score", "30", NULL);
  g_autoptr(GHashTable) v9 = values_new ("ref", "RR2", "review_date", "31/09/2023", NULL);
  g_autoptr(GHashTable) v10 = values_new ("description", "No ref", NULL);
  g_autoptr(GHashTable) v11 = values_new ("ref", "RR2", "status", "pending", NULL);
  g_autoptr(GHashTable) v12 = values_new ("ref", "RR2", "owner", "sena@example.org", NULL);
  g_autoptr(GHashTable) v13 = values_new ("ref", "RR2", "raised", "31/13/2024", NULL);

  g_assert_no_error (error);
  risk = wm_risk_load (fixture->store, NULL, id, &error);
  g_assert_cmpint (wm_risk_get_likelihood (risk, WM_RISK_INHERENT), ==, 4);
  g_assert_cmpint (wm_risk_get_score (risk, WM_RISK_INHERENT), ==, 20);
  g_assert_cmpint (wm_risk_get_score (risk, WM_RISK_RESIDUAL), ==, 8);
  g_assert_cmpstr (wm_risk_get_band (risk, WM_RISK_INHERENT)->name, ==, "Extreme");
  g_assert_cmpstr (wm_risk_get (risk, "raised_date"), ==, "2023-02-06");
  g_assert_cmpstr (wm_risk_get (risk, "raised_text"), ==, "6th February 2023");
  g_assert_cmpstr (wm_risk_get (risk, "review_date"), ==, "2023-03-31");
  g_assert_cmpstr (wm_risk_get_status (risk), ==, "open");
  g_assert_cmpint (wm_risk_get_target (risk), ==, 6);   /* the scheme's appetite */

  expect_invalid (fixture->store, NULL, v1, "likelihood_before", "1 (Rare) to 5 (Almost certain)");
  expect_invalid (fixture->store, NULL, v2, "review_date", "before the risk was raised");
  expect_invalid (fixture->store, NULL, v3, "ref", "already the ref of another risk");
  expect_invalid (fixture->store, NULL, v4, "owner", "not a name or a role");
  expect_invalid (fixture->store, id, v5, "closed_reason", "needs a reason");
  expect_invalid (fixture->store, NULL, v6, "impact_after", "both likelihood and impact");
  expect_invalid (fixture->store, id, v7, "review_date", "06/02/2023");
  expect_invalid (fixture->store, NULL, v8, "target_score", "from 1 to 25");
  expect_invalid (fixture->store, NULL, v9, "review_date", "not a date");
  expect_invalid (fixture->store, NULL, v10, "ref", "needs a ref");
  expect_invalid (fixture->store, NULL, v11, "status", "open, escalated or closed");
  expect_invalid (fixture->store, NULL, v12, "owner", "email address");
  expect_invalid (fixture->store, NULL, v13, "raised", "not a date");
}

static void
test_validation_severity (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) v1 = values_new ("ref", "RR8", "likelihood_before", "3", NULL);
  g_autoptr(GHashTable) v2 = values_new ("ref", "RR8", "severity_after", "Severe", NULL);
  g_autoptr(GHashTable) good = values_new ("ref", "RR8", "severity_before", "high",
                                           "target_score", "Low", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(WmRisk) risk = NULL;

  expect_invalid (fixture->store, NULL, v1, "likelihood_before", "Low, Medium or High");
  expect_invalid (fixture->store, NULL, v2, "severity_after", "outside the scheme");

  id = wm_risk_create (fixture->store, good, "Test", WM_RISK_WRITE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  risk = wm_risk_load (fixture->store, NULL, id, &error);
  g_assert_cmpstr (wm_risk_get (risk, "severity_before"), ==, "High");
  g_assert_cmpint (wm_risk_get_target (risk), ==, 1);
}

/* ---------- history and trend ---------- */

static void
test_history_and_trend (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) create = values_new ("ref", "RR1", "raised", "2024-01-01",
                                             "likelihood_before", "4", "impact_before", "5",
                                             "likelihood_after", "3", "impact_after", "4", NULL);
  g_autoptr(GHashTable) better = values_new ("likelihood_after", "2", "impact_after", "3", NULL);
  g_autoptr(GHashTable) worse = values_new ("likelihood_after", "4", "impact_after", "4", NULL);
  g_autoptr(GHashTable) words = values_new ("description", "Only words change", NULL);
  WmRiskHistoryEntry old = {
    .date = "2024-01-01", .likelihood_before = 4, .impact_before = 5, .score_before = 20,
    .likelihood_after = 3, .impact_after = 4, .score_after = 12, .author = "Risk lead",
  };
  g_autofree char *id = wm_risk_create (fixture->store, create, "Test",
                                        WM_RISK_WRITE_NO_HISTORY, NULL, &error);
  g_autoptr(WmRisk) risk = NULL;
  GArray *history;

  g_assert_no_error (error);
  g_assert_true (wm_risk_add_history (fixture->store, id, &old, &error));

  /* Reviewed today: 12 → 6, falling */
  g_assert_true (wm_risk_update (fixture->store, id, better, "Jane Smith", WM_RISK_WRITE_REVIEWED,
                                 NULL, &error));
  g_assert_no_error (error);
  risk = wm_risk_load (fixture->store, NULL, id, &error);
  history = wm_risk_get_history (risk);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (g_array_index (history, WmRiskHistoryEntry, 1).score_after, ==, 6);
  g_assert_cmpint (g_array_index (history, WmRiskHistoryEntry, 1).score_before, ==, 20);
  g_assert_cmpstr (g_array_index (history, WmRiskHistoryEntry, 1).author, ==, "Jane Smith");
  g_assert_cmpint (wm_risk_get_trend (risk), ==, WM_RISK_TREND_DOWN);
  g_assert_cmpint (wm_risk_get_trend_from (risk), ==, 12);
  g_clear_object (&risk);

  /* A change that is not a score leaves the history alone. */
  g_assert_true (wm_risk_update (fixture->store, id, words, "Jane Smith", WM_RISK_WRITE_DEFAULT,
                                 NULL, &error));
  risk = wm_risk_load (fixture->store, NULL, id, &error);
  g_assert_cmpuint (wm_risk_get_history (risk)->len, ==, 2);
  g_clear_object (&risk);

  /* Every score change is kept: 6 → 16, now rising against 12 */
  g_assert_true (wm_risk_update (fixture->store, id, worse, "Jane Smith", WM_RISK_WRITE_DEFAULT,
                                 NULL, &error));
  risk = wm_risk_load (fixture->store, NULL, id, &error);
  g_assert_cmpuint (wm_risk_get_history (risk)->len, ==, 3);
  g_assert_cmpint (wm_risk_get_trend (risk), ==, WM_RISK_TREND_UP);
}

/* ---------- links, flags, reviews ---------- */

static void
test_red_mitigation_flag (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) rr1 = wm_store_find_risk (fixture->store, "RR1", &error);
  g_autoptr(WmRecord) rr2 = wm_store_find_risk (fixture->store, "RR2", &error);
  g_autoptr(WmRecord) action = wm_store_find_action (fixture->store, "1.3a", &error);
  g_autoptr(GArray) mitigations = wm_risk_mitigations_new ();
  g_autoptr(WmRisk) risk = NULL;
  g_autoptr(GPtrArray) for_action = NULL;
  const char *codes[] = { "1.3a", NULL };
  WmRiskMitigation m = { .text = g_strdup ("Business case for workforce"),
                         .owner = g_strdup ("Head of SEND"), .due_date = g_strdup ("31/01/2024"),
                         .action_code = g_strdup ("1.3a") };

  g_assert_no_error (error);
  g_assert_true (wm_store_set_action_rating (fixture->store, wm_record_get_id (action), "G", NULL,
                                             "Test", &error));
  g_assert_true (wm_risk_set_linked_actions (fixture->store, wm_record_get_id (rr1), codes,
                                             &error));
  g_assert_no_error (error);
  risk = find_risk (fixture->store, "RR1");
  g_assert_false (wm_risk_is_flagged (risk));
  g_assert_cmpuint (wm_risk_get_links (risk)->len, ==, 1);
  g_clear_object (&risk);

  /* Red by code */
  g_assert_true (wm_store_set_action_rating (fixture->store, wm_record_get_id (action), "R", NULL,
                                             "Test", &error));
  risk = find_risk (fixture->store, "RR1");
  g_assert_true (wm_risk_is_flagged (risk));
  g_clear_object (&risk);

  /* A mitigation delivered by a Red action flags its risk too */
  g_array_append_val (mitigations, m);
  g_assert_true (wm_risk_set_mitigations (fixture->store, wm_record_get_id (rr2), mitigations,
                                          NULL, &error));
  g_assert_no_error (error);
  risk = find_risk (fixture->store, "RR2");
  g_assert_true (wm_risk_is_flagged (risk));
  g_assert_cmpstr (g_array_index (wm_risk_get_mitigations (risk), WmRiskMitigation, 0).due_date,
                   ==, "2024-01-31");
  g_assert_cmpstr (g_array_index (wm_risk_get_mitigations (risk), WmRiskMitigation, 0).action_code,
                   ==, "1.3a");
  g_assert_cmpstr (wm_risk_get (risk, "mitigation"), ==, "Business case for workforce");
  g_clear_object (&risk);

  /* From the action: the risks it mitigates */
  for_action = wm_risk_list_for_action (fixture->store, wm_record_get_id (action), &error);
  g_assert_cmpuint (for_action->len, ==, 2);

  /* Back to Green: no flag; and a closed risk is never flagged */
  g_assert_true (wm_store_set_action_rating (fixture->store, wm_record_get_id (action), "Green",
                                             NULL, "Test", &error));
  risk = find_risk (fixture->store, "RR1");
  g_assert_false (wm_risk_is_flagged (risk));
}

static void
test_red_by_label (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ratings = wm_store_list_ratings (fixture->store, &error);
  g_autoptr(WmRecord) rr1 = wm_store_find_risk (fixture->store, "RR1", &error);
  g_autoptr(WmRecord) action = wm_store_find_action (fixture->store, "2.1", &error);
  g_autoptr(WmRisk) risk = NULL;
  const char *red_id = NULL;

  /* A plan whose Red has another code: the label still says Red. */
  for (guint i = 0; i < ratings->len; i++)
    if (g_strcmp0 (wm_record_get (ratings->pdata[i], "code"), "R") == 0)
      red_id = wm_record_get_id (ratings->pdata[i]);
  g_assert_true (wm_store_update (fixture->store, "rating", red_id, &error, "code", "X", NULL));
  g_assert_true (wm_store_update (fixture->store, "action", wm_record_get_id (action), &error,
                                  "rating_id", red_id, NULL));
  g_assert_true (wm_risk_link_action (fixture->store, wm_record_get_id (rr1), "2.1", &error));
  risk = find_risk (fixture->store, "RR1");
  g_assert_true (wm_risk_is_flagged (risk));
}

static void
test_overdue_and_close (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) rr1 = wm_store_find_risk (fixture->store, "RR1", &error);
  g_autoptr(GHashTable) future = values_new ("review_date", "2099-12-31", NULL);
  g_autoptr(WmRisk) risk = find_risk (fixture->store, "RR1");

  /* The sample's reviews were due in June 2023 */
  g_assert_true (wm_risk_is_overdue (risk));
  g_clear_object (&risk);

  g_assert_true (wm_risk_update (fixture->store, wm_record_get_id (rr1), future, "Test",
                                 WM_RISK_WRITE_REVIEWED, NULL, &error));
  risk = find_risk (fixture->store, "RR1");
  g_assert_false (wm_risk_is_overdue (risk));
  g_assert_nonnull (wm_risk_get (risk, "reviewed_date"));
  g_clear_object (&risk);

  g_assert_true (wm_risk_close (fixture->store, wm_record_get_id (rr1),
                                "Capacity restored; accepted by the board", "Test", &error));
  risk = find_risk (fixture->store, "RR1");
  g_assert_true (wm_risk_is_closed (risk));
  g_assert_cmpstr (wm_risk_get (risk, "closed_reason"), ==,
                   "Capacity restored; accepted by the board");
}

static void
test_notes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) rr1 = wm_store_find_risk (fixture->store, "RR1", &error);
  g_autofree char *n1 = wm_risk_add_note (fixture->store, wm_record_get_id (rr1), "1 May 2023",
                                          "DCO", "Interim capacity agreed", &error);
  g_autofree char *n2 = wm_risk_add_note (fixture->store, wm_record_get_id (rr1), "2023-04-01",
                                          "DCO", "Business case drafted", &error);
  g_autofree char *empty = wm_risk_add_note (fixture->store, wm_record_get_id (rr1), NULL, NULL,
                                             "  ", NULL);
  g_autoptr(WmRisk) risk = find_risk (fixture->store, "RR1");
  GArray *notes = wm_risk_get_notes (risk);

  g_assert_no_error (error);
  g_assert_null (empty);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (g_array_index (notes, WmRiskNote, 0).date, ==, "2023-04-01");
  g_assert_cmpstr (g_array_index (notes, WmRiskNote, 1).note, ==, "Interim capacity agreed");
  /* The newest note is the progress, whatever order they were added in */
  g_assert_cmpstr (wm_risk_get (risk, "progress"), ==, "Interim capacity agreed");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) rr3 = wm_store_find_risk (fixture->store, "RR3", &error);

  g_assert_true (wm_risk_delete (fixture->store, wm_record_get_id (rr3), &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (fixture->store, "risk", NULL), ==, 6);
  g_assert_cmpint (wm_store_count (fixture->store, "risk_mitigation", NULL), ==, 6);
  g_assert_cmpint (wm_store_count (fixture->store, "risk_history", NULL), ==, 6);
}

/* ---------- CSV ---------- */

static char *
export_risks (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  GString *csv = g_string_new (NULL);

  g_assert_true (wm_export_csv (store, "risks", csv, &error));
  g_assert_no_error (error);
  return g_string_free (csv, FALSE);
}

static void
test_csv_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) rr1 = wm_store_find_risk (fixture->store, "RR1", &error);
  g_autoptr(GHashTable) change = values_new ("severity_after", "Low", "review_date", "2099-01-31",
                                             NULL);
  const char *codes[] = { "1.3a", "2.1", NULL };
  g_autofree char *note = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *again = NULL;
  Fixture other = { 0 };
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(WmCsvTable) table = NULL;
  WmRiskImportResult result;

  /* Some of everything: a note over two lines, a link, a rescore */
  note = wm_risk_add_note (fixture->store, wm_record_get_id (rr1), "2023-05-01", "DCO (ICB)",
                           "Interim capacity agreed\n2 more EPs from June", &error);
  g_assert_true (wm_risk_set_linked_actions (fixture->store, wm_record_get_id (rr1), codes,
                                             &error));
  g_assert_true (wm_risk_update (fixture->store, wm_record_get_id (rr1), change, "Risk lead",
                                 WM_RISK_WRITE_REVIEWED, NULL, &error));
  g_assert_no_error (error);
  csv = export_risks (fixture->store);
  g_test_message ("%s", csv);
  g_assert_nonnull (strstr (csv, "mitigation_2_action"));
  g_assert_nonnull (strstr (csv, "2023-05-01 (DCO (ICB)): Interim capacity agreed\n 2 more EPs"));
  g_assert_nonnull (strstr (csv, "High → Low (Risk lead)"));

  /* Into another copy of the plan whose register is empty */
  fixture_open (&other, TRUE);
  risks = wm_store_list (other.store, "risk", NULL, NULL, &error);
  for (guint i = 0; i < risks->len; i++)
    g_assert_true (wm_risk_delete (other.store, wm_record_get_id (risks->pdata[i]), &error));
  table = wm_csv_parse (csv, -1, "risks.csv", &error);
  g_assert_no_error (error);
  g_assert_true (wm_risk_import_csv (other.store, table, NULL, "Importer", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rows, ==, 7);
  g_assert_cmpuint (result.created, ==, 7);
  g_assert_cmpuint (result.updated, ==, 0);
  again = export_risks (other.store);
  g_assert_cmpstr (again, ==, csv);

  /* Importing the same file again updates, and changes nothing */
  g_clear_pointer (&again, g_free);
  g_assert_true (wm_risk_import_csv (other.store, table, NULL, "Importer", &result, &error));
  g_assert_cmpuint (result.updated, ==, 7);
  again = export_risks (other.store);
  g_assert_cmpstr (again, ==, csv);
  teardown (&other, NULL);
}

static void
test_csv_errors (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = NULL;
  g_autoptr(WmCsvTable) mapped = NULL;
  WmRiskImportResult result;
  const char *csv =
    "Reference,Risk,Inherent L,Inherent I,Linked\r\n"
    "RR1,Capacity,4,5,1.3a\r\n"
    "RR2,Skills,7,2,\r\n"
    "RR3,Engagement,3,3,9.9\r\n"
    "RR1,Again,2,2,\r\n";
  const char *maps[] = { "Reference=ref", "Risk=description", "Inherent L=likelihood_before",
                         "Inherent I=impact_before", "Linked=linked_actions", NULL };
  const char *good =
    "Reference,Risk,Inherent L,Inherent I,Linked\r\n"
    "RR1,Capacity,4,5,1.3a\r\n"
    "RR2,Skills,Likely,Major,\r\n";

  table = wm_csv_parse (csv, -1, "register.csv", &error);
  g_assert_no_error (error);
  g_assert_false (wm_risk_import_csv (fixture->store, table, maps, "Importer", &result, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "register.csv, line 3, column “Inherent L” (RR2): “7” "
                                            "is outside the scheme"));
  g_assert_nonnull (strstr (error->message, "line 4, column “Linked” (RR3)"));
  g_assert_nonnull (strstr (error->message, "9.9"));
  g_assert_nonnull (strstr (error->message, "line 5, column “Reference” (RR1)"));
  /* All or nothing: the good first row was not kept */
  g_assert_cmpint (wm_store_count (fixture->store, "risk", NULL), ==, 0);
  g_assert_cmpint (wm_store_count (fixture->store, "risk_action", NULL), ==, 0);
  g_clear_error (&error);

  mapped = wm_csv_parse (good, -1, "register.csv", &error);
  g_assert_false (wm_risk_import_csv (fixture->store, mapped, maps, "Importer", &result, &error));
  /* the empty plan has no action 1.3a */
  g_assert_nonnull (strstr (error->message, "line 2, column “Linked” (RR1)"));
  g_clear_error (&error);
}

static void
test_csv_import_new_plan (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = NULL;
  WmRiskImportResult result;
  g_autoptr(GPtrArray) risks = NULL;
  const char *csv =
    "\xEF\xBB\xBF" "Ref;Risk;Owner;L before;I before;L after;I after;Review;Mitigations\r\n"
    "RR1;Capacity;Head of SEND;Likely;Major;2;3;30/06/2024;\"Recruit EPs\nAgency cover\"\r\n";
  const char *maps[] = { "Risk=description", "L before=likelihood_before",
                         "I before=impact_before", "L after=likelihood_after",
                         "I after=impact_after", "Review=review_date", "Mitigations=mitigation",
                         NULL };
  WmRisk *risk;

  table = wm_csv_parse (csv, -1, "excel.csv", &error);
  g_assert_no_error (error);
  g_assert_true (wm_risk_import_csv (fixture->store, table, maps, "Importer", &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.created, ==, 1);
  risks = wm_risk_list (fixture->store, NULL, &error);
  risk = risks->pdata[0];
  g_assert_cmpint (wm_risk_get_score (risk, WM_RISK_INHERENT), ==, 16);
  g_assert_cmpint (wm_risk_get_score (risk, WM_RISK_RESIDUAL), ==, 6);
  g_assert_cmpstr (wm_risk_get (risk, "review_date"), ==, "2024-06-30");
  g_assert_cmpstr (wm_risk_get (risk, "mitigation"), ==, "Recruit EPs\nAgency cover");
  g_assert_cmpuint (wm_risk_get_history (risk)->len, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/risk/scheme/default", test_scheme_default);
  g_test_add_func ("/risk/scheme/three-level", test_scheme_three_level);
  g_test_add_func ("/risk/scheme/check", test_scheme_check);
  g_test_add ("/risk/scheme/save-load", Fixture, NULL, empty_setup, test_scheme_save_load,
              teardown);
  g_test_add ("/risk/sample", Fixture, NULL, sample_setup, test_sample_register, teardown);
  g_test_add ("/risk/next-ref", Fixture, NULL, sample_setup, test_next_ref, teardown);
  g_test_add ("/risk/next-ref/empty", Fixture, NULL, empty_setup, test_next_ref_empty, teardown);
  g_test_add ("/risk/validate", Fixture, NULL, empty_setup, test_validation, teardown);
  g_test_add ("/risk/validate/severity", Fixture, NULL, sample_setup, test_validation_severity,
              teardown);
  g_test_add ("/risk/history", Fixture, NULL, empty_setup, test_history_and_trend, teardown);
  g_test_add ("/risk/flag/red-mitigation", Fixture, NULL, sample_setup, test_red_mitigation_flag,
              teardown);
  g_test_add ("/risk/flag/red-label", Fixture, NULL, sample_setup, test_red_by_label, teardown);
  g_test_add ("/risk/overdue-close", Fixture, NULL, sample_setup, test_overdue_and_close,
              teardown);
  g_test_add ("/risk/notes", Fixture, NULL, sample_setup, test_notes, teardown);
  g_test_add ("/risk/delete", Fixture, NULL, sample_setup, test_delete, teardown);
  g_test_add ("/risk/csv/round-trip", Fixture, NULL, sample_setup, test_csv_round_trip, teardown);
  g_test_add ("/risk/csv/errors", Fixture, NULL, empty_setup, test_csv_errors, teardown);
  g_test_add ("/risk/csv/new-plan", Fixture, NULL, empty_setup, test_csv_import_new_plan,
              teardown);

  return g_test_run ();
}
