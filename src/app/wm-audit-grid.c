#define G_LOG_DOMAIN "wm-audit-grid"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-audit-grid.h"

typedef struct
{
  char      *domain_id;    /* NULL: the overall judgement */
  char      *label;        /* "B Special educational needs" */
  GtkWidget *name;
  GtkWidget *cells[2];     /* by WmAuditRole */
  GtkWidget *agreement;
  GtkWidget *comment;      /* NULL for the overall judgement */
} Row;

struct _WmAuditGrid
{
  GtkWidget        parent_instance;

  WmStore         *store;
  char            *audit_id;
  WmAudit         *audit;
  WmAuditTemplate *tmpl;
  WmAuditRole      role;
  gboolean         updating;   /* writing widgets from the store: not a person typing */

  GtkWidget       *box;
  GtkWidget       *role_buttons[2];
  GtkWidget       *blind_label;
  GtkWidget       *grid;
  GtkWidget       *message;
  GtkWidget       *summary;
  GtkWidget       *disagreements_title;
  GtkWidget       *disagreements;
  GArray          *rows;       /* of Row */
};

G_DEFINE_FINAL_TYPE (WmAuditGrid, wm_audit_grid, GTK_TYPE_WIDGET)


static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->domain_id);
  g_free (row->label);
}

static void
show_message (WmAuditGrid *self,
              const char  *text)
{
  gtk_label_set_text (GTK_LABEL (self->message), text ? text : "");
  gtk_widget_set_visible (self->message, text != NULL && text[0] != '\0');
}

static int
level_of (WmAuditGrid *self,
          const Row   *row,
          WmAuditRole  role)
{
  const WmAuditScore *score;

  if (self->audit == NULL)
    return WM_AUDIT_UNSCORED;
  if (row->domain_id == NULL)
    return role == WM_AUDIT_AUDITOR ? self->audit->overall_auditor
                                    : self->audit->overall_moderator;
  score = wm_audit_get_score (self->audit, row->domain_id);
  if (score == NULL)
    return WM_AUDIT_UNSCORED;
  return role == WM_AUDIT_AUDITOR ? score->auditor_level : score->moderator_level;
}

static char *
level_text (WmAuditGrid *self,
            int          level)
{
  const WmAuditLevel *l;

  if (level == WM_AUDIT_UNSCORED)
    return g_strdup ("—");
  l = self->tmpl ? wm_audit_template_get_level (self->tmpl, level) : NULL;
  if (l == NULL)
    return g_strdup_printf ("%d", level);
  if (l->is_na)
    return g_strdup (_("N/A"));
  return g_strdup_printf ("%d %s", l->value, l->label);
}

static gboolean
revealed (WmAuditGrid *self)
{
  return self->audit != NULL && self->tmpl != NULL && wm_audit_is_revealed (self->audit, self->tmpl);
}

/* The auditor's levels are hidden from the moderator, in blind
 * moderation, until the moderator has scored everything. */
static gboolean
auditor_hidden (WmAuditGrid *self)
{
  return self->role == WM_AUDIT_MODERATOR && !revealed (self);
}

static const char *const level_classes[] = {
  "audit-level-na", "audit-level-1", "audit-level-2", "audit-level-3", "audit-level-4",
};

