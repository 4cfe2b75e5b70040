/* wm-view.h: what the window asks of each of its views
 *
 * Plan, Risks, Audits and KPIs each show one part of the store.  The
 * window hands them the store when a plan is opened (or NULL when it is
 * closed); each view listens to WmStore::changed itself.
 */
#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_VIEW (wm_view_get_type ())

G_DECLARE_INTERFACE (WmView, wm_view, WM, VIEW, GtkWidget)

struct _WmViewInterface
{
  GTypeInterface parent_iface;

  void (*set_store) (WmView  *self,
                     WmStore *store);
};

void wm_view_set_store (WmView  *self,
                        WmStore *store);

G_END_DECLS
