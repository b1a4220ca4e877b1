/* test-lockdown.c — the process cannot open network connections
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <linux/io_uring.h>
#include <sys/prctl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ag-core.h"
#include "ag-test-util.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

/* Families that can reach another machine, or the kernel's network
 * configuration.  The filter refuses every family but AF_UNIX; these are
 * the ones worth naming. */
static const struct
{
  int         family;
  int         type;
  const char *name;
} remote_families[] = {
  { AF_INET,      SOCK_STREAM, "AF_INET stream" },
  { AF_INET,      SOCK_DGRAM,  "AF_INET datagram" },
  { AF_INET6,     SOCK_STREAM, "AF_INET6 stream" },
  { AF_INET6,     SOCK_DGRAM,  "AF_INET6 datagram" },
  { AF_NETLINK,   SOCK_RAW,    "AF_NETLINK" },
  { AF_PACKET,    SOCK_RAW,    "AF_PACKET" },
  { AF_BLUETOOTH, SOCK_STREAM, "AF_BLUETOOTH" },
  { AF_VSOCK,     SOCK_STREAM, "AF_VSOCK" },
  { AF_CAN,       SOCK_RAW,    "AF_CAN" },
  { AF_TIPC,      SOCK_RDM,    "AF_TIPC" },
  { AF_APPLETALK, SOCK_DGRAM,  "AF_APPLETALK" },
  { AF_X25,       SOCK_SEQPACKET, "AF_X25" },
  { AF_MAX - 1,   SOCK_STREAM, "the highest family" },
};

/* errno of socket(@family, @type), or 0 if it opened. */
static int
socket_errno (int family,
              int type)
{
  int fd = socket (family, type | SOCK_CLOEXEC, 0);

  if (fd >= 0)
    {
      close (fd);
      return 0;
    }
  return errno;
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean go;
  int      result;
} ThreadProbe;

/* Started before the lockdown, waits until told, then tries IPv4. */
static gpointer
early_thread_cb (gpointer user_data)
{
  ThreadProbe *probe = user_data;

  g_mutex_lock (&probe->mutex);
  while (!probe->go)
    g_cond_wait (&probe->cond, &probe->mutex);
  g_mutex_unlock (&probe->mutex);

  probe->result = socket_errno (AF_INET, SOCK_STREAM);
  return NULL;
}

static gpointer
late_thread_cb (gpointer user_data)
{
  return GINT_TO_POINTER (socket_errno (AF_INET6, SOCK_DGRAM));
}

static void
test_lockdown_before_apply (void)
{
  g_assert_cmpint (ag_lockdown_get_state (), ==, AG_LOCKDOWN_NOT_APPLIED);
  g_assert_nonnull (ag_lockdown_get_details ());
  g_assert_cmpstr (ag_lockdown_get_details (), !=, "");

  /* Sanity check of the test itself: without the lockdown an IPv4 socket
   * opens here, so the refusal below is the filter's doing. */
  g_assert_cmpint (socket_errno (AF_INET, SOCK_STREAM), ==, 0);
}

