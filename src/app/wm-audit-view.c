#define G_LOG_DOMAIN "wm-audit-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "wm-audit.h"
#include "wm-audit-chart.h"
#include "wm-audit-grid.h"
#include "wm-audit-stats.h"
#include "wm-audit-view.h"
#include "wm-date.h"
#include "wm-date-format.h"
#include "wm-view.h"

/* The Audits view has two pages.  The dashboard shows how far auditors
 * and moderators agree and how good the plans are, against the plan's
 * targets, with the charts the board sees, and what the plan commits to on
 * auditing.  The moderation page is for the meeting itself: pick or start
 * a meeting, add the audits it looks at, and score each in the grid
 * (wm-audit-grid.h), every keystroke saved.  The page ends with the
 * agreement for the meeting, overall and per auditor. */

enum
{
  FIGURE_OVERALL,
  FIGURE_KAPPA,
  FIGURE_DOMAINS,
  FIGURE_STANDARD,
  FIGURE_MODERATED,
  FIGURE_WARM,
  N_FIGURES
};

enum
{
  PERIOD_12_MONTHS,
  PERIOD_PLAN,
  PERIOD_ALL,
};

static const char *const audit_fields[] = {
  "case_ref", "plan_issue_date", "audit_date", "auditor", "moderator", "agency",
  "learning_points",
};

struct _WmAuditView
{
  GtkWidget     parent_instance;

  WmStore      *store;
  WmAuditStats *stats;
  gboolean      dashboard_dirty;
  gboolean      loading;          /* writing widgets from the store */

  GtkWidget    *box;
  GtkWidget    *page_buttons[2];
  GtkWidget    *stack;

  /* dashboard */
  GtkWidget    *type_filter;
  GtkWidget    *period_filter;
  GtkWidget    *figure_values[N_FIGURES];
  GtkWidget    *figure_details[N_FIGURES];
  GtkWidget    *figure_cards[N_FIGURES];
  GtkWidget    *charts[3];
  AdwPreferencesGroup *breakdown_group;
  AdwPreferencesGroup *auditors_group;
  AdwPreferencesGroup *audits_group;
  AdwPreferencesGroup *commitments_group;
  GPtrArray    *dashboard_rows;   /* rows we added, to remove on reload */

  /* moderation */
  GtkWidget    *meeting_dropdown;
  GtkStringList *meeting_names;
  GPtrArray    *meeting_ids;
  char         *meeting_id;
  GtkWidget    *new_meeting_button;
  GtkWidget    *meeting_box;
  GtkWidget    *meeting_date;
  GtkWidget    *meeting_title;
  GtkWidget    *meeting_attendees;
  GtkWidget    *meeting_message;
  GtkWidget    *audit_list;
  GtkWidget    *new_case_ref;
  GtkWidget    *new_type;
  GtkWidget    *new_message;
  GtkWidget    *meeting_agreement;
  GtkWidget    *meeting_auditors;
  GtkWidget    *agreement_group;
  char         *audit_id;
  GtkWidget    *audit_box;
  GtkWidget    *audit_title;
  GtkWidget    *audit_entries[G_N_ELEMENTS (audit_fields)];
  GtkWidget    *audit_type;
  GtkWidget    *audit_template;
  GtkWidget    *blind_switch;
  GtkWidget    *audit_message;
  GtkWidget    *delete_button;
  GtkWidget    *grid;
};

static void wm_audit_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmAuditView, wm_audit_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_audit_view_iface_init))

/* ---------- helpers ---------- */

static gboolean
focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Text into an entry the store changed, unless a person is typing in it. */
static void
set_entry_text (GtkWidget  *entry,
                const char *text)
{
  if (focus_within (entry))
    return;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

static void
set_message (GtkWidget  *label,
             const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL && text[0] != '\0');
}

/* GTK 4.8 names a widget by its accessible label and by the labels it is
 * labelled by, one after the other: a mnemonic button reads "_New Meeting
 * New Meeting".  One clean name, for screen readers and tests. */
