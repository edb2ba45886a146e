/* lab-param-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-param-row.h"
#include "lab-choices.h"
#include "lab-tooltip.h"

struct _LabParamRow
{
  AdwPreferencesRow parent_instance;

  LabParams  *params;
  GParamSpec *pspec;
  gboolean    log;
  gboolean    syncing;

  GtkWidget  *scale;     /* doubles */
  GtkWidget  *spin;      /* doubles, ints */
  GtkWidget  *dropdown;  /* enums */
  GtkWidget  *toggle;    /* booleans */
  GtkWidget  *entry;     /* strings */
  GtkWidget  *checks;    /* a set parameter: one check button per name (GtkFlowBox) */
  GPtrArray  *check_buttons;
  GtkWidget  *columns;   /* a column parameter with a dataset: its columns to choose from */
  LabDataset *dataset;
  GtkWidget  *reset;
};

G_DEFINE_FINAL_TYPE (LabParamRow, lab_param_row, ADW_TYPE_PREFERENCES_ROW)

static double
to_slider (LabParamRow *self, double v)
{
  return self->log ? log10 (MAX (v, 1e-300)) : v;
}

static double
from_slider (LabParamRow *self, double s)
{
  return self->log ? pow (10.0, s) : s;
}

static int
digits_for (double lo, double hi)
{
  double span = hi - lo;

  if (!isfinite (span) || span <= 0)
    return 3;
  return CLAMP ((int) ceil (2 - log10 (span)) + 1, 0, 6);
}

/* The names of a set's list without the values some items carry ("sgd@0.1,adam" → "sgd,adam"). */
static char *
set_names (const char *list)
{
  g_auto(GStrv) items = g_strsplit (list != NULL ? list : "", ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *at = strchr (items[i], '@');

      if (at != NULL)
        *at = '\0';
      g_string_append_printf (out, "%s%s", i ? "," : "", items[i]);
    }
  return g_string_free (out, FALSE);
}

static void
sync_from_params (LabParamRow *self)
{
  g_auto(GValue) value = G_VALUE_INIT;

  self->syncing = TRUE;
  g_value_init (&value, self->pspec->value_type);
  g_object_get_property (G_OBJECT (self->params), self->pspec->name, &value);

  if (G_IS_PARAM_SPEC_DOUBLE (self->pspec))
    {
      double v = g_value_get_double (&value);

      if (isfinite (v))
        {
          gtk_range_set_value (GTK_RANGE (self->scale), to_slider (self, v));
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->spin), v);
        }
    }
  else if (G_IS_PARAM_SPEC_INT (self->pspec))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->spin), g_value_get_int (&value));
  else if (G_IS_PARAM_SPEC_BOOLEAN (self->pspec))
    gtk_switch_set_active (GTK_SWITCH (self->toggle), g_value_get_boolean (&value));
  else if (G_IS_PARAM_SPEC_ENUM (self->pspec))
    {
      GEnumClass *eclass = G_PARAM_SPEC_ENUM (self->pspec)->enum_class;

      for (guint i = 0; i < eclass->n_values; i++)
        if (eclass->values[i].value == g_value_get_enum (&value))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (self->dropdown), i);
    }
  else if (G_IS_PARAM_SPEC_STRING (self->pspec))
    {
      const char *s = g_value_get_string (&value);

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), s ? s : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->entry), s ? s : "");
      if (self->check_buttons != NULL)
        {
          guint n_nicks;
          const char * const *nicks = lab_param_get_set_nicks (self->pspec, &n_nicks);
          g_autofree char *names = set_names (s);
          guint set = lab_params_parse_set (self->pspec->name, "name", names, nicks, n_nicks, NULL);

          for (guint k = 0; k < self->check_buttons->len; k++)
            gtk_check_button_set_active (g_ptr_array_index (self->check_buttons, k), (set >> k) & 1);
          /* items with a value of their own (optimizers=sgd@0.1): the list stays editable */
          gtk_widget_set_visible (self->entry, s != NULL && strchr (s, '@') != NULL);
        }
      if (self->columns != NULL)
        {
          int col = lab_dataset_find_column (self->dataset, s ? s : "");

          gtk_drop_down_set_selected (GTK_DROP_DOWN (self->columns),
                                      col >= 0 ? (guint) col : GTK_INVALID_LIST_POSITION);
        }
    }

  gtk_widget_set_visible (self->reset, !lab_params_is_default (self->params, self->pspec));
  self->syncing = FALSE;
}

