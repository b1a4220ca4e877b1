#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# portal-stub.py — a stand-in for xdg-desktop-portal's Screenshot, for the
# window's tests.  It owns org.freedesktop.portal.Desktop on the session bus
# it is started on (the tests run under dbus-run-session: a private bus),
# answers Screenshot with a Request handle and then emits that Request's
# Response, as the real portal does.
#
#   AG_PORTAL_STUB_RESPONSE   0 (default): success, results {"uri": …};
#                             1: cancelled; 2: failed; "never": no Response
#   AG_PORTAL_STUB_URI        the URI to answer with
#   AG_PORTAL_STUB_READY      a file written once the name is owned
#
# It leaves when its parent (the test) closes its stdin.

import os
import sys

from gi.repository import Gio, GLib

XML = '''
<node>
  <interface name="org.freedesktop.portal.Screenshot">
    <method name="Screenshot">
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="PickColor">
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <property name="version" type="u" access="read"/>
  </interface>
</node>
'''

REQUEST_XML = '''
<node>
  <interface name="org.freedesktop.portal.Request">
    <method name="Close"/>
    <signal name="Response">
      <arg type="u" name="response"/>
      <arg type="a{sv}" name="results"/>
    </signal>
  </interface>
</node>
'''

loop = GLib.MainLoop()
response = os.environ.get('AG_PORTAL_STUB_RESPONSE', '0')
uri = os.environ.get('AG_PORTAL_STUB_URI', '')
ready = os.environ.get('AG_PORTAL_STUB_READY')
serial = 0


def sender_token(sender):
    return sender[1:].replace('.', '_')


def emit_response(connection, sender, handle, registration):
    if response == '0':
        results = {'uri': GLib.Variant('s', uri)}
        code = 0
    else:
        results = {}
        code = int(response)
    # to the caller alone, as xdg-desktop-portal does: libportal adds no
    # match rule for it
    connection.emit_signal(sender, handle, 'org.freedesktop.portal.Request', 'Response',
                           GLib.Variant('(ua{sv})', (code, results)))
    connection.unregister_object(registration)
    return GLib.SOURCE_REMOVE


def request_call(connection, sender, path, interface, method, params, invocation):
    invocation.return_value(None)


def screenshot_call(connection, sender, path, interface, method, params, invocation):
    global serial

    if method != 'Screenshot':
        invocation.return_dbus_error('org.freedesktop.portal.Error.NotAllowed', 'Not here')
        return
    parent, options = params.unpack()
    serial += 1
    token = options.get('handle_token', 'stub%d' % serial)
    handle = '/org/freedesktop/portal/desktop/request/%s/%s' % (sender_token(sender), token)
    info = Gio.DBusNodeInfo.new_for_xml(REQUEST_XML).interfaces[0]
    registration = connection.register_object(handle, info, request_call, None, None)
    invocation.return_value(GLib.Variant('(o)', (handle,)))
    sys.stderr.write('portal-stub: Screenshot(%r, interactive=%r) -> %s\n'
                     % (parent, options.get('interactive'), handle))
    if response != 'never':
        # after the reply, as a real portal would (libportal subscribes first)
        GLib.timeout_add(100, emit_response, connection, sender, handle, registration)


def get_property(connection, sender, path, interface, name):
    return GLib.Variant('u', 1)


def bus_acquired(connection, name):
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    connection.register_object('/org/freedesktop/portal/desktop', info,
                               screenshot_call, get_property, None)


def name_acquired(connection, name):
    if ready:
        with open(ready, 'w') as f:
            f.write('ready\n')


def name_lost(connection, name):
    sys.stderr.write('portal-stub: could not own %s\n' % name)
    loop.quit()


def stdin_closed(channel, condition):
    loop.quit()
    return GLib.SOURCE_REMOVE


Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.portal.Desktop',
                 Gio.BusNameOwnerFlags.NONE, bus_acquired, name_acquired, name_lost)
GLib.io_add_watch(GLib.IOChannel.unix_new(0), GLib.PRIORITY_DEFAULT,
                  GLib.IOCondition.HUP | GLib.IOCondition.IN, stdin_closed)
loop.run()
