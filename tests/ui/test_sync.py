#!/usr/bin/python3
"""Sync by file through the window, as the programme office would do it:
receive a DCO's changes file from the menu, review the conflict it brings
and keep our value, then send changes back from the menu; the other laptop
ends with the same plan.

Usage: test_sync.py BUILD_DIR
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, wait_for   # noqa: E402

os.environ["GTK_USE_PORTAL"] = "0"   # GTK's own file chooser, in our process
build_dir = os.path.abspath(sys.argv[1])
cli_path = os.path.join(build_dir, "src", "cli", "waymark-cli")
work = tempfile.mkdtemp(prefix="waymark-ui-sync-")
a = os.path.join(work, "Programme office.waymark")
b = os.path.join(work, "DCO laptop.waymark")
full = os.path.join(work, "full.waymark-changes")
from_b = os.path.join(work, "from DCO.waymark-changes")
from_a = os.path.join(work, "from programme office.waymark-changes")
tap = Tap()


def cli(*args):
    result = subprocess.run([cli_path] + list(args), capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"waymark-cli {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def title_of(db, code):
    for line in cli("--db", db, "export-csv", "actions").splitlines():
        if f",{code}," in line:
            return line
    return None


# Two laptops on one plan, and the same field edited differently on each.
cli("--db", a, "init", "--sample")
cli("--db", a, "sync-export", "-o", full, "--all")
cli("--db", b, "sync-import", full)
cli("--db", a, "set", "action", "1.2a", "title=Exemplars and guidance (programme office)")
cli("--db", b, "set", "action", "1.2a", "title=Exemplars and guidance (DCO)")
cli("--db", b, "sync-export", "-o", from_b, "--all")

app = App(build_dir, [a])
try:
    app.menu("Receive Changes…")
    app.type_path(from_b)
    received = app.find("label", "Changes Received", timeout=20)
    tap.ok(received is not None, "Receive Changes… from the menu imports the DCO's file")

    app.click(app.find("push button", "Review Conflicts", exact=False))
    keep = app.find("push button", "Keep Mine: action 1.2a, title")
    tap.ok(keep is not None, "the conflict on 1.2a's title is listed with both choices")
    app.click(keep)
    tap.ok(app.find("label", "No Conflicts") is not None, "keeping ours resolves it")
    from dogtail import rawinput
    rawinput.pressKey("Escape")

    app.menu("Send Changes…")
    app.click(app.find("push button", "Save Changes File…", exact=False))
    app.type_path(from_a, replace=True)
    wait_for("the changes file to be written", lambda: os.path.exists(from_a), timeout=20)
    tap.ok(True, "Send Changes… from the menu writes a changes file")

    cli("--db", b, "sync-import", from_a)
    line_a = title_of(a, "1.2a")
    line_b = title_of(b, "1.2a")
    tap.ok(line_b is not None and "(programme office)" in line_b,
           f"the DCO's laptop now holds the value kept: {line_b!r}")
    tap.ok(cli("--db", a, "export-csv", "actions") == cli("--db", b, "export-csv", "actions"),
           "both laptops hold the same actions")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
