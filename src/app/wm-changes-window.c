/* wm-changes-window.c: "Changes Since…": what moved in the plan since the
 * last board
 *
 * A co-chair opens this before a board to see, in one place, which
 * ratings changed and why, which dates moved and why, what is new, what
 * was completed and which milestones were met or missed.  The period
 * starts after the previous board (the latest board key date before
 * today) unless another day is picked; the lists are read by
 * wm_plan_changes_query () and re-read whenever the plan changes.
 */
#define G_LOG_DOMAIN "wm-changes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-changes-window.h"
#include "wm-date-format.h"
#include "wm-date.h"
#include "wm-plan-changes.h"
#include "wm-window.h"
#include "wm-window-private.h"

struct _WmChangesWindow
{
  AdwWindow             parent_instance;

  WmStore              *store;
  char                 *since;        /* NULL: the previous board */
  WmPlanChanges        *changes;
  GPtrArray            *rows[WM_PLAN_CHANGE_N_KINDS];
  guint                 refresh_id;
  gboolean              selecting;    /* the calendar is being set, not picked */

  AdwWindowTitle       *window_title;
  GtkMenuButton        *since_button;
  GtkPopover           *since_popover;
  GtkLabel             *since_label;
  GtkCalendar          *calendar;
  GtkButton            *board_button;
  GtkStack             *stack;
  GtkLabel             *intro_label;
  AdwPreferencesGroup  *groups[WM_PLAN_CHANGE_N_KINDS];
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (WmChangesWindow, wm_changes_window, ADW_TYPE_WINDOW)

/* ---------- rating pills ---------- */

/* Rating colours are plan data ("#e5a50a" for Amber), so a pill's colour
 * cannot be in the stylesheet: each colour gets a class, and the rules
 * for every colour seen so far live in one provider for the display. */
static GHashTable     *pill_classes;  /* "#rrggbb" → "wm-pill-rrggbb" */
static GtkCssProvider *pill_provider;

static const char pill_base_css[] =
  ".wm-pill { border-radius: 999px; padding: 1px 10px; font-weight: bold;"
  "  font-size: smaller; }"
  ".wm-pill.wm-pill-none { background-color: alpha(currentColor, 0.12); }"
  ".wm-changes-arrow { opacity: 0.6; }";

static void
reload_pill_css (void)
{
  g_autoptr(GString) css = g_string_new (pill_base_css);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pill_classes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GdkRGBA rgba;
      double luminance;

      gdk_rgba_parse (&rgba, key);
      /* Dark text on light colours (Amber, Green), white on dark (Red, Blue) */
      luminance = 0.2126 * rgba.red + 0.7152 * rgba.green + 0.0722 * rgba.blue;
      g_string_append_printf (css, ".wm-pill.%s { background-color: %s; color: %s; }\n",
                              (char *) value, (char *) key,
                              luminance > 0.5 ? "#1a1a1a" : "#ffffff");
    }
  gtk_css_provider_load_from_data (pill_provider, css->str, -1);
}

static const char *
pill_class_for (const char *colour)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;
  const char *klass;

  if (colour == NULL || !gdk_rgba_parse (&rgba, colour))
    return "wm-pill-none";
  /* Normalised, so that what reaches the CSS is only ever #rrggbb */
  hex = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                         (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  klass = g_hash_table_lookup (pill_classes, hex);
  if (klass == NULL)
    {
      char *name = g_strdup_printf ("wm-pill-%s", hex + 1);

      g_hash_table_insert (pill_classes, g_steal_pointer (&hex), name);
      klass = name;
      reload_pill_css ();
    }
  return klass;
}

