/* lab-columns-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "lab-columns-dialog.h"
#include "lab-csv.h"
#include "lab-window.h"

#define PREVIEW_ROWS 20

/* The switches of how the file is read, in their drop-downs' order. */
static const char delimiter_values[] = { '\0', LAB_CSV_DELIMITER_WHITESPACE, ',', ';', '\t', '|' };
static const char comment_values[] = { '#', '\0' };
static const LabCsvHeader header_values[] = { LAB_CSV_HEADER_AUTO, LAB_CSV_HEADER_YES, LAB_CSV_HEADER_NO };

typedef struct
{
  GtkWindow      *window;     /* the sheet */
  LabWindow      *parent;     /* NULL: the switches are not shown */
  GtkDropDown    *delimiter;
  GtkDropDown    *comment;
  GtkDropDown    *header;
  LabDataset     *data;
  const LabTopic *topic;
  LabParams      *params;
  GPtrArray      *controls;   /* GtkDropDown (column) or GtkBox of GtkCheckButton (columns) */
  gboolean        syncing;
} Sheet;

static void
sheet_free (gpointer data)
{
  Sheet *sheet = data;

  g_signal_handlers_disconnect_by_data (sheet->params, sheet);
  g_clear_pointer (&sheet->data, lab_dataset_unref);
  g_clear_object (&sheet->params);
  g_ptr_array_unref (sheet->controls);
  g_free (sheet);
}

static const char *
type_name (LabColumnType type)
{
  switch (type)
    {
    case LAB_COLUMN_INTEGER: return _("integer");
    case LAB_COLUMN_NUMBER: return _("number");
    case LAB_COLUMN_TEXT: return _("text");
    default: return "";
    }
}

static void
sync_controls (Sheet *sheet)
{
  sheet->syncing = TRUE;
  for (guint i = 0; i < sheet->controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (sheet->controls, i);
      GParamSpec *pspec = g_object_get_data (G_OBJECT (control), "pspec");
      const char *value = lab_params_get_string (sheet->params, pspec->name);

      if (GTK_IS_DROP_DOWN (control))
        {
          int col = lab_dataset_find_column (sheet->data, value);

          gtk_drop_down_set_selected (GTK_DROP_DOWN (control), col >= 0 ? (guint) col : GTK_INVALID_LIST_POSITION);
        }
      else
        {
          g_auto(GStrv) parts = g_strsplit (value, ",", -1);
          guint c = 0;

          for (GtkWidget *check = gtk_widget_get_first_child (control); check;
               check = gtk_widget_get_next_sibling (check), c++)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                         g_strv_contains ((const char * const *) parts,
                                                          lab_dataset_get_column_name (sheet->data, c)));
        }
    }
  sheet->syncing = FALSE;
}

static void
dropdown_cb (GtkDropDown *dropdown,
             GParamSpec  *unused,
             Sheet       *sheet)
{
  GParamSpec *pspec = g_object_get_data (G_OBJECT (dropdown), "pspec");
  guint col = gtk_drop_down_get_selected (dropdown);

  if (sheet->syncing || col == GTK_INVALID_LIST_POSITION)
    return;
  lab_params_set_from_string (sheet->params, pspec->name, lab_dataset_get_column_name (sheet->data, col), NULL);
}

static void
check_cb (GtkCheckButton *check,
          Sheet          *sheet)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (check));
  GParamSpec *pspec = g_object_get_data (G_OBJECT (box), "pspec");
  g_autoptr(GString) value = g_string_new (NULL);
  guint c = 0;

  if (sheet->syncing)
    return;
  for (GtkWidget *w = gtk_widget_get_first_child (box); w; w = gtk_widget_get_next_sibling (w), c++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (w)))
      g_string_append_printf (value, "%s%s", value->len ? "," : "", lab_dataset_get_column_name (sheet->data, c));
  if (value->len == 0)
    {
      /* at least one column: undo the uncheck */
      sync_controls (sheet);
      return;
    }
  lab_params_set_from_string (sheet->params, pspec->name, value->str, NULL);
}

static void
reset_cb (GtkButton *button,
          Sheet     *sheet)
{
  lab_topic_reset_columns (sheet->topic, sheet->params, sheet->data);
}

