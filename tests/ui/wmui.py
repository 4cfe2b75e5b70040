"""Driving the real Waymark window through the accessibility tree.

Shared by the UI tests: start the app on a plan of the test's own, find
widgets by role and accessible name as a screen reader would, and wait for
the window to show what a person expects.  Run under ./dev test (Xvfb and
a session bus); GTK_A11Y=atspi makes GTK talk to the AT-SPI registry.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from dogtail.config import config

config.checkForA11y = False     # no GNOME session here to ask
config.defaultDelay = 0.1
config.searchCutoffCount = 10
config.logDebugToFile = False
config.logDebugToStdOut = False

import pyatspi                   # noqa: E402
from dogtail.tree import root    # noqa: E402


class Failure(Exception):
    pass


def states(node):
    return {pyatspi.stateToString(s) for s in node.getState().getStates()}


def wait_for(what, predicate, timeout=10.0, interval=0.2):
    """Polls predicate until it returns something true; fails naming what."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except Exception as error:   # the tree changes under us while we look
            last_error = error
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f}s waiting for {what}"
                  + (f" (last error: {last_error})" if last_error else ""))


class App:
    """A waymark process with its own data folder and settings."""

    def __init__(self, build_dir, args):
        self.build_dir = build_dir
        self.tmp = tempfile.mkdtemp(prefix="waymark-ui-")
        env = dict(os.environ,
                   XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(self.tmp, "config"),
                   GSETTINGS_BACKEND="memory",
                   GSETTINGS_SCHEMA_DIR=os.path.join(build_dir, "data"),
                   GTK_A11Y="atspi")
        self.env = env
        self.process = subprocess.Popen(
            [os.path.join(build_dir, "src", "app", "waymark")] + args, env=env)
        self.node = wait_for("the waymark application on the accessibility bus",
                             lambda: root.application("waymark"), timeout=30)
        self.frame = wait_for("its window",
                              lambda: self.node.child(roleName="frame", retry=False))

    @property
    def sample_path(self):
        return os.path.join(self.tmp, "data", "waymark", "Sample plan.waymark")

    def find(self, role, name, within=None, timeout=10.0, exact=True):
        """The first node of this role and accessible name.  Dialog buttons
        may carry their mnemonic too ("_Save Save"): exact=False matches a
        name that contains the text."""
        scope = within or self.node

        def matches(n):
            if n.roleName != role or n.name is None:
                return False
            return n.name == name if exact else name in n.name
        return wait_for(f"{role} “{name}”",
                        lambda: scope.findChild(matches, retry=False, requireResult=False),
                        timeout=timeout)

    def find_all(self, role, name, within=None):
        scope = within or self.node
        return scope.findChildren(lambda n: n.roleName == role and n.name == name)

    def click(self, node):
        actions = list(node.actions.keys())
        if not actions:
            # GtkMenuButton's accessible node wraps the toggle that acts
            inner = node.findChild(lambda n: len(n.actions) > 0, retry=False,
                                   requireResult=False)
            if inner is not None:
                node, actions = inner, list(inner.actions.keys())
        if not actions:
            raise Failure(f"{node.roleName} “{node.name}” has no action to click")
        node.doActionNamed("click" if "click" in actions else actions[0])

    def menu(self, item):
        """Opens the primary menu with F10, as a keyboard user would, and
        activates an item.  (GTK 4.8's menu button does not open from an
        AT-SPI click, so the key is sent through the X server.)"""
        from dogtail import rawinput
        x, y = self.frame.position
        w, h = self.frame.size
        rawinput.absoluteMotion(max(x, 0) + w // 2, max(y, 0) + h // 2)
        rawinput.pressKey("F10")
        self.click(self.find("menu item", item))

    def type_path(self, path, replace=False):
        """Types a path into the focused file chooser and confirms it.  A
        save dialog's name field holds a suggested name, with its stem
        selected: replace=True selects all of it first, so the typed path
        is the whole name."""
        from dogtail import rawinput
        time.sleep(0.5)
        if replace:
            rawinput.keyCombo("<Control>a")
            time.sleep(0.2)
        rawinput.typeText(path)
        time.sleep(0.3)
        rawinput.pressKey("Return")

    def show_view(self, name):
        """Switches views with the view switcher, as a person would."""
        tab = self.find("page tab", name)
        self.click(tab)
        wait_for(f"the {name} tab to be selected", lambda: "selected" in states(tab))
        return tab

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def ancestor(node, role):
    while node is not None and node.roleName != role:
        node = node.parent
    return node


class Tap:
    """Minimal TAP output so meson counts each check."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, condition, description):
        self.n += 1
        if not condition:
            self.failed += 1
        print(f"{'ok' if condition else 'not ok'} {self.n} - {description}", flush=True)
        return condition

    def finish(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)
