/* lab-export.c — PNG, SVG, PDF and CSV exports
 *
 * Every export is rendered into memory first and then written with
 * g_file_set_contents_full(…, G_FILE_SET_CONTENTS_CONSISTENT, …), which
 * writes a temporary file beside the target and renames it over: a failed
 * export leaves an existing file byte-identical. Errors are in the
 * G_IO_ERROR domain and name the path.
 *
 * Metadata: PNG tEXt (iTXt for non-ASCII) chunks inserted before IEND, an
 * SVG <metadata> element right after the opening <svg> tag, and the PDF
 * document information (title, subject, keywords, creator).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "lab-plot-private.h"

#define MAX_SIDE        20000
#define MAX_PIXELS      (100.0 * 1000 * 1000)
#define METADATA_NS     "https://mllab.github.io/ns/metadata"

gboolean
lab_export_format_from_path (const char      *path,
                             LabExportFormat *format)
{
  const char *dot;
  LabExportFormat f;

  if (path == NULL)
    return FALSE;
  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    f = LAB_EXPORT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    f = LAB_EXPORT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    f = LAB_EXPORT_PDF;
  else
    return FALSE;
  if (format != NULL)
    *format = f;
  return TRUE;
}

static void
byte_array_insert (GByteArray   *a,
                   gsize         pos,
                   const guint8 *data,
                   gsize         len)
{
  gsize old = a->len;

  g_byte_array_set_size (a, old + len);
  memmove (a->data + pos + len, a->data + pos, old - pos);
  memcpy (a->data + pos, data, len);
}

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *
plain_text (const char *markup)
{
  char *text = NULL;

  if (markup == NULL)
    return NULL;
  if (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return text;
  return g_strdup (markup);
}

static gboolean
check_size (const char  *path,
            int          width,
            int          height,
            double       scale,
            gboolean     raster,
            GError     **error)
{
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: invalid size %d × %d (each side must be 1–%d)",
                   path, width, height, MAX_SIDE);
      return FALSE;
    }
  if (!(scale > 0.0) || !isfinite (scale) || scale > 16.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: invalid scale %g (must be above 0 and at most 16)", path, scale);
      return FALSE;
    }
  if (raster)
    {
      double pw = round (width * scale), ph = round (height * scale);

      if (pw < 1 || ph < 1 || pw > MAX_SIDE || ph > MAX_SIDE || pw * ph > MAX_PIXELS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Cannot export “%s”: %.0f × %.0f pixels is too large (at most %d per side, 100 megapixels)",
                       path, pw, ph, MAX_SIDE);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_NO_MEMORY ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               "Could not render “%s”: %s", path, cairo_status_to_string (status));
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* PNG                                                                    */

static guint32
crc32_update (guint32       crc,
              const guint8 *buf,
              gsize         len)
{
  static guint32 table[256];
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&init, 1);
    }
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put_be32 (GByteArray *a,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff };

  g_byte_array_append (a, b, 4);
}

/* A PNG keyword: 1–79 printable Latin-1 characters without leading,
 * trailing or double spaces. Other characters become '_'. */
static char *
png_keyword (const char *key)
{
  GString *s = g_string_new (NULL);

  for (const char *p = key; *p != '\0' && s->len < 79; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if ((c >= 0x21 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff))
        g_string_append_c (s, (char) c);   /* Latin-1 byte */
      else if (c == ' ' && s->len > 0 && s->str[s->len - 1] != ' ')
        g_string_append_c (s, ' ');
      else
        g_string_append_c (s, '_');
    }
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0)
    g_string_append (s, "key");
  return g_string_free (s, FALSE);
}