static void
update_cell (WmAuditGrid *self,
             Row         *row,
             WmAuditRole  role)
{
  GtkWidget *cell = row->cells[role];
  int level = level_of (self, row, role);
  gboolean hidden = role == WM_AUDIT_AUDITOR && auditor_hidden (self);
  gboolean editable = role == self->role;
  g_autofree char *text = hidden ? g_strdup (_("Hidden")) : level_text (self, level);
  g_autofree char *description = NULL;

  /* the label itself, not gtk_button_set_label (): that makes GTK 4.8 name
   * the button by its text ("3 Good") instead of "Auditor level, B …" */
  gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (cell))), text);
  for (guint i = 0; i < G_N_ELEMENTS (level_classes); i++)
    gtk_widget_remove_css_class (cell, level_classes[i]);
  if (!hidden && level != WM_AUDIT_UNSCORED)
    {
      gboolean na = self->tmpl && wm_audit_template_is_na (self->tmpl, level);
      if (na || (level >= 1 && level <= 4))
        gtk_widget_add_css_class (cell, level_classes[na ? 0 : level]);
    }
  /* only the column being scored takes the keyboard */
  gtk_widget_set_focusable (cell, editable);
  gtk_widget_set_can_target (cell, editable);
  gtk_widget_set_focus_on_click (cell, editable);
  if (editable)
    gtk_widget_remove_css_class (cell, "audit-readonly");
  else
    gtk_widget_add_css_class (cell, "audit-readonly");

  if (hidden)
    description = g_strdup (_("Hidden until you have scored every domain and the overall "
                              "judgement"));
  else if (level == WM_AUDIT_UNSCORED)
    description = g_strdup (_("Not scored"));
  else
    description = g_strdup (text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

static gboolean
focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
update_row (WmAuditGrid *self,
            Row         *row)
{
  int a = level_of (self, row, WM_AUDIT_AUDITOR);
  int m = level_of (self, row, WM_AUDIT_MODERATOR);
  gboolean show = revealed (self) && a != WM_AUDIT_UNSCORED && m != WM_AUDIT_UNSCORED;
  gboolean differ = show && a != m;
  const char *text = "";
  g_autofree char *owned = NULL;

  update_cell (self, row, WM_AUDIT_AUDITOR);
  update_cell (self, row, WM_AUDIT_MODERATOR);
  if (show)
    {
      gboolean a_na = wm_audit_template_is_na (self->tmpl, a);
      gboolean m_na = wm_audit_template_is_na (self->tmpl, m);

      if (!differ)
        text = _("Same");
      else if (a_na || m_na)
        text = _("Differs (N/A)");
      else
        text = owned = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Differs by %d level",
                                                     "Differs by %d levels", ABS (a - m)),
                                        ABS (a - m));
    }
  gtk_label_set_text (GTK_LABEL (row->agreement), text);
  for (guint i = 0; i < 2; i++)
    if (differ)
      gtk_widget_add_css_class (row->cells[i], "audit-differs");
    else
      gtk_widget_remove_css_class (row->cells[i], "audit-differs");
  if (differ)
    {
      gtk_widget_add_css_class (row->name, "audit-differs-label");
      gtk_widget_add_css_class (row->agreement, "warning");
    }
  else
    {
      gtk_widget_remove_css_class (row->name, "audit-differs-label");
      gtk_widget_remove_css_class (row->agreement, "warning");
    }

  if (row->comment != NULL)
    {
      const WmAuditScore *score = self->audit ? wm_audit_get_score (self->audit, row->domain_id) : NULL;
      const char *mine = score ? (self->role == WM_AUDIT_AUDITOR ? score->auditor_comment
                                                                 : score->moderator_comment) : NULL;
      const char *theirs = score ? (self->role == WM_AUDIT_AUDITOR ? score->moderator_comment
                                                                   : score->auditor_comment) : NULL;
      g_autofree char *tooltip = NULL;

      /* never under the cursor of someone typing: their text is what is saved */
      if (!focus_within (row->comment)
          && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->comment)), mine ? mine : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (row->comment), mine ? mine : "");
      gtk_entry_set_placeholder_text (GTK_ENTRY (row->comment),
                                      self->role == WM_AUDIT_AUDITOR ? _("Auditor's comment")
                                                                     : _("Moderator's comment"));
      if (theirs && (self->role == WM_AUDIT_AUDITOR || revealed (self)))
        tooltip = g_strdup_printf (self->role == WM_AUDIT_AUDITOR ? _("Moderator: %s")
                                                                  : _("Auditor: %s"), theirs);
      gtk_widget_set_tooltip_text (row->comment, tooltip);
    }
}

