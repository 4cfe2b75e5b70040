#!/usr/bin/python3
"""Issue 4's walk through the plan, end to end, as a lead would do it in
one sitting: open the plan, filter to the ICB's (health) actions, open
1.2a from the Gantt with the keyboard, rate it Red with a progress note
in the editor, undo (Amber again), redo (Red again), drag a stage of 1.2a
on the Gantt, undo the drag, and read the Gantt's rows through the
accessibility tree at each step.

The other plan tests go deeper on each part (test_plan_filters.py,
test_action_editor.py, test_gantt.py); this one checks that they work
together in one window, with one undo history.

Usage: test_plan.py BUILD_DIR
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

from dogtail import rawinput   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
cli = os.path.join(build_dir, "src", "cli", "waymark-cli")
tmp = tempfile.mkdtemp(prefix="waymark-plan-")
geometry_path = os.path.join(tmp, "geometry.txt")
os.environ["WAYMARK_GANTT_DEBUG"] = geometry_path
NOTE = "Health exemplars paused while the DCO post is vacant (UI test)"

# Every sample action names "LA; ICB": make priority 3 and 1.1 the local
# authority's alone (illustrative), so that filtering to the ICB hides some.
db = os.path.join(tmp, "Plan.waymark")
subprocess.run([cli, "--db", db, "init", "--sample"], check=True, capture_output=True)
for code in ("1.1", "3.1", "3.2", "3.3"):
    subprocess.run([cli, "--db", db, "set", "action", code, "agency=LA"], check=True,
                   capture_output=True)


def exported(code):
    out = subprocess.run([cli, "--db", db, "export-csv", "actions"], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    if code is None:
        return rows
    return next(row for row in rows if row["code"] == code)


def geometry():
    g = {"rows": {}, "stages": {}}
    with open(geometry_path) as f:
        for line in f.read().splitlines():
            parts = line.split()
            if parts[0] == "origin":
                g["origin"] = (int(parts[1]), int(parts[2]))
            elif parts[0] == "store":
                g["store"] = int(parts[1])
            elif parts[0] == "stage":
                g["stages"][(parts[1], int(parts[2]))] = (
                    int(parts[3]), int(parts[4]), int(parts[5]), int(parts[6]), parts[7], parts[8])
    return g


def screen(x, y):
    """A point of the chart on the X screen: no window manager under Xvfb,
    so the window sits at 0, 0 and the chart at its origin within it."""
    ox, oy = geometry()["origin"]
    return ox + int(x), oy + int(y)


def chart(app):
    return app.node.findChild(lambda n: n.roleName == "image" and n.name is not None
                              and n.name.startswith("Gantt chart"),
                              retry=False, requireResult=False)


def rows(app):
    """The Gantt's rows, as its accessible description gives them."""
    node = chart(app)
    return [line for line in ((node.description if node else "") or "").splitlines()
            if line.strip()]


def row_of(app, code):
    return next((line for line in rows(app) if line.startswith(code + " ")), None)


def action_codes(app, codes):
    return [line.split(" | ", 1)[0] for line in rows(app) if line.split(" | ", 1)[0] in codes]


def editor_window(app):
    return next((n for n in app.node.children if n.name == "Edit Action 1.2a"), None)


def keys(*combos):
    for combo in combos:
        rawinput.keyCombo(combo)
        time.sleep(0.3)


def point_at(window):
    x, y = window.position
    w, h = window.size
    rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + 20)
    time.sleep(0.3)


