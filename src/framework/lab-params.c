/* lab-params.c — generic storage, parsing and copying of a topic's knobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-metrics.h"
#include "lab-params.h"

typedef struct
{
  GValue *values;   /* one per pspec, by param_id − 1 */
  guint   n_values;
} LabParamsPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LabParams, lab_params, G_TYPE_OBJECT)

static GQuark flags_quark;
static GQuark group_quark;
static GQuark set_nicks_quark;
static GQuark set_n_quark;

static GPtrArray *
class_pspecs (LabParamsClass *klass)
{
  /* A subclass inherits the parent's class struct by copy: only trust the
   * array if it was made for this very class. */
  if (klass->pspecs_owner != G_TYPE_FROM_CLASS (klass))
    return NULL;
  return klass->pspecs;
}

static void
ensure_values (LabParams *self)
{
  LabParamsPrivate *priv = lab_params_get_instance_private (self);
  GPtrArray *pspecs;

  if (priv->values != NULL)
    return;

  pspecs = class_pspecs (LAB_PARAMS_GET_CLASS (self));
  priv->n_values = pspecs ? pspecs->len : 0;
  priv->values = g_new0 (GValue, MAX (priv->n_values, 1));
  for (guint i = 0; i < priv->n_values; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (pspecs, i);

      g_value_init (&priv->values[i], pspec->value_type);
      g_param_value_set_default (pspec, &priv->values[i]);
    }
}

static GValue *
value_for (LabParams *self, GParamSpec *pspec)
{
  LabParamsPrivate *priv = lab_params_get_instance_private (self);

  ensure_values (self);
  g_assert (pspec->param_id >= 1 && pspec->param_id <= priv->n_values);
  return &priv->values[pspec->param_id - 1];
}

static void
lab_params_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  g_value_copy (value_for (LAB_PARAMS (object), pspec), value);
}

static void
lab_params_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GValue *slot = value_for (LAB_PARAMS (object), pspec);

  if (g_param_values_cmp (pspec, slot, value) == 0)
    return;
  g_value_copy (value, slot);
  g_object_notify_by_pspec (object, pspec);
}

static void
lab_params_finalize (GObject *object)
{
  LabParamsPrivate *priv = lab_params_get_instance_private (LAB_PARAMS (object));

  for (guint i = 0; i < priv->n_values; i++)
    g_value_unset (&priv->values[i]);
  g_free (priv->values);

  G_OBJECT_CLASS (lab_params_parent_class)->finalize (object);
}

static gboolean
lab_params_real_is_relevant (LabParams  *self,
                             GParamSpec *pspec)
{
  return TRUE;
}

static void
lab_params_class_init (LabParamsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_params_get_property;
  object_class->set_property = lab_params_set_property;
  object_class->finalize = lab_params_finalize;
  klass->is_relevant = lab_params_real_is_relevant;

  flags_quark = g_quark_from_static_string ("lab-param-flags");
  group_quark = g_quark_from_static_string ("lab-param-group");
  set_nicks_quark = g_quark_from_static_string ("lab-param-set-nicks");
  set_n_quark = g_quark_from_static_string ("lab-param-set-n");
}

static void
lab_params_init (LabParams *self)
{
}

void
lab_params_class_install (LabParamsClass *klass,
                          GParamSpec     *pspec,
                          LabParamFlags   flags,
                          LabParamGroup   group)
{
  GPtrArray *pspecs;

  g_return_if_fail (LAB_IS_PARAMS_CLASS (klass));
  g_return_if_fail (G_IS_PARAM_SPEC (pspec));

  /* GObject does not inherit get/set_property: each subclass dispatches to the base storage */
  G_OBJECT_CLASS (klass)->get_property = lab_params_get_property;
  G_OBJECT_CLASS (klass)->set_property = lab_params_set_property;

  pspecs = class_pspecs (klass);
  if (pspecs == NULL)
    {
      pspecs = klass->pspecs = g_ptr_array_new ();
      klass->pspecs_owner = G_TYPE_FROM_CLASS (klass);
    }

  g_param_spec_set_qdata (pspec, flags_quark, GUINT_TO_POINTER (flags));
  g_param_spec_set_qdata (pspec, group_quark, GUINT_TO_POINTER (group));
  g_object_class_install_property (G_OBJECT_CLASS (klass), pspecs->len + 1, pspec);
  g_ptr_array_add (pspecs, pspec);
}