static void
update_summary (WmAuditGrid *self)
{
  GtkWidget *child;
  guint same = 0, pairs = 0;
  gboolean show = revealed (self);
  g_autoptr(GString) text = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (self->disagreements)) != NULL)
    gtk_box_remove (GTK_BOX (self->disagreements), child);

  if (self->audit == NULL || self->tmpl == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->summary), "");
      gtk_widget_set_visible (self->disagreements_title, FALSE);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->blind_label),
                      !self->audit->blind ? _("Open moderation: both columns are shown.")
                      : show ? _("Blind moderation: the moderator has scored every domain, so "
                                 "the auditor's levels are shown.")
                      : _("Blind moderation: the auditor's levels stay hidden from the moderator "
                          "until the moderator has scored every domain and the overall "
                          "judgement."));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      int a = level_of (self, row, WM_AUDIT_AUDITOR);
      int m = level_of (self, row, WM_AUDIT_MODERATOR);

      if (row->domain_id == NULL || a == WM_AUDIT_UNSCORED || m == WM_AUDIT_UNSCORED
          || (wm_audit_template_is_na (self->tmpl, a) && wm_audit_template_is_na (self->tmpl, m)))
        continue;
      pairs++;
      if (a == m)
        same++;
    }

  if (!show)
    g_string_append (text, _("Agreement is shown when the moderator has scored every domain."));
  else
    {
      int a = self->audit->overall_auditor, m = self->audit->overall_moderator;

      g_string_append_printf (text, _("Same level in %u of %u domains (%.0f%%)"), same, pairs,
                              pairs ? 100.0 * same / pairs : 0.0);
      if (a != WM_AUDIT_UNSCORED && m != WM_AUDIT_UNSCORED)
        g_string_append (text, a == m ? _("; the same overall judgement.")
                                      : _("; different overall judgements."));
      else
        g_string_append (text, ".");
    }
  gtk_label_set_text (GTK_LABEL (self->summary), text->str);

  for (guint i = 0; show && i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      int a = level_of (self, row, WM_AUDIT_AUDITOR);
      int m = level_of (self, row, WM_AUDIT_MODERATOR);
      g_autofree char *a_text = NULL, *m_text = NULL, *line = NULL;
      GtkWidget *label;

      if (a == WM_AUDIT_UNSCORED || m == WM_AUDIT_UNSCORED || a == m)
        continue;
      a_text = level_text (self, a);
      m_text = level_text (self, m);
      line = g_strdup_printf (_("%s: auditor %s, moderator %s"), row->label, a_text, m_text);
      label = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (self->disagreements), label);
    }
  gtk_widget_set_visible (self->disagreements_title,
                          gtk_widget_get_first_child (self->disagreements) != NULL);
}

void
wm_audit_grid_refresh (WmAuditGrid *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WM_IS_AUDIT_GRID (self));

  g_clear_pointer (&self->audit, wm_audit_unref);
  if (self->store != NULL && self->audit_id != NULL)
    self->audit = wm_audit_load (self->store, self->audit_id, &error);
  if (self->audit != NULL && (self->tmpl == NULL
                              || g_strcmp0 (self->tmpl->id, self->audit->template_id) != 0))
    {
      /* a new audit, or its template changed before scoring: new rows */
      wm_audit_grid_set_audit (self, self->store, self->audit_id);
      return;
    }
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    update_row (self, &g_array_index (self->rows, Row, i));
  update_summary (self);
  self->updating = FALSE;
}

static Row *
row_of (WmAuditGrid *self,
        GtkWidget   *widget,
        WmAuditRole *role)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      for (guint r = 0; r < 2; r++)
        if (row->cells[r] == widget)
          {
            if (role)
              *role = r;
            return row;
          }
      if (row->comment == widget)
        return row;
    }
  return NULL;
}

static guint
row_index (WmAuditGrid *self,
           Row         *row)
{
  return (guint) (row - &g_array_index (self->rows, Row, 0));
}

static void
focus_cell (WmAuditGrid *self,
            guint        index,
            WmAuditRole  role)
{
  if (index < self->rows->len)
    gtk_widget_grab_focus (g_array_index (self->rows, Row, index).cells[role]);
}

