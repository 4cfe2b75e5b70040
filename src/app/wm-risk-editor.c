#define G_LOG_DOMAIN "wm-risk-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "wm-date.h"
#include "wm-heatmap.h"
#include "wm-risk.h"
#include "wm-risk-editor.h"

typedef struct
{
  char      *id;         /* NULL for a new mitigation */
  GtkWidget *row;
  GtkWidget *text;
  GtkWidget *owner;
  GtkWidget *due;
  GtkWidget *action;
  GtkWidget *remove;
} MitigationRow;

struct _WmRiskEditor
{
  AdwWindow     parent_instance;

  WmStore      *store;
  WmRiskScheme *scheme;
  WmRisk       *risk;          /* NULL for a new risk */
  GHashTable   *initial;       /* column → the text the form started with */
  GHashTable   *widgets;       /* column → the widget that edits it */
  char         *initial_mitigations;

  GtkWidget    *save_button;
  GtkWidget    *error_revealer;
  GtkWidget    *error_label;
  GtkWidget    *marked;        /* the field marked as wrong, if any */

  GtkWidget    *ref;
  GtkWidget    *raised;
  GtkWidget    *title;
  GtkWidget    *description;   /* GtkTextView */
  GtkWidget    *owner;
  GtkWidget    *category;
  GtkWidget    *pickers[2][3]; /* [stage][likelihood, impact, severity] */
  GtkWidget    *score_labels[2];
  GtkWidget    *mitigation_box;
  GPtrArray    *mitigations;   /* MitigationRow */
  GtkWidget    *links;
  GtkWidget    *target;
  GtkWidget    *note;
  GtkWidget    *review;
  GtkWidget    *status[3];
  GtkWidget    *reason;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const statuses[] = { "open", "escalated", "closed" };
static const char *const stage_columns[2][3] = {
  { "likelihood_before", "impact_before", "severity_before" },
  { "likelihood_after", "impact_after", "severity_after" },
};

G_DEFINE_FINAL_TYPE (WmRiskEditor, wm_risk_editor, ADW_TYPE_WINDOW)

static void
mitigation_row_free (gpointer data)
{
  MitigationRow *row = data;

  g_free (row->id);
  g_free (row);
}

/* ---------- building the form ---------- */

static char *
uk_date (const char *iso)
{
  GDate date;

  if (iso == NULL || !wm_date_from_iso (iso, &date))
    return NULL;
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&date), g_date_get_month (&date),
                          g_date_get_year (&date));
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static void
on_changed (WmRiskEditor *self)
{
  if (self->marked != NULL)
    {
      gtk_widget_remove_css_class (self->marked, "error");
      self->marked = NULL;
    }
}

/* A labelled entry in @grid at (@column, @row); the label names it for
 * screen readers too. */
static GtkWidget *
add_entry (WmRiskEditor *self,
           GtkWidget    *grid,
           int           column,
           int           row,
           int           width,
           const char   *mnemonic,
           const char   *field,
           const char   *text,
           const char   *placeholder)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  if (placeholder)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);
  /* Named by its mnemonic label (labelled-by): a label property as well
   * would have screen readers say the name twice. */
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_changed), self);
  gtk_grid_attach (GTK_GRID (grid), label, column, row * 2, width, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, column, row * 2 + 1, width, 1);
  if (field != NULL)
    {
      g_hash_table_insert (self->initial, g_strdup (field), g_strdup (text ? text : ""));
      g_hash_table_insert (self->widgets, g_strdup (field), entry);
    }
  return entry;
}

static int
picker_value (GtkWidget *picker)
{
  if (picker == NULL)
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (picker); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
      return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "value"));
  return 0;
}

static void update_scores (WmRiskEditor *self);

/* A row of toggle buttons, one per level and one for not scored: every
 * level visible at once with its name, one click or Space to choose. */
