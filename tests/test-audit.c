/* test-audit: QA audits of EHC plans (issue 6): templates and their
 * versions, validation, blind moderation, agreement statistics and kappa
 * against published worked examples, cadence, and the CSV import */
#include <math.h>
#include <string.h>

#include "test-helpers.h"
#include "wm-audit.h"
#include "wm-audit-csv.h"
#include "wm-audit-stats.h"
#include "wm-csv-reader.h"
#include "wm-error.h"
#include "wm-export.h"
#include "wm-sample.h"
#include "wm-store.h"
#include "wm-store-private.h"

typedef struct
{
  char    *dir;
  WmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan = NULL;

  f->dir = test_dir_new ();
  path = g_build_filename (f->dir, "plan.waymark", NULL);
  f->store = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  if (data != NULL)
    {
      wm_sample_load (f->store, &error);
      g_assert_no_error (error);
    }
  else
    {
      plan = wm_store_create_plan (f->store, "Testshire", "Test plan", &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_dir_free (g_steal_pointer (&f->dir));
}

#define assert_close(a, b, tolerance) \
  g_assert_cmpfloat_with_epsilon ((a), (b), (tolerance))

/* ---------- kappa against published worked examples ---------- */

/* Cohen (1968), "Weighted kappa: nominal scale agreement with provision
 * for scaled disagreement or partial credit", Psychological Bulletin 70,
 * Table 1: two judges, 200 patients, three diagnoses (personality
 * disorder, neurosis, psychosis); disagreement weights 1, 3 and 6.  Cohen
 * reports kappa = .492 and weighted kappa = .348.  His ratio-scaled
 * disagreement weights v become agreement weights 1 − v / 6, which gives
 * the same coefficient. */
static void
test_kappa_cohen_1968 (void)
{
  const double counts[] = {
    88, 14, 18,
    10, 40, 10,
     2,  6, 12,
  };
  const double v[] = {
    0, 1, 3,
    1, 0, 6,
    3, 6, 0,
  };
  double w[9];
  WmKappa k;

  g_assert_true (wm_kappa_compute (counts, 3, NULL, &k));
  g_assert_cmpfloat (round (k.kappa * 1000), ==, 492);
  assert_close (k.po, 0.70, 1e-12);
  assert_close (k.pe, 0.41, 1e-12);

  for (guint i = 0; i < 9; i++)
    w[i] = 1 - v[i] / 6;
  g_assert_true (wm_kappa_compute (counts, 3, w, &k));
  g_assert_cmpfloat (round (k.kappa * 1000), ==, 348);
}

/* Fleiss, Cohen and Everitt (1969), "Large sample standard errors of kappa
 * and weighted kappa", Psychological Bulletin 72, worked example: the
 * proportions .53 .05 .02 / .11 .14 .05 / .01 .06 .03 with agreement
 * weights 1, 0, 4/9 / 0, 1, 2/3 / 4/9, 2/3, 1.  They report weighted kappa
 * = .507. */
static void
test_kappa_fleiss_cohen_everitt_1969 (void)
{
  const double counts[] = {
    53,  5, 2,
    11, 14, 5,
     1,  6, 3,
  };
  const double w[] = {
    1,         0,         4.0 / 9,
    0,         1,         2.0 / 3,
    4.0 / 9,   2.0 / 3,   1,
  };
  WmKappa k;

  g_assert_true (wm_kappa_compute (counts, 3, w, &k));
  g_assert_cmpfloat (round (k.kappa * 1000), ==, 507);
}

/* The worked example of the Stata Base Reference Manual, [R] kappa: two
 * radiologists rate 85 xeromammograms on four levels (Boyd et al. 1982,
 * also in Altman 1991, Practical Statistics for Medical Research).  Stata
 * reports kappa 0.4728 (standard error 0.0694), with linear weights
 * ("wgt(w)") 0.5684 (0.0788) and with quadratic weights ("wgt(w2)")
 * 0.6714 (0.1079); its standard errors are those under kappa = 0.  The
 * standard errors for the confidence interval (not published there) were
 * computed from Fleiss, Cohen and Everitt's equation 14 by hand in a
 * separate script. */
static void
test_kappa_radiologists (void)
{
  const double counts[] = {
    21, 12,  0, 0,
     4, 17,  1, 0,
     3,  9, 15, 2,
     0,  0,  0, 1,
  };
  double w[16];
  WmKappa k;

  wm_kappa_weights (WM_KAPPA_UNWEIGHTED, 4, w);
  g_assert_true (wm_kappa_compute (counts, 4, w, &k));
  assert_close (k.kappa, 0.4728, 0.00005);
  assert_close (k.se0, 0.0694, 0.00005);
  assert_close (k.po, 0.6353, 0.00005);
  assert_close (k.pe, 0.3082, 0.00005);

  wm_kappa_weights (WM_KAPPA_LINEAR, 4, w);
  g_assert_true (wm_kappa_compute (counts, 4, w, &k));
  assert_close (k.kappa, 0.5684, 0.00005);
  assert_close (k.se0, 0.0788, 0.00005);
  assert_close (k.po, 0.8667, 0.00005);
  assert_close (k.pe, 0.6911, 0.00005);
  assert_close (k.se, 0.0676, 0.00005);
  assert_close (k.lower, k.kappa - 1.96 * k.se, 0.0001);
  assert_close (k.upper, k.kappa + 1.96 * k.se, 0.0001);
  g_assert_cmpfloat (k.n, ==, 85);

  wm_kappa_weights (WM_KAPPA_QUADRATIC, 4, w);
  g_assert_true (wm_kappa_compute (counts, 4, w, &k));
  assert_close (k.kappa, 0.6714, 0.00005);
  assert_close (k.se0, 0.1079, 0.00005);
  assert_close (k.se, 0.0681, 0.00005);
}

static void
test_kappa_undefined (void)
{
  const double all_good[] = { 0, 0, 0, 0, 5, 0, 0, 0, 0 };
  const double none[] = { 0, 0, 0, 0 };
  WmKappa k;

  /* both always said "good": they agree, but kappa cannot say more */
  g_assert_false (wm_kappa_compute (all_good, 3, NULL, &k));
  g_assert_false (k.defined);
  g_assert_cmpfloat (k.n, ==, 5);
  g_assert_false (wm_kappa_compute (none, 2, NULL, &k));
  g_assert_cmpfloat (k.n, ==, 0);
}

/* ---------- case references ---------- */

static void
test_case_ref (void)
{
  static const char *const names[] = {
    "Jane Smith", "Mary-Jane O'Neil", "J Smith", "J. Smith", "Amelia Rose McDonald",
    "  Oliver   Twist ", "Zoë Brontë",
  };
  static const char *const refs[] = {
    "EHC-2023-0142", "EHCP 1234", "Smith", "LCC/EHC/0042", "Case 17", "AB CD",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (wm_audit_check_case_ref (names[i], &error));
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "looks like a person's name"));
      g_assert_nonnull (strstr (error->message, "never a child's name"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (wm_audit_check_case_ref (refs[i], &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (wm_audit_check_case_ref ("  ", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  }
}

static void
test_audit_types (void)
{
  g_assert_cmpstr (wm_audit_type_parse ("New EHC plan"), ==, WM_AUDIT_TYPE_NEW_PLAN);
  g_assert_cmpstr (wm_audit_type_parse ("annual review"), ==, WM_AUDIT_TYPE_AMENDED_PLAN);
  g_assert_cmpstr (wm_audit_type_parse ("Deep dive"), ==, WM_AUDIT_TYPE_WARM);
  g_assert_cmpstr (wm_audit_type_parse ("advice"), ==, WM_AUDIT_TYPE_ADVICE);
  g_assert_null (wm_audit_type_parse ("lunch"));
}

/* ---------- templates ---------- */

static void
test_default_templates (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(WmAuditTemplate) ehc = NULL;
  static const char *const codes[] = {
    "A", "B", "C", "D", "E", "F", "G", "H1/H2", "I", "J", "K", "GT", "PCL", "PC",
  };
  gint64 before;

  g_assert_true (wm_audit_ensure_default_templates (f->store, &error));
  g_assert_no_error (error);
  templates = wm_audit_list_templates (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 6);

  ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ehc->name, ==, "EHC plan");
  g_assert_cmpint (ehc->version, ==, 1);
  g_assert_cmpint (ehc->standard_level, ==, 2);
  g_assert_cmpuint (ehc->domains->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_cmpstr (g_array_index (ehc->domains, WmAuditDomain, i).code, ==, codes[i]);
  g_assert_true (wm_audit_template_find_domain (ehc, "b")->must_fix);
  g_assert_cmpstr (wm_audit_template_find_domain (ehc, "Special educational needs")->code, ==, "B");
  g_assert_cmpstr (wm_audit_template_find_domain (ehc, "Section F")->code, ==, "F");
  g_assert_null (wm_audit_template_find_domain (ehc, "Z"));

  g_assert_cmpuint (ehc->levels->len, ==, 5);
  g_assert_cmpint (g_array_index (ehc->levels, WmAuditLevel, 0).value, ==, 4);
  g_assert_cmpstr (g_array_index (ehc->levels, WmAuditLevel, 0).label, ==, "Outstanding");
  g_assert_true (g_array_index (ehc->levels, WmAuditLevel, 4).is_na);
  g_assert_true (wm_audit_template_meets_standard (ehc, 2));
  g_assert_false (wm_audit_template_meets_standard (ehc, 1));
  g_assert_false (wm_audit_template_meets_standard (ehc, 0));
  g_assert_cmpint (wm_audit_template_parse_level (ehc, "Good")->value, ==, 3);
  g_assert_cmpint (wm_audit_template_parse_level (ehc, "3 Good")->value, ==, 3);
  g_assert_null (wm_audit_template_parse_level (ehc, "3 Inadequate"));
  g_assert_true (wm_audit_template_parse_level (ehc, "n/a")->is_na);
  g_assert_null (wm_audit_template_parse_level (ehc, "5"));

  /* a second call (another laptop's, or the sample's) adds nothing */
  before = wm_store_count (f->store, "audit_domain", NULL);
  g_assert_true (wm_audit_ensure_default_templates (f->store, &error));
  g_assert_cmpint (wm_store_count (f->store, "audit_domain", NULL), ==, before);
  g_assert_cmpint (wm_store_count (f->store, "audit_template", NULL), ==, 6);
}

/* Two laptops holding the same plan each create the default templates:
 * the rows have the same ids, so sync merges them without duplicates. */
static void
test_default_template_ids (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "copy.waymark", NULL);
  g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", path);
  g_autoptr(WmStore) copy = NULL;
  g_autoptr(WmAuditTemplate) a = NULL;
  g_autoptr(WmAuditTemplate) b = NULL;

  /* the same plan on a second laptop, before either made templates */
  g_assert_true (wm_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
  copy = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  a = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_assert_no_error (error);
  b = wm_audit_current_template (copy, "ehc-plan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->id, ==, b->id);
  for (guint i = 0; i < a->domains->len; i++)
    g_assert_cmpstr (g_array_index (a->domains, WmAuditDomain, i).id, ==,
                     g_array_index (b->domains, WmAuditDomain, i).id);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

static char *
new_audit (Fixture    *f,
           const char *case_ref,
           const char *type,
           const char *date,
           const char *auditor,
           const char *agency)
{
  g_autoptr(GError) error = NULL;
  WmAuditFields fields = {
    .case_ref = case_ref, .audit_type = type, .audit_date = date, .auditor = auditor,
    .moderator = "Moderator M", .agency = agency,
  };
  char *id = wm_audit_create (f->store, &fields, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static const char *
domain_id (WmAuditTemplate *tmpl,
           const char      *code)
{
  const WmAuditDomain *d = wm_audit_template_find_domain (tmpl, code);

  g_assert_nonnull (d);
  return d->id;
}

static void
set (Fixture         *f,
     const char      *audit,
     WmAuditTemplate *tmpl,
     const char      *code,
     int              auditor,
     int              moderator)
{
  g_autoptr(GError) error = NULL;
  const char *domain = code ? domain_id (tmpl, code) : NULL;

  g_assert_true (wm_audit_set_level (f->store, audit, domain, WM_AUDIT_AUDITOR, auditor, &error));
  g_assert_no_error (error);
  if (moderator != WM_AUDIT_UNSCORED)
    {
      g_assert_true (wm_audit_set_level (f->store, audit, domain, WM_AUDIT_MODERATOR, moderator,
                                         &error));
      g_assert_no_error (error);
    }
}

/* Scores every domain of @tmpl: the auditor @a, the moderator @m. */
static void
score_all (Fixture         *f,
           const char      *audit,
           WmAuditTemplate *tmpl,
           int              a,
           int              m)
{
  for (guint i = 0; i < tmpl->domains->len; i++)
    set (f, audit, tmpl, g_array_index (tmpl->domains, WmAuditDomain, i).code, a, m);
}

static void
test_template_versions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) v1 = wm_audit_current_template (f->store, "EHC plan", &error);
  g_autoptr(WmAuditTemplate) edited = NULL;
  g_autoptr(WmAuditTemplate) current = NULL;
  g_autoptr(WmAuditTemplate) kept = NULL;
  g_autoptr(WmAudit) old_audit = NULL;
  g_autoptr(WmAudit) new_audit_read = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *v2_id = NULL;
  g_autofree char *bad_id = NULL;

  g_assert_no_error (error);
  old_id = new_audit (f, "EHC-0001", "new plan", "2023-05-10", "Auditor A", "Education");
  set (f, old_id, v1, "B", 3, 3);

  edited = wm_audit_template_copy (v1);
  g_assert_null (edited->id);
  wm_audit_template_add_domain (edited, "PFA", "Preparation for adulthood",
                                "Outcomes look towards adulthood from year 9.", "cross-cutting",
                                FALSE);
  edited->standard_level = 3;
  v2_id = wm_audit_save_template_version (f->store, edited, &error);
  g_assert_no_error (error);

  current = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (current->id, ==, v2_id);
  g_assert_cmpint (current->version, ==, 2);
  g_assert_cmpstr (current->family_id, ==, v1->id);
  g_assert_cmpint (current->standard_level, ==, 3);
  g_assert_cmpuint (current->domains->len, ==, v1->domains->len + 1);
  g_assert_false (wm_audit_template_meets_standard (current, 2));

  /* the old audit keeps version 1, its domains and its standard */
  old_audit = wm_audit_load (f->store, old_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old_audit->template_id, ==, v1->id);
  kept = wm_audit_load_template (f->store, old_audit->template_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->version, ==, 1);
  g_assert_cmpint (kept->standard_level, ==, 2);
  g_assert_null (wm_audit_template_find_domain (kept, "PFA"));
  g_assert_cmpint (wm_audit_get_score (old_audit, domain_id (kept, "B"))->auditor_level, ==, 3);

  /* a new audit takes version 2 */
  new_id = new_audit (f, "EHC-0002", "new plan", "2023-05-11", "Auditor A", "Education");
  new_audit_read = wm_audit_load (f->store, new_id, &error);
  g_assert_cmpstr (new_audit_read->template_id, ==, v2_id);

  /* the old audit's template cannot be swapped under its scores */
  g_assert_false (wm_audit_set_field (f->store, old_id, "template_id", v2_id, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* nor can a template be saved that makes no sense */
  g_clear_pointer (&edited, wm_audit_template_unref);
  edited = wm_audit_template_copy (current);
  edited->standard_level = 7;
  bad_id = wm_audit_save_template_version (f->store, edited, &error);
  g_assert_null (bad_id);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "level 7"));
  g_clear_error (&error);
  wm_audit_template_add_domain (edited, "B", "Again", NULL, NULL, FALSE);
  edited->standard_level = 2;
  bad_id = wm_audit_save_template_version (f->store, edited, &error);
  g_assert_null (bad_id);
  g_assert_nonnull (strstr (error->message, "two domains coded “B”"));
}

/* ---------- validation ---------- */

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_autoptr(WmAuditTemplate) advice = wm_audit_current_template (f->store, "advice-health", &error);
  g_autofree char *audit = NULL;
  g_autofree char *refused = NULL;
  gint64 scores, audits;
  WmAuditFields fields = { .case_ref = "Jane Smith", .audit_type = "new plan" };

  g_assert_no_error (error);
  audit = new_audit (f, "EHC-0042", "new-plan", "12/06/2023", "Auditor A", "Education");
  audits = wm_store_count (f->store, "audit", NULL);

  /* a name as the case reference */
  refused = wm_audit_create (f->store, &fields, &error);
  g_assert_null (refused);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "looks like a person's name"));
  g_clear_error (&error);
  g_assert_false (wm_audit_set_field (f->store, audit, "case_ref", "Tom Jones", &error));
  g_assert_nonnull (strstr (error->message, "looks like a person's name"));
  g_clear_error (&error);
  fields = (WmAuditFields) { .case_ref = "EHC-1", .audit_type = "lunch" };
  g_assert_null (wm_audit_create (f->store, &fields, &error));
  g_assert_nonnull (strstr (error->message, "not an audit type"));
  g_clear_error (&error);
  fields = (WmAuditFields) { .case_ref = "EHC-1", .audit_type = "new", .audit_date = "31/09/2023" };
  g_assert_null (wm_audit_create (f->store, &fields, &error));
  g_assert_nonnull (strstr (error->message, "Date audited"));
  g_clear_error (&error);
  /* advice with no discipline: which template is not clear */
  fields = (WmAuditFields) { .case_ref = "EHC-1", .audit_type = "advice" };
  g_assert_null (wm_audit_create (f->store, &fields, &error));
  g_assert_nonnull (strstr (error->message, "Say which advice"));
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (f->store, "audit", NULL), ==, audits);

  scores = wm_store_count (f->store, "audit_score", NULL);
  /* a level outside the scale */
  g_assert_false (wm_audit_set_level (f->store, audit, domain_id (ehc, "B"), WM_AUDIT_AUDITOR, 5,
                                      &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "B Special educational needs: 5 is not a level"));
  g_assert_nonnull (strstr (error->message, "4 Outstanding, 3 Good, 2 Requires improvement, "
                                            "1 Inadequate or N/A"));
  g_clear_error (&error);
  /* a domain of another template */
  g_assert_false (wm_audit_set_level (f->store, audit, domain_id (advice, "T"), WM_AUDIT_AUDITOR,
                                      3, &error));
  g_assert_nonnull (strstr (error->message, "not part of template “EHC plan”"));
  g_clear_error (&error);
  /* the moderator before the auditor */
  g_assert_false (wm_audit_set_level (f->store, audit, domain_id (ehc, "E"), WM_AUDIT_MODERATOR,
                                      3, &error));
  g_assert_nonnull (strstr (error->message, "the auditor has not scored this yet"));
  g_clear_error (&error);
  g_assert_false (wm_audit_set_level (f->store, audit, NULL, WM_AUDIT_MODERATOR, 3, &error));
  g_clear_error (&error);
  /* N/A is no overall judgement */
  g_assert_false (wm_audit_set_level (f->store, audit, NULL, WM_AUDIT_AUDITOR, 0, &error));
  g_assert_nonnull (strstr (error->message, "not N/A"));
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (f->store, "audit_score", NULL), ==, scores);

  /* clearing the auditor's level under the moderator's */
  set (f, audit, ehc, "E", 2, 3);
  g_assert_false (wm_audit_set_level (f->store, audit, domain_id (ehc, "E"), WM_AUDIT_AUDITOR,
                                      WM_AUDIT_UNSCORED, &error));
  g_assert_nonnull (strstr (error->message, "clear the moderator's level"));
  g_clear_error (&error);
  g_assert_true (wm_audit_set_level (f->store, audit, domain_id (ehc, "E"), WM_AUDIT_MODERATOR,
                                     WM_AUDIT_UNSCORED, &error));
  g_assert_true (wm_audit_set_level (f->store, audit, domain_id (ehc, "E"), WM_AUDIT_AUDITOR,
                                     WM_AUDIT_UNSCORED, &error));
  g_assert_no_error (error);

  /* comments, saved as typed; an unchanged comment writes nothing */
  g_assert_true (wm_audit_set_comment (f->store, audit, domain_id (ehc, "F"), WM_AUDIT_AUDITOR,
                                       "Speech and language therapy not quantified", &error));
  g_assert_no_error (error);
  {
    g_autoptr(WmAudit) read = wm_audit_load (f->store, audit, &error);
    g_assert_cmpstr (wm_audit_get_score (read, domain_id (ehc, "F"))->auditor_comment, ==,
                     "Speech and language therapy not quantified");
    g_assert_cmpstr (read->audit_date, ==, "2023-06-12");
  }
}

/* ---------- blind moderation, the standard, must-fix ---------- */

static void
test_blind_moderation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_autofree char *audit = new_audit (f, "EHC-0100", "new", "2023-07-01", "Auditor A", "Health");
  g_autoptr(WmAudit) read = NULL;
  g_autoptr(GPtrArray) must_fix = NULL;

  score_all (f, audit, ehc, 3, WM_AUDIT_UNSCORED);
  set (f, audit, ehc, "J", 0, WM_AUDIT_UNSCORED);   /* no personal budget: N/A */
  set (f, audit, ehc, "F", 1, WM_AUDIT_UNSCORED);
  set (f, audit, ehc, NULL, 2, WM_AUDIT_UNSCORED);
  read = wm_audit_load (f->store, audit, &error);
  g_assert_false (wm_audit_is_revealed (read, ehc));
  g_assert_false (wm_audit_is_moderated (read, ehc));
  g_assert_cmpint (wm_audit_meets_standard (read, ehc), ==, 0);
  must_fix = wm_audit_must_fix (read, ehc);
  g_assert_cmpuint (must_fix->len, ==, 1);
  g_assert_cmpstr (((WmAuditDomain *) must_fix->pdata[0])->code, ==, "F");

  /* the moderator scores every domain but the overall judgement: still hidden */
  for (guint i = 0; i < ehc->domains->len; i++)
    {
      const char *code = g_array_index (ehc->domains, WmAuditDomain, i).code;
      g_assert_true (wm_audit_set_level (f->store, audit, domain_id (ehc, code),
                                         WM_AUDIT_MODERATOR, g_str_equal (code, "J") ? 0 : 2,
                                         &error));
    }
  g_clear_pointer (&read, wm_audit_unref);
  read = wm_audit_load (f->store, audit, &error);
  g_assert_true (wm_audit_is_moderated (read, ehc));
  g_assert_false (wm_audit_is_revealed (read, ehc));
  /* the moderator's 2 in F stands: every domain now meets the standard */
  g_assert_cmpint (wm_audit_meets_standard (read, ehc), ==, 1);

  g_assert_true (wm_audit_set_level (f->store, audit, NULL, WM_AUDIT_MODERATOR, 2, &error));
  g_clear_pointer (&read, wm_audit_unref);
  read = wm_audit_load (f->store, audit, &error);
  g_assert_true (wm_audit_is_revealed (read, ehc));

  /* open moderation shows everything from the start */
  g_assert_true (wm_audit_set_field (f->store, audit, "blind", "0", &error));
  g_clear_pointer (&read, wm_audit_unref);
  read = wm_audit_load (f->store, audit, &error);
  g_assert_false (read->blind);
}

/* ---------- statistics ---------- */

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_autoptr(WmAuditStats) stats = NULL;
  g_autofree char *a1 = new_audit (f, "EHC-1", "new", "2023-05-02", "Auditor A", "Education");
  g_autofree char *a2 = new_audit (f, "EHC-2", "new", "2023-05-03", "Auditor A", "Health");
  g_autofree char *a3 = new_audit (f, "EHC-3", "amended", "2023-06-04", "Auditor B", "Education");
  g_autofree char *a4 = new_audit (f, "EHC-4", "warm", "2023-07-05", "Auditor B", "Education");
  g_autoptr(WmAuditTemplate) amended = wm_audit_current_template (f->store, "amended-plan", &error);
  const WmAuditDomainStats *b = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);

  /* a1: all agree at 3; overall 3/3 */
  score_all (f, a1, ehc, 3, 3);
  set (f, a1, ehc, NULL, 3, 3);
  /* a2: all 2/2 but B 1/2 and J both N/A; overall 2/1 */
  score_all (f, a2, ehc, 2, 2);
  set (f, a2, ehc, "B", 1, WM_AUDIT_UNSCORED);
  g_assert_true (wm_audit_set_level (f->store, a2, domain_id (ehc, "J"), WM_AUDIT_AUDITOR, 0, &error));
  g_assert_true (wm_audit_set_level (f->store, a2, domain_id (ehc, "J"), WM_AUDIT_MODERATOR, 0, &error));
  set (f, a2, ehc, NULL, 2, 1);
  /* a3 (amended plan template): all 4/3; overall 4/4 */
  score_all (f, a3, amended, 4, 3);
  set (f, a3, amended, NULL, 4, 4);
  /* a4: auditor only, and only B at 1: not moderated, not fully scored */
  set (f, a4, ehc, "B", 1, WM_AUDIT_UNSCORED);

  stats = wm_audit_stats_compute (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->audits, ==, 4);
  g_assert_cmpuint (stats->moderated, ==, 3);
  g_assert_cmpuint (stats->overall.n, ==, 3);
  g_assert_cmpuint (stats->overall.hits, ==, 2);

  /* domain pairs: a1 14 (14 same), a2 13 (J both N/A left out; B 1/2
   * differs), a3 15 (all differ by one) */
  g_assert_cmpuint (stats->domain_exact.n, ==, 14 + 13 + 15);
  g_assert_cmpuint (stats->domain_exact.hits, ==, 14 + 12);
  g_assert_cmpuint (stats->domain_within_one.n, ==, 42);
  g_assert_cmpuint (stats->domain_within_one.hits, ==, 42);

  /* domain B: a1 3/3, a2 1/2, a3 4/3; its agreed levels 3, 2, 3, and a4's
   * auditor-only 1 */
  for (guint i = 0; i < stats->domains->len; i++)
    if (g_str_equal (((WmAuditDomainStats *) stats->domains->pdata[i])->code, "B"))
      b = stats->domains->pdata[i];
  g_assert_nonnull (b);
  g_assert_cmpstr (b->label, ==, "B Special educational needs");
  g_assert_cmpuint (b->exact.n, ==, 3);
  g_assert_cmpuint (b->exact.hits, ==, 1);
  g_assert_cmpuint (b->scored, ==, 4);
  g_assert_cmpuint (stats->levels->len, ==, 5);
  g_assert_cmpuint (b->distribution[0], ==, 0);   /* 4 */
  g_assert_cmpuint (b->distribution[1], ==, 2);   /* 3 */
  g_assert_cmpuint (b->distribution[2], ==, 1);   /* 2 */
  g_assert_cmpuint (b->distribution[3], ==, 1);   /* 1 */
  /* EHC plan domains then the amended template's own (AR) */
  g_assert_cmpstr (((WmAuditDomainStats *) stats->domains->pdata[stats->domains->len - 1])->code,
                   ==, "AR");

  /* the standard: a1 met, a2 met (the moderator's 2 stands in B), a3 met */
  g_assert_cmpuint (stats->standard.n, ==, 3);
  g_assert_cmpuint (stats->standard.hits, ==, 3);
  g_assert_cmpuint (stats->by_type->len, ==, 2);
  g_assert_cmpstr (((WmAuditGroupStats *) stats->by_type->pdata[0])->label, ==, "New EHC plan");
  g_assert_cmpuint (((WmAuditGroupStats *) stats->by_type->pdata[0])->standard.n, ==, 2);
  g_assert_cmpuint (stats->by_agency->len, ==, 2);
  g_assert_cmpstr (((WmAuditGroupStats *) stats->by_agency->pdata[0])->label, ==, "Education");
  g_assert_cmpuint (((WmAuditGroupStats *) stats->by_agency->pdata[0])->standard.n, ==, 2);

  /* per auditor */
  g_assert_cmpuint (stats->auditors->len, ==, 2);
  g_assert_cmpstr (((WmAuditRaterStats *) stats->auditors->pdata[0])->name, ==, "Auditor A");
  g_assert_cmpuint (((WmAuditRaterStats *) stats->auditors->pdata[0])->overall.n, ==, 2);
  g_assert_cmpuint (((WmAuditRaterStats *) stats->auditors->pdata[0])->overall.hits, ==, 1);
  g_assert_cmpuint (((WmAuditRaterStats *) stats->auditors->pdata[1])->overall.hits, ==, 1);

  /* overall kappa on 3 pairs (3,3) (2,1) (4,4) over the scale 1..4 */
  g_assert_true (stats->overall_kappa[WM_KAPPA_LINEAR].defined);
  g_assert_cmpfloat (stats->overall_kappa[WM_KAPPA_LINEAR].n, ==, 3);

  text = wm_audit_stats_to_text (stats);
  g_assert_nonnull (strstr (text, "Overall judgement, exact agreement: 2 of 3 audits (66.7%), "
                                  "below target"));
  wm_audit_stats_to_csv (stats, csv);
  g_assert_nonnull (strstr (csv->str, "overall_exact_agreement,all,,0.666667,2,3,,,0.80\r\n"));

  /* a period: June only */
  {
    WmAuditFilter june = { .from = "2023-06-01", .to = "2023-06-30" };
    g_autoptr(WmAuditStats) s = wm_audit_stats_compute (f->store, &june, &error);
    g_assert_cmpuint (s->audits, ==, 1);
    g_assert_cmpuint (s->overall.hits, ==, 1);
  }
}