static gboolean
set_level (WmAuditGrid *self,
           Row         *row,
           WmAuditRole  role,
           int          level)
{
  g_autoptr(GError) error = NULL;

  if (!wm_audit_set_level (self->store, self->audit_id, row->domain_id, role, level, &error))
    {
      show_message (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  show_message (self, NULL);
  /* the store's change signal refreshes the grid; do it now as well, so
   * that the next key lands on an up-to-date grid */
  wm_audit_grid_refresh (self);
  return TRUE;
}

static int
digit_of (guint keyval)
{
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    return (int) (keyval - GDK_KEY_0);
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    return (int) (keyval - GDK_KEY_KP_0);
  return -1;
}

static int
na_value (WmAuditGrid *self)
{
  for (guint i = 0; self->tmpl && i < self->tmpl->levels->len; i++)
    if (g_array_index (self->tmpl->levels, WmAuditLevel, i).is_na)
      return g_array_index (self->tmpl->levels, WmAuditLevel, i).value;
  return WM_AUDIT_UNSCORED;
}

static gboolean
cell_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     WmAuditGrid           *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  WmAuditRole role = WM_AUDIT_AUDITOR;
  Row *row = row_of (self, cell, &role);
  guint index;
  int digit = digit_of (keyval);

  if (row == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  index = row_index (self, row);

  if (digit >= 0 || keyval == GDK_KEY_n || keyval == GDK_KEY_N)
    {
      int level = digit >= 0 ? digit : na_value (self);

      if (level == WM_AUDIT_UNSCORED)
        {
          show_message (self, _("This template has no N/A level."));
          gtk_widget_error_bell (cell);
          return TRUE;
        }
      /* typing a level sets it and moves on down the column */
      if (set_level (self, row, role, level))
        focus_cell (self, index + 1, role);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_BackSpace:
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      set_level (self, row, role, WM_AUDIT_UNSCORED);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      focus_cell (self, index + 1, role);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (index > 0)
        focus_cell (self, index - 1, role);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (row->comment != NULL)
        gtk_widget_grab_focus (row->comment);
      return TRUE;
    case GDK_KEY_Home:
      focus_cell (self, 0, role);
      return TRUE;
    case GDK_KEY_End:
      focus_cell (self, self->rows->len - 1, role);
      return TRUE;
    default:
      return FALSE;
    }
}

/* In a comment, Up and Down move to the row above or below, as in a
 * spreadsheet; Left at the start goes back to the level. */
static gboolean
comment_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        WmAuditGrid           *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Row *row = row_of (self, entry, NULL);
  guint index;

  if (row == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  index = row_index (self, row);
  switch (keyval)
    {
    case GDK_KEY_Down:
      if (index + 1 < self->rows->len && g_array_index (self->rows, Row, index + 1).comment)
        gtk_widget_grab_focus (g_array_index (self->rows, Row, index + 1).comment);
      return TRUE;
    case GDK_KEY_Up:
      if (index > 0)
        gtk_widget_grab_focus (g_array_index (self->rows, Row, index - 1).comment);
      return TRUE;
    case GDK_KEY_Left:
      if (gtk_editable_get_position (GTK_EDITABLE (entry)) == 0)
        {
          gtk_widget_grab_focus (row->cells[self->role]);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static void
comment_changed_cb (GtkEditable *entry,
                    WmAuditGrid *self)
{
  g_autoptr(GError) error = NULL;
  Row *row;

  if (self->updating)
    return;
  row = row_of (self, GTK_WIDGET (entry), NULL);
  if (row == NULL || row->domain_id == NULL)
    return;
  /* saved as typed: nothing to lose if the laptop lid closes */
  if (!wm_audit_set_comment (self->store, self->audit_id, row->domain_id, self->role,
                             gtk_editable_get_text (entry), &error))
    show_message (self, error->message);
  else
    show_message (self, NULL);
}

/* A click (or Space) on a level opens the choices, for the mouse. */
static void
level_chosen_cb (GtkButton   *button,
                 WmAuditGrid *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  GtkWidget *cell = gtk_widget_get_parent (popover);
  WmAuditRole role = WM_AUDIT_AUDITOR;
  Row *row = row_of (self, cell, &role);
  int level = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "level"));

  gtk_popover_popdown (GTK_POPOVER (popover));
  if (row != NULL && set_level (self, row, role, level))
    focus_cell (self, row_index (self, row) + 1, role);
}

static void
popover_closed_cb (GtkPopover *popover)
{
  gtk_widget_unparent (GTK_WIDGET (popover));
}

static void
cell_clicked_cb (GtkButton   *cell,
                 WmAuditGrid *self)
{
  WmAuditRole role = WM_AUDIT_AUDITOR;
  Row *row = row_of (self, GTK_WIDGET (cell), &role);
  GtkWidget *popover, *box;

  if (row == NULL || self->tmpl == NULL || role != self->role)
    return;
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  for (guint i = 0; i < self->tmpl->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (self->tmpl->levels, WmAuditLevel, i);
      g_autofree char *text = NULL;
      GtkWidget *choice;

      if (l->is_na && row->domain_id == NULL)
        continue;
      text = l->is_na ? g_strdup_printf ("N  %s", _("N/A — not applicable"))
                      : g_strdup_printf ("%d  %s", l->value, l->label);
      choice = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (choice, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (choice))), 0);
      g_object_set_data (G_OBJECT (choice), "level", GINT_TO_POINTER (l->value));
      g_signal_connect (choice, "clicked", G_CALLBACK (level_chosen_cb), self);
      gtk_box_append (GTK_BOX (box), choice);
    }
  {
    GtkWidget *clear = gtk_button_new_with_label (_("Clear"));
    gtk_widget_add_css_class (clear, "flat");
    g_object_set_data (G_OBJECT (clear), "level", GINT_TO_POINTER (WM_AUDIT_UNSCORED));
    g_signal_connect (clear, "clicked", G_CALLBACK (level_chosen_cb), self);
    gtk_box_append (GTK_BOX (box), clear);
  }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (cell));
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static GtkWidget *
make_cell (WmAuditGrid *self,
           WmAuditRole  role,
           const char  *row_label)
{
  GtkWidget *cell = gtk_button_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *name = g_strdup_printf (role == WM_AUDIT_AUDITOR ? _("Auditor level, %s")
                                                                    : _("Moderator level, %s"),
                                           row_label);

  gtk_button_set_child (GTK_BUTTON (cell), gtk_label_new ("—"));
  gtk_widget_add_css_class (cell, "audit-level");
  /* wide enough for "2 Requires improvement": columns keep their width
   * when the auditor's levels are revealed */
  gtk_widget_set_size_request (cell, 220, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (cell_key_pressed_cb), self);
  gtk_widget_add_controller (cell, keys);
  g_signal_connect (cell, "clicked", G_CALLBACK (cell_clicked_cb), self);
  return cell;
}

static void
add_row (WmAuditGrid         *self,
         const WmAuditDomain *domain,
         int                  y)
{
  Row row = { 0 };
  GtkEventController *keys;

  row.domain_id = domain ? g_strdup (domain->id) : NULL;
  row.label = domain ? wm_audit_domain_label (domain) : g_strdup (_("Overall judgement"));
  row.name = gtk_label_new (row.label);
  gtk_label_set_xalign (GTK_LABEL (row.name), 0);
  gtk_label_set_wrap (GTK_LABEL (row.name), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (row.name), 30);
  gtk_widget_set_hexpand (row.name, FALSE);
  if (domain && domain->description)
    gtk_widget_set_tooltip_text (row.name, domain->description);
  if (domain == NULL)
    gtk_widget_add_css_class (row.name, "heading");
  else if (domain->must_fix)
    {
      /* named in words as well as marked, for a screen reader */
      g_autofree char *marked = g_strdup_printf ("%s *", row.label);
      g_autofree char *accessible = g_strdup_printf (_("%s, must be fixed before issue if below "
                                                       "the standard"), row.label);
      gtk_label_set_text (GTK_LABEL (row.name), marked);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row.name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
    }
  row.cells[WM_AUDIT_AUDITOR] = make_cell (self, WM_AUDIT_AUDITOR, row.label);
  row.cells[WM_AUDIT_MODERATOR] = make_cell (self, WM_AUDIT_MODERATOR, row.label);
  row.agreement = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row.agreement), 0);
  gtk_label_set_width_chars (GTK_LABEL (row.agreement), 16);

  /* the focus chain follows the order widgets are added: across a row,
   * then down */
  gtk_grid_attach (GTK_GRID (self->grid), row.name, 0, y, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), row.cells[WM_AUDIT_AUDITOR], 1, y, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), row.cells[WM_AUDIT_MODERATOR], 2, y, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), row.agreement, 3, y, 1, 1);
  if (domain != NULL)
    {
      g_autofree char *name = g_strdup_printf (_("Comment, %s"), row.label);

      row.comment = gtk_entry_new ();
      gtk_widget_set_hexpand (row.comment, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row.comment), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      g_signal_connect (row.comment, "changed", G_CALLBACK (comment_changed_cb), self);
      keys = gtk_event_controller_key_new ();
      g_signal_connect (keys, "key-pressed", G_CALLBACK (comment_key_pressed_cb), self);
      gtk_widget_add_controller (row.comment, keys);
      gtk_grid_attach (GTK_GRID (self->grid), row.comment, 4, y, 1, 1);
    }
  g_array_append_val (self->rows, row);
}

