/* wm-board-pack.h: the board pack, laid out on A4 pages
 *
 * The papers for the SEND and Inclusion Board: a cover (plan, area, date,
 * the period covered), a contents list, ratings by priority, exceptions,
 * milestones, what changed since the last board, the Gantt, the risks,
 * and the audit and KPI charts when the plan has them.  The pack is laid
 * out once; then any page can be drawn on any cairo_t (the PDF, the print
 * dialog, the window's preview), so print and PDF show the same pages.
 * Every drawing comes from src/render: the Gantt pages are
 * wm_gantt_render () itself.  Text stays text (PangoCairo), the PDF has
 * an outline of its headings and heading tags for screen readers.
 *
 * Sizes are PDF points (1/72 inch); a page's origin is its top left.
 */
#pragma once

#include <cairo.h>

#include "wm-audit-stats.h"
#include "wm-board-report.h"
#include "wm-gantt-model.h"
#include "wm-render-style.h"
#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_BOARD_PACK_SUMMARY    = 1 << 0,
  WM_BOARD_PACK_EXCEPTIONS = 1 << 1,
  WM_BOARD_PACK_MILESTONES = 1 << 2,
  WM_BOARD_PACK_CHANGES    = 1 << 3,
  WM_BOARD_PACK_GANTT      = 1 << 4,
  WM_BOARD_PACK_RISKS      = 1 << 5,
  WM_BOARD_PACK_AUDITS     = 1 << 6,
  WM_BOARD_PACK_KPIS       = 1 << 7,
  WM_BOARD_PACK_ALL        = 0xff,
} WmBoardPackSections;

typedef struct
{
  const char          *as_at;     /* ISO; NULL: today */
  const char          *since;     /* ISO; NULL: the last board before as_at */
  WmBoardPackSections  sections;  /* 0: all */
} WmBoardPackOptions;

typedef struct _WmBoardPack WmBoardPack;

WmBoardPack   *wm_board_pack_new              (WmBoardReport             *report,
                                               WmGanttModel              *gantt,
                                               GPtrArray                 *risks,
                                               GPtrArray                 *kpis,
                                               WmAuditStats              *audits,
                                               WmBoardPackSections        sections);
WmBoardPack   *wm_board_pack_new_from_store   (WmStore                   *store,
                                               const WmBoardPackOptions  *options,
                                               GError                   **error);
void           wm_board_pack_free             (WmBoardPack               *self);

gboolean       wm_board_pack_parse_sections   (const char                *list,
                                               WmBoardPackSections       *sections,
                                               GError                   **error);
const char    *wm_board_pack_section_names    (void);

const WmBoardReport *wm_board_pack_get_report (WmBoardPack               *self);
int            wm_board_pack_get_n_pages      (WmBoardPack               *self);
gboolean       wm_board_pack_page_is_landscape (WmBoardPack              *self,
                                               int                        page);
void           wm_board_pack_get_page_size    (WmBoardPack               *self,
                                               int                        page,
                                               double                    *width,
                                               double                    *height);
void           wm_board_pack_render_page      (WmBoardPack               *self,
                                               cairo_t                   *cr,
                                               int                        page);
gboolean       wm_board_pack_write_pdf        (WmBoardPack               *self,
                                               const char                *path,
                                               GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmBoardPack, wm_board_pack_free)

G_END_DECLS
