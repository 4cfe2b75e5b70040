#define G_LOG_DOMAIN "wm-risk"

#include "wm-risk.h"
#include "wm-store-private.h"
#include "wm-date.h"
#include "wm-error.h"

#include <string.h>

struct _WmRisk
{
  GObject       parent_instance;

  WmRecord     *record;
  WmRiskScheme *scheme;
  int           likelihood[2];
  int           impact[2];
  int           score[2];
  int           target;
  WmRiskTrend   trend;
  int           trend_from;
  gboolean      overdue;
  gboolean      flagged;
  GArray       *links;        /* WmRiskLink, in the plan's order */
  GArray       *mitigations;  /* WmRiskMitigation */
  GArray       *notes;        /* WmRiskNote, oldest first */
  GArray       *history;      /* WmRiskHistoryEntry, oldest first */
};

G_DEFINE_FINAL_TYPE (WmRisk, wm_risk, G_TYPE_OBJECT)

void
wm_risk_mitigation_clear (WmRiskMitigation *mitigation)
{
  g_clear_pointer (&mitigation->id, g_free);
  g_clear_pointer (&mitigation->text, g_free);
  g_clear_pointer (&mitigation->owner, g_free);
  g_clear_pointer (&mitigation->due_date, g_free);
  g_clear_pointer (&mitigation->action_id, g_free);
  g_clear_pointer (&mitigation->action_code, g_free);
}

static void
note_clear (gpointer data)
{
  WmRiskNote *note = data;

  g_free (note->id);
  g_free (note->date);
  g_free (note->author);
  g_free (note->note);
}

static void
history_clear (gpointer data)
{
  WmRiskHistoryEntry *entry = data;

  g_free (entry->date);
  g_free (entry->author);
}

static void
link_clear (gpointer data)
{
  WmRiskLink *link = data;

  g_free (link->action_id);
  g_free (link->code);
  g_free (link->title);
  g_free (link->rating_code);
  g_free (link->rating_label);
  g_free (link->rating_colour);
}

/**
 * wm_risk_mitigations_new:
 *
 * Returns: (transfer full): an empty array of #WmRiskMitigation that
 *   frees its items' strings
 */
GArray *
wm_risk_mitigations_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (WmRiskMitigation));

  g_array_set_clear_func (array, (GDestroyNotify) wm_risk_mitigation_clear);
  return array;
}

static void
wm_risk_finalize (GObject *object)
{
  WmRisk *self = WM_RISK (object);

  g_clear_object (&self->record);
  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->mitigations, g_array_unref);
  g_clear_pointer (&self->notes, g_array_unref);
  g_clear_pointer (&self->history, g_array_unref);

  G_OBJECT_CLASS (wm_risk_parent_class)->finalize (object);
}

static void
wm_risk_class_init (WmRiskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wm_risk_finalize;
}

static void
wm_risk_init (WmRisk *self)
{
  self->links = g_array_new (FALSE, TRUE, sizeof (WmRiskLink));
  g_array_set_clear_func (self->links, link_clear);
  self->mitigations = wm_risk_mitigations_new ();
  self->notes = g_array_new (FALSE, TRUE, sizeof (WmRiskNote));
  g_array_set_clear_func (self->notes, note_clear);
  self->history = g_array_new (FALSE, TRUE, sizeof (WmRiskHistoryEntry));
  g_array_set_clear_func (self->history, history_clear);
}

/* ---------- scores ---------- */

static const char *const stage_suffix[] = { "before", "after" };

/* A level stored as a number that the scheme no longer has (a smaller
 * scheme was saved) counts as not assessed, never as a wrong cell. */
static int
stored_level (WmRecord     *record,
              const char   *prefix,
              WmRiskStage   stage,
              int           n_levels)
{
  g_autofree char *column = g_strconcat (prefix, "_", stage_suffix[stage], NULL);
  gint64 value = wm_record_get_int (record, column, 0);

  return value >= 1 && value <= n_levels ? (int) value : 0;
}

static void
compute_scores (WmRisk *self)
{
  WmRiskScheme *scheme = self->scheme;

  for (int stage = WM_RISK_INHERENT; stage <= WM_RISK_RESIDUAL; stage++)
    {
      if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
        {
          g_autofree char *column = g_strconcat ("severity_", stage_suffix[stage], NULL);

          self->likelihood[stage] = 0;
          self->impact[stage] = 0;
          self->score[stage] = wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_SEVERITY,
                                                           wm_record_get (self->record, column));
        }
      else
        {
          self->likelihood[stage] = stored_level (self->record, "likelihood", stage,
                                                  wm_risk_scheme_n_levels (scheme,
                                                                           WM_RISK_AXIS_LIKELIHOOD));
          self->impact[stage] = stored_level (self->record, "impact", stage,
                                              wm_risk_scheme_n_levels (scheme,
                                                                       WM_RISK_AXIS_IMPACT));
          self->score[stage] = wm_risk_scheme_score (scheme, self->likelihood[stage],
                                                     self->impact[stage]);
        }
    }

  self->target = (int) wm_record_get_int (self->record, "target_score", 0);
  if (self->target < 1 || self->target > wm_risk_scheme_max_score (scheme))
    self->target = scheme->appetite;
}

/* The score the register ranks a risk by: residual once assessed. */
static int
current_score (int before,
               int after)
{
  return after > 0 ? after : before;
}

/* The trend since the last review: the residual score now against the
 * score in force just before the last review.  A risk never reviewed is
 * compared with the score it was raised with. */
static void
compute_trend (WmRisk *self)
{
  const char *reviewed = wm_record_get (self->record, "reviewed_date");
  int now = current_score (self->score[WM_RISK_INHERENT], self->score[WM_RISK_RESIDUAL]);
  const WmRiskHistoryEntry *baseline = NULL;

  if (reviewed != NULL && *reviewed != '\0')
    {
      for (guint i = 0; i < self->history->len; i++)
        {
          const WmRiskHistoryEntry *entry = &g_array_index (self->history, WmRiskHistoryEntry, i);
          if (g_strcmp0 (entry->date, reviewed) < 0)
            baseline = entry;
        }
    }
  else if (self->history->len >= 2)
    baseline = &g_array_index (self->history, WmRiskHistoryEntry, 0);

  if (baseline == NULL || now == 0)
    {
      self->trend = WM_RISK_TREND_NEW;
      self->trend_from = 0;
      return;
    }
  self->trend_from = current_score (baseline->score_before, baseline->score_after);
  if (self->trend_from == 0)
    self->trend = WM_RISK_TREND_NEW;
  else if (now > self->trend_from)
    self->trend = WM_RISK_TREND_UP;
  else if (now < self->trend_from)
    self->trend = WM_RISK_TREND_DOWN;
  else
    self->trend = WM_RISK_TREND_SAME;
}

static WmRisk *
risk_new (WmRecord     *record,
          WmRiskScheme *scheme)
{
  WmRisk *self = g_object_new (WM_TYPE_RISK, NULL);

  self->record = g_object_ref (record);
  self->scheme = wm_risk_scheme_ref (scheme);
  compute_scores (self);
  return self;
}

