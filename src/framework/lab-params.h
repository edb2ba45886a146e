/* lab-params.h — a topic's knobs as GObject properties
 *
 * Each topic subclasses LabParams and installs its properties with
 * lab_params_class_install(); the base class stores the values, so a
 * subclass is a class_init and nothing else. The UI builds its controls
 * from the GParamSpecs, the CLI parses NAME=VALUE into them, GSettings
 * stores them as strings, and a worker receives an immutable copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_PARAM_NONE    = 0,
  LAB_PARAM_VIEW    = 1 << 0,  /* changes only the figure and metrics: no recompute */
  LAB_PARAM_LOG     = 1 << 1,  /* a slider on a logarithmic scale */
  LAB_PARAM_COLUMN  = 1 << 2,  /* names one dataset column */
  LAB_PARAM_COLUMNS = 1 << 3,  /* a comma-separated list of dataset columns */
  LAB_PARAM_SEED    = 1 << 4,  /* a random seed (the UI offers "new seed") */
  LAB_PARAM_BOUNDED = 1 << 5,  /* the topic's suggest_range for a result is the allowed range
                                  (a head among the heads): the CLI rejects values outside it */
  LAB_PARAM_RESUMES = 1 << 6,  /* a topic in steps goes on from a result computed with another
                                  value (it shapes only what is computed after the steps: the
                                  neural network's view) */
} LabParamFlags;

typedef enum
{
  LAB_GROUP_DATA,
  LAB_GROUP_MODEL,
  LAB_GROUP_VIEW,
} LabParamGroup;

#define LAB_TYPE_PARAMS (lab_params_get_type ())
G_DECLARE_DERIVABLE_TYPE (LabParams, lab_params, LAB, PARAMS, GObject)

struct _LabParamsClass
{
  GObjectClass parent_class;

  /* Whether @pspec matters with the current values (e.g. columns only when
   * source=data). The UI hides irrelevant controls. Default: TRUE. */
  gboolean (*is_relevant) (LabParams  *self,
                           GParamSpec *pspec);

  /*< private >*/
  GPtrArray *pspecs;
  GType      pspecs_owner;
};

/* Installs @pspec (sunk) as the next property of @klass. */
void           lab_params_class_install     (LabParamsClass *klass,
                                             GParamSpec     *pspec,
                                             LabParamFlags   flags,
                                             LabParamGroup   group);

/* The same, one call a parameter: the GParamSpec is made here (readable, writable, explicit
 * notify, static strings: @name, @nick and @blurb must be string literals, N_() for the
 * last two). These are how topics declare their knobs. */
void           lab_params_class_add_double  (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, double min, double max, double def,
                                             LabParamFlags flags, LabParamGroup group);
void           lab_params_class_add_int     (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, int min, int max, int def,
                                             LabParamFlags flags, LabParamGroup group);
void           lab_params_class_add_boolean (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, gboolean def,
                                             LabParamFlags flags, LabParamGroup group);
void           lab_params_class_add_enum    (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, GType enum_type, int def,
                                             LabParamFlags flags, LabParamGroup group);
void           lab_params_class_add_string  (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, const char *def,
                                             LabParamFlags flags, LabParamGroup group);
/* A string holding a comma-separated subset of @nicks (static, @n_nicks of them, at most 32):
 * the CLI writes the list, the window shows one check button per name. */
void           lab_params_class_add_set     (LabParamsClass *klass, const char *name, const char *nick,
                                             const char *blurb, const char * const *nicks, guint n_nicks,
                                             const char *def, LabParamFlags flags, LabParamGroup group);
/* The names of a set parameter, or NULL (n_nicks 0) for any other. */
const char * const *lab_param_get_set_nicks (GParamSpec *pspec, guint *n_nicks);
/* "seed": 0 … G_MAXINT, default 42, LAB_PARAM_SEED; @blurb says what it seeds. */
void           lab_params_class_add_seed    (LabParamsClass *klass, const char *blurb, LabParamGroup group);

