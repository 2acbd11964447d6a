/* The baseline of bench.py: read every entry of a ZIP into memory with
 * libzip and nothing else — the least work any checker must do. */
#include <stdio.h>
#include <stdlib.h>
#include <zip.h>

int
main (int argc, char **argv)
{
  static char buf[65536];
  unsigned long long total = 0;
  zip_t *za;
  int err = 0;

  if (argc != 2) {
    fprintf (stderr, "usage: read-entries BUNDLE.zip\n");
    return 2;
  }
  za = zip_open (argv[1], ZIP_RDONLY, &err);
  if (za == NULL) {
    fprintf (stderr, "cannot open %s (libzip error %d)\n", argv[1], err);
    return 1;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries (za, 0); i++) {
    zip_file_t *f = zip_fopen_index (za, (zip_uint64_t) i, 0);
    zip_int64_t n;
    if (f == NULL)
      continue;
    while ((n = zip_fread (f, buf, sizeof (buf))) > 0)
      total += (unsigned long long) n;
    zip_fclose (f);
  }
  zip_discard (za);
  printf ("%llu bytes\n", total);
  return 0;
}