#define SPEC_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

void
lab_params_class_add_double (LabParamsClass *klass, const char *name, const char *nick, const char *blurb,
                             double min, double max, double def, LabParamFlags flags, LabParamGroup group)
{
  lab_params_class_install (klass, g_param_spec_double (name, nick, blurb, min, max, def, SPEC_FLAGS), flags, group);
}

void
lab_params_class_add_int (LabParamsClass *klass, const char *name, const char *nick, const char *blurb,
                          int min, int max, int def, LabParamFlags flags, LabParamGroup group)
{
  lab_params_class_install (klass, g_param_spec_int (name, nick, blurb, min, max, def, SPEC_FLAGS), flags, group);
}

void
lab_params_class_add_boolean (LabParamsClass *klass, const char *name, const char *nick, const char *blurb,
                              gboolean def, LabParamFlags flags, LabParamGroup group)
{
  lab_params_class_install (klass, g_param_spec_boolean (name, nick, blurb, def, SPEC_FLAGS), flags, group);
}

void
lab_params_class_add_enum (LabParamsClass *klass, const char *name, const char *nick, const char *blurb,
                           GType enum_type, int def, LabParamFlags flags, LabParamGroup group)
{
  lab_params_class_install (klass, g_param_spec_enum (name, nick, blurb, enum_type, def, SPEC_FLAGS), flags, group);
}

void
lab_params_class_add_string (LabParamsClass *klass, const char *name, const char *nick, const char *blurb,
                             const char *def, LabParamFlags flags, LabParamGroup group)
{
  lab_params_class_install (klass, g_param_spec_string (name, nick, blurb, def, SPEC_FLAGS), flags, group);
}

void
lab_params_class_add_set (LabParamsClass      *klass,
                          const char          *name,
                          const char          *nick,
                          const char          *blurb,
                          const char * const  *nicks,
                          guint                n_nicks,
                          const char          *def,
                          LabParamFlags        flags,
                          LabParamGroup        group)
{
  GParamSpec *pspec;

  lab_params_class_add_string (klass, name, nick, blurb, def, flags, group);
  pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), name);
  g_param_spec_set_qdata (pspec, set_nicks_quark, (gpointer) nicks);
  g_param_spec_set_qdata (pspec, set_n_quark, GUINT_TO_POINTER (n_nicks));
}

const char * const *
lab_param_get_set_nicks (GParamSpec *pspec,
                         guint      *n_nicks)
{
  *n_nicks = GPOINTER_TO_UINT (g_param_spec_get_qdata (pspec, set_n_quark));
  return g_param_spec_get_qdata (pspec, set_nicks_quark);
}

void
lab_params_class_add_seed (LabParamsClass *klass,
                           const char     *blurb,
                           LabParamGroup   group)
{
  lab_params_class_add_int (klass, "seed", N_("Seed"), blurb, 0, G_MAXINT, 42, LAB_PARAM_SEED, group);
}

GParamSpec **
lab_params_list (LabParams *self,
                 guint     *n_pspecs)
{
  GPtrArray *pspecs;

  g_return_val_if_fail (LAB_IS_PARAMS (self), NULL);

  pspecs = class_pspecs (LAB_PARAMS_GET_CLASS (self));
  *n_pspecs = pspecs ? pspecs->len : 0;
  return pspecs ? (GParamSpec **) pspecs->pdata : NULL;
}