static void
name_widget (GtkWidget  *widget,
             const char *name)
{
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static GtkWidget *
message_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static char *
percent (WmAuditRatio r)
{
  if (r.n == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.0f%%", 100.0 * r.hits / r.n);
}

static char *
display_date (const char *iso)
{
  char *text = iso ? wm_date_format_short (iso) : NULL;
  return text ? text : g_strdup (iso ? iso : "");
}

static const char *const type_codes[] = {
  WM_AUDIT_TYPE_NEW_PLAN, WM_AUDIT_TYPE_AMENDED_PLAN, WM_AUDIT_TYPE_ADVICE, WM_AUDIT_TYPE_WARM,
};

static const char *
type_label (const char *type)
{
  if (g_strcmp0 (type, WM_AUDIT_TYPE_NEW_PLAN) == 0)
    return _("New EHC plan");
  if (g_strcmp0 (type, WM_AUDIT_TYPE_AMENDED_PLAN) == 0)
    return _("Amended plan after annual review");
  if (g_strcmp0 (type, WM_AUDIT_TYPE_ADVICE) == 0)
    return _("Statutory advice");
  if (g_strcmp0 (type, WM_AUDIT_TYPE_WARM) == 0)
    return _("Warm audit (in depth)");
  return type ? type : "";
}

static GtkStringList *
type_list (gboolean with_all)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (with_all)
    gtk_string_list_append (list, _("All audit types"));
  for (guint i = 0; i < G_N_ELEMENTS (type_codes); i++)
    gtk_string_list_append (list, type_label (type_codes[i]));
  return list;
}

/* ---------- dashboard ---------- */

static void
clear_dashboard_rows (WmAuditView *self)
{
  for (guint i = 0; i < self->dashboard_rows->len; i++)
    {
      GtkWidget *row = self->dashboard_rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->dashboard_rows, 0);
}

static void
add_row (WmAuditView         *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (suffix)
    {
      GtkWidget *label = gtk_label_new (suffix);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dashboard_rows, row);
}

static gboolean
is_audit_commitment (const char *line)
{
  g_autofree char *lower = g_utf8_strdown (line, -1);

  return strstr (lower, "audit") != NULL || strstr (lower, "qa domain") != NULL
         || strstr (lower, "moderat") != NULL;
}

static void
set_figure (WmAuditView *self,
            guint        figure,
            const char  *value,
            const char  *detail,
            int          met)   /* 1 met, 0 below, -1 no target or no data */
{
  GtkWidget *card = self->figure_cards[figure];
  const char *title = g_object_get_data (G_OBJECT (card), "title");
  const char *status = met == 1 ? _("target met") : met == 0 ? _("below target") : NULL;
  g_autofree char *accessible = status
                                ? g_strdup_printf ("%s: %s, %s; %s", title, value, detail, status)
                                : g_strdup_printf ("%s: %s, %s", title, value, detail);
  g_autofree char *full_detail = status ? g_strdup_printf ("%s · %s", detail, status)
                                        : g_strdup (detail);

  gtk_label_set_text (GTK_LABEL (self->figure_values[figure]), value);
  gtk_label_set_text (GTK_LABEL (self->figure_details[figure]), full_detail);
  gtk_widget_remove_css_class (card, "audit-met");
  gtk_widget_remove_css_class (card, "audit-below");
  if (met >= 0)
    gtk_widget_add_css_class (card, met ? "audit-met" : "audit-below");
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static const WmAuditWindow *
window_of_today (GPtrArray *windows)
{
  g_autofree char *today = wm_date_today_iso ();
  GDate date;
  guint32 day;

  if (windows->len == 0 || !wm_date_from_iso (today, &date))
    return NULL;
  day = g_date_get_julian (&date);
  for (guint i = 0; i < windows->len; i++)
    {
      const WmAuditWindow *w = windows->pdata[i];
      if (day >= w->first_day && day <= w->last_day)
        return w;
    }
  return windows->pdata[windows->len - 1];
}

static void
reload_dashboard (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *today = wm_date_today_iso ();
  g_autofree char *from = NULL;
  WmAuditFilter filter = { NULL };
  guint type = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->type_filter));
  guint period = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period_filter));
  const WmAuditStats *s;
  const WmAuditWindow *w;

  self->dashboard_dirty = FALSE;
  clear_dashboard_rows (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    wm_audit_chart_set_stats (WM_AUDIT_CHART (self->charts[i]), NULL);
  g_clear_pointer (&self->stats, wm_audit_stats_free);
  if (self->store == NULL)
    return;

  if (type > 0 && type <= G_N_ELEMENTS (type_codes))
    filter.audit_type = type_codes[type - 1];
  if (period == PERIOD_12_MONTHS)
    {
      GDate d;

      /* the two-month window a year back, so the windows line up */
      wm_date_from_iso (today, &d);
      g_date_subtract_months (&d, 12);
      g_date_set_day (&d, 1);
      if (g_date_get_month (&d) % 2 == 0)
        g_date_subtract_months (&d, 1);
      from = wm_date_to_iso (&d);
    }
  else if (period == PERIOD_PLAN)
    {
      g_autoptr(WmRecord) plan = wm_store_get_plan (self->store, NULL);
      from = g_strdup (plan ? wm_record_get (plan, "start_date") : NULL);
    }
  filter.from = from;
  /* through today, so that a window with no audits shows as a shortfall */
  filter.to = period == PERIOD_ALL ? NULL : today;
  self->stats = wm_audit_stats_compute (self->store, &filter, &error);
  if (self->stats == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  s = self->stats;

  {
    g_autofree char *value = percent (s->overall);
    g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u of %u audit with both "
                                                            "judgements, target 80%%",
                                                            "%u of %u audits with both "
                                                            "judgements, target 80%%",
                                                            s->overall.n),
                                               s->overall.hits, s->overall.n);
    set_figure (self, FIGURE_OVERALL, value, detail,
                s->overall.n ? wm_audit_ratio_share (s->overall) >= WM_AUDIT_TARGET_AGREEMENT - 1e-9 : -1);
  }
  {
    const WmKappa *k = &s->overall_kappa[WM_KAPPA_LINEAR];
    const WmKappa *q = &s->overall_kappa[WM_KAPPA_QUADRATIC];
    g_autofree char *value = k->defined ? g_strdup_printf ("%.2f", k->kappa) : g_strdup ("—");
    g_autofree char *detail = k->defined
                              ? g_strdup_printf (_("95%% CI %.2f to %.2f; quadratic %.2f"),
                                                 k->lower, k->upper, q->defined ? q->kappa : NAN)
                              : g_strdup (_("not enough moderated audits yet"));
    set_figure (self, FIGURE_KAPPA, value, detail, -1);
  }
  {
    g_autofree char *value = percent (s->domain_exact);
    g_autofree char *within = percent (s->domain_within_one);
    g_autofree char *detail = g_strdup_printf (_("%u of %u domain pairs; %s within one level"),
                                               s->domain_exact.hits, s->domain_exact.n, within);
    set_figure (self, FIGURE_DOMAINS, value, detail, -1);
  }
  {
    g_autofree char *value = percent (s->standard);
    g_autofree char *detail = g_strdup_printf (_("%u of %u fully scored audits, target 90%%"),
                                               s->standard.hits, s->standard.n);
    set_figure (self, FIGURE_STANDARD, value, detail,
                s->standard.n ? wm_audit_ratio_share (s->standard) >= WM_AUDIT_TARGET_STANDARD - 1e-9 : -1);
  }
  w = window_of_today (s->windows);
  {
    g_autofree char *value = g_strdup_printf ("%u", w ? w->moderated : 0);
    g_autofree char *detail = g_strdup_printf (_("%s, target %d"), w ? w->label : "—",
                                               WM_AUDIT_TARGET_MODERATED);
    set_figure (self, FIGURE_MODERATED, value, detail,
                w ? w->moderated >= WM_AUDIT_TARGET_MODERATED : -1);
  }
  w = window_of_today (s->quarters);
  {
    g_autofree char *value = g_strdup_printf ("%u", w ? w->warm : 0);
    g_autofree char *detail = g_strdup_printf (_("%s, target %d"), w ? w->label : "—",
                                               WM_AUDIT_TARGET_WARM);
    set_figure (self, FIGURE_WARM, value, detail, w ? w->warm >= WM_AUDIT_TARGET_WARM : -1);
  }

  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    wm_audit_chart_set_stats (WM_AUDIT_CHART (self->charts[i]), s);

  for (guint i = 0; i < s->by_type->len; i++)
    {
      const WmAuditGroupStats *g = s->by_type->pdata[i];
      g_autofree char *value = percent (g->standard);
      g_autofree char *subtitle = g_strdup_printf (_("%u of %u audits meet the standard in every "
                                                     "domain"), g->standard.hits, g->standard.n);
      add_row (self, self->breakdown_group, type_label (g->key), subtitle, value);
    }
  for (guint i = 0; i < s->by_agency->len; i++)
    {
      const WmAuditGroupStats *g = s->by_agency->pdata[i];
      g_autofree char *value = percent (g->standard);
      g_autofree char *title = g_strdup_printf (_("Agency: %s"), g->label);
      g_autofree char *subtitle = g_strdup_printf (_("%u of %u audits meet the standard in every "
                                                     "domain"), g->standard.hits, g->standard.n);
      add_row (self, self->breakdown_group, title, subtitle, value);
    }
  if (s->by_type->len == 0)
    add_row (self, self->breakdown_group, _("No audits fully scored yet"),
             _("An audit counts once every domain has a level."), NULL);
  for (guint i = 0; i < s->auditors->len; i++)
    {
      const WmAuditRaterStats *r = s->auditors->pdata[i];
      g_autofree char *value = percent (r->overall);
      g_autofree char *domains = percent (r->domains);
      g_autofree char *subtitle = g_strdup_printf (_("Same overall judgement on %u of %u audits; "
                                                     "same domain level on %s of pairs"),
                                                   r->overall.hits, r->overall.n, domains);
      add_row (self, self->auditors_group, r->name, subtitle, value);
    }
  if (s->auditors->len == 0)
    add_row (self, self->auditors_group, _("No audits yet"),
             _("Agreement per auditor shows once audits are moderated."), NULL);

  audits = wm_audit_list (self->store, &filter, NULL);
  for (guint i = 0; audits && i < audits->len; i++)
    {
      WmAudit *audit = audits->pdata[audits->len - 1 - i];
      g_autofree char *date = display_date (audit->audit_date);
      g_autofree char *subtitle = g_strdup_printf (_("%s · audited %s by %s, moderated by %s"),
                                                   type_label (audit->audit_type), date,
                                                   audit->auditor ? audit->auditor : "—",
                                                   audit->moderator ? audit->moderator : "—");
      if (i >= 20)
        break;
      add_row (self, self->audits_group, audit->case_ref, subtitle, NULL);
    }
  if (audits == NULL || audits->len == 0)
    add_row (self, self->audits_group, _("No audits recorded yet"),
             _("Audits scored at moderation meetings will be listed here."), NULL);

  actions = wm_store_list_actions (self->store, NULL, NULL);
  for (guint i = 0; actions && i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      g_auto(GStrv) lines = g_strsplit (wm_record_get_nonnull (action, "impact"), "\n", -1);

      for (guint j = 0; lines[j]; j++)
        {
          g_autofree char *subtitle = NULL;

          /* the same measure is repeated under several actions: list it once */
          g_strstrip (lines[j]);
          if (!is_audit_commitment (lines[j]) || g_hash_table_contains (seen, lines[j]))
            continue;
          g_hash_table_add (seen, g_strdup (lines[j]));
          subtitle = g_strdup_printf (_("Impact measure of action %s"),
                                      wm_record_get (action, "code"));
          add_row (self, self->commitments_group, lines[j], subtitle, NULL);
        }
    }
}

