#!/usr/bin/python3
"""A moderation meeting, keyboard only, as an auditor and a moderator would
run it on one laptop: once the Audits view is open, every step is a key
press.  Open the moderation page, start a meeting, add an audit by its case
reference, type the auditor's level for every domain of the EHC plan
template and the overall judgement, switch to the moderator (whose column
hides the auditor's levels until every domain is scored), type theirs,
and read the meeting's agreement figure and the dashboard's.

Usage: test_audits.py BUILD_DIR [SCREENSHOT-PREFIX]
  With a prefix, saves PREFIX-blind.png (the moderator scoring, the
  auditor's levels hidden), PREFIX-grid.png (revealed) and
  PREFIX-dashboard.png through ImageMagick's import.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
screenshot = sys.argv[2] if len(sys.argv) > 2 else None
tap = Tap()

# The EHC plan template's domains, in the grid's order, then the overall
# judgement, with the levels each gives.  The moderator differs on B and
# E (3 against 2 each), and agrees on the overall judgement; both call J
# N/A, which leaves 13 pairs to agree on.
domains = ["A Views, interests and aspirations", "B Special educational needs",
           "C Health needs", "D Social care needs", "E Outcomes",
           "F Special educational provision", "G Health provision",
           "H1/H2 Social care provision", "I Placement", "J Personal budget",
           "K Advice and information", "GT Golden thread", "PCL Person-centred language",
           "PC Process compliance", "Overall judgement"]
auditor = "334233333N33332"      # N: N/A for J, no personal budget
moderator = "324223333N33332"


def keys(text):
    """Types each character as a key press through the X server, a beat
    apart: the grid saves each level before it moves on."""
    from dogtail import rawinput
    for ch in text:
        rawinput.typeText(ch.lower() if ch == "N" else ch)
        time.sleep(0.15)


def combo(keys_):
    from dogtail import rawinput
    rawinput.keyCombo(keys_)
    time.sleep(0.4)


def shot(name):
    if screenshot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", f"{screenshot}-{name}.png"], check=False)


def cell(role, domain):
    return app.find("push button", f"{role} level, {domain}")


def cell_text(node):
    label = node.findChild(lambda n: n.roleName == "label", retry=False, requireResult=False)
    return label.name if label is not None else node.name


app = App(build_dir, ["--sample"])
try:
    app.show_view("Audits")
    view = app.find("filler", "WmAuditView")
    tap.ok(app.find("label", "What the Plan Commits To", within=view) is not None,
           "the Audits dashboard still shows what the plan commits to")

    # From here on, the keyboard only.  Keys go to the window under the
    # pointer (there is no window manager under Xvfb).
    from dogtail import rawinput
    x, y = app.frame.position
    w, h = app.frame.size
    rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + 20)

    combo("<Alt>m")
    new_meeting = app.find("push button", "New Meeting")
    tap.ok("focused" in states(new_meeting),
           "Alt+M opens the moderation page, on New Meeting (the sample has none)")

    combo("<Alt>n")
    entry = app.find("text", "Case reference of a new audit")
    wait_for("the case reference to have the focus", lambda: "focused" in states(entry))
    tap.ok(True, "Alt+N starts a meeting and moves on to adding an audit")

    # a child's name is refused, saying why
    keys("Amelia Jones")
    rawinput.pressKey("Return")
    refusal = app.find("label", "looks like a person's name", exact=False)
    tap.ok("never a child's name" in refusal.name, "a name as the case reference is refused")
    combo("<Control>a")
    keys("EHC-2026-0042")
    rawinput.pressKey("Return")
    first = cell("Auditor", domains[0])
    wait_for("the first auditor level to have the focus", lambda: "focused" in states(first))
    tap.ok(True, "Enter adds audit EHC-2026-0042 and puts the focus on the grid")

    keys(auditor)
    auditor_b = cell("Auditor", domains[1])
    tap.ok(cell_text(auditor_b) == "3 Good", f"typing 3 on B set “{cell_text(auditor_b)}”")
    tap.ok(cell_text(cell("Auditor", "J Personal budget")) == "N/A", "N sets N/A")
    tap.ok(cell_text(cell("Auditor", "Overall judgement")) == "2 Requires improvement",
           "the overall judgement is the last of the column")

    combo("<Alt>r")
    first = cell("Moderator", domains[0])
    wait_for("the first moderator level to have the focus", lambda: "focused" in states(first))
    tap.ok(cell_text(auditor_b) == "Hidden",
           "scoring as the moderator hides the auditor's levels (blind moderation)")

    keys(moderator[:-1])
    tap.ok(cell_text(auditor_b) == "Hidden",
           "still hidden with every domain scored but the overall judgement")
    shot("blind")
    keys(moderator[-1])
    wait_for("the auditor's levels to be revealed", lambda: cell_text(auditor_b) == "3 Good")
    tap.ok(cell_text(cell("Moderator", domains[1])) == "2 Requires improvement",
           "the moderator's B is saved, and the auditor's is revealed")
    tap.ok(app.find("label", "Differs by 1 level", exact=False) is not None,
           "a disagreement is marked in words beside it")
    tap.ok(app.find("label", "B Special educational needs: auditor 3 Good, moderator "
                             "2 Requires improvement") is not None,
           "and listed among the disagreements to discuss")

    agreement = app.find("label", "This meeting: the same overall judgement on", exact=False)
    tap.ok(agreement.name.startswith("This meeting: the same overall judgement on 1 of 1 audit "
                                     "(100%); the same domain level on 11 of 13 pairs (85%)"),
           f"the meeting's agreement is updated: “{agreement.name}”")
    shot("grid")

    combo("<Alt>d")
    card = wait_for("the dashboard's agreement card", lambda: app.node.findChild(
        lambda n: n.name is not None and n.name.startswith("Same overall judgement:"),
        retry=False, requireResult=False))
    tap.ok(card.name.startswith("Same overall judgement: 100%, 1 of 1 audit with both judgements"),
           f"the dashboard's agreement figure follows: “{card.name}”")
    shot("dashboard")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
