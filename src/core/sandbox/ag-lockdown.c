/* ag-lockdown.c — the process blocks its own network access
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * What the filter does
 * ====================
 *
 * A seccomp filter (installed with libseccomp) lets every system call
 * through except:
 *
 *  - socket() and socketpair() for any address family other than AF_UNIX
 *    fail with EACCES.  That covers every family that can reach another
 *    machine (AF_INET, AF_INET6, AF_PACKET, AF_NETLINK, AF_BLUETOOTH,
 *    AF_VSOCK, AF_CAN, AF_TIPC, AF_RDS, …) including any the kernel adds
 *    later.  AF_UNIX keeps working, so the display, D-Bus and the portals do.
 *    One kind of netlink socket is let through: NETLINK_KOBJECT_UEVENT,
 *    which only hears the kernel announce devices.  libusb opens one when
 *    it starts (through libudev) and fails without it, and with it every
 *    USB scanner SANE drives; it reaches no other machine and changes
 *    nothing (NETLINK_ROUTE, which configures the network, stays refused).
 *  - io_uring_setup(), io_uring_enter() and io_uring_register() fail with
 *    ENOSYS: an io_uring can create sockets without calling socket().
 *  - A system call made through another ABI than the program's own (the
 *    i386 `int 0x80` entry or x32 on x86-64) fails with ENOSYS, so the
 *    32-bit socketcall() multiplexer cannot be used to go around the rules.
 *    On a 32-bit build the filter is only as good as libseccomp's handling
 *    of socketcall(); if AF_UNIX stops working there the self-check below
 *    says so.
 *
 * The filter is loaded with NO_NEW_PRIVS and TSYNC, so it applies to every
 * thread the process already has (GLib's, GTK's, OpenMP's) and, because
 * seccomp filters are inherited and cannot be removed, to every thread and
 * child process started later — a helper program started by Airgap cannot
 * open a network connection either.
 *
 * There is deliberately no way to turn this off: no environment variable,
 * no option, no setting.
 *
 * What it does not cover: a socket descriptor handed to the process by
 * another process (inherited or passed over an AF_UNIX socket), and work
 * the program asks another process to do over D-Bus.  Airgap never asks any
 * service to fetch or open a URL.
 *
 * Afterwards the filter proves itself: an IPv4 and an IPv6 socket must be
 * refused with EACCES and an AF_UNIX socket must open.  Only then is the
 * state AG_LOCKDOWN_ACTIVE.
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <linux/landlock.h>
#include <linux/netlink.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/ag-lockdown.h"
#include "sandbox/ag-sanitizer-private.h"

G_DEFINE_ENUM_TYPE (AgLockdownState, ag_lockdown_state,
                    G_DEFINE_ENUM_VALUE (AG_LOCKDOWN_NOT_APPLIED, "not-applied"),
                    G_DEFINE_ENUM_VALUE (AG_LOCKDOWN_ACTIVE, "active"),
                    G_DEFINE_ENUM_VALUE (AG_LOCKDOWN_UNVERIFIED, "unverified"))

typedef enum
{
  REASON_NONE,
  REASON_NOT_APPLIED,
  REASON_NO_SECCOMP,
  REASON_RULES_FAILED,
  REASON_LOAD_FAILED,
  REASON_THREADS,
  REASON_INET_OPEN,
  REASON_INET6_OPEN,
  REASON_UNIX_REFUSED,
} Reason;

G_LOCK_DEFINE_STATIC (lockdown);
static AgLockdownState lockdown_state = AG_LOCKDOWN_NOT_APPLIED;
static Reason lockdown_reason = REASON_NOT_APPLIED;
static int lockdown_errno;

/* The io_uring calls: an io_uring can open sockets (IORING_OP_SOCKET) and
 * do network I/O without the system calls the filter looks at. */
static const char * const refused_calls[] = {
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
};

