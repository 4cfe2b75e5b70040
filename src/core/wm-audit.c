#define G_LOG_DOMAIN "wm-audit"

#include "wm-audit.h"
#include "wm-audit-private.h"
#include "wm-date.h"
#include "wm-error.h"
#include "wm-store-private.h"

#include <string.h>

/* ---------- audit types ---------- */

static const struct
{
  const char *code;
  const char *label;
  const char *synonyms;   /* lower case, '|' between */
} audit_types[] = {
  { WM_AUDIT_TYPE_NEW_PLAN, "New EHC plan",
    "new|new plan|new ehc plan|new ehcp|new issue|new issue ehc plan|final ehc plan|ehc plan|ehcp" },
  { WM_AUDIT_TYPE_AMENDED_PLAN, "Amended plan after annual review",
    "amended|amended plan|amended ehc plan|annual review|amended plan after annual review|"
    "annual review update" },
  { WM_AUDIT_TYPE_ADVICE, "Statutory advice",
    "advice|statutory advice|professional advice|ehc needs assessment advice" },
  { WM_AUDIT_TYPE_WARM, "Warm audit (in depth)",
    "warm|warm audit|in depth|in-depth|deep dive|deep-dive|case study|warm audit (in depth)" },
};

const char *const *
wm_audit_types (void)
{
  static const char *const codes[] = {
    WM_AUDIT_TYPE_NEW_PLAN, WM_AUDIT_TYPE_AMENDED_PLAN, WM_AUDIT_TYPE_ADVICE,
    WM_AUDIT_TYPE_WARM, NULL,
  };
  return codes;
}

const char *
wm_audit_type_label (const char *type)
{
  for (guint i = 0; type && i < G_N_ELEMENTS (audit_types); i++)
    if (g_str_equal (audit_types[i].code, type))
      return audit_types[i].label;
  return type;
}

/* The stored code for what people write in a spreadsheet: the code, the
 * label, or a usual name ("annual review", "deep dive"); NULL when none. */
const char *
wm_audit_type_parse (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return NULL;
  lower = g_utf8_strdown (text, -1);
  g_strstrip (lower);
  for (guint i = 0; i < G_N_ELEMENTS (audit_types); i++)
    {
      g_autofree char *label = g_utf8_strdown (audit_types[i].label, -1);
      g_auto(GStrv) synonyms = g_strsplit (audit_types[i].synonyms, "|", -1);

      if (g_str_equal (lower, audit_types[i].code) || g_str_equal (lower, label)
          || g_strv_contains ((const char *const *) synonyms, lower))
        return audit_types[i].code;
    }
  return NULL;
}

/* ---------- case references ---------- */

/* A capitalised word: "Jane", "O'Neil", "McDonald", "Smith-Jones", or an
 * initial ("J", "J.").  All capitals ("EHCP") is a code, not a name. */
#define NAME_WORD "\\p{Lu}\\p{Ll}*(?:['’-]?\\p{Lu}?\\p{Ll}+)*\\.?"

gboolean
wm_audit_check_case_ref (const char  *case_ref,
                         GError     **error)
{
  static GRegex *name_regex;
  g_autofree char *trimmed = NULL;

  if (g_once_init_enter (&name_regex))
    g_once_init_leave (&name_regex,
                       g_regex_new ("^" NAME_WORD "(?:\\s+" NAME_WORD ")+$",
                                    G_REGEX_OPTIMIZE, 0, NULL));

  trimmed = g_strstrip (g_strdup (case_ref ? case_ref : ""));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The case reference is empty: give the reference from the case "
                   "management system (such as EHC-2023-0142).");
      return FALSE;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The case reference is not valid text.");
      return FALSE;
    }
  if (g_regex_match (name_regex, trimmed, 0, NULL))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Case reference “%s” looks like a person's name. Use the case reference "
                   "from the case management system (such as EHC-2023-0142), never a child's "
                   "name: audits are shared with other agencies and other laptops.", trimmed);
      return FALSE;
    }
  return TRUE;
}

/* ---------- ids ---------- */

/* A UUID derived from the plan and a key (a name-based UUID, version 5
 * layout), so that every laptop that creates a default template, or a
 * score for the same audit and domain, writes the same row. */
static char *
derived_id (const char *namespace_id,
            const char *key)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) namespace_id, -1);
  g_checksum_update (sum, (const guchar *) "/", 1);
  g_checksum_update (sum, (const guchar *) key, -1);
  g_checksum_get_digest (sum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static char *
score_id (const char *audit_id,
          const char *domain_id)
{
  return derived_id (audit_id, domain_id);
}

/* ---------- templates ---------- */

static void
domain_clear (gpointer data)
{
  WmAuditDomain *domain = data;

  g_free (domain->id);
  g_free (domain->code);
  g_free (domain->title);
  g_free (domain->description);
  g_free (domain->category);
}

static void
level_clear (gpointer data)
{
  WmAuditLevel *level = data;

  g_free (level->id);
  g_free (level->label);
  g_free (level->colour);
}

static WmAuditTemplate *
template_new (void)
{
  WmAuditTemplate *self = g_new0 (WmAuditTemplate, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->version = 1;
  self->standard_level = 2;
  self->domains = g_array_new (FALSE, TRUE, sizeof (WmAuditDomain));
  g_array_set_clear_func (self->domains, domain_clear);
  self->levels = g_array_new (FALSE, TRUE, sizeof (WmAuditLevel));
  g_array_set_clear_func (self->levels, level_clear);
  return self;
}

WmAuditTemplate *
wm_audit_template_ref (WmAuditTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wm_audit_template_unref (WmAuditTemplate *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->family_id);
  g_free (self->kind);
  g_free (self->name);
  g_free (self->description);
  g_free (self->audit_type);
  g_array_unref (self->domains);
  g_array_unref (self->levels);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WmAuditTemplate, wm_audit_template, wm_audit_template_ref,
                     wm_audit_template_unref)

/* A copy to edit: it keeps the family but has no id, so that saving it
 * makes a new version. */
WmAuditTemplate *
wm_audit_template_copy (const WmAuditTemplate *self)
{
  WmAuditTemplate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = template_new ();
  copy->family_id = g_strdup (self->family_id ? self->family_id : self->id);
  copy->kind = g_strdup (self->kind);
  copy->name = g_strdup (self->name);
  copy->description = g_strdup (self->description);
  copy->audit_type = g_strdup (self->audit_type);
  copy->version = self->version;
  copy->standard_level = self->standard_level;
  for (guint i = 0; i < self->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (self->domains, WmAuditDomain, i);
      wm_audit_template_add_domain (copy, d->code, d->title, d->description, d->category,
                                    d->must_fix);
    }
  for (guint i = 0; i < self->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (self->levels, WmAuditLevel, i);
      wm_audit_template_add_level (copy, l->value, l->label, l->colour, l->is_na);
    }
  return copy;
}

void
wm_audit_template_add_domain (WmAuditTemplate *self,
                              const char      *code,
                              const char      *title,
                              const char      *description,
                              const char      *category,
                              gboolean         must_fix)
{
  WmAuditDomain domain = {
    NULL, g_strdup (code), g_strdup (title), g_strdup (description), g_strdup (category),
    must_fix,
  };

  g_return_if_fail (self != NULL);
  g_array_append_val (self->domains, domain);
}

static int
compare_levels (gconstpointer a,
                gconstpointer b)
{
  const WmAuditLevel *x = a, *y = b;

  /* highest first, N/A last: the order of the scoring grid's choices */
  if (x->is_na != y->is_na)
    return x->is_na ? 1 : -1;
  return (y->value > x->value) - (y->value < x->value);
}

void
wm_audit_template_add_level (WmAuditTemplate *self,
                             int              value,
                             const char      *label,
                             const char      *colour,
                             gboolean         is_na)
{
  WmAuditLevel level = {
    NULL, value, g_strdup (label), g_strdup (colour ? colour : "#888888"), is_na, FALSE,
  };

  g_return_if_fail (self != NULL);
  level.meets_standard = !is_na && value >= self->standard_level;
  g_array_append_val (self->levels, level);
  g_array_sort (self->levels, compare_levels);
}

char *
wm_audit_domain_label (const WmAuditDomain *domain)
{
  g_return_val_if_fail (domain != NULL, NULL);
  if (domain->code == NULL || domain->code[0] == '\0')
    return g_strdup (domain->title);
  return g_strdup_printf ("%s %s", domain->code, domain->title ? domain->title : "");
}

const WmAuditDomain *
wm_audit_template_get_domain (const WmAuditTemplate *self,
                              const char            *domain_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; domain_id && i < self->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (self->domains, WmAuditDomain, i);
      if (g_strcmp0 (d->id, domain_id) == 0)
        return d;
    }
  return NULL;
}

/* "B", "b", "Special educational needs", "B Special educational needs",
 * "Section B": what a spreadsheet column of domains may hold. */
const WmAuditDomain *
wm_audit_template_find_domain (const WmAuditTemplate *self,
                               const char            *code_or_title)
{
  g_autofree char *wanted = NULL;
  const char *bare;

  g_return_val_if_fail (self != NULL, NULL);
  if (code_or_title == NULL)
    return NULL;
  wanted = g_utf8_casefold (code_or_title, -1);
  g_strstrip (wanted);
  bare = g_str_has_prefix (wanted, "section ") ? wanted + strlen ("section ") : wanted;

  for (guint i = 0; i < self->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (self->domains, WmAuditDomain, i);
      g_autofree char *code = g_utf8_casefold (d->code ? d->code : "", -1);
      g_autofree char *title = g_utf8_casefold (d->title ? d->title : "", -1);
      g_autofree char *both = g_strdup_printf ("%s %s", code, title);

      if (g_str_equal (bare, code) || g_str_equal (wanted, title) || g_str_equal (wanted, both))
        return d;
    }
  return NULL;
}

const WmAuditLevel *
wm_audit_template_get_level (const WmAuditTemplate *self,
                             int                    value)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (self->levels, WmAuditLevel, i);
      if (l->value == value)
        return l;
    }
  return NULL;
}

