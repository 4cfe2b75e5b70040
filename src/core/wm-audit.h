/* wm-audit.h: QA audits of EHC plans, their templates and moderation
 *
 * An audit scores one EHC plan (or one piece of statutory advice) against
 * a template: domains (the plan's statutory sections A to K and the
 * threads that run through them) and a scale of levels (4 outstanding,
 * 3 good, 2 requires improvement, 1 inadequate, and N/A).  The auditor
 * scores first; a moderator then scores the same plan, blind to the
 * auditor's levels until they have scored every domain, and the two are
 * compared (wm-audit-stats.h).
 *
 * Templates are data.  Editing one saves a new version; an audit keeps the
 * version it was scored on, so an edit never changes the meaning of a
 * score already given.  The default templates have ids derived from the
 * plan's id, so that two laptops that each create them write the same
 * rows, and sync merges them without a conflict.
 *
 * An audit never holds a child's name: there is no field for a name or a
 * date of birth, and a case reference that looks like a name is refused.
 */
#pragma once

#include <glib-object.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* Audit types, as stored ("new-plan") */
#define WM_AUDIT_TYPE_NEW_PLAN     "new-plan"
#define WM_AUDIT_TYPE_AMENDED_PLAN "amended-plan"
#define WM_AUDIT_TYPE_ADVICE       "advice"
#define WM_AUDIT_TYPE_WARM         "warm"

/* A level not given yet */
#define WM_AUDIT_UNSCORED G_MININT

typedef enum
{
  WM_AUDIT_AUDITOR,
  WM_AUDIT_MODERATOR,
} WmAuditRole;

typedef struct
{
  char     *id;
  char     *code;          /* "B", "H1/H2", "GT" */
  char     *title;         /* "Special educational needs" */
  char     *description;   /* what good looks like */
  char     *category;      /* "section", "cross-cutting", "advice", "review" */
  gboolean  must_fix;      /* below the standard here, the plan is not issued */
} WmAuditDomain;

typedef struct
{
  char     *id;
  int       value;         /* 4, 3, 2, 1; N/A has its own value (0 by default) */
  char     *label;         /* "Good" */
  char     *colour;        /* "#rrggbb" */
  gboolean  is_na;         /* "not applicable": not a point on the scale */
  gboolean  meets_standard;
} WmAuditLevel;

typedef struct _WmAuditTemplate WmAuditTemplate;

struct _WmAuditTemplate
{
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public >*/
  char   *id;             /* NULL until saved */
  char   *family_id;      /* the id of version 1: all versions share it */
  char   *kind;           /* "ehc-plan", "amended-plan", "advice-health" … */
  char   *name;           /* "EHC plan" */
  char   *description;
  char   *audit_type;     /* the audit type it is meant for; nullable */
  int     version;
  int     standard_level; /* levels at or above this meet the standard */
  GArray *domains;        /* of WmAuditDomain, in order */
  GArray *levels;         /* of WmAuditLevel, highest value first, N/A last */
};

typedef struct
{
  char *domain_id;
  int   auditor_level;    /* or WM_AUDIT_UNSCORED */
  int   moderator_level;
  char *auditor_comment;
  char *moderator_comment;
} WmAuditScore;

typedef struct _WmAudit WmAudit;

struct _WmAudit
{
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public >*/
  char    *id;
  char    *template_id;
  char    *meeting_id;
  char    *case_ref;
  char    *audit_type;
  char    *plan_issue_date;   /* ISO dates, nullable */
  char    *audit_date;
  char    *meeting_date;      /* the meeting's, when it has one */
  char    *auditor;
  char    *moderator;
  char    *agency;
  char    *learning_points;
  char    *illustrative;
  int      overall_auditor;   /* or WM_AUDIT_UNSCORED */
  int      overall_moderator;
  gboolean blind;             /* moderation hides the auditor's levels */
  GArray  *scores;            /* of WmAuditScore, one per domain scored */
};

/* What wm_audit_create () takes; every field nullable but case_ref and
 * audit_type.  Dates may be written as people write them (31/10/2023). */
typedef struct
{
  const char *case_ref;
  const char *audit_type;
  const char *template_id;     /* NULL: the current template for the type */
  const char *meeting_id;
  const char *plan_issue_date;
  const char *audit_date;
  const char *auditor;
  const char *moderator;
  const char *agency;
  const char *learning_points;
  const char *illustrative;
} WmAuditFields;

typedef struct
{
  const char *from;          /* ISO dates, inclusive; nullable */
  const char *to;
  const char *meeting_id;
  const char *audit_type;
} WmAuditFilter;

#define WM_TYPE_AUDIT_TEMPLATE (wm_audit_template_get_type ())
#define WM_TYPE_AUDIT          (wm_audit_get_type ())

/* Audit types */
const char *const  *wm_audit_types                   (void);
const char         *wm_audit_type_label              (const char        *type);
const char         *wm_audit_type_parse              (const char        *text);

/* Case references */
gboolean            wm_audit_check_case_ref          (const char        *case_ref,
                                                      GError           **error);

