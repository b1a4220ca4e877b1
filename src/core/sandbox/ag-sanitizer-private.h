/* ag-sanitizer-private.h — what the core needs to know of a sanitizer build
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* AG_UNDER_ASAN: built with AddressSanitizer (gcc says so with a macro,
 * clang with __has_feature), which reserves terabytes of address space
 * and traces its own process, so address-space limits and a ban on
 * ptrace would break it. */
#if defined(__SANITIZE_ADDRESS__)
#define AG_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AG_UNDER_ASAN 1
#endif
#endif

/* The sanitizers' runtime, when the program was built with one: where
 * their reports go (a file descriptor, passed as a pointer). */
extern void __sanitizer_set_report_fd (void *fd) __attribute__ ((weak));