static GtkWidget *
build_roles (Sheet *sheet)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset to Guessed Values"));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;
  GParamSpec **pspecs = lab_params_list (sheet->params, &n);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Column Roles"));
  {
    /* the description is markup: “ROC & precision–recall” must be escaped */
    g_autofree char *title = g_markup_escape_text (_(sheet->topic->title), -1);

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), title);
  }
  gtk_widget_add_css_class (reset, "flat");
  g_signal_connect (reset, "clicked", G_CALLBACK (reset_cb), sheet);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), reset);

  for (guint c = 0; c < lab_dataset_get_n_columns (sheet->data); c++)
    gtk_string_list_append (names, lab_dataset_get_column_name (sheet->data, c));

  for (guint i = 0; i < n; i++)
    {
      LabParamFlags flags = lab_param_get_flags (pspecs[i]);
      GtkWidget *row, *control;

      if (!(flags & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)))
        continue;
      row = adw_action_row_new ();
      {
        g_autofree char *blurb = g_markup_escape_text (_(g_param_spec_get_blurb (pspecs[i])), -1);

        g_autofree char *nick = g_markup_escape_text (_(g_param_spec_get_nick (pspecs[i])), -1);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), nick);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), blurb);
      }
      if (flags & LAB_PARAM_COLUMN)
        {
          control = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
          gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (control), "pspec", pspecs[i]);
          g_signal_connect (control, "notify::selected", G_CALLBACK (dropdown_cb), sheet);
        }
      else
        {
          control = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (control), "pspec", pspecs[i]);
          for (guint c = 0; c < lab_dataset_get_n_columns (sheet->data); c++)
            {
              GtkWidget *check = gtk_check_button_new_with_label (lab_dataset_get_column_name (sheet->data, c));

              gtk_widget_set_sensitive (check, lab_dataset_get_column_type (sheet->data, c) != LAB_COLUMN_TEXT);
              g_signal_connect (check, "toggled", G_CALLBACK (check_cb), sheet);
              gtk_box_append (GTK_BOX (control), check);
            }
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (sheet->controls, control);
    }
  if (sheet->controls->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("This topic does not read columns of a dataset."));
  return group;
}

static GtkWidget *
build_preview (LabDataset *data)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  gsize rows = MIN (lab_dataset_get_n_rows (data), PREVIEW_ROWS);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);

  for (guint c = 0; c < lab_dataset_get_n_columns (data); c++)
    {
      GtkWidget *head = gtk_label_new (NULL);
      g_autofree char *markup = NULL;
      gsize missing = lab_dataset_get_column_missing (data, c);
      g_autofree char *escaped = g_markup_escape_text (lab_dataset_get_column_name (data, c), -1);

      if (missing > 0)
        markup = g_strdup_printf ("<b>%s</b>\n<small>%s · %lu missing</small>", escaped,
                                  type_name (lab_dataset_get_column_type (data, c)), (unsigned long) missing);
      else
        markup = g_strdup_printf ("<b>%s</b>\n<small>%s</small>", escaped,
                                  type_name (lab_dataset_get_column_type (data, c)));
      gtk_label_set_markup (GTK_LABEL (head), markup);
      gtk_label_set_xalign (GTK_LABEL (head), 0);
      gtk_grid_attach (GTK_GRID (grid), head, (int) c, 0, 1, 1);

      for (gsize r = 0; r < rows; r++)
        {
          g_autofree char *text = lab_dataset_dup_cell_text (data, r, c);
          GtkWidget *cell = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (cell), lab_dataset_get_column_type (data, c) == LAB_COLUMN_TEXT ? 0 : 1);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 24);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (cell, "numeric");
          if (lab_dataset_is_missing (data, c, r))
            gtk_widget_add_css_class (cell, "dim-label");
          gtk_grid_attach (GTK_GRID (grid), cell, (int) c, (int) r + 1, 1, 1);
        }
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static gboolean
close_sheet (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

/* A switch changed: read the file again that way; the sheet opens again on the result. */
static void
read_option_cb (GtkDropDown *dropdown,
                GParamSpec  *pspec,
                Sheet       *sheet)
{
  LabCsvOptions options;
  guint d = gtk_drop_down_get_selected (sheet->delimiter);
  guint c = gtk_drop_down_get_selected (sheet->comment);
  guint h = gtk_drop_down_get_selected (sheet->header);

  if (sheet->syncing || d >= G_N_ELEMENTS (delimiter_values) || c >= G_N_ELEMENTS (comment_values)
      || h >= G_N_ELEMENTS (header_values))
    return;
  lab_window_get_csv_options (sheet->parent, &options);
  options.delimiter = delimiter_values[d];
  options.comment = comment_values[c];
  options.header = header_values[h];
  lab_window_reload_dataset (sheet->parent, &options, TRUE);
  /* not from inside the drop-down's own signal: it is still setting itself */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_sheet, g_object_ref (sheet->window), g_object_unref);
}

static GtkDropDown *
read_option (GtkWidget   *row,
             const char  *label,
             const char  *name,
             const char **choices,
             guint        selected,
             Sheet       *sheet)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (choices);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_set_name (dropdown, name);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (read_option_cb), sheet);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (row), box);
  return GTK_DROP_DOWN (dropdown);
}