static GtkWidget *
level_picker (WmRiskEditor *self,
              WmRiskAxis    axis,
              const char   *name,
              int           current)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GArray *levels = wm_risk_scheme_get_levels (self->scheme, axis);
  GtkWidget *none = gtk_toggle_button_new_with_label ("–");
  g_autofree char *none_name = g_strdup_printf (_("%s: not scored"), name);

  gtk_widget_add_css_class (box, "linked");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (none, _("Not scored"));
  set_accessible_label (none, none_name);
  g_object_set_data (G_OBJECT (none), "value", GINT_TO_POINTER (0));
  gtk_box_append (GTK_BOX (box), none);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (none), current == 0);
  g_signal_connect_swapped (none, "toggled", G_CALLBACK (update_scores), self);

  for (guint i = 0; i < levels->len; i++)
    {
      const WmRiskLevel *level = &g_array_index (levels, WmRiskLevel, i);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *escaped = g_markup_escape_text (level->label, -1);
      g_autofree char *markup = axis == WM_RISK_AXIS_SEVERITY
                                ? g_strdup (escaped)
                                : g_strdup_printf ("<b>%d</b>  %s", level->value, escaped);
      g_autofree char *accessible = axis == WM_RISK_AXIS_SEVERITY
                                    ? g_strdup_printf ("%s: %s", name, level->label)
                                    : g_strdup_printf ("%s: %d %s", name, level->value,
                                                       level->label);

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_hexpand (button, TRUE);
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (none));
      set_accessible_label (button, accessible);
      if (level->description)
        gtk_widget_set_tooltip_text (button, level->description);
      g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (level->value));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), current == level->value);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (update_scores), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static int
stage_score (WmRiskEditor *self,
             int           stage)
{
  if (self->scheme->kind == WM_RISK_SCHEME_SEVERITY)
    return picker_value (self->pickers[stage][2]);
  return wm_risk_scheme_score (self->scheme, picker_value (self->pickers[stage][0]),
                               picker_value (self->pickers[stage][1]));
}

/* "Score 20: Extreme", under each pair of pickers, as they change */
static void
update_scores (WmRiskEditor *self)
{
  on_changed (self);
  for (int stage = 0; stage < 2; stage++)
    {
      int score = stage_score (self, stage);
      const WmRiskBand *band = wm_risk_scheme_band_for_score (self->scheme, score);
      g_autofree char *text = NULL;

      if (self->score_labels[stage] == NULL)
        continue;
      if (score == 0)
        text = g_strdup (_("Not scored"));
      else if (self->scheme->kind == WM_RISK_SCHEME_SEVERITY)
        text = g_strdup (band ? band->name : "");
      else
        /* Translators: the score of a risk as it is being edited: "Score 20: Extreme" */
        text = g_strdup_printf (_("Score %d: %s"), score, band ? band->name : "");
      gtk_label_set_text (GTK_LABEL (self->score_labels[stage]), text);
    }
}

static GtkWidget *
stage_section (WmRiskEditor *self,
               int           stage)
{
  GtkWidget *grid = gtk_grid_new ();
  WmRiskStage s = stage == 0 ? WM_RISK_INHERENT : WM_RISK_RESIDUAL;
  const char *when = stage == 0 ? _("before mitigation") : _("after mitigation");
  int row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (int axis = 0; axis < 3; axis++)
    {
      static const char *const names[] = { N_("Likelihood"), N_("Impact"), N_("Severity") };
      g_autofree char *name = NULL;
      GtkWidget *label;
      int current = 0;

      if ((axis == 2) != (self->scheme->kind == WM_RISK_SCHEME_SEVERITY))
        continue;
      if (self->risk != NULL)
        current = axis == 0 ? wm_risk_get_likelihood (self->risk, s)
                : axis == 1 ? wm_risk_get_impact (self->risk, s)
                            : wm_risk_get_score (self->risk, s);
      /* Translators: "Likelihood before mitigation" */
      name = g_strdup_printf (_("%s %s"), _(names[axis]), when);
      label = gtk_label_new (_(names[axis]));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      self->pickers[stage][axis] = level_picker (self, (WmRiskAxis) axis, name, current);
      g_hash_table_insert (self->widgets, g_strdup (stage_columns[stage][axis]),
                           self->pickers[stage][axis]);
      g_hash_table_insert (self->initial, g_strdup (stage_columns[stage][axis]),
                           g_strdup_printf ("%d", current));
      gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), self->pickers[stage][axis], 1, row, 1, 1);
      row++;
    }
  self->score_labels[stage] = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->score_labels[stage]), 0);
  gtk_grid_attach (GTK_GRID (grid), self->score_labels[stage], 1, row, 1, 1);
  return grid;
}