/* The properties in installation order. */
GParamSpec   **lab_params_list              (LabParams *self, guint *n_pspecs);
GParamSpec    *lab_params_find              (LabParams *self, const char *name);
LabParamFlags  lab_param_get_flags          (GParamSpec *pspec);
LabParamGroup  lab_param_get_group          (GParamSpec *pspec);
gboolean       lab_params_is_relevant       (LabParams *self, GParamSpec *pspec);

/* A deep copy: what a worker gets. */
LabParams     *lab_params_copy              (LabParams *self);
void           lab_params_assign            (LabParams *self, LabParams *from);
/* Equal in every property that is not LAB_PARAM_VIEW. */
gboolean       lab_params_equal_for_compute (LabParams *a, LabParams *b);
/* Equal for compute but for the steps parameter @steps_name and the LAB_PARAM_RESUMES ones:
 * a topic in steps can go on from a result of @a to one of @b. */
gboolean       lab_params_equal_for_steps   (LabParams *a, LabParams *b, const char *steps_name);
gboolean       lab_params_equal             (LabParams *a, LabParams *b);
void           lab_params_reset             (LabParams *self);
gboolean       lab_params_is_default        (LabParams *self, GParamSpec *pspec);

/* "name=value" or name + value, as the CLI spells them: booleans true/false,
 * enums by nick, numbers in C locale. Errors are LAB_ERROR_USAGE and name the
 * parameter and its allowed range or choices. Nothing changes on error. */
gboolean       lab_params_set_from_string   (LabParams   *self,
                                             const char  *name,
                                             const char  *value,
                                             GError     **error);
gboolean       lab_params_parse_assignment  (LabParams   *self,
                                             const char  *assignment,
                                             GError     **error);
/* Space-separated assignments, as presets are written; shell quoting lets a value hold spaces
 * (candidate='the cat sat'). */
gboolean       lab_params_apply_assignments (LabParams   *self,
                                             const char  *assignments,
                                             GError     **error);
char          *lab_params_dup_string        (LabParams *self, GParamSpec *pspec);
/* "double", "int", "bool", "enum", "string", "columns" */
const char    *lab_param_type_name          (GParamSpec *pspec);
/* "a number from 0 to 1", "one of: synthetic, data", … */
char          *lab_param_describe_range     (GParamSpec *pspec);
char          *lab_param_default_string     (GParamSpec *pspec);

/* Typed accessors by name, for the topics (the name must exist). */
double         lab_params_get_double        (LabParams *self, const char *name);
int            lab_params_get_int           (LabParams *self, const char *name);
gboolean       lab_params_get_boolean       (LabParams *self, const char *name);
int            lab_params_get_enum          (LabParams *self, const char *name);
const char    *lab_params_get_string        (LabParams *self, const char *name);
/* Sets and notifies only when the value changes; clamps numbers into range. */
void           lab_params_set_double        (LabParams *self, const char *name, double value);
void           lab_params_set_int           (LabParams *self, const char *name, int value);
void           lab_params_set_enum          (LabParams *self, const char *name, int value);

/* A comma-separated list of names (a parameter such as optimizers=sgd,adam) as a bit set:
 * bit k for @nicks[k] (at most 32), compared without case, blanks ignored. 0 with
 * LAB_ERROR_USAGE naming @param, the unknown @what and the choices, or asking for one. */
guint          lab_params_parse_set         (const char          *param,
                                             const char          *what,
                                             const char          *list,
                                             const char * const  *nicks,
                                             guint                n_nicks,
                                             GError             **error);

/* For GSettings: a{ss} of every non-default value, and back (bad entries are skipped). */
GVariant      *lab_params_to_variant        (LabParams *self);
void           lab_params_load_variant      (LabParams *self, GVariant *dict);

G_END_DECLS
