/* lab-metrics.h — an ordered key → value summary of a result
 *
 * Shown as the panel's metrics list and printed by `ml-lab export … --json`.
 * Non-finite numbers print as "inf"/"-inf", undefined ones (NaN) as null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabMetrics LabMetrics;

typedef enum
{
  LAB_METRIC_DOUBLE,
  LAB_METRIC_INT,
  LAB_METRIC_STRING,
  LAB_METRIC_BOOL,
  LAB_METRIC_NULL,
  LAB_METRIC_ARRAY,
  LAB_METRIC_OBJECT,
} LabMetricKind;

LabMetrics  *lab_metrics_new          (void);
void         lab_metrics_free         (LabMetrics *self);

/* @key is the JSON name; @label the translated display name (NULL: not shown in the panel). */
void         lab_metrics_add_double   (LabMetrics *self, const char *key, const char *label, double value);
void         lab_metrics_add_int      (LabMetrics *self, const char *key, const char *label, gint64 value);
void         lab_metrics_add_string   (LabMetrics *self, const char *key, const char *label, const char *value);
void         lab_metrics_add_bool     (LabMetrics *self, const char *key, const char *label, gboolean value);
/* Shown in the metrics list (and the CLI's text), left out of the JSON. */
void         lab_metrics_add_display  (LabMetrics *self, const char *key, const char *label, const char *text);
void         lab_metrics_add_null     (LabMetrics *self, const char *key, const char *label);
/* Nested values (not shown in the panel list): begin_array/begin_object … end. Inside an
 * array, keys are ignored (pass NULL). */
void         lab_metrics_begin_array  (LabMetrics *self, const char *key);
void         lab_metrics_begin_object (LabMetrics *self, const char *key);
void         lab_metrics_end          (LabMetrics *self);

char        *lab_metrics_to_json      (LabMetrics *self);
/* An array of @n numbers (NaN as null), and a rows × cols matrix as nested arrays (row-major). */
void         lab_metrics_add_doubles  (LabMetrics *self, const char *key, const double *v, guint n);
void         lab_metrics_add_matrix   (LabMetrics *self, const char *key, const double *v,
                                       guint rows, guint cols);

/* Top-level items with a label, for the panel. */
guint        lab_metrics_get_n_shown  (LabMetrics *self);
void         lab_metrics_get_shown    (LabMetrics *self, guint i, const char **key, const char **label,
                                       char **text);
/* Lookup of a top-level number (NaN if absent or not a number), for tests. */
double       lab_metrics_get_double   (LabMetrics *self, const char *key);
gboolean     lab_metrics_has          (LabMetrics *self, const char *key);

/* The shortest C-locale text that reads back as @v ("0.1", "3", "1e+300", "inf", "-inf");
 * @buf holds G_ASCII_DTOSTR_BUF_SIZE bytes. Returns @buf. */
const char  *lab_format_double        (char *buf, double v);
/* 10000 → "10,000": thousands grouped whatever the locale (the CLI runs in C). Free it. */
char        *lab_format_count         (gint64 n);

/* JSON string escaping, shared by the CLI. */
void         lab_json_append_string   (GString *out, const char *s);
void         lab_json_append_double   (GString *out, double v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabMetrics, lab_metrics_free)

G_END_DECLS