static void
test_cadence (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_autoptr(WmAuditStats) stats = NULL;
  WmAuditFilter filter = { .from = "2023-03-01", .to = "2023-08-31" };
  /* dates, and whether each is moderated */
  static const struct { const char *date; const char *type; gboolean moderated; } audits[] = {
    { "2023-03-06", "new", TRUE }, { "2023-03-20", "new", TRUE }, { "2023-04-30", "warm", TRUE },
    { "2023-04-02", "new", FALSE }, { "2023-05-01", "warm", TRUE }, { "2023-06-30", "warm", TRUE },
    { "2023-06-15", "warm", FALSE }, { "2023-02-28", "new", TRUE },
  };
  const WmAuditWindow *w;

  for (guint i = 0; i < G_N_ELEMENTS (audits); i++)
    {
      g_autofree char *ref = g_strdup_printf ("EHC-%u", i);
      g_autofree char *id = new_audit (f, ref, audits[i].type, audits[i].date, "A", "Education");
      score_all (f, id, ehc, 3, audits[i].moderated ? 3 : WM_AUDIT_UNSCORED);
    }
  stats = wm_audit_stats_compute (f->store, &filter, &error);
  g_assert_no_error (error);
  /* Feb is outside the period */
  g_assert_cmpuint (stats->audits, ==, 7);
  g_assert_cmpuint (stats->windows->len, ==, 3);
  w = stats->windows->pdata[0];
  g_assert_cmpstr (w->label, ==, "Mar–Apr 2023");
  g_assert_cmpuint (w->audits, ==, 4);
  g_assert_cmpuint (w->moderated, ==, 3);
  w = stats->windows->pdata[1];
  g_assert_cmpstr (w->label, ==, "May–Jun 2023");
  g_assert_cmpuint (w->audits, ==, 3);
  g_assert_cmpuint (w->moderated, ==, 2);
  w = stats->windows->pdata[2];
  g_assert_cmpstr (w->label, ==, "Jul–Aug 2023");
  g_assert_cmpuint (w->audits, ==, 0);

  /* quarters: Q1 (Mar only, in the period), Q2, Q3 (Jul–Aug) */
  g_assert_cmpuint (stats->quarters->len, ==, 3);
  w = stats->quarters->pdata[0];
  g_assert_cmpstr (w->label, ==, "Q1 2023");
  g_assert_cmpuint (w->warm, ==, 0);
  w = stats->quarters->pdata[1];
  g_assert_cmpstr (w->label, ==, "Q2 2023");
  g_assert_cmpuint (w->warm, ==, 4);
  g_assert_cmpuint (w->audits, ==, 5);
  w = stats->quarters->pdata[2];
  g_assert_cmpstr (w->label, ==, "Q3 2023");
  g_assert_cmpuint (w->warm, ==, 0);
}