static void relabel_mitigations (WmRiskEditor *self);

static void
remove_mitigation_cb (GtkButton    *button,
                      WmRiskEditor *self)
{
  for (guint i = 0; i < self->mitigations->len; i++)
    {
      MitigationRow *row = self->mitigations->pdata[i];

      if (row->remove == GTK_WIDGET (button))
        {
          gtk_box_remove (GTK_BOX (self->mitigation_box), row->row);
          g_ptr_array_remove_index (self->mitigations, i);
          break;
        }
    }
  relabel_mitigations (self);
}

static GtkWidget *
small_entry (WmRiskEditor *self,
             const char   *text,
             const char   *placeholder,
             int           width_chars)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  if (width_chars > 0)
    gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_changed), self);
  return entry;
}

static void
add_mitigation_row (WmRiskEditor           *self,
                    const WmRiskMitigation *m)
{
  MitigationRow *row = g_new0 (MitigationRow, 1);
  g_autofree char *due = m ? uk_date (m->due_date) : NULL;

  row->id = g_strdup (m ? m->id : NULL);
  row->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->text = small_entry (self, m ? m->text : NULL, _("What is being done"), 0);
  gtk_widget_set_hexpand (row->text, TRUE);
  row->owner = small_entry (self, m ? m->owner : NULL, _("Owner"), 14);
  row->due = small_entry (self, due, _("Due date"), 10);
  row->action = small_entry (self, m ? m->action_code : NULL, _("Action"), 5);
  gtk_widget_set_tooltip_text (row->action, _("The code of the plan action that delivers it, "
                                              "such as 1.3a"));
  row->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (row->remove, "flat");
  g_signal_connect (row->remove, "clicked", G_CALLBACK (remove_mitigation_cb), self);
  gtk_box_append (GTK_BOX (row->row), row->text);
  gtk_box_append (GTK_BOX (row->row), row->owner);
  gtk_box_append (GTK_BOX (row->row), row->due);
  gtk_box_append (GTK_BOX (row->row), row->action);
  gtk_box_append (GTK_BOX (row->row), row->remove);
  gtk_box_append (GTK_BOX (self->mitigation_box), row->row);
  g_ptr_array_add (self->mitigations, row);
  relabel_mitigations (self);
}

/* Names with numbers ("Mitigation 2 owner"), renumbered after a removal,
 * for screen readers and for the error that names one. */
static void
relabel_mitigations (WmRiskEditor *self)
{
  for (guint i = 0; i < self->mitigations->len; i++)
    {
      MitigationRow *row = self->mitigations->pdata[i];
      g_autofree char *text = g_strdup_printf (_("Mitigation %u"), i + 1);
      g_autofree char *owner = g_strdup_printf (_("Mitigation %u owner"), i + 1);
      g_autofree char *due = g_strdup_printf (_("Mitigation %u due date"), i + 1);
      g_autofree char *action = g_strdup_printf (_("Mitigation %u action"), i + 1);
      g_autofree char *remove = g_strdup_printf (_("Remove mitigation %u"), i + 1);
      g_autofree char *key = NULL;

      set_accessible_label (row->text, text);
      set_accessible_label (row->owner, owner);
      set_accessible_label (row->due, due);
      set_accessible_label (row->action, action);
      set_accessible_label (row->remove, remove);
      gtk_widget_set_tooltip_text (row->remove, remove);
      key = g_strdup_printf ("mitigation_%u", i + 1);
      g_hash_table_insert (self->widgets, g_strdup (key), row->text);
      g_hash_table_insert (self->widgets, g_strconcat (key, "_owner", NULL), row->owner);
      g_hash_table_insert (self->widgets, g_strconcat (key, "_due", NULL), row->due);
      g_hash_table_insert (self->widgets, g_strconcat (key, "_action", NULL), row->action);
    }
}

