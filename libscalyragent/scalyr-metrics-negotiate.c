/* scalyr-metrics-negotiate.c: the format of a scrape from its `Accept`
 * header, as Prometheus's client libraries choose it
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyragent.h"

/* a range of the header: [start, end) with its parameters */
typedef struct {
  const char *start;
  const char *end;
} Span;

static Span
trim (const char *start,
      const char *end)
{
  while (start < end && (*start == ' ' || *start == '\t'))
    start++;
  while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return (Span) { start, end };
}

static gboolean
span_equal (Span        span,
            const char *text)
{
  gsize len = strlen (text);

  return (gsize) (span.end - span.start) == len && g_ascii_strncasecmp (span.start, text, len) == 0;
}

/* The q value in thousandths (RFC 9110: 0, 1, 0.xyz, 1.000); -1 if it is
 * not one (the range is then left out, as Go's goautoneg reads it: 0) */
static int
parse_q (Span value)
{
  const char *p = value.start;
  int q, scale = 100;

  if (p == value.end || (*p != '0' && *p != '1'))
    return -1;
  q = (*p++ - '0') * 1000;
  if (p < value.end && *p == '.')
    for (p++; p < value.end && scale > 0 && g_ascii_isdigit (*p); p++, scale /= 10)
      q += (*p - '0') * scale;
  return p == value.end && q <= 1000 ? q : -1;
}

typedef enum {
  RANGE_OTHER,
  RANGE_TEXT,
  RANGE_OPENMETRICS,
} RangeKind;

/* One media range "type/subtype; param=value; ...": its kind (a format
 * we write, in a version we write) and q */
static RangeKind
parse_range (Span  range,
             int  *q)
{
  const char *semi = memchr (range.start, ';', range.end - range.start);
  Span type = trim (range.start, semi != NULL ? semi : range.end);
  Span version = { NULL, NULL };
  RangeKind kind = span_equal (type, "application/openmetrics-text") ? RANGE_OPENMETRICS
                 : span_equal (type, "text/plain") ? RANGE_TEXT : RANGE_OTHER;

  *q = 1000;
  while (semi != NULL)
    {
      const char *start = semi + 1;
      const char *eq;
      Span name;

      semi = memchr (start, ';', range.end - start);
      eq = memchr (start, '=', (semi != NULL ? semi : range.end) - start);
      if (eq == NULL)
        continue;
      name = trim (start, eq);
      if (span_equal (name, "q"))
        *q = parse_q (trim (eq + 1, semi != NULL ? semi : range.end));
      else if (span_equal (name, "version"))
        version = trim (eq + 1, semi != NULL ? semi : range.end);
    }
  if (version.start != NULL && version.start < version.end)
    {
      if (kind == RANGE_OPENMETRICS && !span_equal (version, "1.0.0") && !span_equal (version, "0.0.1"))
        kind = RANGE_OTHER;
      else if (kind == RANGE_TEXT && !span_equal (version, "0.0.4"))
        kind = RANGE_OTHER;
    }
  return kind;
}

/**
 * scalyr_metrics_format_negotiate:
 * @accept: (nullable): the `Accept` header of a scrape
 *
 * Chooses the format of a scrape as Prometheus's client libraries do:
 * OpenMetrics when the media range of the highest q that names a format
 * written here is `application/openmetrics-text` (version 1.0.0, 0.0.1 or
 * none), else the Prometheus text format 0.0.4 (also without a header, or
 * with one that names neither: the wildcard range alone gives 0.0.4). Ties
 * go to the range written first; ranges with q=0 or an invalid q are left
 * out. Prometheus 2.x asks for OpenMetrics 1.0.0 (q=1), 0.0.1 (q=0.75),
 * `text/plain;version=0.0.4` (q=0.5) and anything (q=0.1): it gets
 * OpenMetrics.
 *
 * The header is read once, without copying it: a long header costs its
 * length.
 *
 * Returns: the format to answer in
 *
 * Since: 0.4
 */
ScalyrMetricsFormat
scalyr_metrics_format_negotiate (const char *accept)
{
  ScalyrMetricsFormat best = SCALYR_METRICS_FORMAT_PROMETHEUS;
  int best_q = 0;
  const char *p = accept;

  while (p != NULL && *p != '\0')
    {
      const char *comma = strchr (p, ',');
      const char *end = comma != NULL ? comma : p + strlen (p);
      int q;
      RangeKind kind = parse_range (trim (p, end), &q);

      if (kind != RANGE_OTHER && q > best_q)
        {
          best_q = q;
          best = kind == RANGE_OPENMETRICS ? SCALYR_METRICS_FORMAT_OPENMETRICS : SCALYR_METRICS_FORMAT_PROMETHEUS;
        }
      p = comma != NULL ? comma + 1 : NULL;
    }
  return best;
}

/**
 * scalyr_metrics_format_get_content_type:
 * @format: a #ScalyrMetricsFormat
 *
 * The `Content-Type` of an exposition in @format:
 * `application/openmetrics-text; version=1.0.0; charset=utf-8` or
 * `text/plain; version=0.0.4; charset=utf-8`.
 *
 * Returns: the `Content-Type` of @format
 *
 * Since: 0.4
 */
const char *
scalyr_metrics_format_get_content_type (ScalyrMetricsFormat format)
{
  return format == SCALYR_METRICS_FORMAT_OPENMETRICS ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                     : "text/plain; version=0.0.4; charset=utf-8";
}