static int
add_rules (scmp_filter_ctx ctx)
{
  int ret;

  /* Run the rules on every thread, and set NO_NEW_PRIVS so an unprivileged
   * process may load them (libseccomp's default, made explicit). */
  if ((ret = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0)
    return ret;
  if ((ret = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 1)) < 0)
    return ret;
  /* Report the kernel's own error codes, so a failure can be explained
   * (libseccomp ≥ 2.5; older ones say ECANCELED, which is still handled). */
  seccomp_attr_set (ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
  /* Any call through a foreign ABI (i386 int 0x80, x32) is refused rather
   * than killing the thread: nothing in Airgap makes such calls. */
  if ((ret = seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH,
                               SCMP_ACT_ERRNO (ENOSYS))) < 0)
    return ret;

  /* The comparison is on all 64 bits of the argument: if the upper half is
   * not zero the call is refused, which errs on the safe side.
   *
   * socket(): every family but AF_UNIX (1) and AF_NETLINK (16), in
   * pieces a rule can say (below 1, 2–3, 4–7, 8–15, above 16), and
   * AF_NETLINK but for device announcements (see the top). */
  if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket),
                               1, SCMP_A0 (SCMP_CMP_LT, AF_UNIX))) < 0)
    return ret;
  for (guint bits = 1; bits <= 3; bits++)
    if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket),
                                 1, SCMP_A0 (SCMP_CMP_MASKED_EQ,
                                             ~(scmp_datum_t) ((1u << bits) - 1),
                                             (scmp_datum_t) 1u << bits))) < 0)
      return ret;
  if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket),
                               1, SCMP_A0 (SCMP_CMP_GT, AF_NETLINK))) < 0)
    return ret;
  if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket),
                               2, SCMP_A0 (SCMP_CMP_EQ, AF_NETLINK),
                               SCMP_A2 (SCMP_CMP_NE, NETLINK_KOBJECT_UEVENT))) < 0)
    return ret;
  if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socketpair),
                               1, SCMP_A0 (SCMP_CMP_NE, AF_UNIX))) < 0)
    return ret;

  for (guint i = 0; i < G_N_ELEMENTS (refused_calls); i++)
    {
      int nr = seccomp_syscall_resolve_name (refused_calls[i]);

      /* libseccomp that does not know io_uring builds for a kernel that
       * does not have it either. */
      if (nr == __NR_SCMP_ERROR)
        continue;
      if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), nr, 0)) < 0)
        return ret;
    }

  return 0;
}

/* TRUE if a socket of @family is refused with EACCES. */
static gboolean
socket_refused (int family)
{
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int saved_errno = errno;

  if (fd >= 0)
    {
      close (fd);
      return FALSE;
    }

  return saved_errno == EACCES;
}

