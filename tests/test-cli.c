/* test-cli.c — `ml-lab` on the command line: output, exit statuses, files written
 *
 * Runs the built executable (ML_LAB in the environment) without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <sys/wait.h>

static const char *ml_lab;
static char *tmpdir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run (Run *r, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  va_list ap;
  const char *arg;
  int wait_status;

  /* no display: the CLI must not need one */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_ptr_array_add (argv, (gpointer) ml_lab);
  va_start (ap, r);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r->status = WEXITSTATUS (wait_status);
}

#define assert_contains(hay, needle) \
  G_STMT_START { if (strstr ((hay), (needle)) == NULL) g_error ("“%s” lacks “%s”", (hay), (needle)); } G_STMT_END

static void
test_list_inspect (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) i = { 0 };

  run (&r, "list", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^roc +ROC", r.out, G_REGEX_MULTILINE, 0));

  run (&i, "inspect", "roc", NULL);
  g_assert_cmpint (i.status, ==, 0);
  assert_contains (i.out, "threshold");
  assert_contains (i.out, "positive-fraction  double   a number from 0.001 to 0.5; default 0.3");
  assert_contains (i.out, "goal               enum     one of: manual, recall, max-f1, max-youden, min-cost; default manual");
  assert_contains (i.out, "compare            bool     true or false; default false");
  /* each preset with its lesson on the next line */
  assert_contains (i.out, "Rare positives               separation=2 positive-fraction=0.01 n=50000 threshold=1\n"
                          "      The same classifier with 1 %");
}

static void
test_usage_errors (void)
{
  struct { const char *args[4]; const char *message; } cases[] = {
    { { "export", "nosuch", NULL }, "unknown topic “nosuch”" },
    { { "inspect", "nosuch", NULL }, "unknown topic “nosuch”" },
    { { "export", "roc", "bogus=1", NULL }, "unknown parameter “bogus”" },
    { { "export", "roc", "separation=9", NULL }, "expected a number from 0 to 5" },
    { { "export", "roc", "goal=best", NULL }, "one of: manual, recall, max-f1, max-youden, min-cost" },
    { { "export", "roc", "--size", "12x" }, "bad --size" },
    { { "export", "roc", "-o", "out.bmp" }, "use a name ending in .png, .svg or .pdf" },
    { { "export", "roc", "--frobnicate", NULL }, "unknown option" },
    { { "export", "roc", "source=data", NULL }, "source=data needs a dataset" },
    { { "export", "optimizers", "optimizers=sgd@0,adam", NULL },
      "optimizers: the learning rate after @ in “sgd@0” must be a number greater than 0 and at most 10" },
    { { "export", "optimizers", "optimizers=lion", NULL }, "optimizers: unknown optimizer “lion” (choose from gd, sgd," },
    { { "export", "optimizers", "beta1=1", NULL }, "bad value “1” for parameter “beta1”: expected a number from 0 to 0.999" },
    { { "frobnicate", NULL }, NULL },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_auto(Run) r = { 0 };

      if (cases[k].message == NULL)
        {
          /* not a command: it would open the app; skip */
          continue;
        }
      run (&r, cases[k].args[0], cases[k].args[1], cases[k].args[2], cases[k].args[3], NULL);
      g_test_message ("%s %s → %d %s", cases[k].args[0], cases[k].args[1], r.status, r.err);
      g_assert_cmpint (r.status, ==, 1);
      assert_contains (r.err, cases[k].message);
    }
}