static void
filter_changed_cb (WmAuditView *self)
{
  reload_dashboard (self);
}

/* ---------- moderation: the audit ---------- */

static void
reload_meeting_audits (WmAuditView *self);

/* Whose turn it is: the moderator's once the auditor has scored every
 * domain and the overall judgement, so that nobody types over the
 * auditor's levels at the meeting by mistake. */
static WmAuditRole
turn_of (WmAuditView *self,
         const char  *audit_id)
{
  g_autoptr(WmAudit) audit = wm_audit_load (self->store, audit_id, NULL);
  g_autoptr(WmAuditTemplate) tmpl = audit ? wm_audit_load_template (self->store,
                                                                    audit->template_id, NULL)
                                          : NULL;

  if (audit == NULL || tmpl == NULL || audit->overall_auditor == WM_AUDIT_UNSCORED)
    return WM_AUDIT_AUDITOR;
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      const WmAuditScore *score = wm_audit_get_score (audit, g_array_index (tmpl->domains,
                                                                            WmAuditDomain, i).id);
      if (score == NULL || score->auditor_level == WM_AUDIT_UNSCORED)
        return WM_AUDIT_AUDITOR;
    }
  return WM_AUDIT_MODERATOR;
}

static void
select_audit (WmAuditView *self,
              const char  *audit_id)
{
  gboolean changed = g_strcmp0 (self->audit_id, audit_id) != 0;

  if (changed)
    {
      g_free (self->audit_id);
      self->audit_id = g_strdup (audit_id);
      set_message (self->audit_message, NULL);
    }
  wm_audit_grid_set_audit (WM_AUDIT_GRID (self->grid), self->store, audit_id);
  if (changed && audit_id != NULL)
    wm_audit_grid_set_role (WM_AUDIT_GRID (self->grid), turn_of (self, audit_id));
  gtk_widget_set_visible (self->audit_box, audit_id != NULL);
}

