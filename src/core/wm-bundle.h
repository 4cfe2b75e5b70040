/* wm-bundle.h: the file that carries changes between laptops (private)
 *
 * A bundle is a SQLite database image followed by a 48-byte seal:
 *
 *   [SQLite image]["WAYMARK-SYNC-v1\0"][FNV-1a 64 of the image][its length][16 zeros]
 *
 * The image holds two WITHOUT ROWID tables, created with exactly the SQL
 * below and nothing else: `manifest` (key → text) and `cells`, one row per
 * changed cell in (tbl, pk, col) order.  The seal catches damage anywhere
 * in the file, including bytes SQLite never reads (a checksum over the
 * content alone would let a flipped byte in free space through); the
 * manifest's SHA-256 checksum covers the content itself.  SQLite ignores bytes
 * after the pages its header counts, so `sqlite3 FILE` still opens a
 * bundle for inspection.
 *
 * The reader treats every bundle as hostile: it never opens the file with
 * SQLite at all, but reads it into memory (size-limited), checks the seal
 * and header, and hands the image to sqlite3_deserialize() read-only with
 * defensive settings, so no -wal or -journal file beside it is consulted
 * and the bytes checked are the bytes used.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define WM_BUNDLE_FORMAT           1
#define WM_BUNDLE_APPLICATION_ID   0x574d4b53   /* "WMKS" at offset 68 */
#define WM_BUNDLE_MAX_FILE_SIZE    (512 * 1024 * 1024)
#define WM_BUNDLE_MAX_VALUE_SIZE   (1024 * 1024)
#define WM_BUNDLE_MAX_CELLS        10000000
#define WM_BUNDLE_MAX_MANIFEST     20000
#define WM_BUNDLE_MAX_KEY_LENGTH   128
#define WM_BUNDLE_MAX_TEXT_LENGTH  4096
#define WM_BUNDLE_MAX_VERSION      (G_GINT64_CONSTANT (1) << 53)

#define WM_BUNDLE_MANIFEST_SQL \
  "CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
/* `site` is an index into the manifest's "site.N" entries: a 36-byte UUID
 * on every cell would be a third of the file.  `value` has no declared
 * type so that SQLite stores it exactly as given (BLOB affinity).  Cells
 * are stored in (tbl, pk, col) order, an append each; the reader checks
 * the order (and so that no cell comes twice) as it streams them. */
#define WM_BUNDLE_CELLS_SQL \
  "CREATE TABLE cells (tbl TEXT NOT NULL, pk TEXT NOT NULL, col TEXT NOT NULL, value, " \
  "version INTEGER NOT NULL, site INTEGER NOT NULL, at INTEGER)"

typedef struct _WmBundle WmBundle;
typedef struct _WmBundleWriter WmBundleWriter;

/* One cell as read from a bundle; valid during the callback only. */
typedef struct
{
  const char    *tbl;
  const char    *pk;
  const char    *col;
  sqlite3_value *value;
  gint64         version;
  const char    *site;
  gint64         at;        /* Unix time the writer's clock gave, 0 = unknown */
} WmBundleCell;

typedef gboolean (*WmBundleCellFunc) (WmBundle           *bundle,
                                      const WmBundleCell *cell,
                                      gpointer            user_data,
                                      GError            **error);

/* Reading */
WmBundle       *wm_bundle_open             (const char      *path,
                                            GError         **error);
WmBundle       *wm_bundle_open_bytes       (const char      *display_name,
                                            GBytes          *bytes,
                                            GError         **error);
void            wm_bundle_free             (WmBundle        *self);
const char     *wm_bundle_get_display_name (WmBundle        *self);
const char     *wm_bundle_get              (WmBundle        *self,
                                            const char      *key);
gint64          wm_bundle_get_int          (WmBundle        *self,
                                            const char      *key);
sqlite3        *wm_bundle_get_db           (WmBundle        *self);
const char     *wm_bundle_site_for_index   (WmBundle        *self,
                                            gint64           index);
GHashTable     *wm_bundle_get_vector       (WmBundle        *self,
                                            const char      *prefix);
gboolean        wm_bundle_verify_cells     (WmBundle        *self,
                                            WmBundleCellFunc check,
                                            gpointer         user_data,
                                            GError         **error);
gboolean        wm_bundle_foreach_cell     (WmBundle        *self,
                                            WmBundleCellFunc func,
                                            gpointer         user_data,
                                            GError         **error);
gboolean        wm_bundle_invalid          (WmBundle        *self,
                                            GError         **error,
                                            const char      *format,
                                            ...) G_GNUC_PRINTF (3, 4);

/* Writing */
WmBundleWriter *wm_bundle_writer_new       (GError         **error);
void            wm_bundle_writer_free      (WmBundleWriter  *self);
void            wm_bundle_writer_set       (WmBundleWriter  *self,
                                            const char      *key,
                                            const char      *value);
void            wm_bundle_writer_set_int   (WmBundleWriter  *self,
                                            const char      *key,
                                            gint64           value);
gboolean        wm_bundle_writer_add_cell  (WmBundleWriter  *self,
                                            const char      *tbl,
                                            const char      *pk,
                                            const char      *col,
                                            sqlite3_value   *value,
                                            gint64           version,
                                            const char      *site,
                                            gint64           at,
                                            GError         **error);
guint           wm_bundle_writer_get_cells (WmBundleWriter  *self);
gsize           wm_bundle_writer_finish    (WmBundleWriter  *self,
                                            const char      *path,
                                            GError         **error);

/* For tests and the fuzzer: checksums, seals, and crafting bundles that
 * a real Waymark would never write. */
char           *wm_bundle_compute_checksum (sqlite3         *db,
                                            GError         **error);
GBytes         *wm_bundle_seal             (const guint8    *image,
                                            gsize            length);
typedef gboolean (*WmBundleEditFunc)       (sqlite3         *db,
                                            gpointer         user_data);
gboolean        wm_bundle_rewrite          (const char      *path,
                                            WmBundleEditFunc edit,
                                            gpointer         user_data,
                                            gboolean         fix_checksum,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmBundle, wm_bundle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmBundleWriter, wm_bundle_writer_free)

G_END_DECLS
