/* bench-inspect: cost of inspecting files in the sandbox child versus in
 * process. With FILE arguments it times those (type from the extension:
 * .pdf, .jpg/.jpeg, .png); without, it generates a typical bundle: a dozen
 * phone-photo-sized JPEGs (1600 × 1200) and a few PDFs.
 *
 *   bench-inspect [--rounds N] [FILE...] */

#include "bc-config.h"

#include "bc-inspect.h"

#include "../tests/fixtures/fixture-gen.c"

typedef struct {
  char *name;
  char *type;
  GBytes *data;
} BenchFile;

static void
bench_file_free (gpointer p)
{
  BenchFile *f = p;
  g_free (f->name);
  g_free (f->type);
  g_bytes_unref (f->data);
  g_free (f);
}

static void
bench_add (GPtrArray *files, const char *name, const char *type, GBytes *data)
{
  BenchFile *f = g_new0 (BenchFile, 1);
  f->name = g_strdup (name);
  f->type = g_strdup (type);
  f->data = data;
  g_ptr_array_add (files, f);
}

static double
bench_run (GPtrArray *files, const BcDocument *doc, const BcLimits *limits,
           BcIsolation isolation, guint rounds, guint *n_failed)
{
  gint64 start = g_get_monotonic_time ();
  *n_failed = 0;
  for (guint r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < files->len; i++)
        {
          BenchFile *f = g_ptr_array_index (files, i);
          g_autoptr(GError) error = NULL;
          g_autoptr(BcInspection) insp = bc_inspect (f->type, f->data, doc, limits, isolation, &error);
          if (insp == NULL)
            g_error ("%s: %s", f->name, error->message);
          if (insp->failed)
            (*n_failed)++;
        }
    }
  return (g_get_monotonic_time () - start) / 1000.0 / (double) (rounds * files->len);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (bench_file_free);
  BcLimits limits;
  BcDocument doc = { .id = (char *) "bench" };
  char *phrases[] = { "授权书", NULL };
  BcTextRule rule = { .page = 1, .any_of = phrases, .severity = BC_SEVERITY_ERROR };
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  guint rounds = 3;
  guint failed_child = 0, failed_inproc = 0;
  double child_ms, inproc_ms;

  bc_limits_init (&limits);
  g_ptr_array_add (rules, &rule);
  /* the work a typical ruleset asks for: text, blank pages, colour, size */
  doc.pdf.required_text = rules;
  doc.pdf.forbid_blank_pages = TRUE;
  doc.image.require_color = TRUE;
  doc.image.min_long_side = 1500;
  doc.image.min_short_side = 1100;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;
      const char *type;
      if (g_strcmp0 (argv[i], "--rounds") == 0 && i + 1 < argc)
        {
          rounds = (guint) MAX (1, atoi (argv[++i]));
          continue;
        }
      if (g_str_has_suffix (argv[i], ".pdf"))
        type = "pdf";
      else if (g_str_has_suffix (argv[i], ".jpg") || g_str_has_suffix (argv[i], ".jpeg"))
        type = "jpeg";
      else if (g_str_has_suffix (argv[i], ".png"))
        type = "png";
      else
        {
          g_printerr ("skipping %s: not .pdf/.jpg/.png\n", argv[i]);
          continue;
        }
      if (!g_file_get_contents (argv[i], &contents, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      bench_add (files, argv[i], type, g_bytes_new_take (g_steal_pointer (&contents), len));
    }

  if (files->len == 0)
    {
      for (guint i = 0; i < 12; i++)
        {
          FixtureImage opt;
          g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i);
          fixture_image_init (&opt);
          opt.mode = i % 3 == 0 ? FIXTURE_IMAGE_DOC_PHOTO : FIXTURE_IMAGE_COLOR;
          opt.quality = 88;
          bench_add (files, name, "jpeg", fixture_jpeg (&opt));
        }
      for (guint i = 0; i < 4; i++)
        {
          FixturePdf opt;
          g_autofree char *name = g_strdup_printf ("letter-%u.pdf", i);
          fixture_pdf_init (&opt);
          opt.n_pages = 1 + i;
          opt.phrases[0] = "授权书";
          bench_add (files, name, "pdf", fixture_pdf (&opt));
        }
    }

  /* warm up: load fonts, poppler-data and the decoders once */
  (void) bench_run (files, &doc, &limits, BC_ISOLATION_IN_PROCESS, 1, &failed_inproc);
  inproc_ms = bench_run (files, &doc, &limits, BC_ISOLATION_IN_PROCESS, rounds, &failed_inproc);
  child_ms = bench_run (files, &doc, &limits, BC_ISOLATION_CHILD, rounds, &failed_child);

  g_print ("files: %u, rounds: %u\n", files->len, rounds);
  g_print ("in-process: %8.2f ms/file (%u failed)\n", inproc_ms, failed_inproc);
  g_print ("child:      %8.2f ms/file (%u failed)\n", child_ms, failed_child);
  g_print ("overhead:   %8.2f ms/file (%.0f %%)\n", child_ms - inproc_ms,
           inproc_ms > 0 ? 100.0 * (child_ms - inproc_ms) / inproc_ms : 0.0);
  return 0;
}