static void
clear_rows (WmAuditGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_array_set_size (self->rows, 0);
}

static void
add_header (WmAuditGrid *self)
{
  const char *titles[] = { _("Domain"), _("Auditor"), _("Moderator"), _("Agreement"),
                           _("Comment") };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *label = gtk_label_new (titles[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (GTK_GRID (self->grid), label, i, 0, 1, 1);
    }
}

void
wm_audit_grid_set_audit (WmAuditGrid *self,
                         WmStore     *store,
                         const char  *audit_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (WM_IS_AUDIT_GRID (self));

  g_set_object (&self->store, store);
  if (audit_id != self->audit_id)
    {
      g_free (self->audit_id);
      self->audit_id = g_strdup (audit_id);
    }
  g_clear_pointer (&self->audit, wm_audit_unref);
  g_clear_pointer (&self->tmpl, wm_audit_template_unref);
  clear_rows (self);
  show_message (self, NULL);
  if (store != NULL && audit_id != NULL)
    {
      self->audit = wm_audit_load (store, audit_id, &error);
      if (self->audit != NULL)
        self->tmpl = wm_audit_load_template (store, self->audit->template_id, &error);
    }
  if (self->tmpl == NULL)
    {
      if (error != NULL)
        show_message (self, error->message);
      update_summary (self);
      return;
    }
  add_header (self);
  for (guint i = 0; i < self->tmpl->domains->len; i++)
    add_row (self, &g_array_index (self->tmpl->domains, WmAuditDomain, i), (int) i + 1);
  add_row (self, NULL, (int) self->tmpl->domains->len + 1);
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    update_row (self, &g_array_index (self->rows, Row, i));
  update_summary (self);
  self->updating = FALSE;
}

void
wm_audit_grid_set_role (WmAuditGrid *self,
                        WmAuditRole  role)
{
  g_return_if_fail (WM_IS_AUDIT_GRID (self));

  self->role = role;
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->role_buttons[role])))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->role_buttons[role]), TRUE);
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      /* the other role's comment replaces this one's in the boxes */
      if (row->comment)
        gtk_editable_set_text (GTK_EDITABLE (row->comment), "");
      update_row (self, row);
    }
  update_summary (self);
  self->updating = FALSE;
}

