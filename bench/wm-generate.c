/* wm-generate.c: seeded synthetic plans */
#define G_LOG_DOMAIN "wm-generate"

#include "wm-generate.h"
#include "wm-date.h"
#include "wm-error.h"

#include <string.h>

/* A fixed month 0 rather than today: the same seed must give the same
 * dates on any day it runs. */
#define DEFAULT_START_DATE "2024-04-01"

/* The rows are generated, so every row says so, in the words the sample
 * plan uses for what is not in its source. */
#define SYNTHETIC "Synthetic: "

/* Month names written out here rather than by strftime: plan text is
 * British English whatever the locale of the machine that generates it. */
static const char *const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

/* ---------- vocabulary ---------- */

static const char *const agencies[] = {
  "LA", "ICB", "Social care", "Education", "Parent carer forum",
};

static const struct
{
  const char *role;
  guint       agency;  /* index into agencies[] */
} leads[] = {
  { "Head of SEND", 0 },
  { "SENA Service Manager", 0 },
  { "Principal Educational Psychologist", 0 },
  { "Local Offer Manager", 0 },
  { "SEND Quality Assurance Manager", 0 },
  { "Designated Clinical Officer", 1 },
  { "Associate Director of Nursing", 1 },
  { "Children's Therapies Service Lead", 1 },
  { "Designated Social Care Officer", 2 },
  { "Disabled Children's Service Manager", 2 },
  { "Preparing for Adulthood Lead", 2 },
  { "Assistant Director, Education and Inclusion", 3 },
  { "SENDCo Network Lead", 3 },
  { "Head of Inclusion and Alternative Provision", 3 },
  { "Parent Carer Forum Co-Chair", 4 },
};

static const char *const themes[] = {
  "Quality of EHC plans following initial EHC needs assessment",
  "Quality of EHC plans following amendment at annual review",
  "A rigorous multi-agency quality assurance process",
  "Timeliness of EHC needs assessments",
  "Joint commissioning of health provision with the ICB",
  "Preparing for adulthood from year 9",
  "Co-production with children, young people and families",
  "Inclusion and the graduated approach in mainstream settings",
  "Sufficiency of specialist and alternative provision",
  "Workforce development across education, health and care",
};

static const char *const verbs[] = {
  "Improve", "Embed", "Review", "Redesign", "Strengthen", "Co-produce", "Launch",
  "Audit", "Streamline", "Establish", "Refresh", "Evaluate",
};

static const char *const objects[] = {
  "the timeliness of EHC needs assessments",
  "the quality of outcomes written in EHC plans",
  "annual reviews of EHC plans",
  "the return of EP advice within six weeks",
  "health advice co-ordinated by the DCO",
  "the SENA team's casework and triage",
  "support for SENDCos in mainstream schools",
  "the local offer website",
  "co-production with the parent carer forum",
  "transition planning for Preparing for Adulthood",
  "joint commissioning of speech and language therapy",
  "social care advice for EHC needs assessments",
  "the graduated approach in early years settings",
  "oversight of alternative provision",
  "waiting times for neurodevelopmental assessment",
  "the multi-agency SEND performance dashboard",
  "learning from tribunals and mediation",
  "the multi-agency EHC plan audit framework",
  "ordinarily available provision guidance",
  "decision-making panels for requests to assess",
};

static const char *const qualifiers[] = {
  "so that families receive final plans within 20 weeks",
  "with the parent carer forum as an equal partner",
  "across education, health and care",
  "in line with the SEND Code of Practice (2015)",
  "for children and young people aged 0 to 25",
  "so that plans reflect the voice of the child",
  "with clear roles and responsibilities for every agency",
  "so that provision is specific and quantified",
};

static const char *const first_stages[] = {
  "Process mapped and agreed",
  "Baseline audit completed",
  "Co-production workshops held",
  "Scope agreed by LA and ICB",
  "Practice guidance drafted",
};

static const char *const middle_stages[] = {
  "Pilot in two localities",
  "Training for SENDCos and caseworkers",
  "3 month trial evaluated",
  "Guidance published on the local offer",
  "Panel terms of reference signed off",
  "Recruitment to SENA posts",
};