GParamSpec *
lab_params_find (LabParams  *self,
                 const char *name)
{
  GParamSpec *pspec;

  g_return_val_if_fail (LAB_IS_PARAMS (self), NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  if (pspec == NULL || pspec->owner_type == G_TYPE_OBJECT)
    return NULL;
  return pspec;
}

LabParamFlags
lab_param_get_flags (GParamSpec *pspec)
{
  return GPOINTER_TO_UINT (g_param_spec_get_qdata (pspec, flags_quark));
}

LabParamGroup
lab_param_get_group (GParamSpec *pspec)
{
  return GPOINTER_TO_UINT (g_param_spec_get_qdata (pspec, group_quark));
}

gboolean
lab_params_is_relevant (LabParams  *self,
                        GParamSpec *pspec)
{
  return LAB_PARAMS_GET_CLASS (self)->is_relevant (self, pspec);
}

void
lab_params_assign (LabParams *self,
                   LabParams *from)
{
  GParamSpec **pspecs;
  guint n;

  g_return_if_fail (LAB_IS_PARAMS (self));
  g_return_if_fail (G_OBJECT_TYPE (self) == G_OBJECT_TYPE (from));

  pspecs = lab_params_list (from, &n);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n; i++)
    g_object_set_property (G_OBJECT (self), pspecs[i]->name, value_for (from, pspecs[i]));
  g_object_thaw_notify (G_OBJECT (self));
}

LabParams *
lab_params_copy (LabParams *self)
{
  LabParams *copy;

  g_return_val_if_fail (LAB_IS_PARAMS (self), NULL);

  copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  lab_params_assign (copy, self);
  return copy;
}

static gboolean
params_equal (LabParams  *a,
              LabParams  *b,
              gboolean    skip_view,
              const char *skip_name)   /* and the LAB_PARAM_RESUMES ones */
{
  GParamSpec **pspecs;
  guint n;

  g_return_val_if_fail (LAB_IS_PARAMS (a) && LAB_IS_PARAMS (b), FALSE);

  if (G_OBJECT_TYPE (a) != G_OBJECT_TYPE (b))
    return FALSE;

  pspecs = lab_params_list (a, &n);
  for (guint i = 0; i < n; i++)
    {
      if (skip_view && (lab_param_get_flags (pspecs[i]) & LAB_PARAM_VIEW))
        continue;
      if (skip_name != NULL && (g_str_equal (pspecs[i]->name, skip_name)
                                || (lab_param_get_flags (pspecs[i]) & LAB_PARAM_RESUMES)))
        continue;
      if (g_param_values_cmp (pspecs[i], value_for (a, pspecs[i]), value_for (b, pspecs[i])) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
lab_params_equal_for_compute (LabParams *a,
                              LabParams *b)
{
  return params_equal (a, b, TRUE, NULL);
}

gboolean
lab_params_equal_for_steps (LabParams  *a,
                            LabParams  *b,
                            const char *steps_name)
{
  g_return_val_if_fail (steps_name != NULL, FALSE);

  return params_equal (a, b, TRUE, steps_name);
}

gboolean
lab_params_equal (LabParams *a,
                  LabParams *b)
{
  return params_equal (a, b, FALSE, NULL);
}

void
lab_params_reset (LabParams *self)
{
  GParamSpec **pspecs;
  guint n;

  g_return_if_fail (LAB_IS_PARAMS (self));

  pspecs = lab_params_list (self, &n);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) def = G_VALUE_INIT;

      g_value_init (&def, pspecs[i]->value_type);
      g_param_value_set_default (pspecs[i], &def);
      g_object_set_property (G_OBJECT (self), pspecs[i]->name, &def);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
lab_params_is_default (LabParams  *self,
                       GParamSpec *pspec)
{
  return g_param_value_defaults (pspec, value_for (self, pspec));
}

const char *
lab_param_type_name (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return "double";
  if (G_IS_PARAM_SPEC_INT (pspec))
    return "int";
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return "bool";
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    return "enum";
  if (lab_param_get_flags (pspec) & LAB_PARAM_COLUMNS)
    return "columns";
  if (lab_param_get_flags (pspec) & LAB_PARAM_COLUMN)
    return "column";
  return "string";
}

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (lab_format_double (buf, v));
}

static char *
enum_choices (GParamSpec *pspec)
{
  GEnumClass *eclass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < eclass->n_values; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, eclass->values[i].value_nick);
    }
  return g_string_free (s, FALSE);
}

