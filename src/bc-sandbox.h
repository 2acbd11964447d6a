/* Running a piece of work on untrusted bytes in a resource-limited child
 * process: a crash, hang or memory blow-up there becomes a failure text in
 * the parent, never a dead tool. See docs/inspection.md for the design. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

/* Runs in the child after the limits are applied. Returns the result
 * bytes to hand back to the parent (NULL = nothing). */
typedef GBytes *(*BcSandboxFunc) (gpointer user_data);

/* the most bytes a child may hand back; more is treated as malformed */
#define BC_SANDBOX_MAX_RESULT (4u * 1024u * 1024u)

/* Run FUNC (USER_DATA) in a forked child limited by LIMITS
 * (inspect_cpu_seconds, inspect_wall_seconds, inspect_memory_bytes; 0 =
 * no limit of that kind).
 *
 * Returns FALSE with ERROR only when the tool itself failed (pipe, fork).
 * Otherwise returns TRUE and sets exactly one of *RESULT (the child exited
 * normally; the bytes are untrusted and must be validated by the caller)
 * or *FAILURE (what happened to the child, in English, e.g. "crashed
 * (signal 11)", "took longer than 15 s"); free both. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_sandbox_run (BcSandboxFunc func,
                         gpointer user_data,
                         const BcLimits *limits,
                         GBytes **result,
                         char **failure,
                         GError **error);

G_END_DECLS