static void
test_json (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "export", "roc", "n=1000", "separation=1", "threshold=0.5", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (r.out[0], ==, '{');
  for (const char *const *key = (const char *const[]) { "\"auc\"", "\"average_precision\"", "\"auc_ci_low\"",
         "\"auc_ci_high\"", "\"n_positive\": 300", "\"n_negative\": 700", "\"threshold\": 0.5", "\"tp\"",
         "\"fp\"", "\"tn\"", "\"fn\"", "\"tpr\"", "\"fpr\"", "\"precision\"", "\"recall\"",
         "\"specificity\"", "\"f1\"", "\"accuracy\"", NULL }; *key; key++)
    assert_contains (r.out, *key);

  {
    g_auto(Run) inf = { 0 };

    /* above every score: nothing positive, precision undefined → null; threshold inf → "inf" */
    run (&inf, "export", "roc", "threshold=inf", "--json", NULL);
    g_assert_cmpint (inf.status, ==, 0);
    assert_contains (inf.out, "\"threshold\": \"inf\"");
    assert_contains (inf.out, "\"precision\": null");
    assert_contains (inf.out, "\"tp\": 0");
  }
  {
    g_auto(Run) two = { 0 };

    run (&two, "export", "roc", "compare=true", "--json", NULL);
    g_assert_cmpint (two.status, ==, 0);
    assert_contains (two.out, "\"models\": [");
    assert_contains (two.out, "\"delong_p\"");
  }
}

static void
check_png_size (const char *path, guint32 w, guint32 h)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (data + 16)), ==, w);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (data + 20)), ==, h);
}

static void
test_export_files (void)
{
  g_autofree char *png = g_build_filename (tmpdir, "roc.png", NULL);
  g_autofree char *png2 = g_build_filename (tmpdir, "roc2x.png", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "roc.svg", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "roc.pdf", NULL);
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };
  g_autofree char *text = NULL;

  run (&a, "export", "roc", "-o", png, "--size", "640x400", NULL);
  g_assert_cmpint (a.status, ==, 0);
  check_png_size (png, 640, 400);

  run (&b, "export", "roc", "-o", png2, "--size", "300x200", "--scale", "2", "--dark", NULL);
  g_assert_cmpint (b.status, ==, 0);
  check_png_size (png2, 600, 400);

  run (&c, "export", "roc", "seed=7", "-o", svg, NULL);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  assert_contains (text, "<svg");
  assert_contains (text, "<metadata");
  assert_contains (text, "roc");
  g_clear_pointer (&text, g_free);

  run (&d, "export", "roc", "-o", pdf, NULL);
  g_assert_cmpint (d.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
}