static GtkWidget *
rating_pill (const char *code,
             const char *label,
             const char *colour)
{
  const char *text = label && *label ? label : code;
  GtkWidget *pill = gtk_label_new (text ? text : C_("rating", "None"));

  gtk_widget_add_css_class (pill, "wm-pill");
  gtk_widget_add_css_class (pill, code ? pill_class_for (colour) : "wm-pill-none");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

/* ---------- rows ---------- */

static char *
format_day (const char *iso)
{
  char *text = iso ? wm_date_format_short (iso) : NULL;

  return text ? text : g_strdup (iso ? iso : _("no date"));
}

static const char *
field_name (const char *field)
{
  if (g_strcmp0 (field, "start_date") == 0)
    return _("Start date");
  if (g_strcmp0 (field, "due_date") == 0)
    return _("Due date");
  if (g_strcmp0 (field, "completed_date") == 0)
    return _("Completed date");
  if (g_strcmp0 (field, "end_date") == 0)
    return _("End date");
  if (g_strcmp0 (field, "done_date") == 0)
    return _("Done date");
  return field ? field : _("Date");
}

static char *
subject_title (WmPlanChange *c)
{
  if (c->milestone_code != NULL || c->milestone_title != NULL)
    return g_strdup_printf ("%s  %s", c->milestone_code ? c->milestone_code : "",
                            c->milestone_title ? c->milestone_title : "");
  if (c->stage_label != NULL)
    /* Translators: an action's code and title, then one of its stages */
    return g_strdup_printf (_("%s  %s (stage “%s”)"), c->action_code ? c->action_code : "",
                            c->action_title ? c->action_title : "", c->stage_label);
  return g_strdup_printf ("%s  %s", c->action_code ? c->action_code : "",
                          c->action_title ? c->action_title : "");
}

/* "Jo Bloggs · 23 Nov 2026", or either alone */
static char *
who_and_when (const char *who,
              const char *day_iso)
{
  g_autofree char *day = day_iso ? format_day (day_iso) : NULL;

  if (who != NULL && *who != '\0' && day != NULL)
    return g_strdup_printf ("%s · %s", who, day);
  if (who != NULL && *who != '\0')
    return g_strdup (who);
  return g_steal_pointer (&day);
}

static GtkWidget *
new_row (WmPlanChange *c,
         const char   *subtitle)
{
  g_autofree char *title = subject_title (c);
  GtkWidget *row = adw_action_row_new ();

  /* Titles and notes are people's words, with & and < in them */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
rating_row (WmPlanChange *c)
{
  g_autofree char *by = who_and_when (c->author, c->date);
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *box;
  gboolean unchanged = c->old_rating_code != NULL
                       && g_strcmp0 (c->old_rating_code, c->new_rating_code) == 0;

  if (c->note != NULL && *c->note != '\0')
    {
      g_autofree char *note = g_strstrip (g_strdup (c->note));
      subtitle = g_strdup_printf ("%s\n%s", note, by ? by : "");
    }
  else
    subtitle = g_strdup (by);
  row = new_row (c, subtitle);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  if (!unchanged)
    {
      GtkWidget *arrow = gtk_label_new ("→");

      gtk_widget_add_css_class (arrow, "wm-changes-arrow");
      gtk_box_append (GTK_BOX (box), rating_pill (c->old_rating_code, c->old_rating_label,
                                                  c->old_rating_colour));
      gtk_box_append (GTK_BOX (box), arrow);
    }
  gtk_box_append (GTK_BOX (box), rating_pill (c->new_rating_code, c->new_rating_label,
                                              c->new_rating_colour));
  if (unchanged)
    {
      GtkWidget *same = gtk_label_new (_("unchanged"));
      gtk_widget_add_css_class (same, "dim-label");
      gtk_box_append (GTK_BOX (box), same);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

static GtkWidget *
date_row (WmPlanChange *c)
{
  g_autofree char *old_day = c->old_value ? format_day (c->old_value) : g_strdup (_("none"));
  g_autofree char *new_day = c->new_value ? format_day (c->new_value) : g_strdup (_("none"));
  g_autofree char *by = who_and_when (c->author, c->date);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GDate old_date, new_date;
  GtkWidget *row, *moved;

  /* Translators: a date field, its old and its new value */
  g_string_append_printf (subtitle, _("%s: %s → %s"), field_name (c->field), old_day, new_day);
  if (c->note != NULL && *c->note != '\0')
    {
      g_autofree char *reason = g_strstrip (g_strdup (c->note));
      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("Reason: %s"), reason);
    }
  if (by != NULL)
    g_string_append_printf (subtitle, "\n%s", by);
  row = new_row (c, subtitle->str);

  if (c->old_value && c->new_value && wm_date_from_iso (c->old_value, &old_date)
      && wm_date_from_iso (c->new_value, &new_date))
    {
      int days = g_date_days_between (&old_date, &new_date);
      g_autofree char *text = NULL;

      if (days > 0)
        text = g_strdup_printf (ngettext ("%d day later", "%d days later", days), days);
      else if (days < 0)
        text = g_strdup_printf (ngettext ("%d day earlier", "%d days earlier", -days),
                                -days);
      if (text != NULL)
        {
          moved = gtk_label_new (text);
          gtk_widget_add_css_class (moved, days > 0 ? "warning" : "success");
          gtk_widget_add_css_class (moved, "numeric");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), moved);
        }
    }
  return row;
}

static GtkWidget *
new_action_row (WmPlanChange *c)
{
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *added = format_day (c->date);
  GtkWidget *row;

  if (c->author != NULL && *c->author != '\0')
    {
      g_auto(GStrv) leads = g_strsplit (c->author, "\n", -1);
      g_autofree char *joined = g_strjoinv ("; ", leads);
      g_string_append_printf (subtitle, _("Leads: %s"), joined);
      g_string_append_c (subtitle, '\n');
    }
  if (c->new_value != NULL)
    {
      g_autofree char *due = format_day (c->new_value);
      g_string_append_printf (subtitle, _("Due %s"), due);
      g_string_append (subtitle, " · ");
    }
  g_string_append_printf (subtitle, _("Added %s"), added);
  row = new_row (c, subtitle->str);
  if (c->new_rating_code != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               rating_pill (c->new_rating_code, c->new_rating_label,
                                            c->new_rating_colour));
  return row;
}

static GtkWidget *
completed_row (WmPlanChange *c)
{
  g_autofree char *day = format_day (c->date);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row;

  g_string_append_printf (subtitle, _("Completed %s"), day);
  if (c->author != NULL && *c->author != '\0')
    g_string_append_printf (subtitle, " · %s", c->author);
  if (c->note != NULL && *c->note != '\0')
    {
      g_autofree char *note = g_strstrip (g_strdup (c->note));
      g_string_append_printf (subtitle, "\n%s", note);
    }
  row = new_row (c, subtitle->str);
  if (c->new_rating_code != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               rating_pill (c->new_rating_code, c->new_rating_label,
                                            c->new_rating_colour));
  return row;
}

static GtkWidget *
milestone_row (WmPlanChange *c)
{
  g_autofree char *day = format_day (c->date);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (c->kind == WM_PLAN_CHANGE_MILESTONE_MET)
    g_string_append_printf (subtitle, _("Met %s"), day);
  else
    g_string_append_printf (subtitle, _("Was due %s"), day);
  /* Action milestones' codes begin with the action's ("1.3a M12") */
  if (c->action_code != NULL
      && !g_str_has_prefix (c->milestone_code ? c->milestone_code : "", c->action_code))
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Action %s"), c->action_code);
    }
  if (c->kind == WM_PLAN_CHANGE_MILESTONE_MET && c->author != NULL && *c->author != '\0')
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("Signed off by %s"), c->author);
    }
  return new_row (c, subtitle->str);
}

