/* wm-sample.h: the sample plan that ships with Waymark
 *
 * The Leicestershire local area Accelerated Progress Plan of March 2023,
 * transcribed from the published plan (data/sample/).  What the published
 * plan does not state (ratings, progress notes, owners) is marked
 * illustrative in the data itself.
 */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

gboolean wm_sample_load           (WmStore     *store,
                                   GError     **error);
gboolean wm_sample_load_from_data (WmStore     *store,
                                   const char  *data,
                                   gsize        length,
                                   GError     **error);

G_END_DECLS