static void
load_audit_form (WmAuditView *self)
{
  g_autoptr(WmAudit) audit = NULL;
  g_autoptr(WmAuditTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *title = NULL;
  const char *values[G_N_ELEMENTS (audit_fields)];
  gboolean scored = FALSE;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (self->store == NULL || self->audit_id == NULL)
    return;
  audit = wm_audit_load (self->store, self->audit_id, NULL);
  if (audit == NULL)
    {
      select_audit (self, NULL);
      return;
    }
  tmpl = wm_audit_load_template (self->store, audit->template_id, NULL);
  self->loading = TRUE;
  values[0] = audit->case_ref;
  values[1] = NULL;
  values[2] = NULL;
  values[3] = audit->auditor;
  values[4] = audit->moderator;
  values[5] = audit->agency;
  values[6] = audit->learning_points;
  for (guint i = 0; i < G_N_ELEMENTS (audit_fields); i++)
    {
      g_autofree char *date = NULL;

      if (i == 1 || i == 2)
        {
          const char *iso = i == 1 ? audit->plan_issue_date : audit->audit_date;
          date = iso ? display_date (iso) : NULL;
          set_entry_text (self->audit_entries[i], date);
        }
      else
        set_entry_text (self->audit_entries[i], values[i]);
    }
  title = g_strdup_printf (_("Audit %s"), audit->case_ref);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->audit_title), title);

  for (guint i = 0; i < G_N_ELEMENTS (type_codes); i++)
    if (g_strcmp0 (type_codes[i], audit->audit_type) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->audit_type), i);

  /* the template: any current one until the first level, then fixed */
  scored = audit->overall_auditor != WM_AUDIT_UNSCORED || audit->scores->len > 0;
  names = gtk_string_list_new (NULL);
  templates = wm_audit_list_templates (self->store, TRUE, NULL);
  if (scored || templates == NULL)
    {
      g_autofree char *name = tmpl ? g_strdup_printf (_("%s, version %d"), tmpl->name, tmpl->version)
                                   : g_strdup (_("Template missing"));
      gtk_string_list_append (names, name);
      selected = 0;
      g_object_set_data_full (G_OBJECT (self->audit_template), "ids",
                              g_ptr_array_new_with_free_func (g_free),
                              (GDestroyNotify) g_ptr_array_unref);
    }
  else
    {
      GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < templates->len; i++)
        {
          WmAuditTemplate *t = templates->pdata[i];
          g_autofree char *name = g_strdup_printf (_("%s, version %d"), t->name, t->version);

          gtk_string_list_append (names, name);
          g_ptr_array_add (ids, g_strdup (t->id));
          if (g_strcmp0 (t->id, audit->template_id) == 0)
            selected = i;
        }
      if (selected == GTK_INVALID_LIST_POSITION && tmpl != NULL)
        {
          g_autofree char *name = g_strdup_printf (_("%s, version %d"), tmpl->name, tmpl->version);
          gtk_string_list_append (names, name);
          g_ptr_array_add (ids, g_strdup (tmpl->id));
          selected = ids->len - 1;
        }
      g_object_set_data_full (G_OBJECT (self->audit_template), "ids", ids,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->audit_template), G_LIST_MODEL (names));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->audit_template), selected);
  gtk_widget_set_sensitive (self->audit_template, !scored);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->audit_template),
                               scored ? _("Fixed once the first level is given: levels mean what "
                                          "their template says")
                                      : NULL);
  gtk_switch_set_active (GTK_SWITCH (self->blind_switch), audit->blind);
  self->loading = FALSE;
}

static void
audit_entry_changed_cb (GtkEditable *editable,
                        WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  const char *field = g_object_get_data (G_OBJECT (editable), "field");
  const char *text = gtk_editable_get_text (editable);

  if (self->loading || self->audit_id == NULL)
    return;
  /* saved as typed; what cannot be saved yet ("31/0") says why and waits */
  if (!wm_audit_set_field (self->store, self->audit_id, field, text, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);
      set_message (self->audit_message, message);
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  set_message (self->audit_message, NULL);
}

static void
audit_type_changed_cb (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->audit_type));

  if (self->loading || self->audit_id == NULL || selected >= G_N_ELEMENTS (type_codes))
    return;
  if (!wm_audit_set_field (self->store, self->audit_id, "audit_type", type_codes[selected], &error))
    set_message (self->audit_message, error->message);
}

static void
audit_template_changed_cb (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_object_get_data (G_OBJECT (self->audit_template), "ids");
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->audit_template));

  if (self->loading || self->audit_id == NULL || ids == NULL || selected >= ids->len)
    return;
  if (!wm_audit_set_field (self->store, self->audit_id, "template_id", ids->pdata[selected], &error))
    set_message (self->audit_message, error->message);
}

static void
blind_changed_cb (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading || self->audit_id == NULL)
    return;
  if (!wm_audit_set_field (self->store, self->audit_id, "blind",
                           gtk_switch_get_active (GTK_SWITCH (self->blind_switch)) ? "1" : "0",
                           &error))
    set_message (self->audit_message, error->message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    WmAuditView      *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete") || self->audit_id == NULL)
    return;
  if (!wm_audit_delete (self->store, self->audit_id, &error))
    set_message (self->audit_message, error->message);
  else
    select_audit (self, NULL);
}

static void
delete_clicked_cb (WmAuditView *self)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->audit_id == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete This Audit?"),
                                   _("Its levels and comments are deleted on every laptop "
                                     "the plan syncs with."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------- moderation: the meeting ---------- */

static void
update_meeting_agreement (WmAuditView *self,
                          GPtrArray   *audits)
{
  g_autoptr(GHashTable) templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) wm_audit_template_unref);
  g_autoptr(WmAuditStats) stats = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) raters = g_string_new (NULL);
  g_autofree char *overall = NULL;
  g_autofree char *domains = NULL;

  for (guint i = 0; i < audits->len; i++)
    {
      WmAudit *audit = audits->pdata[i];
      if (audit->template_id && !g_hash_table_contains (templates, audit->template_id))
        {
          WmAuditTemplate *t = wm_audit_load_template (self->store, audit->template_id, NULL);
          if (t)
            g_hash_table_insert (templates, g_strdup (audit->template_id), t);
        }
    }
  stats = wm_audit_stats_compute_for (audits, templates, NULL, NULL);
  overall = percent (stats->overall);
  domains = percent (stats->domain_exact);
  if (stats->overall.n == 0 && stats->domain_exact.n == 0)
    g_string_append (text, _("This meeting: no audit has both an auditor's and a moderator's "
                             "levels yet."));
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "This meeting: the same overall judgement on %u "
                                               "of %u audit (%s); the same domain level on %u of "
                                               "%u pairs (%s). Target 80%%.",
                                               "This meeting: the same overall judgement on %u "
                                               "of %u audits (%s); the same domain level on %u of "
                                               "%u pairs (%s). Target 80%%.",
                                               stats->overall.n),
                            stats->overall.hits, stats->overall.n, overall,
                            stats->domain_exact.hits, stats->domain_exact.n, domains);
  gtk_label_set_text (GTK_LABEL (self->meeting_agreement), text->str);

  for (guint i = 0; i < stats->auditors->len; i++)
    {
      const WmAuditRaterStats *r = stats->auditors->pdata[i];
      g_autofree char *o = percent (r->overall);
      g_autofree char *d = percent (r->domains);

      g_string_append_printf (raters, _("%s%s: same overall judgement on %u of %u (%s), same "
                                        "domain level on %u of %u pairs (%s)"),
                              raters->len ? "\n" : "", r->name, r->overall.hits, r->overall.n,
                              o, r->domains.hits, r->domains.n, d);
    }
  gtk_label_set_text (GTK_LABEL (self->meeting_auditors), raters->str);
  gtk_widget_set_visible (self->meeting_auditors, raters->len > 0);
}

