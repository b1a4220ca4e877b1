/* test-no-network.c — airgap-ocr, watched by strace, opens no network socket
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The lockdown's own test proves the filter from inside the process; this
 * one watches the real program from outside.  airgap-ocr runs under
 * `strace -f -e trace=network` (every thread and child) and the log must
 * show no socket other than AF_UNIX that opened, and no connection or
 * datagram to an internet address that succeeded.  It must also show the
 * lockdown's own IPv4 and IPv6 probes being refused, so a log that saw
 * nothing cannot pass.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ag-core.h"
#include "ag-test-util.h"

typedef struct
{
  guint n_calls;
  guint n_refused_probes;
} Summary;

static GRegex *result_regex;

/* One finished call, "socket(AF_INET, …) = -1 EACCES (…)". */
static void
check_call (const char *call,
            Summary    *summary)
{
  g_autofree char *result = NULL;
  gboolean failed;

  /* strace pads short calls: "close(3)      = 0". */
  if (!g_regex_match_simple ("\\)\\s+= ", call, 0, 0))
    return; /* killed or exited before returning */
  result = g_regex_replace (result_regex, call, -1, 0, "", 0, NULL);
  failed = g_str_has_prefix (result, "-1 ");
  summary->n_calls++;

  if (g_str_has_prefix (call, "socket(") || g_str_has_prefix (call, "socketpair("))
    {
      const char *family = strchr (call, '(') + 1;

      if (!g_str_has_prefix (family, "AF_UNIX,") && !failed)
        g_error ("A network socket was opened: %s", call);
      if ((g_str_has_prefix (family, "AF_INET,") || g_str_has_prefix (family, "AF_INET6,")) &&
          g_str_has_prefix (result, "-1 EACCES"))
        summary->n_refused_probes++;
    }
  else if (!failed &&
           (strstr (call, "sa_family=AF_INET") != NULL ||
            strstr (call, "sa_family=AF_PACKET") != NULL ||
            strstr (call, "sa_family=AF_NETLINK") != NULL))
    {
      g_error ("A network address was used: %s", call);
    }
}

/* strace -f writes "PID call(…" and, when a thread is interrupted,
 * "PID call(… <unfinished ...>" then later "PID <... call resumed>…". */
static Summary
check_log (const char *log)
{
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  Summary summary = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *pid = NULL;
      const char *rest;
      char *space;

      if (lines[i][0] == '\0')
        continue;
      space = strchr (lines[i], ' ');
      if (space == NULL)
        continue;
      pid = g_strndup (lines[i], space - lines[i]);
      rest = space;
      while (*rest == ' ')
        rest++;

      if (g_str_has_prefix (rest, "+++") || g_str_has_prefix (rest, "---"))
        continue;

      if (g_str_has_suffix (rest, "<unfinished ...>"))
        {
          g_hash_table_replace (pending, g_steal_pointer (&pid),
                                g_strndup (rest, strlen (rest) - strlen ("<unfinished ...>")));
        }
      else if (g_str_has_prefix (rest, "<... "))
        {
          const char *start = g_hash_table_lookup (pending, pid);
          const char *tail = strstr (rest, "resumed>");
          g_autofree char *call = NULL;

          g_assert_nonnull (start);
          g_assert_nonnull (tail);
          call = g_strconcat (start, tail + strlen ("resumed>"), NULL);
          g_hash_table_remove (pending, pid);
          check_call (call, &summary);
        }
      else
        {
          check_call (rest, &summary);
        }
    }

  return summary;
}

/* Runs airgap-ocr with @args under strace and checks the log.  Returns
 * FALSE (and skips the test) if strace cannot trace here. */
static gboolean
run_traced (const char * const *args,
            int                *exit_status,
            char              **standard_output,
            char              **standard_error)
{
  g_autofree char *strace = g_find_program_in_path ("strace");
  g_autofree char *log_path = g_build_filename (ag_test_get_tmpdir (), "strace.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  Summary summary;

  if (strace == NULL)
    {
      g_test_skip ("strace is not installed");
      return FALSE;
    }

  g_ptr_array_add (argv, strace);
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, (char *) "-qq");
  g_ptr_array_add (argv, (char *) "-e");
  g_ptr_array_add (argv, (char *) "trace=network");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, log_path);
  g_ptr_array_add (argv, (char *) g_getenv ("AIRGAP_OCR"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_get_environ ();
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  /* In the sanitizer build: LeakSanitizer cannot work under ptrace and
   * would fail the traced program at exit. */
  {
    const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
    g_autofree char *options = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "",
                                            "detect_leaks=0", NULL);

    env = g_environ_setenv (env, "ASAN_OPTIONS", options, TRUE);
  }

  g_unlink (log_path);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                standard_output, standard_error, exit_status, &error);
  g_assert_no_error (error);

  if (!g_file_get_contents (log_path, &log, NULL, NULL) || log[0] == '\0')
    {
      /* ptrace is not allowed in some containers. */
      g_autofree char *message = g_strdup_printf ("strace cannot trace here: %s", *standard_error);
      g_test_skip (message);
      return FALSE;
    }
  if (g_str_has_prefix (*standard_error, "strace: ") &&
      strstr (*standard_error, "ptrace") != NULL)
    {
      g_autofree char *message = g_strdup_printf ("strace cannot trace here: %s", *standard_error);
      g_test_skip (message);
      return FALSE;
    }

  g_test_message ("strace log:\n%s", log);
  summary = check_log (log);
  g_assert_cmpuint (summary.n_calls, >, 0);
  /* The lockdown's self-check: IPv4 and IPv6, both refused. */
  g_assert_cmpuint (summary.n_refused_probes, >=, 2);

  return TRUE;
}

static void
test_no_network_version (void)
{
  const char *args[] = { "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!run_traced (args, &status, &out, &err))
    return;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Network lockdown: active"));
}

static void
test_no_network_list_languages (void)
{
  const char *args[] = { "--list-languages", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!run_traced (args, &status, &out, &err))
    return;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_no_network_recognition (void)
{
  g_autofree char *png = ag_test_render_text_png ("Nothing leaves this computer.\n"
                                                  "The quick brown fox jumps over the lazy dog.",
                                                  "DejaVu Sans 14", 300);
  const char *args[] = { "-l", "eng", png, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!run_traced (args, &status, &out, &err))
    return;

  /* Until the engine is on main the program says so; the network check
   * above has still run on everything it did. */
  if (!g_spawn_check_wait_status (status, NULL) && strstr (err, "Not implemented yet") != NULL)
    {
      g_test_skip ("recognition is not implemented yet");
      return;
    }

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpfloat (ag_test_cer (out, "Nothing leaves this computer.\n"
                                       "The quick brown fox jumps over the lazy dog.", FALSE),
                     <, 0.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Everything up to the result of a call. */
  result_regex = g_regex_new ("^.*\\)\\s+= ", G_REGEX_DOTALL, 0, NULL);

  g_test_add_func ("/no-network/version", test_no_network_version);
  g_test_add_func ("/no-network/list-languages", test_no_network_list_languages);
  g_test_add_func ("/no-network/recognition", test_no_network_recognition);

  return g_test_run ();
}