def pick_from_dropdown(app, dropdown, item):
    """GTK 4.8's drop-downs do not open from an AT-SPI click: a real click,
    then the keyboard in the popup list."""
    x, y = dropdown.position
    w, h = dropdown.size
    rawinput.click(x + w // 2, y + h // 2)
    items = wait_for("the list to open",
                     lambda: dropdown.findChildren(lambda n: n.roleName == "list item") or None)
    names = [(i.findChild(lambda c: c.roleName == "label", retry=False,
                          requireResult=False) or i).name for i in items]
    if item not in names:
        raise Failure(f"no “{item}” in {names}")
    wait_for("the list to have the keyboard", lambda: "focused" in states(items[0]))
    time.sleep(0.3)
    for _ in range(names.index(item)):
        rawinput.pressKey("Down")
        time.sleep(0.1)
    rawinput.pressKey("Return")


tap = Tap()
all_rows = exported(None)
all_codes = [r["code"] for r in all_rows]
icb_codes = [r["code"] for r in all_rows
             if "ICB" in [part.strip() for part in r["agency"].split(";")]]
app = App(build_dir, [db])
try:
    app.show_view("Plan")
    view = app.find("filler", "WmPlanView")
    wait_for("the Gantt to show every action",
             lambda: action_codes(app, all_codes) == all_codes)

    # ---- filter to the ICB's actions
    app.click(app.find("push button", "Filters", within=view))
    pick_from_dropdown(app, app.find("combo box", "Agency", within=view), "ICB")
    shown = wait_for("the Gantt to show only the ICB's actions",
                     lambda: (lambda c: c if c == icb_codes else None)(
                         action_codes(app, all_codes)), timeout=10)
    tap.ok(shown == icb_codes and len(icb_codes) < len(all_codes),
           f"filtered to the ICB, the Gantt shows its {len(icb_codes)} actions: {shown}")

    # ---- open 1.2a from the Gantt with the keyboard, rate it Red
    wait_for("the chart's geometry", lambda: os.path.exists(geometry_path)
             and geometry().get("store") == 1 and ("1.2a", 0) in geometry()["stages"])
    rawinput.click(*screen(20, 10))   # the header: focuses the chart, selects nothing
    time.sleep(0.5)
    for _ in range(8):
        rawinput.pressKey("Down")
        time.sleep(0.3)
        if "selected: 1.2a " in (chart(app).name or ""):
            break
    tap.ok("selected: 1.2a " in chart(app).name,
           f"Down reaches 1.2a: “{chart(app).name[:70]}”")
    rawinput.pressKey("Return")
    editor = wait_for("the editor for 1.2a", lambda: editor_window(app), timeout=10)
    tap.ok(editor is not None, "Enter on 1.2a opens “Edit Action 1.2a”")

    point_at(editor)
    keys("<Alt>p", "<Alt>r")
    pick_target = wait_for("the list of ratings",
                           lambda: app.node.findChild(lambda n: n.roleName == "list item"
                                                      and "focused" in states(n),
                                                      retry=False, requireResult=False))
    names = [c.findChild(lambda n: n.roleName == "label", retry=False,
                         requireResult=False).name for c in pick_target.parent.children]
    for _ in range(names.index("Red")):
        rawinput.pressKey("Down")
        time.sleep(0.15)
    rawinput.pressKey("Return")
    time.sleep(0.5)
    point_at(editor)
    keys("<Control>s")            # refused: the note is missing, and gets the focus
    wait_for("the refusal at the progress note",
             lambda: editor.findChild(lambda n: n.roleName == "label" and n.name
                                      and "Progress note" in n.name and "visible" in states(n),
                                      retry=False, requireResult=False), timeout=5)
    rawinput.typeText(NOTE)
    time.sleep(0.3)
    keys("<Control>s")
    wait_for("the editor to close", lambda: editor_window(app) is None, timeout=10)
    red = wait_for("1.2a Red in the Gantt",
                   lambda: (lambda r: r if r and "Red" in r else None)(row_of(app, "1.2a")))
    tap.ok(exported("1.2a")["rating"] == "R" and exported("1.2a")["progress"] == NOTE,
           "the editor saved 1.2a as Red with its progress note")
    tap.ok("Amber" not in red, f"the Gantt reads 1.2a as Red: {red[:90]!r}")

    # ---- undo and redo, from the main window
    main = app.frame
    point_at(main)
    keys("<Control>z")
    amber = wait_for("1.2a Amber again after Ctrl+Z",
                     lambda: (lambda r: r if r and "Amber" in r else None)(row_of(app, "1.2a")),
                     timeout=10)
    tap.ok(exported("1.2a")["rating"] == "A",
           f"Ctrl+Z undoes the rating: 1.2a is Amber again ({amber[:60]!r})")
    keys("<Control><Shift>z")
    wait_for("1.2a Red again after Ctrl+Shift+Z",
             lambda: (lambda r: r if r and "Red" in r else None)(row_of(app, "1.2a")), timeout=10)
    tap.ok(exported("1.2a")["rating"] == "R" and exported("1.2a")["progress"] == NOTE,
           "Ctrl+Shift+Z redoes it: Red, with its note")

    # ---- drag 1.2a's first stage 10 days later, then undo the drag
    time.sleep(0.5)
    x0, x1, y0, y1, start, end = geometry()["stages"][("1.2a", 0)]
    mx, my = (x0 + x1) // 2, (y0 + y1) // 2
    rawinput.press(*screen(mx, my))
    for step in range(1, 9):
        rawinput.absoluteMotion(*screen(mx + 5 * step, my))
        time.sleep(0.05)
    rawinput.release(*screen(mx + 40, my))
    moved = wait_for("the dragged stage to be written",
                     lambda: (lambda s: s if s[4] != start else None)(
                         geometry()["stages"][("1.2a", 0)]), timeout=10)
    tap.ok((start, end) == ("2023-04-01", "2023-06-30")
           and (moved[4], moved[5]) == ("2023-04-11", "2023-07-10"),
           f"dragging 1.2a's first stage moves it 10 days: {start}–{end} → {moved[4]}–{moved[5]}")
    point_at(main)
    keys("<Control>z")
    back = wait_for("the stage back after Ctrl+Z",
                    lambda: (lambda s: s if s[4] == start else None)(
                        geometry()["stages"][("1.2a", 0)]), timeout=10)
    tap.ok((back[4], back[5]) == (start, end), f"Ctrl+Z puts the stage back: {back[4]}–{back[5]}")
    tap.ok(exported("1.2a")["rating"] == "R", "…and leaves the rating, an earlier step, alone")

    # ---- the rows, read through the accessibility tree
    lines = rows(app)
    line = row_of(app, "1.2a")
    tap.ok(line is not None and "Red" in line and ("2023-09-30" in line or "30 Sep 2023" in line),
           f"the Gantt's row for 1.2a gives its code, rating and due date: {line!r}")
    tap.ok(action_codes(app, all_codes) == icb_codes,
           f"and the filter still holds: {len(lines)} lines, the ICB's actions only")

    # ---- Set Baseline… and Export Gantt…, from the plan's own menu
    def open_plan_menu(item):
        button = wait_for("the Plan Menu button", lambda: view.findChild(
            lambda n: n.name == "Plan Menu" and n.roleName != "menu", retry=False,
            requireResult=False))
        x, y = button.position
        w, h = button.size
        rawinput.click(x + w // 2, y + h // 2)    # GTK 4.8: no AT-SPI click on menu buttons
        app.click(app.find("menu item", item))

    open_plan_menu("Set Baseline…")
    app.click(app.find("push button", "Set Baseline", exact=False))
    import sqlite3
    baseline = wait_for("the baseline to be written", lambda: sqlite3.connect(db).execute(
        "SELECT baseline_at FROM plan").fetchone()[0], timeout=10)
    tap.ok(baseline is not None, f"Set Baseline… keeps today's dates as the baseline ({baseline})")
    toggle = view.findChild(lambda n: n.name == "Baseline" and n.roleName != "label",
                            retry=False, requireResult=False)
    tap.ok(toggle is not None and ("checked" in states(toggle) or "pressed" in states(toggle)),
           f"and the Gantt shows it: the Baseline button is on ({toggle and states(toggle)})")

    pdf = os.path.join(tmp, "Board Gantt.pdf")
    open_plan_menu("Export Gantt…")
    app.type_path(pdf, replace=True)
    wait_for("the PDF to be written", lambda: os.path.exists(pdf) and os.path.getsize(pdf) > 0,
             timeout=20)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    words = set(text.split())
    tap.ok(all(code in words for code in icb_codes)
           and not any(code in words for code in ("3.1", "3.2", "3.3")),
           "Export Gantt… writes a PDF of what the window shows: the ICB's actions, "
           "not priority 3's")

    # ---- Review Mode: nothing can be changed by accident
    point_at(main)
    keys("<Control><Shift>r")
    wait_for("the window to say it is in Review Mode", lambda: main.findChild(
        lambda n: n.name and "Review Mode, read only" in n.name, retry=False,
        requireResult=False), timeout=5)
    tap.ok(True, "Ctrl+Shift+R turns Review Mode on, and the window's subtitle says so")
    before = geometry()["stages"][("1.2a", 0)]
    x0, x1, y0, y1 = before[:4]
    mx, my = (x0 + x1) // 2, (y0 + y1) // 2
    rawinput.press(*screen(mx, my))
    for step in range(1, 9):
        rawinput.absoluteMotion(*screen(mx + 5 * step, my))
        time.sleep(0.05)
    rawinput.release(*screen(mx + 40, my))
    refusal = wait_for("the refusal", lambda: app.node.findChild(
        lambda n: n.roleName == "label" and n.name and "Review Mode" in n.name
        and "open for review only" in n.name, retry=False, requireResult=False), timeout=10)
    tap.ok(refusal is not None, f"a drag in Review Mode is refused: {refusal.name!r}")
    rawinput.pressKey("Escape")
    time.sleep(0.5)
    after = geometry()["stages"][("1.2a", 0)]
    tap.ok(after[4:] == before[4:] and exported("1.2a")["rating"] == "R",
           f"and nothing changed: the stage is still {after[4]}–{after[5]}")
    point_at(main)
    keys("<Control><Shift>r")
    wait_for("Review Mode to end", lambda: main.findChild(
        lambda n: n.name and "Review Mode, read only" in n.name, retry=False,
        requireResult=False) is None, timeout=5)
    tap.ok(True, "Ctrl+Shift+R again ends it")
except Failure as error:
    tap.ok(False, str(error))
except Exception as error:   # say what broke, rather than stop mid-plan
    import traceback
    traceback.print_exc()
    tap.ok(False, f"{type(error).__name__}: {error}")
finally:
    app.close()
tap.finish()
