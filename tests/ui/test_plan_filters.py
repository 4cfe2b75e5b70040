#!/usr/bin/python3
"""Finding things in the plan, as a person would: the filter bar narrows
the Gantt and the list together to one agency's actions, with a count that
says so and the empty priorities gone; Ctrl+F searches codes, titles and
notes; Escape ends the search, and Clear Filters brings every action back.

What the window shows is read through the Gantt's accessible description
(one line a row) and checked against `waymark-cli export-csv actions`.

Usage: test_plan_filters.py BUILD_DIR
Set WAYMARK_UI_SCREENSHOTS=DIR to save the filter bar, light and dark.
"""
import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
cli = os.path.join(build_dir, "src", "cli", "waymark-cli")
screenshots = os.environ.get("WAYMARK_UI_SCREENSHOTS")
tap = Tap()

# The sample names "LA; ICB" on every action, which would make any agency
# filter a no-op: give three actions one agency each, and all of priority 3
# to the local authority, so that filtering to the ICB has something to hide.
tmp = tempfile.mkdtemp(prefix="waymark-filters-")
db = os.path.join(tmp, "Filters.waymark")
subprocess.run([cli, "--db", db, "init", "--sample"], check=True, capture_output=True)
for code, agency in [("1.1", "LA"), ("2.3", "LA\nParent Carer Forum"),
                     ("3.1", "LA"), ("3.2", "LA"), ("3.3", "LA")]:
    subprocess.run([cli, "--db", db, "set", "action", code, f"agency={agency}"], check=True,
                   capture_output=True)
# and two due dates near today, one inside four weeks and one outside
today = datetime.date.today()
for code, days in [("2.4", 10), ("2.1", 60)]:
    subprocess.run([cli, "--db", db, "set", "--reason", "UI test", "action", code,
                    f"due={(today + datetime.timedelta(days=days)).isoformat()}"],
                   check=True, capture_output=True)
exported = subprocess.run([cli, "--db", db, "export-csv", "actions"], check=True,
                          capture_output=True, text=True).stdout
actions = list(csv.DictReader(io.StringIO(exported)))
all_codes = [a["code"] for a in actions]
icb_codes = [a["code"] for a in actions
             if "ICB" in [part.strip() for part in a["agency"].split(";")]]
# due within four weeks: not complete (no completed date, not rated Blue,
# the sample scale's "complete") and due by today + 28 days, overdue included
soon = (today + datetime.timedelta(days=28)).isoformat()
due_soon_codes = [a["code"] for a in actions
                  if a["due"] and a["due"] <= soon and not a["completed"] and a["rating"] != "B"]


def shot(name, dark=False):
    """Screenshots the window as it is now (and in dark, by a second run
    of the same steps: the colour scheme is read at start)."""
    if screenshots:
        time.sleep(0.8)
        subprocess.run(["import", "-window", "root",
                        os.path.join(screenshots, f"plan-filters-{name}.png")], check=False)


def gantt_lines(app):
    chart = app.find("image", "Gantt chart", within=app.find("filler", "WmPlanView"))
    return [line for line in (chart.description or "").splitlines() if line.strip()]


def gantt_codes(app):
    """The codes of the action rows the Gantt shows, top to bottom."""
    codes = []
    for line in gantt_lines(app):
        code = line.split(" | ", 1)[0]
        if code in all_codes:
            codes.append(code)
    return codes


def priority_headers(app):
    return [line.split(" | ", 1)[0] for line in gantt_lines(app) if line.startswith("Priority ")]