static void
audit_row_activated_cb (GtkListBox    *list,
                        GtkListBoxRow *row,
                        WmAuditView   *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "audit-id");

  select_audit (self, id);
  load_audit_form (self);
  wm_audit_grid_focus_first (WM_AUDIT_GRID (self->grid));
}

static void
reload_meeting_audits (WmAuditView *self)
{
  g_autoptr(GPtrArray) audits = NULL;
  WmAuditFilter filter = { .meeting_id = self->meeting_id };
  GtkWidget *child;
  gboolean selected_found = FALSE;

  while ((child = gtk_widget_get_first_child (self->audit_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->audit_list), child);
  if (self->store == NULL || self->meeting_id == NULL)
    {
      select_audit (self, NULL);
      return;
    }
  audits = wm_audit_list (self->store, &filter, NULL);
  for (guint i = 0; audits && i < audits->len; i++)
    {
      WmAudit *audit = audits->pdata[i];
      g_autoptr(WmAuditTemplate) tmpl = wm_audit_load_template (self->store, audit->template_id, NULL);
      GtkWidget *row = adw_action_row_new ();
      const char *state;
      g_autofree char *subtitle = NULL;

      if (tmpl && wm_audit_is_revealed (audit, tmpl))
        state = _("moderated");
      else if (tmpl && wm_audit_is_moderated (audit, tmpl))
        state = _("moderator to give the overall judgement");
      else if (audit->overall_auditor != WM_AUDIT_UNSCORED)
        state = _("ready for moderation");
      else
        state = _("auditor scoring");
      subtitle = g_strdup_printf (_("%s · auditor %s · moderator %s · %s"),
                                  type_label (audit->audit_type),
                                  audit->auditor ? audit->auditor : "—",
                                  audit->moderator ? audit->moderator : "—", state);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), audit->case_ref);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "audit-id", g_strdup (audit->id), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->audit_list), row);
      if (g_strcmp0 (audit->id, self->audit_id) == 0)
        {
          gtk_list_box_select_row (GTK_LIST_BOX (self->audit_list), GTK_LIST_BOX_ROW (row));
          selected_found = TRUE;
        }
    }
  if (audits == NULL || audits->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No audits in this meeting yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add one with its case reference below."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (GTK_LIST_BOX (self->audit_list), row);
    }
  if (!selected_found && self->audit_id != NULL)
    {
      /* the audit moved to another meeting, or was deleted */
      g_autoptr(WmAudit) still = wm_audit_load (self->store, self->audit_id, NULL);
      if (still == NULL || g_strcmp0 (still->meeting_id, self->meeting_id) != 0)
        select_audit (self, NULL);
    }
  if (audits)
    update_meeting_agreement (self, audits);
}

/* Opening a meeting opens its first audit still to moderate (or its
 * first): that is what the people in the room look at next. */
static void
open_first_audit (WmAuditView *self)
{
  g_autoptr(GPtrArray) audits = NULL;
  WmAuditFilter filter = { .meeting_id = self->meeting_id };
  const char *chosen = NULL;

  if (self->store == NULL || self->meeting_id == NULL)
    return;
  audits = wm_audit_list (self->store, &filter, NULL);
  for (guint i = 0; audits && i < audits->len && chosen == NULL; i++)
    {
      WmAudit *audit = audits->pdata[i];
      g_autoptr(WmAuditTemplate) tmpl = wm_audit_load_template (self->store, audit->template_id, NULL);

      if (tmpl == NULL || !wm_audit_is_revealed (audit, tmpl))
        chosen = audit->id;
    }
  if (chosen == NULL && audits && audits->len > 0)
    chosen = ((WmAudit *) audits->pdata[0])->id;
  if (chosen != NULL)
    {
      select_audit (self, chosen);
      load_audit_form (self);
    }
}

static void
load_meeting (WmAuditView *self)
{
  g_autoptr(WmRecord) meeting = NULL;
  g_autofree char *date = NULL;

  gtk_widget_set_visible (self->meeting_box, self->meeting_id != NULL);
  gtk_widget_set_visible (self->agreement_group, self->meeting_id != NULL);
  if (self->store == NULL || self->meeting_id == NULL)
    {
      reload_meeting_audits (self);
      return;
    }
  meeting = wm_store_get (self->store, "moderation_meeting", self->meeting_id, NULL);
  if (meeting == NULL)
    {
      g_clear_pointer (&self->meeting_id, g_free);
      gtk_widget_set_visible (self->meeting_box, FALSE);
      gtk_widget_set_visible (self->agreement_group, FALSE);
      reload_meeting_audits (self);
      return;
    }
  self->loading = TRUE;
  date = display_date (wm_record_get (meeting, "date"));
  set_entry_text (self->meeting_date, date);
  set_entry_text (self->meeting_title, wm_record_get (meeting, "title"));
  set_entry_text (self->meeting_attendees, wm_record_get (meeting, "attendees"));
  self->loading = FALSE;
  reload_meeting_audits (self);
}

static char *
meeting_name (WmRecord *meeting)
{
  g_autofree char *date = display_date (wm_record_get (meeting, "date"));
  const char *title = wm_record_get (meeting, "title");

  return title && title[0] ? g_strdup_printf ("%s — %s", date, title) : g_strdup (date);
}

static void
reload_meetings (WmAuditView *self)
{
  g_autoptr(GPtrArray) meetings = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->meeting_names));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  g_ptr_array_set_size (self->meeting_ids, 0);
  if (self->store != NULL)
    meetings = wm_audit_list_meetings (self->store, NULL);
  for (guint i = 0; meetings && i < meetings->len; i++)
    {
      g_autofree char *name = meeting_name (meetings->pdata[i]);
      g_strv_builder_add (builder, name);
      g_ptr_array_add (self->meeting_ids, g_strdup (wm_record_get_id (meetings->pdata[i])));
      if (g_strcmp0 (self->meeting_id, wm_record_get_id (meetings->pdata[i])) == 0)
        selected = i;
    }
  names = g_strv_builder_end (builder);
  self->loading = TRUE;
  gtk_string_list_splice (self->meeting_names, 0, n, (const char *const *) names);
  if (selected == GTK_INVALID_LIST_POSITION && self->meeting_ids->len > 0)
    {
      /* the latest meeting, the one a person most likely came for */
      selected = 0;
      g_free (self->meeting_id);
      self->meeting_id = g_strdup (self->meeting_ids->pdata[0]);
      if (self->audit_id == NULL)
        open_first_audit (self);
    }
  else if (selected == GTK_INVALID_LIST_POSITION)
    g_clear_pointer (&self->meeting_id, g_free);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->meeting_dropdown), selected);
  gtk_widget_set_sensitive (self->meeting_dropdown, self->meeting_ids->len > 0);
  self->loading = FALSE;
  load_meeting (self);
}