static const char *const last_stages[] = {
  "Embed into daily practice",
  "Sustain",
  "Impact reported to the SEND board",
  "Roll out across the county",
};

static const char *const milestone_texts[] = {
  "We will have an agreed process map and practice guidance",
  "We will have evaluated the trial and agreed amendments with partners",
  "We will have trained all SENA caseworkers in outcome writing",
  "We will have audited a sample of EHC plans with health and care colleagues",
  "We will have published revised guidance on the local offer",
  "We will have reported progress to the SEND and Inclusion Board",
};

static const char *const evidence_texts[] = {
  "Process map",
  "Practice guidance",
  "Decision-making panel terms of reference",
  "Evaluation report of trial",
  "Training attendance records",
  "Minutes of the SEND and Inclusion Board",
  "Parent carer forum survey results",
  "EHC plan QA audit findings",
  "SEND performance dashboard extract",
};

static const char *const impact_formats[] = {
  "At least %u%% of EHC needs assessments completed within 20 weeks",
  "%u%% of annual reviews held within 12 months of the last",
  "At least %u%% of EP advice returned within 6 weeks",
  "%u%% of families report they felt listened to",
  "%u%% of audited EHC plans judged good or better",
};

static const char *const update_texts[] = {
  "Panels running weekly; backlog reducing",
  "Training delivered to most SENDCos; follow-up sessions booked",
  "Delay in health advice returns; escalated to the DCO",
  "Audit completed; findings shared with the parent carer forum",
  "Recruitment to two caseworker posts still open",
  "Guidance drafted; awaiting sign-off by the SEND board",
  "Trial evaluated; amendments agreed with partners",
};

static const char *const risk_causes[] = {
  "Lack of capacity within SENA",
  "Delays in health advice from therapy services",
  "Difficulty recruiting educational psychologists",
  "Rising demand for EHC needs assessments",
  "Limited engagement of social care in annual reviews",
  "Poor data quality in the case management system",
  "Insufficient specialist school places",
  "Low confidence of parent carers in the EHC process",
  "Pressure on the high needs block",
};

static const char *const risk_effects[] = {
  "the quality and timeliness of EHC plans suffer",
  "assessments are incomplete and EHC plans are of poor quality",
  "final EHC plans are issued beyond 20 weeks",
  "trust between families and the partnership weakens",
};

static const char *const risk_categories[] = {
  "Capacity", "Workforce", "Partnership", "Demand", "Data", "Finance", "Engagement",
};

static const char *const mitigations[] = {
  "Interim SENA capacity agreed; recruitment campaign under way",
  "Induction for new staff and regular learning and development",
  "DCO to monitor advice returns weekly and escalate delays",
  "Monthly data cleansing with the case management team",
  "Joint communications plan with the parent carer forum",
  "Sufficiency plan reviewed by the SEND and Inclusion Board",
};

static const char *const severities[] = { "Low", "Medium", "High" };

/* ---------- the generator ---------- */

typedef struct
{
  WmStore                 *store;
  const WmGenerateOptions *opts;
  GRand                   *rand;
  WmRecord                *plan;
  char                    *plan_id;
  char                    *illustrative;
  GDate                    start;
  guint                    n_months;     /* the plan runs months 0 … n_months - 1 */
  guint                    as_of_month;  /* the plan's "today": updates stop here */
  GPtrArray               *ratings;
  WmRecord                *rating_by_code[5];  /* B G A R P, or NULL on another scale */
  guint                    milestone_order;
} Generator;

enum { RATING_B, RATING_G, RATING_A, RATING_R, RATING_P };

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_object (&gen->plan);
  g_clear_pointer (&gen->plan_id, g_free);
  g_clear_pointer (&gen->illustrative, g_free);
  g_clear_pointer (&gen->ratings, g_ptr_array_unref);
}

static guint
uniform (Generator *gen,
         guint      low,
         guint      high)
{
  g_assert (low <= high);
  return (guint) g_rand_int_range (gen->rand, (gint32) low, (gint32) high + 1);
}

#define PICK(gen, array) ((array)[uniform ((gen), 0, G_N_ELEMENTS (array) - 1)])