static void
notify_cb (LabParams   *params,
           GParamSpec  *pspec,
           LabParamRow *self)
{
  sync_from_params (self);
}

static void
scale_changed_cb (GtkRange    *range,
                  LabParamRow *self)
{
  if (self->syncing)
    return;
  lab_params_set_double (self->params, self->pspec->name, from_slider (self, gtk_range_get_value (range)));
}

static void
spin_changed_cb (GtkSpinButton *spin,
                 LabParamRow   *self)
{
  if (self->syncing)
    return;
  if (G_IS_PARAM_SPEC_DOUBLE (self->pspec))
    lab_params_set_double (self->params, self->pspec->name, gtk_spin_button_get_value (spin));
  else
    lab_params_set_int (self->params, self->pspec->name, gtk_spin_button_get_value_as_int (spin));
}

static void
switch_cb (GtkSwitch   *toggle,
           GParamSpec  *pspec,
           LabParamRow *self)
{
  if (self->syncing)
    return;
  g_object_set (self->params, self->pspec->name, gtk_switch_get_active (toggle), NULL);
}

static void
dropdown_cb (GtkDropDown *dropdown,
             GParamSpec  *pspec,
             LabParamRow *self)
{
  GEnumClass *eclass = G_PARAM_SPEC_ENUM (self->pspec)->enum_class;
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || i >= eclass->n_values)
    return;
  lab_params_set_enum (self->params, self->pspec->name, eclass->values[i].value);
}

static void
entry_apply (LabParamRow *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (self->syncing)
    return;
  if (!lab_params_set_from_string (self->params, self->pspec->name, text, &error))
    {
      gtk_widget_add_css_class (self->entry, "error");
      lab_tooltip_set (self->entry, error->message);
      return;
    }
  gtk_widget_remove_css_class (self->entry, "error");
  lab_tooltip_set (self->entry, _(g_param_spec_get_blurb (self->pspec)));
}

/* A check button of a set parameter toggled: the list in the names' order; the
 * last one checked stays checked (an empty set has nothing to show). */
static void
check_toggled_cb (GtkCheckButton *button,
                  LabParamRow    *self)
{
  guint n_nicks;
  const char * const *nicks = lab_param_get_set_nicks (self->pspec, &n_nicks);
  g_autoptr(GString) list = g_string_new (NULL);

  g_auto(GStrv) items = g_strsplit (lab_params_get_string (self->params, self->pspec->name), ",", -1);

  if (self->syncing)
    return;
  for (guint k = 0; k < self->check_buttons->len; k++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->check_buttons, k)))
      {
        const char *value = NULL;

        /* a name that carried a value (sgd@0.1) keeps it */
        for (guint i = 0; items[i] != NULL && value == NULL; i++)
          {
            char *at = strchr (items[i], '@');
            g_autofree char *name = at != NULL ? g_strstrip (g_strndup (items[i], at - items[i])) : NULL;

            if (name != NULL && g_ascii_strcasecmp (name, nicks[k]) == 0)
              value = at;
          }
        g_string_append_printf (list, "%s%s%s", list->len ? "," : "", nicks[k], value != NULL ? value : "");
      }
  if (list->len == 0)
    {
      self->syncing = TRUE;
      gtk_check_button_set_active (button, TRUE);
      self->syncing = FALSE;
      gtk_widget_error_bell (GTK_WIDGET (button));
      return;
    }
  lab_params_set_from_string (self->params, self->pspec->name, list->str, NULL);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                LabParamRow             *self)
{
  entry_apply (self);
}

