#!/usr/bin/python3
"""Board Pack… through the window, as a board co-chair would use it: open
it from the menu, page through the preview, and save the same pages as a
PDF.

Usage: test_board_pack.py BUILD_DIR [SCREENSHOT.png]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, wait_for   # noqa: E402

os.environ["GTK_USE_PORTAL"] = "0"   # GTK's own file chooser, in our process
build_dir = os.path.abspath(sys.argv[1])
screenshot = sys.argv[2] if len(sys.argv) > 2 else None
cli_path = os.path.join(build_dir, "src", "cli", "waymark-cli")
work = tempfile.mkdtemp(prefix="waymark-ui-board-pack-")
plan = os.path.join(work, "plan.waymark")
saved = os.path.join(work, "board pack.pdf")
tap = Tap()

subprocess.run([cli_path, "--db", plan, "init", "--sample"], check=True, capture_output=True)

app = App(build_dir, [plan])
try:
    app.menu("Board Pack…")
    first = app.find("label", "Page 1 of", exact=False, timeout=60)
    n_pages = int(first.name.rsplit(" ", 1)[1])
    tap.ok(n_pages >= 5, f"Board Pack… lays the pack out and previews page 1 of {n_pages}")

    preview = app.find("image", "Preview of the board pack, page 1 of", exact=False)
    tap.ok(preview is not None, "the preview says which page it shows")

    app.click(app.find("push button", "Next Page"))
    second = app.find("label", f"Page 2 of {n_pages}")
    tap.ok(second is not None, "Next Page shows page 2")
    if screenshot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", screenshot], check=False)

    app.click(app.find("push button", "Save PDF…", exact=False))
    app.find("push button", "Cancel", exact=False, timeout=20)   # the file chooser is up
    # the suggested name is selected without its ".pdf": replace all of it
    from dogtail import rawinput
    time.sleep(0.5)
    rawinput.keyCombo("<Control>a")
    app.type_path(saved)
    if screenshot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", screenshot + ".save.png"], check=False)
    wait_for("the PDF to be written", lambda: os.path.exists(saved), timeout=30)
    check = subprocess.run(["qpdf", "--check", saved], capture_output=True, text=True)
    pages = subprocess.run(["pdfinfo", saved], capture_output=True, text=True).stdout
    tap.ok(check.returncode == 0 and re.search(rf"^Pages:\s+{n_pages}$", pages, re.M),
           "Save PDF… writes the pages the preview shows, and qpdf finds no error")
    text = subprocess.run(["pdftotext", saved, "-"], capture_output=True, text=True).stdout
    tap.ok("Exceptions: Red, Amber and overdue actions" in text and "RR7" in text,
           "the saved PDF holds the exceptions and the risks as text")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
    shutil.rmtree(work, ignore_errors=True)
tap.finish()
