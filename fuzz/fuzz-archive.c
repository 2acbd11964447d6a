/* Fuzz the ZIP reader: EOCD and central-directory parsing, name decoding,
 * overlap detection, limits, and reading every entry. */
#include "bc-archive.h"
#include "bc-finding.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GPtrArray) findings = bc_findings_new ();
  g_autoptr (BcArchive) archive = NULL;
  BcLimits limits;
  GPtrArray *entries;

  bc_limits_init (&limits);
  /* small budgets keep each execution fast without hiding any code path */
  limits.max_entry_bytes = 1024 * 1024;
  limits.max_total_bytes = 4 * 1024 * 1024;
  limits.max_entries = 256;
  archive = bc_archive_open_bytes (bytes, &limits, BC_LANG_EN, findings, NULL);
  if (archive == NULL)
    return 0;
  entries = bc_archive_get_entries (archive);
  for (guint i = 0; entries != NULL && i < entries->len; i++) {
    g_autoptr (GBytes) entry_data = NULL;
    if (!bc_archive_read_entry (archive, g_ptr_array_index (entries, i), &entry_data, findings, NULL))
      break;
  }
  return 0;
}