def pointer_click(node):
    """A real click at the middle of a node: GTK 4.8's drop-down and its
    popup list do not act on an AT-SPI click."""
    from dogtail import rawinput
    x, y = node.position
    w, h = node.size
    rawinput.click(x + w // 2, y + h // 2)


def count_text(app):
    view = app.find("filler", "WmPlanView")
    label = view.findChild(lambda n: n.roleName == "label" and n.name.endswith(" actions")
                           and n.name[0].isdigit(), retry=False, requireResult=False)
    return label.name if label is not None else None


def choose(app, dropdown_name, item):
    """Opens a drop-down of the filter bar with the pointer and picks an
    item with the keyboard, as the popup list has it."""
    from dogtail import rawinput
    dropdown = app.find("combo box", dropdown_name, within=app.find("filler", "WmPlanView"))
    pointer_click(dropdown)

    def items():
        return dropdown.findChildren(lambda n: n.roleName == "list item") or None
    rows = wait_for(f"the {dropdown_name} list to open", items)

    def name(row):
        label = row.findChild(lambda c: c.roleName == "label", retry=False,
                              requireResult=False)
        return label.name if label is not None else None
    names = [name(row) for row in rows]
    if item not in names:
        raise Failure(f"no “{item}” in the {dropdown_name} list: {names}")
    first = wait_for("the list to have the keyboard", lambda: "focused" in states(rows[0]))
    time.sleep(0.3)
    for _ in range(names.index(item)):
        rawinput.pressKey("Down")
        time.sleep(0.1)
    rawinput.pressKey("Return")
    return first


def run(dark=False):
    app = App(build_dir, [db])
    try:
        app.show_view("Plan")
        wait_for("the Gantt to show the plan", lambda: len(gantt_codes(app)) == len(all_codes))
        if not dark:
            tap.ok(gantt_codes(app) == all_codes,
                   f"unfiltered, the Gantt shows all {len(all_codes)} actions")
            tap.ok(count_text(app) == f"{len(all_codes)} actions",
                   f"the count says so: “{count_text(app)}”")

        view = app.find("filler", "WmPlanView")
        app.click(app.find("push button", "Filters", within=view))
        choose(app, "Agency", "ICB")
        wait_for("the Gantt to narrow to the ICB's actions",
                 lambda: gantt_codes(app) == icb_codes, timeout=5)
        shot("agency-dark" if dark else "agency")
        if dark:
            return
        tap.ok(True, f"filtered to the ICB, the Gantt shows exactly the actions whose agency "
                     f"column names the ICB: {', '.join(icb_codes)}")
        tap.ok(count_text(app) == f"{len(icb_codes)} of {len(all_codes)} actions",
               f"the count reads “{count_text(app)}”")
        tap.ok("Priority 3" not in priority_headers(app)
               and priority_headers(app) == ["Priority 1", "Priority 2"],
               f"priority 3, none of whose actions is the ICB's, is hidden: "
               f"{priority_headers(app)}")

        # a change from elsewhere (another laptop's sync, waymark-cli) comes
        # into the filtered Gantt, which stays where it was scrolled to
        from dogtail import rawinput
        chart = app.find("image", "Gantt chart", within=view)
        cx, cy = chart.position
        cw, ch = chart.size
        hbar = view.findChildren(lambda n: n.roleName == "scroll bar")[0].children[0]
        for _ in range(5):
            rawinput.holdKey("Shift_L")
            rawinput.click(cx + cw // 2, cy + ch // 2, button=5)
            rawinput.releaseKey("Shift_L")
            time.sleep(0.1)
        scrolled = wait_for("the Gantt to scroll sideways", lambda: hbar.value)
        subprocess.run([cli, "--db", db, "set", "action", "1.2a", "rating=R",
                        "note=UI test: filtered refresh", "author=UI test"],
                       check=True, capture_output=True)
        wait_for("1.2a to turn Red in the filtered Gantt", lambda: any(
            line.startswith("1.2a | ") and " | Red | " in line for line in gantt_lines(app)))
        tap.ok(gantt_codes(app) == icb_codes and abs(hbar.value - scrolled) < 1,
               f"a change made with waymark-cli shows in the filtered Gantt, still filtered "
               f"and still scrolled to {scrolled:.0f} px ({hbar.value:.0f})")

        # the list follows the same filter
        app.click(app.find("page tab", "List", within=view))
        table = app.find("filler", "WmTablePage", within=view)

        def list_labels():
            return [n.name for n in table.findChildren(
                lambda n: n.roleName == "label" and "visible" in states(n) and n.size[1] > 0)]
        wait_for("the list to show", lambda: "1.2a" in list_labels())
        listed = [label for label in list_labels() if label in all_codes]
        tap.ok(listed == icb_codes, f"the list shows the same actions: {listed}")
        headings = [label for label in list_labels() if label.startswith("Priority ")]
        tap.ok(headings == ["Priority 1", "Priority 2"],
               f"…under priorities 1 and 2 only: {headings}")
        app.click(app.find("page tab", "Gantt", within=view))

        # Ctrl+F searches codes, titles and notes, within the filter
        from dogtail import rawinput
        x, y = app.frame.position
        w, h = app.frame.size
        rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + h // 2)
        def chart_top():
            return app.find("image", "Gantt chart", within=view).position[1]
        top_before_search = chart_top()
        rawinput.keyCombo("<Control>f")
        entry = app.find("entry", "Search actions", within=view)
        wait_for("the search entry to have the keyboard", lambda: "focused" in states(entry))
        tap.ok(True, "Ctrl+F opens the search bar with the keyboard in it")
        rawinput.typeText("exemplars")
        expected = [a["code"] for a in actions if a["code"] in icb_codes and "exemplars" in
                    " ".join([a["code"], a["title"], a["description"], a["progress"]]).lower()]
        wait_for("the search to narrow the Gantt", lambda: gantt_codes(app) == expected,
                 timeout=5)
        tap.ok(True, f"searching “exemplars” within the ICB's actions finds those whose code, "
                     f"title, description or notes say it: {', '.join(expected)}")
        rawinput.keyCombo("<Control>a")
        rawinput.typeText("advice exemplars")
        wait_for("the search to narrow the Gantt again", lambda: gantt_codes(app) == ["1.2a"],
                 timeout=5)
        tap.ok(True, "searching “advice exemplars” finds 1.2a only")
        tap.ok(count_text(app) == f"1 of {len(all_codes)} actions",
               f"the count reads “{count_text(app)}”")
        shot("search")

        rawinput.pressKey("Escape")
        wait_for("Escape to end the search", lambda: gantt_codes(app) == icb_codes, timeout=5)
        wait_for("the search bar to close, giving the Gantt its room back",
                 lambda: chart_top() == top_before_search, timeout=5)
        tap.ok(True, "Escape closes the search and clears it: back to the ICB's actions")

        app.click(app.find("push button", "Clear Filters", within=view))
        wait_for("every action to come back", lambda: gantt_codes(app) == all_codes, timeout=5)
        tap.ok(True, f"Clear Filters restores all {len(all_codes)} actions")
        tap.ok(priority_headers(app) == ["Priority 1", "Priority 2", "Priority 3"],
               "…and every priority")
        tap.ok(count_text(app) == f"{len(all_codes)} actions",
               f"the count reads “{count_text(app)}”")

        # due within four weeks, overdue ones included
        choose(app, "Due", "Due within 4 weeks")
        wait_for("the Gantt to show what is due within four weeks",
                 lambda: gantt_codes(app) == due_soon_codes, timeout=5)
        tap.ok("2.4" in due_soon_codes and "2.1" not in due_soon_codes,
               f"“Due within 4 weeks” shows the actions not complete and due by {soon}: "
               f"{', '.join(due_soon_codes)} (2.4, due in 10 days, in; 2.1, in 60, out)")
        app.click(app.find("push button", "Clear Filters", within=view))
        wait_for("every action to come back", lambda: gantt_codes(app) == all_codes, timeout=5)

        # "My Actions" filters by the lead or agency set in Preferences
        mine = app.find("push button", "My Actions", within=view)
        tap.ok("sensitive" not in states(mine), "My Actions waits for a lead or agency to be set")
        rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + h // 2)
        rawinput.keyCombo("<Control>comma")
        prefs = app.find("frame", "Preferences")
        pointer_click(app.find("label", "My Lead or Agency", within=prefs))
        time.sleep(0.5)
        rawinput.typeText("icb")
        time.sleep(0.5)
        rawinput.pressKey("Escape")
        wait_for("Preferences to close", lambda: app.node.findChild(
            lambda n: n.roleName == "frame" and n.name == "Preferences",
            recursive=False, retry=False, requireResult=False) is None)
        wait_for("My Actions to become available", lambda: "sensitive" in states(mine))
        app.click(mine)
        wait_for("My Actions to show the ICB's actions", lambda: gantt_codes(app) == icb_codes,
                 timeout=5)
        tap.ok(True, "with “icb” as my agency in Preferences, My Actions shows the ICB's "
                     "actions")
        tap.ok(app.find("combo box", "Agency", within=view).findChild(
            lambda n: n.roleName == "label" and n.name == "ICB", retry=False,
            requireResult=False) is not None,
            "…by choosing the ICB in the agency drop-down, where it can be seen")
        app.click(mine)
        wait_for("every action to come back", lambda: gantt_codes(app) == all_codes, timeout=5)
        tap.ok(True, "pressing My Actions again shows every action")

        # activating a row of the list opens the action's editor
        app.click(app.find("page tab", "List", within=view))
        label = wait_for("1.3a in the list", lambda: table.findChild(
            lambda n: n.roleName == "label" and n.name == "1.3a" and n.size[1] > 0,
            retry=False, requireResult=False))
        lx, ly = label.position
        lw, lh = label.size
        rawinput.click(lx + lw // 2, ly + lh // 2)
        time.sleep(0.3)
        rawinput.pressKey("Return")
        # (the editor's window is the action editor's business: look for
        # any new window that names the action)
        editor = wait_for("a window for action 1.3a", lambda: [
            n for n in app.node.children if n.name and "1.3a" in n.name])
        tap.ok(True, f"Enter on action 1.3a in the list opens “{editor[0].name}”")
        app.click(app.find("push button", "Cancel", within=editor[0], exact=False))
        wait_for("the editor to close", lambda: not [
            n for n in app.node.children if n.name and "1.3a" in n.name])

        # … and so does activating a row of the Gantt, from the keyboard
        app.click(app.find("page tab", "Gantt", within=view))
        chart = app.find("image", "Gantt chart", within=view)
        cx, cy = chart.position
        cw, ch = chart.size
        rawinput.click(cx + cw - 40, cy + ch - 60)   # below the last row: focus only
        time.sleep(0.3)
        rawinput.pressKey("Home")
        time.sleep(0.2)
        rawinput.pressKey("Down")
        selected = wait_for("a row of the Gantt to be selected", lambda: view.findChild(
            lambda n: n.roleName == "image" and n.name.startswith("Gantt chart, selected: "),
            retry=False, requireResult=False))
        code = selected.name[len("Gantt chart, selected: "):].split(" | ", 1)[0]
        tap.ok(code in all_codes, f"Home, Down selects action {code} in the Gantt")
        rawinput.pressKey("Return")
        editor = wait_for(f"a window for action {code}", lambda: [
            n for n in app.node.children if n.name and n.name.endswith(f" {code}")])
        tap.ok(True, f"Enter on it in the Gantt opens “{editor[0].name}”")
    except Failure as error:
        tap.ok(False, str(error))
    finally:
        app.close()


run()
if screenshots:
    os.environ["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
    run(dark=True)
    del os.environ["ADW_DEBUG_COLOR_SCHEME"]
shutil.rmtree(tmp, ignore_errors=True)
tap.finish()