WmAuditRole
wm_audit_grid_get_role (WmAuditGrid *self)
{
  g_return_val_if_fail (WM_IS_AUDIT_GRID (self), WM_AUDIT_AUDITOR);
  return self->role;
}

/* The first level of the column being scored that has no level yet, or
 * the first. */
void
wm_audit_grid_focus_first (WmAuditGrid *self)
{
  g_return_if_fail (WM_IS_AUDIT_GRID (self));

  for (guint i = 0; i < self->rows->len; i++)
    if (level_of (self, &g_array_index (self->rows, Row, i), self->role) == WM_AUDIT_UNSCORED)
      {
        focus_cell (self, i, self->role);
        return;
      }
  focus_cell (self, 0, self->role);
}

static void
role_toggled_cb (GtkToggleButton *button,
                 WmAuditGrid     *self)
{
  WmAuditRole role = button == GTK_TOGGLE_BUTTON (self->role_buttons[WM_AUDIT_AUDITOR])
                     ? WM_AUDIT_AUDITOR : WM_AUDIT_MODERATOR;

  if (!gtk_toggle_button_get_active (button) || role == self->role)
    return;
  wm_audit_grid_set_role (self, role);
  wm_audit_grid_focus_first (self);
}

static void
wm_audit_grid_dispose (GObject *object)
{
  WmAuditGrid *self = WM_AUDIT_GRID (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_pointer (&self->audit_id, g_free);
  g_clear_pointer (&self->audit, wm_audit_unref);
  g_clear_pointer (&self->tmpl, wm_audit_template_unref);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (wm_audit_grid_parent_class)->dispose (object);
}

static void
wm_audit_grid_class_init (WmAuditGridClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_audit_grid_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "auditgrid");
}