static char *
mitigations_text (WmRiskEditor *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->mitigations->len; i++)
    {
      MitigationRow *row = self->mitigations->pdata[i];

      g_string_append_printf (text, "%s\t%s\t%s\t%s\t%s\n", row->id ? row->id : "",
                              gtk_editable_get_text (GTK_EDITABLE (row->text)),
                              gtk_editable_get_text (GTK_EDITABLE (row->owner)),
                              gtk_editable_get_text (GTK_EDITABLE (row->due)),
                              gtk_editable_get_text (GTK_EDITABLE (row->action)));
    }
  return g_string_free (text, FALSE);
}

static void
add_mitigation_cb (WmRiskEditor *self)
{
  MitigationRow *row;

  add_mitigation_row (self, NULL);
  row = self->mitigations->pdata[self->mitigations->len - 1];
  gtk_widget_grab_focus (row->text);
}

static void
status_toggled (WmRiskEditor *self)
{
  gboolean closed = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->status[2]));

  gtk_widget_set_sensitive (self->reason, closed);
  on_changed (self);
}

static void
trend_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  WmRiskEditor *self = data;
  WmRenderStyle style;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA colour;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    wm_render_style_init_dark (&style);
  else
    wm_render_style_init_light (&style);
  gtk_style_context_get_color (context, &colour);
  style.foreground = (WmColour) { colour.red, colour.green, colour.blue, colour.alpha };
  if (gtk_style_context_lookup_color (context, "window_bg_color", &colour))
    style.background = (WmColour) { colour.red, colour.green, colour.blue, 1.0 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (self->risk != NULL)
    wm_risk_trend_render (cr, self->risk, width, height, &style);
}