/* ---------- CSV ---------- */

static WmCsvTable *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  WmCsvTable *table = wm_csv_parse (text, -1, "audits.csv", &error);

  g_assert_no_error (error);
  return table;
}

static void
assert_refused (Fixture    *f,
                const char *csv,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = parse (csv);
  gint64 audits = wm_store_count (f->store, "audit", NULL);
  gint64 scores = wm_store_count (f->store, "audit_score", NULL);
  gint64 meetings = wm_store_count (f->store, "moderation_meeting", NULL);

  g_assert_false (wm_audit_import_csv (f->store, table, NULL, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  if (strstr (error->message, message) == NULL)
    g_error ("expected “%s” in “%s”", message, error->message);
  g_assert_cmpint (wm_store_count (f->store, "audit", NULL), ==, audits);
  g_assert_cmpint (wm_store_count (f->store, "audit_score", NULL), ==, scores);
  g_assert_cmpint (wm_store_count (f->store, "moderation_meeting", NULL), ==, meetings);
}

#define HEADER "Case_Ref,Audit_Type,Date,Auditor,Moderator,Domain,Auditor_Level,Moderator_Level,Comment,meeting_date\n"

static void
test_csv_import (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(WmAuditTemplate) ehc = NULL;
  WmAuditImportResult result;
  WmAudit *audit;

  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,3,3,,\nJane Smith,new,2023-05-01,A,M,B,3,3,,\n",
                  "audits.csv, line 3, column “Case_Ref”: Case reference “Jane Smith” looks like a person's name");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,5,3,,\n",
                  "audits.csv, line 2, column “Auditor_Level”: “5” is not a level of template “EHC plan”");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,Z,3,3,,\n",
                  "line 2, column “Domain”: template “EHC plan” has no domain “Z”");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,,3,,\n",
                  "line 2, column “Moderator_Level”: B Special educational needs has a moderator's "
                  "level but no auditor's level");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,3,3,,\nEHC-1,new,2023-05-01,A,M,b,2,2,,\n",
                  "line 3, column “Domain”: B Special educational needs is given twice");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,3,3,,\nEHC-1,new,01/05/2023,B,M,C,2,2,,\n",
                  "line 3, column “Auditor”: “B” differs from “A” on line 2");
  assert_refused (f, HEADER "EHC-1,new,31/09/2023,A,M,B,3,3,,\n",
                  "line 2, column “Date”: “31/09/2023” is not a date");
  assert_refused (f, HEADER "EHC-1,lunch,2023-05-01,A,M,B,3,3,,\n",
                  "line 2, column “Audit_Type”: “lunch” is not an audit type");
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,Overall,N/A,,,\n",
                  "line 2, column “Auditor_Level”: the overall judgement needs a level");
  assert_refused (f, HEADER "EHC-1,advice,2023-05-01,A,M,T,3,3,,\n",
                  "line 2, column “Audit_Type”: say which statutory advice");
  /* the error on the last line: nothing of the good lines before it */
  assert_refused (f, HEADER "EHC-1,new,2023-05-01,A,M,B,3,3,,2023-05-01\n"
                  "EHC-2,new,2023-05-01,A,M,B,3,3,,2023-05-01\nEHC-3,new,2023-05-01,A,M,B,3,x,,\n",
                  "line 4, column “Moderator_Level”: “x” is not a level");
  g_assert_cmpint (wm_store_count (f->store, "audit", NULL), ==, 0);
  g_assert_cmpint (wm_store_count (f->store, "moderation_meeting", NULL), ==, 0);

  /* a missing required column */
  table = parse ("case_ref,date,domain,auditor_level\nEHC-1,2023-05-01,B,3\n");
  g_assert_false (wm_audit_import_csv (f->store, table, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "audit_type"));
  g_clear_error (&error);
  g_clear_pointer (&table, wm_csv_table_free);

  table = parse (HEADER
                 "EHC-1,New EHC plan,01/05/2023,Auditor A,Moderator M,B,3,3,Clear and specific,2023-05-09\n"
                 "EHC-1,New EHC plan,01/05/2023,Auditor A,Moderator M,Special educational needs - wait,,,,\n");
  g_assert_false (wm_audit_import_csv (f->store, table, NULL, NULL, &error));
  g_clear_error (&error);
  g_clear_pointer (&table, wm_csv_table_free);

  table = parse (HEADER
                 "EHC-1,New EHC plan,01/05/2023,Auditor A,Moderator M,B,3,3,Clear and specific,2023-05-09\n"
                 "EHC-1,New EHC plan,01/05/2023,Auditor A,Moderator M,Outcomes,Good,2 Requires improvement,,\n"
                 "EHC-1,New EHC plan,01/05/2023,,,J,N/A,N/A,,\n"
                 "EHC-1,New EHC plan,01/05/2023,,,Overall,3,2,,\n"
                 "\n"
                 "EHC-2,annual review,2023-05-02,Auditor B,Moderator M,AR,2,,\"Review late,\nno advice\",2023-05-09\n");
  g_assert_true (wm_audit_import_csv (f->store, table, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rows, ==, 5);
  g_assert_cmpuint (result.created, ==, 2);
  g_assert_cmpuint (result.levels, ==, 9);
  g_assert_cmpuint (result.meetings, ==, 1);

  audits = wm_audit_list (f->store, NULL, &error);
  g_assert_cmpuint (audits->len, ==, 2);
  audit = audits->pdata[0];
  ehc = wm_audit_load_template (f->store, audit->template_id, &error);
  g_assert_cmpstr (audit->case_ref, ==, "EHC-1");
  g_assert_cmpstr (audit->audit_type, ==, WM_AUDIT_TYPE_NEW_PLAN);
  g_assert_cmpstr (audit->audit_date, ==, "2023-05-01");
  g_assert_cmpstr (audit->meeting_date, ==, "2023-05-09");
  g_assert_cmpint (audit->overall_auditor, ==, 3);
  g_assert_cmpint (audit->overall_moderator, ==, 2);
  g_assert_cmpint (wm_audit_get_score (audit, domain_id (ehc, "E"))->auditor_level, ==, 3);
  g_assert_cmpint (wm_audit_get_score (audit, domain_id (ehc, "E"))->moderator_level, ==, 2);
  g_assert_cmpint (wm_audit_get_score (audit, domain_id (ehc, "J"))->moderator_level, ==, 0);
  g_assert_cmpstr (wm_audit_get_score (audit, domain_id (ehc, "B"))->auditor_comment, ==,
                   "Clear and specific");
  audit = audits->pdata[1];
  g_assert_cmpstr (audit->audit_type, ==, WM_AUDIT_TYPE_AMENDED_PLAN);
  g_assert_cmpstr (audit->meeting_id, ==, ((WmAudit *) audits->pdata[0])->meeting_id);
  g_clear_pointer (&table, wm_csv_table_free);

  /* imported again with the moderator's level: the audit is updated */
  table = parse ("case_ref,audit_type,date,domain,auditor_level,moderator_level\n"
                 "EHC-2,amended,02/05/2023,AR,,3\n");
  g_assert_true (wm_audit_import_csv (f->store, table, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.created, ==, 0);
  g_assert_cmpuint (result.updated, ==, 1);
  g_assert_cmpint (wm_store_count (f->store, "audit", NULL), ==, 2);
}

static void
test_csv_map (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmCsvTable) table = parse ("Ref;Type;Audited;Section;Auditor score;Moderator score\n"
                                       "EHC-9;new;3/5/2023;F;2;2\n");
  const char *const maps[] = {
    "Ref=case_ref", "Type=audit_type", "Audited=date", "Section=domain",
    "Auditor score=auditor_level", "Moderator score=moderator_level", NULL,
  };

  g_assert_true (wm_audit_import_csv (f->store, table, maps, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count (f->store, "audit_score", NULL), ==, 1);
}

/* Export, then import into a fresh plan: every score, comment and field
 * comes back. */
static void
test_csv_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmAuditTemplate) ehc = wm_audit_current_template (f->store, "ehc-plan", &error);
  g_autofree char *a1 = new_audit (f, "EHC-1", "new", "2023-05-02", "Auditor A", "Education");
  g_autofree char *a2 = new_audit (f, "EHC-2", "warm", "2023-05-03", "Auditor B", "Health");
  g_autofree char *a3 = new_audit (f, "EHC-3", "new", "2023-05-04", "Auditor B", "Health");
  g_autofree char *path = g_build_filename (f->dir, "fresh.waymark", NULL);
  g_autoptr(WmStore) fresh = NULL;
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);
  g_autoptr(WmCsvTable) table = NULL;
  g_autofree char *plan = NULL;

  score_all (f, a1, ehc, 3, 2);
  set (f, a1, ehc, NULL, 3, 3);
  set (f, a2, ehc, "J", 0, 0);
  set (f, a2, ehc, "B", 1, WM_AUDIT_UNSCORED);
  g_assert_true (wm_audit_set_comment (f->store, a2, domain_id (ehc, "B"), WM_AUDIT_MODERATOR,
                                       "=HYPERLINK(\"x\") and \"quotes\",\nnew line", &error));
  g_assert_true (wm_audit_set_field (f->store, a2, "learning_points",
                                     "Quantify provision in F", &error));
  g_assert_true (wm_audit_set_field (f->store, a2, "plan_issue_date", "1 April 2023", &error));
  g_assert_no_error (error);

  g_assert_true (wm_export_csv (f->store, "audits", first, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first->str, "case_ref,audit_type,date,auditor,moderator,domain,"
                                               "auditor_level,moderator_level,comment,"));

  fresh = wm_store_open (path, WM_STORE_OPEN_CREATE, &error);
  plan = wm_store_create_plan (fresh, "Elsewhere", "Another plan", &error);
  g_assert_no_error (error);
  table = wm_csv_parse (first->str, first->len, "audits.csv", &error);
  g_assert_no_error (error);
  g_assert_true (wm_audit_import_csv (fresh, table, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wm_export_csv (fresh, "audits", second, &error));
  g_assert_cmpstr (first->str, ==, second->str);
  /* the audit with nothing scored came back too */
  g_assert_cmpint (wm_store_count (fresh, "audit", NULL), ==, 3);
  (void) a3;
  g_assert_finalize_object (g_steal_pointer (&fresh));
}