static void
test_export_unwritable (void)
{
  g_autofree char *file = g_build_filename (tmpdir, "a-file", NULL);
  g_autofree char *under = g_build_filename (file, "x.png", NULL);
  g_autofree char *existing = g_build_filename (tmpdir, "keep.png", NULL);
  g_autofree char *after = NULL;
  g_auto(Run) r = { 0 };
  g_auto(Run) s = { 0 };
  g_auto(Run) t = { 0 };

  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  run (&r, "export", "roc", "-o", under, NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_contains (r.err, "x.png");

  run (&s, "export", "roc", "-o", "/nonexistent-dir/roc.png", NULL);
  g_assert_cmpint (s.status, ==, 2);
  assert_contains (s.err, "/nonexistent-dir/roc.png");

  /* a failure on a bad parameter leaves an existing file byte-identical */
  g_assert_true (g_file_set_contents (existing, "old bytes", -1, NULL));
  run (&t, "export", "roc", "n=3", "-o", existing, NULL);
  g_assert_cmpint (t.status, ==, 1);
  g_assert_true (g_file_get_contents (existing, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "old bytes");
}

static void
test_data_errors (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "scores.csv", NULL);
  g_autofree char *badlabel = g_build_filename (tmpdir, "badlabel.csv", NULL);
  g_autofree char *broken = g_build_filename (tmpdir, "broken.csv", NULL);
  g_autofree char *oneclass = g_build_filename (tmpdir, "oneclass.csv", NULL);
  g_auto(Run) ok = { 0 };
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  g_auto(Run) r3 = { 0 };
  g_auto(Run) r4 = { 0 };
  g_auto(Run) r5 = { 0 };

  g_assert_true (g_file_set_contents (csv, "y,m1,m2\n1,0.9,0.8\n0,0.1,0.3\n1,0.8,0.2\n0,0.4,0.5\n1,0.35,0.9\n0,0.2,0.1\n", -1, NULL));
  g_assert_true (g_file_set_contents (badlabel, "label,score\n1,0.9\n0,0.1\n2,0.5\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "label,score\n1,0.9\n0,\"0.1\n", -1, NULL));
  g_assert_true (g_file_set_contents (oneclass, "label,score\n1,0.9\n1,0.1\n", -1, NULL));

  /* AUC of m1: positives 0.9 0.8 0.35 vs negatives 0.1 0.4 0.2: 8 of 9 pairs ordered */
  run (&ok, "export", "roc", "--data", csv, "label-column=y", "score-column=m1,m2", "--json", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  assert_contains (ok.out, "\"auc\": 0.888888888888888");
  assert_contains (ok.out, "\"name\": \"m2\"");

  run (&r1, "export", "roc", "--data", badlabel, "positive-label=3", "--json", NULL);
  g_assert_cmpint (r1.status, ==, 2);
  assert_contains (r1.err, "badlabel.csv:4:1: label “2” is not 0 or 1");

  run (&r2, "export", "roc", "--data", broken, NULL);
  g_assert_cmpint (r2.status, ==, 2);
  assert_contains (r2.err, "broken.csv:");
  assert_contains (r2.err, "unterminated quoted field started at line 3");

  run (&r3, "export", "roc", "--data", oneclass, NULL);
  g_assert_cmpint (r3.status, ==, 2);
  assert_contains (r3.err, "only one class present");

  run (&r4, "export", "roc", "--data", csv, "label-column=y", "score-column=nope", NULL);
  g_assert_cmpint (r4.status, ==, 1);
  assert_contains (r4.err, "no column “nope”");

  run (&r5, "export", "roc", "--data", "/nonexistent/file.csv", NULL);
  g_assert_cmpint (r5.status, ==, 2);
  assert_contains (r5.err, "/nonexistent/file.csv");
}

/* The trees topic's bad input: exit 2 naming the column or the rule */
static void
test_trees_data_errors (void)
{
  static const struct { const char *name, *text, *extra, *message; } cases[] = {
    { "one.csv", "a,b,label\n1,2,x\n2,3,x\n3,1,x\n4,4,x\n", NULL, "label column “label” has one class only" },
    { "text.csv", "a,b,label\n1,red,x\n2,blue,y\n3,red,x\n", NULL, "feature column “b” holds text" },
    { "eleven.csv", NULL, NULL, "has more than 10 classes" },
    { "few.csv", "a,b,label\n1,2,x\n2,3,y\n3,1,x\n4,4,y\n5,1,x\n6,2,y\n", "min-samples-leaf=4",
      "fewer than 2 × min-samples-leaf = 8" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = g_build_filename (tmpdir, cases[c].name, NULL);
      g_autoptr(GString) text = g_string_new (cases[c].text);
      g_auto(Run) r = { 0 };

      if (cases[c].text == NULL)
        {
          g_string_append (text, "a,b,label\n");
          for (guint i = 0; i < 33; i++)
            g_string_append_printf (text, "%u,%u,c%u\n", i, i % 7, i % 11);
        }
      g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
      run (&r, "export", "trees", "--data", path, "source=data", "feature-columns=a,b", "label-column=label",
           "test-fraction=0", cases[c].extra, NULL);
      g_assert_cmpint (r.status, ==, 2);
      assert_contains (r.err, cases[c].message);
    }
  /* the network classifies two classes: a label with three exits 2 naming the column (issue 21) */
  {
    g_autofree char *path = g_build_filename (tmpdir, "three.csv", NULL);
    g_autoptr(GString) text = g_string_new ("a,b,label\n");
    g_auto(Run) r = { 0 };
    g_auto(Run) u = { 0 };

    for (guint i = 0; i < 30; i++)
      g_string_append_printf (text, "%u,%u,%u\n", i, (i * 7) % 11, i % 3);
    g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
    run (&r, "export", "neural-network", "--data", path, "source=data", "feature-columns=a,b", "label-column=label",
         "epochs=5", NULL);
    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "label-column “label” holds 3 classes");
    run (&u, "export", "neural-network", "--data", path, "source=data", "feature-columns=a", NULL);
    g_assert_cmpint (u.status, ==, 1);
    assert_contains (u.err, "feature-columns: name exactly two columns");
  }
}

static void
test_bench (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "bench", "roc", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "\"roc\": {\"compute_ms\": ");
  assert_contains (r.out, "\"render_ms\": ");
}

/* What testing found (issue 11), each a regression test. */
static void
test_found_in_testing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ml-lab-cli-XXXXXX", NULL);
  g_autofree char *small = g_build_filename (dir, "small.csv", NULL);
  g_autofree char *high = g_build_filename (dir, "high.csv", NULL);

  g_assert_true (g_file_set_contents (small, "label,score\n1,0.5\n0,0.5\n", -1, NULL));
  g_assert_true (g_file_set_contents (high, "label,score\n1,0.5\n0,0.3\n1,high\n0,0.1\n", -1, NULL));

  /* one positive and one negative: the AUC, AP and confusion matrix, the interval null */
  {
    g_auto(Run) r = { 0 };

    run (&r, "export", "roc", "--data", small, "label-column=label", "score-column=score", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "\"auc\": 0.5,");
    assert_contains (r.out, "\"auc_ci_low\": null,");
    assert_contains (r.out, "\"auc_ci_high\": null,");
    assert_contains (r.out, "\"auc_ci_note\": \"undefined: DeLong’s variance needs at least two samples of each class");
    assert_contains (r.out, "\"tn\": 1,");
  }
  /* the offending cell, not the first one */
  {
    g_auto(Run) r = { 0 };

    run (&r, "export", "roc", "--data", high, "label-column=label", "score-column=score", NULL);
    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "high.csv:4:3: score column “score” must hold numbers, found “high”");
  }
  /* view parameters out of the range that applies: named, not clamped */
  {
    g_auto(Run) a = { 0 };
    g_auto(Run) b = { 0 };

    run (&a, "export", "attention", "head=5", "heads=4", NULL);
    g_assert_cmpint (a.status, ==, 1);
    assert_contains (a.err, "head=5 is out of range: with these parameters it must be from 1 to 4");
    run (&b, "export", "attention", "query=24", "tokens=24", NULL);
    g_assert_cmpint (b.status, ==, 1);
    assert_contains (b.err, "query=24 is out of range: with these parameters it must be from 0 to 23");
  }
  /* an endless input stops at the documented limit with exit 2, not a trap past 4 GiB */
  {
    g_auto(Run) r = { 0 };

    run (&r, "data", "/dev/zero", NULL);
    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "/dev/zero: more than 1024 MiB from a pipe or device");
  }
  /* an unknown command is not the window */
  {
    g_auto(Run) r = { 0 };

    run (&r, "frobnicate", NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "unknown command “frobnicate”");
    assert_contains (r.err, "list, inspect, export, data, bench");
  }
  /* --data to a topic that takes none */
  {
    g_auto(Run) r = { 0 };

    run (&r, "export", "reinforcement", "--data", small, NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "reinforcement takes no dataset: --data is for roc, bias-variance");
  }
  g_unlink (small);
  g_unlink (high);
  g_rmdir (dir);
}