static void
meeting_selected_cb (WmAuditView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->meeting_dropdown));

  if (self->loading || selected >= self->meeting_ids->len)
    return;
  if (g_strcmp0 (self->meeting_id, self->meeting_ids->pdata[selected]) == 0)
    return;
  g_free (self->meeting_id);
  self->meeting_id = g_strdup (self->meeting_ids->pdata[selected]);
  select_audit (self, NULL);
  open_first_audit (self);
  load_meeting (self);
}

static void
new_meeting_cb (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->store == NULL)
    return;
  id = wm_audit_create_meeting (self->store, NULL, NULL, NULL, &error);
  if (id == NULL)
    {
      set_message (self->new_message, error->message);
      return;
    }
  g_free (self->meeting_id);
  self->meeting_id = g_steal_pointer (&id);
  select_audit (self, NULL);
  reload_meetings (self);
  /* next, the audits it looks at */
  gtk_widget_grab_focus (self->new_case_ref);
}

static void
meeting_entry_changed_cb (GtkEditable *editable,
                          WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  const char *field = g_object_get_data (G_OBJECT (editable), "field");

  if (self->loading || self->meeting_id == NULL)
    return;
  if (!wm_audit_update_meeting (self->store, self->meeting_id, field,
                                gtk_editable_get_text (editable), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);
      set_message (self->meeting_message, message);
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  set_message (self->meeting_message, NULL);
}

static void
add_audit_cb (WmAuditView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) meeting = NULL;
  g_autofree char *id = NULL;
  guint type = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->new_type));
  WmAuditFields fields = { 0 };

  if (self->store == NULL)
    return;
  if (self->meeting_id == NULL)
    {
      set_message (self->new_message, _("Start or choose a moderation meeting first."));
      return;
    }
  meeting = wm_store_get (self->store, "moderation_meeting", self->meeting_id, NULL);
  fields.case_ref = gtk_editable_get_text (GTK_EDITABLE (self->new_case_ref));
  fields.audit_type = type < G_N_ELEMENTS (type_codes) ? type_codes[type] : WM_AUDIT_TYPE_NEW_PLAN;
  fields.meeting_id = self->meeting_id;
  fields.audit_date = meeting ? wm_record_get (meeting, "date") : NULL;
  /* advice needs a discipline: education until the person says otherwise */
  if (g_str_equal (fields.audit_type, WM_AUDIT_TYPE_ADVICE))
    fields.agency = "Education";
  id = wm_audit_create (self->store, &fields, &error);
  if (id == NULL)
    {
      set_message (self->new_message, error->message);
      gtk_widget_add_css_class (self->new_case_ref, "error");
      gtk_widget_error_bell (self->new_case_ref);
      return;
    }
  gtk_widget_remove_css_class (self->new_case_ref, "error");
  set_message (self->new_message, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->new_case_ref), "");
  select_audit (self, id);
  reload_meeting_audits (self);
  load_audit_form (self);
  wm_audit_grid_set_role (WM_AUDIT_GRID (self->grid), WM_AUDIT_AUDITOR);
  /* straight on to scoring */
  wm_audit_grid_focus_first (WM_AUDIT_GRID (self->grid));
}

/* ---------- the view ---------- */

static void
show_page (WmAuditView *self,
           guint        page)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page == 0 ? "dashboard" : "moderation");
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->page_buttons[page])))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->page_buttons[page]), TRUE);
  if (page == 0 && self->dashboard_dirty)
    reload_dashboard (self);
}

static void
page_toggled_cb (GtkToggleButton *button,
                 WmAuditView     *self)
{
  guint page = GTK_WIDGET (button) == self->page_buttons[0] ? 0 : 1;

  if (!gtk_toggle_button_get_active (button))
    return;
  show_page (self, page);
  if (page == 1)
    {
      /* where a person at a meeting goes next */
      if (self->meeting_id == NULL)
        gtk_widget_grab_focus (self->new_meeting_button);
      else if (self->audit_id == NULL)
        gtk_widget_grab_focus (self->new_case_ref);
      else
        wm_audit_grid_focus_first (WM_AUDIT_GRID (self->grid));
    }
}

static void
reload_all (WmAuditView *self)
{
  reload_dashboard (self);
  reload_meetings (self);
  if (self->audit_id)
    {
      load_audit_form (self);
      wm_audit_grid_refresh (WM_AUDIT_GRID (self->grid));
    }
}

static void
store_changed_cb (WmAuditView *self,
                  const char  *table,
                  const char  *id,
                  WmStore     *store)
{
  static const char *const audit_tables[] = {
    "audit", "audit_score", "audit_template", "audit_domain", "audit_level", NULL,
  };
  gboolean dashboard_visible = g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)),
                                          "dashboard") == 0;

  if (table == NULL)
    {
      reload_all (self);
      return;
    }
  if (g_strv_contains (audit_tables, table))
    {
      if (self->audit_id)
        {
          load_audit_form (self);
          wm_audit_grid_refresh (WM_AUDIT_GRID (self->grid));
        }
      reload_meeting_audits (self);
    }
  else if (g_str_equal (table, "moderation_meeting"))
    {
      /* the dropdown's names, without disturbing a person typing the title */
      reload_meetings (self);
    }
  else if (!g_str_equal (table, "action") && !g_str_equal (table, "plan"))
    return;
  /* recomputed when next seen: keystrokes in the grid cost no statistics */
  if (dashboard_visible)
    reload_dashboard (self);
  else
    self->dashboard_dirty = TRUE;
}

static void
wm_audit_view_set_store (WmView  *view,
                         WmStore *store)
{
  WmAuditView *self = WM_AUDIT_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->audit_id, g_free);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  select_audit (self, NULL);
  reload_all (self);
}

static void
wm_audit_view_iface_init (WmViewInterface *iface)
{
  iface->set_store = wm_audit_view_set_store;
}

static void
wm_audit_view_dispose (GObject *object)
{
  WmAuditView *self = WM_AUDIT_VIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->stats, wm_audit_stats_free);
  g_clear_pointer (&self->dashboard_rows, g_ptr_array_unref);
  g_clear_pointer (&self->meeting_ids, g_ptr_array_unref);
  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->audit_id, g_free);

  G_OBJECT_CLASS (wm_audit_view_parent_class)->dispose (object);
}