static void
build_form (WmRiskEditor *self,
            GtkWidget    *box)
{
  WmRisk *risk = self->risk;
  g_autofree char *next_ref = NULL;
  g_autofree char *raised = NULL;
  g_autofree char *review = NULL;
  g_autofree char *links = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_hint = NULL;
  GtkWidget *grid, *label, *scrolled, *button, *status_box;
  GtkTextBuffer *buffer;
  const char *status = risk ? wm_risk_get_status (risk) : "open";

  if (risk == NULL)
    {
      g_autofree char *today = wm_date_today_iso ();
      next_ref = wm_risk_next_ref (self->store, NULL);
      raised = uk_date (today);
    }
  else
    {
      raised = uk_date (wm_risk_get (risk, "raised_date"));
      if (raised == NULL)
        raised = g_strdup (wm_risk_get (risk, "raised_text"));
      review = uk_date (wm_risk_get (risk, "review_date"));
      target = g_strdup (wm_risk_get (risk, "target_score"));
      if (target != NULL && self->scheme->kind == WM_RISK_SCHEME_SEVERITY)
        {
          int value = atoi (target);
          g_free (target);
          target = wm_risk_scheme_format_score (self->scheme, value);
        }
    }

  /* The risk itself */
  gtk_box_append (GTK_BOX (box), heading (_("Risk")));
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  self->ref = add_entry (self, grid, 0, 0, 1, _("_Ref"), "ref",
                         risk ? wm_risk_get_ref (risk) : next_ref, "RR8");
  self->raised = add_entry (self, grid, 1, 0, 1, _("Date ra_ised"), "raised",
                            raised, "31/01/2024");
  self->title = add_entry (self, grid, 0, 1, 2, _("_Title"), "title",
                           risk ? wm_risk_get (risk, "title") : NULL,
                           _("A few words for the register and the heat map"));
  gtk_box_append (GTK_BOX (box), grid);

  label = gtk_label_new_with_mnemonic (_("_Description: cause, event and effect"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  self->description = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->description), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->description), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->description), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->description), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->description), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->description), 6);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description));
  gtk_text_buffer_set_text (buffer, risk ? wm_risk_get (risk, "description") ?: "" : "", -1);
  g_hash_table_insert (self->initial, g_strdup ("description"),
                       g_strdup (risk ? wm_risk_get (risk, "description") ?: "" : ""));
  g_hash_table_insert (self->widgets, g_strdup ("description"), self->description);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->description);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_changed), self);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->description);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 72);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  self->owner = add_entry (self, grid, 0, 0, 1, _("_Owner"), "owner",
                           risk ? wm_risk_get (risk, "owner") : NULL, _("Name or role"));
  self->category = add_entry (self, grid, 1, 0, 1, _("C_ategory"), "category",
                              risk ? wm_risk_get (risk, "category") : NULL,
                              _("Workforce, demand, systems…"));
  gtk_box_append (GTK_BOX (box), grid);

  /* Scores before mitigation */
  gtk_box_append (GTK_BOX (box), heading (_("Before Mitigation")));
  gtk_box_append (GTK_BOX (box), stage_section (self, 0));

  /* Mitigations */
  gtk_box_append (GTK_BOX (box), heading (_("Mitigations")));
  self->mitigation_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), self->mitigation_box);
  if (risk != NULL)
    {
      GArray *mitigations = wm_risk_get_mitigations (risk);

      for (guint i = 0; i < mitigations->len; i++)
        add_mitigation_row (self, &g_array_index (mitigations, WmRiskMitigation, i));
      /* A register from before mitigations were rows: its text, to split */
      if (mitigations->len == 0 && wm_risk_get (risk, "mitigation") != NULL)
        {
          WmRiskMitigation legacy = { .text = (char *) wm_risk_get (risk, "mitigation") };
          add_mitigation_row (self, &legacy);
        }
    }
  self->initial_mitigations = mitigations_text (self);
  button = gtk_button_new_with_mnemonic (_("Add _Mitigation"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_mitigation_cb), self);
  gtk_box_append (GTK_BOX (box), button);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  if (risk != NULL)
    {
      GArray *risk_links = wm_risk_get_links (risk);
      GString *codes = g_string_new (NULL);

      /* Directly linked only: a mitigation's action is edited on its row */
      for (guint i = 0; i < risk_links->len; i++)
        {
          const WmRiskLink *link = &g_array_index (risk_links, WmRiskLink, i);

          if (link->direct)
            g_string_append_printf (codes, "%s%s", codes->len ? "; " : "", link->code);
        }
      links = g_string_free (codes, FALSE);
    }
  self->links = add_entry (self, grid, 0, 0, 1, _("_Linked actions"),
                           "linked_actions", links, _("Plan actions that mitigate it: 1.3a; 2.1"));
  gtk_box_append (GTK_BOX (box), grid);

  /* Scores after mitigation, and the target */
  gtk_box_append (GTK_BOX (box), heading (_("After Mitigation")));
  gtk_box_append (GTK_BOX (box), stage_section (self, 1));
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  if (self->scheme->appetite > 0)
    {
      g_autofree char *appetite = wm_risk_scheme_format_score (self->scheme,
                                                               self->scheme->appetite);
      /* Translators: the placeholder of the target field: "Appetite: 6" */
      target_hint = g_strdup_printf (_("Appetite: %s"), appetite);
    }
  self->target = add_entry (self, grid, 0, 0, 1, _("Tar_get score"),
                            "target_score", target, target_hint);
  gtk_box_append (GTK_BOX (box), grid);

  /* Review */
  gtk_box_append (GTK_BOX (box), heading (_("Review")));
  if (risk != NULL && wm_risk_get_notes (risk)->len > 0)
    {
      GArray *notes = wm_risk_get_notes (risk);

      /* newest first, the last few */
      for (guint i = notes->len; i-- > 0 && i + 5 >= notes->len;)
        {
          const WmRiskNote *note = &g_array_index (notes, WmRiskNote, i);
          g_autofree char *date = uk_date (note->date);
          g_autofree char *text = g_strdup_printf ("%s%s%s: %s", date ? date : "",
                                                   note->author ? " · " : "",
                                                   note->author ? note->author : "", note->note);
          GtkWidget *note_label = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (note_label), 0);
          gtk_label_set_wrap (GTK_LABEL (note_label), TRUE);
          gtk_widget_add_css_class (note_label, "caption");
          gtk_box_append (GTK_BOX (box), note_label);
        }
    }
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  self->note = add_entry (self, grid, 0, 0, 2, _("_Progress note"), NULL,
                          NULL, _("What has happened since the last review (dated today)"));
  g_hash_table_insert (self->widgets, g_strdup ("progress_note"), self->note);
  self->review = add_entry (self, grid, 0, 1, 1, _("Next re_view"),
                            "review_date", review, "30/06/2024");
  gtk_box_append (GTK_BOX (box), grid);

  label = gtk_label_new (_("Status"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (status_box, "linked");
  gtk_widget_set_halign (status_box, GTK_ALIGN_START);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      static const char *const labels[] = { N_("Open"), N_("Escalated"), N_("Closed") };
      g_autofree char *accessible = g_strdup_printf (_("Status: %s"), _(labels[i]));

      self->status[i] = gtk_toggle_button_new_with_label (_(labels[i]));
      set_accessible_label (self->status[i], accessible);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->status[i]),
                                     GTK_TOGGLE_BUTTON (self->status[0]));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->status[i]),
                                    g_str_equal (status, statuses[i]));
      g_signal_connect_swapped (self->status[i], "toggled", G_CALLBACK (status_toggled), self);
      gtk_box_append (GTK_BOX (status_box), self->status[i]);
    }
  g_hash_table_insert (self->initial, g_strdup ("status"), g_strdup (status));
  g_hash_table_insert (self->widgets, g_strdup ("status"), status_box);
  gtk_box_append (GTK_BOX (box), status_box);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  self->reason = add_entry (self, grid, 0, 0, 1, _("Reaso_n for closing"), "closed_reason",
                            risk ? wm_risk_get (risk, "closed_reason") : NULL,
                            _("Why the risk no longer needs managing"));
  gtk_box_append (GTK_BOX (box), grid);
  status_toggled (self);

  if (risk != NULL)
    {
      GtkWidget *area = gtk_drawing_area_new ();

      gtk_box_append (GTK_BOX (box), heading (_("Score Over Time")));
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 150);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), trend_draw, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Score over time"), -1);
      gtk_box_append (GTK_BOX (box), area);
    }
  update_scores (self);
}