static void
png_text_chunk (GByteArray *chunks,
                const char *key,
                const char *value)
{
  g_autofree char *kw = png_keyword (key);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  gboolean ascii = TRUE;
  guint32 crc;
  const char *type;

  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;

  g_byte_array_append (body, (const guint8 *) kw, strlen (kw) + 1);
  if (ascii)
    {
      type = "tEXt";
      g_byte_array_append (body, (const guint8 *) value, strlen (value));
    }
  else
    {
      static const guint8 itxt_head[] = { 0, 0, 0, 0 };  /* no compression, no language, no translation */

      type = "iTXt";
      g_byte_array_append (body, itxt_head, sizeof itxt_head);
      g_byte_array_append (body, (const guint8 *) value, strlen (value));
    }

  put_be32 (chunks, body->len);
  g_byte_array_append (chunks, (const guint8 *) type, 4);
  g_byte_array_append (chunks, body->data, body->len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, body->data, body->len);
  put_be32 (chunks, crc);
}

static gboolean
png_insert_metadata (LabFigure  *self,
                     GByteArray *png)
{
  g_autoptr(GByteArray) chunks = g_byte_array_new ();
  gsize iend;

  /* Cairo writes IEND last: 4 bytes length 0, "IEND", CRC. */
  if (png->len < 20 || memcmp (png->data + png->len - 8, "IEND", 4) != 0)
    return FALSE;
  iend = png->len - 12;

  png_text_chunk (chunks, "Software", "ML Lab " PACKAGE_VERSION);
  for (guint i = 0; i < self->meta_keys->len; i++)
    {
      const char *v = self->meta_values->pdata[i];

      if (g_utf8_validate (v, -1, NULL))
        png_text_chunk (chunks, self->meta_keys->pdata[i], v);
    }
  byte_array_insert (png, iend, chunks->data, chunks->len);
  return TRUE;
}