char *
lab_param_describe_range (GParamSpec *pspec)
{
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (pspec);
      g_autofree char *lo = format_double (d->minimum);
      g_autofree char *hi = format_double (d->maximum);

      return g_strdup_printf ("a number from %s to %s", lo, hi);
    }
  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      GParamSpecInt *i = G_PARAM_SPEC_INT (pspec);

      return g_strdup_printf ("an integer from %d to %d", i->minimum, i->maximum);
    }
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return g_strdup ("true or false");
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      g_autofree char *choices = enum_choices (pspec);

      return g_strdup_printf ("one of: %s", choices);
    }
  if (lab_param_get_flags (pspec) & LAB_PARAM_COLUMNS)
    return g_strdup ("column names separated by commas");
  if (lab_param_get_flags (pspec) & LAB_PARAM_COLUMN)
    return g_strdup ("a column name");
  return g_strdup ("text");
}

static char *
value_to_string (GParamSpec   *pspec,
                 const GValue *value)
{
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return format_double (g_value_get_double (value));
  if (G_IS_PARAM_SPEC_INT (pspec))
    return g_strdup_printf ("%d", g_value_get_int (value));
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return g_strdup (g_value_get_boolean (value) ? "true" : "false");
  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumValue *ev = g_enum_get_value (G_PARAM_SPEC_ENUM (pspec)->enum_class, g_value_get_enum (value));

      return g_strdup (ev ? ev->value_nick : "");
    }
  if (G_IS_PARAM_SPEC_STRING (pspec))
    return g_strdup (g_value_get_string (value) ? g_value_get_string (value) : "");
  g_return_val_if_reached (g_strdup (""));
}

char *
lab_params_dup_string (LabParams  *self,
                       GParamSpec *pspec)
{
  return value_to_string (pspec, value_for (self, pspec));
}

char *
lab_param_default_string (GParamSpec *pspec)
{
  g_auto(GValue) def = G_VALUE_INIT;

  g_value_init (&def, pspec->value_type);
  g_param_value_set_default (pspec, &def);
  return value_to_string (pspec, &def);
}

static gboolean
bad_value (GParamSpec  *pspec,
           const char  *text,
           GError     **error)
{
  g_autofree char *range = lab_param_describe_range (pspec);

  g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
               _("bad value “%s” for parameter “%s”: expected %s"),
               text, pspec->name, range);
  return FALSE;
}

static gboolean
parse_value (GParamSpec  *pspec,
             const char  *text,
             GValue      *out,
             GError     **error)
{
  g_value_init (out, pspec->value_type);

  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (pspec);
      char *end = NULL;
      double v;

      if (g_ascii_strcasecmp (text, "inf") == 0 || g_ascii_strcasecmp (text, "+inf") == 0)
        v = INFINITY;
      else if (g_ascii_strcasecmp (text, "-inf") == 0)
        v = -INFINITY;
      else
        {
          errno = 0;
          v = g_ascii_strtod (text, &end);
          if (*text == '\0' || end == NULL || *end != '\0' || isnan (v) || g_ascii_isspace (*text)
              || g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
            return bad_value (pspec, text, error);
        }
      if (!(v >= d->minimum && v <= d->maximum))
        return bad_value (pspec, text, error);
      g_value_set_double (out, v);
      return TRUE;
    }

  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      GParamSpecInt *i = G_PARAM_SPEC_INT (pspec);
      gint64 v;

      if (!g_ascii_string_to_signed (text, 10, i->minimum, i->maximum, &v, NULL))
        return bad_value (pspec, text, error);
      g_value_set_int (out, (int) v);
      return TRUE;
    }

  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      if (strcmp (text, "true") == 0)
        g_value_set_boolean (out, TRUE);
      else if (strcmp (text, "false") == 0)
        g_value_set_boolean (out, FALSE);
      else
        return bad_value (pspec, text, error);
      return TRUE;
    }

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumValue *ev = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (pspec)->enum_class, text);

      if (ev == NULL)
        return bad_value (pspec, text, error);
      g_value_set_enum (out, ev->value);
      return TRUE;
    }

  if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      if (!g_utf8_validate (text, -1, NULL))
        return bad_value (pspec, "(invalid UTF-8)", error);
      if ((lab_param_get_flags (pspec) & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)) && *text == '\0')
        return bad_value (pspec, text, error);
      g_value_set_string (out, text);
      return TRUE;
    }

  g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("parameter “%s” cannot be set"), pspec->name);
  return FALSE;
}