static gboolean
unix_socket_works (void)
{
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    {
      lockdown_errno = errno;
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static void
fail (Reason reason,
      int    error_code)
{
  lockdown_state = AG_LOCKDOWN_UNVERIFIED;
  lockdown_reason = reason;
  lockdown_errno = error_code;
}

static void
apply_locked (void)
{
  scmp_filter_ctx ctx;
  int ret;

  ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    {
      fail (REASON_NO_SECCOMP, 0);
      return;
    }

  /* A kernel older than 3.17 cannot put a filter on every thread. */
  if (seccomp_api_get () < 2)
    {
      seccomp_release (ctx);
      fail (REASON_NO_SECCOMP, 0);
      return;
    }

  ret = add_rules (ctx);
  if (ret < 0)
    {
      seccomp_release (ctx);
      fail (REASON_RULES_FAILED, -ret);
      return;
    }

  ret = seccomp_load (ctx);
  seccomp_release (ctx);
  if (ret < 0)
    {
      /* EINVAL or ENOSYS: a kernel without seccomp filters (or without
       * TSYNC); ESRCH: a thread could not be synchronised (it has a filter
       * of its own). */
      if (ret == -EINVAL || ret == -ENOSYS)
        fail (REASON_NO_SECCOMP, -ret);
      else if (ret == -ESRCH)
        fail (REASON_THREADS, -ret);
      else
        fail (REASON_LOAD_FAILED, -ret);
      return;
    }
  else if (ret > 0)
    {
      /* With TSYNC, a positive value is the id of a thread that could not
       * be synchronised; nothing was loaded. */
      fail (REASON_THREADS, ESRCH);
      return;
    }

  if (!socket_refused (AF_INET))
    fail (REASON_INET_OPEN, 0);
  else if (!socket_refused (AF_INET6))
    fail (REASON_INET6_OPEN, 0);
  else if (!unix_socket_works ())
    fail (REASON_UNIX_REFUSED, lockdown_errno);
  else
    {
      lockdown_state = AG_LOCKDOWN_ACTIVE;
      lockdown_reason = REASON_NONE;
      lockdown_errno = 0;
    }
}

/**
 * ag_lockdown_apply:
 *
 * Installs the network lockdown on every thread of the process and checks
 * that it works (see the top of ag-lockdown.c).  Call it once, as early as
 * possible: in the command line first thing in main(), in the window as
 * soon as the display connection is up.  Later calls do nothing and return
 * the state of the first.
 *
 * When the lockdown cannot be installed the program goes on; the state and
 * ag_lockdown_get_details() say why.
 *
 * Returns: %AG_LOCKDOWN_ACTIVE if sockets that can reach another machine
 *   are now refused, %AG_LOCKDOWN_UNVERIFIED if that could not be made sure
 */
AgLockdownState
ag_lockdown_apply (void)
{
  AgLockdownState result;

  G_LOCK (lockdown);
  if (lockdown_state == AG_LOCKDOWN_NOT_APPLIED)
    {
      apply_locked ();
      if (lockdown_state == AG_LOCKDOWN_ACTIVE)
        g_debug ("Network lockdown active and verified");
      else
        g_debug ("Network lockdown not verified (reason %d, errno %d)",
                 lockdown_reason, lockdown_errno);
    }
  result = lockdown_state;
  G_UNLOCK (lockdown);

  return result;
}

/**
 * ag_lockdown_get_state:
 *
 * Returns: the state ag_lockdown_apply() reached, or
 *   %AG_LOCKDOWN_NOT_APPLIED before it was called
 */
AgLockdownState
ag_lockdown_get_state (void)
{
  AgLockdownState result;

  G_LOCK (lockdown);
  result = lockdown_state;
  G_UNLOCK (lockdown);

  return result;
}

/**
 * ag_lockdown_get_details:
 *
 * A sentence for people: what was checked when the lockdown is active, or
 * why it is not.  Translated when called, so it follows the locale even if
 * the lockdown was applied before the message catalogue was set up.
 *
 * Returns: (transfer none): a translated sentence that stays valid
 */
const char *
ag_lockdown_get_details (void)
{
  g_autofree char *details = NULL;
  Reason reason;
  int error_code;

  G_LOCK (lockdown);
  reason = lockdown_reason;
  error_code = lockdown_errno;
  G_UNLOCK (lockdown);

  switch (reason)
    {
    case REASON_NONE:
      details = g_strdup (_("Airgap tried to open an internet connection (IPv4 and IPv6) at start-up "
                            "and the system refused it. Local connections to the desktop still work."));
      break;
    case REASON_NOT_APPLIED:
      details = g_strdup (_("The network lockdown has not been applied yet."));
      break;
    case REASON_NO_SECCOMP:
      details = g_strdup (_("This system does not let programs block their own network access "
                            "(seccomp filters are not available here)."));
      break;
    case REASON_RULES_FAILED:
      details = g_strdup_printf (_("The network block could not be prepared: %s."),
                                 g_strerror (error_code));
      break;
    case REASON_LOAD_FAILED:
      details = g_strdup_printf (_("The system refused to install the network block: %s."),
                                 g_strerror (error_code));
      break;
    case REASON_THREADS:
      details = g_strdup (_("The network block could not be applied to every part of the program: "
                            "another system call filter is already in place."));
      break;
    case REASON_INET_OPEN:
      details = g_strdup (_("The network block was installed, but a test internet connection "
                            "(IPv4) was not refused."));
      break;
    case REASON_INET6_OPEN:
      details = g_strdup (_("The network block was installed, but a test internet connection "
                            "(IPv6) was not refused."));
      break;
    case REASON_UNIX_REFUSED:
      details = g_strdup_printf (_("The network block was installed, but it also blocks connections "
                                   "to the desktop: %s."),
                                 g_strerror (error_code));
      break;
    default:
      g_assert_not_reached ();
    }

  /* A handful of distinct sentences at most: interned, they can be
   * returned without an owner and read from any thread. */
  return g_intern_string (details);
}

/* The worker's sandbox ------------------------------------------------------
 *
 * airgap-worker, the process that decodes documents and recognises them,
 * gets a much stricter filter than the window: it needs no sockets at all
 * (its one channel to the window is open before the filter goes on), no
 * program to start, and no file to write.  Refused, with EACCES:
 *
 *  - socket() and socketpair() of every family, connect(), bind(),
 *    listen(), accept(), accept4();
 *  - execve(), execveat(), ptrace() (kept under AddressSanitizer, whose
 *    leak checker needs it);
 *  - open(), openat() with any of O_WRONLY, O_RDWR, O_CREAT, O_TRUNC,
 *    O_APPEND, and creat(); openat2() fails with ENOSYS, so the C library
 *    falls back to openat(), whose flags the filter can see;
 *  - renaming, removing and making files, folders and links, changing
 *    owners and modes, truncate().
 *
 * Reading is limited further by Landlock, where the kernel has it: the
 * worker may read the folders it names before it is locked (language
 * data, the PP-OCR models, the libraries and fonts under /usr) and
 * nothing else — not the home folder, not /tmp.  A file the window hands
 * over as a descriptor is read through the descriptor.
 */

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

/**
 * ag_lockdown_restrict_files:
 * @read_paths: (array zero-terminated=1): files and folders the process
 *   may still read; those that do not exist are skipped
 *
 * Applies a Landlock ruleset to the calling thread and the threads and
 * processes it starts later: nothing may be written, made or removed
 * anywhere, and only @read_paths may be read.  Call it before any other
 * thread exists.
 *
 * Returns: the Landlock ABI version in force, 0 with @error set when the
 *   kernel has no Landlock or it could not be applied
 */
int
ag_lockdown_restrict_files (const char * const  *read_paths,
                            GError             **error)
{
  struct landlock_ruleset_attr attr = { 0 };
  guint64 read_access = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
  int abi, ruleset;

  abi = (int) syscall (__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi <= 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Landlock: %s", g_strerror (saved_errno));
      return 0;
    }

  attr.handled_access_fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                           LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
                           LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                           LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
                           LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
                           LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                           LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (abi >= 2)
    attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
  if (abi >= 3)
    attr.handled_access_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
#endif

  ruleset = (int) syscall (__NR_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Landlock ruleset: %s", g_strerror (saved_errno));
      return 0;
    }

  for (guint i = 0; read_paths[i] != NULL; i++)
    {
      struct landlock_path_beneath_attr rule = { 0 };
      struct stat st;
      int fd = open (read_paths[i], O_PATH | O_CLOEXEC);

      if (fd < 0)
        continue;
      rule.parent_fd = fd;
      /* READ_DIR only applies to folders. */
      rule.allowed_access = (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
                              ? read_access : LANDLOCK_ACCESS_FS_READ_FILE;
      if (syscall (__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0)
        g_debug ("Landlock: cannot allow %s: %s", read_paths[i], g_strerror (errno));
      close (fd);
    }

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      syscall (__NR_landlock_restrict_self, ruleset, 0) != 0)
    {
      int saved_errno = errno;

      close (ruleset);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Landlock restrict: %s", g_strerror (saved_errno));
      return 0;
    }
  close (ruleset);

  return abi;
}

static int
add_worker_rules (scmp_filter_ctx ctx)
{
  static const char * const refused[] = {
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    "execve", "execveat", "creat",
    "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir",
    "mkdir", "mkdirat", "mknod", "mknodat", "link", "linkat", "symlink", "symlinkat",
    "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat",
    "truncate",
#ifndef AG_UNDER_ASAN
    "ptrace",
#endif
  };
  static const int write_flags[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND };
  int ret;

  if ((ret = add_rules (ctx)) < 0)
    return ret;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      int nr = seccomp_syscall_resolve_name (refused[i]);

      if (nr == __NR_SCMP_ERROR)
        continue;
      if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), nr, 0)) < 0)
        return ret;
    }

  for (guint i = 0; i < G_N_ELEMENTS (write_flags); i++)
    {
      scmp_datum_t flag = (scmp_datum_t) write_flags[i];

      if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (openat),
                                   1, SCMP_A2 (SCMP_CMP_MASKED_EQ, flag, flag))) < 0)
        return ret;