/* "3", "Good", "3 Good", "3 - Good", "N/A", "NA", "n/a", "not applicable". */
const WmAuditLevel *
wm_audit_template_parse_level (const WmAuditTemplate *self,
                               const char            *text)
{
  g_autofree char *wanted = NULL;
  char *end = NULL;
  gint64 number;

  g_return_val_if_fail (self != NULL, NULL);
  if (text == NULL)
    return NULL;
  wanted = g_utf8_casefold (text, -1);
  g_strstrip (wanted);
  if (wanted[0] == '\0')
    return NULL;

  for (guint i = 0; i < self->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (self->levels, WmAuditLevel, i);
      g_autofree char *label = g_utf8_casefold (l->label ? l->label : "", -1);

      if (g_str_equal (wanted, label))
        return l;
      if (l->is_na && (g_str_equal (wanted, "n/a") || g_str_equal (wanted, "na")
                       || g_str_equal (wanted, "not applicable") || g_str_equal (wanted, "n.a.")))
        return l;
    }

  number = g_ascii_strtoll (wanted, &end, 10);
  if (end == wanted || number < G_MININT + 1 || number > G_MAXINT)
    return NULL;
  while (*end == ' ' || *end == '-' || *end == ':' || *end == '.')
    end++;
  {
    const WmAuditLevel *l = wm_audit_template_get_level (self, (int) number);
    g_autofree char *label = NULL;

    /* "3 Good" must name the level it numbers: "3 Inadequate" is a typo,
     * and a guess either way would be a score nobody gave. */
    if (l == NULL || *end == '\0')
      return l;
    label = g_utf8_casefold (l->label ? l->label : "", -1);
    return g_str_equal (end, label) ? l : NULL;
  }
}

gboolean
wm_audit_template_is_na (const WmAuditTemplate *self,
                         int                    value)
{
  const WmAuditLevel *l = wm_audit_template_get_level (self, value);
  return l != NULL && l->is_na;
}

gboolean
wm_audit_template_meets_standard (const WmAuditTemplate *self,
                                  int                    value)
{
  const WmAuditLevel *l = wm_audit_template_get_level (self, value);
  return l != NULL && !l->is_na && value >= self->standard_level;
}

/* "4 Outstanding, 3 Good, 2 Requires improvement, 1 Inadequate or N/A" */
char *
wm_audit_template_describe_scale (const WmAuditTemplate *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (self->levels, WmAuditLevel, i);

      if (i > 0)
        g_string_append (text, i + 1 == self->levels->len ? " or " : ", ");
      if (l->is_na)
        g_string_append (text, "N/A");
      else
        g_string_append_printf (text, "%d %s", l->value, l->label);
    }
  return g_string_free (text, FALSE);
}

/* ---------- the default templates ---------- */

typedef struct
{
  const char *code;
  const char *title;
  const char *description;
  const char *category;
  gboolean    must_fix;
} DomainDef;

#define END_DOMAINS { NULL, NULL, NULL, NULL, FALSE }

/* The statutory sections of an EHC plan (SEND Code of Practice 2015,
 * 9.62), with what an auditor looks for in each. */
#define EHC_SECTIONS \
  { "A", "Views, interests and aspirations", \
    "The child's or young person's views, interests and aspirations, and their " \
    "parents', in their own words; a clear, current picture of the person.", "section", FALSE }, \
  { "B", "Special educational needs", \
    "Every need identified in the advice is described, specific and current: communication " \
    "and interaction, cognition and learning, social, emotional and mental health, sensory " \
    "and physical.", "section", TRUE }, \
  { "C", "Health needs", \
    "Health needs that relate to the special educational needs, taken from the health " \
    "advice.", "section", FALSE }, \
  { "D", "Social care needs", \
    "Social care needs that relate to the special educational needs or disability, taken " \
    "from the social care advice.", "section", FALSE }, \
  { "E", "Outcomes", \
    "Outcomes are specific, measurable and stretching, follow from the needs in B, C and " \
    "D, and look towards adulthood from year 9.", "section", TRUE }, \
  { "F", "Special educational provision", \
    "Provision is specified and quantified (who, what, how often, for how long) and meets " \
    "each need in B.", "section", TRUE }, \
  { "G", "Health provision", \
    "Health provision reasonably required by the learning difficulties or disabilities, " \
    "specified.", "section", FALSE }, \
  { "H1/H2", "Social care provision", \
    "H1: provision under section 2 of the Chronically Sick and Disabled Persons Act 1970; " \
    "H2: other social care provision, specified.", "section", FALSE }, \
  { "I", "Placement", \
    "The type and name of the school or other institution (left blank in a draft).", \
    "section", FALSE }, \
  { "J", "Personal budget", \
    "Any personal budget, the provision it secures and how it will be used.", "section", \
    FALSE }, \
  { "K", "Advice and information", \
    "Every piece of advice and information gathered is listed and attached.", "section", \
    FALSE }, \
  { "GT", "Golden thread", \
    "A clear line from each need to an outcome to the provision that will achieve it.", \
    "cross-cutting", FALSE }, \
  { "PCL", "Person-centred language", \
    "Accessible, person-centred language, free of jargon, that the family and young person " \
    "recognise.", "cross-cutting", FALSE }