/* ---------- saving ---------- */

static void
show_error (WmRiskEditor *self,
            const char   *column,
            const char   *message)
{
  GtkWidget *widget = column ? g_hash_table_lookup (self->widgets, column) : NULL;

  if (widget == NULL && column != NULL && g_str_equal (column, "raised_date"))
    widget = self->raised;
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->error_revealer), TRUE);
  if (self->marked != NULL)
    gtk_widget_remove_css_class (self->marked, "error");
  self->marked = widget;
  if (widget != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_grab_focus (widget);
    }
}

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* Puts @value for @column when the risk is new (and it is not empty) or
 * when it differs from what the form started with. */
static void
put (WmRiskEditor *self,
     GHashTable   *values,
     GPtrArray    *owned,
     const char   *column,
     const char   *value)
{
  const char *initial = g_hash_table_lookup (self->initial, column);
  char *copy;

  if (self->risk == NULL ? (value == NULL || *value == '\0') : g_strcmp0 (initial, value) == 0)
    return;
  copy = g_strdup (value ? value : "");
  g_ptr_array_add (owned, copy);
  g_hash_table_insert (values, (gpointer) column, copy);
}

static char *
author_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return g_strdup (name);
}

static gboolean
save (WmRiskEditor *self)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *id = NULL;
  g_autofree char *description = NULL;
  g_autofree char *mitigations = mitigations_text (self);
  g_autofree char *author = author_name ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description));
  GtkTextIter start, end;
  const char *status = "open";

  put (self, values, owned, "ref", entry_text (self->ref));
  put (self, values, owned, "raised", entry_text (self->raised));
  put (self, values, owned, "title", entry_text (self->title));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  put (self, values, owned, "description", description);
  put (self, values, owned, "owner", entry_text (self->owner));
  put (self, values, owned, "category", entry_text (self->category));
  for (int stage = 0; stage < 2; stage++)
    for (int axis = 0; axis < 3; axis++)
      {
        int value = picker_value (self->pickers[stage][axis]);
        g_autofree char *text = NULL;

        if (self->pickers[stage][axis] == NULL)
          continue;
        if (axis == 2)
          text = value > 0 ? g_strdup (wm_risk_scheme_get_level (self->scheme,
                                                                  WM_RISK_AXIS_SEVERITY,
                                                                  value)->label)
                           : g_strdup ("");
        else
          text = value > 0 ? g_strdup_printf ("%d", value) : g_strdup ("");
        /* compared as numbers: the form started from the risk's levels */
        {
          const char *initial = g_hash_table_lookup (self->initial, stage_columns[stage][axis]);
          if (self->risk != NULL && atoi (initial ? initial : "0") == value)
            continue;
          if (self->risk == NULL && value == 0)
            continue;
        }
        g_ptr_array_add (owned, g_strdup (text));
        g_hash_table_insert (values, (gpointer) stage_columns[stage][axis],
                             owned->pdata[owned->len - 1]);
      }
  put (self, values, owned, "target_score", entry_text (self->target));
  put (self, values, owned, "review_date", entry_text (self->review));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->status[i])))
      status = statuses[i];
  if (self->risk == NULL ? !g_str_equal (status, "open")
                         : g_strcmp0 (status, g_hash_table_lookup (self->initial, "status")) != 0)
    g_hash_table_insert (values, "status", (gpointer) status);
  put (self, values, owned, "closed_reason", entry_text (self->reason));

  if (!wm_store_begin (self->store, &error))
    goto fail;
  if (self->risk == NULL)
    id = wm_risk_create (self->store, values, author, WM_RISK_WRITE_REVIEWED, &bad, &error);
  else if (wm_risk_update (self->store, wm_risk_get_id (self->risk), values, author,
                           WM_RISK_WRITE_REVIEWED, &bad, &error))
    id = g_strdup (wm_risk_get_id (self->risk));
  if (id == NULL)
    goto rollback;

  if (self->risk == NULL ? self->mitigations->len > 0
                         : g_strcmp0 (mitigations, self->initial_mitigations) != 0)
    {
      g_autoptr(GArray) items = wm_risk_mitigations_new ();

      for (guint i = 0; i < self->mitigations->len; i++)
        {
          MitigationRow *row = self->mitigations->pdata[i];
          WmRiskMitigation m = {
            .id = g_strdup (row->id),
            .text = g_strdup (entry_text (row->text)),
            .owner = g_strdup (entry_text (row->owner)),
            .due_date = g_strdup (entry_text (row->due)),
            .action_code = g_strdup (entry_text (row->action)),
          };
          g_array_append_val (items, m);
        }
      if (!wm_risk_set_mitigations (self->store, id, items, &bad, &error))
        goto rollback;
    }

  if (g_strcmp0 (entry_text (self->links), g_hash_table_lookup (self->initial, "linked_actions"))
      != 0)
    {
      g_auto(GStrv) codes = g_regex_split_simple ("[;,\\s]+", entry_text (self->links), 0, 0);

      if (!wm_risk_set_linked_actions (self->store, id, (const char *const *) codes, &error))
        {
          g_free (bad);
          bad = g_strdup ("linked_actions");
          goto rollback;
        }
    }

  if (*entry_text (self->note) != '\0')
    {
      g_autofree char *note_id = wm_risk_add_note (self->store, id, NULL, author,
                                                   entry_text (self->note), &error);
      if (note_id == NULL)
        {
          g_free (bad);
          bad = g_strdup ("progress_note");
          goto rollback;
        }
    }

  if (!wm_store_commit (self->store, &error))
    goto fail;
  g_signal_emit (self, signals[SAVED], 0, id);
  return TRUE;

