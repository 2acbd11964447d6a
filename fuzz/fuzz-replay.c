/* Without libFuzzer, a fuzz target links this main instead: it replays
 * every file of the directories (or files) on its command line, so the
 * seed corpus and every past crash run in ordinary CI under ASan+UBSan.
 * Prints the plain "N passed, 0 failed" line; a crash fails the test. */
#include <stdio.h>

#include "fuzz-common.h"

static guint replayed = 0;

static void
replay_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error)) {
    g_printerr ("skip %s: %s\n", path, error->message);
    return;
  }
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  replayed++;
}

static void
replay_path (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR)) {
    replay_file (path);
    return;
  }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++) {
    const char *child = g_ptr_array_index (names, i);
    if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
      replay_file (child);
  }
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  if (replayed == 0) {
    g_printerr ("no input replayed\n");
    return 1;
  }
  printf ("%u passed, 0 failed\n", replayed);
  return 0;
}
