#!/usr/bin/python3
"""The Gantt chart driven from the keyboard and the mouse: focused, Down
selects a row and the chart's accessible name announces it; Left and
Right on a priority collapse and expand it, and its actions' lines leave
and come back to the chart's text; dragging a stage of 1.2a moves it by
whole days, written to the plan (the chart's model, rebuilt from the
database, has the new dates) and Escape during a drag puts the bar back.

The chart's geometry comes from WAYMARK_GANTT_DEBUG=FILE, which the chart
writes on each frame: GTK 4.8 under X gives no screen coordinates.

Usage: test_gantt.py BUILD_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

from dogtail import rawinput   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
geometry_dir = tempfile.mkdtemp(prefix="waymark-gantt-")
geometry_path = os.path.join(geometry_dir, "geometry.txt")
os.environ["WAYMARK_GANTT_DEBUG"] = geometry_path


def geometry():
    """origin, store, rows {code: (y0, y1)}, stages {(code, i): (x0, x1, y0, y1, start, end)}"""
    with open(geometry_path) as f:
        text = f.read()
    g = {"rows": {}, "stages": {}}
    for line in text.splitlines():
        parts = line.split()
        if parts[0] == "origin":
            g["origin"] = (int(parts[1]), int(parts[2]))
        elif parts[0] in ("store", "zoom"):
            g[parts[0]] = int(parts[1])
        elif parts[0] == "row":
            g["rows"][parts[1]] = (int(parts[2]), int(parts[3]))
        elif parts[0] == "stage":
            g["stages"][(parts[1], int(parts[2]))] = (
                int(parts[3]), int(parts[4]), int(parts[5]), int(parts[6]), parts[7], parts[8])
    return g


def window_position(title_part):
    """The toplevel's place on the X screen (no window manager here: 0, 0,
    but ask the X server rather than assume)."""
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if title_part in line and '("waymark"' in line:
            m = re.search(r"\d+x\d+\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)", line)
            if m:
                return int(m.group(3)), int(m.group(4))
    return 0, 0


def lines(chart):
    return [line for line in (chart.description or "").splitlines() if line.strip()]


tap = Tap()
app = App(build_dir, ["--sample"])
try:
    app.show_view("Plan")
    view = app.find("filler", "WmPlanView")
    chart = app.find("image", "Gantt chart", within=view)
    g = wait_for("the chart's geometry, with a plan to write to",
                 lambda: os.path.exists(geometry_path) and geometry()["store"] == 1
                 and ("1.2a", 0) in geometry()["stages"] and geometry())
    wx, wy = window_position("Leicestershire")

    def screen(x, y):
        """The chart's (x, y) on the screen; the chart moves when, say, a
        banner shows above it, so where it is now."""
        ox, oy = geometry()["origin"]
        return wx + ox + int(x), wy + oy + int(y)

    # Focus the chart as a person would: a click on its header, which
    # selects nothing.
    rawinput.click(*screen(20, 10))
    time.sleep(0.5)
    tap.ok(chart.name == "Gantt chart", f"nothing selected at first: “{chart.name}”")

    for _ in range(6):
        rawinput.pressKey("Down")
        time.sleep(0.3)
        if "1.2a " in chart.name:
            break
    tap.ok(chart.name.startswith("Gantt chart, selected: 1.2a "),
           f"Down selects 1.2a and the name announces it: “{chart.name[:80]}”")

    before = lines(chart)
    tap.ok(any(line.startswith("1.2a ") for line in before)
           and any(line.startswith("1.1 ") for line in before),
           "priority 1's actions are in the chart's text")
    rawinput.pressKey("Home")
    time.sleep(0.3)
    rawinput.pressKey("Left")
    collapsed = wait_for("priority 1's actions to leave the chart's text",
                         lambda: not any(line.startswith("1.1 ") for line in lines(chart))
                         and lines(chart), timeout=5)
    tap.ok(not any(re.match(r"1\.\d", line) for line in collapsed)
           and any(line.startswith("2.1 ") for line in collapsed)
           and len(collapsed) < len(before),
           f"Left collapses priority 1: its action lines are gone ({len(before)} → "
           f"{len(collapsed)} lines), priority 2's remain")
    tap.ok(geometry()["rows"].get("1.1") is None and "1" in geometry()["rows"],
           "and its action rows are no longer drawn")
    rawinput.pressKey("Right")
    expanded = wait_for("priority 1's actions to come back",
                        lambda: any(line.startswith("1.2a ") for line in lines(chart))
                        and lines(chart), timeout=5)
    tap.ok(len(expanded) == len(before), "Right expands it again")

    # Drag the first stage of 1.2a by 40 pixels: 10 days at month zoom.
    time.sleep(0.5)
    g = geometry()
    x0, x1, y0, y1, start, end = g["stages"][("1.2a", 0)]
    tap.ok((start, end) == ("2023-04-01", "2023-06-30"), f"1.2a's first stage is {start} to {end}")
    mx, my = (x0 + x1) // 2, (y0 + y1) // 2

    # Escape during a drag puts the bar back and writes nothing
    rawinput.press(*screen(mx, my))
    for step in range(1, 9):
        rawinput.absoluteMotion(*screen(mx + 5 * step, my))
        time.sleep(0.05)
    rawinput.pressKey("Escape")
    time.sleep(0.2)
    rawinput.release(*screen(mx + 40, my))
    time.sleep(1.0)
    s = geometry()["stages"][("1.2a", 0)]
    tap.ok((s[4], s[5]) == ("2023-04-01", "2023-06-30"), f"Escape cancels the drag: {s[4]} to {s[5]}")

    rawinput.press(*screen(mx, my))
    for step in range(1, 9):
        rawinput.absoluteMotion(*screen(mx + 5 * step, my))
        time.sleep(0.05)
    rawinput.release(*screen(mx + 40, my))
    moved = wait_for("the moved stage to come back from the database",
                     lambda: geometry()["stages"][("1.2a", 0)][4] != "2023-04-01"
                     and geometry()["stages"][("1.2a", 0)], timeout=5)
    tap.ok((moved[4], moved[5]) == ("2023-04-11", "2023-07-10"),
           f"dragging the middle moves the stage 10 days: {moved[4]} to {moved[5]}")

    # The right end, dragged 20 pixels left: the end moves 5 days earlier
    x0, x1, y0, y1 = moved[:4]
    ex = x1 - 3
    rawinput.press(*screen(ex, my))
    for step in range(1, 5):
        rawinput.absoluteMotion(*screen(ex - 5 * step, my))
        time.sleep(0.05)
    rawinput.release(*screen(ex - 20, my))
    resized = wait_for("the resized stage to come back from the database",
                       lambda: geometry()["stages"][("1.2a", 0)][5] != "2023-07-10"
                       and geometry()["stages"][("1.2a", 0)], timeout=5)
    tap.ok((resized[4], resized[5]) == ("2023-04-11", "2023-07-05"),
           f"dragging the end changes only the end: {resized[4]} to {resized[5]}")

    # Once the plan has a baseline, a moved stage needs a reason: the
    # chart asks for one and then writes the change.  A stage dragged out
    # of its action is refused, and the chart says why.
    result = subprocess.run([os.path.join(build_dir, "src", "cli", "waymark-cli"), "--db",
                             app.sample_path, "set-baseline", "--author", "UI test"],
                            capture_output=True, text=True)
    tap.ok(result.returncode == 0, f"waymark-cli set-baseline: {result.stderr.strip()}")
    time.sleep(2.5)   # the window follows the database
    s = geometry()["stages"][("1.2a", 0)]
    mx, my = (s[0] + s[1]) // 2, (s[2] + s[3]) // 2

    def drag_by(dx):
        rawinput.press(*screen(mx, my))
        for step in range(1, 9):
            rawinput.absoluteMotion(*screen(mx + dx * step // 8, my))
            time.sleep(0.05)
        rawinput.release(*screen(mx + dx, my))

    drag_by(-80)   # 20 days before its action starts
    dialog = app.find("dialog", "The Dates Were Not Changed", timeout=5)
    tap.ok(app.find("label", "before its action", within=dialog, exact=False) is not None,
           "a stage dragged before its action's start is refused, and the chart says why")
    app.click(app.find("push button", "Close", within=dialog, exact=False))
    wait_for("the message to close",
             lambda: app.node.findChild(lambda n: n.roleName == "dialog", retry=False,
                                        requireResult=False) is None, timeout=5)
    s = geometry()["stages"][("1.2a", 0)]
    tap.ok((s[4], s[5]) == ("2023-04-11", "2023-07-05"), f"and nothing changed: {s[4]} to {s[5]}")

    drag_by(28)    # 7 days later
    dialog = app.find("dialog", "Why Did the Dates Change?", timeout=5)
    change = app.find("push button", "Change Dates", within=dialog, exact=False)
    tap.ok("sensitive" not in states(change), "no change without a reason")
    entry = app.find("text", "Reason", within=dialog)
    entry.text = "Panel dates moved by the ICB"
    wait_for("Change Dates to be enabled", lambda: "sensitive" in states(change), timeout=5)
    app.click(change)
    moved = wait_for("the stage moved with a reason",
                     lambda: geometry()["stages"][("1.2a", 0)][4] != "2023-04-11"
                     and geometry()["stages"][("1.2a", 0)], timeout=5)
    tap.ok((moved[4], moved[5]) == ("2023-04-18", "2023-07-12"),
           f"with a reason given the stage moves a week: {moved[4]} to {moved[5]}")

    # A double-click on a bar opens its action (the Plan view's editor),
    # and moves nothing
    s = geometry()["stages"][("1.2a", 0)]
    bar = screen((s[0] + s[1]) // 2, (s[2] + s[3]) // 2)
    for _ in range(2):   # rawinput.doubleClick goes through AT-SPI, which GTK 4 ignores
        rawinput.press(*bar)
        rawinput.release(*bar)
    editor = wait_for("the “Edit Action 1.2a” window",
                      lambda: [w for w in app.node.children if w.name == "Edit Action 1.2a"],
                      timeout=10)
    s2 = geometry()["stages"][("1.2a", 0)]
    tap.ok(editor is not None and (s2[4], s2[5]) == (s[4], s[5]),
           f"a double-click on 1.2a's bar opens its editor and leaves it at {s2[4]} to {s2[5]}")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
    tap.finish()