#ifdef __NR_open
      if ((ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (open),
                                   1, SCMP_A1 (SCMP_CMP_MASKED_EQ, flag, flag))) < 0)
        return ret;
#endif
    }

  {
    int nr = seccomp_syscall_resolve_name ("openat2");

    if (nr != __NR_SCMP_ERROR && (ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), nr, 0)) < 0)
      return ret;
  }

  return 0;
}

/**
 * ag_lockdown_apply_worker:
 *
 * Installs the worker's filter (see above) on every thread of the
 * process.  Once only, instead of ag_lockdown_apply().
 *
 * Returns: %TRUE if it is in force, %FALSE with @error set
 */
gboolean
ag_lockdown_apply_worker (GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  int ret;

  if (ctx == NULL || seccomp_api_get () < 2)
    {
      if (ctx != NULL)
        seccomp_release (ctx);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "seccomp is not available");
      return FALSE;
    }

  ret = add_worker_rules (ctx);
  if (ret >= 0)
    ret = seccomp_load (ctx);
  seccomp_release (ctx);
  if (ret != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "seccomp: %s",
                   g_strerror (ret < 0 ? -ret : ESRCH));
      return FALSE;
    }

  G_LOCK (lockdown);
  if (socket_refused (AF_INET) && socket_refused (AF_INET6))
    {
      lockdown_state = AG_LOCKDOWN_ACTIVE;
      lockdown_reason = REASON_NONE;
    }
  else
    fail (REASON_INET_OPEN, 0);
  G_UNLOCK (lockdown);

  return lockdown_state == AG_LOCKDOWN_ACTIVE;
}