static void
test_lockdown_sockets (void)
{
  ThreadProbe probe = { 0 };
  GThread *early, *late;
  int pair[2];
  pid_t pid;
  int status;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_mutex_init (&probe.mutex);
  g_cond_init (&probe.cond);
  probe.result = -1;
  early = g_thread_new ("early", early_thread_cb, &probe);

  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_ACTIVE);
  g_assert_cmpint (ag_lockdown_get_state (), ==, AG_LOCKDOWN_ACTIVE);
  g_assert_true (strstr (ag_lockdown_get_details (), "refused") != NULL);
  /* Applying again changes nothing and does not stack a second filter. */
  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_ACTIVE);

  for (guint i = 0; i < G_N_ELEMENTS (remote_families); i++)
    {
      int err = socket_errno (remote_families[i].family, remote_families[i].type);

      if (err != EACCES)
        g_error ("%s: expected EACCES, got %s", remote_families[i].name,
                 err == 0 ? "an open socket" : g_strerror (err));
    }

  g_assert_cmpint (socketpair (AF_INET, SOCK_STREAM, 0, pair), ==, -1);
  g_assert_cmpint (errno, ==, EACCES);

  /* Netlink only to hear devices come and go, as libusb does for SANE's
   * USB scanners; not to see or change the network. */
  {
    const int refused_netlink[] = { NETLINK_ROUTE, NETLINK_GENERIC, NETLINK_NETFILTER,
                                    NETLINK_SOCK_DIAG, NETLINK_XFRM };
    int fd;

    for (guint i = 0; i < G_N_ELEMENTS (refused_netlink); i++)
      {
        g_assert_cmpint (socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, refused_netlink[i]), ==, -1);
        g_assert_cmpint (errno, ==, EACCES);
      }
    fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
    g_assert_cmpint (fd, >=, 0);
    close (fd);
    g_assert_cmpint (socketpair (AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT, pair), ==, -1);
    g_assert_cmpint (errno, ==, EACCES);
  }
  /* Every family from 0 to the last, but the two. */
  for (int family = 0; family < AF_MAX; family++)
    if (family != AF_UNIX && family != AF_NETLINK)
      g_assert_cmpint (socket_errno (family, SOCK_STREAM), ==, EACCES);

  /* Local sockets still work: the display, D-Bus and portals use them. */
  g_assert_cmpint (socket_errno (AF_UNIX, SOCK_STREAM), ==, 0);
  g_assert_cmpint (socket_errno (AF_UNIX, SOCK_DGRAM), ==, 0);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
  g_assert_cmpint (write (pair[0], "x", 1), ==, 1);
  close (pair[0]);
  close (pair[1]);

  /* A thread that existed before the lockdown is bound by it (TSYNC)… */
  g_mutex_lock (&probe.mutex);
  probe.go = TRUE;
  g_cond_signal (&probe.cond);
  g_mutex_unlock (&probe.mutex);
  g_thread_join (early);
  g_assert_cmpint (probe.result, ==, EACCES);

  /* …and so is one started after it… */
  late = g_thread_new ("late", late_thread_cb, NULL);
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (late)), ==, EACCES);

  /* …and a child process. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (socket_errno (AF_INET, SOCK_STREAM) == EACCES ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_mutex_clear (&probe.mutex);
  g_cond_clear (&probe.cond);
}

/* Has a (harmless) seccomp filter of its own, which the process-wide
 * filter cannot be synchronised with. */
static gpointer
own_filter_thread_cb (gpointer user_data)
{
  ThreadProbe *probe = user_data;
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);

  g_assert_nonnull (ctx);
  g_assert_cmpint (seccomp_load (ctx), ==, 0);
  seccomp_release (ctx);

  g_mutex_lock (&probe->mutex);
  probe->result = 0;
  g_cond_signal (&probe->cond);
  while (!probe->go)
    g_cond_wait (&probe->cond, &probe->mutex);
  g_mutex_unlock (&probe->mutex);

  return NULL;
}

/* When the filter cannot cover every thread, the lockdown must not claim
 * to be active, and must say why. */
static void
test_lockdown_unverified (void)
{
  ThreadProbe probe = { 0 };
  GThread *thread;
  const char *details;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_mutex_init (&probe.mutex);
  g_cond_init (&probe.cond);
  probe.result = -1;
  thread = g_thread_new ("own-filter", own_filter_thread_cb, &probe);
  g_mutex_lock (&probe.mutex);
  while (probe.result != 0)
    g_cond_wait (&probe.cond, &probe.mutex);
  g_mutex_unlock (&probe.mutex);

  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_UNVERIFIED);
  g_assert_cmpint (ag_lockdown_get_state (), ==, AG_LOCKDOWN_UNVERIFIED);
  details = ag_lockdown_get_details ();
  g_test_message ("details: %s", details);
  g_assert_null (strstr (details, "refused it"));
  g_assert_nonnull (strstr (details, "could not be applied to every part of the program"));
  /* Honest: here a network socket does open. */
  g_assert_cmpint (socket_errno (AF_INET, SOCK_STREAM), ==, 0);
  /* And it does not try again behind the caller's back. */
  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_UNVERIFIED);

  g_mutex_lock (&probe.mutex);
  probe.go = TRUE;
  g_cond_signal (&probe.cond);
  g_mutex_unlock (&probe.mutex);
  g_thread_join (thread);
  g_mutex_clear (&probe.mutex);
  g_cond_clear (&probe.cond);
}

static void
test_lockdown_io_uring (void)
{
  struct io_uring_params params = { 0 };
  long ret;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_ACTIVE);

  ret = syscall (__NR_io_uring_setup, 4, &params);
  if (ret >= 0)
    {
      close ((int) ret);
      g_error ("io_uring_setup() worked under the lockdown");
    }
  g_assert_true (errno == ENOSYS || errno == EPERM);

  ret = syscall (__NR_io_uring_enter, -1, 0, 0, 0, NULL, 0);
  g_assert_cmpint (ret, ==, -1);
  g_assert_cmpint (errno, ==, ENOSYS);
  ret = syscall (__NR_io_uring_register, -1, 0, NULL, 0);
  g_assert_cmpint (ret, ==, -1);
  g_assert_cmpint (errno, ==, ENOSYS);
}

#if defined(__x86_64__)
/* socket() through the i386 entry point (int 0x80, call 359).  Returns
 * the kernel's raw result: a descriptor or -errno. */
