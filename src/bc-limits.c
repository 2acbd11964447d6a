/* Every limit on the work done for one bundle, with its default and the
 * reason for it. docs/security.md repeats this table for operators. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bundlecheck.h"

#define KIB ((guint64) 1024)
#define MIB (KIB * 1024)

static const BcLimitInfo limit_table[] = {
  { "max-bundle-bytes", offsetof (BcLimits, max_bundle_bytes), 64 * MIB, "bytes",
    "a filing bundle is a handful of scans and PDFs; 64 MiB leaves room for phone photos" },
  { "max-entries", offsetof (BcLimits, max_entries), 1000, "entries",
    "checked in the end-of-central-directory record before libzip loads the directory: 1M entries cost libzip 4.6 s and 300 MB" },
  { "max-entry-bytes", offsetof (BcLimits, max_entry_bytes), 32 * MIB, "bytes",
    "one scan or photo; counted while inflating, never taken from the declared size" },
  { "max-total-bytes", offsetof (BcLimits, max_total_bytes), 256 * MIB, "bytes",
    "all entries together once inflated; bounds the work for the whole bundle" },
  { "max-ratio", offsetof (BcLimits, max_ratio), 200, "ratio",
    "JPEG, PNG and PDF are already compressed; an entry inflating more than 200x is a bomb, not a document" },
  { "max-name-bytes", offsetof (BcLimits, max_name_bytes), 255, "bytes",
    "longer names break Windows, the upload form and every filesystem" },
  { "max-pdf-pages", offsetof (BcLimits, max_pdf_pages), 300, "pages",
    "letters and licences have a few pages; a 20,000-page PDF only costs time" },
  { "inspect-cpu-seconds", offsetof (BcLimits, inspect_cpu_seconds), 10, "seconds",
    "CPU of one inspection child; a 1 GiB Flate bomb in a PDF burns 12 s of CPU" },
  { "inspect-wall-seconds", offsetof (BcLimits, inspect_wall_seconds), 15, "seconds",
    "wall clock of one inspection child, also catches a child that blocks" },
  { "inspect-memory-bytes", offsetof (BcLimits, inspect_memory_bytes), 512 * MIB, "bytes",
    "address space of one inspection child (poppler, cairo and the decoders map ~150 MiB of libraries)" },
};

const BcLimitInfo *
bc_limits_describe (guint *n_limits)
{
  *n_limits = G_N_ELEMENTS (limit_table);
  return limit_table;
}

void
bc_limits_init (BcLimits *limits)
{
  memset (limits, 0, sizeof (*limits));
  for (guint i = 0; i < G_N_ELEMENTS (limit_table); i++)
    G_STRUCT_MEMBER (guint64, limits, limit_table[i].offset) = limit_table[i].default_value;
}

static const BcLimitInfo *
limit_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (limit_table); i++) {
    if (g_strcmp0 (limit_table[i].name, name) == 0)
      return &limit_table[i];
  }
  return NULL;
}

guint64
bc_limits_get (const BcLimits *limits, const char *name)
{
  const BcLimitInfo *info = limit_lookup (name);

  g_return_val_if_fail (info != NULL, 0);
  return G_STRUCT_MEMBER (guint64, limits, info->offset);
}

/* accepts decimal digits with an optional K, M or G (1024-based) suffix */
static gboolean
parse_amount (const char *str, guint64 *out)
{
  guint64 value = 0;
  guint64 factor = 1;
  const char *p = str;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++) {
    if (value > (G_MAXUINT64 - 9) / 10)
      return FALSE;
    value = value * 10 + (guint64) (*p - '0');
  }
  switch (g_ascii_toupper (*p)) {
  case '\0':
    break;
  case 'K':
    factor = KIB;
    p++;
    break;
  case 'M':
    factor = MIB;
    p++;
    break;
  case 'G':
    factor = MIB * 1024;
    p++;
    break;
  default:
    return FALSE;
  }
  if (*p != '\0')
    return FALSE;
  if (value > G_MAXUINT64 / factor)
    return FALSE;
  *out = value * factor;
  return TRUE;
}

gboolean
bc_limits_set (BcLimits *limits, const char *assignment, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (assignment, "=", 2);
  const BcLimitInfo *info;
  guint64 value;

  if (g_strv_length (parts) != 2) {
    g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "limit '%s' is not NAME=VALUE", assignment);
    return FALSE;
  }
  info = limit_lookup (parts[0]);
  if (info == NULL) {
    g_autoptr (GString) names = g_string_new (NULL);
    for (guint i = 0; i < G_N_ELEMENTS (limit_table); i++)
      g_string_append_printf (names, "%s%s", i ? ", " : "", limit_table[i].name);
    g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown limit '%s'; known limits: %s",
                 parts[0], names->str);
    return FALSE;
  }
  if (!parse_amount (parts[1], &value) || value == 0) {
    g_set_error (error, BC_ERROR, BC_ERROR_USAGE,
                 "limit %s needs a positive whole number (K, M, G suffixes allowed), not '%s'",
                 info->name, parts[1]);
    return FALSE;
  }
  G_STRUCT_MEMBER (guint64, limits, info->offset) = value;
  return TRUE;
}