static const DomainDef ehc_plan_domains[] = {
  EHC_SECTIONS,
  { "PC", "Process compliance",
    "Advice returned within 6 weeks; the final plan issued within 20 weeks of the request "
    "for assessment.", "cross-cutting", FALSE },
  END_DOMAINS,
};

static const DomainDef amended_plan_domains[] = {
  EHC_SECTIONS,
  { "PC", "Process compliance",
    "Annual review held within 12 months; the decision sent within 4 weeks of the review "
    "meeting; the amended plan issued within the statutory timescales.", "cross-cutting",
    FALSE },
  { "AR", "Annual review paperwork",
    "The review's paperwork records progress towards the outcomes, updated advice and the "
    "changes agreed, and the amended plan reflects them.", "review", FALSE },
  END_DOMAINS,
};

static const DomainDef advice_domains[] = {
  { "T", "Returned within 6 weeks",
    "The advice was returned within 6 weeks of the request.", "advice", FALSE },
  { "X", "Within the author's expertise",
    "The advice stays within the author's professional expertise.", "advice", FALSE },
  { "N", "Describes needs",
    "Needs are described clearly and specifically, with their impact on learning.", "advice",
    TRUE },
  { "O", "Proposes outcomes",
    "Outcomes are proposed that follow from the needs.", "advice", FALSE },
  { "P", "Provision specified and quantified",
    "The provision needed is specified and quantified.", "advice", TRUE },
  { "L", "Free of jargon",
    "Written so that the family and young person can understand it.", "advice", FALSE },
  END_DOMAINS,
};

static const struct
{
  const char      *kind;
  const char      *name;
  const char      *audit_type;
  const char      *description;
  const DomainDef *domains;
} default_templates[] = {
  { "ehc-plan", "EHC plan", WM_AUDIT_TYPE_NEW_PLAN,
    "New EHC plans, against the statutory sections A to K and the threads that run "
    "through them.", ehc_plan_domains },
  { "amended-plan", "Amended plan after annual review", WM_AUDIT_TYPE_AMENDED_PLAN,
    "EHC plans amended after an annual review, and the review's paperwork.",
    amended_plan_domains },
  { "advice-education", "Education advice", WM_AUDIT_TYPE_ADVICE,
    "Statutory advice for an EHC needs assessment from education.", advice_domains },
  { "advice-ep", "Educational psychology advice", WM_AUDIT_TYPE_ADVICE,
    "Statutory advice for an EHC needs assessment from an educational psychologist.",
    advice_domains },
  { "advice-health", "Health advice", WM_AUDIT_TYPE_ADVICE,
    "Statutory advice for an EHC needs assessment from health.", advice_domains },
  { "advice-social-care", "Social care advice", WM_AUDIT_TYPE_ADVICE,
    "Statutory advice for an EHC needs assessment from social care.", advice_domains },
};

/* Ofsted's words, as councils grade their plans. */
static const struct
{
  int         value;
  const char *label;
  const char *colour;
  gboolean    is_na;
} default_levels[] = {
  { 4, "Outstanding", "#1b7a3d", FALSE },
  { 3, "Good", "#7cb342", FALSE },
  { 2, "Requires improvement", "#f0a30a", FALSE },
  { 1, "Inadequate", "#c62828", FALSE },
  { 0, "Not applicable", "#8a8a8a", TRUE },
};

static WmAuditTemplate *
default_template (guint index)
{
  WmAuditTemplate *self = template_new ();

  self->kind = g_strdup (default_templates[index].kind);
  self->name = g_strdup (default_templates[index].name);
  self->description = g_strdup (default_templates[index].description);
  self->audit_type = g_strdup (default_templates[index].audit_type);
  for (const DomainDef *d = default_templates[index].domains; d->code; d++)
    wm_audit_template_add_domain (self, d->code, d->title, d->description, d->category,
                                  d->must_fix);
  for (guint i = 0; i < G_N_ELEMENTS (default_levels); i++)
    wm_audit_template_add_level (self, default_levels[i].value, default_levels[i].label,
                                 default_levels[i].colour, default_levels[i].is_na);
  return self;
}

/* Writes @tmpl as a new row with its domains and levels.  @ids_from, when
 * given, derives every id from it (the default templates); else they are
 * random. */
static char *
insert_template (WmStore               *store,
                 const char            *plan_id,
                 const WmAuditTemplate *tmpl,
                 const char            *ids_from,
                 GError               **error)
{
  g_autofree char *id = ids_from ? derived_id (plan_id, ids_from) : g_uuid_string_random ();
  g_autofree char *version = g_strdup_printf ("%d", tmpl->version);
  g_autofree char *standard = g_strdup_printf ("%d", tmpl->standard_level);
  g_autofree char *now = wm_now_iso ();
  g_autofree char *inserted = NULL;
  const char *family = tmpl->family_id ? tmpl->family_id : id;

  if (!wm_store_begin (store, error))
    return NULL;
  inserted = wm_store_insert (store, "audit_template", error,
                              "id", id, "family_id", family, "plan_id", plan_id,
                              "name", tmpl->name ? tmpl->name : "", "kind", tmpl->kind,
                              "description", tmpl->description, "audit_type", tmpl->audit_type,
                              "version", version, "standard_level", standard,
                              "created_at", ids_from ? NULL : now,
                              NULL);
  if (inserted == NULL)
    goto fail;
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (tmpl->domains, WmAuditDomain, i);
      g_autofree char *key = ids_from ? g_strdup_printf ("%s/domain/%s", ids_from, d->code) : NULL;
      g_autofree char *domain_id = key ? derived_id (plan_id, key) : g_uuid_string_random ();
      g_autofree char *order = g_strdup_printf ("%u", i);
      g_autofree char *row = wm_store_insert (store, "audit_domain", error,
                                              "id", domain_id, "template_id", id,
                                              "code", d->code ? d->code : "",
                                              "title", d->title ? d->title : "",
                                              "description", d->description,
                                              "category", d->category,
                                              "must_fix", d->must_fix ? "1" : "0",
                                              "sort_order", order, NULL);
      if (row == NULL)
        goto fail;
    }
  for (guint i = 0; i < tmpl->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (tmpl->levels, WmAuditLevel, i);
      g_autofree char *key = ids_from ? g_strdup_printf ("%s/level/%d", ids_from, l->value) : NULL;
      g_autofree char *level_id = key ? derived_id (plan_id, key) : g_uuid_string_random ();
      g_autofree char *value = g_strdup_printf ("%d", l->value);
      gboolean meets = !l->is_na && l->value >= tmpl->standard_level;
      g_autofree char *row = wm_store_insert (store, "audit_level", error,
                                              "id", level_id, "template_id", id,
                                              "value", value, "label", l->label ? l->label : "",
                                              "colour", l->colour,
                                              "meets_standard", meets ? "1" : "0",
                                              "is_na", l->is_na ? "1" : "0", NULL);
      if (row == NULL)
        goto fail;
    }
  if (!wm_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&id);

fail:
  wm_store_rollback (store);
  return NULL;
}

