#!/usr/bin/python3
"""The app shell, driven as a person would: it opens on the sample plan,
each of the four views is reached by its accessible name, action 1.1 and
risk RR1 are there, and a change made with waymark-cli while the window
is open shows up in it within two seconds.

Usage: test_shell.py BUILD_DIR
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, ancestor, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
cli = os.path.join(build_dir, "src", "cli", "waymark-cli")
tap = Tap()
app = App(build_dir, ["--sample"])
try:
    tap.ok("Leicestershire" in app.frame.name,
           f"window title names the plan: “{app.frame.name}”")

    app.show_view("Plan")
    view = app.find("filler", "WmPlanView")
    code = app.find("label", "1.1", within=view)
    tap.ok("visible" in states(code), "action 1.1 is in the Plan view")
    row = ancestor(code, "table row")
    tap.ok(row is not None and row.findChild(
        lambda n: n.roleName == "label" and "multi-agency EHC needs assessment" in n.name,
        retry=False, requireResult=False) is not None,
        "its row shows the action's title")

    chart = app.find("image", "Gantt chart", within=view)
    rows = [line for line in (chart.description or "").splitlines() if line.strip()]
    tap.ok(any(line.startswith("1.1 ") for line in rows)
           and any(line.startswith("3.3 ") for line in rows),
           f"the Gantt reads as text, a line a row ({len(rows)} lines)")

    app.show_view("Risks")
    view = app.find("filler", "WmRiskView")
    tap.ok(app.find("label", "RR1", within=view) is not None, "risk RR1 is in the Risks view")

    app.show_view("Audits")
    view = app.find("filler", "WmAuditView")
    tap.ok(app.find("label", "What the Plan Commits To", within=view) is not None,
           "the Audits view shows the plan's audit commitments")

    app.show_view("KPIs")
    view = app.find("filler", "WmKpiView")
    tap.ok(app.find("label", "Auditor and moderator agreement", within=view) is not None,
           "the KPIs view lists the plan's KPIs")

    # Another process writes to the open plan: the window follows.
    app.show_view("Plan")
    before = time.monotonic()
    result = subprocess.run([cli, "--db", app.sample_path, "set", "action", "1.1",
                             "rating=R", "note=UI test: panel dates slipped", "author=UI test"],
                            capture_output=True, text=True, env=app.env)
    tap.ok(result.returncode == 0, f"waymark-cli set action 1.1 rating=R ({result.stderr.strip()})")

    def row_shows_red():
        label = app.find("label", "1.1", within=app.find("filler", "WmPlanView"))
        row = ancestor(label, "table row")
        return row.findChild(lambda n: n.roleName == "label" and n.name == "Red",
                             retry=False, requireResult=False)
    try:
        wait_for("1.1 to show Red", row_shows_red, timeout=2.0, interval=0.1)
        tap.ok(True, f"the open window shows 1.1 as Red after "
                     f"{time.monotonic() - before:.1f}s")
    except Failure as error:
        tap.ok(False, str(error))
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()

# A file that is not a plan gets a clear message in the window, and is
# left exactly as it was.
notes = os.path.join(tempfile.mkdtemp(prefix="waymark-ui-"), "board minutes.txt")
with open(notes, "w") as f:
    f.write("SEND and Inclusion Board, 13 April 2023\n")
before = open(notes, "rb").read()
app = App(build_dir, [notes])
try:
    tap.ok(app.find("label", "Could Not Open Plan") is not None,
           "opening a text file shows “Could Not Open Plan”")
    message = app.find("label", "board minutes.txt", exact=False)
    tap.ok("not a Waymark plan" in message.name, f"and says why: “{message.name}”")
    tap.ok(open(notes, "rb").read() == before, "the text file is unchanged")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