static void
finish_risk (WmRisk     *self,
             const char *today)
{
  const char *review = wm_record_get (self->record, "review_date");

  compute_trend (self);
  self->overdue = !wm_risk_is_closed (self) && review != NULL && *review != '\0'
                  && strcmp (review, today) < 0;
  self->flagged = FALSE;
  if (!wm_risk_is_closed (self))
    for (guint i = 0; i < self->links->len; i++)
      self->flagged |= g_array_index (self->links, WmRiskLink, i).red;
}

/* ---------- accessors ---------- */

WmRecord *
wm_risk_get_record (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->record;
}

WmRiskScheme *
wm_risk_get_scheme (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->scheme;
}

const char *
wm_risk_get_id (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return wm_record_get_id (self->record);
}

const char *
wm_risk_get_ref (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return wm_record_get_nonnull (self->record, "ref");
}

/* Registers copied from a plan often have only the risk's description
 * (the sample's do): the description then serves as the title. */
const char *
wm_risk_get_title (WmRisk *self)
{
  const char *title;

  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  title = wm_record_get (self->record, "title");
  if (title != NULL && *title != '\0')
    return title;
  return wm_record_get_nonnull (self->record, "description");
}

const char *
wm_risk_get (WmRisk     *self,
             const char *column)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return wm_record_get (self->record, column);
}

int
wm_risk_get_likelihood (WmRisk      *self,
                        WmRiskStage  stage)
{
  g_return_val_if_fail (WM_IS_RISK (self), 0);
  return self->likelihood[stage];
}

int
wm_risk_get_impact (WmRisk      *self,
                    WmRiskStage  stage)
{
  g_return_val_if_fail (WM_IS_RISK (self), 0);
  return self->impact[stage];
}

/* Likelihood × impact, or the severity level's value; 0: not assessed. */
int
wm_risk_get_score (WmRisk      *self,
                   WmRiskStage  stage)
{
  g_return_val_if_fail (WM_IS_RISK (self), 0);
  return self->score[stage];
}

const WmRiskBand *
wm_risk_get_band (WmRisk      *self,
                  WmRiskStage  stage)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return wm_risk_scheme_band_for_score (self->scheme, self->score[stage]);
}

/* "4 × 5 = 20 Extreme" or "High"; NULL when not assessed. */
char *
wm_risk_format_score (WmRisk      *self,
                      WmRiskStage  stage)
{
  const WmRiskBand *band;

  g_return_val_if_fail (WM_IS_RISK (self), NULL);

  if (self->score[stage] == 0)
    return NULL;
  if (self->scheme->kind == WM_RISK_SCHEME_SEVERITY)
    return wm_risk_scheme_format_score (self->scheme, self->score[stage]);
  band = wm_risk_get_band (self, stage);
  return g_strdup_printf ("%d × %d = %d %s", self->likelihood[stage], self->impact[stage],
                          self->score[stage], band ? band->name : "");
}

int
wm_risk_get_target (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), 0);
  return self->target;
}

WmRiskTrend
wm_risk_get_trend (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), WM_RISK_TREND_NEW);
  return self->trend;
}

/* The score the trend is measured from; 0 for a new risk. */
int
wm_risk_get_trend_from (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), 0);
  return self->trend_from;
}

const char *
wm_risk_get_status (WmRisk *self)
{
  const char *status;

  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  status = wm_record_get (self->record, "status");
  return status != NULL && *status != '\0' ? status : "open";
}

gboolean
wm_risk_is_closed (WmRisk *self)
{
  return g_ascii_strcasecmp (wm_risk_get_status (self), "closed") == 0;
}

gboolean
wm_risk_is_overdue (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), FALSE);
  return self->overdue;
}

/* Open and mitigated by at least one action rated Red. */
gboolean
wm_risk_is_flagged (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), FALSE);
  return self->flagged;
}

GArray *
wm_risk_get_links (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->links;
}

/* "1.3a (Red); 2.1 (Green)" */
char *
wm_risk_format_links (WmRisk *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (WM_IS_RISK (self), NULL);

  for (guint i = 0; i < self->links->len; i++)
    {
      const WmRiskLink *link = &g_array_index (self->links, WmRiskLink, i);

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, link->code);
      if (link->rating_label != NULL)
        g_string_append_printf (text, " (%s)", link->rating_label);
    }
  return g_string_free (text, FALSE);
}

GArray *
wm_risk_get_mitigations (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->mitigations;
}

GArray *
wm_risk_get_notes (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->notes;
}

GArray *
wm_risk_get_history (WmRisk *self)
{
  g_return_val_if_fail (WM_IS_RISK (self), NULL);
  return self->history;
}

/* One line a screen reader can say: "RR1, Lack of capacity…: before
 * mitigation High, after Medium". */
char *
wm_risk_describe (WmRisk *self)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_return_val_if_fail (WM_IS_RISK (self), NULL);

  before = wm_risk_format_score (self, WM_RISK_INHERENT);
  after = wm_risk_format_score (self, WM_RISK_RESIDUAL);
  return g_strdup_printf ("%s, %s: before mitigation %s, after %s", wm_risk_get_ref (self),
                          wm_risk_get_title (self), before ? before : "not scored",
                          after ? after : "not scored");
}

const char *
wm_risk_trend_symbol (WmRiskTrend trend)
{
  switch (trend)
    {
    case WM_RISK_TREND_UP:
      return "↑";
    case WM_RISK_TREND_DOWN:
      return "↓";
    case WM_RISK_TREND_SAME:
      return "→";
    case WM_RISK_TREND_NEW:
    default:
      return "";
    }
}

const char *
wm_risk_trend_name (WmRiskTrend trend)
{
  switch (trend)
    {
    case WM_RISK_TREND_UP:
      return "rising";
    case WM_RISK_TREND_DOWN:
      return "falling";
    case WM_RISK_TREND_SAME:
      return "unchanged";
    case WM_RISK_TREND_NEW:
    default:
      return "new";
    }
}

/* ---------- fields ---------- */

typedef enum
{
  KIND_REF,
  KIND_RAISED,
  KIND_TEXT,
  KIND_LINE,
  KIND_OWNER,
  KIND_LIKELIHOOD,
  KIND_IMPACT,
  KIND_SEVERITY,
  KIND_TARGET,
  KIND_DATE,
  KIND_STATUS,
} FieldKind;

static const struct
{
  const char *column;
  const char *label;
  FieldKind   kind;
} fields[] = {
  { "ref", "Ref", KIND_REF },
  { "raised_date", "Date raised", KIND_RAISED },
  { "raised_text", "Date raised (as written)", KIND_LINE },
  { "title", "Title", KIND_LINE },
  { "description", "Description", KIND_TEXT },
  { "owner", "Owner", KIND_OWNER },
  { "category", "Category", KIND_LINE },
  { "likelihood_before", "Likelihood before mitigation", KIND_LIKELIHOOD },
  { "impact_before", "Impact before mitigation", KIND_IMPACT },
  { "severity_before", "Severity before mitigation", KIND_SEVERITY },
  { "likelihood_after", "Likelihood after mitigation", KIND_LIKELIHOOD },
  { "impact_after", "Impact after mitigation", KIND_IMPACT },
  { "severity_after", "Severity after mitigation", KIND_SEVERITY },
  { "target_score", "Target", KIND_TARGET },
  { "mitigation", "Mitigation", KIND_TEXT },
  { "progress", "Progress", KIND_TEXT },
  { "review_date", "Next review", KIND_DATE },
  { "reviewed_date", "Last reviewed", KIND_DATE },
  { "status", "Status", KIND_STATUS },
  { "closed_reason", "Reason for closing", KIND_TEXT },
  { "illustrative", "Illustrative", KIND_LINE },
};

