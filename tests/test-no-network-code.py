#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-no-network-code.py SOURCE_ROOT — the program's own sources contain no
# network client code, open no URL and start no other program.  The seccomp
# filter stops such code at run time; this test stops it from being written
# in the first place, so a change that needs one of these has to say so
# here, in review.  Prints TAP.

import os
import re
import sys

SOURCE_ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
SOURCES = os.path.join(SOURCE_ROOT, 'src')
EXTENSIONS = ('.c', '.h', '.cc', '.cpp', '.ui', '.xml', '.in')

CHECKS = [
    ('no network client library or socket API', [
        'raw:' + r'#\s*include\s*[<"](curl|libsoup|soup|neon|libssh|nghttp2|microhttpd|ldap|zmq)[/.]',
        'raw:' + r'#\s*include\s*<(netdb|arpa/inet|netinet/[a-z_]+)\.h>',
        r'\bgetaddrinfo\b', r'\bgethostbyname\b',
        r'\bg_socket_client_', r'\bg_socket_connect', r'\bg_resolver_',
        r'\bg_network_address_', r'\bg_network_service_', r'\bg_proxy_resolver_',
        r'\bG_SOCKET_FAMILY_IPV[46]\b', r'\bAF_INET6?\b', r'\bPF_INET6?\b',
    ], [
        # The lockdown's self-check: these sockets must be refused.
        ('src/core/sandbox/ag-lockdown.c', 'socket_refused (AF_INET'),
        # The worker's sandbox proves the same to the tests (TrySandbox).
        ('src/core/sandbox/ag-lockdown.c', 'probe_socket (AF_INET'),
        # The channel to airgap-worker: one end of a local socketpair.
        ('src/core/sandbox/ag-worker-pool.c', 'g_socket_connection_factory_create_connection (socket)'),
        ('src/core/sandbox/ag-worker-serve.c', 'g_socket_connection_factory_create_connection (socket)'),
    ]),
    ('no URL is opened and no browser started', [
        r'\bgtk_show_uri', r'\bg_app_info_launch', r'\bgtk_uri_launcher', r'\bgtk_file_launcher',
        'raw:xdg-open', r'\bg_app_info_get_default_for_uri_scheme',
        'raw:' + r'org\.freedesktop\.portal\.OpenURI',
    ], []),
    ('no other program is started', [
        r'\bg_spawn_', r'\bg_subprocess_', r'\bGSubprocess\b', r'\bposix_spawn', r'\bpopen\s*\(',
        r'\bsystem\s*\(', r'\bexecv?[lpe]*\s*\(',
    ], [
        # OMP_THREAD_LIMIT=1 must be set before libgomp loads: the program
        # starts itself again once (ag_runtime_ensure_environment).
        ('src/core/ag-runtime.c', 'execv ("", argv)'),
        # Documents are read in Airgap's own sandboxed airgap-worker
        # (find_worker_path()); the pool starts that program and no other.
        ('src/core/sandbox/ag-worker-pool.c', 'g_subprocess_'),
        ('src/core/sandbox/ag-worker-pool.c', 'GSubprocess'),
    ]),
]


def source_files():
    for root, _dirs, files in os.walk(SOURCES):
        for name in sorted(files):
            if name.endswith(EXTENSIONS):
                yield os.path.join(root, name)


def strip_strings(line):
    # Words inside string literals (messages for people) are not calls.
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', line)


def strip_comments(text):
    # Block and line comments: what they say is not code.
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def run_check(patterns, allowed):
    hits = []
    count = 0
    for path in source_files():
        relative = os.path.relpath(path, SOURCE_ROOT)
        with open(path, encoding='utf-8', errors='replace') as f:
            text = strip_comments(f.read())
        count += 1
        for number, line in enumerate(text.splitlines(), start=1):
            code = strip_strings(line)
            for pattern in patterns:
                if pattern.startswith('raw:'):
                    found = re.search(pattern[len('raw:'):], line)
                else:
                    found = re.search(pattern, code)
                if found is None:
                    continue
                if any(relative == a_path and a_text in code for a_path, a_text in allowed):
                    continue
                hits.append(f'{relative}:{number}: {line.strip()}')
    assert count > 0, f'no sources under {SOURCES}'
    return hits


def main():
    print(f'1..{len(CHECKS)}')
    failed = 0
    for number, (name, patterns, allowed) in enumerate(CHECKS, start=1):
        hits = run_check(patterns, allowed)
        if hits:
            failed += 1
            print(f'not ok {number} {name}')
            for hit in hits:
                print(f'# {hit}')
        else:
            print(f'ok {number} {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