static void
wm_audit_view_class_init (WmAuditViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_audit_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
scrolled_page (GtkWidget **content,
               int         width)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), width);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), width);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  *content = box;
  return scrolled;
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static void
build_dashboard (WmAuditView *self,
                 GtkWidget   *box)
{
  const char *titles[N_FIGURES] = {
    _("Same overall judgement"), _("Weighted kappa, linear"), _("Same level, by domain"),
    _("Meeting the standard in every domain"), _("Moderated this two-month window"),
    _("Warm audits this quarter"),
  };
  const char *periods[] = {
    _("Last 12 months"), _("Since the plan started"), _("All audits"), NULL,
  };
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *figures = gtk_flow_box_new ();
  g_autoptr(GtkStringList) types = type_list (TRUE);
  GtkWidget *label;

  label = gtk_label_new (_("EHC plan audits"));
  gtk_widget_add_css_class (label, "title-2");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (filters), label);
  self->type_filter = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&types)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->type_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Audit type"), -1);
  g_signal_connect_swapped (self->type_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (filters), self->type_filter);
  self->period_filter = gtk_drop_down_new_from_strings (periods);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->period_filter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"), -1);
  g_signal_connect_swapped (self->period_filter, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gtk_box_append (GTK_BOX (filters), self->period_filter);
  gtk_box_append (GTK_BOX (box), filters);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (figures), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (figures), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (figures), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (figures), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (figures), 12);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (figures), TRUE);
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (titles[i]);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "audit-figure");
      gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      titles[i], -1);
      g_object_set_data (G_OBJECT (card), "title", (gpointer) titles[i]);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "heading");
      self->figure_values[i] = gtk_label_new ("—");
      gtk_label_set_xalign (GTK_LABEL (self->figure_values[i]), 0);
      gtk_widget_add_css_class (self->figure_values[i], "title-1");
      gtk_widget_add_css_class (self->figure_values[i], "numeric");
      self->figure_details[i] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->figure_details[i]), 0);
      gtk_label_set_wrap (GTK_LABEL (self->figure_details[i]), TRUE);
      gtk_widget_add_css_class (self->figure_details[i], "dim-label");
      gtk_box_append (GTK_BOX (card), title);
      gtk_box_append (GTK_BOX (card), self->figure_values[i]);
      gtk_box_append (GTK_BOX (card), self->figure_details[i]);
      self->figure_cards[i] = card;
      gtk_flow_box_append (GTK_FLOW_BOX (figures), card);
    }
  gtk_box_append (GTK_BOX (box), figures);

  for (guint i = 0; i < G_N_ELEMENTS (self->charts); i++)
    {
      self->charts[i] = wm_audit_chart_new (i == 0 ? WM_AUDIT_CHART_AGREEMENT
                                            : i == 1 ? WM_AUDIT_CHART_STANDARD
                                                     : WM_AUDIT_CHART_LEVELS);
      gtk_box_append (GTK_BOX (box), self->charts[i]);
    }

  self->breakdown_group = ADW_PREFERENCES_GROUP (
    group_new (_("Meeting the Standard, by Type and Agency"),
               _("Level 2 or higher in every domain, N/A aside; the moderator's level stands "
                 "where there is one")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->breakdown_group));
  self->auditors_group = ADW_PREFERENCES_GROUP (
    group_new (_("Agreement by Auditor"),
               _("How often each auditor's overall judgement matched the moderator's")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->auditors_group));
  self->audits_group = ADW_PREFERENCES_GROUP (group_new (_("EHC Plan Audits"), NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audits_group));
  self->commitments_group = ADW_PREFERENCES_GROUP (
    group_new (_("What the Plan Commits To"),
               _("The plan's impact measures for quality assurance and audit")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->commitments_group));
}

static GtkWidget *
entry_row (const char *title,
           const char *field,
           GCallback   callback,
           gpointer    data)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), "field", (gpointer) field);
  g_signal_connect (row, "changed", callback, data);
  return row;
}