static const char *const statuses[] = { "open", "escalated", "closed", NULL };

/* The name a person reads for a column ("Likelihood before mitigation"),
 * or the column itself for one not listed. */
const char *
wm_risk_field_label (const char *column)
{
  if (column == NULL)
    return "";
  if (g_str_equal (column, "raised"))
    return "Date raised";
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].column, column))
      return fields[i].label;
  return column;
}

static int
find_field (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].column, column))
      return (int) i;
  return -1;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, message);
  return FALSE;
}

static char *
trimmed (const char *value)
{
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* An owner is a person or a role ("Head of SEND", "J. Smith, DCO"): one
 * line with letters in it.  A number, an email address on its own or a
 * paragraph is something else pasted into the wrong column. */
static gboolean
check_owner (const char  *owner,
             GError     **error)
{
  gboolean letters = FALSE;

  for (const char *p = owner; *p; p = g_utf8_next_char (p))
    letters |= g_unichar_isalpha (g_utf8_get_char (p));
  if (!letters)
    return invalid (error, "“%s” is not a name or a role: write who owns the risk, for example "
                           "“Head of SEND”", owner);
  if (strchr (owner, '\n') != NULL || g_utf8_strlen (owner, -1) > 120)
    return invalid (error, "write one name or role (at most 120 characters), not a paragraph");
  if (strchr (owner, '@') != NULL && strchr (owner, ' ') == NULL)
    return invalid (error, "“%s” is an email address: write the owner's name or role, for "
                           "example “Head of SEND”", owner);
  return TRUE;
}

/* Normalises one value (levels to numbers, dates to ISO) into @out;
 * fails with a message that does not name the field (callers do). */
static gboolean
normalize_value (WmRiskScheme *scheme,
                 const char   *column,
                 const char   *value,
                 GHashTable   *out,
                 GError      **error)
{
  int f = find_field (column);
  g_autofree char *text = trimmed (value);

  if (f < 0)
    return invalid (error, "“%s” is not a field of a risk", column);

  switch (fields[f].kind)
    {
    case KIND_REF:
      if (text == NULL)
        return invalid (error, "a risk needs a ref, such as RR8");
      if (g_utf8_strlen (text, -1) > 20 || strpbrk (text, "\n\t") != NULL)
        return invalid (error, "“%s” is not a ref: use a short code such as RR8", text);
      break;

    case KIND_RAISED:
      if (text != NULL)
        {
          GDate date;
          WmDatePrecision precision;

          g_date_clear (&date, 1);
          precision = wm_date_parse (text, &date);
          if (precision == WM_DATE_NONE && strspn (text, "0123456789/.- ") == strlen (text))
            return invalid (error, "“%s” is not a date (try 31/10/2023 or 2023-10-31)", text);
          if (precision == WM_DATE_NONE)
            {
              /* "TBC": kept as written, with no date */
              g_hash_table_insert (out, g_strdup ("raised_date"), NULL);
              g_hash_table_insert (out, g_strdup ("raised_text"), g_steal_pointer (&text));
              return TRUE;
            }
          GDate iso;

          /* the words as written, unless they were the ISO date itself */
          g_hash_table_insert (out, g_strdup ("raised_text"),
                               wm_date_from_iso (text, &iso) ? NULL : g_strdup (text));
          g_hash_table_insert (out, g_strdup ("raised_date"), wm_date_to_iso (&date));
          return TRUE;
        }
      g_hash_table_insert (out, g_strdup ("raised_text"), NULL);
      break;

    case KIND_TEXT:
      /* kept as typed: line breaks in a description are meant */
      g_clear_pointer (&text, g_free);
      text = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
      break;

    case KIND_LINE:
      break;

    case KIND_OWNER:
      if (text != NULL && !check_owner (text, error))
        return FALSE;
      break;

    case KIND_LIKELIHOOD:
    case KIND_IMPACT:
      if (text != NULL)
        {
          WmRiskAxis axis = fields[f].kind == KIND_LIKELIHOOD ? WM_RISK_AXIS_LIKELIHOOD
                                                              : WM_RISK_AXIS_IMPACT;
          int level;

          if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
            {
              g_autofree char *levels = wm_risk_scheme_describe_levels (scheme,
                                                                        WM_RISK_AXIS_SEVERITY);
              return invalid (error, "this plan rates risks on one severity scale (%s), not "
                                     "likelihood × impact: give the severity instead", levels);
            }
          level = wm_risk_scheme_parse_level (scheme, axis, text);
          if (level == 0)
            {
              g_autofree char *levels = wm_risk_scheme_describe_levels (scheme, axis);
              return invalid (error, "“%s” is outside the scheme: use %s", text, levels);
            }
          g_free (text);
          text = g_strdup_printf ("%d", level);
        }
      break;

    case KIND_SEVERITY:
      if (text != NULL && scheme->kind == WM_RISK_SCHEME_SEVERITY)
        {
          int level = wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_SEVERITY, text);

          if (level == 0)
            {
              g_autofree char *levels = wm_risk_scheme_describe_levels (scheme,
                                                                        WM_RISK_AXIS_SEVERITY);
              return invalid (error, "“%s” is outside the scheme: use %s", text, levels);
            }
          g_free (text);
          text = g_strdup (wm_risk_scheme_get_level (scheme, WM_RISK_AXIS_SEVERITY, level)->label);
        }
      /* On a matrix a severity is a note in words, kept as written. */
      break;

    case KIND_TARGET:
      if (text != NULL)
        {
          int max = wm_risk_scheme_max_score (scheme);
          int target = 0;

          if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
            target = wm_risk_scheme_parse_level (scheme, WM_RISK_AXIS_SEVERITY, text);
          else
            {
              char *end = NULL;
              gint64 number = g_ascii_strtoll (text, &end, 10);

              if (end != text && *end == '\0' && number >= 1 && number <= max)
                target = (int) number;
            }
          if (target == 0)
            {
              if (scheme->kind == WM_RISK_SCHEME_SEVERITY)
                {
                  g_autofree char *levels = wm_risk_scheme_describe_levels (scheme,
                                                                            WM_RISK_AXIS_SEVERITY);
                  return invalid (error, "“%s” is outside the scheme: use %s", text, levels);
                }
              return invalid (error, "“%s” is not a score of this scheme: use a whole number "
                                     "from 1 to %d", text, max);
            }
          g_free (text);
          text = g_strdup_printf ("%d", target);
        }
      break;

    case KIND_DATE:
      if (text != NULL)
        {
          char *iso = wm_date_normalize (text, error);

          if (iso == NULL)
            return FALSE;
          g_free (text);
          text = iso;
        }
      break;

    case KIND_STATUS:
      {
        const char *status = NULL;

        for (guint i = 0; text != NULL && statuses[i]; i++)
          if (g_ascii_strcasecmp (statuses[i], text) == 0)
            status = statuses[i];
        if (status == NULL)
          return invalid (error, "“%s” is not a status: use open, escalated or closed",
                          text ? text : "");
        g_free (text);
        text = g_strdup (status);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  g_hash_table_insert (out, g_strdup (column), g_steal_pointer (&text));
  return TRUE;
}

static const char *
final_value (GHashTable *normalized,
             WmRecord   *existing,
             const char *column)
{
  gpointer value;

  if (g_hash_table_lookup_extended (normalized, column, NULL, &value))
    return value;
  return existing ? wm_record_get (existing, column) : NULL;
}

static gboolean
ref_taken (WmStore    *store,
           const char *ref,
           const char *risk_id,
           GError    **error)
{
  sqlite3_stmt *stmt = wm_store_prepare (store,
                                         "SELECT 1 FROM risk WHERE trim(ref) = ? COLLATE NOCASE "
                                         "AND id IS NOT ? LIMIT 1",
                                         error);
  gboolean taken;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, risk_id, -1, SQLITE_TRANSIENT);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return taken;
}

static char *
format_uk_date (const char *iso)
{
  GDate date;

  if (!wm_date_from_iso (iso, &date))
    return g_strdup (iso);
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&date), g_date_get_month (&date),
                          g_date_get_year (&date));
}