static gboolean
chance (Generator *gen,
        double     probability)
{
  return g_rand_double (gen->rand) < probability;
}

/* Month m of the plan, as the sample's loader counts them: month 0 is the
 * start month; an end date is that month's last day. */
static void
month_gdate (Generator *gen,
             guint      month,
             gboolean   end,
             GDate     *out)
{
  *out = gen->start;
  g_date_set_day (out, 1);
  if (month > 0)
    g_date_add_months (out, month);
  if (end)
    g_date_set_day (out, g_date_get_days_in_month (g_date_get_month (out),
                                                   g_date_get_year (out)));
}

static char *
month_iso (Generator *gen,
           guint      month,
           gboolean   end)
{
  GDate date;

  month_gdate (gen, month, end, &date);
  return wm_date_to_iso (&date);
}

static char *
uint_text (guint value)
{
  return g_strdup_printf ("%u", value);
}

static const char *
rating_id (Generator *gen,
           guint      which)
{
  WmRecord *rating = gen->rating_by_code[which];

  /* A plan on another scale: any of its ratings will do. */
  if (rating == NULL)
    rating = gen->ratings->pdata[uniform (gen, 0, gen->ratings->len - 1)];
  return wm_record_get_id (rating);
}

static gboolean
rating_is_complete (Generator  *gen,
                    const char *id)
{
  for (guint i = 0; i < gen->ratings->len; i++)
    if (g_strcmp0 (wm_record_get_id (gen->ratings->pdata[i]), id) == 0)
      return wm_record_get_int (gen->ratings->pdata[i], "is_complete", 0) != 0;
  return FALSE;
}

/* Ratings as boards see them: most actions green or amber, a few red,
 * blue once the due date has passed, pink until work starts. */
static const char *
pick_rating (Generator *gen,
             gboolean   started,
             gboolean   past_due)
{
  double roll = g_rand_double (gen->rand);

  if (!started)
    return rating_id (gen, RATING_P);
  if (past_due)
    return rating_id (gen, roll < 0.6 ? RATING_B : roll < 0.85 ? RATING_A : RATING_R);
  return rating_id (gen, roll < 0.5 ? RATING_G : roll < 0.8 ? RATING_A
                         : roll < 0.9 ? RATING_R : RATING_P);
}

static gboolean
setup (Generator               *gen,
       WmStore                 *store,
       const WmGenerateOptions *opts,
       GError                 **error)
{
  static const char *const codes[] = { "B", "G", "A", "R", "P" };
  const char *start = opts->start_date ? opts->start_date : DEFAULT_START_DATE;

  gen->store = store;
  gen->opts = opts;
  gen->rand = g_rand_new_with_seed (opts->seed);
  gen->illustrative = g_strdup_printf ("all (synthetic data from waymark-generate, seed %u)",
                                       opts->seed);

  if (!wm_date_from_iso (start, &gen->start))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Start date “%s” is not a date: write it as YYYY-MM-DD.", start);
      return FALSE;
    }
  if (opts->n_actions > 0 && opts->n_priorities == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%u actions need at least one priority to belong to.", opts->n_actions);
      return FALSE;
    }
  if (opts->min_stages > opts->max_stages || opts->max_stages > 12)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Stages per action must be a range within 0–12, not %u–%u.",
                   opts->min_stages, opts->max_stages);
      return FALSE;
    }
  if (opts->n_status_updates > 0 && opts->n_actions == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%u status updates need at least one action to belong to.",
                   opts->n_status_updates);
      return FALSE;
    }

  gen->plan = wm_store_get_plan (store, error);
  if (gen->plan == NULL)
    return FALSE;
  gen->plan_id = g_strdup (wm_record_get_id (gen->plan));
  gen->ratings = wm_store_list_ratings (store, error);
  if (gen->ratings == NULL)
    return FALSE;
  if (gen->ratings->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The plan has no rating scale to rate its actions with.");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    for (guint j = 0; j < gen->ratings->len; j++)
      if (g_strcmp0 (wm_record_get (gen->ratings->pdata[j], "code"), codes[i]) == 0)
        gen->rating_by_code[i] = gen->ratings->pdata[j];

  /* Real plans run for 12 to 24 months; the plan's "today" sits halfway,
   * so that some work is done, some late and some not started. */
  gen->n_months = uniform (gen, 12, 24);
  gen->as_of_month = gen->n_months / 2;
  return TRUE;
}