static void
test_sample_has_templates (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = wm_audit_list_templates (f->store, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (templates->len, ==, 6);
  /* the sample states no audits: none are made up */
  g_assert_cmpint (wm_store_count (f->store, "audit", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/audit/kappa/cohen-1968", test_kappa_cohen_1968);
  g_test_add_func ("/audit/kappa/fleiss-cohen-everitt-1969", test_kappa_fleiss_cohen_everitt_1969);
  g_test_add_func ("/audit/kappa/stata-radiologists", test_kappa_radiologists);
  g_test_add_func ("/audit/kappa/undefined", test_kappa_undefined);
  g_test_add_func ("/audit/case-ref", test_case_ref);
  g_test_add_func ("/audit/types", test_audit_types);
  ADD ("/audit/templates/defaults", test_default_templates);
  ADD ("/audit/templates/same-ids-on-every-laptop", test_default_template_ids);
  ADD ("/audit/templates/versions", test_template_versions);
  ADD ("/audit/validation", test_validation);
  ADD ("/audit/blind-moderation", test_blind_moderation);
  ADD ("/audit/stats", test_stats);
  ADD ("/audit/stats/cadence", test_cadence);
  ADD ("/audit/csv/import", test_csv_import);
  ADD ("/audit/csv/map", test_csv_map);
  ADD ("/audit/csv/round-trip", test_csv_round_trip);
  g_test_add ("/audit/sample", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_sample_has_templates, fixture_tear_down);
  return g_test_run ();
}