static char *
plan_id (WmStore  *store,
         GError  **error)
{
  g_autoptr(WmRecord) plan = wm_store_get_plan (store, error);

  return plan ? g_strdup (wm_record_get_id (plan)) : NULL;
}

static gboolean
row_exists (WmStore    *store,
            const char *table,
            const char *id)
{
  g_autoptr(WmRecord) record = wm_store_get (store, table, id, NULL);
  return record != NULL;
}

/**
 * wm_audit_ensure_default_templates:
 *
 * Creates the default templates (EHC plan, amended plan after annual
 * review, and statutory advice from education, educational psychology,
 * health and social care) that the plan does not have yet.  Their ids are
 * derived from the plan's, so that two laptops that each create them
 * write the same rows.  Does nothing when there is no plan.
 */
gboolean
wm_audit_ensure_default_templates (WmStore  *store,
                                   GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *plan = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  plan = plan_id (store, &local_error);
  if (plan == NULL)
    {
      if (g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!wm_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (default_templates); i++)
    {
      g_autofree char *key = g_strdup_printf ("audit-template/%s/1", default_templates[i].kind);
      g_autofree char *id = derived_id (plan, key);
      g_autoptr(WmAuditTemplate) tmpl = NULL;
      g_autofree char *inserted = NULL;

      if (row_exists (store, "audit_template", id))
        continue;
      tmpl = default_template (i);
      inserted = insert_template (store, plan, tmpl, key, error);
      if (inserted == NULL)
        {
          wm_store_rollback (store);
          return FALSE;
        }
    }
  return wm_store_commit (store, error);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? g_strdup ((const char *) text) : NULL;
}

static int
column_level (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return WM_AUDIT_UNSCORED;
  return sqlite3_column_int (stmt, column);
}

WmAuditTemplate *
wm_audit_load_template (WmStore     *store,
                        const char  *template_id,
                        GError     **error)
{
  g_autoptr(WmAuditTemplate) self = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           "SELECT id, coalesce(family_id, id), kind, name, description, "
                           "audit_type, version, standard_level FROM audit_template WHERE id = ?",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        wm_store_set_sqlite_error (store, error, rc, "read an audit template");
      else
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     "There is no audit template with id “%s”.", template_id ? template_id : "");
      return NULL;
    }
  self = template_new ();
  self->id = column_dup (stmt, 0);
  self->family_id = column_dup (stmt, 1);
  self->kind = column_dup (stmt, 2);
  self->name = column_dup (stmt, 3);
  self->description = column_dup (stmt, 4);
  self->audit_type = column_dup (stmt, 5);
  self->version = sqlite3_column_int (stmt, 6);
  self->standard_level = sqlite3_column_int (stmt, 7);
  sqlite3_reset (stmt);

  stmt = wm_store_prepare (store,
                           "SELECT id, code, title, description, category, must_fix "
                           "FROM audit_domain WHERE template_id = ? ORDER BY sort_order, rowid",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmAuditDomain d = {
        column_dup (stmt, 0), column_dup (stmt, 1), column_dup (stmt, 2), column_dup (stmt, 3),
        column_dup (stmt, 4), sqlite3_column_int (stmt, 5) != 0,
      };
      g_array_append_val (self->domains, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read an audit template's domains");
      return NULL;
    }

  stmt = wm_store_prepare (store,
                           "SELECT id, value, label, colour, is_na FROM audit_level "
                           "WHERE template_id = ? AND value IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmAuditLevel l = {
        column_dup (stmt, 0), sqlite3_column_int (stmt, 1), column_dup (stmt, 2),
        column_dup (stmt, 3), sqlite3_column_int (stmt, 4) != 0, FALSE,
      };
      if (l.colour == NULL)
        l.colour = g_strdup ("#888888");
      /* the template's threshold decides, so that the two never disagree */
      l.meets_standard = !l.is_na && l.value >= self->standard_level;
      /* a level arriving twice from a broken sync is shown once */
      if (wm_audit_template_get_level (self, l.value) != NULL)
        {
          level_clear (&l);
          continue;
        }
      g_array_append_val (self->levels, l);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read an audit template's levels");
      return NULL;
    }
  g_array_sort (self->levels, compare_levels);
  return g_steal_pointer (&self);
}

static int
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  const WmAuditTemplate *x = *(WmAuditTemplate *const *) a;
  const WmAuditTemplate *y = *(WmAuditTemplate *const *) b;
  int by_name = g_utf8_collate (x->name ? x->name : "", y->name ? y->name : "");

  if (by_name != 0)
    return by_name;
  if (x->version != y->version)
    return x->version - y->version;
  return g_strcmp0 (x->id, y->id);
}

/* Every template, or only each family's current (highest) version; by
 * name, then version.  Two laptops that each edit version 1 both save a
 * version 2: the one with the lower id is taken as current, on every
 * laptop alike. */
GPtrArray *
wm_audit_list_templates (WmStore   *store,
                         gboolean   current_only,
                         GError   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_audit_template_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           current_only
                           ? "SELECT t.id FROM audit_template t WHERE NOT EXISTS ("
                             "SELECT 1 FROM audit_template o WHERE coalesce(o.family_id, o.id) = "
                             "coalesce(t.family_id, t.id) AND (o.version > t.version OR "
                             "(o.version = t.version AND o.id < t.id)))"
                           : "SELECT id FROM audit_template",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "list the audit templates");
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      WmAuditTemplate *tmpl = wm_audit_load_template (store, ids->pdata[i], error);
      if (tmpl == NULL)
        return NULL;
      g_ptr_array_add (result, tmpl);
    }
  g_ptr_array_sort (result, compare_templates);
  return g_steal_pointer (&result);
}

/* The current version of the template of this kind ("ehc-plan") or name
 * ("EHC plan", any case). */
WmAuditTemplate *
wm_audit_current_template (WmStore     *store,
                           const char  *kind_or_name,
                           GError     **error)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (kind_or_name != NULL, NULL);

  if (!wm_audit_ensure_default_templates (store, error))
    return NULL;
  templates = wm_audit_list_templates (store, TRUE, error);
  if (templates == NULL)
    return NULL;
  wanted = g_utf8_casefold (kind_or_name, -1);
  g_strstrip (wanted);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < templates->len; i++)
      {
        WmAuditTemplate *tmpl = templates->pdata[i];
        g_autofree char *name = g_utf8_casefold (tmpl->name ? tmpl->name : "", -1);

        /* a kind is exact; a name is what a person typed */
        if ((pass == 0 && g_strcmp0 (tmpl->kind, kind_or_name) == 0)
            || (pass == 1 && g_str_equal (name, wanted)))
          return wm_audit_template_ref (tmpl);
      }
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
               "There is no audit template called “%s”.", kind_or_name);
  return NULL;
}

/* The kind of the default template for an audit: statutory advice by the
 * discipline its agency names; NULL when the discipline is not clear. */
char *
wm_audit_default_template_kind (const char *audit_type,
                                const char *agency)
{
  g_autofree char *lower = agency ? g_utf8_strdown (agency, -1) : g_strdup ("");

  if (g_strcmp0 (audit_type, WM_AUDIT_TYPE_AMENDED_PLAN) == 0)
    return g_strdup ("amended-plan");
  if (g_strcmp0 (audit_type, WM_AUDIT_TYPE_ADVICE) != 0)
    return g_strdup ("ehc-plan");
  if (strstr (lower, "psycholog") || g_str_equal (lower, "ep") || g_str_equal (lower, "eps"))
    return g_strdup ("advice-ep");
  if (strstr (lower, "social"))
    return g_strdup ("advice-social-care");
  if (strstr (lower, "health") || strstr (lower, "nhs") || strstr (lower, "icb"))
    return g_strdup ("advice-health");
  if (strstr (lower, "educat") || strstr (lower, "school"))
    return g_strdup ("advice-education");
  return NULL;
}