static gboolean
generate_plan_header (Generator  *gen,
                      GError    **error)
{
  const char *title = wm_record_get_nonnull (gen->plan, "title");
  g_autofree char *new_title = NULL;
  g_autofree char *start = month_iso (gen, 0, FALSE);
  g_autofree char *note = g_strdup_printf (SYNTHETIC "generated by waymark-generate with seed "
                                           "%u; no partnership, person or figure in it is real.",
                                           gen->opts->seed);

  if (!g_str_has_prefix (title, SYNTHETIC))
    new_title = g_strconcat (SYNTHETIC, *title ? title : "generated plan", NULL);
  return wm_store_update (gen->store, "plan", gen->plan_id, error,
                          "start_date", start,
                          "note", note,
                          new_title ? "title" : NULL, new_title,
                          NULL);
}

static gboolean
generate_plan_milestones (Generator  *gen,
                          GError    **error)
{
  static const guint months[] = { 3, 6, 9, 12 };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autofree char *code = g_strdup_printf ("MS%u", months[i]);
      g_autofree char *title = g_strdup_printf (SYNTHETIC "%u month milestone", months[i]);
      g_autofree char *month = uint_text (months[i]);
      g_autofree char *due = month_iso (gen, months[i], TRUE);
      g_autofree char *order = uint_text (gen->milestone_order++);
      g_autofree char *done = NULL;
      g_autofree char *id = NULL;

      if (months[i] < gen->as_of_month)
        done = g_strdup (due);
      id = wm_store_insert (gen->store, "milestone", error,
                            "plan_id", gen->plan_id,
                            "code", code,
                            "title", title,
                            "month", month,
                            "due_date", due,
                            "done_date", done,
                            "sort_order", order,
                            NULL);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

static char *
generate_priority (Generator  *gen,
                   guint       index,
                   GError    **error)
{
  const char *theme = themes[index % G_N_ELEMENTS (themes)];
  g_autofree char *code = uint_text (index + 1);
  g_autofree char *order = uint_text (index);
  g_autofree char *title = NULL;
  g_autofree char *aspiration = NULL;
  g_autofree char *lead = NULL;
  guint pick;

  /* Past the list of themes, strands keep titles distinct. */
  if (index < G_N_ELEMENTS (themes))
    title = g_strconcat (SYNTHETIC, theme, NULL);
  else
    title = g_strdup_printf (SYNTHETIC "%s (strand %u)", theme,
                             index / (guint) G_N_ELEMENTS (themes) + 1);
  aspiration = g_strdup_printf ("Children and young people with SEND receive the right support "
                                "at the right time, %s.", PICK (gen, qualifiers));
  pick = uniform (gen, 0, G_N_ELEMENTS (leads) - 1);
  lead = g_strdup_printf ("%s (%s)", leads[pick].role, agencies[leads[pick].agency]);

  return wm_store_insert (gen->store, "priority", error,
                          "plan_id", gen->plan_id,
                          "code", code,
                          "title", title,
                          "aspiration", aspiration,
                          "lead", lead,
                          "sort_order", order,
                          NULL);
}

/* One to three leads from different roles, and the agencies they belong
 * to, one a line in a fixed order as the store's agency filter expects. */
static void
pick_leads (Generator  *gen,
            char      **leads_out,
            char      **agency_out)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) agency = g_string_new (NULL);
  gboolean chosen[G_N_ELEMENTS (leads)] = { FALSE, };
  gboolean agency_used[G_N_ELEMENTS (agencies)] = { FALSE, };
  guint n = uniform (gen, 1, 3);

  for (guint i = 0; i < n; i++)
    {
      guint pick = uniform (gen, 0, G_N_ELEMENTS (leads) - 1);

      if (chosen[pick])
        continue;
      chosen[pick] = TRUE;
      agency_used[leads[pick].agency] = TRUE;
      g_string_append_printf (text, "%s%s (%s)", text->len ? "\n" : "", leads[pick].role,
                              agencies[leads[pick].agency]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    if (agency_used[i])
      g_string_append_printf (agency, "%s%s", agency->len ? "\n" : "", agencies[i]);

  *leads_out = g_string_free (g_steal_pointer (&text), FALSE);
  *agency_out = g_string_free (g_steal_pointer (&agency), FALSE);
}

static char *
pick_lines (Generator          *gen,
            const char *const  *texts,
            guint               n_texts,
            guint               n)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  guint first = uniform (gen, 0, n_texts - 1);

  /* Consecutive entries, so no line repeats within one action. */
  for (guint i = 0; i < n && i < n_texts; i++)
    g_string_append_printf (lines, "%s%s", i ? "\n" : "", texts[(first + i) % n_texts]);
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static char *
pick_impact (Generator *gen)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n = uniform (gen, 1, 2);
  guint first = uniform (gen, 0, G_N_ELEMENTS (impact_formats) - 1);

  for (guint i = 0; i < n; i++)
    {
      const char *format = impact_formats[(first + i) % G_N_ELEMENTS (impact_formats)];
      if (i > 0)
        g_string_append_c (lines, '\n');
      g_string_append_printf (lines, format, uniform (gen, 60, 95));
    }
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static gboolean
generate_stages (Generator  *gen,
                 const char *action_id,
                 guint       first_month,
                 guint       n_months,
                 guint       n_stages,
                 GError    **error)
{
  guint month = first_month;
  guint spare = n_months - n_stages;

  for (guint i = 0; i < n_stages; i++)
    {
      /* Each stage has a month at least; the last takes what is left so
       * that the stages cover the action from start to due date. */
      guint extra = i + 1 == n_stages ? spare : uniform (gen, 0, spare);
      guint last = month + extra;
      const char *label = i == 0 ? PICK (gen, first_stages)
                          : i + 1 == n_stages ? PICK (gen, last_stages)
                          : PICK (gen, middle_stages);
      g_autofree char *start = month_iso (gen, month, FALSE);
      g_autofree char *end = month_iso (gen, last, TRUE);
      g_autofree char *order = uint_text (i);
      g_autofree char *id = NULL;

      spare -= extra;
      id = wm_store_insert (gen->store, "stage", error,
                            "action_id", action_id,
                            "label", label,
                            "start_date", start,
                            "end_date", end,
                            "baseline_start", start,
                            "baseline_end", end,
                            "sort_order", order,
                            NULL);
      if (id == NULL)
        return FALSE;
      month = last + 1;
    }
  return TRUE;
}

static gboolean
generate_action_milestones (Generator  *gen,
                            const char *action_id,
                            const char *code,
                            guint       first_month,
                            guint       n_months,
                            GError    **error)
{
  /* MIN () evaluates its arguments twice: draw first. */
  guint n = uniform (gen, 0, gen->opts->max_action_milestones);
  guint month = first_month;

  n = MIN (n, n_months);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ms_code = NULL;
      g_autofree char *title = NULL;
      g_autofree char *month_text = NULL;
      g_autofree char *due = NULL;
      g_autofree char *done = NULL;
      g_autofree char *order = NULL;
      g_autofree char *id = NULL;
      guint room = first_month + n_months - month - (n - i);

      /* Ascending months, distinct so that codes ("1.2a M5") are too. */
      month += uniform (gen, 0, room);
      ms_code = g_strdup_printf ("%s M%u", code, month);
      title = g_strconcat (SYNTHETIC, PICK (gen, milestone_texts), NULL);
      month_text = uint_text (month);
      due = month_iso (gen, month, TRUE);
      if (month < gen->as_of_month && chance (gen, 0.7))
        done = g_strdup (due);
      order = uint_text (gen->milestone_order++);
      id = wm_store_insert (gen->store, "milestone", error,
                            "plan_id", gen->plan_id,
                            "action_id", action_id,
                            "code", ms_code,
                            "title", title,
                            "month", month_text,
                            "due_date", due,
                            "done_date", done,
                            "sort_order", order,
                            NULL);
      if (id == NULL)
        return FALSE;
      month++;
    }
  return TRUE;
}

