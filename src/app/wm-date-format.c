#define G_LOG_DOMAIN "wm-date-format"

#include "wm-date.h"
#include "wm-date-format.h"

/* Stored dates are ISO; shown ones follow the user's locale, which for our
 * users means day first.  Anything else is shown as it was written. */
char *
wm_date_format_short (const char *iso)
{
  GDate date;
  char buffer[64];

  if (iso == NULL)
    return NULL;
  if (!wm_date_from_iso (iso, &date))
    return g_strdup (iso);
  if (g_date_strftime (buffer, sizeof buffer, "%e %b %Y", &date) == 0)
    return g_strdup (iso);
  return g_strdup (g_strstrip (buffer));
}
