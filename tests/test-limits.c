/* Limits: defaults, parsing of NAME=VALUE, and refusals. */
#include <string.h>

#include "bundlecheck.h"

static void
test_defaults (void)
{
  BcLimits limits;
  guint n = 0;
  const BcLimitInfo *info = bc_limits_describe (&n);

  bc_limits_init (&limits);
  g_assert_cmpuint (n, ==, 10);
  for (guint i = 0; i < n; i++) {
    /* every limit is named, documented and in force by default */
    g_assert_true (info[i].default_value > 0);
    g_assert_nonnull (info[i].reason);
    g_assert_cmpuint (bc_limits_get (&limits, info[i].name), ==, info[i].default_value);
  }
  g_assert_cmpuint (limits.max_entries, ==, 1000);
  g_assert_cmpuint (limits.max_bundle_bytes, ==, 64 * 1024 * 1024);
  g_assert_cmpuint (limits.inspect_wall_seconds, ==, 15);
}

static void
test_set (void)
{
  BcLimits limits;
  g_autoptr (GError) error = NULL;

  bc_limits_init (&limits);
  g_assert_true (bc_limits_set (&limits, "max-entries=5", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limits.max_entries, ==, 5);
  g_assert_true (bc_limits_set (&limits, "max-entry-bytes=3K", &error));
  g_assert_cmpuint (limits.max_entry_bytes, ==, 3 * 1024);
  g_assert_true (bc_limits_set (&limits, "max-total-bytes=2m", &error));
  g_assert_cmpuint (limits.max_total_bytes, ==, 2 * 1024 * 1024);
  g_assert_true (bc_limits_set (&limits, "inspect-memory-bytes=1G", &error));
  g_assert_cmpuint (limits.inspect_memory_bytes, ==, G_GUINT64_CONSTANT (1) << 30);
}

static void
test_refusals (void)
{
  const char *bad[] = {
    "max-entries",              /* no value */
    "max-entries=",             /* empty */
    "max-entries=0",            /* a zero limit would refuse everything */
    "max-entries=-1",
    "max-entries=12x",
    "max-entries=99999999999999999999", /* overflows 64 bits */
    "max-entry-bytes=17179869184G",     /* overflows once multiplied */
    "no-such-limit=1",
  };
  BcLimits limits;

  bc_limits_init (&limits);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_false (bc_limits_set (&limits, bad[i], &error));
    g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  }
  /* a refused assignment changes nothing */
  g_assert_cmpuint (limits.max_entries, ==, 1000);
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (bc_limits_set (&limits, "no-such-limit=1", &error));
    /* the message lists what exists */
    g_assert_nonnull (strstr (error->message, "max-entries"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/defaults", test_defaults);
  g_test_add_func ("/limits/set", test_set);
  g_test_add_func ("/limits/refusals", test_refusals);
  return g_test_run ();
}