static long
i386_socket (int family,
             int type)
{
  long ret;

  __asm__ volatile ("int $0x80"
                    : "=a" (ret)
                    : "0" (359L), "b" ((long) family), "c" ((long) type), "d" (0L)
                    : "cc", "memory", "r8", "r9", "r10", "r11");
  return ret;
}

static void
test_lockdown_foreign_abi (void)
{
  long ret;

  if (!g_test_subprocess ())
    {
      /* First find out whether this kernel runs i386 calls at all (a
       * kernel without IA32 emulation kills the caller). */
      g_test_trap_subprocess ("/lockdown/i386-probe", 0, G_TEST_SUBPROCESS_DEFAULT);
      if (!g_test_trap_has_passed ())
        {
          g_test_skip ("This kernel does not run i386 system calls");
          return;
        }
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_ACTIVE);

  /* The 32-bit ABI cannot be used to go around the filter. */
  ret = i386_socket (AF_INET, SOCK_STREAM);
  g_assert_cmpint (ret, ==, -ENOSYS);
  /* Nor the x32 one (ENOSYS also when the kernel has no x32). */
  ret = syscall (__NR_socket | 0x40000000, AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (ret, ==, -1);
  g_assert_cmpint (errno, ==, ENOSYS);
}

static void
test_lockdown_foreign_abi_probe (void)
{
  long ret;

  if (!g_test_subprocess ())
    return;

  ret = i386_socket (AF_INET, SOCK_STREAM);
  if (ret < 0)
    exit (1);
  close ((int) ret);
}
#endif

static char *
run_cli (const char *argument,
         int        *exit_status)
{
  const char *cli = g_getenv ("AIRGAP_OCR");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  const char *argv[3] = { cli, argument, NULL };
  char *out = NULL;

  g_assert_nonnull (cli);
  /* Untranslated, so the test can read it. */
  env = g_get_environ ();
  env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, exit_status, &error);
  g_assert_no_error (error);

  return out;
}

static void
test_lockdown_cli_version (void)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean found = FALSE;
  int status;

  out = run_cli ("--version", &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* A line of its own, saying the lockdown is active. */
      if (g_str_has_prefix (lines[i], "Network lockdown: "))
        {
          g_assert_false (found);
          found = TRUE;
          g_assert_cmpstr (lines[i], ==,
                           "Network lockdown: active (this process cannot open network connections)");
        }
    }
  g_assert_true (found);
}

static const char * const network_libraries[] = {
  "libcurl", "libsoup", "libneon", "libserf", "libwget", "libgnutls-dane",
  "libssh", "libnghttp", "libmicrohttpd", "libldap", "librtmp", "libwebkit",
  "libevent", "libzmq", "libgrpc", "libcares",
};

/* Output of `tool [option] path`. */
static char *
run_tool (const char *tool,
          const char *option,
          const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[4] = { tool, option != NULL ? option : path, option != NULL ? path : NULL, NULL };
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static const char *
find_network_library (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (network_libraries); i++)
    if (strstr (text, network_libraries[i]) != NULL)
      return network_libraries[i];
  return NULL;
}

/* A system that does not let a program filter its own system calls (an
 * old kernel, a sandbox): airgap-ocr still works and says so, on --version
 * and before reading a document. */
static void
test_lockdown_cli_unverified (void)
{
  g_autofree char *png = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  scmp_filter_ctx ctx;
  const char *cli = g_getenv ("AIRGAP_OCR");
  int status;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_nonnull (cli);
  png = ag_test_render_text_png ("Offline or not, it still reads", "DejaVu Sans 14", 300);

  /* This process and what it starts cannot install seccomp filters. */
  ctx = seccomp_init (SCMP_ACT_ALLOW);
  g_assert_nonnull (ctx);
  g_assert_cmpint (seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (seccomp), 0), ==, 0);
  g_assert_cmpint (seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EINVAL), SCMP_SYS (prctl), 1,
                                     SCMP_A0 (SCMP_CMP_EQ, PR_SET_SECCOMP)), ==, 0);
  g_assert_cmpint (seccomp_load (ctx), ==, 0);
  seccomp_release (ctx);

  env = g_get_environ ();
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");

  {
    const char *argv[] = { cli, "--version", NULL };

    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_test_message ("%s", out);
    g_assert_null (strstr (out, "Network lockdown: active"));
    g_assert_nonnull (strstr (out, "Network lockdown: NOT active (This system does not let "
                                   "programs block their own network access"));
    g_clear_pointer (&out, g_free);
  }

  {
    const char *argv[] = { cli, "-l", "eng", png, NULL };

    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_nonnull (strstr (err, "warning: the network lockdown is not active"));
    /* It still works. */
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpfloat (ag_test_cer (out, "Offline or not, it still reads", FALSE), <, 0.2);
  }
}

