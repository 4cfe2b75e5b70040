#!/usr/bin/python3
"""A plan in a spreadsheet layout Waymark has never seen, imported through
the window's dialog, and the plan sent out again as a workbook and CSV.

Part 1: Import Plan from CSV… with tests/data/plan-unfamiliar-layout.csv
(headers such as "What we will do" and "Target date", free-text dates,
RAG words, a cell over two lines, no action codes): nothing can be
imported until the columns are mapped; each field's column is chosen from
its drop down with the keyboard; the preview shows the rows as mapped and
the check lists the dates kept as words with their line; Import writes
every row, and the new actions are in the Gantt chart's text.  Then
Export Workbook… writes a real XLSX and Export CSV… the actions.

Part 3: Import DfE Data… in the KPI view with the DfE's EHC plan
timeliness excerpt: one authority's yearly rows are refused for the
monthly K3 (line and column named, nothing written); England's figures
are imported as K3's benchmark.

Part 2: tests/data/plan-bad-date.csv, with a date nobody can read, an
unknown rating and a row without a title: the dialog names the file, line,
column and field of each problem, offers no Import, and the plan is left
as it was.

Usage: test_import_export.py BUILD_DIR [SCREENSHOT_PREFIX]
  With a prefix, saves PREFIX-light.png (the mapped import, light) and
  PREFIX-dark.png (the refused file, dark) through ImageMagick's import.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

os.environ["GTK_USE_PORTAL"] = "0"   # GTK's own file chooser, in our process
build_dir = os.path.abspath(sys.argv[1])
screenshot = sys.argv[2] if len(sys.argv) > 2 else None
cli_path = os.path.join(build_dir, "src", "cli", "waymark-cli")
data_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
good_csv = os.path.abspath(os.path.join(data_dir, "plan-unfamiliar-layout.csv"))
bad_csv = os.path.abspath(os.path.join(data_dir, "plan-bad-date.csv"))
work = tempfile.mkdtemp(prefix="waymark-ui-import-")
tap = Tap()

NEW_TITLES = [
    "Map post-16 pathways with the colleges",
    "Launch a supported internship offer",
    "Review transition health plans at 14+",
    "Refresh the Local Offer with parent carers",
    "Train SENCOs in person-centred reviews",
]


def cli(*args):
    result = subprocess.run([cli_path] + list(args), capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"waymark-cli {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def actions_of(db):
    return list(csv.DictReader(io.StringIO(cli("--db", db, "export-csv", "actions"))))


def shoot(name):
    if screenshot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", f"{screenshot}-{name}.png"], check=False)


def choose(app, dialog, field, header, position):
    """Opens the field's drop down and moves to the file's column with the
    arrow keys (GTK 4.8's popover opens on "Not imported", the first item;
    the file's columns follow in order)."""
    from dogtail import rawinput
    dropdown = app.find("combo box", field, within=dialog, exact=False)
    app.click(dropdown)
    time.sleep(0.6)
    for _ in range(position + 1):
        rawinput.pressKey("Down")
        time.sleep(0.05)
    rawinput.pressKey("Return")
    wait_for(f"{field} to show the column “{header}”",
             lambda: dropdown.findChild(lambda n: n.roleName == "label" and n.name == header,
                                        retry=False, requireResult=False))


def label_containing(app, dialog, text, timeout=10.0):
    return wait_for(f"a label containing “{text}”",
                    lambda: dialog.findChild(lambda n: n.roleName == "label" and n.name
                                             and text in n.name,
                                             retry=False, requireResult=False),
                    timeout=timeout)


def open_import(app, path):
    app.menu("Import Plan from CSV…")
    app.type_path(path)
    return app.find("frame", "Import Plan from CSV", timeout=15)


# ---- Part 1: the unfamiliar layout, mapped and imported; then exported
db = os.path.join(work, "Partnership.waymark")
cli("--db", db, "init", "--sample")
before = actions_of(db)

app = App(build_dir, [db])
try:
    dialog = open_import(app, good_csv)
    import_button = app.find("push button", "Import", within=dialog, exact=False)
    label_containing(app, dialog, "no column holds the actions’ titles")
    tap.ok("sensitive" not in states(import_button),
           "before any column is chosen the check finds no titles and Import is not offered")
    tap.ok(label_containing(app, dialog, "“What we will do”") is not None,
           "the dialog lists the columns found in the file")

    # Area of focus, What we will do, Who, Partners, Started, Target date,
    # Status, Latest update
    mapping = [("Priority", "Area of focus", 0), ("Title", "What we will do", 1),
               ("Lead", "Who", 2), ("Agency", "Partners", 3), ("Start date", "Started", 4),
               ("Due date", "Target date", 5), ("Rating", "Status", 6),
               ("Progress note", "Latest update", 7)]
    for field, header, position in mapping:
        choose(app, dialog, field, header, position)
    tap.ok(True, "each field's column is chosen from its drop down with the keyboard")

    label_containing(app, dialog, "Ready to import", timeout=15)
    tap.ok("sensitive" in states(import_button), "once mapped, every row reads and Import is offered")
    preview = app.find("panel", "Preview of the first rows", within=dialog)
    cells = {n.name for n in preview.findChildren(lambda n: n.roleName == "label")}
    tap.ok(NEW_TITLES[0] in cells and "Sept 23" in cells and "AMBER" in cells
           and "Due date" in cells,
           "the preview shows the first rows under the fields chosen")
    tap.ok("Pathways drafted; two colleges still to sign off" in cells,
           "a cell over two lines shows on one line in the preview")
    warning = label_containing(app, dialog, "“Ongoing” is not a date; kept as text")
    tap.ok("plan-unfamiliar-layout.csv, line 5, column “Target date” (Due date)" in warning.name,
           "the check names file, line, column and field of a date kept as words")
    tap.ok("5 rows read: 5 to create" in warning.name and "2 new priorities" in warning.name,
           "the check counts the actions and priorities to be created")
    tap.ok(len(actions_of(db)) == len(before), "checking writes nothing")
    shoot("light")

    app.click(import_button)
    report = app.find("label", "Plan Imported", timeout=15)
    tap.ok(report is not None, "Import writes the rows and reports what it did")
    body = label_containing(app, app.node, "5 actions created")
    tap.ok("2 priorities created" in body.name, f"the report counts what was created: {body.name!r}")
    from dogtail import rawinput
    rawinput.pressKey("Escape")
    wait_for("the report to close",
             lambda: app.node.findChild(lambda n: n.roleName == "label"
                                        and n.name == "Plan Imported",
                                        retry=False, requireResult=False) is None)

    after = actions_of(db)
    imported = {a["title"]: a for a in after if a["title"] in NEW_TITLES}
    tap.ok(len(after) == len(before) + 5 and len(imported) == 5,
           f"the plan has the five new actions ({len(before)} → {len(after)})")
    internship = imported.get(NEW_TITLES[1], {})
    tap.ok(internship.get("rating") == "G" and internship.get("lead") == "Employment lead",
           f"the RAG word and the lead are read: {internship.get('rating')!r}, "
           f"{internship.get('lead')!r}")
    tap.ok(imported.get(NEW_TITLES[0], {}).get("due", "").startswith("2023-04"),
           f"“April 2023” is a date: {imported.get(NEW_TITLES[0], {}).get('due')!r}")

    gantt = app.find("image", "Gantt chart")
    text = wait_for("the new actions in the Gantt chart's text",
                    lambda: (lambda d: d if d and NEW_TITLES[3] in d else None)(gantt.description))
    tap.ok(all(title in text for title in NEW_TITLES),
           "every imported action is in the Gantt chart's accessible text")

    xlsx = os.path.join(work, "Board workbook.xlsx")
    app.menu("Export Workbook…")
    app.type_path(xlsx, replace=True)
    wait_for("the workbook to be written", lambda: os.path.exists(xlsx), timeout=20)
    with zipfile.ZipFile(xlsx) as book:
        names = book.namelist()
        strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names \
            else ""
        tap.ok(book.testzip() is None and "xl/workbook.xml" in names,
               "Export Workbook… writes a valid XLSX with xl/workbook.xml")
        tap.ok(NEW_TITLES[2] in strings.replace("&amp;", "&"),
               "the workbook holds the imported actions")

    out_csv = os.path.join(work, "actions.csv")
    app.menu("Export CSV…")
    app.click(app.find("push button", "Export…", exact=False))
    app.type_path(out_csv, replace=True)
    wait_for("the CSV to be written", lambda: os.path.exists(out_csv), timeout=20)
    with open(out_csv, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    tap.ok(len(rows) == len(after) and any(r.get("title") == NEW_TITLES[4] for r in rows),
           f"Export CSV… writes every action ({len(rows)} rows)")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()

# ---- Part 2: a file that cannot be imported, in dark
os.environ["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
db2 = os.path.join(work, "Untouched.waymark")
cli("--db", db2, "init", "--sample")
before2 = cli("--db", db2, "export-csv", "actions")
app = App(build_dir, [db2])
try:
    dialog = open_import(app, bad_csv)
    import_button = app.find("push button", "Import", within=dialog, exact=False)
    # Area of focus, What we will do, Who, Target date, Status
    for field, header, position in [("Priority", "Area of focus", 0),
                                    ("Title", "What we will do", 1), ("Lead", "Who", 2),
                                    ("Due date", "Target date", 3), ("Rating", "Status", 4)]:
        choose(app, dialog, field, header, position)
    label_containing(app, dialog, "Nothing can be imported until these problems")
    problems = label_containing(app, dialog, "“Purple” is not a rating")
    tap.ok("plan-bad-date.csv, line 3, column “Status” (Rating)" in problems.name,
           "the unknown rating is named by file, line, column and field")
    tap.ok("plan-bad-date.csv, line 4, column “What we will do” (Title)" in problems.name,
           "the row without a title is named by file, line, column and field")
    tap.ok("sensitive" not in states(import_button), "Import is not offered for a file with errors")
    shoot("dark")
    from dogtail import rawinput
    rawinput.pressKey("Escape")
    wait_for("the dialog to close",
             lambda: app.node.findChild(lambda n: n.roleName == "frame"
                                        and n.name == "Import Plan from CSV",
                                        retry=False, requireResult=False) is None)
    tap.ok(cli("--db", db2, "export-csv", "actions") == before2,
           "the refused file wrote nothing: the plan is as it was")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
# ---- Part 3: the DfE's open data as a KPI's benchmarks, from the KPI view
del os.environ["ADW_DEBUG_COLOR_SCHEME"]
dfe_csv = os.path.abspath(os.path.join(data_dir, "dfe-ehcp-timeliness-2019-sample.csv"))
db3 = os.path.join(work, "KPIs.waymark")
cli("--db", db3, "init", "--sample")
values_before = cli("--db", db3, "export-csv", "kpi-values")
app = App(build_dir, [db3])


def import_dfe(authority_downs):
    """K3 (the third KPI); the authority by its place after "None"."""
    from dogtail import rawinput
    app.click(app.find("push button", "Import DfE Data…"))
    app.type_path(dfe_csv)
    app.find("label", "Import DfE Data", timeout=15)
    for name, downs in [("KPI", 2), ("Our local authority", authority_downs)]:
        dropdown = app.find("combo box", name, exact=False)
        app.click(dropdown)
        time.sleep(0.6)
        for _ in range(downs):
            rawinput.pressKey("Down")
            time.sleep(0.05)
        rawinput.pressKey("Return")
        time.sleep(0.5)
    app.click(app.find("push button", "_Import", exact=False))


try:
    from dogtail import rawinput
    app.show_view("KPIs")
    # Gateshead's yearly rows cannot be values of the monthly K3
    import_dfe(1)
    refused = app.find("label", "Nothing Was Imported", timeout=15)
    why = label_containing(app, app.node, "is a calendar year, but K3 is monthly")
    tap.ok(refused is not None and "line 12" in why.name and "time_identifier" in why.name,
           "yearly figures for a monthly KPI are refused, naming line and column")
    tap.ok(cli("--db", db3, "export-csv", "kpi-values") == values_before,
           "the refused DfE import wrote nothing")
    rawinput.pressKey("Escape")
    time.sleep(0.5)
    # benchmarks only: England's series
    import_dfe(0)
    done = app.find("label", "DfE Data Imported", timeout=15)
    tap.ok(done is not None, "Import DfE Data… imports England as a benchmark of K3")
    benchmarks = cli("--db", db3, "export-csv", "kpi-benchmarks")
    tap.ok(any(line.startswith("K3,England,") and "58.7" in line
               for line in benchmarks.splitlines()),
           "England's 2019 figure (58.7%) is a benchmark of K3")
except Failure as error:
    shoot("dfe-failure")
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