static guint
index_of_char (const char *values,
               guint       n,
               char        value)
{
  for (guint i = 0; i < n; i++)
    if (values[i] == value)
      return i;
  return 0;
}

/* Delimiter, comment lines and header as the reader took them, to read the file otherwise. */
static GtkWidget *
build_read_options (Sheet *sheet)
{
  static const char *delimiters[] = { N_("Detected"), N_("Spaces and tabs"), ",", ";", N_("Tab"), "|", NULL };
  static const char *comments[] = { N_("# lines skipped"), N_("None"), NULL };
  static const char *headers[] = { N_("Detected"), N_("Names the columns"), N_("Is data"), NULL };
  const char *delimiters_t[G_N_ELEMENTS (delimiters)], *comments_t[G_N_ELEMENTS (comments)];
  const char *headers_t[G_N_ELEMENTS (headers)];
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  LabCsvOptions options;

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    delimiters_t[i] = delimiters[i] != NULL && delimiters[i][1] != '\0' ? _(delimiters[i]) : delimiters[i];
  for (guint i = 0; i < G_N_ELEMENTS (comments); i++)
    comments_t[i] = comments[i] != NULL ? _(comments[i]) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    headers_t[i] = headers[i] != NULL ? _(headers[i]) : NULL;

  lab_window_get_csv_options (sheet->parent, &options);
  sheet->syncing = TRUE;
  sheet->delimiter = read_option (row, _("Delimiter"), "csv-delimiter", delimiters_t,
                                  index_of_char (delimiter_values, G_N_ELEMENTS (delimiter_values), options.delimiter),
                                  sheet);
  sheet->comment = read_option (row, _("Comment lines"), "csv-comment", comments_t,
                                options.comment == '\0' ? 1 : 0, sheet);
  sheet->header = read_option (row, _("First row"), "csv-header", headers_t,
                               options.header == LAB_CSV_HEADER_YES ? 1 : options.header == LAB_CSV_HEADER_NO ? 2 : 0,
                               sheet);
  sheet->syncing = FALSE;
  return row;
}

static void
params_notify_cb (LabParams  *params,
                  GParamSpec *pspec,
                  Sheet      *sheet)
{
  sync_controls (sheet);
}

GtkWindow *
lab_columns_dialog_present (GtkWindow      *parent,
                            LabDataset     *data,
                            const LabTopic *topic,
                            LabParams      *params)
{
  GtkWidget *window, *toolbar, *header, *title, *box, *summary;
  Sheet *sheet = g_new0 (Sheet, 1);
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;
  g_autofree char *comments = NULL;
  char delim = lab_dataset_get_delimiter (data);

  sheet->data = lab_dataset_ref (data);
  sheet->parent = LAB_IS_WINDOW (parent) ? LAB_WINDOW (parent) : NULL;
  sheet->topic = topic;
  sheet->params = g_object_ref (params);
  sheet->controls = g_ptr_array_new ();

  window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 620);
  gtk_window_set_title (GTK_WINDOW (window), _("Dataset Columns"));
  g_object_set_data_full (G_OBJECT (window), "sheet", sheet, sheet_free);
  sheet->window = GTK_WINDOW (window);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  subtitle = g_strdup_printf ("%s — %lu rows", lab_dataset_get_name (data), (unsigned long) lab_dataset_get_n_rows (data));
  title = adw_window_title_new (_("Dataset Columns"), subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (toolbar), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_box_append (GTK_BOX (box), build_roles (sheet));

  if (lab_dataset_get_n_comment_lines (data) > 0)
    comments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, ", %lu comment line (“%c”) skipped",
                                             ", %lu comment lines (“%c”) skipped",
                                             lab_dataset_get_n_comment_lines (data)),
                                (unsigned long) lab_dataset_get_n_comment_lines (data), lab_dataset_get_comment (data));
  text = g_strdup_printf (_("Read as: delimiter “%s”, decimal “%c”, %s%s. The first %d rows:"),
                          delim == '\t' ? _("tab") : delim == LAB_CSV_DELIMITER_WHITESPACE ? _("spaces and tabs")
                          : (char[]) { delim, 0 },
                          lab_dataset_get_decimal (data),
                          lab_dataset_has_header (data) ? _("with a header row") : _("no header row"),
                          comments != NULL ? comments : "", PREVIEW_ROWS);
  summary = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  if (sheet->parent != NULL)
    gtk_box_append (GTK_BOX (box), build_read_options (sheet));
  gtk_box_append (GTK_BOX (box), summary);
  gtk_box_append (GTK_BOX (box), build_preview (data));
  gtk_box_append (GTK_BOX (toolbar), box);
  adw_window_set_content (ADW_WINDOW (window), toolbar);

  g_signal_connect (params, "notify", G_CALLBACK (params_notify_cb), sheet);
  sync_controls (sheet);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