rollback:
  wm_store_rollback (self->store);
fail:
  show_error (self, bad, error ? error->message : _("The risk could not be saved."));
  return FALSE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmRiskEditor *self = WM_RISK_EDITOR (widget);

  if (save (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* ---------- life cycle ---------- */

static void
wm_risk_editor_dispose (GObject *object)
{
  WmRiskEditor *self = WM_RISK_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->risk);
  g_clear_pointer (&self->scheme, wm_risk_scheme_unref);

  G_OBJECT_CLASS (wm_risk_editor_parent_class)->dispose (object);
}

static void
wm_risk_editor_finalize (GObject *object)
{
  WmRiskEditor *self = WM_RISK_EDITOR (object);

  g_hash_table_unref (self->initial);
  g_hash_table_unref (self->widgets);
  g_ptr_array_unref (self->mitigations);
  g_free (self->initial_mitigations);

  G_OBJECT_CLASS (wm_risk_editor_parent_class)->finalize (object);
}

static void
wm_risk_editor_class_init (WmRiskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_risk_editor_dispose;
  object_class->finalize = wm_risk_editor_finalize;

  /**
   * WmRiskEditor::saved:
   * @risk_id: the risk added or changed
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
wm_risk_editor_init (WmRiskEditor *self)
{
  self->initial = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->mitigations = g_ptr_array_new_with_free_func (mitigation_row_free);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 760);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

/**
 * wm_risk_editor_new:
 * @parent: the window it belongs to
 * @store: the plan
 * @risk_id: (nullable): the risk to change, or %NULL for a new one
 *
 * Returns: (transfer none): the editor, shown; it destroys itself when
 *   saved or cancelled
 */
WmRiskEditor *
wm_risk_editor_new (GtkWindow  *parent,
                    WmStore    *store,
                    const char *risk_id)
{
  WmRiskEditor *self = g_object_new (WM_TYPE_RISK_EDITOR, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *content, *header, *cancel, *scrolled, *clamp, *box;
  g_autofree char *title = NULL;

  self->store = g_object_ref (store);
  self->scheme = wm_risk_scheme_load (store, &error);
  if (self->scheme == NULL)
    self->scheme = wm_risk_scheme_new_default ();
  if (risk_id != NULL)
    self->risk = wm_risk_load (store, self->scheme, risk_id, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  title = self->risk ? g_strdup_printf (_("Risk %s"), wm_risk_get_ref (self->risk))
                     : g_strdup (_("New Risk"));
  gtk_window_set_title (GTK_WINDOW (self), title);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "editor.cancel");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "editor.save");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (content), header);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_margin_start (self->error_label, 18);
  gtk_widget_set_margin_end (self->error_label, 18);
  gtk_widget_set_margin_top (self->error_label, 12);
  self->error_revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->error_revealer), self->error_label);
  gtk_box_append (GTK_BOX (content), self->error_revealer);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 24);
  build_form (self, box);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->risk ? self->title : self->ref);
  return self;
}