static gboolean
check_template (const WmAuditTemplate  *tmpl,
                GError                **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint on_scale = 0;
  gboolean standard_found = FALSE;

  if (tmpl->name == NULL || tmpl->name[0] == '\0')
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "The audit template needs a name.");
      return FALSE;
    }
  if (tmpl->domains->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Template “%s” has no domains: add at least one.", tmpl->name);
      return FALSE;
    }
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (tmpl->domains, WmAuditDomain, i);
      g_autofree char *code = g_utf8_casefold (d->code ? d->code : "", -1);

      g_strstrip (code);
      if (code[0] == '\0')
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Template “%s”: domain %u (“%s”) has no code.", tmpl->name, i + 1,
                       d->title ? d->title : "");
          return FALSE;
        }
      if (g_str_equal (code, "overall"))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Template “%s”: “%s” is kept for the overall judgement; give the "
                       "domain another code.", tmpl->name, d->code);
          return FALSE;
        }
      if (!g_hash_table_add (codes, g_steal_pointer (&code)))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Template “%s” has two domains coded “%s”.", tmpl->name, d->code);
          return FALSE;
        }
    }
  for (guint i = 0; i < tmpl->levels->len; i++)
    {
      const WmAuditLevel *l = &g_array_index (tmpl->levels, WmAuditLevel, i);

      for (guint j = 0; j < i; j++)
        if (g_array_index (tmpl->levels, WmAuditLevel, j).value == l->value)
          {
            g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                         "Template “%s” has two levels numbered %d.", tmpl->name, l->value);
            return FALSE;
          }
      if (!l->is_na)
        on_scale++;
      if (!l->is_na && l->value == tmpl->standard_level)
        standard_found = TRUE;
    }
  if (on_scale < 2)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Template “%s” needs at least two levels to score on.", tmpl->name);
      return FALSE;
    }
  if (!standard_found)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "Template “%s”: the standard is set at level %d, which is not one of its "
                   "levels.", tmpl->name, tmpl->standard_level);
      return FALSE;
    }
  return TRUE;
}

/**
 * wm_audit_save_template_version:
 * @edited: a template changed after wm_audit_template_copy ()
 *
 * Saves @edited as the next version of its family (or as version 1 of a
 * new template when it has no family), with new ids for its domains and
 * levels.  Audits already scored keep the version they were scored on.
 *
 * Returns: (transfer full): the new version's id, or %NULL
 */
char *
wm_audit_save_template_version (WmStore                *store,
                                const WmAuditTemplate  *edited,
                                GError                **error)
{
  g_autoptr(WmAuditTemplate) next = NULL;
  g_autofree char *plan = NULL;
  sqlite3_stmt *stmt;
  int highest = 0;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (edited != NULL, NULL);

  if (!check_template (edited, error) || (plan = plan_id (store, error)) == NULL)
    return NULL;
  next = wm_audit_template_copy (edited);
  g_clear_pointer (&next->family_id, g_free);
  next->family_id = g_strdup (edited->family_id);
  if (next->family_id != NULL)
    {
      stmt = wm_store_prepare (store,
                               "SELECT max(version) FROM audit_template "
                               "WHERE coalesce(family_id, id) = ?", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, next->family_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        highest = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (highest == 0)
        g_clear_pointer (&next->family_id, g_free);
    }
  next->version = highest + 1;
  return insert_template (store, plan, next, NULL, error);
}

/* ---------- audits ---------- */

static void
score_clear (gpointer data)
{
  WmAuditScore *score = data;

  g_free (score->domain_id);
  g_free (score->auditor_comment);
  g_free (score->moderator_comment);
}

static WmAudit *
audit_new (void)
{
  WmAudit *self = g_new0 (WmAudit, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->overall_auditor = WM_AUDIT_UNSCORED;
  self->overall_moderator = WM_AUDIT_UNSCORED;
  self->blind = TRUE;
  self->scores = g_array_new (FALSE, TRUE, sizeof (WmAuditScore));
  g_array_set_clear_func (self->scores, score_clear);
  return self;
}

WmAudit *
wm_audit_ref (WmAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wm_audit_unref (WmAudit *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->template_id);
  g_free (self->meeting_id);
  g_free (self->case_ref);
  g_free (self->audit_type);
  g_free (self->plan_issue_date);
  g_free (self->audit_date);
  g_free (self->meeting_date);
  g_free (self->auditor);
  g_free (self->moderator);
  g_free (self->agency);
  g_free (self->learning_points);
  g_free (self->illustrative);
  g_array_unref (self->scores);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WmAudit, wm_audit, wm_audit_ref, wm_audit_unref)

const WmAuditScore *
wm_audit_get_score (const WmAudit *self,
                    const char    *domain_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; domain_id && i < self->scores->len; i++)
    {
      const WmAuditScore *s = &g_array_index (self->scores, WmAuditScore, i);
      if (g_strcmp0 (s->domain_id, domain_id) == 0)
        return s;
    }
  return NULL;
}

static int
level_of (const WmAudit *self,
          const char    *domain_id,
          WmAuditRole    role)
{
  const WmAuditScore *s;

  if (domain_id == NULL)
    return role == WM_AUDIT_AUDITOR ? self->overall_auditor : self->overall_moderator;
  s = wm_audit_get_score (self, domain_id);
  if (s == NULL)
    return WM_AUDIT_UNSCORED;
  return role == WM_AUDIT_AUDITOR ? s->auditor_level : s->moderator_level;
}

/* The moderator has given a level (or N/A) for every domain of the
 * template: the audit counts as moderated. */
gboolean
wm_audit_is_moderated (const WmAudit         *self,
                       const WmAuditTemplate *tmpl)
{
  g_return_val_if_fail (self != NULL && tmpl != NULL, FALSE);
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (tmpl->domains, WmAuditDomain, i);
      if (level_of (self, d->id, WM_AUDIT_MODERATOR) == WM_AUDIT_UNSCORED)
        return FALSE;
    }
  return tmpl->domains->len > 0;
}

/* Whether the moderator may see the auditor's levels: always in open
 * moderation; in blind moderation once they have scored every domain and
 * the overall judgement themselves. */
gboolean
wm_audit_is_revealed (const WmAudit         *self,
                      const WmAuditTemplate *tmpl)
{
  g_return_val_if_fail (self != NULL && tmpl != NULL, FALSE);
  if (!self->blind)
    return TRUE;
  return wm_audit_is_moderated (self, tmpl) && self->overall_moderator != WM_AUDIT_UNSCORED;
}

/* The level that stands: the moderator's when given, else the auditor's
 * (NULL @domain_id: the overall judgement). */
int
wm_audit_agreed_level (const WmAudit *self,
                       const char    *domain_id)
{
  int moderator;

  g_return_val_if_fail (self != NULL, WM_AUDIT_UNSCORED);
  moderator = level_of (self, domain_id, WM_AUDIT_MODERATOR);
  return moderator != WM_AUDIT_UNSCORED ? moderator : level_of (self, domain_id, WM_AUDIT_AUDITOR);
}

