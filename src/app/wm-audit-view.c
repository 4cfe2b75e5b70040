#define G_LOG_DOMAIN "wm-audit-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wm-audit-view.h"
#include "wm-date-format.h"
#include "wm-view.h"

/* Until the moderation-meeting view exists, this view shows the audits
 * recorded in the plan and what the plan commits to on auditing, taken
 * from its actions' impact measures, so that an auditor opening the plan
 * sees the standard they are working to. */
struct _WmAuditView
{
  GtkWidget            parent_instance;

  WmStore             *store;

  GtkWidget           *scrolled;
  AdwPreferencesGroup *audits_group;
  AdwPreferencesGroup *commitments_group;
  GPtrArray           *rows;   /* rows we added, to remove on reload */
};

static void wm_audit_view_iface_init (WmViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmAuditView, wm_audit_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WM_TYPE_VIEW, wm_audit_view_iface_init))

static void
add_row (WmAuditView         *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static gboolean
is_audit_commitment (const char *line)
{
  g_autofree char *lower = g_utf8_strdown (line, -1);

  return strstr (lower, "audit") != NULL || strstr (lower, "qa domain") != NULL
         || strstr (lower, "moderat") != NULL;
}

static void
reload (WmAuditView *self)
{
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  if (self->store == NULL)
    return;

  audits = wm_store_list (self->store, "audit", NULL, NULL, NULL);
  for (guint i = 0; audits && i < audits->len; i++)
    {
      WmRecord *audit = audits->pdata[i];
      g_autofree char *date = wm_date_format_short (wm_record_get (audit, "audit_date"));
      g_autofree char *subtitle = g_strdup_printf (_("%s · audited %s by %s, moderated by %s"),
                                                   wm_record_get_nonnull (audit, "audit_type"),
                                                   date ? date : "—",
                                                   wm_record_get_nonnull (audit, "auditor"),
                                                   wm_record_get_nonnull (audit, "moderator"));
      add_row (self, self->audits_group, wm_record_get (audit, "case_ref"), subtitle);
    }
  if (audits == NULL || audits->len == 0)
    add_row (self, self->audits_group, _("No audits recorded yet"),
             _("Audits scored at moderation meetings will be listed here."));

  actions = wm_store_list_actions (self->store, NULL, NULL);
  for (guint i = 0; actions && i < actions->len; i++)
    {
      WmRecord *action = actions->pdata[i];
      g_auto(GStrv) lines = g_strsplit (wm_record_get_nonnull (action, "impact"), "\n", -1);

      for (guint j = 0; lines[j]; j++)
        {
          g_autofree char *subtitle = NULL;

          /* the same measure is repeated under several actions: list it once */
          if (!is_audit_commitment (lines[j]) || g_hash_table_contains (seen, lines[j]))
            continue;
          g_hash_table_add (seen, g_strdup (lines[j]));
          subtitle = g_strdup_printf (_("Impact measure of action %s"),
                                      wm_record_get (action, "code"));
          add_row (self, self->commitments_group, lines[j], subtitle);
        }
    }
}

static void
store_changed_cb (WmAuditView *self,
                  const char  *table,
                  const char  *id,
                  WmStore     *store)
{
  static const char *const tables[] = { "audit", "action", NULL };

  if (table == NULL || g_strv_contains (tables, table))
    reload (self);
}

static void
wm_audit_view_set_store (WmView  *view,
                         WmStore *store)
{
  WmAuditView *self = WM_AUDIT_VIEW (view);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  reload (self);
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
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_audit_view_parent_class)->dispose (object);
}

static void
wm_audit_view_class_init (WmAuditViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wm_audit_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
wm_audit_view_init (WmAuditView *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  self->rows = g_ptr_array_new ();
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);

  self->audits_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->audits_group, _("EHC Plan Audits"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->audits_group));

  self->commitments_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->commitments_group, _("What the Plan Commits To"));
  adw_preferences_group_set_description (self->commitments_group,
                                         _("The plan's impact measures for quality assurance "
                                           "and audit"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->commitments_group));
}