/* ml-lab export recommender --dump-factors FILE (issue 24): the initial factors in the
 * documented layout, the same bytes for the same seed, refused for a method without factors. */
static void
test_dump_factors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ml-lab-dump-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *ta = NULL, *tb = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  guint f;

  {
    g_auto(Run) r1 = { 0 };
    g_auto(Run) r2 = { 0 };
    g_auto(Run) bad = { 0 };

    run (&r1, "export", "recommender", "factors=3", "seed=7", "--dump-factors", a, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    run (&r2, "export", "recommender", "factors=3", "seed=7", "--dump-factors", b, NULL);
    g_assert_cmpint (r2.status, ==, 0);
    run (&bad, "export", "recommender", "method=popularity", "--dump-factors", b, NULL);
    g_assert_cmpint (bad.status, ==, 1);
    assert_contains (bad.err, "--dump-factors: method=popularity has no factors");
  }
  g_assert_true (g_file_get_contents (a, &ta, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &tb, NULL, NULL));
  g_assert_cmpstr (ta, ==, tb);   /* the failed request left b as it was */

  json_parser_load_from_data (parser, ta, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  f = (guint) json_object_get_int_member (root, "factors");
  g_assert_cmpuint (f, ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 7);
  for (int side = 0; side < 2; side++)
    {
      JsonArray *ids = json_object_get_array_member (root, side ? "items" : "users");
      JsonArray *rows = json_object_get_array_member (root, side ? "item_factors" : "user_factors");

      g_assert_cmpuint (json_array_get_length (ids), >, 1);
      g_assert_cmpuint (json_array_get_length (rows), ==, json_array_get_length (ids));
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonArray *row = json_array_get_array_element (rows, i);

          g_assert_cmpuint (json_array_get_length (row), ==, f);
          for (guint c = 0; c < f; c++)
            g_assert_cmpfloat (fabs (json_array_get_double_element (row, c)), <, 1.0);   /* 0.1·N(0, 1) */
        }
    }
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* ml-lab export neural-network --dump-weights FILE / --initial-weights FILE (issue 21): the
 * weights before any step in the documented layout; read back, the same run (the same JSON);
 * a file that does not fit: exit 2 naming the file, the layer and the shapes. */
static void
test_dump_weights (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ml-lab-weights-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *none = g_build_filename (dir, "none.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *layers;

  {
    g_auto(Run) plain = { 0 };
    g_auto(Run) dumped = { 0 };
    g_auto(Run) again = { 0 };
    g_auto(Run) other_seed = { 0 };
    g_auto(Run) shape = { 0 };
    g_auto(Run) missing = { 0 };
    g_auto(Run) no_name = { 0 };

    run (&plain, "export", "neural-network", "epochs=4", "glu=swiglu", "--json", NULL);
    g_assert_cmpint (plain.status, ==, 0);
    run (&dumped, "export", "neural-network", "epochs=4", "glu=swiglu", "--dump-weights", a, "--json", NULL);
    g_assert_cmpint (dumped.status, ==, 0);
    g_assert_cmpstr (dumped.out, ==, plain.out);
    run (&again, "export", "neural-network", "epochs=4", "glu=swiglu", "--initial-weights", a, "--json", NULL);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_cmpstr (again.out, ==, plain.out);   /* the same weights, the same minibatches */
    run (&other_seed, "export", "neural-network", "epochs=4", "glu=swiglu", "seed=3", "--initial-weights", a, "--json", NULL);
    g_assert_cmpint (other_seed.status, ==, 0);
    run (&shape, "export", "neural-network", "layers=8,5", "glu=swiglu", "--initial-weights", a, NULL);
    g_assert_cmpint (shape.status, ==, 2);
    assert_contains (shape.err, a);
    assert_contains (shape.err, "layer 2 \"weight\": shape mismatch: expected 5 × 8, found 8 × 8");
    run (&missing, "export", "neural-network", "--initial-weights", none, NULL);
    g_assert_cmpint (missing.status, ==, 2);
    assert_contains (missing.err, none);
    run (&no_name, "export", "neural-network", "--initial-weights", NULL);
    g_assert_cmpint (no_name.status, ==, 1);
  }
  json_parser_load_from_file (parser, a, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "ml-lab neural-network weights");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "glu"), ==, "swiglu");
  layers = json_object_get_array_member (root, "layers");
  g_assert_cmpuint (json_array_get_length (layers), ==, 3);
  {
    JsonObject *first = json_array_get_object_element (layers, 0);
    JsonArray *w = json_object_get_array_member (first, "weight");

    g_assert_cmpuint (json_array_get_length (w), ==, 8);
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (w, 0)), ==, 2);
    g_assert_true (json_object_has_member (first, "value_weight"));
    g_assert_false (json_object_has_member (json_array_get_object_element (layers, 2), "value_weight"));
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (root, "train"), "y")),
                    ==, 200);
  g_unlink (a);
  g_rmdir (dir);
}