static gboolean
set_bad (char      **bad_column,
         const char *column)
{
  if (bad_column != NULL)
    {
      g_free (*bad_column);
      *bad_column = g_strdup (column);
    }
  return FALSE;
}

/* Checks @values against the scheme and the register and fills
 * @normalized with what to store.  On failure *bad_column names the field
 * and the message says what is wrong with it, without naming it. */
static gboolean
validate_into (WmStore      *store,
               WmRiskScheme *scheme,
               const char   *risk_id,
               GHashTable   *values,
               GHashTable   *normalized,
               char        **bad_column,
               GError      **error)
{
  g_autoptr(WmRecord) existing = NULL;
  g_autoptr(GList) columns = NULL;
  const char *raised, *review, *status, *reason, *ref;

  if (risk_id != NULL)
    {
      existing = wm_store_get (store, "risk", risk_id, error);
      if (existing == NULL)
        return FALSE;
    }

  /* In the order of the register's columns, so that with several bad
   * values the first one a person reads is the one reported. */
  columns = g_hash_table_get_keys (values);
  for (guint f = 0; f <= G_N_ELEMENTS (fields); f++)
    for (GList *l = columns; l != NULL; l = l->next)
      {
        const char *column = l->data;
        const char *key = g_str_equal (column, "raised") ? "raised_date" : column;
        int index = find_field (key);

        /* unknown columns last, so they are reported too */
        if ((f < G_N_ELEMENTS (fields) && index != (int) f)
            || (f == G_N_ELEMENTS (fields) && index >= 0))
          continue;
        if (!normalize_value (scheme, key, g_hash_table_lookup (values, column), normalized,
                              error))
          return set_bad (bad_column, column);
      }

  ref = final_value (normalized, existing, "ref");
  if (risk_id == NULL && (ref == NULL || *ref == '\0'))
    {
      invalid (error, "a risk needs a ref, such as RR8");
      return set_bad (bad_column, "ref");
    }
  if (g_hash_table_contains (normalized, "ref") && ref_taken (store, ref, risk_id, error))
    {
      if (error == NULL || *error == NULL)
        invalid (error, "%s is already the ref of another risk: refs must be unique", ref);
      return set_bad (bad_column, "ref");
    }

  /* Half a score cannot be placed on the matrix. */
  if (scheme->kind == WM_RISK_SCHEME_MATRIX)
    for (int stage = 0; stage < 2; stage++)
      {
        g_autofree char *likelihood = g_strconcat ("likelihood_", stage_suffix[stage], NULL);
        g_autofree char *impact = g_strconcat ("impact_", stage_suffix[stage], NULL);
        const char *l = final_value (normalized, existing, likelihood);
        const char *i = final_value (normalized, existing, impact);

        if ((l == NULL) != (i == NULL)
            && (g_hash_table_contains (normalized, likelihood)
                || g_hash_table_contains (normalized, impact)))
          {
            invalid (error, "give both likelihood and impact %s mitigation, or neither",
                     stage_suffix[stage]);
            return set_bad (bad_column, l == NULL ? likelihood : impact);
          }
      }

  raised = final_value (normalized, existing, "raised_date");
  review = final_value (normalized, existing, "review_date");
  if (raised != NULL && review != NULL && strcmp (review, raised) < 0
      && (g_hash_table_contains (normalized, "review_date")
          || g_hash_table_contains (normalized, "raised_date")))
    {
      g_autofree char *review_uk = format_uk_date (review);
      g_autofree char *raised_uk = format_uk_date (raised);

      invalid (error, "%s is before the risk was raised (%s): a review comes after", review_uk,
               raised_uk);
      return set_bad (bad_column, g_hash_table_contains (normalized, "review_date")
                                  ? "review_date" : (g_hash_table_contains (values, "raised")
                                                     ? "raised" : "raised_date"));
    }

  status = final_value (normalized, existing, "status");
  reason = final_value (normalized, existing, "closed_reason");
  if (g_strcmp0 (status, "closed") == 0 && (reason == NULL || *reason == '\0')
      && (g_hash_table_contains (normalized, "status")
          || g_hash_table_contains (normalized, "closed_reason")))
    {
      invalid (error, "a closed risk needs a reason for closing");
      return set_bad (bad_column, "closed_reason");
    }
  return TRUE;
}

/**
 * wm_risk_validate:
 * @store: the plan's store
 * @scheme: the plan's scheme
 * @risk_id: (nullable): the risk being changed, or %NULL for a new one
 * @values: column → text (nullable) of the fields to change
 * @bad_column: (out) (optional): the field that is wrong
 * @error: return location for a #GError whose message says what is wrong
 *   with that field, without naming it
 *
 * Checks without writing: levels within the scheme ("4", "Likely" or
 * "4 Likely"), dates, a unique ref, a review date after the date raised,
 * a reason for closing, an owner that is a name or role.
 *
 * Returns: %TRUE when the change can be made
 */
gboolean
wm_risk_validate (WmStore      *store,
                  WmRiskScheme *scheme,
                  const char   *risk_id,
                  GHashTable   *values,
                  char        **bad_column,
                  GError      **error)
{
  g_autoptr(GHashTable) normalized = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (scheme != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  return validate_into (store, scheme, risk_id, values, normalized, bad_column, error);
}

static void
prefix_field (GError    **error,
              const char *column)
{
  if (error != NULL && *error != NULL && column != NULL)
    g_prefix_error (error, "%s: ", wm_risk_field_label (column));
}

static gboolean
write_columns (WmStore     *store,
               const char  *risk_id,
               GHashTable  *normalized,
               char       **new_id,
               const char  *plan_id,
               GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  if (plan_id != NULL)
    {
      g_ptr_array_add (columns, "plan_id");
      g_ptr_array_add (values, (gpointer) plan_id);
    }
  g_hash_table_iter_init (&iter, normalized);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (columns, key);
      g_ptr_array_add (values, value);
    }
  g_ptr_array_add (columns, NULL);
  g_ptr_array_add (values, NULL);

  if (risk_id == NULL)
    {
      *new_id = wm_store_insert_v (store, "risk", (const char *const *) columns->pdata,
                                   (const char *const *) values->pdata, error);
      return *new_id != NULL;
    }
  if (columns->len == 1)
    return TRUE;
  return wm_store_update_v (store, "risk", risk_id, (const char *const *) columns->pdata,
                            (const char *const *) values->pdata, error);
}

