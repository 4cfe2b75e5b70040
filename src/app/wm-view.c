#define G_LOG_DOMAIN "wm-view"

#include "wm-view.h"

G_DEFINE_INTERFACE (WmView, wm_view, GTK_TYPE_WIDGET)

static void
wm_view_default_init (WmViewInterface *iface)
{
}

void
wm_view_set_store (WmView  *self,
                   WmStore *store)
{
  g_return_if_fail (WM_IS_VIEW (self));
  g_return_if_fail (store == NULL || WM_IS_STORE (store));

  WM_VIEW_GET_IFACE (self)->set_store (self, store);
}