/* 1 when every domain's agreed level meets the standard (N/A domains
 * aside), 0 when one does not, -1 when a domain is not scored yet or
 * every domain is N/A: a plan half-scored is not yet a plan that met or
 * missed the standard. */
int
wm_audit_meets_standard (const WmAudit         *self,
                         const WmAuditTemplate *tmpl)
{
  gboolean met = TRUE;
  guint scored = 0;

  g_return_val_if_fail (self != NULL && tmpl != NULL, -1);
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      const WmAuditDomain *d = &g_array_index (tmpl->domains, WmAuditDomain, i);
      int level = wm_audit_agreed_level (self, d->id);

      if (level == WM_AUDIT_UNSCORED)
        return -1;
      if (wm_audit_template_is_na (tmpl, level))
        continue;
      scored++;
      if (!wm_audit_template_meets_standard (tmpl, level))
        met = FALSE;
    }
  if (scored == 0)
    return -1;
  return met ? 1 : 0;
}

/* The template's must-fix domains whose agreed level is below the
 * standard: what has to change before the plan is issued.
 * Returns: (transfer container) (element-type WmAuditDomain) */
GPtrArray *
wm_audit_must_fix (const WmAudit         *self,
                   const WmAuditTemplate *tmpl)
{
  GPtrArray *result = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL && tmpl != NULL, result);
  for (guint i = 0; i < tmpl->domains->len; i++)
    {
      WmAuditDomain *d = &g_array_index (tmpl->domains, WmAuditDomain, i);
      int level = wm_audit_agreed_level (self, d->id);

      if (d->must_fix && level != WM_AUDIT_UNSCORED && !wm_audit_template_is_na (tmpl, level)
          && !wm_audit_template_meets_standard (tmpl, level))
        g_ptr_array_add (result, d);
    }
  return result;
}

#define AUDIT_COLUMNS \
  "a.id, a.template_id, a.meeting_id, a.case_ref, a.audit_type, a.plan_issue_date, " \
  "a.audit_date, m.date, a.auditor, a.moderator, a.agency, a.learning_points, " \
  "a.illustrative, a.overall_auditor, a.overall_moderator, a.blind "

static WmAudit *
audit_from_stmt (sqlite3_stmt *stmt)
{
  WmAudit *self = audit_new ();

  self->id = column_dup (stmt, 0);
  self->template_id = column_dup (stmt, 1);
  self->meeting_id = column_dup (stmt, 2);
  self->case_ref = column_dup (stmt, 3);
  self->audit_type = column_dup (stmt, 4);
  self->plan_issue_date = column_dup (stmt, 5);
  self->audit_date = column_dup (stmt, 6);
  self->meeting_date = column_dup (stmt, 7);
  self->auditor = column_dup (stmt, 8);
  self->moderator = column_dup (stmt, 9);
  self->agency = column_dup (stmt, 10);
  self->learning_points = column_dup (stmt, 11);
  self->illustrative = column_dup (stmt, 12);
  self->overall_auditor = column_level (stmt, 13);
  self->overall_moderator = column_level (stmt, 14);
  self->blind = sqlite3_column_type (stmt, 15) == SQLITE_NULL || sqlite3_column_int (stmt, 15) != 0;
  return self;
}

static gboolean
load_scores (WmStore     *store,
             GHashTable  *by_id,
             const char  *only_audit,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_prepare (store,
                           "SELECT audit_id, domain_id, auditor_level, moderator_level, "
                           "auditor_comment, moderator_comment FROM audit_score "
                           "WHERE ?1 IS NULL OR audit_id = ?1 ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, only_audit, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *audit_id = (const char *) sqlite3_column_text (stmt, 0);
      WmAudit *audit = audit_id ? g_hash_table_lookup (by_id, audit_id) : NULL;
      WmAuditScore score;

      /* a score whose audit was deleted on another laptop is an orphan */
      if (audit == NULL || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      score = (WmAuditScore) {
        column_dup (stmt, 1), column_level (stmt, 2), column_level (stmt, 3),
        column_dup (stmt, 4), column_dup (stmt, 5),
      };
      g_array_append_val (audit->scores, score);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "read audit scores");
      return FALSE;
    }
  return TRUE;
}

/* Audits in date order (the date audited, or the meeting's), then by case
 * reference.  Returns: (element-type WmAudit) */
GPtrArray *
wm_audit_list (WmStore              *store,
               const WmAuditFilter  *filter,
               GError              **error)
{
  static const WmAuditFilter all = { NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_audit_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  if (filter == NULL)
    filter = &all;

  stmt = wm_store_prepare (store,
                           "SELECT " AUDIT_COLUMNS "FROM audit a "
                           "LEFT JOIN moderation_meeting m ON m.id = a.meeting_id "
                           "WHERE (?1 IS NULL OR coalesce(a.audit_date, m.date) >= ?1) "
                           "AND (?2 IS NULL OR coalesce(a.audit_date, m.date) <= ?2) "
                           "AND (?3 IS NULL OR a.meeting_id = ?3) "
                           "AND (?4 IS NULL OR a.audit_type = ?4) "
                           "ORDER BY coalesce(a.audit_date, m.date), a.case_ref, a.rowid",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, filter->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, filter->to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, filter->meeting_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, filter->audit_type, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmAudit *audit = audit_from_stmt (stmt);
      g_ptr_array_add (result, audit);
      g_hash_table_insert (by_id, audit->id, audit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "list the audits");
      return NULL;
    }
  if (result->len > 0 && !load_scores (store, by_id, NULL, error))
    return NULL;
  return g_steal_pointer (&result);
}

WmAudit *
wm_audit_load (WmStore     *store,
               const char  *audit_id,
               GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WmAudit) audit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           "SELECT " AUDIT_COLUMNS "FROM audit a "
                           "LEFT JOIN moderation_meeting m ON m.id = a.meeting_id WHERE a.id = ?",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, audit_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    audit = audit_from_stmt (stmt);
  sqlite3_reset (stmt);
  if (audit == NULL)
    {
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        wm_store_set_sqlite_error (store, error, rc, "read an audit");
      else
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     "There is no audit with id “%s”.", audit_id ? audit_id : "");
      return NULL;
    }
  g_hash_table_insert (by_id, audit->id, audit);
  if (!load_scores (store, by_id, audit->id, error))
    return NULL;
  return g_steal_pointer (&audit);
}

/* The audit of this case, type and date, as a spreadsheet identifies it;
 * NULL without an error when there is none. */
WmAudit *
wm_audit_find (WmStore     *store,
               const char  *case_ref,
               const char  *audit_type,
               const char  *audit_date,
               GError     **error)
{
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           "SELECT a.id FROM audit a "
                           "LEFT JOIN moderation_meeting m ON m.id = a.meeting_id "
                           "WHERE lower(trim(a.case_ref)) = lower(trim(?1)) AND a.audit_type IS ?2 "
                           "AND coalesce(a.audit_date, m.date) IS ?3 ORDER BY a.rowid LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, audit_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, audit_date, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "find an audit");
      return NULL;
    }
  return id ? wm_audit_load (store, id, error) : NULL;
}

static char *
normalize_date (const char  *field_label,
                const char  *text,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *iso;

  if (text == NULL || text[0] == '\0')
    return NULL;
  iso = wm_date_normalize (text, &local_error);
  if (iso == NULL)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID, "%s: %s", field_label,
                 local_error->message);
  return iso;
}

static const char *
empty_to_null (const char *text)
{
  return text && text[0] != '\0' ? text : NULL;
}