static WmRisk *
load_bare (WmStore      *store,
           WmRiskScheme *scheme,
           const char   *risk_id,
           GError      **error)
{
  g_autoptr(WmRecord) record = wm_store_get (store, "risk", risk_id, error);

  if (record == NULL)
    return NULL;
  return risk_new (record, scheme);
}

static gboolean
scores_differ (WmRisk *a,
               WmRisk *b)
{
  for (int stage = 0; stage < 2; stage++)
    if (a->likelihood[stage] != b->likelihood[stage] || a->impact[stage] != b->impact[stage]
        || a->score[stage] != b->score[stage])
      return TRUE;
  return a->target != b->target;
}

static char *
author_or_default (const char *author)
{
  const char *name;

  if (author != NULL && *author != '\0')
    return g_strdup (author);
  /* GLib says "Unknown" when the account has no full name. */
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

static gboolean
insert_history (WmStore    *store,
                const char *risk_id,
                const WmRiskHistoryEntry *entry,
                GError    **error)
{
  g_autofree char *now = wm_now_iso ();
  char numbers[7][16];
  const int ints[7] = {
    entry->likelihood_before, entry->impact_before, entry->score_before,
    entry->likelihood_after, entry->impact_after, entry->score_after, entry->target,
  };
  g_autofree char *id = NULL;

  for (guint i = 0; i < 7; i++)
    g_snprintf (numbers[i], sizeof numbers[i], "%d", ints[i]);
  id = wm_store_insert (store, "risk_history", error,
                        "risk_id", risk_id,
                        "date", entry->date,
                        "likelihood_before", ints[0] > 0 ? numbers[0] : NULL,
                        "impact_before", ints[1] > 0 ? numbers[1] : NULL,
                        "score_before", ints[2] > 0 ? numbers[2] : NULL,
                        "likelihood_after", ints[3] > 0 ? numbers[3] : NULL,
                        "impact_after", ints[4] > 0 ? numbers[4] : NULL,
                        "score_after", ints[5] > 0 ? numbers[5] : NULL,
                        "target_score", ints[6] > 0 ? numbers[6] : NULL,
                        "author", entry->author,
                        "created_at", now,
                        NULL);
  return id != NULL;
}

/**
 * wm_risk_add_history:
 * @store: the plan's store
 * @risk_id: the risk
 * @entry: a dated score, as an import read it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_add_history (WmStore                  *store,
                     const char               *risk_id,
                     const WmRiskHistoryEntry *entry,
                     GError                  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (entry != NULL && entry->date != NULL, FALSE);

  return insert_history (store, risk_id, entry, error);
}

/**
 * wm_risk_record_history:
 * @store: the plan's store
 * @scheme: the plan's scheme
 * @risk_id: the risk
 * @date: (nullable): the day the scores were set, ISO; %NULL for today
 * @author: (nullable): who set them; %NULL for the account's name, "" for
 *   no one (scores copied from a published register)
 * @error: return location for a #GError
 *
 * Keeps the risk's scores as they are now, dated, for its trend.
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_record_history (WmStore      *store,
                        WmRiskScheme *scheme,
                        const char   *risk_id,
                        const char   *date,
                        const char   *author,
                        GError      **error)
{
  g_autoptr(WmRisk) risk = NULL;
  g_autofree char *today = wm_date_today_iso ();
  /* "" records no one: the scores came from a published plan */
  g_autofree char *who = author != NULL && *author == '\0' ? NULL : author_or_default (author);
  WmRiskHistoryEntry entry;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  risk = load_bare (store, scheme, risk_id, error);
  if (risk == NULL)
    return FALSE;
  entry = (WmRiskHistoryEntry) {
    .date = (char *) (date ? date : today),
    .likelihood_before = risk->likelihood[WM_RISK_INHERENT],
    .impact_before = risk->impact[WM_RISK_INHERENT],
    .score_before = risk->score[WM_RISK_INHERENT],
    .likelihood_after = risk->likelihood[WM_RISK_RESIDUAL],
    .impact_after = risk->impact[WM_RISK_RESIDUAL],
    .score_after = risk->score[WM_RISK_RESIDUAL],
    .target = (int) wm_record_get_int (risk->record, "target_score", 0),
    .author = who,
  };
  return insert_history (store, risk_id, &entry, error);
}

/**
 * wm_risk_create:
 * @store: the plan's store
 * @values: column → text of the new risk's fields; "ref" is needed
 *   (see wm_risk_next_ref()); "raised" takes any date people write
 * @author: (nullable): who raised it, for its history
 * @flags: #WmRiskWriteFlags
 * @bad_column: (out) (optional): on failure, the field that is wrong
 * @error: return location for a #GError naming the field
 *
 * Returns: (transfer full): the new risk's id, or %NULL
 */
char *
wm_risk_create (WmStore          *store,
                GHashTable       *values,
                const char       *author,
                WmRiskWriteFlags  flags,
                char            **bad_column,
                GError          **error)
{
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(WmRecord) plan = NULL;
  g_autoptr(GHashTable) normalized = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autofree char *id = NULL;
  g_autofree char *bad = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (values != NULL, NULL);

  plan = wm_store_get_plan (store, error);
  if (plan == NULL)
    return NULL;
  scheme = wm_risk_scheme_load (store, error);
  if (scheme == NULL)
    return NULL;
  if (!wm_store_begin (store, error))
    return NULL;
  if (!validate_into (store, scheme, NULL, values, normalized, &bad, error))
    {
      prefix_field (error, bad);
      goto fail;
    }
  if (!g_hash_table_contains (normalized, "status"))
    g_hash_table_insert (normalized, g_strdup ("status"), g_strdup ("open"));
  if (flags & WM_RISK_WRITE_REVIEWED)
    g_hash_table_insert (normalized, g_strdup ("reviewed_date"), wm_date_today_iso ());
  if (!write_columns (store, NULL, normalized, &id, wm_record_get_id (plan), error))
    goto fail;
  if (!(flags & WM_RISK_WRITE_NO_HISTORY)
      && !wm_risk_record_history (store, scheme, id, NULL, author, error))
    goto fail;
  if (!wm_store_commit (store, error))
    goto fail_committed;
  return g_steal_pointer (&id);

fail:
  wm_store_rollback (store);
fail_committed:
  if (bad_column != NULL)
    *bad_column = g_steal_pointer (&bad);
  return NULL;
}