static void
reset_cb (GtkButton   *button,
          LabParamRow *self)
{
  g_auto(GValue) def = G_VALUE_INIT;

  g_value_init (&def, self->pspec->value_type);
  g_param_value_set_default (self->pspec, &def);
  g_object_set_property (G_OBJECT (self->params), self->pspec->name, &def);
}

static void
columns_cb (GtkDropDown *dropdown,
            GParamSpec  *unused,
            LabParamRow *self)
{
  guint col = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || col == GTK_INVALID_LIST_POSITION)
    return;
  lab_params_set_from_string (self->params, self->pspec->name,
                              lab_dataset_get_column_name (self->dataset, col), NULL);
}

void
lab_param_row_set_dataset (LabParamRow *self,
                           LabDataset  *dataset)
{
  g_return_if_fail (LAB_IS_PARAM_ROW (self));

  /* only a single-column parameter becomes a drop-down; lists keep the entry */
  if (self->entry == NULL || !(lab_param_get_flags (self->pspec) & LAB_PARAM_COLUMN))
    return;

  g_clear_pointer (&self->dataset, lab_dataset_unref);
  if (dataset == NULL)
    {
      if (self->columns != NULL)
        {
          gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->entry)), self->columns);
          self->columns = NULL;
        }
    }
  else
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      self->dataset = lab_dataset_ref (dataset);
      for (guint c = 0; c < lab_dataset_get_n_columns (dataset); c++)
        gtk_string_list_append (names, lab_dataset_get_column_name (dataset, c));
      if (self->columns != NULL)
        {
          /* every panel's column rows follow each load: the drop-down stays, its list changes
           * (issue 11: a new one each time was a widget and a tooltip per row per panel) */
          self->syncing = TRUE;
          gtk_drop_down_set_model (GTK_DROP_DOWN (self->columns), G_LIST_MODEL (names));
          self->syncing = FALSE;
        }
      else
        {
          self->columns = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
          gtk_widget_set_valign (self->columns, GTK_ALIGN_CENTER);
          lab_tooltip_set (self->columns, _(g_param_spec_get_blurb (self->pspec)));
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->columns), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _(g_param_spec_get_nick (self->pspec)), -1);
          gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->entry)), self->columns, self->entry);
          g_signal_connect (self->columns, "notify::selected", G_CALLBACK (columns_cb), self);
        }
    }
  gtk_widget_set_visible (self->entry, self->columns == NULL);
  sync_from_params (self);
}

static void
lab_param_row_dispose (GObject *object)
{
  LabParamRow *self = LAB_PARAM_ROW (object);

  g_clear_pointer (&self->dataset, lab_dataset_unref);
  if (self->params != NULL)
    g_signal_handlers_disconnect_by_data (self->params, self);
  g_clear_object (&self->params);
  g_clear_pointer (&self->check_buttons, g_ptr_array_unref);
  G_OBJECT_CLASS (lab_param_row_parent_class)->dispose (object);
}

static void
lab_param_row_class_init (LabParamRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lab_param_row_dispose;
}

static void
lab_param_row_init (LabParamRow *self)
{
}

/* The wheel changes a slider or a spin button only when it has the keyboard focus (as in
 * GNOME Settings); otherwise it scrolls the list the control sits in, so scrolling through
 * the parameters never changes one under the pointer. */
static gboolean
guarded_scroll_cb (GtkEventControllerScroll *controller,
                   double                    dx,
                   double                    dy,
                   gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scrolled;

  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    return FALSE;   /* focused: the control takes the wheel */
  scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double page = gtk_adjustment_get_page_size (adj);
      /* GTK's own wheel step: page^(2/3) per notch */
      double step = page > 0 ? pow (page, 2.0 / 3.0) : 50.0;

      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
    }
  return TRUE;
}

