#!/usr/bin/python3
"""The risk register, driven as a risk lead would: on the sample plan,
scored on the 5×5 matrix, add RR8 with its likelihood and impact before
and after mitigation and link it to action 1.3a; find it in the register,
sorted by residual score, between the risks scored above and below it;
read it in the heat map's accessible text; and see a duplicate ref refused
by name at the field.

Usage: test_risks.py BUILD_DIR
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, ancestor, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
cli_path = os.path.join(build_dir, "src", "cli", "waymark-cli")
work = tempfile.mkdtemp(prefix="waymark-ui-risks-")
db = os.path.join(work, "Risk register.waymark")
tap = Tap()

TITLE = "Not enough educational psychologists"
RR8_IN_WORDS = ("RR8, " + TITLE + ": before mitigation likelihood 4 Likely, impact 5 "
                "Catastrophic: score 20, Extreme; after mitigation likelihood 2 Unlikely, "
                "impact 3 Moderate: score 6, Moderate")


def cli(*args):
    result = subprocess.run([cli_path, "--db", db] + list(args), capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"waymark-cli {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def exported_risks():
    return {row["ref"]: row for row in csv.DictReader(io.StringIO(cli("export-csv", "risks")))}


# The sample plan, moved to the council's 5×5 matrix, with two of its
# risks rescored: RR1 ends at 16 after mitigation, RR2 at 2.
cli("init", "--sample")
cli("risk", "scheme", "--nhs")
cli("set", "risk", "RR1", "likelihood-before=5", "impact-before=4", "likelihood-after=4",
    "impact-after=4")
cli("set", "risk", "RR2", "likelihood-before=3", "impact-before=3", "likelihood-after=1",
    "impact-after=2")


def register_refs(view):
    """The refs in the register, top to bottom, as a screen reader meets them."""
    table = view.findChild(lambda n: n.roleName in ("table", "tree table"), retry=False,
                           requireResult=False)
    labels = table.findChildren(lambda n: n.roleName == "label" and n.name is not None
                                and n.name.startswith("RR") and n.name[2:].isdigit())
    return [label.name for label in labels]


def pressed(node):
    return bool({"pressed", "checked"} & states(node))


def type_into(window, mnemonic, text):
    """Types into a field as a keyboard user does: Alt and the field's
    mnemonic, select what is there, type.  (GTK 4.8 entries do not take
    text over AT-SPI.)  The pointer rests on the window, which then has
    the X focus: there is no window manager under Xvfb."""
    from dogtail import rawinput
    x, y = window.position
    w, h = window.size
    rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + 40)
    time.sleep(0.2)
    rawinput.keyCombo(f"<Alt>{mnemonic}")
    time.sleep(0.2)
    rawinput.keyCombo("<Control>a")
    rawinput.typeText(text)
    time.sleep(0.2)


app = App(build_dir, [db])
try:
    app.show_view("Risks")
    view = app.find("filler", "WmRiskView")
    tap.ok(app.find("label", "RR1", within=view) is not None, "the register lists RR1")

    # ---- Add RR8 in the editor
    app.click(app.find("push button", "Add Risk", within=view))
    editor = wait_for("the New Risk window",
                      lambda: app.node.findChild(lambda n: n.roleName == "frame"
                                                 and n.name == "New Risk",
                                                 retry=False, requireResult=False))
    type_into(editor, "t", TITLE)
    type_into(editor, "d", "Vacancies in the EP service mean statutory advice is late, so "
                           "EHC plans miss the 20-week timescale.")
    type_into(editor, "o", "Principal Educational Psychologist")
    for name in ("Likelihood before mitigation: 4 Likely",
                 "Impact before mitigation: 5 Catastrophic",
                 "Likelihood after mitigation: 2 Unlikely",
                 "Impact after mitigation: 3 Moderate"):
        button = app.find("push button", name, within=editor)
        app.click(button)
        wait_for(f"“{name}” to be chosen", lambda: pressed(button), timeout=5)
    tap.ok(app.find("label", "Score 20: Extreme", within=editor) is not None
           and app.find("label", "Score 6: Moderate", within=editor) is not None,
           "the editor shows the scores and bands as they are chosen")
    type_into(editor, "l", "1.3a")
    app.click(app.find("push button", "Save", within=editor, exact=False))
    wait_for("the editor to close",
             lambda: app.node.findChild(lambda n: n.roleName == "frame" and n.name == "New Risk",
                                        retry=False, requireResult=False) is None)

    # ---- Found in the register, sorted by residual score (highest first)
    def rr8_in_place():
        refs = register_refs(view)
        return refs if "RR8" in refs else None
    refs = wait_for("RR8 in the register", rr8_in_place)
    tap.ok(refs.index("RR1") < refs.index("RR8") < refs.index("RR2"),
           f"sorted by residual score, RR8 (6) comes after RR1 (16), before RR2 (2): {refs}")
    row = ancestor(app.find("label", "RR8", within=view), "table row")
    tap.ok(row is not None and row.findChild(lambda n: n.roleName == "label"
                                             and n.name == "6 Moderate",
                                             retry=False, requireResult=False) is not None,
           "its row shows the residual score and band, 6 Moderate")
    tap.ok(row.findChild(lambda n: n.roleName == "label" and n.name.startswith("1.3a"),
                         retry=False, requireResult=False) is not None,
           "its row shows the linked action 1.3a")

    # ---- Read in the heat map, by a screen reader
    heatmap = app.find("image", "Risk heat map", within=view)
    wait_for("RR8 in the heat map's text", lambda: RR8_IN_WORDS in heatmap.description)
    tap.ok(True, "the heat map's accessible text places RR8 in its cells")

    # ---- Saved as the register holds it
    risks = exported_risks()
    tap.ok("RR8" in risks, f"the new risk was numbered on from RR7: {sorted(risks)}")
    rr8 = risks["RR8"]
    tap.ok(rr8["title"] == TITLE and rr8["owner"] == "Principal Educational Psychologist",
           f"its title and owner are saved: “{rr8['title']}”, “{rr8['owner']}”")
    tap.ok((rr8["likelihood_before"], rr8["impact_before"], rr8["likelihood_after"],
            rr8["impact_after"]) == ("4", "5", "2", "3"),
           "likelihood and impact before and after mitigation are saved")
    tap.ok(rr8["linked_actions"] == "1.3a", f"RR8 is linked to 1.3a: “{rr8['linked_actions']}”")
    tap.ok(rr8["score_history"].count("\n") == 0 and "4×5=20 → 2×3=6" in rr8["score_history"],
           f"its scores start its history: “{rr8['score_history']}”")

    # ---- A duplicate ref is refused at the field, and nothing is saved
    app.click(app.find("push button", "Add Risk", within=view))
    editor = wait_for("the New Risk window",
                      lambda: app.node.findChild(lambda n: n.roleName == "frame"
                                                 and n.name == "New Risk",
                                                 retry=False, requireResult=False))
    type_into(editor, "r", "RR8")
    type_into(editor, "t", "A second RR8")
    app.click(app.find("push button", "Save", within=editor, exact=False))
    message = app.find("label", "Ref: RR8 is already the ref of another risk: refs must be unique",
                       within=editor)
    ref = app.find("text", "Ref", within=editor)
    tap.ok(message is not None and "focused" in states(ref),
           "a duplicate ref is refused by name, and the Ref field has the focus")
    app.click(app.find("push button", "Cancel", within=editor, exact=False))
    tap.ok(len(exported_risks()) == 8, "nothing was saved")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