/* Templates */
GType               wm_audit_template_get_type       (void) G_GNUC_CONST;
WmAuditTemplate    *wm_audit_template_ref            (WmAuditTemplate   *self);
void                wm_audit_template_unref          (WmAuditTemplate   *self);
WmAuditTemplate    *wm_audit_template_copy           (const WmAuditTemplate *self);
void                wm_audit_template_add_domain     (WmAuditTemplate   *self,
                                                      const char        *code,
                                                      const char        *title,
                                                      const char        *description,
                                                      const char        *category,
                                                      gboolean           must_fix);
void                wm_audit_template_add_level      (WmAuditTemplate   *self,
                                                      int                value,
                                                      const char        *label,
                                                      const char        *colour,
                                                      gboolean           is_na);
const WmAuditDomain *wm_audit_template_find_domain   (const WmAuditTemplate *self,
                                                      const char        *code_or_title);
const WmAuditDomain *wm_audit_template_get_domain    (const WmAuditTemplate *self,
                                                      const char        *domain_id);
const WmAuditLevel *wm_audit_template_get_level      (const WmAuditTemplate *self,
                                                      int                value);
const WmAuditLevel *wm_audit_template_parse_level    (const WmAuditTemplate *self,
                                                      const char        *text);
gboolean            wm_audit_template_is_na          (const WmAuditTemplate *self,
                                                      int                value);
gboolean            wm_audit_template_meets_standard (const WmAuditTemplate *self,
                                                      int                value);
char               *wm_audit_template_describe_scale (const WmAuditTemplate *self);
char               *wm_audit_domain_label            (const WmAuditDomain *domain);

gboolean            wm_audit_ensure_default_templates (WmStore          *store,
                                                      GError           **error);
GPtrArray          *wm_audit_list_templates          (WmStore           *store,
                                                      gboolean           current_only,
                                                      GError           **error);
WmAuditTemplate    *wm_audit_load_template           (WmStore           *store,
                                                      const char        *template_id,
                                                      GError           **error);
WmAuditTemplate    *wm_audit_current_template        (WmStore           *store,
                                                      const char        *kind_or_name,
                                                      GError           **error);
char               *wm_audit_default_template_kind   (const char        *audit_type,
                                                      const char        *agency);
char               *wm_audit_save_template_version   (WmStore           *store,
                                                      const WmAuditTemplate *edited,
                                                      GError           **error);

/* Audits */
GType               wm_audit_get_type                (void) G_GNUC_CONST;
WmAudit            *wm_audit_ref                     (WmAudit           *self);
void                wm_audit_unref                   (WmAudit           *self);
const WmAuditScore *wm_audit_get_score               (const WmAudit     *self,
                                                      const char        *domain_id);
gboolean            wm_audit_is_moderated            (const WmAudit     *self,
                                                      const WmAuditTemplate *tmpl);
gboolean            wm_audit_is_revealed             (const WmAudit     *self,
                                                      const WmAuditTemplate *tmpl);
int                 wm_audit_agreed_level            (const WmAudit     *self,
                                                      const char        *domain_id);
int                 wm_audit_meets_standard          (const WmAudit     *self,
                                                      const WmAuditTemplate *tmpl);
GPtrArray          *wm_audit_must_fix                (const WmAudit     *self,
                                                      const WmAuditTemplate *tmpl);

char               *wm_audit_create                  (WmStore           *store,
                                                      const WmAuditFields *fields,
                                                      GError           **error);
gboolean            wm_audit_set_field               (WmStore           *store,
                                                      const char        *audit_id,
                                                      const char        *field,
                                                      const char        *value,
                                                      GError           **error);
gboolean            wm_audit_set_level               (WmStore           *store,
                                                      const char        *audit_id,
                                                      const char        *domain_id,
                                                      WmAuditRole        role,
                                                      int                level,
                                                      GError           **error);
gboolean            wm_audit_set_comment             (WmStore           *store,
                                                      const char        *audit_id,
                                                      const char        *domain_id,
                                                      WmAuditRole        role,
                                                      const char        *comment,
                                                      GError           **error);
gboolean            wm_audit_delete                  (WmStore           *store,
                                                      const char        *audit_id,
                                                      GError           **error);
WmAudit            *wm_audit_load                    (WmStore           *store,
                                                      const char        *audit_id,
                                                      GError           **error);
GPtrArray          *wm_audit_list                    (WmStore           *store,
                                                      const WmAuditFilter *filter,
                                                      GError           **error);
WmAudit            *wm_audit_find                    (WmStore           *store,
                                                      const char        *case_ref,
                                                      const char        *audit_type,
                                                      const char        *audit_date,
                                                      GError           **error);

/* Moderation meetings (rows of moderation_meeting) */
char               *wm_audit_create_meeting          (WmStore           *store,
                                                      const char        *date,
                                                      const char        *title,
                                                      const char        *attendees,
                                                      GError           **error);
gboolean            wm_audit_update_meeting          (WmStore           *store,
                                                      const char        *meeting_id,
                                                      const char        *field,
                                                      const char        *value,
                                                      GError           **error);
GPtrArray          *wm_audit_list_meetings           (WmStore           *store,
                                                      GError           **error);
WmRecord           *wm_audit_find_meeting            (WmStore           *store,
                                                      const char        *date,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmAuditTemplate, wm_audit_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmAudit, wm_audit_unref)

G_END_DECLS