static void
guard_scroll (GtkWidget *control)
{
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (scroll, "lab-guarded-scroll");
  g_signal_connect (scroll, "scroll", G_CALLBACK (guarded_scroll_cb), NULL);
  gtk_widget_add_controller (control, scroll);
}

static GtkWidget *
build_double (LabParamRow *self)
{
  GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (self->pspec);
  double lo = isfinite (d->minimum) ? d->minimum : -5;
  double hi = isfinite (d->maximum) ? d->maximum : 5;
  double slo = to_slider (self, lo), shi = to_slider (self, hi);
  int digits = digits_for (lo, hi);

  self->scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, slo, shi, (shi - slo) / 1000);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_widget_set_hexpand (self->scale, TRUE);
  g_signal_connect (self->scale, "value-changed", G_CALLBACK (scale_changed_cb), self);
  guard_scroll (self->scale);

  self->spin = gtk_spin_button_new_with_range (isfinite (d->minimum) ? d->minimum : -1e12,
                                               isfinite (d->maximum) ? d->maximum : 1e12,
                                               pow (10, -digits));
  if (self->log && lo > 0)
    /* enough digits for the smallest value: 0.001 shows as 0.0010, 0.2 as 0.20 */
    digits = CLAMP ((int) ceil (-log10 (lo)) + 1, 1, 6);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->spin), (guint) digits);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->spin), 7);
  gtk_widget_set_valign (self->spin, GTK_ALIGN_CENTER);
  g_signal_connect (self->spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  guard_scroll (self->spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(g_param_spec_get_nick (self->pspec)), -1);
  return self->spin;
}

GtkWidget *
lab_param_row_new (LabParams  *params,
                   GParamSpec *pspec)
{
  LabParamRow *self;
  GtkWidget *box, *top, *label, *control = NULL;
  const char *blurb = _(g_param_spec_get_blurb (pspec));

  g_return_val_if_fail (LAB_IS_PARAMS (params), NULL);

  self = g_object_new (LAB_TYPE_PARAM_ROW, "activatable", FALSE, NULL);
  self->params = g_object_ref (params);
  self->pspec = pspec;
  self->log = (lab_param_get_flags (pspec) & LAB_PARAM_LOG) != 0;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _(g_param_spec_get_nick (pspec)));
  lab_tooltip_set (GTK_WIDGET (self), blurb);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), top);

  label = gtk_label_new (_(g_param_spec_get_nick (pspec)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);

  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    control = build_double (self);
  else if (G_IS_PARAM_SPEC_INT (pspec))
    {
      GParamSpecInt *i = G_PARAM_SPEC_INT (pspec);

      control = self->spin = gtk_spin_button_new_with_range (i->minimum, i->maximum, 1);
      gtk_widget_set_valign (self->spin, GTK_ALIGN_CENTER);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->spin), 8);
      g_signal_connect (self->spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
      guard_scroll (self->spin);
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      control = self->toggle = gtk_switch_new ();
      gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
      g_signal_connect (self->toggle, "notify::active", G_CALLBACK (switch_cb), self);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *eclass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

      for (guint i = 0; i < eclass->n_values; i++)
        gtk_string_list_append (list, lab_choice_label (eclass->values[i].value_nick));
      control = self->dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
      gtk_widget_set_valign (self->dropdown, GTK_ALIGN_CENTER);
      g_signal_connect (self->dropdown, "notify::selected", G_CALLBACK (dropdown_cb), self);
    }
  else
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      control = self->entry = gtk_entry_new ();
      gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 8);
      gtk_widget_set_valign (self->entry, GTK_ALIGN_CENTER);
      lab_tooltip_set (self->entry, blurb);
      g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_apply), self);
      g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
      gtk_widget_add_controller (self->entry, focus);
    }
  gtk_box_append (GTK_BOX (top), control);
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(g_param_spec_get_nick (pspec)), -1);

  self->reset = gtk_button_new_from_icon_name ("edit-undo-symbolic");
  gtk_widget_add_css_class (self->reset, "flat");
  gtk_widget_add_css_class (self->reset, "circular");
  gtk_widget_set_valign (self->reset, GTK_ALIGN_CENTER);
  lab_tooltip_set (self->reset, _("Reset to the default value"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reset), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reset to the default value"), -1);
  g_signal_connect (self->reset, "clicked", G_CALLBACK (reset_cb), self);
  gtk_box_append (GTK_BOX (top), self->reset);

  if (self->scale != NULL)
    gtk_box_append (GTK_BOX (box), self->scale);

  /* a set: check buttons under the name, the list entry hidden (issue 10.12: a cut-off
   * comma-separated field); the CLI keeps the list */
  {
    guint n_nicks;
    const char * const *nicks = lab_param_get_set_nicks (pspec, &n_nicks);

    if (nicks != NULL && self->entry != NULL)
      {
        self->checks = gtk_flow_box_new ();
        self->check_buttons = g_ptr_array_new ();
        gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->checks), GTK_SELECTION_NONE);
        gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->checks), 4);
        gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->checks), 2);
        gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->checks), TRUE);
        lab_tooltip_set (self->checks, blurb);
        for (guint k = 0; k < n_nicks; k++)
          {
            GtkWidget *check = gtk_check_button_new_with_label (nicks[k]);
            GtkWidget *child;

            g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
            gtk_flow_box_append (GTK_FLOW_BOX (self->checks), check);
            /* the check button takes the focus, not the flow box child around it */
            child = gtk_widget_get_parent (check);
            gtk_widget_set_focusable (child, FALSE);
            g_ptr_array_add (self->check_buttons, check);
          }
        gtk_widget_set_visible (self->entry, FALSE);
        gtk_box_append (GTK_BOX (box), self->checks);
      }
  }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  {
    g_autofree char *signal = g_strconcat ("notify::", pspec->name, NULL);

    g_signal_connect (params, signal, G_CALLBACK (notify_cb), self);
  }
  sync_from_params (self);
  return GTK_WIDGET (self);
}