static void
wm_audit_grid_init (WmAuditGrid *self)
{
  GtkWidget *roles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label;
  const char *mnemonics[] = { N_("Audi_tor"), N_("Mode_rator") };

  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  label = gtk_label_new (_("Scoring as"));
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (roles), label);
  gtk_widget_add_css_class (linked, "linked");
  for (guint r = 0; r < 2; r++)
    {
      self->role_buttons[r] = gtk_toggle_button_new_with_mnemonic (_(mnemonics[r]));
      if (r > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->role_buttons[r]),
                                     GTK_TOGGLE_BUTTON (self->role_buttons[0]));
      /* one clean name: GTK 4.8 would read the mnemonic label too */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->role_buttons[r]),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->role_buttons[r]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      r == 0 ? _("Score as the auditor")
                                             : _("Score as the moderator"), -1);
      g_signal_connect (self->role_buttons[r], "toggled", G_CALLBACK (role_toggled_cb), self);
      gtk_box_append (GTK_BOX (linked), self->role_buttons[r]);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->role_buttons[0]), TRUE);
  gtk_box_append (GTK_BOX (roles), linked);
  gtk_box_append (GTK_BOX (self->box), roles);

  self->blind_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->blind_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->blind_label), TRUE);
  gtk_widget_add_css_class (self->blind_label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->blind_label);

  {
    GtkWidget *hint = gtk_label_new (_("Type a level (4, 3, 2, 1, or N for N/A): it is saved "
                                       "and the next domain is selected. Backspace clears; "
                                       "the arrow keys and Tab move. * must be fixed before "
                                       "the plan is issued if below the standard."));
    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_widget_add_css_class (hint, "caption");
    gtk_box_append (GTK_BOX (self->box), hint);
  }

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Scoring grid"), -1);
  gtk_box_append (GTK_BOX (self->box), self->grid);

  self->message = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_widget_add_css_class (self->message, "error");
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->message);

  self->summary = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agreement on this audit"), -1);
  gtk_box_append (GTK_BOX (self->box), self->summary);

  self->disagreements_title = gtk_label_new (_("Disagreements to discuss"));
  gtk_label_set_xalign (GTK_LABEL (self->disagreements_title), 0);
  gtk_widget_add_css_class (self->disagreements_title, "heading");
  gtk_widget_set_visible (self->disagreements_title, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->disagreements_title);
  self->disagreements = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->box), self->disagreements);
}

GtkWidget *
wm_audit_grid_new (void)
{
  return g_object_new (WM_TYPE_AUDIT_GRID, NULL);
}