static GByteArray *
render_png (LabFigure       *self,
            const char      *path,
            int              width,
            int              height,
            double           scale,
            const LabTheme  *theme,
            GError         **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GByteArray *out;
  int pw = (int) round (width * scale), ph = (int) round (height * scale);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if (!check_cairo (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  lab_figure_render (self, cr, width, height, theme);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (!check_cairo (status, path, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  out = g_byte_array_sized_new (pw * ph / 4 + 1024);
  status = cairo_surface_write_to_png_stream (surface, write_to_array, out);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, path, error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  png_insert_metadata (self, out);
  return out;
}

/* ---------------------------------------------------------------------- */
/* SVG                                                                    */

/* XML 1.0 text: escaped, control characters dropped. */
static char *
xml_escape (const char *s)
{
  g_autoptr(GString) clean = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    if ((guchar) *p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
      g_string_append_c (clean, *p);
  if (!g_utf8_validate (clean->str, clean->len, NULL))
    {
      char *valid = g_utf8_make_valid (clean->str, clean->len);
      char *esc = g_markup_escape_text (valid, -1);

      g_free (valid);
      return esc;
    }
  return g_markup_escape_text (clean->str, clean->len);
}

static void
svg_insert_metadata (LabFigure  *self,
                     GByteArray *svg)
{
  g_autoptr(GString) meta = g_string_new ("\n<metadata xmlns:mllab=\"" METADATA_NS "\">\n");
  const char *start;
  gsize pos;

  start = g_strstr_len ((const char *) svg->data, svg->len, "<svg");
  if (start == NULL)
    return;
  pos = start - (const char *) svg->data;
  while (pos < svg->len && svg->data[pos] != '>')
    pos++;
  if (pos >= svg->len)
    return;
  pos++;

  g_string_append (meta, "  <mllab:meta key=\"software\">ML Lab " PACKAGE_VERSION "</mllab:meta>\n");
  for (guint i = 0; i < self->meta_keys->len; i++)
    {
      g_autofree char *k = xml_escape (self->meta_keys->pdata[i]);
      g_autofree char *v = xml_escape (self->meta_values->pdata[i]);

      g_string_append_printf (meta, "  <mllab:meta key=\"%s\">%s</mllab:meta>\n", k, v);
    }
  g_string_append (meta, "</metadata>");
  byte_array_insert (svg, pos, (const guint8 *) meta->str, meta->len);
}

/* ---------------------------------------------------------------------- */
/* PDF                                                                    */

static char *
metadata_pairs (LabFigure  *self,
                const char *sep)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->meta_keys->len; i++)
    {
      if (i > 0)
        g_string_append (s, sep);
      g_string_append_printf (s, "%s=%s", (char *) self->meta_keys->pdata[i], (char *) self->meta_values->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

static GByteArray *
render_vector (LabFigure        *self,
               const char       *path,
               LabExportFormat   format,
               int               width,
               int               height,
               const LabTheme   *theme,
               GError          **error)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  if (format == LAB_EXPORT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (write_to_array, out, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
    }
  else
    {
      g_autofree char *title = NULL;
      g_autofree char *pairs = metadata_pairs (self, "; ");
      const char *meta_title = lab_figure_get_metadata (self, "title");

      surface = cairo_pdf_surface_create_for_stream (write_to_array, out, width, height);
      if (meta_title != NULL)
        title = g_strdup (meta_title);
      else if (self->title != NULL)
        title = plain_text (self->title);
      else if (lab_figure_get_metadata (self, "topic") != NULL)
        title = g_strdup_printf ("ML Lab — %s", lab_figure_get_metadata (self, "topic"));
      else
        title = g_strdup ("ML Lab figure");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "ML Lab");
      if (*pairs != '\0')
        {
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, pairs);
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, pairs);
        }
    }

  if (!check_cairo (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      g_byte_array_unref (out);
      return NULL;
    }
  cr = cairo_create (surface);
  lab_figure_render (self, cr, width, height, theme);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, path, error))
    {
      g_byte_array_unref (out);
      return NULL;
    }
  if (format == LAB_EXPORT_SVG)
    svg_insert_metadata (self, out);
  return out;
}

/* ---------------------------------------------------------------------- */
/* writing                                                                */

static gboolean
write_atomically (const char    *path,
                  const guint8  *data,
                  gsize          len,
                  GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Could not save “%s”: the folder “%s” does not exist", path, dir);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   "Could not save “%s”: “%s” is not a folder", path, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "Could not save “%s”: it is a folder", path);
      return FALSE;
    }

  if (!g_file_set_contents_full (path, (const char *) data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      /* GLib's message names the temporary file; keep only its reason. */
      const char *reason = strrchr (local->message, ':');
      GIOErrorEnum code = local->domain == G_FILE_ERROR ? g_io_error_from_file_error (local->code) : G_IO_ERROR_FAILED;

      reason = reason != NULL && reason[1] != '\0' ? reason + 2 : local->message;
      g_set_error (error, G_IO_ERROR, code, _("Could not save “%s”: %s"), path, reason);
      return FALSE;
    }
  return TRUE;
}

gboolean
lab_figure_export (LabFigure        *self,
                   const char       *path,
                   LabExportFormat   format,
                   int               width,
                   int               height,
                   double            scale,
                   const LabTheme   *theme,
                   GError          **error)
{
  g_autoptr(GByteArray) data = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("Cannot export: no file name given"));
      return FALSE;
    }
  if (format != LAB_EXPORT_PNG && format != LAB_EXPORT_SVG && format != LAB_EXPORT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot export “%s”: unknown format", path);
      return FALSE;
    }
  if (!check_size (path, width, height, format == LAB_EXPORT_PNG ? scale : 1.0, format == LAB_EXPORT_PNG, error))
    return FALSE;

  if (format == LAB_EXPORT_PNG)
    data = render_png (self, path, width, height, scale, theme, error);
  else
    data = render_vector (self, path, format, width, height, theme, error);
  if (data == NULL)
    return FALSE;
  return write_atomically (path, data->data, data->len, error);
}

GBytes *
lab_figure_to_png_bytes (LabFigure       *self,
                         int              width,
                         int              height,
                         double           scale,
                         const LabTheme  *theme,
                         GError         **error)
{
  GByteArray *data;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size ("clipboard image", width, height, scale, TRUE, error))
    return NULL;
  data = render_png (self, "clipboard image", width, height, scale, theme, error);
  if (data == NULL)
    return NULL;
  return g_byte_array_free_to_bytes (data);
}

/* ---------------------------------------------------------------------- */
/* CSV                                                                    */