/* `ml-lab data` and `export --data` with files as they come (issue 13): the CSV
 * options in both spellings, what `data` reports, and each option given wrong. */
static void
test_data_options (void)
{
  g_autofree char *stocks = g_build_filename (tmpdir, "stocks.csv", NULL);
  g_autofree char *spaces = g_build_filename (tmpdir, "xyz.csv", NULL);
  g_autofree char *one = g_build_filename (tmpdir, "one.csv", NULL);
  g_autofree char *scores = g_build_filename (tmpdir, "scores-hash.csv", NULL);

  g_assert_true (g_file_set_contents (stocks, "# Data source: Yahoo Finance\nDate,IBM,AAPL\n1990-01-01,10.5,0.25\n"
                                              "1990-02-05,,\n# again\n1990-03-01,11.9,0.28\n", -1, NULL));
  g_assert_true (g_file_set_contents (spaces, "   0   0    0\n   1   1    1\n   2   4    8\n", -1, NULL));
  g_assert_true (g_file_set_contents (one, "1,2,3\n", -1, NULL));
  g_assert_true (g_file_set_contents (scores, "# scores of two models\nlabel,score\n1,0.9\n0,0.1\n1,0.8\n0,0.4\n"
                                              "1,0.35\n0,0.2\n", -1, NULL));
  {
    g_auto(Run) text = { 0 };
    g_auto(Run) json = { 0 };
    g_auto(Run) none = { 0 };

    run (&text, "data", stocks, NULL);
    g_assert_cmpint (text.status, ==, 0);
    assert_contains (text.out, "stocks.csv: 3 rows, 3 columns; delimiter “,”, decimal “.”, header; "
                               "2 comment lines (“#”) skipped\n");
    run (&json, "data", stocks, "--json", "--comment=#", NULL);
    g_assert_cmpint (json.status, ==, 0);
    assert_contains (json.out, "\"comment\": \"#\",\n  \"comment_lines\": 2\n");
    /* the issue's message, with comments off */
    run (&none, "data", stocks, "--comment", "none", "--json", NULL);
    g_assert_cmpint (none.status, ==, 2);
    assert_contains (none.err, "stocks.csv:2:6: expected 1 field as in the header, found 3: “Date,IBM,AAPL”");
  }
  {
    g_auto(Run) detected = { 0 };
    g_auto(Run) forced = { 0 };

    run (&detected, "data", spaces, "--records", "1", NULL);
    g_assert_cmpint (detected.status, ==, 0);
    assert_contains (detected.out, "xyz.csv: 3 rows, 3 columns; delimiter “spaces/tabs”, decimal “.”, "
                                   "no header (names made up)\n");
    run (&forced, "data", spaces, "--delimiter=space", "--header=no", "--json", NULL);
    g_assert_cmpint (forced.status, ==, 0);
    assert_contains (forced.out, "\"rows\": 3,");
    assert_contains (forced.out, "\"delimiter\": \" \",");
    assert_contains (forced.out, "\"comment_lines\": 0");
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "export", "roc", "--data", scores, "--comment=#", "label-column=label", "score-column=score", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "\"auc\": 0.888888888888888");
  }
  /* every option given wrong */
  {
    static const struct { const char *a, *b, *c; int status; const char *message; } bad[] = {
      { "--delimiter=x", NULL, NULL, 1, "bad --delimiter “x”: expected auto, space (runs of spaces and tabs), tab," },
      { "--delimiter", NULL, NULL, 1, "--delimiter needs a value" },
      { "--comment=ab", NULL, NULL, 1, "bad --comment “ab”: expected none or one punctuation character" },
      { "--header=maybe", NULL, NULL, 1, "bad --header “maybe”: expected auto, yes or no" },
      { "--delimiter=;", "--comment=;", NULL, 1, "the delimiter and the comment character are both “;”" },
      { "--header=yes", NULL, NULL, 2, "one.csv:1:1: --header=yes takes the only record for the header, leaving no rows" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(Run) r = { 0 };
        g_auto(Run) e = { 0 };

        run (&r, "data", one, bad[i].a, bad[i].b, bad[i].c, NULL);
        g_assert_cmpint (r.status, ==, bad[i].status);
        assert_contains (r.err, bad[i].message);
        run (&e, "export", "roc", "--data", one, bad[i].a, bad[i].b, bad[i].c, NULL);
        g_assert_cmpint (e.status, ==, bad[i].status);
        assert_contains (e.err, bad[i].message);
      }
  }
  {
    g_auto(Run) r = { 0 };

    run (&r, "export", "roc", "--header=no", NULL);
    g_assert_cmpint (r.status, ==, 1);
    assert_contains (r.err, "--delimiter, --comment and --header say how to read --data FILE: give one");
  }
}

