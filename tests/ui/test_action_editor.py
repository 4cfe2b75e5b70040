#!/usr/bin/python3
"""The action editor, driven with the keyboard as a lead would: on the
sample plan, open action 1.2a (Amber), rate it Red, be refused at the
progress note until one is written, save, and read 1.2a Red in the Gantt
chart's accessible text; then, in a fresh sample, move the due date
before the start and see it refused at the due date with nothing saved,
not even the title changed in the same save; and, once the plan has a
baseline, be asked why the due date moved before it is saved.

The editor is opened with `waymark --sample --edit-action 1.2a` (the
window's "win.edit-action"), whatever the Plan view offers.

Usage: test_action_editor.py BUILD_DIR
"""
import csv
import io
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
cli_path = os.path.join(build_dir, "src", "cli", "waymark-cli")
tap = Tap()

NOTE = "Health exemplars paused while the DCO post is vacant"
NEW_TITLE = "A title that must not be saved"


def exported_action(db, code):
    result = subprocess.run([cli_path, "--db", db, "export-csv", "actions"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"waymark-cli export-csv actions failed: {result.stderr.strip()}")
    for row in csv.DictReader(io.StringIO(result.stdout)):
        if row["code"] == code:
            return row
    raise Failure(f"no action {code} in the export")


def find_editor(app, timeout=15):
    return wait_for("the “Edit Action 1.2a” window",
                    lambda: app.node.findChild(lambda n: n.roleName == "frame"
                                               and n.name == "Edit Action 1.2a",
                                               retry=False, requireResult=False),
                    timeout=timeout)


def editor_gone(app):
    return app.node.findChild(lambda n: n.roleName == "frame" and n.name == "Edit Action 1.2a",
                              retry=False, requireResult=False) is None


def point_at(window):
    """The pointer rests on the window, which then has the X focus: there
    is no window manager under Xvfb."""
    from dogtail import rawinput
    x, y = window.position
    w, h = window.size
    rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + 20)
    time.sleep(0.3)


def keys(*combos):
    from dogtail import rawinput
    for combo in combos:
        rawinput.keyCombo(combo)
        time.sleep(0.25)


def type_text(text):
    from dogtail import rawinput
    rawinput.typeText(text)
    time.sleep(0.3)


def label_containing(window, text):
    return window.findChild(lambda n: n.roleName == "label" and n.name is not None
                            and text in n.name and "visible" in states(n),
                            retry=False, requireResult=False)


def combo_value(window, title):
    """The value an AdwComboRow shows, as a screen reader reads it."""
    row = window.findChild(lambda n: n.roleName == "combo box" and n.name == title,
                           retry=False, requireResult=False)
    values = row.findChildren(lambda n: n.roleName == "label" and n.name != title
                              and n.name is not None)
    return values[-1].name if values else None


def choose_rating(app, editor, label):
    """Alt+R opens the rating's list with the first rating focused: walk
    down to the one wanted and take it."""
    from dogtail import rawinput
    # Focus the field just above first, so that the page scrolls the row
    # into view: a list opened from a row below the window has no monitor
    # to fit into under Xvfb (a GTK critical, fatal in the tests).
    keys("<Alt>p", "<Alt>r")
    time.sleep(0.5)
    item = wait_for("the list of ratings",
                    lambda: app.node.findChild(lambda n: n.roleName == "list item"
                                               and "focused" in states(n),
                                               retry=False, requireResult=False))
    names = [c.findChild(lambda n: n.roleName == "label", retry=False, requireResult=False).name
             for c in item.parent.children]
    if label not in names:
        raise Failure(f"no rating {label} among {names}")
    for _ in range(names.index(label)):
        rawinput.pressKey("Down")
        time.sleep(0.15)
    rawinput.pressKey("Return")
    wait_for(f"the rating to show {label}", lambda: combo_value(editor, "Rating") == label)