/**
 * wm_risk_update:
 * @store: the plan's store
 * @risk_id: the risk
 * @values: column → text (nullable: clears) of the fields to change
 * @author: (nullable): who changed it, for its history
 * @flags: #WmRiskWriteFlags
 * @bad_column: (out) (optional): on failure, the field that is wrong
 * @error: return location for a #GError naming the field
 *
 * Changes the fields given, all or none.  A change to any score or the
 * target is kept in the risk's history.
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_update (WmStore          *store,
                const char       *risk_id,
                GHashTable       *values,
                const char       *author,
                WmRiskWriteFlags  flags,
                char            **bad_column,
                GError          **error)
{
  g_autoptr(WmRiskScheme) scheme = NULL;
  g_autoptr(GHashTable) normalized = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autoptr(WmRisk) before = NULL;
  g_autoptr(WmRisk) after = NULL;
  g_autofree char *bad = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (risk_id != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  scheme = wm_risk_scheme_load (store, error);
  if (scheme == NULL)
    return FALSE;
  if (!wm_store_begin (store, error))
    return FALSE;
  before = load_bare (store, scheme, risk_id, error);
  if (before == NULL)
    goto fail;
  if (!validate_into (store, scheme, risk_id, values, normalized, &bad, error))
    {
      prefix_field (error, bad);
      goto fail;
    }
  if (flags & WM_RISK_WRITE_REVIEWED)
    g_hash_table_insert (normalized, g_strdup ("reviewed_date"), wm_date_today_iso ());
  if (!write_columns (store, risk_id, normalized, NULL, NULL, error))
    goto fail;
  after = load_bare (store, scheme, risk_id, error);
  if (after == NULL)
    goto fail;
  if (!(flags & WM_RISK_WRITE_NO_HISTORY) && scores_differ (before, after)
      && !wm_risk_record_history (store, scheme, risk_id, NULL, author, error))
    goto fail;
  if (!wm_store_commit (store, error))
    goto fail_committed;
  return TRUE;

fail:
  wm_store_rollback (store);
fail_committed:
  if (bad_column != NULL)
    *bad_column = g_steal_pointer (&bad);
  return FALSE;
}

gboolean
wm_risk_close (WmStore    *store,
               const char *risk_id,
               const char *reason,
               const char *author,
               GError    **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, "status", "closed");
  g_hash_table_insert (values, "closed_reason", (gpointer) reason);
  return wm_risk_update (store, risk_id, values, author, WM_RISK_WRITE_REVIEWED, NULL, error);
}

static gboolean
delete_children (WmStore    *store,
                 const char *table,
                 const char *risk_id,
                 GError    **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, table, "risk_id", risk_id, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!wm_store_delete (store, table, wm_record_get_id (rows->pdata[i]), error))
      return FALSE;
  return TRUE;
}

/* The store deletes a risk's links to actions with it; its mitigations,
 * notes and history are the register's own and go here, as tracked
 * deletes that other laptops receive. */
gboolean
wm_risk_delete (WmStore    *store,
                const char *risk_id,
                GError    **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  if (!wm_store_begin (store, error))
    return FALSE;
  if (!delete_children (store, "risk_mitigation", risk_id, error)
      || !delete_children (store, "risk_note", risk_id, error)
      || !delete_children (store, "risk_history", risk_id, error)
      || !wm_store_delete (store, "risk", risk_id, error))
    {
      wm_store_rollback (store);
      return FALSE;
    }
  return wm_store_commit (store, error);
}

/* ---------- mitigations, notes, links ---------- */

static WmRecord *
find_action (WmStore    *store,
             const char *code,
             GError    **error)
{
  g_autofree char *text = trimmed (code);

  return wm_store_find_action (store, text ? text : "", error);
}

/**
 * wm_risk_set_mitigations:
 * @store: the plan's store
 * @risk_id: the risk
 * @mitigations: (element-type WmRiskMitigation): the risk's mitigations,
 *   in order; an item with an id updates that mitigation, one without is
 *   added, and the risk's other mitigations are removed.  due_date takes
 *   any date people write; action_code links a plan action.
 * @bad_field: (out) (optional): on failure, "mitigation_2_due" and the like
 * @error: return location for a #GError naming the mitigation and field
 *
 * Also keeps the risk's mitigation text (one line each) for readers that
 * show it whole.
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_set_mitigations (WmStore     *store,
                         const char  *risk_id,
                         GArray      *mitigations,
                         char       **bad_field,
                         GError     **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(WmRecord) risk = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (mitigations != NULL, FALSE);

  if (!wm_store_begin (store, error))
    return FALSE;
  risk = wm_store_get (store, "risk", risk_id, error);
  existing = risk ? wm_store_list (store, "risk_mitigation", "risk_id", risk_id, error) : NULL;
  if (existing == NULL)
    goto fail;

  for (guint i = 0; i < mitigations->len; i++)
    {
      const WmRiskMitigation *m = &g_array_index (mitigations, WmRiskMitigation, i);
      g_autofree char *text = trimmed (m->text);
      g_autofree char *owner = trimmed (m->owner);
      g_autofree char *due_text = trimmed (m->due_date);
      g_autofree char *due = NULL;
      g_autofree char *order = g_strdup_printf ("%u", i);
      g_autoptr(WmRecord) action = NULL;
      const char *action_id = NULL;
      g_autofree char *code = trimmed (m->action_code);

      if (text == NULL)
        {
          invalid (error, "Mitigation %u: say what is being done (the text is empty)", i + 1);
          if (bad_field)
            *bad_field = g_strdup_printf ("mitigation_%u", i + 1);
          goto fail;
        }
      if (owner != NULL && !check_owner (owner, error))
        {
          g_prefix_error (error, "Mitigation %u, owner: ", i + 1);
          if (bad_field)
            *bad_field = g_strdup_printf ("mitigation_%u_owner", i + 1);
          goto fail;
        }
      if (due_text != NULL && (due = wm_date_normalize (due_text, error)) == NULL)
        {
          g_prefix_error (error, "Mitigation %u, due date: ", i + 1);
          if (bad_field)
            *bad_field = g_strdup_printf ("mitigation_%u_due", i + 1);
          goto fail;
        }
      if (code != NULL)
        {
          action = find_action (store, code, error);
          if (action == NULL)
            {
              g_prefix_error (error, "Mitigation %u, linked action: ", i + 1);
              if (bad_field)
                *bad_field = g_strdup_printf ("mitigation_%u_action", i + 1);
              goto fail;
            }
          action_id = wm_record_get_id (action);
        }
      else if (m->action_id != NULL && *m->action_id != '\0')
        action_id = m->action_id;

      if (m->id != NULL && !g_hash_table_contains (kept, m->id))
        {
          gboolean found = FALSE;

          for (guint j = 0; j < existing->len && !found; j++)
            found = g_str_equal (wm_record_get_id (existing->pdata[j]), m->id);
          if (found)
            {
              if (!wm_store_update (store, "risk_mitigation", m->id, error,
                                    "text", text, "owner", owner, "due_date", due,
                                    "action_id", action_id, "sort_order", order, NULL))
                goto fail;
              g_hash_table_add (kept, m->id);
              goto next;
            }
        }
      {
        g_autofree char *id = wm_store_insert (store, "risk_mitigation", error,
                                               "risk_id", risk_id,
                                               "text", text,
                                               "owner", owner,
                                               "due_date", due,
                                               "action_id", action_id,
                                               "sort_order", order,
                                               NULL);
        if (id == NULL)
          goto fail;
      }
    next:
      g_string_append_printf (summary, "%s%s", summary->len ? "\n" : "", text);
    }

  for (guint j = 0; j < existing->len; j++)
    if (!g_hash_table_contains (kept, wm_record_get_id (existing->pdata[j]))
        && !wm_store_delete (store, "risk_mitigation", wm_record_get_id (existing->pdata[j]),
                             error))
      goto fail;

  if (g_strcmp0 (wm_record_get (risk, "mitigation"), summary->len ? summary->str : NULL) != 0
      && !wm_store_update (store, "risk", risk_id, error,
                           "mitigation", summary->len ? summary->str : NULL, NULL))
    goto fail;
  return wm_store_commit (store, error);

fail:
  wm_store_rollback (store);
  return FALSE;
}

/**
 * wm_risk_add_note:
 * @store: the plan's store
 * @risk_id: the risk
 * @date: (nullable): the note's date, as people write it; %NULL for today
 * @author: (nullable): who wrote it
 * @note: what has happened
 * @error: return location for a #GError
 *
 * Adds a dated progress note; the newest note is also the risk's
 * progress.
 *
 * Returns: (transfer full): the note's id, or %NULL
 */