typedef struct
{
  char *date;
  char *rating_id;
  char *note;
} Update;

static void
update_clear (gpointer data)
{
  Update *update = data;

  g_free (update->date);
  g_free (update->rating_id);
  g_free (update->note);
}

/* An action's history, oldest first, decided before the action is written
 * so that its current rating and progress note match its last update. */
static GArray *
plan_updates (Generator *gen,
              guint      n,
              guint      first_month,
              guint      last_month)
{
  GArray *updates = g_array_sized_new (FALSE, TRUE, sizeof (Update), n);
  GDate date;
  GDate due;

  g_array_set_clear_func (updates, update_clear);
  month_gdate (gen, first_month, FALSE, &date);
  month_gdate (gen, last_month, TRUE, &due);
  for (guint i = 0; i < n; i++)
    {
      const char *previous = i > 0 ? g_array_index (updates, Update, i - 1).rating_id : NULL;
      Update update;

      /* Boards meet every four to six weeks; a completed action stays
       * complete. */
      g_date_add_days (&date, uniform (gen, 14, 45));
      update.date = wm_date_to_iso (&date);
      if (previous != NULL && rating_is_complete (gen, previous))
        update.rating_id = g_strdup (previous);
      else
        update.rating_id = g_strdup (pick_rating (gen, TRUE, g_date_compare (&date, &due) > 0));
      update.note = g_strdup_printf (SYNTHETIC "%s (update %u).", PICK (gen, update_texts),
                                     i + 1);
      g_array_append_val (updates, update);
    }
  return updates;
}

