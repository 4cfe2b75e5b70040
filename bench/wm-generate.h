/* wm-generate.h: seeded synthetic plans for benchmarks, tests and screenshots
 *
 * Real plans have a dozen actions; Waymark must stay quick with thousands.
 * The generator fills an existing plan with priorities, actions, stages,
 * milestones, status updates and risks whose words come from SEND practice,
 * so that views and exports look like the real thing at any size.  Every
 * title starts "Synthetic: " and every row that has an `illustrative`
 * column says it was generated: nothing here may be mistaken for a real
 * partnership's plan.  The same seed and options give the same plan.
 */
#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint32     seed;                   /* same seed, same plan */
  guint       n_priorities;           /* at least 1 */
  guint       n_actions;
  guint       min_stages;             /* stages per action, inclusive range */
  guint       max_stages;
  guint       max_action_milestones;  /* 0 … this many per action, besides MS3/6/9/12 */
  guint       n_risks;
  guint       n_status_updates;       /* spread over the actions */
  const char *start_date;             /* ISO month 0 of the plan; NULL for the default */
} WmGenerateOptions;

void     wm_generate_options_init (WmGenerateOptions       *opts,
                                   guint                    n_actions);
gboolean wm_generate_plan         (WmStore                 *store,
                                   const WmGenerateOptions *opts,
                                   GError                 **error);

G_END_DECLS