static GtkWidget *
row_for (WmPlanChange *c)
{
  switch (c->kind)
    {
    case WM_PLAN_CHANGE_RATING: return rating_row (c);
    case WM_PLAN_CHANGE_DATE: return date_row (c);
    case WM_PLAN_CHANGE_NEW_ACTION: return new_action_row (c);
    case WM_PLAN_CHANGE_COMPLETED: return completed_row (c);
    case WM_PLAN_CHANGE_MILESTONE_MET:
    case WM_PLAN_CHANGE_MILESTONE_MISSED: return milestone_row (c);
    case WM_PLAN_CHANGE_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---------- reading ---------- */

static void
clear_rows (WmChangesWindow *self)
{
  for (guint kind = 0; kind < WM_PLAN_CHANGE_N_KINDS; kind++)
    {
      for (guint i = 0; i < self->rows[kind]->len; i++)
        adw_preferences_group_remove (self->groups[kind], self->rows[kind]->pdata[i]);
      g_ptr_array_set_size (self->rows[kind], 0);
    }
}

static void
show_period (WmChangesWindow *self)
{
  WmPlanChanges *changes = self->changes;
  g_autofree char *since = changes->since ? format_day (changes->since) : NULL;
  g_autofree char *until = format_day (changes->until);
  g_autofree char *button = NULL;
  g_autofree char *subtitle = NULL;

  if (since != NULL)
    /* Translators: the header bar's button; %s is a date */
    button = g_strdup_printf (_("Since %s"), since);
  else
    button = g_strdup (_("Since the Start"));
  gtk_label_set_label (self->since_label, button);

  /* Translators: the first and the last day listed */
  if (since != NULL)
    subtitle = g_strdup_printf (_("After %s to %s"), since, until);
  else
    subtitle = g_strdup_printf (_("From the start of the plan to %s"), until);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  /* Which board the period starts at: key date labels are long ("SEND
   * and Inclusion Board (illustrative date)"), too long for a subtitle */
  if (since != NULL && changes->since_label != NULL && self->since == NULL)
    {
      g_autofree char *intro = g_strdup_printf (_("Changes made after the last board, “%s” on %s."),
                                                changes->since_label, since);
      gtk_label_set_label (self->intro_label, intro);
    }
  else if (since != NULL)
    {
      g_autofree char *intro = g_strdup_printf (_("Changes made after %s."), since);
      gtk_label_set_label (self->intro_label, intro);
    }
  else
    gtk_label_set_label (self->intro_label,
                         _("The plan has had no board yet: every change is listed."));
  adw_window_title_set_title (self->window_title,
                              self->since == NULL && changes->since_label != NULL
                              ? _("Changes Since Last Board") : _("Changes Since…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->board_button), self->since != NULL);

  if (changes->since != NULL)
    {
      GDate date;

      if (wm_date_from_iso (changes->since, &date))
        {
          g_autoptr(GDateTime) day = g_date_time_new_local (g_date_get_year (&date),
                                                           g_date_get_month (&date),
                                                           g_date_get_day (&date), 12, 0, 0);
          self->selecting = TRUE;
          gtk_calendar_select_day (self->calendar, day);
          self->selecting = FALSE;
        }
    }
}

static char *
count_text (WmPlanChangeKind kind,
            guint            n)
{
  switch (kind)
    {
    case WM_PLAN_CHANGE_RATING:
      return g_strdup_printf (ngettext ("%u status update", "%u status updates", n), n);
    case WM_PLAN_CHANGE_DATE:
      return g_strdup_printf (ngettext ("%u date moved", "%u dates moved", n), n);
    case WM_PLAN_CHANGE_NEW_ACTION:
      return g_strdup_printf (ngettext ("%u action added", "%u actions added", n), n);
    case WM_PLAN_CHANGE_COMPLETED:
      return g_strdup_printf (ngettext ("%u action completed", "%u actions completed", n), n);
    case WM_PLAN_CHANGE_MILESTONE_MET:
      return g_strdup_printf (ngettext ("%u milestone met", "%u milestones met", n), n);
    case WM_PLAN_CHANGE_MILESTONE_MISSED:
      return g_strdup_printf (ngettext ("%u milestone missed", "%u milestones missed", n), n);
    case WM_PLAN_CHANGE_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
refresh (WmChangesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmPlanChanges) changes = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  clear_rows (self);
  if (self->store == NULL)
    return;

  changes = wm_plan_changes_query (self->store, self->since, NULL, &error);
  if (changes == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_pointer (&self->changes, wm_plan_changes_unref);
  self->changes = g_steal_pointer (&changes);
  show_period (self);

  for (guint kind = 0; kind < WM_PLAN_CHANGE_N_KINDS; kind++)
    {
      GPtrArray *entries = wm_plan_changes_get (self->changes, kind);
      g_autofree char *count = count_text (kind, entries->len);

      gtk_widget_set_visible (GTK_WIDGET (self->groups[kind]), entries->len > 0);
      adw_preferences_group_set_description (self->groups[kind], count);
      for (guint i = 0; i < entries->len; i++)
        {
          GtkWidget *row = row_for (entries->pdata[i]);

          adw_preferences_group_add (self->groups[kind], row);
          g_ptr_array_add (self->rows[kind], row);
        }
    }

  if (wm_plan_changes_count (self->changes) == 0)
    {
      g_autofree char *since = self->changes->since ? format_day (self->changes->since) : NULL;
      g_autofree char *description = NULL;

      if (since != NULL)
        description = g_strdup_printf (_("No rating, date, action or milestone changed after %s."),
                                       since);
      else
        description = g_strdup (_("No rating, date, action or milestone has changed yet."));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "changes");
}

static gboolean
refresh_idle (gpointer data)
{
  WmChangesWindow *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* The store emits once per changed row: one refresh for a whole commit */
static void
store_changed_cb (WmChangesWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle, self);
}

/* ---------- picking the day ---------- */

static void
calendar_day_selected_cb (WmChangesWindow *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *iso = NULL;

  if (self->selecting)
    return;
  day = gtk_calendar_get_date (self->calendar);
  iso = g_date_time_format (day, "%Y-%m-%d");
  gtk_popover_popdown (self->since_popover);
  wm_changes_window_set_since (self, iso);
}

static void
board_button_clicked_cb (WmChangesWindow *self)
{
  gtk_popover_popdown (self->since_popover);
  wm_changes_window_set_since (self, NULL);
}

/**
 * wm_changes_window_set_since:
 * @since_iso: (nullable): the last day left out; %NULL for the previous board
 */
void
wm_changes_window_set_since (WmChangesWindow *self,
                             const char      *since_iso)
{
  g_return_if_fail (WM_IS_CHANGES_WINDOW (self));

  if (since_iso != NULL && g_strcmp0 (since_iso, self->since) == 0)
    return;
  g_free (self->since);
  self->since = g_strdup (since_iso);
  refresh (self);
}

const char *
wm_changes_window_get_since (WmChangesWindow *self)
{
  g_return_val_if_fail (WM_IS_CHANGES_WINDOW (self), NULL);

  return self->changes ? self->changes->since : self->since;
}

/* ---------- life cycle ---------- */

static void
wm_changes_window_dispose (GObject *object)
{
  WmChangesWindow *self = WM_CHANGES_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->changes, wm_plan_changes_unref);

  G_OBJECT_CLASS (wm_changes_window_parent_class)->dispose (object);
}

static void
wm_changes_window_finalize (GObject *object)
{
  WmChangesWindow *self = WM_CHANGES_WINDOW (object);

  g_free (self->since);
  for (guint i = 0; i < WM_PLAN_CHANGE_N_KINDS; i++)
    g_ptr_array_unref (self->rows[i]);

  G_OBJECT_CLASS (wm_changes_window_parent_class)->finalize (object);
}

static void
wm_changes_window_class_init (WmChangesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_changes_window_dispose;
  object_class->finalize = wm_changes_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/waymark/Waymark/ui/wm-changes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, since_button);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, since_popover);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, since_label);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, calendar);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, board_button);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, intro_label);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WmChangesWindow, error_page);
  gtk_widget_class_bind_template_child_full (widget_class, "rating_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_RATING]));
  gtk_widget_class_bind_template_child_full (widget_class, "date_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_DATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "new_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_NEW_ACTION]));
  gtk_widget_class_bind_template_child_full (widget_class, "completed_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_COMPLETED]));
  gtk_widget_class_bind_template_child_full (widget_class, "met_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_MILESTONE_MET]));
  gtk_widget_class_bind_template_child_full (widget_class, "missed_group", FALSE,
                                             G_STRUCT_OFFSET (WmChangesWindow,
                                                              groups[WM_PLAN_CHANGE_MILESTONE_MISSED]));
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, board_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wm_changes_window_init (WmChangesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < WM_PLAN_CHANGE_N_KINDS; i++)
    self->rows[i] = g_ptr_array_new ();

  if (pill_provider == NULL)
    {
      pill_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      pill_provider = gtk_css_provider_new ();
      reload_pill_css ();
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (pill_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

GtkWidget *
wm_changes_window_new (GtkWindow *parent,
                       WmStore   *store)
{
  WmChangesWindow *self;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  self = g_object_new (WM_TYPE_CHANGES_WINDOW, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

/* ---------- the window's action ---------- */

static void
changes_since_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WmStore *store = wm_window_get_store (WM_WINDOW (widget));
  GtkWidget *window;

  if (store == NULL)
    {
      wm_window_toast (WM_WINDOW (widget), _("Open a plan to see what changed"));
      return;
    }
  window = wm_changes_window_new (GTK_WINDOW (widget), store);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * wm_changes_window_install:
 * @widget_class: WmWindow's class
 *
 * Installs win.changes-since, which opens the window on the window's plan.
 */
void
wm_changes_window_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.changes-since", NULL,
                                   changes_since_action);
}