static int
probe_socket (int family)
{
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0 && family == AF_NETLINK)
    fd = socket (family, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd >= 0)
    {
      close (fd);
      return 0;
    }
  return errno;
}

static int
probe_open (const char *path,
            int         flags)
{
  int fd = open (path, flags | O_CLOEXEC, 0600);

  if (fd >= 0)
    {
      close (fd);
      return 0;
    }
  return errno;
}

/**
 * ag_lockdown_try:
 * @path: a file to try to read
 *
 * Tries what the worker's sandbox refuses, for the tests: sockets of four
 * families, a socketpair, writing a new file in the temporary folder and
 * reading @path.
 *
 * Returns: (transfer floating): an a{si}: what → errno, 0 if it worked
 */
GVariant *
ag_lockdown_try (const char *path)
{
  g_autofree char *target = g_build_filename (g_get_tmp_dir (), "airgap-worker-was-here", NULL);
  GVariantBuilder builder;
  int pair[2];
  int pair_errno = 0;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0)
    {
      close (pair[0]);
      close (pair[1]);
    }
  else
    pair_errno = errno;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  g_variant_builder_add (&builder, "{si}", "socket-unix", probe_socket (AF_UNIX));
  g_variant_builder_add (&builder, "{si}", "socket-inet", probe_socket (AF_INET));
  g_variant_builder_add (&builder, "{si}", "socket-inet6", probe_socket (AF_INET6));
  g_variant_builder_add (&builder, "{si}", "socket-netlink", probe_socket (AF_NETLINK));
  g_variant_builder_add (&builder, "{si}", "socketpair", pair_errno);
  g_variant_builder_add (&builder, "{si}", "write-tmp", probe_open (target, O_WRONLY | O_CREAT | O_EXCL));
  g_variant_builder_add (&builder, "{si}", "read", probe_open (path, O_RDONLY));

  return g_variant_builder_end (&builder);
}