# ---- Part 1: a new rating needs a progress note
app = App(build_dir, ["--sample", "--edit-action", "1.2a"])
try:
    editor = find_editor(app)
    tap.ok(True, "--edit-action opens a window titled “Edit Action 1.2a”")
    db = app.sample_path
    before = exported_action(db, "1.2a")
    tap.ok(before["rating"] == "A", f"1.2a starts Amber (A): {before['rating']!r}")

    save = app.find("push button", "Save", within=editor, exact=False)
    tap.ok("focusable" in states(save), "the Save button takes keyboard focus")
    for name in ("Code", "Title", "Start date", "Due date", "Completed date",
                 "Signed off by"):
        tap.ok(editor.findChild(lambda n, name=name: n.roleName == "text" and n.name == name,
                                retry=False, requireResult=False) is not None,
               f"the field “{name}” is named for screen readers")
    tap.ok(editor.findChild(lambda n: n.roleName == "text" and n.name == "Description",
                            retry=False, requireResult=False) is not None,
           "the description's text view is named for screen readers")
    tap.ok(label_containing(editor, "Identify good practice and gaps") is not None,
           "the editor lists the action's stages")

    point_at(editor)
    note_row = lambda: editor.findChild(lambda n: n.roleName == "text"   # noqa: E731
                                        and n.name is not None
                                        and n.name.startswith("Progress note")
                                        and "visible" in states(n),
                                        retry=False, requireResult=False)
    tap.ok(note_row() is None, "no progress note field while the rating is unchanged")
    choose_rating(app, editor, "Red")
    tap.ok(wait_for("the progress note field", note_row, timeout=5) is not None,
           "choosing Red reveals the progress note field")

    point_at(editor)
    keys("<Control>s")
    message = wait_for("the refusal at the progress note",
                       lambda: label_containing(editor, "Progress note: say why"), timeout=5)
    tap.ok(message is not None and not editor_gone(app),
           f"Save without a note is refused at the field: {message.name!r}")
    tap.ok(exported_action(db, "1.2a")["rating"] == "A", "and nothing was saved: still Amber")

    # The refusal left the focus in the note field: type straight into it.
    type_text(NOTE)
    keys("<Control>s")
    wait_for("the editor to close after saving", lambda: editor_gone(app), timeout=10)
    tap.ok(True, "with a note, Save saves and closes the editor")
    after = exported_action(db, "1.2a")
    tap.ok(after["rating"] == "R", f"1.2a is saved Red (R): {after['rating']!r}")
    tap.ok(after["progress"] == NOTE,
           f"the note typed where the focus was left is the progress note: {after['progress']!r}")

    gantt = app.find("image", "Gantt chart")

    def line_of_12a():
        for line in (gantt.description or "").splitlines():
            if line.startswith("1.2a "):
                return line
        return None
    line = wait_for("1.2a Red in the Gantt chart's text",
                    lambda: (lambda text: text if text and "Red" in text else None)(line_of_12a()))
    tap.ok("Amber" not in line, f"the Gantt chart reads 1.2a as Red: {line!r}")
finally:
    app.close()

# ---- Part 2: a due date before the start is refused, nothing saved
app = App(build_dir, ["--sample", "--edit-action", "1.2a"])
try:
    editor = find_editor(app)
    db = app.sample_path
    before = exported_action(db, "1.2a")
    point_at(editor)
    keys("<Alt>t", "<Control>a")
    type_text(NEW_TITLE)
    keys("<Alt>u", "<Control>a")
    type_text("01/01/2020")
    keys("<Control>s")
    message = wait_for("the refusal at the due date",
                       lambda: label_containing(editor, "is before the start date"), timeout=5)
    tap.ok(message.name.startswith("Due date"),
           f"a due date before the start is refused, naming the field: {message.name!r}")
    tap.ok(not editor_gone(app), "the editor stays open to correct it")
    after = exported_action(db, "1.2a")
    tap.ok(after["due"] == before["due"] == "2023-09-30",
           f"the due date was not saved: {after['due']!r}")
    tap.ok(after["title"] == before["title"] and after["title"] != NEW_TITLE,
           "nor the title changed in the same save: nothing is saved half-way")

    keys("Escape")
    wait_for("Escape to close the editor", lambda: editor_gone(app), timeout=5)
    tap.ok(exported_action(db, "1.2a")["title"] == before["title"],
           "Escape closes the editor without saving")
finally:
    app.close()

# ---- Part 3: once there is a baseline, a moved due date asks why
app = App(build_dir, ["--sample", "--edit-action", "1.2a"])
try:
    editor = find_editor(app)
    db = app.sample_path
    result = subprocess.run([cli_path, "--db", db, "set-baseline"], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"waymark-cli set-baseline failed: {result.stderr.strip()}")
    point_at(editor)
    keys("<Alt>u", "<Control>a")
    type_text("31/10/2023")
    keys("<Control>s")
    dialog = wait_for("the question why the date moved",
                      lambda: app.node.findChild(lambda n: n.name == "Why Did the Date Move?"
                                                 and n.roleName in ("dialog", "alert", "frame"),
                                                 retry=False, requireResult=False), timeout=5)
    tap.ok(dialog is not None, "moving the due date after the baseline asks for the reason")
    tap.ok(exported_action(db, "1.2a")["due"] == "2023-09-30", "nothing is saved before it is given")
    # the dialog's entry has the focus
    type_text("Health exemplars need another month")
    keys("Return")
    wait_for("the editor to close once the reason is given", lambda: editor_gone(app), timeout=10)
    tap.ok(exported_action(db, "1.2a")["due"] == "2023-10-31",
           "with the reason, the moved due date is saved")
finally:
    app.close()

tap.finish()