GParamSpec *
lab_param_row_get_pspec (LabParamRow *self)
{
  return self->pspec;
}

GtkWidget *
lab_param_row_get_control (LabParamRow *self)
{
  if (self->scale)
    return self->scale;
  if (self->spin)
    return self->spin;
  if (self->dropdown)
    return self->dropdown;
  if (self->toggle)
    return self->toggle;
  if (self->checks)
    return self->checks;
  return self->entry;
}

void
lab_param_row_set_range (LabParamRow *self,
                         double       lo,
                         double       hi)
{
  GParamSpecDouble *d;

  g_return_if_fail (LAB_IS_PARAM_ROW (self));

  if (self->scale == NULL && self->spin != NULL && G_IS_PARAM_SPEC_INT (self->pspec)
      && isfinite (lo) && isfinite (hi) && hi >= lo)
    {
      /* an integer: the spin button offers only what the data has (a head, a row) */
      GParamSpecInt *i = G_PARAM_SPEC_INT (self->pspec);

      self->syncing = TRUE;
      gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->spin), MAX (lo, i->minimum), MIN (hi, i->maximum));
      self->syncing = FALSE;
      sync_from_params (self);
      return;
    }
  if (self->scale == NULL || !(hi > lo) || !isfinite (lo) || !isfinite (hi))
    return;
  d = G_PARAM_SPEC_DOUBLE (self->pspec);
  lo = MAX (lo, d->minimum);
  hi = MIN (hi, d->maximum);
  self->syncing = TRUE;
  gtk_range_set_range (GTK_RANGE (self->scale), to_slider (self, lo), to_slider (self, hi));
  gtk_range_set_increments (GTK_RANGE (self->scale), (hi - lo) / 1000, (hi - lo) / 20);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->spin), (guint) digits_for (lo, hi));
  gtk_spin_button_set_increments (GTK_SPIN_BUTTON (self->spin), pow (10, -digits_for (lo, hi)), (hi - lo) / 20);
  self->syncing = FALSE;
  sync_from_params (self);
}