gboolean
lab_params_set_from_string (LabParams   *self,
                            const char  *name,
                            const char  *value,
                            GError     **error)
{
  g_auto(GValue) parsed = G_VALUE_INIT;
  GParamSpec *pspec;

  g_return_val_if_fail (LAB_IS_PARAMS (self), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  pspec = lab_params_find (self, name);
  if (pspec == NULL)
    {
      GParamSpec **all;
      guint n;
      g_autoptr(GString) names = g_string_new (NULL);

      all = lab_params_list (self, &n);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", all[i]->name);
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("unknown parameter “%s” (known: %s)"), name, names->str);
      return FALSE;
    }

  if (!parse_value (pspec, value, &parsed, error))
    return FALSE;

  g_object_set_property (G_OBJECT (self), pspec->name, &parsed);
  return TRUE;
}

gboolean
lab_params_parse_assignment (LabParams   *self,
                             const char  *assignment,
                             GError     **error)
{
  const char *eq = strchr (assignment, '=');
  g_autofree char *name = NULL;

  if (eq == NULL || eq == assignment)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("expected NAME=VALUE, got “%s”"), assignment);
      return FALSE;
    }
  name = g_strndup (assignment, eq - assignment);
  return lab_params_set_from_string (self, name, eq + 1, error);
}

gboolean
lab_params_apply_assignments (LabParams   *self,
                              const char  *assignments,
                              GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(LabParams) scratch = lab_params_copy (self);
  g_autoptr(GError) local = NULL;

  /* shell quoting, so a string value can hold spaces: candidate='the cat sat' */
  if (strspn (assignments, " \t\n") == strlen (assignments))
    return TRUE;
  if (!g_shell_parse_argv (assignments, NULL, &parts, &local))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("%s: %s"), assignments, local->message);
      return FALSE;
    }

  /* all or nothing: apply to a copy first */
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (!lab_params_parse_assignment (scratch, parts[i], error))
        return FALSE;
    }
  lab_params_assign (self, scratch);
  return TRUE;
}

double
lab_params_get_double (LabParams  *self,
                       const char *name)
{
  GParamSpec *pspec = lab_params_find (self, name);

  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_DOUBLE (pspec), NAN);
  return g_value_get_double (value_for (self, pspec));
}

int
lab_params_get_int (LabParams  *self,
                    const char *name)
{
  GParamSpec *pspec = lab_params_find (self, name);

  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_INT (pspec), 0);
  return g_value_get_int (value_for (self, pspec));
}

gboolean
lab_params_get_boolean (LabParams  *self,
                        const char *name)
{
  GParamSpec *pspec = lab_params_find (self, name);

  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_BOOLEAN (pspec), FALSE);
  return g_value_get_boolean (value_for (self, pspec));
}

int
lab_params_get_enum (LabParams  *self,
                     const char *name)
{
  GParamSpec *pspec = lab_params_find (self, name);

  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_ENUM (pspec), 0);
  return g_value_get_enum (value_for (self, pspec));
}