char *
wm_audit_create (WmStore              *store,
                 const WmAuditFields  *fields,
                 GError              **error)
{
  g_autoptr(WmAuditTemplate) tmpl = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *issue = NULL;
  g_autofree char *audited = NULL;
  g_autofree char *case_ref = NULL;
  g_autofree char *now = wm_now_iso ();
  g_autofree char *id = NULL;
  const char *type;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (!wm_audit_check_case_ref (fields->case_ref, error))
    return NULL;
  case_ref = g_strstrip (g_strdup (fields->case_ref));
  type = wm_audit_type_parse (fields->audit_type);
  if (type == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "“%s” is not an audit type: choose new plan, amended plan, advice or warm.",
                   fields->audit_type ? fields->audit_type : "");
      return NULL;
    }
  issue = normalize_date ("Plan issue date", fields->plan_issue_date, error);
  if (issue == NULL && empty_to_null (fields->plan_issue_date))
    return NULL;
  audited = normalize_date ("Date audited", fields->audit_date, error);
  if (audited == NULL && empty_to_null (fields->audit_date))
    return NULL;
  /* an audit is dated: the cadence targets count audits by date */
  if (audited == NULL)
    audited = wm_date_today_iso ();
  if ((plan = plan_id (store, error)) == NULL)
    return NULL;
  if (fields->meeting_id != NULL && !row_exists (store, "moderation_meeting", fields->meeting_id))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   "That moderation meeting no longer exists.");
      return NULL;
    }

  if (!wm_store_begin (store, error))
    return NULL;
  if (fields->template_id != NULL)
    tmpl = wm_audit_load_template (store, fields->template_id, error);
  else
    {
      g_autofree char *kind = wm_audit_default_template_kind (type, fields->agency);

      if (kind == NULL)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                     "Say which advice this is: give the agency (education, educational "
                     "psychology, health or social care) or choose the template.");
      else
        tmpl = wm_audit_current_template (store, kind, error);
    }
  if (tmpl == NULL)
    goto fail;

  id = wm_store_insert (store, "audit", error,
                        "plan_id", plan, "template_id", tmpl->id,
                        "meeting_id", fields->meeting_id, "case_ref", case_ref,
                        "audit_type", type, "plan_issue_date", issue, "audit_date", audited,
                        "auditor", empty_to_null (fields->auditor),
                        "moderator", empty_to_null (fields->moderator),
                        "agency", empty_to_null (fields->agency),
                        "learning_points", empty_to_null (fields->learning_points),
                        "illustrative", empty_to_null (fields->illustrative),
                        "created_at", now, NULL);
  if (id == NULL || !wm_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  wm_store_rollback (store);
  return NULL;
}

static gboolean
has_scores (const WmAudit *audit)
{
  if (audit->overall_auditor != WM_AUDIT_UNSCORED || audit->overall_moderator != WM_AUDIT_UNSCORED)
    return TRUE;
  for (guint i = 0; i < audit->scores->len; i++)
    {
      const WmAuditScore *s = &g_array_index (audit->scores, WmAuditScore, i);
      if (s->auditor_level != WM_AUDIT_UNSCORED || s->moderator_level != WM_AUDIT_UNSCORED)
        return TRUE;
    }
  return FALSE;
}

/**
 * wm_audit_set_field:
 * @field: case_ref, audit_type, plan_issue_date, audit_date, auditor,
 *   moderator, agency, learning_points, meeting_id, template_id, blind or
 *   illustrative
 * @value: (nullable): the new value; empty clears it
 *
 * Changes one field of an audit, checked as wm_audit_create () checks it.
 * The template can change only until the first level is given: levels mean
 * what the template they were given on says.
 */
gboolean
wm_audit_set_field (WmStore     *store,
                    const char  *audit_id,
                    const char  *field,
                    const char  *value,
                    GError     **error)
{
  static const char *const plain[] = {
    "auditor", "moderator", "agency", "learning_points", "illustrative", NULL,
  };
  g_autoptr(WmAudit) audit = NULL;
  g_autofree char *stored = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  audit = wm_audit_load (store, audit_id, error);
  if (audit == NULL)
    return FALSE;

  if (g_strv_contains (plain, field))
    stored = g_strdup (empty_to_null (value));
  else if (g_str_equal (field, "case_ref"))
    {
      if (!wm_audit_check_case_ref (value, error))
        return FALSE;
      stored = g_strstrip (g_strdup (value));
    }
  else if (g_str_equal (field, "audit_type"))
    {
      const char *type = wm_audit_type_parse (value);
      if (type == NULL)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "“%s” is not an audit type: choose new plan, amended plan, advice or "
                       "warm.", value ? value : "");
          return FALSE;
        }
      stored = g_strdup (type);
    }
  else if (g_str_equal (field, "plan_issue_date") || g_str_equal (field, "audit_date"))
    {
      stored = normalize_date (g_str_equal (field, "audit_date") ? "Date audited"
                                                                 : "Plan issue date",
                               value, error);
      if (stored == NULL && empty_to_null (value))
        return FALSE;
    }
  else if (g_str_equal (field, "blind"))
    stored = g_strdup (value && (g_str_equal (value, "1") || g_str_equal (value, "true")) ? "1" : "0");
  else if (g_str_equal (field, "meeting_id"))
    {
      if (empty_to_null (value) && !row_exists (store, "moderation_meeting", value))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                       "That moderation meeting no longer exists.");
          return FALSE;
        }
      stored = g_strdup (empty_to_null (value));
    }
  else if (g_str_equal (field, "template_id"))
    {
      g_autoptr(WmAuditTemplate) tmpl = NULL;

      if (g_strcmp0 (value, audit->template_id) == 0)
        return TRUE;
      if (has_scores (audit))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "Audit %s already has levels on its template: the template cannot "
                       "change under them.", audit->case_ref);
          return FALSE;
        }
      tmpl = wm_audit_load_template (store, value, error);
      if (tmpl == NULL)
        return FALSE;
      stored = g_strdup (tmpl->id);
    }
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "An audit has no field “%s”.", field);
      return FALSE;
    }
  return wm_store_update (store, "audit", audit->id, error, field, stored, NULL);
}

static gboolean
ensure_score_row (WmStore     *store,
                  const char  *audit_id,
                  const char  *domain_id,
                  char       **id_out,
                  GError     **error)
{
  g_autofree char *id = score_id (audit_id, domain_id);

  if (!row_exists (store, "audit_score", id))
    {
      g_autofree char *inserted = wm_store_insert (store, "audit_score", error,
                                                   "id", id, "audit_id", audit_id,
                                                   "domain_id", domain_id, NULL);
      if (inserted == NULL)
        return FALSE;
    }
  *id_out = g_steal_pointer (&id);
  return TRUE;
}

/* Writes one cell of the score of (@audit_id, @domain_id), creating its
 * row; unchecked: callers have checked the level against the template. */
gboolean
wm_audit_write_score_cell (WmStore     *store,
                           const char  *audit_id,
                           const char  *domain_id,
                           const char  *column,
                           const char  *value,
                           GError     **error)
{
  g_autofree char *row = NULL;
  gboolean ok;

  if (!wm_store_begin (store, error))
    return FALSE;
  ok = ensure_score_row (store, audit_id, domain_id, &row, error)
       && wm_store_update (store, "audit_score", row, error, column, value, NULL)
       && wm_store_commit (store, error);
  if (!ok)
    wm_store_rollback (store);
  return ok;
}

