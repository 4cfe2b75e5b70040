#!/usr/bin/python3
"""KPIs in the window, as the programme office uses them (issue 7): open the
sample plan, go to the KPIs dashboard, open K3 (EHC needs assessments
completed within 20 weeks), add the next month in its values grid, type
its value, and read the card's new latest value and rating on the
dashboard.

Usage: test_kpi.py BUILD_DIR
With WAYMARK_UI_SCREENSHOTS=DIR, saves the KPI's window (chart and grid)
as DIR/kpi-detail.png with ImageMagick's import, for a person to look at.
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wmui import App, Failure, Tap, states, wait_for   # noqa: E402

build_dir = os.path.abspath(sys.argv[1])
tap = Tap()
app = App(build_dir, ["--sample"])


def type_text(text):
    """Types into the focused cell as a person does, through the X server.
    (GTK 4.8 entries do not take text over AT-SPI.)  The pointer rests on
    the window, which then has the X focus: no window manager under Xvfb."""
    from dogtail import rawinput
    x, y = app.frame.position
    w, h = app.frame.size
    rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + 40)
    time.sleep(0.2)
    rawinput.typeText(text)
    time.sleep(0.1)
    rawinput.pressKey("Return")


def card(code):
    """The dashboard card of one KPI, found by its accessible name."""
    return app.node.findChild(
        lambda n: n.roleName == "push button" and n.name.startswith(f"KPI {code}:"),
        retry=False, requireResult=False)


try:
    app.show_view("KPIs")
    k3 = wait_for("the card of K3", lambda: card("K3"))
    tap.ok("latest 5.2% (Apr 2024), rating Red" in k3.name,
           f"K3's card states its latest value and rating: “{k3.name}”")
    tap.ok(card("K15") is not None and card("K11") is not None,
           "the derived KPI K15 and the context measure K11 have cards")

    app.click(k3)
    chart = app.find("image", "Chart of K3: EHC needs assessments completed within 20 weeks")
    tap.ok("Red" in (chart.description or ""),
           f"the chart says its rating in its description: “{chart.description}”")

    app.click(app.find("push button", "Add Period"))
    entry = app.find("text", "Value for May 2024")
    tap.ok(entry is not None, "Add Period gives an empty row for May 2024, the month after "
                              "the latest")

    # The new row's value cell has the keyboard: type the month's value
    wait_for("the new value cell to have the keyboard", lambda: "focused" in states(entry))
    type_text("9.5")

    def card_says(text):
        node = card("K3")
        return node is not None and text in node.name

    # A bad value is refused with a message naming it, and nothing changes
    wait_for("May's value to be saved",
             lambda: app.find("image", "Chart of K3: EHC needs assessments completed within "
                                       "20 weeks").description.startswith("Latest 9.5%"))
    # … and the cell after it (May's numerator) refuses what is not a number
    from dogtail import rawinput
    wait_for("May's value cell to have the keyboard again",
             lambda: "focused" in states(app.find("text", "Value for May 2024")))
    rawinput.pressKey("Tab")
    type_text("n/a")
    message = wait_for("the refusal",
                       lambda: app.node.findChild(
                           lambda n: n.roleName == "label" and "is not a number" in n.name,
                           retry=False, requireResult=False))
    tap.ok("“n/a”" in message.name and "numerator" in message.name,
           f"“n/a” is refused, naming the field: “{message.name}”")

    if os.environ.get("WAYMARK_UI_SCREENSHOTS") and shutil.which("import"):
        path = os.path.join(os.environ["WAYMARK_UI_SCREENSHOTS"], "kpi-detail.png")
        subprocess.run(["import", "-window", "root", path], check=False)

    app.click(app.find("push button", "All KPIs"))
    try:
        wait_for("K3's card to show May's value", lambda: card_says("latest 9.5% (May 2024)"))
        tap.ok(True, "the card's latest value is the one typed: 9.5% (May 2024)")
    except Failure as error:
        tap.ok(False, str(error))
    k3 = card("K3")
    # 9.5% is still far below the 50.3% target, but better than April's 5.2%
    tap.ok("rating Amber, better" in k3.name,
           f"…and its rating follows the rule: Amber while improving: “{k3.name}”")
except Failure as error:
    tap.ok(False, str(error))
finally:
    app.close()
tap.finish()
