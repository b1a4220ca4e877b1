#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/test-window-atspi.py — the window as a screen reader finds it
#
# Copyright 2026 The Airgap developers
#
# Starts the real airgap program with its accessibility bridge on (the
# other tests turn it off with NO_AT_BRIDGE=1), presses keys on the test's
# X display with xdotool, and reads through AT-SPI, as Orca does:
#
#   - after each Tab and F6, which object has the focus, its role and its
#     name: every stop has a name, Tab reaches Open, Save and Copy and
#     never changes the text, F6 goes text → header bar → page → text;
#   - the status line is a status bar that says what was read, and the
#     progress bar is named.
#
# Runs under dbus-run-session and Xvfb (the ui suite's way); skipped
# without a display, xdotool, AT-SPI's introspection data
# (gir1.2-atspi-2.0), pango-view or Tesseract's English.
#
# TAP on standard output.  Everything waits for a condition with a
# timeout, never for a fixed time alone: the machine may be busy.

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TEXT = "The quick brown fox jumps\nLazy dogs sleep all afternoon"
TABS = 20

results = []


def tap_plan_skip(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


def ok(condition, name, detail=""):
    results.append(bool(condition))
    n = len(results)
    print(f"{'ok' if condition else 'not ok'} {n} - {name}")
    if detail:
        for line in detail.splitlines():
            print(f"# {line}")
    sys.stdout.flush()
    return condition


def note(message):
    for line in message.splitlines():
        print(f"# {line}")
    sys.stdout.flush()


def wait_until(condition, seconds, step=0.1):
    """The value of condition() once it is true, or None after @seconds."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = condition()
        except GLib.Error as e:  # an object that went away meanwhile
            note(f"(retrying after {type(e).__name__}: {e})")
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(step)


# fatal-warnings is for the program under test: libatspi warns, in this
# process, of the objects that come and go as it reads the tree.
G_DEBUG = os.environ.pop("G_DEBUG", None)

try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, GLib
except (ImportError, ValueError) as e:
    tap_plan_skip(f"AT-SPI's Python bindings are missing (gir1.2-atspi-2.0): {e}")

app_path = os.environ.get("AIRGAP_APP")
if not app_path or not os.access(app_path, os.X_OK):
    tap_plan_skip("AIRGAP_APP is not set (built without -Dui_tests?)")
if not os.environ.get("DISPLAY"):
    tap_plan_skip("no X display (run under xvfb-run)")
for tool in ("xdotool", "pango-view"):
    if shutil.which(tool) is None:
        tap_plan_skip(f"{tool} is not installed")
if subprocess.run(["tesseract", "--list-langs"], capture_output=True,
                  text=True).stdout.find("\neng") < 0:
    tap_plan_skip("Tesseract's English is not installed")


# The tree as AT-SPI gives it, searched depth first.
def children(obj):
    for i in range(obj.get_child_count()):
        child = obj.get_child_at_index(i)
        if child is not None:
            yield child


def find(obj, predicate):
    if predicate(obj):
        return obj
    for child in children(obj):
        found = find(child, predicate)
        if found is not None:
            return found
    return None


def has_state(obj, state):
    return obj.get_state_set().contains(state)


def role(obj):
    return obj.get_role()


def name(obj):
    return (obj.get_name() or "").strip()


def is_named(obj):
    # GTK 4.8 names an object that has no name of its own after its type
    # ("GtkProgressBar"), and a button with a mnemonic after its raw label
    # too ("_Copy Copy"): a screen reader would read either out as it is.
    n = name(obj)
    return bool(n) and re.fullmatch(r"(Gtk|Adw|Ag)[A-Z][A-Za-z]*", n) is None \
        and re.search(r"_\w", n) is None


def gtk_at_least(major, minor):
    """Whether the GTK the program was built against is that new."""
    try:
        out = subprocess.run(["pkg-config", "--modversion", "gtk4"], capture_output=True,
                             text=True, timeout=30).stdout.split(".")
        return (int(out[0]), int(out[1])) >= (major, minor)
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        return False


def said(obj):
    """What a screen reader reads of an object: its name, or else its text
    (GTK 4.16 and later give a label of the status role no name, and Orca
    reads its text)."""
    if name(obj):
        return name(obj)
    try:
        text = obj.get_text_iface()
        if text is not None:
            return (Atspi.Text.get_text(text, 0, Atspi.Text.get_character_count(text)) or "").strip()
    except Exception:  # noqa: BLE001 — an object without text says nothing
        pass
    return ""


def describe(obj):
    return f"{obj.get_role_name()} “{name(obj)}”" if obj is not None else "nothing"


def ancestors(obj):
    seen = []
    parent = obj.get_parent()
    while parent is not None and len(seen) < 100:
        seen.append(parent)
        parent = parent.get_parent()
    return seen


def same(a, b):
    # libatspi keeps one proxy for each object it has seen.
    return a is not None and b is not None and a == b


class App:
    def __init__(self, path, files, env):
        # A file, not a pipe: the readers it starts (airgap-worker) could
        # hold a pipe open after it ends.
        self.output = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([path] + files, env=env,
                                     stdout=self.output, stderr=subprocess.STDOUT,
                                     text=True)
        self.accessible = None
        self.xid = None

    def find_accessible(self):
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            if app.get_process_id() == self.proc.pid:
                # No caching: the test reads states right after each key.
                app.set_cache_mask(Atspi.Cache.NONE)
                return app
        return None

    def find_window(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
                             capture_output=True, text=True, timeout=30).stdout.split()
        return out[0] if out else None

    def send_keys(self, *keys):
        # Raised and given the keyboard first, as tests/ag-test-window.c does.
        subprocess.run(["xdotool", "windowraise", self.xid, "windowfocus", "--sync", self.xid,
                        "key", "--delay", "20"] + list(keys), check=True, timeout=60)

    def focus(self):
        return find(self.accessible, lambda o: has_state(o, Atspi.StateType.FOCUSED))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.output.seek(0)
        output = self.output.read()
        self.output.close()
        if output:
            note("airgap said:\n" + output)


def main():
    tmp = tempfile.mkdtemp(prefix="airgap-atspi-")
    png = os.path.join(tmp, "fox.png")
    subprocess.run(["pango-view", "--font=DejaVu Sans 16", "--dpi=200", "--margin=40", "-q",
                    "-o", png, "--text", TEXT], check=True, timeout=60)

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)  # this test is about the bridge
    if G_DEBUG is not None:
        env["G_DEBUG"] = G_DEBUG
    env["LC_ALL"] = "C.UTF-8"      # the names below are the English ones
    env.pop("LANGUAGE", None)

    app = App(app_path, [png], env)
    try:
        run(app)
    finally:
        app.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    # The plan last: a run that stops early has fewer tests, and fails.
    print(f"1..{len(results)}")
    sys.exit(0 if all(results) else 1)


def run(app):
    # (A program that could not start ends the wait at once.)
    app.accessible = wait_until(lambda: app.find_accessible() or app.proc.poll() is not None,
                                60, 0.25)
    if app.accessible is True:
        app.accessible = None
    if not ok(app.accessible is not None, "the window is on the accessibility bus",
              f"airgap exited with {app.proc.returncode}" if app.proc.poll() is not None else ""):
        return

    # Read: the Copy button becomes sensitive when there is text.
    def copy_button():
        button = find(app.accessible, lambda o: role(o) == Atspi.Role.PUSH_BUTTON
                      and name(o).endswith("Copy"))
        return button if button is not None and has_state(button, Atspi.StateType.SENSITIVE) \
            else None

    def text_view():
        return find(app.accessible, lambda o: role(o) == Atspi.Role.TEXT
                    and name(o) == "Recognized text")

    copy = wait_until(copy_button, 90, 0.5)
    view = text_view()
    if not ok(copy is not None and view is not None, "the image was read"):
        return
    text_before = Atspi.Text.get_text(view, 0, -1)
    note(f"text: {text_before!r}")

    # 2. the status line is a status bar and says what was read
    status = find(app.accessible, lambda o: role(o) == Atspi.Role.STATUS_BAR)
    ok(status is not None and said(status).startswith("Recognized in"),
       "the status line is a status bar that says what was read",
       f"{describe(status)}: {said(status)!r}" if status is not None else "nothing")

    # 3. the progress bar has a name of its own (GTK 4.8 falls back to the
    # class name, "GtkProgressBar", for an unnamed one)
    progress = find(app.accessible, lambda o: role(o) == Atspi.Role.PROGRESS_BAR)
    if progress is None and gtk_at_least(4, 16):
        # GTK 4.16 and later leave a hidden widget out of the tree: the
        # bar is hidden once the page is read.
        ok(True, "the progress bar is named after what is read # hidden, not in the tree")
    else:
        ok(progress is not None and is_named(progress),
           "the progress bar is named after what is read", describe(progress))
    if progress is not None:
        note(f"progress value: {Atspi.Value.get_current_value(progress)} "
             f"of {Atspi.Value.get_minimum_value(progress)}..{Atspi.Value.get_maximum_value(progress)}")

    app.xid = wait_until(app.find_window, 30, 0.25)
    if not ok(app.xid is not None, "the window is on the X display"):
        return

    # The page has the focus once a document is open.
    first = wait_until(app.focus, 30, 0.2)
    ok(first is not None and role(first) == Atspi.Role.IMAGE and name(first) == "Page",
       "the page has the focus after opening", describe(first))

    # 5-8. Tab: one named object after the other, never the text changed
    stops = []
    unnamed = []
    previous = first
    for _ in range(TABS):
        app.send_keys("Tab")
        now = wait_until(lambda: (lambda f: f if f is not None and not same(f, previous) else None)(app.focus()),
                         20, 0.1)
        if now is None:
            now = app.focus()
            note(f"Tab did not move the focus from {describe(previous)}")
        stops.append(now)
        if now is None or not is_named(now):
            unnamed.append(describe(now))
        previous = now
    note("Tab: " + " → ".join(describe(s) for s in stops))
    ok(not unnamed, "every object Tab reaches has a name", "unnamed: " + ", ".join(unnamed))
    names = [name(s) for s in stops if s is not None]
    ok("Open" in names and "Save the Text" in names and any(n.endswith("Copy") for n in names),
       "Tab reaches Open, Save and Copy")
    ok(any(n.startswith("Languages of the text:") for n in names),
       "the language button says what it is for, not only the languages",
       ", ".join(n for n in names if "Automatic" in n or "English" in n))
    ok(any(s is not None and role(s) == Atspi.Role.TEXT for s in stops)
       and any(s is not None and role(s) == Atspi.Role.IMAGE for s in stops),
       "Tab goes through the text and comes back to the page")
    text_after = Atspi.Text.get_text(text_view(), 0, -1)
    ok(text_after == text_before, f"{TABS} Tabs leave the text as it was",
       f"after: {text_after!r}")

    # 9-12. F6 from the text: header bar → page → text; Shift+F6 back
    open_button = find(app.accessible, lambda o: role(o) == Atspi.Role.PUSH_BUTTON
                       and name(o) == "Open")
    menu_button = find(app.accessible, lambda o: role(o) == Atspi.Role.PUSH_BUTTON
                       and name(o) == "Main Menu")
    open_up = ancestors(open_button)
    header = next((a for a in open_up if any(same(a, b) for b in ancestors(menu_button))), None)

    def focus_is(predicate):
        return wait_until(lambda: (lambda f: f if f is not None and predicate(f) else None)(app.focus()),
                          20, 0.1)

    def is_text(o):
        return role(o) == Atspi.Role.TEXT and name(o) == "Recognized text"

    def is_page(o):
        return role(o) == Atspi.Role.IMAGE and name(o) == "Page"

    def in_header(o):
        return header is not None and any(same(a, header) for a in ancestors(o))

    # To the text first, with Tab as a person would.
    for _ in range(TABS):
        before = app.focus()
        if before is not None and is_text(before):
            break
        app.send_keys("Tab")
        focus_is(lambda o: not same(o, before))
    here = app.focus()
    if not ok(here is not None and is_text(here), "Tab reaches the text", describe(here)):
        return
    app.send_keys("F6")
    got = focus_is(lambda o: not is_text(o))
    ok(got is not None and in_header(got) and is_named(got), "F6 from the text: the header bar",
       describe(got))
    app.send_keys("F6")
    got = focus_is(lambda o: not in_header(o))
    ok(got is not None and is_page(got), "F6 again: the page", describe(got))
    app.send_keys("F6")
    got = focus_is(lambda o: not is_page(o))
    ok(got is not None and is_text(got), "F6 again: the text", describe(got))
    app.send_keys("shift+F6")
    got = focus_is(lambda o: not is_text(o))
    ok(got is not None and is_page(got), "Shift+F6: back to the page", describe(got))

    # The dialogs' buttons are named as the window's are: the Scan dialog
    # (Ctrl+Shift+O) has mnemonics on Scan and Refresh.
    app.send_keys("ctrl+shift+o")

    def scan_dialog():
        for window in children(app.accessible):
            if name(window) == "Scan" and role(window) in (Atspi.Role.FRAME, Atspi.Role.DIALOG):
                return window
        return None

    dialog = wait_until(scan_dialog, 30)
    if ok(dialog is not None, "Ctrl+Shift+O opens the Scan dialog"):
        buttons = []

        def collect(o):
            if role(o) in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON) and \
                    has_state(o, Atspi.StateType.VISIBLE):
                buttons.append(o)
            for child in children(o):
                collect(child)

        collect(dialog)
        unnamed = [describe(b) for b in buttons if not is_named(b)]
        ok(len(buttons) > 0 and not unnamed, "every button of the Scan dialog has a name",
           ", ".join(unnamed) or f"{len(buttons)} buttons")


if __name__ == "__main__":
    main()