/**
 * wm_audit_set_level:
 * @domain_id: (nullable): the domain, or %NULL for the overall judgement
 * @level: a level of the audit's template, or %WM_AUDIT_UNSCORED to clear
 *
 * Refuses a level outside the template's scale, a domain that is not the
 * template's, N/A as an overall judgement, a moderator's level where the
 * auditor has not scored, and clearing the auditor's level under the
 * moderator's.
 */
gboolean
wm_audit_set_level (WmStore      *store,
                    const char   *audit_id,
                    const char   *domain_id,
                    WmAuditRole   role,
                    int           level,
                    GError      **error)
{
  g_autoptr(WmAudit) audit = NULL;
  g_autoptr(WmAuditTemplate) tmpl = NULL;
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;
  const WmAuditDomain *domain = NULL;
  const char *column;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  audit = wm_audit_load (store, audit_id, error);
  if (audit == NULL)
    return FALSE;
  tmpl = wm_audit_load_template (store, audit->template_id, error);
  if (tmpl == NULL)
    return FALSE;
  if (domain_id != NULL)
    {
      domain = wm_audit_template_get_domain (tmpl, domain_id);
      if (domain == NULL)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "That domain is not part of template “%s” version %d, which audit %s "
                       "is scored on.", tmpl->name, tmpl->version, audit->case_ref);
          return FALSE;
        }
      label = wm_audit_domain_label (domain);
    }
  else
    label = g_strdup ("Overall judgement");

  if (level != WM_AUDIT_UNSCORED)
    {
      const WmAuditLevel *l = wm_audit_template_get_level (tmpl, level);

      if (l == NULL || (domain == NULL && l->is_na))
        {
          g_autofree char *scale = wm_audit_template_describe_scale (tmpl);
          if (l == NULL)
            g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                         "%s: %d is not a level of template “%s” (%s).", label, level,
                         tmpl->name, scale);
          else
            g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                         "%s: the overall judgement needs a level, not N/A.", label);
          return FALSE;
        }
      if (role == WM_AUDIT_MODERATOR
          && level_of (audit, domain_id, WM_AUDIT_AUDITOR) == WM_AUDIT_UNSCORED)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "%s: the auditor has not scored this yet. The auditor scores first; "
                       "the moderator then checks their score.", label);
          return FALSE;
        }
      value = g_strdup_printf ("%d", level);
    }
  else if (role == WM_AUDIT_AUDITOR
           && level_of (audit, domain_id, WM_AUDIT_MODERATOR) != WM_AUDIT_UNSCORED)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "%s: the moderator has scored this; clear the moderator's level before "
                   "the auditor's.", label);
      return FALSE;
    }

  if (domain_id == NULL)
    return wm_store_update (store, "audit", audit->id, error,
                            role == WM_AUDIT_AUDITOR ? "overall_auditor" : "overall_moderator",
                            value, NULL);

  column = role == WM_AUDIT_AUDITOR ? "auditor_level" : "moderator_level";
  return wm_audit_write_score_cell (store, audit->id, domain_id, column, value, error);
}

gboolean
wm_audit_set_comment (WmStore      *store,
                      const char   *audit_id,
                      const char   *domain_id,
                      WmAuditRole   role,
                      const char   *comment,
                      GError      **error)
{
  g_autoptr(WmAudit) audit = NULL;
  g_autoptr(WmAuditTemplate) tmpl = NULL;
  const WmAuditScore *score;
  const char *column = role == WM_AUDIT_AUDITOR ? "auditor_comment" : "moderator_comment";

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (domain_id != NULL, FALSE);

  audit = wm_audit_load (store, audit_id, error);
  if (audit == NULL)
    return FALSE;
  tmpl = wm_audit_load_template (store, audit->template_id, error);
  if (tmpl == NULL)
    return FALSE;
  if (wm_audit_template_get_domain (tmpl, domain_id) == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "That domain is not part of template “%s” version %d, which audit %s is "
                   "scored on.", tmpl->name, tmpl->version, audit->case_ref);
      return FALSE;
    }
  comment = empty_to_null (comment);
  score = wm_audit_get_score (audit, domain_id);
  /* saved on every keystroke: an unchanged comment writes nothing */
  if (score != NULL && g_strcmp0 (role == WM_AUDIT_AUDITOR ? score->auditor_comment
                                                           : score->moderator_comment,
                                  comment) == 0)
    return TRUE;
  if (score == NULL && comment == NULL)
    return TRUE;

  return wm_audit_write_score_cell (store, audit->id, domain_id, column, comment, error);
}

gboolean
wm_audit_delete (WmStore     *store,
                 const char  *audit_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) scores = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  if (!wm_store_begin (store, error))
    return FALSE;
  scores = wm_store_list (store, "audit_score", "audit_id", audit_id, error);
  if (scores == NULL)
    goto fail;
  for (guint i = 0; i < scores->len; i++)
    if (!wm_store_delete (store, "audit_score", wm_record_get_id (scores->pdata[i]), error))
      goto fail;
  if (!wm_store_delete (store, "audit", audit_id, error) || !wm_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  wm_store_rollback (store);
  return FALSE;
}

/* ---------- moderation meetings ---------- */

char *
wm_audit_create_meeting (WmStore     *store,
                         const char  *date,
                         const char  *title,
                         const char  *attendees,
                         GError     **error)
{
  g_autofree char *plan = NULL;
  g_autofree char *iso = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  iso = normalize_date ("Meeting date", date, error);
  if (iso == NULL)
    {
      if (empty_to_null (date))
        return NULL;
      iso = wm_date_today_iso ();
    }
  if ((plan = plan_id (store, error)) == NULL)
    return NULL;
  return wm_store_insert (store, "moderation_meeting", error,
                          "plan_id", plan, "date", iso, "title", empty_to_null (title),
                          "attendees", empty_to_null (attendees), NULL);
}

gboolean
wm_audit_update_meeting (WmStore     *store,
                         const char  *meeting_id,
                         const char  *field,
                         const char  *value,
                         GError     **error)
{
  g_autofree char *stored = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_str_equal (field, "date"))
    {
      stored = normalize_date ("Meeting date", value, error);
      if (stored == NULL)
        {
          if (empty_to_null (value))
            return FALSE;
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       "A moderation meeting needs a date.");
          return FALSE;
        }
    }
  else if (g_str_equal (field, "title") || g_str_equal (field, "attendees")
           || g_str_equal (field, "illustrative"))
    stored = g_strdup (empty_to_null (value));
  else
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   "A moderation meeting has no field “%s”.", field);
      return FALSE;
    }
  return wm_store_update (store, "moderation_meeting", meeting_id, error, field, stored, NULL);
}

/* Meetings, latest first.  Returns: (element-type WmRecord) */
GPtrArray *
wm_audit_list_meetings (WmStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  stmt = wm_store_prepare (store,
                           "SELECT * FROM moderation_meeting ORDER BY date DESC, rowid DESC",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, wm_store_record_from_stmt ("moderation_meeting", stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_sqlite_error (store, error, rc, "list the moderation meetings");
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* The first meeting held on @date (ISO); NULL without an error when none. */
WmRecord *
wm_audit_find_meeting (WmStore     *store,
                       const char  *date,
                       GError     **error)
{
  g_autoptr(GPtrArray) meetings = wm_store_list (store, "moderation_meeting", "date", date, error);

  if (meetings == NULL || meetings->len == 0)
    return NULL;
  return g_object_ref (meetings->pdata[0]);
}