/* The shortest decimal that reads back as the same double; NaN is empty. */
static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    return;
  if (isinf (v))
    {
      g_string_append (s, v > 0 ? "inf" : "-inf");
      return;
    }
  for (int prec = 15; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (prec == 17 || g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (s, buf);
}

static void
append_field (GString    *s,
              const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") != NULL || (*text != '\0' && (text[0] == ' ' || text[strlen (text) - 1] == ' ')))
    {
      g_string_append_c (s, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (s, '"');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  else
    g_string_append (s, text);
}

char *
lab_figure_to_csv (LabFigure *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new ("axes,layer,x,y,y2\n");
  for (guint i = 0; i < self->rows * self->cols; i++)
    {
      LabAxes *ax = self->axes[i];
      g_autofree char *axname = NULL;

      if (ax->covered)
        continue;
      axname = ax->title != NULL ? plain_text (ax->title) : g_strdup_printf ("%u", i + 1);

      for (guint k = 0; k < ax->layers->len; k++)
        {
          LabLayer *l = ax->layers->pdata[k];
          g_autofree char *name = NULL;

          if (l->label == NULL)
            continue;
          switch (l->kind)
            {
            case LAB_LAYER_LINE:
            case LAB_LAYER_STEP:
            case LAB_LAYER_SCATTER:
            case LAB_LAYER_MARKER:
            case LAB_LAYER_BAND:
            case LAB_LAYER_BARS:
              break;
            default:
              continue;
            }
          name = plain_text (l->label);
          for (gsize j = 0; j < l->n; j++)
            {
              append_field (s, axname);
              g_string_append_c (s, ',');
              append_field (s, name);
              g_string_append_c (s, ',');
              if (l->kind == LAB_LAYER_BARS)
                append_number (s, (l->x[j] + l->x[j + 1]) / 2.0);
              else
                append_number (s, l->x[j]);
              g_string_append_c (s, ',');
              append_number (s, l->y[j]);
              g_string_append_c (s, ',');
              if (l->kind == LAB_LAYER_BAND)
                append_number (s, l->y2[j]);
              g_string_append_c (s, '\n');
            }
        }
    }
  return g_string_free (s, FALSE);
}

gboolean
lab_figure_export_csv (LabFigure  *self,
                       const char *path,
                       GError    **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, "Cannot export: no file name given");
      return FALSE;
    }
  csv = lab_figure_to_csv (self);
  return write_atomically (path, (const guint8 *) csv, strlen (csv), error);
}

/* ---------------------------------------------------------------------- */
/* on a worker thread                                                     */

typedef struct
{
  LabFigure       *figure;
  char            *path;
  LabExportFormat  format;
  int              width, height;
  double           scale;
  const LabTheme  *theme;
} ExportTask;

static void
export_task_free (gpointer data)
{
  ExportTask *t = data;

  lab_figure_unref (t->figure);
  g_free (t->path);
  g_free (t);
}

/* One thread writes every export, in turn: a thread that draws text keeps a Pango font map of
 * its own and an arena of the C library's for as long as it lives, so exports spread over the
 * shared pool's threads grew the process by hundreds of megabytes over a long session. */
static void
export_thread (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;
  ExportTask *t = g_task_get_task_data (task);
  GError *error = NULL;

  if (lab_figure_export (t->figure, t->path, t->format, t->width, t->height, t->scale, t->theme, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static GThreadPool *
export_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (export_thread, NULL, 1, TRUE, NULL));
  return pool;
}

void
lab_figure_export_async (LabFigure           *self,
                         const char          *path,
                         LabExportFormat      format,
                         int                  width,
                         int                  height,
                         double               scale,
                         const LabTheme      *theme,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  ExportTask *t = g_new0 (ExportTask, 1);

  t->figure = lab_figure_ref (self);
  t->path = g_strdup (path);
  t->format = format;
  t->width = width;
  t->height = height;
  t->scale = scale;
  t->theme = theme;
  g_task_set_source_tag (task, lab_figure_export_async);
  g_task_set_name (task, "[ml-lab] export");
  g_task_set_task_data (task, t, export_task_free);
  g_thread_pool_push (export_pool (), g_steal_pointer (&task), NULL);
}

gboolean
lab_figure_export_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