static void
build_moderation (WmAuditView *self,
                  GtkWidget   *box)
{
  const char *audit_titles[G_N_ELEMENTS (audit_fields)] = {
    _("Case reference (never a child's name)"), _("Plan issue date"), _("Date audited"),
    _("Auditor"), _("Moderator"), _("Agency (education, health, social care…)"),
    _("Learning points for workforce training"),
  };
  GtkWidget *row, *group, *bar, *label, *add, *add_button;
  g_autoptr(GtkStringList) types = type_list (FALSE);
  g_autoptr(GtkStringList) types_again = type_list (FALSE);

  /* the meeting */
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("Moderation meetin_g"));
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (bar), label);
  self->meeting_names = gtk_string_list_new (NULL);
  self->meeting_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->meeting_names)), NULL);
  gtk_widget_set_hexpand (self->meeting_dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->meeting_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Moderation meeting"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->meeting_dropdown);
  name_widget (self->meeting_dropdown, _("Moderation meeting"));
  g_signal_connect_swapped (self->meeting_dropdown, "notify::selected",
                            G_CALLBACK (meeting_selected_cb), self);
  gtk_box_append (GTK_BOX (bar), self->meeting_dropdown);
  self->new_meeting_button = gtk_button_new_with_mnemonic (_("_New Meeting"));
  gtk_widget_set_tooltip_text (self->new_meeting_button, _("Start a moderation meeting today"));
  name_widget (self->new_meeting_button, _("New Meeting"));
  g_signal_connect_swapped (self->new_meeting_button, "clicked", G_CALLBACK (new_meeting_cb), self);
  gtk_box_append (GTK_BOX (bar), self->new_meeting_button);
  gtk_box_append (GTK_BOX (box), bar);

  self->meeting_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  group = group_new (_("Meeting"), NULL);
  self->meeting_date = entry_row (_("Date"), "date", G_CALLBACK (meeting_entry_changed_cb), self);
  self->meeting_title = entry_row (_("Title"), "title", G_CALLBACK (meeting_entry_changed_cb), self);
  self->meeting_attendees = entry_row (_("Attendees"), "attendees",
                                       G_CALLBACK (meeting_entry_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->meeting_date);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->meeting_title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->meeting_attendees);
  gtk_box_append (GTK_BOX (self->meeting_box), group);
  self->meeting_message = message_label ();
  gtk_box_append (GTK_BOX (self->meeting_box), self->meeting_message);

  /* its audits */
  group = group_new (_("Audits in This Meeting"), NULL);
  self->audit_list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->audit_list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->audit_list), GTK_SELECTION_SINGLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->audit_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Audits in this meeting"), -1);
  g_signal_connect (self->audit_list, "row-activated", G_CALLBACK (audit_row_activated_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->audit_list);
  gtk_box_append (GTK_BOX (self->meeting_box), group);

  add = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("Add aud_it:"));
  gtk_box_append (GTK_BOX (add), label);
  self->new_case_ref = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->new_case_ref),
                                  _("Case reference, such as EHC-2023-0142 — never a name"));
  gtk_widget_set_hexpand (self->new_case_ref, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_case_ref),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case reference of a new audit"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->new_case_ref);
  name_widget (self->new_case_ref, _("Case reference of a new audit"));
  g_signal_connect_swapped (self->new_case_ref, "activate", G_CALLBACK (add_audit_cb), self);
  gtk_box_append (GTK_BOX (add), self->new_case_ref);
  self->new_type = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&types)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_type), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Type of the new audit"), -1);
  gtk_box_append (GTK_BOX (add), self->new_type);
  add_button = gtk_button_new_with_label (_("Add"));
  gtk_widget_add_css_class (add_button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add the audit"), -1);
  g_signal_connect_swapped (add_button, "clicked", G_CALLBACK (add_audit_cb), self);
  gtk_box_append (GTK_BOX (add), add_button);
  gtk_box_append (GTK_BOX (self->meeting_box), add);
  self->new_message = message_label ();
  gtk_box_append (GTK_BOX (self->meeting_box), self->new_message);
  gtk_box_append (GTK_BOX (box), self->meeting_box);

  /* the selected audit and its grid */
  self->audit_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->audit_title = group_new (_("Audit"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (audit_fields); i++)
    {
      /* learning points come after the grid, where the discussion ends */
      if (i == G_N_ELEMENTS (audit_fields) - 1)
        continue;
      self->audit_entries[i] = entry_row (audit_titles[i], audit_fields[i],
                                          G_CALLBACK (audit_entry_changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->audit_title), self->audit_entries[i]);
      if (i == 0)
        {
          self->audit_type = adw_combo_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audit_type), _("Type"));
          adw_combo_row_set_model (ADW_COMBO_ROW (self->audit_type),
                                   G_LIST_MODEL (g_steal_pointer (&types_again)));
          g_signal_connect_swapped (self->audit_type, "notify::selected",
                                    G_CALLBACK (audit_type_changed_cb), self);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->audit_title), self->audit_type);
          self->audit_template = adw_combo_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audit_template), _("Template"));
          g_signal_connect_swapped (self->audit_template, "notify::selected",
                                    G_CALLBACK (audit_template_changed_cb), self);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->audit_title), self->audit_template);
        }
    }
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Blind moderation"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Hide the auditor's levels from the moderator until the "
                                 "moderator has scored every domain"));
  self->blind_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->blind_switch, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blind_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Blind moderation"), -1);
  g_signal_connect_swapped (self->blind_switch, "notify::active", G_CALLBACK (blind_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->blind_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->blind_switch);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->audit_title), row);
  self->delete_button = gtk_button_new_with_label (_("Delete Audit…"));
  gtk_widget_add_css_class (self->delete_button, "flat");
  g_signal_connect_swapped (self->delete_button, "clicked", G_CALLBACK (delete_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->audit_title),
                                           self->delete_button);
  gtk_box_append (GTK_BOX (self->audit_box), self->audit_title);
  self->audit_message = message_label ();
  gtk_box_append (GTK_BOX (self->audit_box), self->audit_message);

  self->grid = wm_audit_grid_new ();
  gtk_box_append (GTK_BOX (self->audit_box), self->grid);

  group = group_new (_("Learning Points"), _("Themes for the workforce training the plan "
                                            "promises"));
  {
    guint last = G_N_ELEMENTS (audit_fields) - 1;
    self->audit_entries[last] = entry_row (audit_titles[last], audit_fields[last],
                                           G_CALLBACK (audit_entry_changed_cb), self);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->audit_entries[last]);
  }
  gtk_box_append (GTK_BOX (self->audit_box), group);
  gtk_widget_set_visible (self->audit_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->audit_box);

  /* the meeting's agreement, overall and per auditor */
  group = group_new (_("Agreement at This Meeting"), NULL);
  self->meeting_agreement = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->meeting_agreement), 0);
  gtk_label_set_wrap (GTK_LABEL (self->meeting_agreement), TRUE);
  gtk_widget_add_css_class (self->meeting_agreement, "heading");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->meeting_agreement);
  self->meeting_auditors = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->meeting_auditors), 0);
  gtk_label_set_wrap (GTK_LABEL (self->meeting_auditors), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->meeting_auditors);
  /* at the end of the page, where the meeting ends */
  self->agreement_group = group;
  gtk_widget_set_visible (group, FALSE);
  gtk_box_append (GTK_BOX (box), group);
}

static void
wm_audit_view_init (WmAuditView *self)
{
  GtkWidget *switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *dashboard, *moderation;
  const char *page_titles[] = { _("_Dashboard"), _("_Moderation") };

  self->dashboard_rows = g_ptr_array_new ();
  self->meeting_ids = g_ptr_array_new_with_free_func (g_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_add_css_class (switcher, "linked");
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 12);
  for (guint i = 0; i < 2; i++)
    {
      self->page_buttons[i] = gtk_toggle_button_new_with_mnemonic (page_titles[i]);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->page_buttons[i]),
                                     GTK_TOGGLE_BUTTON (self->page_buttons[0]));
      g_signal_connect (self->page_buttons[i], "toggled", G_CALLBACK (page_toggled_cb), self);
      gtk_box_append (GTK_BOX (switcher), self->page_buttons[i]);
    }
  name_widget (self->page_buttons[0], _("Audits dashboard"));
  name_widget (self->page_buttons[1], _("Moderation meetings"));
  gtk_box_append (GTK_BOX (self->box), switcher);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled_page (&dashboard, 1000), "dashboard");
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled_page (&moderation, 1200), "moderation");
  build_dashboard (self, dashboard);
  build_moderation (self, moderation);
  gtk_box_append (GTK_BOX (self->box), self->stack);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->page_buttons[0]), TRUE);
}