/* Runs the window with @envp (a probe there makes it quit by itself) and fails the test
 * unless it exits 0; FALSE, the test skipped, where there is no display. */
static gboolean
run_window (char **envp,
            char **out,
            char **err)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { ml_lab, NULL };
  int wait_status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display");
      return FALSE;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("ml-lab died (signal %d): %s", WTERMSIG (wait_status), *err);
  if (WEXITSTATUS (wait_status) != 0)
    g_error ("ml-lab exited with %d: %s", WEXITSTATUS (wait_status), *err);
  return TRUE;
}

/* The application quit while a computation runs on a worker thread (the frame probe quits
 * right after its 2 s drag, with clustering's GMM sweep still going): it used to crash in
 * OpenBLAS as exit() tore the library down under the worker. Needs a display. */
static void
test_quit_while_computing (void)
{
  g_auto(GStrv) envp = g_get_environ ();

  envp = g_environ_setenv (envp, "ML_LAB_FRAME_PROBE", "clustering", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      if (!run_window (envp, &out, &err))
        return;
      assert_contains (out, "frame-probe clustering");
    }
}

/* The window with no session bus (a bare X session): accessibility is off (GTK 4.8's AT-SPI,
 * given an a11y bus address on the X root window but no session bus, emitted its signals with
 * no object path: 15 criticals, fatal here), the first frame is drawn without a GLib critical,
 * and it exits 0. Needs a display. */