static gboolean
generate_action (Generator  *gen,
                 const char *priority_id,
                 const char *code,
                 guint       order,
                 guint       n_updates,
                 GError    **error)
{
  const WmGenerateOptions *opts = gen->opts;
  g_autoptr(GArray) updates = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *lead_text = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *start = NULL;
  g_autofree char *due = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *impact = NULL;
  g_autofree char *order_text = uint_text (order);
  g_autofree char *completed = NULL;
  g_autofree char *verb_lower = NULL;
  g_autofree char *id = NULL;
  const char *verb;
  const char *object;
  const char *qualifier;
  const char *rating = NULL;
  const char *progress = NULL;
  guint n_stages, n_months, first_month, last_month;
  GDate due_date;

  /* The order of the draws below is what a seed reproduces: append new
   * draws at the end, never in between. */
  n_stages = uniform (gen, opts->min_stages, opts->max_stages);
  n_months = uniform (gen, MAX (3, n_stages), MAX (12, n_stages));
  first_month = uniform (gen, 0, gen->n_months - MIN (n_months, gen->n_months));
  last_month = first_month + n_months - 1;
  updates = plan_updates (gen, n_updates, first_month, last_month);
  verb = PICK (gen, verbs);
  object = PICK (gen, objects);
  qualifier = PICK (gen, qualifiers);
  pick_leads (gen, &lead_text, &agency);
  evidence = pick_lines (gen, evidence_texts, G_N_ELEMENTS (evidence_texts), uniform (gen, 2, 3));
  impact = pick_impact (gen);

  start = month_iso (gen, first_month, FALSE);
  due = month_iso (gen, last_month, TRUE);
  month_gdate (gen, last_month, TRUE, &due_date);
  verb_lower = g_ascii_strdown (verb, -1);
  title = g_strdup_printf (SYNTHETIC "%s %s", verb, object);
  due_text = g_strdup_printf ("We will complete this by end of %s %u.",
                              month_names[g_date_get_month (&due_date) - 1],
                              g_date_get_year (&due_date));
  description = g_strdup_printf ("We will %s %s, %s. %s", verb_lower, object, qualifier, due_text);

  if (updates->len > 0)
    {
      Update *last = &g_array_index (updates, Update, updates->len - 1);
      rating = last->rating_id;
      progress = last->note;
      if (rating_is_complete (gen, rating))
        completed = g_strdup (last->date);
    }
  else
    rating = pick_rating (gen, first_month < gen->as_of_month, last_month < gen->as_of_month);

  id = wm_store_insert (gen->store, "action", error,
                        "plan_id", gen->plan_id,
                        "priority_id", priority_id,
                        "code", code,
                        "title", title,
                        "description", description,
                        "leads", lead_text,
                        "agency", agency,
                        "start_date", start,
                        "due_date", due,
                        "due_text", due_text,
                        "completed_date", completed,
                        "baseline_start", start,
                        "baseline_due", due,
                        "rating_id", rating,
                        "progress", progress,
                        "evidence", evidence,
                        "impact", impact,
                        "illustrative", gen->illustrative,
                        "sort_order", order_text,
                        NULL);
  if (id == NULL)
    return FALSE;

  if (!generate_stages (gen, id, first_month, n_months, n_stages, error)
      || !generate_action_milestones (gen, id, code, first_month, n_months, error))
    return FALSE;

  for (guint i = 0; i < updates->len; i++)
    {
      Update *update = &g_array_index (updates, Update, i);
      const char *previous = i > 0 ? g_array_index (updates, Update, i - 1).rating_id : NULL;
      g_autofree char *update_id = NULL;
      const char *author = leads[uniform (gen, 0, G_N_ELEMENTS (leads) - 1)].role;

      update_id = wm_store_insert (gen->store, "status_update", error,
                                   "action_id", id,
                                   "date", update->date,
                                   "rating_id", update->rating_id,
                                   "previous_rating_id", previous,
                                   "note", update->note,
                                   "author", author,
                                   "created_at", update->date,
                                   NULL);
      if (update_id == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Codes as plans write them: 1.1, 1.2a, 1.2b, 1.3 … — now and then an
 * action is split into lettered parts that share a number. */
static gboolean
generate_actions (Generator  *gen,
                  GError    **error)
{
  const WmGenerateOptions *opts = gen->opts;
  g_autofree guint *n_updates = g_new0 (guint, MAX (opts->n_actions, 1));
  guint order = 0;

  for (guint i = 0; i < opts->n_status_updates; i++)
    n_updates[uniform (gen, 0, opts->n_actions - 1)]++;

  for (guint p = 0; p < opts->n_priorities; p++)
    {
      guint remaining = opts->n_actions / opts->n_priorities
                        + (p < opts->n_actions % opts->n_priorities ? 1 : 0);
      g_autofree char *priority_id = generate_priority (gen, p, error);
      guint number = 1;

      if (priority_id == NULL)
        return FALSE;
      while (remaining > 0)
        {
          guint parts = 1;

          if (remaining >= 2 && chance (gen, 0.2))
            {
              /* Drawn apart: MIN () would evaluate the draw twice. */
              parts = uniform (gen, 2, 3);
              parts = MIN (parts, remaining);
            }
          for (guint k = 0; k < parts; k++)
            {
              g_autofree char *code = NULL;

              if (parts == 1)
                code = g_strdup_printf ("%u.%u", p + 1, number);
              else
                code = g_strdup_printf ("%u.%u%c", p + 1, number, 'a' + k);
              if (!generate_action (gen, priority_id, code, order, n_updates[order], error))
                return FALSE;
              order++;
            }
          remaining -= parts;
          number++;
        }
    }
  return TRUE;
}

static gboolean
generate_risks (Generator  *gen,
                GError    **error)
{
  for (guint i = 0; i < gen->opts->n_risks; i++)
    {
      const char *cause = PICK (gen, risk_causes);
      guint likelihood = uniform (gen, 2, 5);
      guint impact = uniform (gen, 2, 5);
      guint likelihood_after = uniform (gen, 1, likelihood);
      guint impact_after = uniform (gen, 1, impact);
      guint before = likelihood * impact;
      guint after = likelihood_after * impact_after;
      gboolean closed = chance (gen, 0.15);
      g_autofree char *ref = g_strdup_printf ("RR%u", i + 1);
      g_autofree char *raised = month_iso (gen, uniform (gen, 0, gen->as_of_month), FALSE);
      g_autofree char *review = month_iso (gen, gen->as_of_month + uniform (gen, 1, 3), TRUE);
      g_autofree char *title = g_strconcat (SYNTHETIC, cause, NULL);
      g_autofree char *description = g_strdup_printf ("%s; as a result %s.", cause,
                                                         PICK (gen, risk_effects));
      g_autofree char *owner = g_strdup (leads[uniform (gen, 0, G_N_ELEMENTS (leads) - 1)].role);
      g_autofree char *l_before = uint_text (likelihood);
      g_autofree char *i_before = uint_text (impact);
      g_autofree char *l_after = uint_text (likelihood_after);
      g_autofree char *i_after = uint_text (impact_after);
      g_autofree char *target = uint_text (MAX (1, after / 2));
      g_autofree char *order = uint_text (i);
      g_autofree char *id = NULL;
      /* Drawn here, not among the arguments below, whose order C leaves open. */
      const char *category = PICK (gen, risk_categories);
      const char *mitigation = PICK (gen, mitigations);

      /* Severity bands on the 5×5 matrix: up to 6 low, up to 12 medium. */
      id = wm_store_insert (gen->store, "risk", error,
                            "plan_id", gen->plan_id,
                            "ref", ref,
                            "raised_date", raised,
                            "title", title,
                            "description", description,
                            "owner", owner,
                            "category", category,
                            "severity_before", severities[before <= 6 ? 0 : before <= 12 ? 1 : 2],
                            "severity_after", severities[after <= 6 ? 0 : after <= 12 ? 1 : 2],
                            "likelihood_before", l_before,
                            "impact_before", i_before,
                            "likelihood_after", l_after,
                            "impact_after", i_after,
                            "target_score", target,
                            "mitigation", mitigation,
                            "review_date", review,
                            "status", closed ? "closed" : "open",
                            "closed_reason", closed ? "Mitigations in place; risk accepted "
                                                      "by the SEND board" : NULL,
                            "illustrative", gen->illustrative,
                            "sort_order", order,
                            NULL);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * wm_generate_options_init:
 * @opts: options to fill
 * @n_actions: the size of plan wanted
 *
 * Proportions of the Leicestershire sample scaled up: 2–4 stages and up to
 * two milestones an action, two status updates an action, a risk for every
 * twenty actions, about forty actions a priority.
 */
void
wm_generate_options_init (WmGenerateOptions *opts,
                          guint              n_actions)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->seed = 1;
  opts->n_actions = n_actions;
  opts->n_priorities = CLAMP (n_actions / 40, 3, 100);
  opts->min_stages = 2;
  opts->max_stages = 4;
  opts->max_action_milestones = 2;
  opts->n_risks = MAX (7, n_actions / 20);
  opts->n_status_updates = 2 * n_actions;
  opts->start_date = NULL;
}

/**
 * wm_generate_plan:
 * @store: a store holding a plan (see wm_store_create_plan())
 * @opts: what to generate
 * @error: return location for a #GError
 *
 * Adds a synthetic plan's contents to the plan in @store, all in one
 * transaction: on error nothing is added.
 *
 * Returns: %TRUE on success
 */
gboolean
wm_generate_plan (WmStore                 *store,
                  const WmGenerateOptions *opts,
                  GError                 **error)
{
  Generator gen = { NULL, };
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (opts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!setup (&gen, store, opts, error))
    {
      generator_clear (&gen);
      return FALSE;
    }

  /* One transaction: thousands of rows commit once instead of syncing the
   * file for each, and a failure leaves the plan as it was. */
  if (!wm_store_begin (store, error))
    {
      generator_clear (&gen);
      return FALSE;
    }
  ok = generate_plan_header (&gen, error)
       && generate_plan_milestones (&gen, error)
       && generate_actions (&gen, error)
       && generate_risks (&gen, error);

  /* Extension point: audits (audit_template, audit, audit_score) and KPI
   * values (kpi, kpi_value, kpi_benchmark) get their store API in their own
   * issues.  Add generate_audits () and generate_kpis () here, with their
   * counts in WmGenerateOptions (0 by default), and draw from gen.rand only
   * after everything above, so that existing seeds keep giving the same
   * actions and risks. */

  if (ok)
    ok = wm_store_commit (store, error);
  else
    wm_store_rollback (store);
  generator_clear (&gen);
  return ok;
}