char *
wm_risk_add_note (WmStore    *store,
                  const char *risk_id,
                  const char *date,
                  const char *author,
                  const char *note,
                  GError    **error)
{
  g_autofree char *text = trimmed (note);
  g_autofree char *iso = NULL;
  g_autofree char *now = wm_now_iso ();
  g_autofree char *id = NULL;
  g_autofree char *who = author_or_default (author);
  g_autoptr(GPtrArray) notes = NULL;
  gboolean newest = TRUE;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (text == NULL)
    {
      invalid (error, "Progress note: write what has happened (the note is empty)");
      return NULL;
    }
  if (date != NULL && *date != '\0')
    {
      iso = wm_date_normalize (date, error);
      if (iso == NULL)
        {
          g_prefix_error (error, "Progress note, date: ");
          return NULL;
        }
    }
  else
    iso = wm_date_today_iso ();

  if (!wm_store_begin (store, error))
    return NULL;
  notes = wm_store_list (store, "risk_note", "risk_id", risk_id, error);
  if (notes == NULL)
    goto fail;
  for (guint i = 0; i < notes->len; i++)
    if (g_strcmp0 (wm_record_get (notes->pdata[i], "date"), iso) > 0)
      newest = FALSE;
  id = wm_store_insert (store, "risk_note", error,
                        "risk_id", risk_id, "date", iso, "author", who, "note", text,
                        "created_at", now, NULL);
  if (id == NULL)
    goto fail;
  if (newest && !wm_store_update (store, "risk", risk_id, error, "progress", text, NULL))
    goto fail;
  if (!wm_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&id);

fail:
  wm_store_rollback (store);
  return NULL;
}

/**
 * wm_risk_set_linked_actions:
 * @store: the plan's store
 * @risk_id: the risk
 * @action_codes: the codes of the plan actions that mitigate it
 * @error: return location for a #GError naming an unknown code
 *
 * Returns: %TRUE when saved
 */
gboolean
wm_risk_set_linked_actions (WmStore           *store,
                            const char        *risk_id,
                            const char *const *action_codes,
                            GError           **error)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  for (guint i = 0; action_codes && action_codes[i]; i++)
    {
      g_autoptr(WmRecord) action = NULL;
      g_autofree char *code = trimmed (action_codes[i]);

      if (code == NULL)
        continue;
      action = find_action (store, code, error);
      if (action == NULL)
        {
          g_prefix_error (error, "Linked actions: ");
          return FALSE;
        }
      g_hash_table_add (wanted, g_strdup (wm_record_get_id (action)));
    }

  if (!wm_store_begin (store, error))
    return FALSE;
  links = wm_store_list (store, "risk_action", "risk_id", risk_id, error);
  if (links == NULL)
    goto fail;
  for (guint i = 0; i < links->len; i++)
    {
      const char *action_id = wm_record_get (links->pdata[i], "action_id");

      if (action_id != NULL && g_hash_table_contains (wanted, action_id)
          && !g_hash_table_contains (have, action_id))
        g_hash_table_add (have, g_strdup (action_id));
      else if (!wm_store_delete (store, "risk_action", wm_record_get_id (links->pdata[i]), error))
        goto fail;
    }
  /* In the order given */
  for (guint i = 0; action_codes && action_codes[i]; i++)
    {
      g_autoptr(WmRecord) action = NULL;
      g_autofree char *code = trimmed (action_codes[i]);
      g_autofree char *id = NULL;

      if (code == NULL)
        continue;
      action = find_action (store, code, error);
      if (action == NULL)
        goto fail;
      if (g_hash_table_contains (have, wm_record_get_id (action)))
        continue;
      id = wm_store_insert (store, "risk_action", error, "risk_id", risk_id,
                            "action_id", wm_record_get_id (action), NULL);
      if (id == NULL)
        goto fail;
      g_hash_table_add (have, g_strdup (wm_record_get_id (action)));
    }
  return wm_store_commit (store, error);

fail:
  wm_store_rollback (store);
  return FALSE;
}

gboolean
wm_risk_link_action (WmStore    *store,
                     const char *risk_id,
                     const char *action_code,
                     GError    **error)
{
  g_autoptr(WmRecord) action = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  action = find_action (store, action_code, error);
  if (action == NULL)
    return FALSE;
  links = wm_store_list (store, "risk_action", "risk_id", risk_id, error);
  if (links == NULL)
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    if (g_strcmp0 (wm_record_get (links->pdata[i], "action_id"), wm_record_get_id (action)) == 0)
      return TRUE;
  id = wm_store_insert (store, "risk_action", error, "risk_id", risk_id,
                        "action_id", wm_record_get_id (action), NULL);
  return id != NULL;
}

/* ---------- reading ---------- */