static void
test_window_without_session_bus (void)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL, *err = NULL;

  /* an address where no bus is (unset, GIO would try dbus-launch, which some machines have) */
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ml-lab-test-bus", TRUE);
  envp = g_environ_unsetenv (envp, "GTK_A11Y");   /* the app's own choice is what is tested */
  envp = g_environ_setenv (envp, "G_DEBUG", "fatal-criticals", TRUE);
  envp = g_environ_setenv (envp, "ML_LAB_STARTUP_PROBE", "1", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  if (!run_window (envp, &out, &err))
    return;
  assert_contains (out, "first-frame-ms");
  assert_contains (out, "a11y none");
  g_assert_null (strstr (err, "CRITICAL"));
}

static gboolean
keyfile_holds (const char *path,
               const char *key,
               const char *needle)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *value = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  value = g_key_file_get_value (kf, "io/github/mllab/MLLab", key, NULL);
  return value != NULL && strstr (value, needle) != NULL;
}

/* Issue 11, kill-safe state: the window killed with SIGKILL in the middle of a slider drag
 * (the frame probe's) leaves a settings file that loads, with the dataset it had open and the
 * parameters changed, and the next start reads it. Needs a display. */
static void
test_kill_9 (void)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *cfg = g_build_filename (tmpdir, "kill-config", NULL);
  g_autofree char *keyfile = g_build_filename (cfg, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "kill-scores.csv", NULL);
  g_autoptr(GString) rows = g_string_new ("label,score\n");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { ml_lab, csv, NULL };
  GPid pid;
  int wait_status;
  gboolean saved = FALSE;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display");
      return;
    }
  for (int i = 0; i < 400; i++)
    g_string_append_printf (rows, "%d,%.4f\n", i % 3 == 0, (i % 3 == 0) + 0.9 * sin (i));
  g_assert_true (g_file_set_contents (csv, rows->str, -1, NULL));
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "keyfile", TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", cfg, TRUE);
  envp = g_environ_setenv (envp, "ML_LAB_FRAME_PROBE", "roc", TRUE);

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* until the dataset and a dragged parameter are on disk (or 20 s) */
  for (int i = 0; i < 400 && !saved; i++)
    {
      g_usleep (50 * 1000);
      saved = keyfile_holds (keyfile, "dataset", "kill-scores.csv")
              && keyfile_holds (keyfile, "topic-parameters", "'roc'");
    }
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (wait_status) && WTERMSIG (wait_status) == SIGKILL);
  g_assert_true (saved);
  /* what the killed process left loads, and holds the same */
  g_assert_true (keyfile_holds (keyfile, "dataset", "kill-scores.csv"));
  g_assert_true (keyfile_holds (keyfile, "selected-topic", "roc"));

  /* and the next start reads it: up to its first frame, exit 0 */
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *again[] = { ml_lab, NULL };

    envp = g_environ_unsetenv (envp, "ML_LAB_FRAME_PROBE");
    envp = g_environ_setenv (envp, "ML_LAB_STARTUP_PROBE", "1", TRUE);
    g_assert_true (g_spawn_sync (NULL, (char **) again, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                 &wait_status, &error));
    g_assert_no_error (error);
    if (!WIFEXITED (wait_status) || WEXITSTATUS (wait_status) != 0)
      g_error ("ml-lab after kill -9: %s", err);
    assert_contains (out, "first-frame-ms");
  }
  g_unlink (csv);
  g_unlink (keyfile);
  {
    g_autofree char *settings = g_path_get_dirname (keyfile);
    g_autofree char *glib_dir = g_path_get_dirname (settings);

    g_rmdir (settings);
    g_rmdir (glib_dir);
    g_rmdir (cfg);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ml_lab = g_getenv ("ML_LAB");
  if (ml_lab == NULL)
    {
      g_print ("1..0 # SKIP ML_LAB not set\n");
      return 0;
    }
  tmpdir = g_dir_make_tmp ("ml-lab-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/list-inspect", test_list_inspect);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/export-files", test_export_files);
  g_test_add_func ("/cli/export-unwritable", test_export_unwritable);
  g_test_add_func ("/cli/data-errors", test_data_errors);
  g_test_add_func ("/cli/trees-data-errors", test_trees_data_errors);
  g_test_add_func ("/cli/data-options", test_data_options);
  g_test_add_func ("/cli/bench", test_bench);
  g_test_add_func ("/cli/found-in-testing", test_found_in_testing);
  g_test_add_func ("/cli/dump-factors", test_dump_factors);
  g_test_add_func ("/cli/dump-weights", test_dump_weights);
  g_test_add_func ("/cli/quit-while-computing", test_quit_while_computing);
  g_test_add_func ("/cli/window-without-session-bus", test_window_without_session_bus);
  g_test_add_func ("/cli/kill-9", test_kill_9);

  status = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);

        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