/* The path ldd gives for the library whose name starts with @name, or NULL. */
static char *
ldd_path_of (const char *ldd_output,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (ldd_output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " \t");
      const char *arrow = strstr (line, " => /");

      if (g_str_has_prefix (line, name) && arrow != NULL)
        return g_strndup (arrow + 4, strcspn (arrow + 4, " "));
    }
  return NULL;
}

/* No program loads a network client library when it starts: not among
 * the libraries it asks for itself, not among everything those bring.
 * Tesseract, whose Debian build links libcurl (to read images from URLs,
 * which Airgap never asks it to; the Flatpak builds it --without-curl), is
 * opened only when a page is read (ag-tess-api.c), under the filter that
 * would stop any of them anyway; so is Poppler, whose Debian 13 build
 * (25.03) links libcurl too (ag-poppler-api.c). */
static void
test_lockdown_no_network_libraries (void)
{
  const char *programs[] = { g_getenv ("AIRGAP_OCR"), g_getenv ("AIRGAP_WORKER"),
                             g_getenv ("AIRGAP_APP") };
  g_autofree char *ldd = g_find_program_in_path ("ldd");
  g_autofree char *readelf = g_find_program_in_path ("readelf");

  if (ldd == NULL || readelf == NULL)
    {
      g_test_skip ("ldd or readelf is not installed");
      return;
    }

  g_assert_nonnull (programs[0]);
  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      g_autofree char *dynamic = NULL;
      g_autofree char *loaded = NULL;
      const char *found;

      if (programs[p] == NULL)
        continue; /* the window is not built (-Dui_tests=false) */

      /* What the program itself asks for. */
      dynamic = run_tool (readelf, "-d", programs[p]);
      g_assert_nonnull (strstr (dynamic, "(NEEDED)"));
      found = find_network_library (dynamic);
      if (found != NULL)
        g_error ("%s links %s itself", programs[p], found);

      /* Everything it loads. */
      loaded = run_tool (ldd, NULL, programs[p]);
      g_assert_nonnull (strstr (loaded, "libglib-2.0"));
      g_assert_null (strstr (loaded, "libtesseract"));
      g_assert_null (strstr (loaded, "libpoppler"));

      /* The one exception: libadwaita 1.7 (Debian 13) links libappstream
       * for its About dialog, and libappstream links libcurl (with
       * libssh2 and libldap behind it).  The window cannot do without
       * libadwaita; what it brings is mapped and never called (Airgap
       * shows no About dialog from AppStream data), and the window's
       * filter is on once the display is up, before any document is
       * read (ag_application_startup()).  Only what libappstream itself
       * brings is let through; docs/sandbox.md says more. */
      if (g_strcmp0 (programs[p], g_getenv ("AIRGAP_APP")) == 0)
        {
          g_autofree char *appstream = ldd_path_of (loaded, "libappstream.so");

          if (appstream != NULL)
            {
              g_autofree char *brought = run_tool (ldd, NULL, appstream);
              g_autoptr(GString) kept = g_string_new (NULL);
              g_auto(GStrv) lines = g_strsplit (loaded, "\n", -1);

              for (guint i = 0; lines[i] != NULL; i++)
                {
                  const char *line = lines[i] + strspn (lines[i], " \t");
                  g_autofree char *name = g_strndup (line, strcspn (line, " "));

                  if (find_network_library (name) != NULL && strstr (brought, name) != NULL)
                    g_test_message ("%s: %s comes with libadwaita's libappstream", programs[p], name);
                  else
                    g_string_append_printf (kept, "%s\n", lines[i]);
                }
              g_free (loaded);
              loaded = g_string_free (g_steal_pointer (&kept), FALSE);
            }
        }

      found = find_network_library (loaded);
      if (found != NULL)
        g_error ("%s loads %s:\n%s", programs[p], found, loaded);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lockdown/before-apply", test_lockdown_before_apply);
  g_test_add_func ("/lockdown/sockets", test_lockdown_sockets);
  g_test_add_func ("/lockdown/unverified", test_lockdown_unverified);
  g_test_add_func ("/lockdown/io-uring", test_lockdown_io_uring);
#if defined(__x86_64__)
  g_test_add_func ("/lockdown/foreign-abi", test_lockdown_foreign_abi);
  g_test_add_func ("/lockdown/i386-probe", test_lockdown_foreign_abi_probe);
#endif
  g_test_add_func ("/lockdown/cli-version", test_lockdown_cli_version);
  g_test_add_func ("/lockdown/cli-unverified", test_lockdown_cli_unverified);
  g_test_add_func ("/lockdown/no-network-libraries", test_lockdown_no_network_libraries);

  return g_test_run ();
}