static int
column_int (sqlite3_stmt *stmt,
            int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int (stmt, column);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
is_red (const char *code,
        const char *label)
{
  return (code != NULL && g_ascii_strcasecmp (code, "R") == 0)
         || (label != NULL && g_ascii_strcasecmp (label, "Red") == 0);
}

/* Mitigations, links, notes and history of every risk in @by_id, read in
 * four queries whatever the size of the register. */
static gboolean
attach_details (WmStore    *store,
                GHashTable *by_id,
                GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (store,
                           "SELECT m.risk_id, m.id, m.text, m.owner, m.due_date, m.action_id, a.code "
                           "FROM risk_mitigation m LEFT JOIN action a ON a.id = m.action_id "
                           "ORDER BY m.sort_order, m.rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmRisk *risk = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      WmRiskMitigation m;

      if (risk == NULL)
        continue;
      m = (WmRiskMitigation) {
        .id = column_text (stmt, 1),
        .text = column_text (stmt, 2),
        .owner = column_text (stmt, 3),
        .due_date = column_text (stmt, 4),
        .action_id = column_text (stmt, 5),
        .action_code = column_text (stmt, 6),
      };
      g_array_append_val (risk->mitigations, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_error;

  /* Actions linked directly or through a mitigation, once each, in the
   * plan's order. */
  stmt = wm_store_prepare (store,
                           "SELECT l.risk_id, a.id, a.code, a.title, r.code, r.label, r.colour, "
                           "max(l.direct) "
                           "FROM (SELECT risk_id, action_id, 1 AS direct FROM risk_action "
                           "      UNION ALL SELECT risk_id, action_id, 0 FROM risk_mitigation "
                           "      WHERE action_id IS NOT NULL) l "
                           "JOIN action a ON a.id = l.action_id "
                           "LEFT JOIN priority p ON p.id = a.priority_id "
                           "LEFT JOIN rating r ON r.id = a.rating_id "
                           "GROUP BY l.risk_id, a.id "
                           "ORDER BY p.sort_order, a.sort_order, a.rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmRisk *risk = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      WmRiskLink link;

      if (risk == NULL)
        continue;
      link = (WmRiskLink) {
        .action_id = column_text (stmt, 1),
        .code = column_text (stmt, 2),
        .title = column_text (stmt, 3),
        .rating_code = column_text (stmt, 4),
        .rating_label = column_text (stmt, 5),
        .rating_colour = column_text (stmt, 6),
      };
      link.red = is_red (link.rating_code, link.rating_label);
      link.direct = sqlite3_column_int (stmt, 7) != 0;
      g_array_append_val (risk->links, link);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_error;

  stmt = wm_store_prepare (store,
                           "SELECT risk_id, id, date, author, note FROM risk_note "
                           "ORDER BY date, created_at, rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmRisk *risk = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      WmRiskNote note;

      if (risk == NULL)
        continue;
      note = (WmRiskNote) {
        .id = column_text (stmt, 1),
        .date = column_text (stmt, 2),
        .author = column_text (stmt, 3),
        .note = column_text (stmt, 4),
      };
      g_array_append_val (risk->notes, note);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_error;

  stmt = wm_store_prepare (store,
                           "SELECT risk_id, date, likelihood_before, impact_before, score_before, "
                           "likelihood_after, impact_after, score_after, target_score, author "
                           "FROM risk_history WHERE date IS NOT NULL "
                           "ORDER BY date, created_at, rowid",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmRisk *risk = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      WmRiskHistoryEntry entry;

      if (risk == NULL)
        continue;
      entry = (WmRiskHistoryEntry) {
        .date = column_text (stmt, 1),
        .likelihood_before = column_int (stmt, 2),
        .impact_before = column_int (stmt, 3),
        .score_before = column_int (stmt, 4),
        .likelihood_after = column_int (stmt, 5),
        .impact_after = column_int (stmt, 6),
        .score_after = column_int (stmt, 7),
        .target = column_int (stmt, 8),
        .author = column_text (stmt, 9),
      };
      g_array_append_val (risk->history, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sql_error;
  return TRUE;

sql_error:
  wm_store_set_sqlite_error (store, error, rc, "read the risk register");
  return FALSE;
}

static GPtrArray *
load_risks (WmStore      *store,
            WmRiskScheme *scheme,
            const char   *risk_id,
            GError      **error)
{
  g_autoptr(WmRiskScheme) own_scheme = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today = wm_date_today_iso ();

  if (scheme == NULL)
    {
      own_scheme = wm_risk_scheme_load (store, error);
      if (own_scheme == NULL)
        return NULL;
      scheme = own_scheme;
    }
  records = risk_id ? wm_store_list (store, "risk", "id", risk_id, error)
                    : wm_store_list (store, "risk", NULL, NULL, error);
  if (records == NULL)
    return NULL;
  risks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      WmRisk *risk = risk_new (records->pdata[i], scheme);

      g_ptr_array_add (risks, risk);
      g_hash_table_insert (by_id, (gpointer) wm_risk_get_id (risk), risk);
    }
  if (!attach_details (store, by_id, error))
    return NULL;
  for (guint i = 0; i < risks->len; i++)
    finish_risk (risks->pdata[i], today);
  return g_steal_pointer (&risks);
}

/**
 * wm_risk_list:
 * @store: the plan's store
 * @scheme: (nullable): the plan's scheme, or %NULL to read it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type WmRisk): every risk of the
 *   register, in the register's order
 */
GPtrArray *
wm_risk_list (WmStore      *store,
              WmRiskScheme *scheme,
              GError      **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  return load_risks (store, scheme, NULL, error);
}

/**
 * wm_risk_load:
 * @store: the plan's store
 * @scheme: (nullable): the plan's scheme, or %NULL to read it
 * @risk_id: the risk's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the risk, or %NULL
 */
WmRisk *
wm_risk_load (WmStore      *store,
              WmRiskScheme *scheme,
              const char   *risk_id,
              GError      **error)
{
  g_autoptr(GPtrArray) risks = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (risk_id != NULL, NULL);

  risks = load_risks (store, scheme, risk_id, error);
  if (risks == NULL)
    return NULL;
  if (risks->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "There is no risk with id %s.", risk_id);
      return NULL;
    }
  return g_object_ref (risks->pdata[0]);
}

/**
 * wm_risk_list_for_action:
 * @store: the plan's store
 * @action_id: an action
 * @error: return location for a #GError
 *
 * The risks an action mitigates, linked directly or through one of the
 * risk's mitigations.
 *
 * Returns: (transfer full) (element-type WmRecord): risk rows
 */
GPtrArray *
wm_risk_list_for_action (WmStore    *store,
                         const char *action_id,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           "SELECT * FROM risk WHERE id IN "
                           "(SELECT risk_id FROM risk_action WHERE action_id = ?1 "
                           " UNION SELECT risk_id FROM risk_mitigation WHERE action_id = ?1) "
                           "ORDER BY sort_order, rowid",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, action_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, wm_store_record_from_stmt ("risk", stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read the risk register");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * wm_risk_next_ref:
 * @store: the plan's store
 * @error: return location for a #GError
 *
 * The ref a new risk gets: the register's prefix (RR, or the one most
 * refs use) and one more than the highest number, so RR8 after RR7.
 *
 * Returns: (transfer full): the ref, or %NULL on a read error
 */
char *
wm_risk_next_ref (WmStore  *store,
                  GError  **error)
{
  g_autoptr(GPtrArray) risks = NULL;
  g_autoptr(GHashTable) prefix_count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autofree char *prefix = NULL;
  guint best = 0;
  gint64 highest = 0;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  risks = wm_store_list (store, "risk", NULL, NULL, error);
  if (risks == NULL)
    return NULL;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < risks->len; i++)
      {
        g_autofree char *ref = trimmed (wm_record_get (risks->pdata[i], "ref"));
        gsize len = ref ? strlen (ref) : 0;
        gsize digits = len;
        g_autofree char *head = NULL;

        while (digits > 0 && g_ascii_isdigit (ref[digits - 1]))
          digits--;
        if (ref == NULL || digits == len)
          continue;
        head = g_ascii_strup (ref, digits);
        if (pass == 0)
          {
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (prefix_count, head)) + 1;

            g_hash_table_insert (prefix_count, g_strdup (head), GUINT_TO_POINTER (count));
            /* RR wins a tie: it is what registers use */
            if (count > best || (count == best && g_str_equal (head, "RR")))
              {
                best = count;
                g_free (prefix);
                prefix = g_strndup (ref, digits);
              }
          }
        else if (g_ascii_strcasecmp (head, prefix) == 0)
          highest = MAX (highest, g_ascii_strtoll (ref + digits, NULL, 10));
      }

  if (prefix == NULL)
    prefix = g_strdup ("RR");
  for (gint64 n = highest + 1;; n++)
    {
      g_autofree char *ref = g_strdup_printf ("%s%" G_GINT64_FORMAT, prefix, n);

      if (!ref_taken (store, ref, NULL, NULL))
        return g_steal_pointer (&ref);
    }
}
