/* wm-conflict.h: one conflicting edit kept for a person to review
 *
 * When two laptops changed the same field of the same record without
 * having seen each other's change, the merge keeps the higher version
 * everywhere (so every copy agrees) and records the other value here, on
 * the laptop that noticed.  "Mine" is the value this database held before
 * the import that noticed, "theirs" the value the changes file brought.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WM_TYPE_CONFLICT (wm_conflict_get_type ())

typedef enum
{
  WM_CONFLICT_EDIT,        /* both sides edited the field */
  WM_CONFLICT_DELETE,      /* one side edited the field, the other deleted the record */
} WmConflictKind;

typedef enum
{
  WM_CONFLICT_KEEP_MINE,
  WM_CONFLICT_TAKE_THEIRS,
} WmConflictChoice;

typedef struct
{
  gint64          id;
  WmConflictKind  kind;
  char           *table;
  char           *record_id;
  char           *field;
  char           *record_label;     /* "action 2.1", "risk RR3" */
  char           *mine_value;       /* as text; NULL when empty or deleted */
  char           *theirs_value;
  gboolean        mine_deleted;     /* this side deleted the record */
  gboolean        theirs_deleted;
  char           *mine_site;        /* who wrote each value */
  char           *mine_site_name;
  gint64          mine_at;          /* when, Unix time; 0 when not known */
  char           *theirs_site;
  char           *theirs_site_name;
  gint64          theirs_at;
  gboolean        mine_kept;        /* which value the merge kept */
  char           *created_at;       /* when the conflict was noticed */
  char           *resolved_at;      /* NULL while open */
  char           *resolution;       /* "keep-mine" or "take-theirs" */
} WmConflict;

GType       wm_conflict_get_type (void) G_GNUC_CONST;
WmConflict *wm_conflict_copy     (const WmConflict *self);
void        wm_conflict_free     (WmConflict       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmConflict, wm_conflict_free)

G_END_DECLS