const char *
lab_params_get_string (LabParams  *self,
                       const char *name)
{
  GParamSpec *pspec = lab_params_find (self, name);
  const char *s;

  g_return_val_if_fail (pspec != NULL && G_IS_PARAM_SPEC_STRING (pspec), "");
  s = g_value_get_string (value_for (self, pspec));
  return s ? s : "";
}

void
lab_params_set_double (LabParams  *self,
                       const char *name,
                       double      value)
{
  GParamSpec *pspec = lab_params_find (self, name);
  GParamSpecDouble *d;

  g_return_if_fail (pspec != NULL && G_IS_PARAM_SPEC_DOUBLE (pspec));
  g_return_if_fail (!isnan (value));
  d = G_PARAM_SPEC_DOUBLE (pspec);
  g_object_set (self, name, CLAMP (value, d->minimum, d->maximum), NULL);
}

void
lab_params_set_int (LabParams  *self,
                    const char *name,
                    int         value)
{
  GParamSpec *pspec = lab_params_find (self, name);
  GParamSpecInt *i;

  g_return_if_fail (pspec != NULL && G_IS_PARAM_SPEC_INT (pspec));
  i = G_PARAM_SPEC_INT (pspec);
  g_object_set (self, name, CLAMP (value, i->minimum, i->maximum), NULL);
}

void
lab_params_set_enum (LabParams  *self,
                     const char *name,
                     int         value)
{
  GParamSpec *pspec = lab_params_find (self, name);

  g_return_if_fail (pspec != NULL && G_IS_PARAM_SPEC_ENUM (pspec));
  g_return_if_fail (g_enum_get_value (G_PARAM_SPEC_ENUM (pspec)->enum_class, value) != NULL);
  g_object_set (self, name, value, NULL);
}

GVariant *
lab_params_to_variant (LabParams *self)
{
  GVariantBuilder b;
  GParamSpec **pspecs;
  guint n;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  pspecs = lab_params_list (self, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = NULL;

      if (lab_params_is_default (self, pspecs[i]))
        continue;
      s = lab_params_dup_string (self, pspecs[i]);
      g_variant_builder_add (&b, "{ss}", pspecs[i]->name, s);
    }
  return g_variant_builder_end (&b);
}

void
lab_params_load_variant (LabParams *self,
                         GVariant  *dict)
{
  GVariantIter iter;
  const char *key, *value;

  g_return_if_fail (g_variant_is_of_type (dict, G_VARIANT_TYPE ("a{ss}")));

  g_object_freeze_notify (G_OBJECT (self));
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      g_autoptr(GError) error = NULL;

      /* a value saved by an older version may no longer be valid: keep the default */
      if (!lab_params_set_from_string (self, key, value, &error))
        g_debug ("ignoring saved parameter: %s", error->message);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
lab_params_parse_set (const char          *param,
                      const char          *what,
                      const char          *list,
                      const char * const  *nicks,
                      guint                n_nicks,
                      GError             **error)
{
  g_auto(GStrv) names = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autofree char *choices = NULL;
  guint set = 0;

  g_return_val_if_fail (n_nicks <= 32, 0);
  {
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
    g_auto(GStrv) v = NULL;

    for (guint k = 0; k < n_nicks; k++)
      g_strv_builder_add (b, nicks[k]);
    v = g_strv_builder_end (b);
    choices = g_strjoinv (", ", v);
  }
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint k;

      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      for (k = 0; k < n_nicks; k++)
        if (g_ascii_strcasecmp (names[i], nicks[k]) == 0)
          break;
      if (k == n_nicks)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("%s: unknown %s “%s” (choose from %s, separated by commas)"),
                       param, what, names[i], choices);
          return 0;
        }
      set |= 1u << k;
    }
  if (set == 0)
    g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("%s: name at least one of %s"), param, choices);
  return set;
}
