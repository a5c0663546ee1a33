/* test-uploader.c: ScalyrUploader against a real addEvents server on 127.0.0.1
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-upload-private.h"
#include "scalyr-line-groupers-private.h"
#include "scalyr-log-rules-private.h"
#include "scalyr-parse-format-private.h"
#include "mock-addevents.h"
#include "upload-test-fixture.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>
#include <zlib.h>
#include <zstd.h>
#include <bzlib.h>
#include <lz4frame.h>

/* ---- unit tests of the helpers ---- */

static void
test_json_escape (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  gsize bad = scalyr_upload_json_escape (s, "a\"b\\\n\t\x01\xc3\xa9\xff\xe2\x82", 12);
  g_assert_cmpstr (s->str, ==, "\"a\\\"b\\\\\\n\\t\\u0001\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  g_assert_cmpuint (bad, ==, 3);
}

/* The escaping as it was, one UTF-8 sequence at a time: the reference of
 * the fast one. */
static gsize
json_escape_reference (GString *out, const char *data, gsize len)
{
  static const char hex[] = "0123456789abcdef";
  const char *p = data;
  const char *end = data + len;
  gsize replaced = 0;

  g_string_append_c (out, '"');
  while (p < end)
    {
      guchar c = (guchar) *p;
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        {
          g_string_append_c (out, (char) c);
          p++;
          continue;
        }
      if (c < 0x80)
        {
          switch (c)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default: g_string_append_printf (out, "\\u00%c%c", hex[c >> 4], hex[c & 0xf]);
            }
          p++;
          continue;
        }
      gsize seq = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (seq <= (gsize) (end - p) && g_utf8_validate (p, (gssize) seq, NULL))
        {
          g_string_append_len (out, p, (gssize) seq);
          p += seq;
        }
      else
        {
          g_string_append (out, "\xef\xbf\xbd");
          replaced++;
          p++;
        }
    }
  g_string_append_c (out, '"');
  return replaced;
}

static void
check_escape (const char *data, gsize len)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) got = g_string_new ("prefix");
  gsize bad_expected = json_escape_reference (expected, data, len);
  gsize bad = scalyr_upload_json_escape (got, data, len);

  g_assert_cmpmem (got->str + 6, got->len - 6, expected->str, expected->len);
  g_assert_cmpuint (bad, ==, bad_expected);
  g_assert_true (g_utf8_validate (got->str, (gssize) got->len, NULL));
  g_assert_cmpuint (got->len - 6, <=, SCALYR_JSON_ESCAPE_MAX (len));
}

static void
test_json_escape_utf8 (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  /* Control characters (NUL included), quotes and backslashes inside and
   * after runs of 8 plain bytes and more. */
  static const char ctl[] = "0123456789abcdef\0x\x1f\x7f\"0123456789\\\\ 01234567\b\f";
  g_assert_cmpuint (scalyr_upload_json_escape (s, ctl, sizeof ctl - 1), ==, 0);
  g_assert_cmpstr (s->str, ==, "\"0123456789abcdef\\u0000x\\u001f\x7f\\\"0123456789\\\\\\\\ 01234567"
                               "\\u0008\\u000c\"");

  /* Multi-byte sequences kept (2, 3 and 4 bytes, in a run); invalid bytes
   * one U+FFFD each and counted: a lone continuation byte, an overlong
   * form, a surrogate, a truncated sequence at the end. */
  g_string_truncate (s, 0);
  static const char mb[] = "caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9 \x80 \xc0\xaf \xed\xa0\x80 \xf0\x9f\x98";
  gsize bad = scalyr_upload_json_escape (s, mb, sizeof mb - 1);
  g_assert_cmpstr (s->str, ==, "\"caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9 \xef\xbf\xbd "
                               "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                               "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  g_assert_cmpuint (bad, ==, 9);
  check_escape (mb, sizeof mb - 1);
  check_escape ("", 0);

  /* Random strings from an alphabet of the interesting bytes: the same
   * output and count as the one-sequence-at-a-time escaping. */
  static const guchar alphabet[] = { 'a', 'Z', ' ', '"', '\\', '\n', '\t', 0, 0x1f, 0x7f, 0x80, 0xbf,
                                     0xc2, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xf0, 0x9f, 0x98,
                                     0xf4, 0x90, 0xf8, 0xff, 0xc0 };
  GRand *rand = g_rand_new_with_seed (8);
  for (int i = 0; i < 20000; i++)
    {
      char buf[64];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf);
      gboolean plain = g_rand_boolean (rand);
      for (gsize j = 0; j < len; j++)
        buf[j] = plain && g_rand_int_range (rand, 0, 8) != 0 ? 'x'
                 : (char) alphabet[g_rand_int_range (rand, 0, sizeof alphabet)];
      check_escape (buf, len);
    }
  g_rand_free (rand);
}

static void
test_session_id (void)
{
  g_autofree char *a = scalyr_upload_new_session_id ();
  g_autofree char *b = scalyr_upload_new_session_id ();
  g_assert_cmpuint (strlen (a), ==, 28);
  g_assert_true (g_str_has_suffix (a, "="));
  g_assert_cmpstr (a, !=, b);
  g_assert_null (strpbrk (a, "+/"));
}

static void
test_url (void)
{
  gboolean rw = FALSE;
  g_autoptr(GError) error = NULL;
  struct { const char *in; gboolean allow; const char *out; gboolean rewritten; } cases[] = {
    { NULL, FALSE, "https://agent.scalyr.com/addEvents", FALSE },
    { "agent.scalyr.com", FALSE, "https://agent.scalyr.com/addEvents", FALSE },
    { "http://example.com/", FALSE, "https://example.com/addEvents", TRUE },
    { "http://example.com:8080", TRUE, "http://example.com:8080/addEvents", FALSE },
    { "http://127.0.0.1:9000", FALSE, "http://127.0.0.1:9000/addEvents", FALSE },
    { "http://localhost:9000/base/", FALSE, "http://localhost:9000/base/addEvents", FALSE },
    { "http://[::1]:9000", FALSE, "http://[::1]:9000/addEvents", FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *u = scalyr_upload_normalize_url (cases[i].in, cases[i].allow, &rw, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (u, ==, cases[i].out);
      g_assert_cmpint (rw, ==, cases[i].rewritten);
    }
  g_assert_null (scalyr_upload_normalize_url ("ftp://x", FALSE, NULL, &error));
  g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_INVALID_URL);
}

static void
test_compress (void)
{
  GString *text = g_string_new (NULL);
  for (int i = 0; i < 2000; i++)
    g_string_append_printf (text, "line %d of some log text\n", i);

  g_autoptr(GBytes) z = scalyr_upload_compress (SCALYR_COMPRESSION_DEFLATE, 99, text->str, text->len, NULL);
  uLongf out_len = text->len;
  g_autofree guint8 *out = g_malloc (out_len);
  g_assert_cmpint (uncompress (out, &out_len, g_bytes_get_data (z, NULL), g_bytes_get_size (z)), ==, Z_OK);
  g_assert_cmpmem (out, out_len, text->str, text->len);
  g_assert_cmpuint (g_bytes_get_size (z), <, text->len / 4);

  g_autoptr(GBytes) zs = scalyr_upload_compress (SCALYR_COMPRESSION_ZSTANDARD, 0, text->str, text->len, NULL);
  g_autofree guint8 *out2 = g_malloc (text->len);
  size_t n = ZSTD_decompress (out2, text->len, g_bytes_get_data (zs, NULL), g_bytes_get_size (zs));
  g_assert_false (ZSTD_isError (n));
  g_assert_cmpmem (out2, n, text->str, text->len);

  g_autoptr(GBytes) plain = scalyr_upload_compress (SCALYR_COMPRESSION_NONE, 0, text->str, text->len, NULL);
  g_assert_cmpmem (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), text->str, text->len);
  g_string_free (text, TRUE);

  ScalyrCompression c;
  g_assert_true (scalyr_compression_from_string ("zstandard", &c));
  g_assert_cmpint (c, ==, SCALYR_COMPRESSION_ZSTANDARD);
  g_assert_true (scalyr_compression_from_string ("bz2", &c));
  g_assert_cmpint (c, ==, SCALYR_COMPRESSION_BZ2);
  g_assert_true (scalyr_compression_from_string ("lz4", &c));
  g_assert_cmpint (c, ==, SCALYR_COMPRESSION_LZ4);
  g_assert_false (scalyr_compression_from_string ("gzip", &c));
}

static void
check_inflate (const guint8 *z, gsize zlen, const char *text, gsize len)
{
  uLongf out_len = len + 1;
  g_autofree guint8 *out = g_malloc (out_len);
  g_assert_cmpint (uncompress (out, &out_len, z, zlen), ==, Z_OK);
  g_assert_cmpmem (out, out_len, text, len);
}

/* One compressor for many bodies, as the uploader keeps it: zlib streams
 * that zlib's uncompress() reads back, at each level and after a switch
 * of type; the output buffer grows with the bodies. */
static void
test_compressor (void)
{
  ScalyrCompressor *c = scalyr_compressor_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (6);
  static const int levels[] = { 6, 1, 9, 0, 42, -1, 6 };

  for (gsize round = 0; round < G_N_ELEMENTS (levels); round++)
    {
      /* Larger each round, and some incompressible bytes. */
      while (text->len < (round + 1) * 150000)
        {
          g_string_append_printf (text, "{\"ts\":\"%u\",\"message\":\"GET /x?%u 200\\n\"},",
                                  g_rand_int (rand), g_rand_int_range (rand, 0, 50));
          if (g_rand_int_range (rand, 0, 20) == 0)
            for (int k = 0; k < 64; k++)
              g_string_append_c (text, (char) g_rand_int (rand));
        }

      gsize n = 0;
      const guint8 *z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_DEFLATE, levels[round],
                                                    text->str, text->len, &n, &error);
      g_assert_no_error (error);
      g_assert_nonnull (z);
      g_assert_cmpuint (n, <, text->len / 2);
      g_assert_cmpuint (z[0] & 0x0f, ==, 8);                    /* zlib header: deflate */
      g_assert_cmpuint (((guint) z[0] << 8 | z[1]) % 31, ==, 0);
      check_inflate (z, n, text->str, text->len);

      z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_ZSTANDARD, levels[round],
                                      text->str, text->len, &n, &error);
      g_assert_no_error (error);
      g_autofree guint8 *out = g_malloc (text->len);
      size_t m = ZSTD_decompress (out, text->len, z, n);
      g_assert_false (ZSTD_isError (m));
      g_assert_cmpmem (out, m, text->str, text->len);

      z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_NONE, 0, text->str, text->len, &n, &error);
      g_assert_cmpmem (z, n, text->str, text->len);

      /* bz2: levels out of 1..9 mean 9 */
      z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_BZ2, levels[round], text->str, text->len, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (z, 3, "BZh", 3);
      unsigned int bn = (unsigned int) text->len;
      g_assert_cmpint (BZ2_bzBuffToBuffDecompress ((char *) out, &bn, (char *) z, (unsigned int) n, 0, 0), ==, BZ_OK);
      g_assert_cmpmem (out, bn, text->str, text->len);

      /* lz4: a frame of independent blocks, levels out of 0..16 mean 0 */
      z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_LZ4, levels[round], text->str, text->len, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (z[4] & 0x20, ==, 0x20);      /* FLG: block independence */
      LZ4F_dctx *dctx = NULL;
      g_assert_false (LZ4F_isError (LZ4F_createDecompressionContext (&dctx, LZ4F_VERSION)));
      size_t out_n = text->len, in_n = n;
      size_t rc = LZ4F_decompress (dctx, out, &out_n, z, &in_n, NULL);
      LZ4F_freeDecompressionContext (dctx);
      g_assert_cmpuint (rc, ==, 0);
      g_assert_cmpuint (in_n, ==, n);
      g_assert_cmpmem (out, out_n, text->str, text->len);
    }

  /* An empty body. */
  gsize n = 0;
  const guint8 *z = scalyr_compressor_compress (c, SCALYR_COMPRESSION_DEFLATE, 6, "", 0, &n, &error);
  g_assert_no_error (error);
  check_inflate (z, n, "", 0);

  g_rand_free (rand);
  scalyr_compressor_free (c);
}

static char *
proxy_for (GProxyResolver *r, const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) proxies = g_proxy_resolver_lookup (r, uri, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (proxies[0]);
}

static void
test_proxy_env (void)
{
  char *none[] = { "PATH=/bin", NULL };
  g_assert_null (scalyr_upload_proxy_resolver_from_env (none));

  char *env[] = { "https_proxy=proxy.example:3128", "HTTP_PROXY=http://p2.example:8080",
                  "NO_PROXY=internal.example, 10.0.0.0/8 ,", NULL };
  g_autoptr(GProxyResolver) r = scalyr_upload_proxy_resolver_from_env (env);
  g_assert_nonnull (r);
  g_autofree char *a = proxy_for (r, "https://agent.scalyr.com/addEvents");
  g_assert_cmpstr (a, ==, "http://proxy.example:3128");
  g_autofree char *b = proxy_for (r, "http://agent.scalyr.com/addEvents");
  g_assert_cmpstr (b, ==, "http://p2.example:8080");
  g_autofree char *c = proxy_for (r, "https://internal.example/addEvents");
  g_assert_cmpstr (c, ==, "direct://");
  g_autofree char *d = proxy_for (r, "https://10.1.2.3/addEvents");
  g_assert_cmpstr (d, ==, "direct://");

  char *all[] = { "ALL_PROXY=socks5://s.example:1080", NULL };
  g_autoptr(GProxyResolver) r2 = scalyr_upload_proxy_resolver_from_env (all);
  g_autofree char *e = proxy_for (r2, "https://agent.scalyr.com/addEvents");
  g_assert_cmpstr (e, ==, "socks5://s.example:1080");
}

static void
test_checkpoint_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("upload-cp-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;

  /* Reference layout: consolidated file older than an active one. */
  g_assert_true (scalyr_checkpoints_write_file (dir, "checkpoints.json",
    "{\"time\": 100.0, \"checkpoints\": {"
    " \"/var/log/a.log\": {\"position\": 0, \"pending_files\": [{\"position_start\": -1041,"
    "  \"position_end\": 0, \"last_known_size\": 1041, \"is_log_file\": true, \"inode\": 77}],"
    "  \"sequence_id\": \"si-a\", \"sequence_number\": 5000, \"time\": 100.0},"
    " \"/var/log/b.log\": {\"position\": 0, \"pending_files\": [{\"position_start\": -10,"
    "  \"position_end\": 0, \"last_known_size\": 10, \"is_log_file\": false, \"inode\": 78},"
    "  {\"position_start\": 0, \"position_end\": 5, \"is_log_file\": true, \"inode\": 79}],"
    "  \"sequence_id\": \"si-b\", \"sequence_number\": 10, \"time\": 100.0}}}", &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_checkpoints_write_file (dir, "active-checkpoints-worker-default-0.json",
    "{\"time\": 200.0, \"checkpoints\": {"
    " \"/var/log/a.log\": {\"position\": 0, \"pending_files\": [{\"position_start\": -2000,"
    "  \"position_end\": 0, \"last_known_size\": 2000, \"is_log_file\": true, \"inode\": 77}],"
    "  \"sequence_id\": \"si-a\", \"sequence_number\": 5959, \"time\": 200.0}}}", &error));
  g_autofree char *junk = g_build_filename (dir, "checkpoints-worker-default-0.json", NULL);
  g_assert_true (g_file_set_contents (junk, "{half", -1, NULL));

  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) cps = scalyr_checkpoints_load (dir, warnings);
  g_assert_cmpuint (g_hash_table_size (cps), ==, 2);
  g_assert_cmpuint (warnings->len, ==, 1);
  ScalyrCheckpoint *a = g_hash_table_lookup (cps, "/var/log/a.log");
  g_assert_cmpuint (a->offset, ==, 2000);
  g_assert_cmpuint (a->sequence_number, ==, 5959);
  g_assert_cmpuint (a->inode, ==, 77);
  ScalyrCheckpoint *b = g_hash_table_lookup (cps, "/var/log/b.log");
  g_assert_cmpuint (b->offset, ==, 10);
  g_assert_false (b->is_log_file);
  g_assert_cmpstr (b->sequence_id, ==, "si-b");

  /* Atomic write leaves no temp file. */
  g_autofree char *tmp = g_build_filename (dir, "checkpoints.json~", NULL);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  rm_rf (dir);
}

/* ---- end to end ---- */

static void
test_basic (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *a = path_in (f, "a.log");
  g_autofree char *b = path_in (f, "b.log");
  g_autofree char *glob = path_in (f, "*.log");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attrs = json_object_new ();
  json_object_set_string_member (attrs, "app", "demo");

  append (a, "old line not sent\n");       /* 18 bytes */
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (scalyr_uploader_add_log (up, glob, "accessLog", attrs, FALSE, &error));
  g_autoptr(JsonNode) tier = json_node_init_string (json_node_alloc (), "test");
  scalyr_uploader_set_server_attribute (up, "tier", tier);
  g_assert_true (scalyr_uploader_start (up, &error));
  g_assert_no_error (error);

  append (a, "GET / 200\n");
  append (a, "GET /about 200\n");
  append (b, "new file from its start\n");   /* appeared later: from 0 */
  wait_text (f, a, "GET / 200\nGET /about 200\n", 5);
  wait_text (f, b, "new file from its start\n", 5);
  wait_acked (up);

  GPtrArray *evs = mock_server_get_log (f->mock, a);
  MockEvent *e0 = evs->pdata[0], *e1 = evs->pdata[1];
  g_assert_cmpuint (e0->sn, ==, 18 + 10);
  g_assert_cmpuint (e1->sn, ==, 18 + 10 + 15);
  g_assert_cmpstr (e0->si, ==, e1->si);
  g_assert_cmpstr (e0->parser, ==, "accessLog");
  g_assert_cmpstr (json_object_get_string_member (e0->attrs, "app"), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (e0->attrs, "logfile"), ==, a);

  /* One session across requests, idle keep-alives keep coming. */
  guint before = mock_server_get_requests (f->mock);
  run_for (0.5);
  g_assert_cmpuint (mock_server_get_requests (f->mock), >, before + 2);
  GPtrArray *sessions = mock_server_get_sessions (f->mock);
  for (guint i = 0; i < sessions->len; i++)
    g_assert_cmpstr (sessions->pdata[i], ==, scalyr_uploader_get_session (up));
  g_assert_cmpstr (mock_server_get_encodings (f->mock)->pdata[0], ==, "deflate");

  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonObject *so = json_node_get_object (status);
  g_assert_cmpint (json_object_get_int_member (so, "events_sent"), ==, 3);
  JsonArray *logs = json_object_get_array_member (so, "logs");
  g_assert_cmpuint (json_array_get_length (logs), ==, 2);
  JsonObject *l0 = json_array_get_object_element (logs, 0);
  g_assert_cmpint (json_object_get_int_member (l0, "bytes_behind"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (l0, "invalid_utf8_bytes"), ==, 0);
  g_assert_true (json_object_get_null_member (l0, "last_error"));

  scalyr_uploader_stop (up);
  g_autofree char *cp = g_build_filename (f->data_dir, "checkpoints.json", NULL);
  g_autofree char *cptext = file_contents (cp);
  g_autoptr(JsonNode) cproot = json_from_string (cptext, &error);
  g_assert_no_error (error);
  JsonObject *cpa = json_object_get_object_member (json_object_get_object_member (json_node_get_object (cproot),
                                                                                   "checkpoints"), a);
  g_assert_cmpint (json_object_get_int_member (cpa, "sequence_number"), ==, 43);
  JsonObject *pf = json_array_get_object_element (json_object_get_array_member (cpa, "pending_files"), 0);
  g_assert_cmpint (json_object_get_int_member (pf, "position_start"), ==, -43);
  g_assert_cmpstr (json_object_get_string_member (cpa, "sequence_id"), ==, e0->si);
}

static void
test_compression (Fixture *f, gconstpointer data)
{
  const char *names[] = { "deflate", "zstandard", "none" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ScalyrCompression c;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("c-%s.log", names[i]);
      g_autofree char *p = path_in (f, name);
      g_assert_true (scalyr_compression_from_string (names[i], &c));
      g_autoptr(ScalyrUploader) up = new_uploader (f, "compression", c, NULL);
      append (p, "");
      g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, TRUE, &error));
      g_assert_true (scalyr_uploader_start (up, &error));
      append (p, "compressed line é\n");
      wait_text (f, p, "compressed line é\n", 5);
      GPtrArray *enc = mock_server_get_encodings (f->mock);
      g_assert_cmpstr (enc->pdata[enc->len - 1], ==, names[i]);
      scalyr_uploader_stop (up);
      g_assert_no_error (error);
    }
  (void) data;
}

typedef struct {
  Fixture  *f;
  char     *paths[3];
  GString  *expected[3];
  guint     round;
  guint     rounds;
  guint     rotate_at;
  guint     truncate_at;
} Writer;

static gboolean
writer_tick (gpointer data)
{
  Writer *w = data;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line = g_strdup_printf ("file %u line %u %s\n", i, w->round,
                                               w->round % 7 == 0 ? "with a \"quote\" and é" : "x");
      append (w->paths[i], line);
      g_string_append (w->expected[i], line);
    }
  w->round++;
  if (w->round == w->rotate_at)
    {
      g_autofree char *old = g_strconcat (w->paths[0], ".1", NULL);
      g_assert_cmpint (g_rename (w->paths[0], old), ==, 0);
    }
  if (w->round == w->truncate_at)
    {
      /* copytruncate, while a request is likely in flight */
      g_autofree char *copy = g_strconcat (w->paths[1], ".1", NULL);
      g_autofree char *text = file_contents (w->paths[1]);
      g_assert_true (g_file_set_contents (copy, text, -1, NULL));
      g_assert_true (g_file_set_contents (w->paths[1], "", 0, NULL));
    }
  return w->round < w->rounds ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

typedef struct {
  Writer     *w;
  MockServer *mock;
} AllWait;

static gboolean
all_arrived (gpointer data)
{
  AllWait *aw = data;
  if (aw->w->round < aw->w->rounds)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *got = mock_server_get_text (aw->mock, aw->w->paths[i]);
      if (strlen (got) < aw->w->expected[i]->len)
        return FALSE;
    }
  return TRUE;
}

static void
test_faults (Fixture *f, gconstpointer data)
{
  (void) data;
  Writer w = { .f = f, .rounds = 300, .rotate_at = 100, .truncate_at = 170 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", 4096u, NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u.log", i);
      w.paths[i] = path_in (f, name);
      w.expected[i] = g_string_new (NULL);
      append (w.paths[i], "");
      g_assert_true (scalyr_uploader_add_log (up, w.paths[i], "p", NULL, FALSE, &error));
    }
  mock_server_set_slow_ms (f->mock, 1500);
  mock_server_set_retry_after (f->mock, 1);
  MockFault faults[] = { MOCK_OK, MOCK_HTTP_500, MOCK_OK, MOCK_429, MOCK_BACKOFF, MOCK_OK, MOCK_NON_JSON,
                         MOCK_OK, MOCK_RESET, MOCK_OK, MOCK_SLOW, MOCK_OK, MOCK_HTTP_500_SUCCESS,
                         MOCK_OK, MOCK_OK, MOCK_HTTP_500, MOCK_HTTP_500, MOCK_RESET, MOCK_OK,
                         MOCK_TOO_LARGE, MOCK_OK, MOCK_NON_JSON, MOCK_OK, MOCK_BACKOFF };
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    mock_server_push_fault (f->mock, faults[i]);

  g_assert_true (scalyr_uploader_start (up, &error));
  g_timeout_add (10, writer_tick, &w);
  AllWait aw = { &w, f->mock };
  run_until (all_arrived, &aw, 40);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *got = mock_server_get_text (f->mock, w.paths[i]);
      g_assert_cmpstr (got, ==, w.expected[i]->str);
      /* one sequence id per file, increasing sequence numbers */
      GPtrArray *evs = mock_server_get_log (f->mock, w.paths[i]);
      for (guint j = 1; j < evs->len; j++)
        {
          MockEvent *p = evs->pdata[j - 1], *e = evs->pdata[j];
          g_assert_cmpstr (p->si, ==, e->si);
          g_assert_cmpuint (p->sn + strlen (e->message), ==, e->sn);
        }
      g_string_free (w.expected[i], TRUE);
      g_free (w.paths[i]);
    }
  g_assert_cmpstr (mock_server_get_error (f->mock), ==, NULL);
  /* The slow and 500-with-success answers made resends the server dropped. */
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), >, 0);
  g_assert_nonnull (strstr (f->sink->data->str, "parseResponseFailed"));
  g_assert_nonnull (strstr (f->sink->data->str, "<html>oops</html>"));
  scalyr_uploader_stop (up);
}

static void
test_retry_after (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "r.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  append (p, "");
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  mock_server_set_retry_after (f->mock, 1);
  mock_server_push_fault (f->mock, MOCK_429);
  g_assert_true (scalyr_uploader_start (up, &error));
  append (p, "after retry\n");
  wait_text (f, p, "after retry\n", 5);
  GArray *times = mock_server_get_times (f->mock);
  g_assert_cmpuint (times->len, >=, 2);
  gint64 gap = g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0);
  g_assert_cmpint (gap, >=, 900000);
  scalyr_uploader_stop (up);
}

static void
test_backoff (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrUploader) up = new_uploader (f, "initial-backoff", 0.1, "max-backoff", 0.4, NULL);
  for (int i = 0; i < 6; i++)
    mock_server_push_fault (f->mock, MOCK_HTTP_500);
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (2.2);
  GArray *t = mock_server_get_times (f->mock);
  g_assert_cmpuint (t->len, >=, 6);
  /* 0.1, 0.2, 0.4, 0.4, 0.4 (jitter: 75–100 %) */
  double expect[] = { 0.1, 0.2, 0.4, 0.4, 0.4 };
  for (guint i = 0; i < 5; i++)
    {
      double gap = (double) (g_array_index (t, gint64, i + 1) - g_array_index (t, gint64, i)) / 1e6;
      g_assert_cmpfloat (gap, >=, expect[i] * 0.75 - 0.01);
      g_assert_cmpfloat (gap, <, expect[i] + 0.6);   /* generous: loaded CI machines */
    }
  scalyr_uploader_stop (up);
}

static void
test_resume (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "resume.log");
  append (p, "");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "one\ntwo\n");
    wait_text (f, p, "one\ntwo\n", 5);
    wait_acked (up);
    scalyr_uploader_stop (up);
  }
  append (p, "three\n");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "four\n");
    wait_text (f, p, "one\ntwo\nthree\nfour\n", 5);
    scalyr_uploader_stop (up);
  }
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpstr (((MockEvent *) evs->pdata[0])->si, ==, ((MockEvent *) evs->pdata[3])->si);
  g_assert_cmpuint (((MockEvent *) evs->pdata[3])->sn, ==, 19);
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
}

/* Rotated while the uploader was stopped: the old file is found by its
 * inode and finished, then the new one is read from 0, one si throughout. */
static void
test_rotated_while_stopped (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "rot.log");
  g_autofree char *old = path_in (f, "rot.log.1");
  append (p, "");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "acked\n");
    wait_text (f, p, "acked\n", 5);
    wait_acked (up);
    scalyr_uploader_stop (up);
  }
  append (p, "unsent A\n");
  g_assert_cmpint (g_rename (p, old), ==, 0);
  append (p, "new B\n");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    wait_text (f, p, "acked\nunsent A\nnew B\n", 5);
    wait_acked (up);
    scalyr_uploader_stop (up);
  }
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  MockEvent *e0 = evs->pdata[0], *e2 = evs->pdata[2];
  g_assert_cmpstr (e0->si, ==, e2->si);
  g_assert_cmpuint (e2->sn, ==, 6 + 9 + 6);
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
}

static gboolean
failed_once (gpointer data)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (data);
  return json_object_get_int_member (json_node_get_object (status), "requests_failed") > 0;
}

/* TLS: verified by default (a self-signed server is refused before any
 * request reaches it); trusted when its certificate is the ca-file. */
static void
test_tls (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "fixtures", "server.pem", NULL);
  g_autoptr(MockServer) tls = mock_server_new_tls (TOKEN, pem);
  g_autofree char *url = mock_server_get_url (tls);
  g_autofree char *p = path_in (f, "tls.log");
  append (p, "");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, "server-url", url, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    run_until (failed_once, up, 5);
    g_assert_cmpuint (mock_server_get_requests (tls), ==, 0);
    scalyr_uploader_stop (up);
  }
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, "server-url", url, "ca-file", pem, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "over tls\n");
    TextWait w = { tls, p, "over tls\n" };
    run_until (text_arrived, &w, 5);
    g_assert_cmpstr (mock_server_get_error (tls), ==, NULL);
    scalyr_uploader_stop (up);
  }
  {
    /* verify_server_certificate: false accepts the self-signed certificate */
    g_autoptr(ScalyrUploader) up = new_uploader (f, "server-url", url, "verify-certificate", FALSE, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "unverified\n");
    TextWait w = { tls, p, "over tls\nunverified\n" };
    run_until (text_arrived, &w, 5);
    g_assert_cmpstr (mock_server_get_error (tls), ==, NULL);
    scalyr_uploader_stop (up);
  }
}

/* http_proxy: requests for a host that does not resolve reach the server
 * through the configured proxy (the mock answers absolute-URI requests) */
static void
test_http_proxy (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy = mock_server_get_url (f->mock);
  g_autofree char *p = path_in (f, "proxied.log");
  append (p, "");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "server-url", "http://scalyr-upstream.invalid:8080",
                                               "allow-http", TRUE, "http-proxy", proxy, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  append (p, "through the proxy\n");
  TextWait w = { f->mock, p, "through the proxy\n" };
  run_until (text_arrived, &w, 10);
  g_autofree char *text = mock_server_get_text (f->mock, p);
  g_assert_cmpstr (text, ==, "through the proxy\n");
  scalyr_uploader_stop (up);
}

/* The uploader on its own thread with its own main context (how a daemon
 * without a GLib main loop would run it); the mock stays on this one. */
typedef struct {
  ScalyrUploader *up;
  GMainContext   *context;
  GMainLoop      *loop;
  gboolean        started;
} ThreadRun;

static gpointer
uploader_thread (gpointer data)
{
  ThreadRun *tr = data;
  g_main_context_push_thread_default (tr->context);
  tr->started = scalyr_uploader_start (tr->up, NULL);
  g_main_loop_run (tr->loop);
  g_main_context_pop_thread_default (tr->context);
  return NULL;
}

static gboolean
stop_in_thread (gpointer data)
{
  ThreadRun *tr = data;
  scalyr_uploader_stop (tr->up);
  g_main_loop_quit (tr->loop);
  return G_SOURCE_REMOVE;
}

static void
test_own_thread (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "thread.log");
  ThreadRun tr = { 0 };
  append (p, "");
  tr.up = new_uploader (f, NULL);
  tr.context = g_main_context_new ();
  tr.loop = g_main_loop_new (tr.context, FALSE);
  g_assert_true (scalyr_uploader_add_log (tr.up, p, NULL, NULL, FALSE, &error));
  GThread *thread = g_thread_new ("uploader", uploader_thread, &tr);
  run_for (0.1);
  append (p, "from a thread\n");
  wait_text (f, p, "from a thread\n", 5);
  g_main_context_invoke (tr.context, stop_in_thread, &tr);
  g_thread_join (thread);
  g_assert_true (tr.started);
  g_object_unref (tr.up);
  g_main_loop_unref (tr.loop);
  g_main_context_unref (tr.context);
}

static gboolean
got_requests (gpointer data)
{
  return mock_server_get_requests (data) >= 1 && mock_server_get_events (data) > 0;
}

static void
test_crash_resend (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "crash.log");
  append (p, "");
  mock_server_set_slow_ms (f->mock, 3000);
  mock_server_push_fault (f->mock, MOCK_SLOW);
  {
    ScalyrUploader *up = new_uploader (f, "request-timeout", 30u, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "in flight 1\nin flight 2\n");
    run_until (got_requests, f->mock, 5);
    /* "Crash": dropped with the request in flight, no stop; the request
     * does not keep the uploader alive. */
    g_object_add_weak_pointer (G_OBJECT (up), (gpointer *) &up);
    g_object_unref (up);
    g_assert_null (up);
  }
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    append (p, "after\n");
    wait_text (f, p, "in flight 1\nin flight 2\nafter\n", 8);
    scalyr_uploader_stop (up);
  }
  /* The mock accepted the in-flight request: the resend had the same (si, sn). */
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 2);
}

/* Each compression: failed requests are resent from the kept body (with a
 * new client_time, none appended twice: the mock validates the JSON), and
 * a request in flight outlives its uploader (the payload holds the body or
 * the compressed buffer). */
static void
test_resend_compressions (Fixture *f, gconstpointer data)
{
  const char *names[] = { "deflate", "zstandard", "none", "bz2", "lz4" };
  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ScalyrCompression c;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("r-%s.log", names[i]);
      g_autofree char *p = path_in (f, name);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_assert_true (scalyr_compression_from_string (names[i], &c));
      append (p, "");
      {
        g_autoptr(ScalyrUploader) up = new_uploader (f, "compression", c, NULL);
        g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
        g_assert_true (scalyr_uploader_start (up, &error));
        run_for (0.1);
        guint before = mock_server_get_requests (f->mock);
        mock_server_push_fault (f->mock, MOCK_HTTP_500);
        mock_server_push_fault (f->mock, MOCK_RESET);
        mock_server_push_fault (f->mock, MOCK_NON_JSON);
        mock_server_push_fault (f->mock, MOCK_HTTP_500);
        for (int k = 0; k < 50; k++)
          {
            g_autofree char *line = g_strdup_printf ("%s line %d \"q\" \xc3\xa9\n", names[i], k);
            g_string_append (expected, line);
            append (p, line);
          }
        wait_text (f, p, expected->str, 8);
        g_assert_cmpuint (mock_server_get_requests (f->mock), >=, before + 2);
        wait_acked (up);
        scalyr_uploader_stop (up);
      }

      mock_server_set_slow_ms (f->mock, 1500);
      mock_server_push_fault (f->mock, MOCK_SLOW);
      {
        ScalyrUploader *up = new_uploader (f, "compression", c, "request-timeout", 30u, NULL);
        g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
        g_assert_true (scalyr_uploader_start (up, &error));
        guint before = mock_server_get_requests (f->mock);
        append (p, "in flight\n");
        g_string_append (expected, "in flight\n");
        while (mock_server_get_requests (f->mock) == before)
          g_main_context_iteration (NULL, TRUE);
        g_object_add_weak_pointer (G_OBJECT (up), (gpointer *) &up);
        g_object_unref (up);
        g_assert_null (up);
        run_for (0.2);
      }
      {
        g_autoptr(ScalyrUploader) up = new_uploader (f, "compression", c, NULL);
        g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
        g_assert_true (scalyr_uploader_start (up, &error));
        wait_text (f, p, expected->str, 8);
        scalyr_uploader_stop (up);
      }
    }
}

static void
test_reference_checkpoint (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "ref.log");
  GString *content = g_string_new (NULL);
  for (int i = 0; i < 100; i++)
    g_string_append_printf (content, "line %03d\n", i);   /* 9 bytes each */
  g_assert_true (g_file_set_contents (p, content->str, (gssize) content->len, NULL));
  struct stat st;
  g_assert_cmpint (g_stat (p, &st), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->data_dir, 0700), ==, 0);
  g_autofree char *json = g_strdup_printf (
    "{\"time\": %f, \"checkpoints\": {\"%s\": {\"position\": 0, \"pending_files\": [{"
    "\"position_start\": -450, \"position_end\": 450, \"last_known_size\": 900, \"is_log_file\": true,"
    " \"inode\": %" G_GUINT64_FORMAT "}], \"sequence_id\": \"ref-si\", \"sequence_number\": 7000,"
    " \"time\": %f}}}", (double) time (NULL), p, (guint64) st.st_ino, (double) time (NULL));
  g_assert_true (scalyr_checkpoints_write_file (f->data_dir, "active-checkpoints-worker-default-0.json", json,
                                                &error));

  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  wait_text (f, p, content->str + 450, 5);
  MockEvent *e0 = mock_server_get_log (f->mock, p)->pdata[0];
  g_assert_cmpstr (e0->si, ==, "ref-si");
  g_assert_cmpuint (e0->sn, ==, 7009);
  g_assert_cmpstr (e0->message, ==, "line 050\n");
  /* Folded into checkpoints.json. */
  g_autofree char *worker = g_build_filename (f->data_dir, "active-checkpoints-worker-default-0.json", NULL);
  g_assert_false (g_file_test (worker, G_FILE_TEST_EXISTS));
  scalyr_uploader_stop (up);
  g_string_free (content, TRUE);
}

static void
test_long_and_partial (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "long.log");
  append (p, "");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));

  g_autofree char *line = g_malloc (120002);
  memset (line, 'x', 120000);
  line[120000] = '\n';
  line[120001] = '\0';
  append (p, line);
  wait_text (f, p, line, 5);
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 3);
  g_assert_cmpuint (strlen (((MockEvent *) evs->pdata[0])->message), ==, 49900);
  g_assert_cmpuint (strlen (((MockEvent *) evs->pdata[1])->message), ==, 49900);
  g_assert_cmpuint (strlen (((MockEvent *) evs->pdata[2])->message), ==, 20201);
  g_assert_cmpuint (((MockEvent *) evs->pdata[2])->sn, ==, 120001);

  /* A partial line waits for line-completion-wait, then goes as is. */
  append (p, "abc");
  run_for (0.15);
  g_assert_cmpuint (evs->len, ==, 3);
  g_autofree char *expect = g_strconcat (line, "abc", NULL);
  wait_text (f, p, expect, 3);
  scalyr_uploader_stop (up);
}

static void
test_new_and_deleted (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *glob = path_in (f, "n-*.log");
  g_autofree char *p = path_in (f, "n-1.log");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "rescan-interval", 60.0, NULL);
  g_assert_true (scalyr_uploader_add_log (up, glob, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.1);
  /* Noticed through the directory monitor, not the (60 s) rescan. */
  append (p, "hello\n");
  wait_text (f, p, "hello\n", 3);
  append (p, "last words\n");
  g_assert_cmpint (g_unlink (p), ==, 0);
  wait_text (f, p, "hello\nlast words\n", 3);
  run_for (0.6);
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (status), "logs")),
                    ==, 0);
  scalyr_uploader_stop (up);
}

static gboolean
flag_cb (gpointer data)
{
  MockServer *mock = data;
  mock_server_set_down (mock, FALSE);
  return G_SOURCE_REMOVE;
}

static void
test_server_down (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "down.log");
  GString *expected = g_string_new (NULL);
  append (p, "");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.1);
  mock_server_set_down (f->mock, TRUE);
  g_timeout_add (2000, flag_cb, f->mock);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *line = g_strdup_printf ("while down %d\n", i);
      append (p, line);
      g_string_append (expected, line);
      run_for (0.05);
    }
  wait_text (f, p, expected->str, 8);
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "requests_failed"), >, 0);
  g_string_free (expected, TRUE);
  scalyr_uploader_stop (up);
}

static void
test_discard (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "discard.log");
  append (p, "");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-spacing", 0.3, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  mock_server_push_fault (f->mock, MOCK_OK);
  mock_server_push_fault (f->mock, MOCK_DISCARD);
  g_assert_true (scalyr_uploader_start (up, &error));
  run_for (0.1);
  append (p, "dropped\n");
  run_until (got_requests, f->mock, 3);
  append (p, "kept\n");
  wait_text (f, p, "kept\n", 5);
  g_assert_nonnull (strstr (f->sink->data->str, "discardBuffer"));
  scalyr_uploader_stop (up);
}

static void
test_too_far_behind (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "far.log");
  append (p, "");
  {
    g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
    g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
    g_assert_true (scalyr_uploader_start (up, &error));
    run_for (0.1);
    scalyr_uploader_stop (up);
  }
  for (int i = 0; i < 100; i++)
    append (p, "0123456789\n");
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-existing-log-offset-size", (guint64) 500, NULL);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, FALSE, &error));
  g_assert_true (scalyr_uploader_start (up, &error));
  append (p, "after the skip\n");
  wait_text (f, p, "after the skip\n", 5);
  g_assert_nonnull (strstr (f->sink->data->str, "1100 bytes behind"));
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonObject *l0 = json_array_get_object_element (json_object_get_array_member (json_node_get_object (status),
                                                                                "logs"), 0);
  g_assert_cmpint (json_object_get_int_member (l0, "skipped_bytes"), ==, 1100);
  scalyr_uploader_stop (up);
}

/* ---- logs entries ---- */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static gboolean
add_entry (ScalyrUploader *up, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
add_entry (ScalyrUploader *up, GError **error, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *json = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_autoptr(JsonObject) entry = parse_object (json);
  return scalyr_uploader_add_log_entry (up, entry, error);
}

static void
test_log_entry_errors (void)
{
  struct { const char *entry; const char *message; } cases[] = {
    { "{}", "logs entry: the required field \"path\" is missing; set it to the file (or glob) to copy" },
    { "{\"path\": 3}", "logs entry: field \"path\" is a number; it must be a string" },
    { "{\"path\": \"\"}", "logs entry: field \"path\" is empty" },
    { "{\"path\": \"x/*.log\"}", "logs entry “x/*.log”: field \"path\" is not absolute; give the full path" },
    { "{\"path\": \"/v/a.log\", \"exclude\": \"*.gz\"}",
      "logs entry “/v/a.log”: field \"exclude\" is a string; it must be an array of globs" },
    { "{\"path\": \"/v/a.log\", \"exclude\": [\"*.gz\", true]}",
      "logs entry “/v/a.log”: element 1 of field \"exclude\" is a boolean; it must be a string" },
    { "{\"path\": \"/v/a.log\", \"exclude\": [\"\"]}", "element 0 of field \"exclude\" is empty" },
    { "{\"path\": \"/v/a.log\", \"attributes\": [1]}",
      "logs entry “/v/a.log”: field \"attributes\" is an array; it must be an object" },
    { "{\"path\": \"/v/a.log\", \"parser\": {}}", "field \"parser\" is an object; it must be a string" },
    { "{\"path\": \"/v/a.log\", \"attributes\": {\"parser\": 2}}",
      "field \"attributes.parser\" is a number; it must be a string" },
    { "{\"path\": \"/v/a.log\", \"copy_from_start\": \"yes\"}",
      "field \"copy_from_start\" is a string; it must be true or false" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": 1}",
      "field \"rename_logfile\" is a number; it must be a string template" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": \"/x/$HOST\"}",
      "field \"rename_logfile\": unknown variable $HOST in “/x/$HOST”; the variables are PATH1, PATH2…" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": \"/x/$PATH0\"}", "unknown variable $PATH0" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": \"/x/${BASENAME\"}", "invalid placeholder at offset 5" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": \"/x/a$\"}", "invalid placeholder at offset 5" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": \"\"}", "field \"rename_logfile\" is empty" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": {\"match\": \"a\"}}",
      "field \"rename_logfile\" is an object without the string members \"match\" and \"replacement\"" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": {\"match\": \"(a\", \"replacement\": \"b\"}}",
      "field \"rename_logfile.match\" is not a valid regular expression" },
    { "{\"path\": \"/v/a.log\", \"rename_logfile\": {\"match\": \"a\", \"replacement\": \"\\\\g<\"}}",
      "field \"rename_logfile.replacement\" is not a valid replacement" },
  };
  g_autoptr(ScalyrUploader) up = g_object_new (SCALYR_TYPE_UPLOADER, "api-key", TOKEN, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) entry = parse_object (cases[i].entry);
      g_test_message ("entry %s", cases[i].entry);
      g_assert_false (scalyr_uploader_add_log_entry (up, entry, &error));
      g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("entry %s: “%s” does not hold “%s”", cases[i].entry, error->message, cases[i].message);
    }

  /* Valid ones; unknown members and nulls are ignored. */
  const char *valid[] = {
    "{\"path\": \"/v/a.log\"}",
    "{\"path\": \"/v/*.log\", \"exclude\": [\"*.gz\", \"/v/b.log\"], \"attributes\": {\"a\": 1},"
    " \"parser\": \"p\", \"copy_from_start\": true, \"rename_logfile\": \"/r/$PATH2/${BASENAME}$$\","
    " \"lineGroupers\": [], \"sampling_rules\": [], \"whatever\": 1}",
    /* in parentheses: clang's -Wstring-concatenation (the float-cast-overflow CI build) */
    ("{\"path\": \"/v/a.log\", \"exclude\": null, \"attributes\": null, \"parser\": null,"
     " \"rename_logfile\": {\"match\": \"^/v/(.*)$\", \"replacement\": \"/w/\\\\1\"}}"),
  };
  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) entry = parse_object (valid[i]);
      g_assert_true (scalyr_uploader_add_log_entry (up, entry, &error));
      g_assert_no_error (error);
    }

  /* The wrapper checks what it is given the same way. */
  g_autoptr(GError) error = NULL;
  g_assert_false (scalyr_uploader_add_log (up, "rel.log", NULL, NULL, FALSE, &error));
  g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
  g_assert_nonnull (strstr (error->message, "not absolute"));
}

static void
test_log_entry_exclude (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *one = path_in (f, "app-1.log");
  g_autofree char *two = path_in (f, "app-2.log");
  g_autofree char *debug = path_in (f, "app-debug.log");
  g_autofree char *hidden = path_in (f, ".app-x.log.gz");
  g_autofree char *hidden_kept = path_in (f, ".app-y.log");
  g_autofree char *three = path_in (f, "app-3.log");
  g_autofree char *later_gz = path_in (f, "app-4.log.gz");
  g_autofree char *sub = path_in (f, "app-sub");
  g_autofree char *in_sub = g_build_filename (sub, "app-5.log", NULL);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  append (one, "one\n");
  append (two, "two\n");
  append (debug, "debug\n");
  append (hidden, "hidden\n");
  append (hidden_kept, "hidden kept\n");
  append (in_sub, "in a directory\n");

  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  /* app-2.log by its full path, app-debug.log and the .gz ones by a name
   * glob; the directory app-sub is skipped. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s/*app-*\", \"exclude\": [\"*-debug.log\", \"%s\", "
                            "\"*.gz\", \"%s/*/*.log\"], \"copy_from_start\": true}", f->dir, two, f->dir));
  g_assert_no_error (error);
  /* In exclusions a wildcard matches a leading dot too. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s/.app-*\", \"exclude\": [\"*.gz\"], "
                            "\"copy_from_start\": true}", f->dir));
  /* Another entry may still take what the first one excluded. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"parser\": \"debugLog\", "
                            "\"copy_from_start\": true}", debug));
  g_assert_true (scalyr_uploader_start (up, &error));
  g_assert_no_error (error);

  wait_text (f, one, "one\n", 5);
  wait_text (f, debug, "debug\n", 5);
  wait_text (f, hidden_kept, "hidden kept\n", 5);
  append (three, "three\n");       /* new files: the exclusions still hold */
  append (later_gz, "compressed\n");
  append (two, "two again\n");
  wait_text (f, three, "three\n", 5);
  wait_acked (up);
  run_for (0.3);

  GPtrArray *evs = mock_server_get_log (f->mock, debug);
  g_assert_cmpstr (((MockEvent *) evs->pdata[0])->parser, ==, "debugLog");
  g_assert_null (mock_server_get_log (f->mock, two));
  g_assert_null (mock_server_get_log (f->mock, hidden));
  g_assert_null (mock_server_get_log (f->mock, later_gz));
  g_assert_null (mock_server_get_log (f->mock, in_sub));
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (status), "logs")),
                    ==, 4);
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
  scalyr_uploader_stop (up);
}

/* whether @path is an open log of @up */
static gboolean
log_is_open (gpointer up, const char *path)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonArray *logs = json_object_get_array_member (json_node_get_object (status), "logs");
  for (guint i = 0; i < json_array_get_length (logs); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (logs, i), "path"), path))
      return TRUE;
  return FALSE;
}

typedef struct {
  ScalyrUploader *up;
  const char     *path;
} OpenWait;

static gboolean
log_closed (gpointer data)
{
  OpenWait *w = data;
  return !log_is_open (w->up, w->path);
}

/* ignore_stale_files: a stale file is not opened (its old lines never
 * sent), an open one is closed once acknowledged and stale; both are
 * copied again, once each line, when written again. */
static void
test_log_entry_stale (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = path_in (f, "old.log");
  g_autofree char *fresh = path_in (f, "fresh.log");
  struct utimbuf long_ago = { time (NULL) - 3600, time (NULL) - 3600 };

  append (old, "stale line\n");
  g_assert_cmpint (utime (old, &long_ago), ==, 0);
  append (fresh, "");
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_false (add_entry (up, &error, "{\"path\": \"%s/*.log\", \"staleness_threshold_secs\": \"300\"}",
                             f->dir));
  g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
  g_assert_nonnull (strstr (error->message, "field \"staleness_threshold_secs\" is a string; it must be a number "
                                            "of seconds, e.g. 300"));
  g_clear_error (&error);
  g_assert_false (add_entry (up, &error, "{\"path\": \"%s/*.log\", \"ignore_stale_files\": 1}", f->dir));
  g_assert_nonnull (strstr (error->message, "field \"ignore_stale_files\" is"));
  g_clear_error (&error);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s/*.log\", \"ignore_stale_files\": true, "
                            "\"staleness_threshold_secs\": 1, \"copy_from_start\": true}", f->dir));
  g_assert_true (scalyr_uploader_start (up, &error));

  append (fresh, "fresh 1\n");
  wait_text (f, fresh, "fresh 1\n", 5);
  g_assert_false (log_is_open (up, old));
  /* not written for a second: closed after the next success */
  OpenWait w = { up, fresh };
  run_until (log_closed, &w, 5);
  g_assert_false (log_is_open (up, fresh));
  append (fresh, "fresh 2\n");
  wait_text (f, fresh, "fresh 1\nfresh 2\n", 5);
  append (old, "old again\n");
  wait_text (f, old, "old again\n", 5);
  g_autofree char *old_text = mock_server_get_text (f->mock, old);
  g_assert_cmpstr (old_text, ==, "old again\n");
  /* the line after the reopening continues the file's sequence */
  GPtrArray *evs = mock_server_get_log (f->mock, fresh);
  g_assert_cmpuint (evs->len, ==, 2);
  g_assert_cmpstr (((MockEvent *) evs->pdata[0])->si, ==, ((MockEvent *) evs->pdata[1])->si);
  g_assert_cmpuint (((MockEvent *) evs->pdata[1])->sn, ==, strlen ("fresh 1\nfresh 2\n"));
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
  g_assert_cmpstr (mock_server_get_error (f->mock), ==, NULL);
  scalyr_uploader_stop (up);
}

static void
test_log_entry_rename (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = path_in (f, "web.access.log");
  g_autofree char *b = path_in (f, "db.log");
  g_autofree char *c = path_in (f, "keep.log");
  g_autofree char *d = path_in (f, "own.log");
  g_autofree char *dirname = g_path_get_basename (f->dir);
  g_autofree char *a_renamed = g_strdup_printf ("/renamed/%s/web.access-$", dirname);

  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  /* A template; the parser given in the attributes. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"attributes\": "
                            "{\"parser\": \"fromAttributes\", \"app\": \"web\"}, "
                            "\"rename_logfile\": \"/renamed/${PATH3}/$BASENAME_NO_EXT-$$\"}", a));
  g_assert_no_error (error);
  /* A regex; the top-level parser wins over the attributes'. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"parser\": \"top\", "
                            "\"attributes\": {\"parser\": \"ignored\"}, \"rename_logfile\": "
                            "{\"match\": \"^.*/(\\\\w+)\\\\.log$\", \"replacement\": \"/rx/\\\\1\"}}", b));
  /* $PATH9 does not exist for this path: a warning, the real name kept. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, "
                            "\"rename_logfile\": \"/x/$PATH9\"}", c));
  /* Attributes setting logfile and original_file themselves keep them. */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"attributes\": "
                            "{\"logfile\": \"/mine\", \"original_file\": \"orig\"}, "
                            "\"rename_logfile\": \"/renamed/$BASENAME\"}", d));
  append (a, "a line\n");
  append (b, "b line\n");
  append (c, "c line\n");
  append (d, "d line\n");
  g_assert_true (scalyr_uploader_start (up, &error));

  wait_text (f, a_renamed, "a line\n", 5);
  wait_text (f, "/rx/db", "b line\n", 5);
  wait_text (f, c, "c line\n", 5);
  wait_text (f, "/mine", "d line\n", 5);

  MockEvent *e = g_ptr_array_index (mock_server_get_log (f->mock, a_renamed), 0);
  g_assert_cmpstr (e->parser, ==, "fromAttributes");
  g_assert_cmpstr (json_object_get_string_member (e->attrs, "original_file"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (e->attrs, "app"), ==, "web");
  e = g_ptr_array_index (mock_server_get_log (f->mock, "/rx/db"), 0);
  g_assert_cmpstr (e->parser, ==, "top");
  g_assert_cmpstr (json_object_get_string_member (e->attrs, "original_file"), ==, b);
  e = g_ptr_array_index (mock_server_get_log (f->mock, c), 0);
  g_assert_false (json_object_has_member (e->attrs, "original_file"));
  g_assert_cmpstr (e->parser, ==, "default");
  g_assert_nonnull (strstr (f->sink->data->str, "$PATH9"));
  e = g_ptr_array_index (mock_server_get_log (f->mock, "/mine"), 0);
  g_assert_cmpstr (json_object_get_string_member (e->attrs, "original_file"), ==, "orig");

  /* The checkpoint is under the real path. */
  wait_acked (up);
  scalyr_uploader_stop (up);
  g_autofree char *cp = g_build_filename (f->data_dir, "checkpoints.json", NULL);
  g_autofree char *cptext = file_contents (cp);
  g_autoptr(JsonNode) cproot = json_from_string (cptext, &error);
  g_assert_no_error (error);
  JsonObject *cps = json_object_get_object_member (json_node_get_object (cproot), "checkpoints");
  g_assert_true (json_object_has_member (cps, a));
  g_assert_false (json_object_has_member (cps, a_renamed));
}

/* ---- redaction_rules, sampling_rules ---- */

#define B(s) s, sizeof (s) - 1

/* The expected outputs are those of the reference itself: LogLineRedacter
 * of scalyr_agent/log_processing.py (scalyr-agent-2 at 267f1a1, with
 * Python's re) run by Debian's /usr/bin/python3 (3.11) on
 * line.decode("utf-8", "replace"). The hashes are MD5 hex digests of the
 * group followed by the salt, e.g.
 *   python3 -c 'import hashlib; print(hashlib.md5(b"alicesalt").hexdigest())'
 *   85a93c71f70e024c71c7b8d336ddb088 */
static void
test_log_rules_reference (void)
{
  struct {
    const char *rules;
    const char *line;
    gsize       line_len;
    const char *expected;
    gsize       expected_len;
  } cases[] = {
    { "[{\"match_expression\": \"password=\\\\S+\", \"replacement\": \"password=***\", \"hash_salt\": \"\"}]",
      B ("a password=hunter2 b password=x\n"),
      B ("a password=*** b password=***\n") },
    { "[{\"match_expression\": \"(\\\\w+)@(\\\\w+)\\\\.com\", \"replacement\": \"\\\\2 at \\\\1\", \"hash_salt\": \"\"}]",
      B ("mail bob@example.com and al@corp.com\n"),
      B ("mail example at bob and corp at al\n") },
    { "[{\"match_expression\": \"id=(?P<id>\\\\d+)\", \"replacement\": \"id=<\\\\g<id>|\\\\g<1>|\\\\g<0>>\", \"hash_salt\": \"\"}]",
      B ("id=42 id=7\n"),
      B ("id=<42|42|id=42> id=<7|7|id=7>\n") },
    { "[{\"match_expression\": \"user=(\\\\w+)\", \"replacement\": \"user=\\\\H1\", \"hash_salt\": \"salt\"}]",
      B ("login user=alice ok user=bob\n"),
      B ("login user=85a93c71f70e024c71c7b8d336ddb088 ok user=cdc72957289ff7be2bdc36c8776e51bd\n") },
    { "[{\"match_expression\": \"(\\\\w+):(\\\\d+)\", \"replacement\": \"\\\\1:\\\\H2\", \"hash_salt\": \"\"}]",
      B ("host:8080 db:5432\n"),
      B ("host:d4a973e303ec37692cc8923e3148eef7 db:2e92962c0b6996add9517e4242ea9bdc\n") },
    { "[{\"match_expression\": \"(\\\\w+)=(\\\\w+)\", \"replacement\": \"[\\\\H2 \\\\H1]\", \"hash_salt\": \"s\"}]",
      B ("a=b\n"),
      B ("[7c9df801238abe28cae2675fd3166a1a f970e2767d0cfe75876ea857f92e319b]\n") },
    { "[{\"match_expression\": \"secret\", \"replacement\": \"[redacted]\", \"hash_salt\": \"\"}, {\"match_expression\": \"\\\\[redacted\\\\]\", \"replacement\": \"XX\", \"hash_salt\": \"\"}]",
      B ("secret secret\n"),
      B ("XX XX\n") },
    { "[{\"match_expression\": \"x*\", \"replacement\": \"-\", \"hash_salt\": \"\"}]",
      B ("abxd\n"),
      B ("-a-b--d-\n-") },
    { "[{\"match_expression\": \"b\", \"replacement\": \"[\\\\n\\\\t\\\\.\\\\\\\\]\", \"hash_salt\": \"\"}]",
      B ("abc\n"),
      B ("a[\n\t\\.\\]c\n") },
    { "[{\"match_expression\": \"b\", \"replacement\": \"\\\\0\\\\101\\\\0101\", \"hash_salt\": \"\"}]",
      B ("abc\n"),
      B ("a\x00" "A\x08" "1c\n") },
    { "[{\"match_expression\": \"user=(\\\\w+)\", \"replacement\": \"user=\\\\1\", \"hash_salt\": \"\"}]",
      B ("caf\xc3 \xe2\x82 user=b\xffob\n"),
      B ("caf\xef\xbf\xbd \xef\xbf\xbd user=b\xef\xbf\xbdob\n") },
    { "[{\"match_expression\": \"ok$\", \"replacement\": \"OK\", \"hash_salt\": \"\"}]",
      B ("it is ok\n"),
      B ("it is OK\n") },
    { "[{\"match_expression\": \"ok\\\\Z\", \"replacement\": \"OK\", \"hash_salt\": \"\"}]",
      B ("it is ok\n"),
      B ("it is ok\n") },
    { "[{\"match_expression\": \"\\\\w+\", \"replacement\": \"W\", \"hash_salt\": \"\"}]",
      B ("h\xc3\xa9llo w\xc3\xb6rld 12\n"),
      B ("W W W\n") },
    { "[{\"match_expression\": \"\\\\u00e9\", \"replacement\": \"E\", \"hash_salt\": \"\"}]",
      B ("h\xc3\xa9llo\n"),
      B ("hEllo\n") },
    { "[{\"match_expression\": \"(a)|(b)\", \"replacement\": \"[\\\\1\\\\2]\", \"hash_salt\": \"\"}]",
      B ("ab\n"),
      B ("[a][b]\n") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i].rules, &error);
      g_assert_no_error (error);
      ScalyrLogRules *rules = scalyr_log_rules_new (node, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (rules);
      ScalyrLineResult r;
      g_test_message ("rules %s", cases[i].rules);
      g_assert_true (scalyr_log_rules_apply (rules, cases[i].line, cases[i].line_len, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (r.message, r.length, cases[i].expected, cases[i].expected_len);
      g_assert_true (memchr (r.message, 0, r.length) != NULL || g_utf8_validate (r.message, (gssize) r.length, NULL));
      g_assert_null (r.sample_rate_attr);
      scalyr_log_rules_free (rules);
    }

  /* A line no rule touches is passed as is; invalid UTF-8 is replaced as
   * Python does (one U+FFFD per maximal invalid subpart) and counted. */
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("[{\"match_expression\": \"nothing-here\"}]", &error);
  ScalyrLogRules *rules = scalyr_log_rules_new (node, NULL, &error);
  g_assert_no_error (error);
  ScalyrLineResult r;
  const char plain[] = "plain line\n";
  g_assert_true (scalyr_log_rules_apply (rules, B (plain), &r, &error));
  g_assert_true (r.message == plain);
  g_assert_false (r.redacted);
  g_assert_true (scalyr_log_rules_apply (rules, B ("\xf0\x80 \xed\xa0\x80 \xe2\x82"), &r, &error));
  /* python3 -c 'print(b"\xf0\x80 \xed\xa0\x80 \xe2\x82".decode("utf-8", "replace").encode())' */
  const char replaced[] = "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd";
  g_assert_cmpmem (r.message, r.length, replaced, sizeof replaced - 1);
  g_assert_cmpuint (r.invalid_utf8, ==, 7);
  scalyr_log_rules_free (rules);

  /* No rule at all: no rules object (the fast path). */
  g_autoptr(JsonNode) empty = json_from_string ("[]", &error);
  g_assert_null (scalyr_log_rules_new (empty, empty, &error));
  g_assert_no_error (error);
  g_assert_null (scalyr_log_rules_new (NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_log_rules_sampling (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "[{\"match_expression\": \"^DEBUG\", \"sampling_rate\": 0},"
    " {\"match_expression\": \"^INFO\", \"sampling_rate\": 0.25},"
    " {\"match_expression\": \"INFO|WARN\", \"sampling_rate\": 1},"
    " {\"match_expression\": \"\", \"sampling_rate\": \"0.1\"}]", &error);
  ScalyrLogRules *rules = scalyr_log_rules_new (NULL, node, &error);
  g_assert_no_error (error);
  scalyr_log_rules_set_seed (rules, 42);
  ScalyrLineResult r;
  guint kept_info = 0, kept_other = 0;
  for (guint i = 0; i < 4000; i++)
    {
      g_assert_false (scalyr_log_rules_apply (rules, B ("DEBUG x\n"), &r, &error));
      /* The first matching rule decides: WARN is always kept, without a rate. */
      g_assert_true (scalyr_log_rules_apply (rules, B ("WARN INFO\n"), &r, &error));
      g_assert_null (r.sample_rate_attr);
      if (scalyr_log_rules_apply (rules, B ("INFO y\n"), &r, &error))
        {
          kept_info++;
          g_assert_cmpstr (r.sample_rate_attr, ==, ",\"sample_rate\":0.25");
          g_assert_cmpuint (r.sample_rate_attr_len, ==, strlen (r.sample_rate_attr));
        }
      if (scalyr_log_rules_apply (rules, B ("other\n"), &r, &error))
        {
          kept_other++;
          g_assert_cmpstr (r.sample_rate_attr, ==, ",\"sample_rate\":0.1");
        }
    }
  /* Binomial: 1000 ± 27 and 400 ± 19; the bounds are over 7 sd away. */
  g_assert_cmpuint (kept_info, >, 800);
  g_assert_cmpuint (kept_info, <, 1200);
  g_assert_cmpuint (kept_other, >, 250);
  g_assert_cmpuint (kept_other, <, 550);
  g_assert_no_error (error);
  scalyr_log_rules_free (rules);
}

static JsonObject *
log_status (ScalyrUploader *up, const char *path)
{
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  JsonArray *logs = json_object_get_array_member (json_node_get_object (status), "logs");
  for (guint i = 0; i < json_array_get_length (logs); i++)
    {
      JsonObject *l = json_array_get_object_element (logs, i);
      if (g_str_equal (json_object_get_string_member (l, "path"), path))
        return json_object_ref (l);
    }
  g_assert_not_reached ();
}

static void
test_log_entry_redaction (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "app.log");
  g_autofree char *plain = path_in (f, "plain.log");

  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"redaction_rules\": ["
                            "{\"match_expression\": \"password=\\\\S+\", \"replacement\": \"password=***\"},"
                            "{\"match_expression\": \"user=(\\\\w+)\", \"replacement\": \"user=\\\\H1\","
                            " \"hash_salt\": \"salt\"},"
                            "{\"match_expression\": \"(\\\\d+)\\\\.(\\\\d+)\\\\.\\\\d+\\\\.\\\\d+\","
                            " \"replacement\": \"\\\\1.\\\\2.x.x\"},"
                            "{\"match_expression\": \"^DROPME.*\\\\n\"},"
                            "{\"match_expression\": \"token=\"}]}", p));
  g_assert_no_error (error);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, "
                            "\"redaction_rules\": null, \"sampling_rules\": []}", plain));
  g_assert_no_error (error);
  const char *lines[] = {
    "login user=alice password=hunter2 from 10.1.2.3\n",
    "DROPME entirely\n",                       /* redacted to nothing: not sent */
    "nothing to hide\n",
    "caf\xc3 token=abc user=b\xffob\n",        /* invalid UTF-8 */
    "last user=alice\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    append (p, lines[i]);
  append (plain, "user=alice \xff\n");
  g_assert_true (scalyr_uploader_start (up, &error));

  /* As the reference gives for these lines: md5("alicesalt") =
   * 85a93c71f70e024c71c7b8d336ddb088 (see above); \w does not match U+FFFD,
   * so the group is "b": md5("bsalt") = 962d76aee3a009625027690183c56864. */
  wait_text (f, p,
             "login user=85a93c71f70e024c71c7b8d336ddb088 password=*** from 10.1.x.x\n"
             "nothing to hide\n"
             "caf\xef\xbf\xbd abc user=962d76aee3a009625027690183c56864\xef\xbf\xbdob\n"
             "last user=85a93c71f70e024c71c7b8d336ddb088\n", 5);
  wait_text (f, plain, "user=alice \xef\xbf\xbd\n", 5);
  wait_acked (up);

  /* sn are the original file offsets: the redacted messages' lengths do
   * not matter, the dropped line's bytes are in the next event's sd. */
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 4);
  guint64 end = 0;
  guint64 ends[G_N_ELEMENTS (lines)];
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    ends[i] = end += strlen (lines[i]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[0])->sn, ==, ends[0]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[1])->sn, ==, ends[2]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[2])->sn, ==, ends[3]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[3])->sn, ==, ends[4]);
  g_assert_false (json_object_has_member (((MockEvent *) evs->pdata[0])->attrs, "sample_rate"));

  g_autoptr(JsonObject) st = log_status (up, p);
  g_assert_cmpint (json_object_get_int_member (st, "lines_redacted"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (st, "lines_sampled_out"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (st, "invalid_utf8_bytes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (st, "position"), ==, (gint64) end);
  g_autoptr(JsonObject) pst = log_status (up, plain);
  g_assert_cmpint (json_object_get_int_member (pst, "lines_redacted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (pst, "invalid_utf8_bytes"), ==, 1);
  scalyr_uploader_stop (up);
}

typedef struct {
  ScalyrUploader *up;
  const char     *path;
  gint64          position;
} PositionWait;

static gboolean
position_reached (gpointer data)
{
  PositionWait *w = data;
  g_autoptr(JsonObject) st = log_status (w->up, w->path);
  return json_object_get_int_member (st, "position") >= w->position;
}

static gint64
file_size (const char *path)
{
  struct stat st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gint64) st.st_size;
}

static void
test_log_entry_sampling (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = path_in (f, "a.log");
  g_autofree char *b = path_in (f, "b.log");

  /* Small requests: the 0.5 log goes in many, each resent once. */
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", 8192u, NULL);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"sampling_rules\": ["
                            "{\"match_expression\": \"DEBUG\", \"sampling_rate\": 0},"
                            "{\"match_expression\": \"INFO\", \"sampling_rate\": 1}]}", a));
  g_assert_no_error (error);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"sampling_rules\": ["
                            "{\"match_expression\": \"sampled\", \"sampling_rate\": 0.5}],"
                            " \"redaction_rules\": [{\"match_expression\": \"secret\", \"replacement\": \"***\"}]}",
                            b));
  append (a, "before start\n");
  append (b, "");
  g_assert_true (scalyr_uploader_start (up, &error));

  /* Rate 0 drops every DEBUG line, rate 1 keeps INFO without sample_rate;
   * the last line dropped still moves the position and the checkpoint. */
  append (a, "INFO one\nDEBUG x\nDEBUG y\nINFO two\nDEBUG last\n");
  wait_text (f, a, "INFO one\nINFO two\n", 5);
  PositionWait w = { up, a, file_size (a) };
  run_until (position_reached, &w, 5);
  GPtrArray *evs = mock_server_get_log (f->mock, a);
  g_assert_cmpuint (((MockEvent *) evs->pdata[0])->sn, ==, 13 + 9);
  g_assert_cmpuint (((MockEvent *) evs->pdata[1])->sn, ==, 13 + 9 + 8 + 8 + 9);
  g_assert_false (json_object_has_member (((MockEvent *) evs->pdata[0])->attrs, "sample_rate"));
  g_assert_false (json_object_has_member (((MockEvent *) evs->pdata[1])->attrs, "sample_rate"));

  /* Only dropped lines: requests without events still advance it, over
   * several requests when they are many (a request reads at most 4 times
   * its size of dropped lines). */
  append (a, "DEBUG only\nDEBUG only\n");
  w.position = file_size (a);
  run_until (position_reached, &w, 5);
  guint requests = mock_server_get_requests (f->mock);
  g_autoptr(GString) filler = g_string_new (NULL);
  for (guint i = 0; i < 3000; i++)
    g_string_append (filler, "DEBUG filler line of forty bytes or so\n");
  append (a, filler->str);
  w.position = file_size (a);
  run_until (position_reached, &w, 5);
  g_assert_cmpuint (mock_server_get_requests (f->mock), >=, requests + 4);
  append (a, "INFO three\n");
  wait_text (f, a, "INFO one\nINFO two\nINFO three\n", 5);
  g_assert_cmpuint (((MockEvent *) evs->pdata[2])->sn, ==, (guint64) file_size (a));

  /* 2000 lines at 0.5, the first request failing after the server took
   * it: the resend is the same body (same decisions), so what the server
   * recorded is exactly what the uploader counts as sent. */
  wait_acked (up);
  g_autoptr(JsonNode) status0 = scalyr_uploader_get_status (up);
  guint64 events_before = (guint64) json_object_get_int_member (json_node_get_object (status0), "events_sent");
  g_autoptr(GHashTable) ends = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %u sampled secret %s\n", i, i % 3 ? "" : "padding padding");
      g_string_append (text, line);
      gint64 *key = g_new (gint64, 1);
      *key = (gint64) text->len;
      g_hash_table_insert (ends, key, g_strdup (line));
    }
  mock_server_push_fault (f->mock, MOCK_HTTP_500_SUCCESS);
  append (b, text->str);
  PositionWait wb = { up, b, (gint64) text->len };
  run_until (position_reached, &wb, 10);
  wait_acked (up);

  evs = mock_server_get_log (f->mock, b);
  g_assert_nonnull (evs);
  g_assert_cmpuint (evs->len, >, 800);     /* binomial 1000 ± 22 */
  g_assert_cmpuint (evs->len, <, 1200);
  guint64 prev = 0;
  for (guint i = 0; i < evs->len; i++)
    {
      MockEvent *e = evs->pdata[i];
      gint64 sn = (gint64) e->sn;
      const char *line = g_hash_table_lookup (ends, &sn);
      g_assert_nonnull (line);                /* sn: the end of a line in the file */
      g_assert_cmpuint (e->sn, >, prev);
      prev = e->sn;
      g_autofree char *redacted = g_strdup (line);
      memcpy (strstr (redacted, "secret"), "***", 3);
      memmove (strstr (redacted, "***") + 3, strstr (redacted, "***") + 6, strlen (strstr (redacted, "***") + 6) + 1);
      g_assert_cmpstr (e->message, ==, redacted);
      JsonNode *rate = json_object_get_member (e->attrs, "sample_rate");
      g_assert_nonnull (rate);
      g_assert_cmpfloat (json_node_get_double (rate), ==, 0.5);
    }
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), >, 0);
  g_autoptr(JsonNode) status = scalyr_uploader_get_status (up);
  g_assert_cmpuint ((guint64) json_object_get_int_member (json_node_get_object (status), "events_sent")
                    - events_before, ==, evs->len);
  g_autoptr(JsonObject) st = log_status (up, b);
  g_assert_cmpint (json_object_get_int_member (st, "lines_sampled_out"), ==, 2000 - (gint64) evs->len);
  g_assert_cmpint (json_object_get_int_member (st, "lines_redacted"), ==, (gint64) evs->len);
  g_autoptr(JsonObject) sta = log_status (up, a);
  g_assert_cmpint (json_object_get_int_member (sta, "lines_sampled_out"), ==, 5 + 3000);
  g_assert_cmpint (json_object_get_int_member (sta, "bytes_sampled_out"), ==, 8 + 8 + 11 + 11 + 11 + (gint64) filler->len);
  g_assert_cmpstr (mock_server_get_error (f->mock), ==, NULL);

  /* The checkpoint holds the end of both files. */
  scalyr_uploader_stop (up);
  g_autofree char *cp = g_build_filename (f->data_dir, "checkpoints.json", NULL);
  g_autofree char *cptext = file_contents (cp);
  g_autoptr(JsonNode) cproot = json_from_string (cptext, &error);
  g_assert_no_error (error);
  JsonObject *cps = json_object_get_object_member (json_node_get_object (cproot), "checkpoints");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (cps, a), "sequence_number"),
                   ==, file_size (a));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (cps, b), "sequence_number"),
                   ==, (gint64) text->len);
}

static void
test_log_entry_rules_errors (void)
{
  struct { const char *rules; const char *message; } cases[] = {
    { "\"redaction_rules\": {}", "field \"redaction_rules\" is an object; it must be an array of objects" },
    { "\"redaction_rules\": [\"x\"]", "rule 0 of field \"redaction_rules\" is a string; it must be an object" },
    { "\"redaction_rules\": [{\"replacement\": \"x\"}]",
      "rule 0 of field \"redaction_rules\": \"match_expression\" is missing; it must be a string" },
    { "\"redaction_rules\": [{\"match_expression\": \"a\"}, {\"match_expression\": \"(a\"}]",
      "rule 1 of field \"redaction_rules\": \"match_expression\" “(a” is not a valid regular expression: " },
    { "\"redaction_rules\": [{\"match_expression\": \"a\", \"replacement\": 3}]",
      "\"replacement\" is a number; it must be a string" },
    { "\"redaction_rules\": [{\"match_expression\": \"a\", \"replacement\": \"x\", \"hash_salt\": 3}]",
      "\"hash_salt\" is a number; it must be a string" },
    { "\"redaction_rules\": [{\"match_expression\": \"(a)\", \"replacement\": \"\\\\2\"}]",
      "\"replacement\" refers to group 2 but \"match_expression\" has 1" },
    { "\"redaction_rules\": [{\"match_expression\": \"(a)\", \"replacement\": \"\\\\g<name>\"}]",
      "refers to the group “name”, which \"match_expression\" does not define" },
    { "\"redaction_rules\": [{\"match_expression\": \"(a)\", \"replacement\": \"\\\\d\"}]",
      "\"replacement\" has the unknown escape \\d; write \\\\d" },
    { "\"redaction_rules\": [{\"match_expression\": \"(a)\", \"replacement\": \"x\\\\\"}]",
      "ends with a lone backslash" },
    { "\"sampling_rules\": 1", "field \"sampling_rules\" is a number; it must be an array of objects" },
    { "\"sampling_rules\": [{\"match_expression\": \"[\", \"sampling_rate\": 0.5}]",
      "rule 0 of field \"sampling_rules\": \"match_expression\" “[” is not a valid regular expression" },
    { "\"sampling_rules\": [{\"match_expression\": \"a\"}]",
      "rule 0 of field \"sampling_rules\": \"sampling_rate\" is missing; it must be a number from 0 to 1" },
    { "\"sampling_rules\": [{\"match_expression\": \"a\", \"sampling_rate\": true}]",
      "\"sampling_rate\" is a boolean; it must be a number from 0 to 1" },
    { "\"sampling_rules\": [{\"match_expression\": \"a\", \"sampling_rate\": \"half\"}]",
      "\"sampling_rate\" is a string; it must be a number from 0 to 1" },
    { "\"sampling_rules\": [{\"match_expression\": \"a\", \"sampling_rate\": 1}, "
      "{\"match_expression\": \"b\", \"sampling_rate\": 1.5}]",
      "rule 1 of field \"sampling_rules\": \"sampling_rate\" is 1.5, outside 0…1" },
    { "\"sampling_rules\": [{\"match_expression\": \"a\", \"sampling_rate\": -1}]", "is -1, outside 0…1" },
  };
  g_autoptr(ScalyrUploader) up = g_object_new (SCALYR_TYPE_UPLOADER, "api-key", TOKEN, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_test_message ("rules %s", cases[i].rules);
      g_assert_false (add_entry (up, &error, "{\"path\": \"/v/a.log\", %s}", cases[i].rules));
      g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
      g_assert_true (g_str_has_prefix (error->message, "logs entry “/v/a.log”: "));
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("rules %s: “%s” does not hold “%s”", cases[i].rules, error->message, cases[i].message);
    }

  const char *valid[] = {
    "\"redaction_rules\": [{\"match_expression\": \"a\"}, {\"match_expression\": \"(?P<n>b)\", "
    "\"replacement\": \"\\\\g<n>\\\\1\\\\.\\\\n\", \"hash_salt\": \"\"}], "
    "\"sampling_rules\": [{\"match_expression\": \"a\", \"sampling_rate\": 0}, "
    "{\"match_expression\": \"b\", \"sampling_rate\": \"0.5\"}, {\"match_expression\": \"c\", \"sampling_rate\": 1}]",
    /* The reference expands \H replacements by plain substitution: no check. */
    "\"redaction_rules\": [{\"match_expression\": \"(a)\", \"replacement\": \"\\\\H1\\\\d\\\\9\"}]",
    "\"redaction_rules\": [], \"sampling_rules\": null",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (add_entry (up, &error, "{\"path\": \"/v/a.log\", %s}", valid[i]));
      g_assert_no_error (error);
    }
}

/* ---- lineGroupers ---- */

/* Cuts @data into events as log_fill does with lineGroupers, every wait
 * for an incomplete group or a partial line being over (the whole of
 * @data is all there is). Returns the events, each followed by "|". */
static char *
group_all (const char *groupers_json, const char *data, gsize max)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (groupers_json, &error);
  g_assert_no_error (error);
  ScalyrLineGroupers *g = scalyr_line_groupers_new (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g);
  GString *out = g_string_new (NULL);
  gsize n = strlen (data), pos = 0;
  while (pos < n)
    {
      const char *start = data + pos;
      gsize avail = n - pos;
      const char *nl = memchr (start, '\n', MIN (avail, max));
      gsize len;
      if (nl != NULL)
        scalyr_line_groupers_scan (g, start, avail, (gsize) (nl - start) + 1, max, TRUE, &len);
      else
        len = MIN (avail, max);
      g_assert_cmpuint (len, >, 0);
      g_assert_cmpuint (len, <=, max);
      g_string_append_len (out, start, (gssize) len);
      g_string_append_c (out, '|');
      pos += len;
    }
  scalyr_line_groupers_free (g);
  return g_string_free (out, FALSE);
}

/* The expected events are those of the reference itself: its
 * LineMatcher.create_line_matchers() of scalyr_agent/line_matcher.py
 * (scalyr-agent-2 at 267f1a1) run by Debian's /usr/bin/python3 (3.11) on a
 * BytesIO of the data, readline() called until the end, the time moved
 * past line_completion_wait_time whenever it returns nothing before the
 * end; every event ends where the next begins. Two cases differ on
 * purpose (see the comments). */
static void
test_line_groupers_reference (void)
{
  struct { const char *groupers; const char *data; gsize max; const char *expected; } cases[] = {
    /* A Java stack trace; the group at the end waits for its partial line,
     * which then goes alone. */
    { "[{\"start\": \"^[^\\\\s]\", \"continueThrough\": \"^[\\\\s]+at\"}]",
      "INFO start\nException in thread main\n  at a.B.c(B.java:1)\n  at d.E.f(E.java:2)\nINFO next\n"
      "ERROR boom\n  at g.H.i(H.java:3)\n  at j.K", 100,
      "INFO start\n|Exception in thread main\n  at a.B.c(B.java:1)\n  at d.E.f(E.java:2)\n|INFO next\n|"
      "ERROR boom\n  at g.H.i(H.java:3)\n|  at j.K|" },
    /* Lines ending with a backslash, plus the one after. */
    { "[{\"start\": \"\\\\\\\\$\", \"continuePast\": \"\\\\\\\\$\"}]",
      "plain\nfirst \\\nsecond \\\nthird\nfourth\nx \\\ny\nz \\\n", 100,
      "plain\n|first \\\nsecond \\\nthird\n|fourth\n|x \\\ny\n|z \\\n|" },
    { "[{\"start\": \"^--begin\", \"haltBefore\": \"^--\"}]",
      "pre\n--begin a\nb\nc\n--end\nafter\n--begin d\ne\n", 100,
      "pre\n|--begin a\nb\nc\n|--end\n|after\n|--begin d\ne\n|" },
    /* The start line itself is not tested for the halt; a group never
     * halted runs to the end (then waits). */
    { "[{\"start\": \"^BEGIN\", \"haltWith\": \";$\"}]",
      "pre\nBEGIN x\ny\nz;\nafter\nBEGIN one;\ntwo\nBEGIN open\nmore\n", 100,
      "pre\n|BEGIN x\ny\nz;\n|after\n|BEGIN one;\ntwo\nBEGIN open\nmore\n|" },
    /* The first grouper making a group wins; "B1" is no start of the first. */
    { "[{\"start\": \"^A\", \"haltWith\": \"^end\"}, {\"start\": \"^[AB]\", \"continueThrough\": \"^ \"}]",
      "A1\n a\nend\nB1\n b\n c\nA2\n x\nq\nB2\nC\n", 100,
      "A1\n a\nend\n|B1\n b\n c\n|A2\n x\nq\nB2\nC\n|" },
    /* max_line_size: the group is cut at max bytes, even in a line that
     * would not continue it; the rest goes as lines of their own. */
    { "[{\"start\": \"^E\", \"continueThrough\": \"^\\\\s\"}]",
      "E0123456\n a\n bbbbbbbbbbbb\n c\nE1\n dd\nzzzzzzzzzzzzzzzzzzzz\n", 20,
      "E0123456\n a\n bbbbbbb|bbbbb\n| c\n|E1\n dd\nzzzzzzzzzzzzz|zzzzzzz\n|" },
    /* Differs: the reference gives "S1\n|x\n|S3\n": its HaltBefore consumes
     * the line that halts a one-line group ("S2"), which is lost. */
    { "[{\"start\": \"^S\", \"haltBefore\": \"^S\"}]", "S1\nS2\nx\nS3\n", 100, "S1\n|S2\nx\n|S3\n|" },
    /* Differs: the reference gives "E0123456\n a\n bbbbbb\n bbbbbb\n" (28
     * bytes for 20 of the file): a continuation line ending exactly at max
     * is added twice. */
    { "[{\"start\": \"^E\", \"continueThrough\": \"^\\\\s\"}]", "E0123456\n a\n bbbbbb\n c\n", 20,
      "E0123456\n a\n bbbbbb\n| c\n|" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = group_all (cases[i].groupers, cases[i].data, cases[i].max);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* The scan itself: complete, incomplete (and what goes after the wait). */
static void
test_line_groupers_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("[{\"start\": \"^E\", \"continueThrough\": \"^\\\\s\"}, "
                                               "{\"start\": \"^P\", \"continuePast\": \"x$\"}, "
                                               "{\"start\": \"^W\", \"haltWith\": \"^end\"}]", &error);
  g_assert_no_error (error);
  ScalyrLineGroupers *g = scalyr_line_groupers_new (node, &error);
  g_assert_no_error (error);
  gsize len = 0;
#define SCAN(s, first) scalyr_line_groupers_scan (g, s, strlen (s), first, 1000, TRUE, &len)
  g_assert_cmpint (SCAN ("line\n", 5), ==, SCALYR_GROUP_NONE);
  g_assert_cmpuint (len, ==, 5);
  /* A start line at the end waits for the next. */
  g_assert_cmpint (SCAN ("E1\n", 3), ==, SCALYR_GROUP_INCOMPLETE);
  g_assert_cmpuint (len, ==, 3);
  g_assert_cmpint (SCAN ("E1\n a\n", 3), ==, SCALYR_GROUP_INCOMPLETE);
  g_assert_cmpuint (len, ==, 6);
  /* A partial line after continuation lines: waited for, not in the group. */
  g_assert_cmpint (SCAN ("E1\n a\n b", 3), ==, SCALYR_GROUP_INCOMPLETE);
  g_assert_cmpuint (len, ==, 6);
  g_assert_cmpint (SCAN ("E1\n a\nF\n", 3), ==, SCALYR_GROUP_COMPLETE);
  g_assert_cmpuint (len, ==, 6);
  /* Not continued: no group, the next grouper is tried. */
  g_assert_cmpint (SCAN ("E1\nF\n", 3), ==, SCALYR_GROUP_NONE);
  g_assert_cmpuint (len, ==, 3);
  /* ContinuePast: complete once the line past the last match is in. */
  g_assert_cmpint (SCAN ("P1\na x\nb\n", 3), ==, SCALYR_GROUP_COMPLETE);
  g_assert_cmpuint (len, ==, 9);
  g_assert_cmpint (SCAN ("P1\na x\n", 3), ==, SCALYR_GROUP_INCOMPLETE);
  /* HaltWith: complete with its halting line at the end. */
  g_assert_cmpint (SCAN ("W1\na\nend\n", 3), ==, SCALYR_GROUP_COMPLETE);
  g_assert_cmpuint (len, ==, 9);
  g_assert_cmpint (SCAN ("W1\na\n", 3), ==, SCALYR_GROUP_INCOMPLETE);
  g_assert_cmpuint (len, ==, 5);
  /* A second line cut by the end of the buffer, not of the file: not tested. */
  g_assert_cmpint (scalyr_line_groupers_scan (g, "E1\nF", 4, 3, 1000, FALSE, &len), ==, SCALYR_GROUP_INCOMPLETE);
  g_assert_cmpint (scalyr_line_groupers_scan (g, "E1\nF", 4, 3, 1000, TRUE, &len), ==, SCALYR_GROUP_NONE);
  /* Invalid UTF-8 is matched as U+FFFD. */
  g_assert_cmpint (SCAN ("E\xff\n \xfe\nF\n", 3), ==, SCALYR_GROUP_COMPLETE);
  g_assert_cmpuint (len, ==, 6);
#undef SCAN
  scalyr_line_groupers_free (g);
}

static void
test_log_entry_line_groupers (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "java.log");

  g_autoptr(ScalyrUploader) up = new_uploader (f, "line-completion-wait", 1.0, NULL);
  /* Groupers come first, then sampling and redaction on the grouped
   * message, as the reference (LogFileProcessor.perform_processing). */
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"lineGroupers\": ["
                            "{\"start\": \"^[^\\\\s]\", \"continueThrough\": \"^[\\\\s]+at\"}],"
                            "\"sampling_rules\": [{\"match_expression\": \"^DROP\", \"sampling_rate\": 0}],"
                            "\"redaction_rules\": [{\"match_expression\": \"secret=\\\\w+\", "
                            "\"replacement\": \"secret=***\"}]}", p));
  g_assert_no_error (error);
  const char *lines[] = {
    "INFO start\n",
    "Exception in thread \"main\" java.lang.IllegalStateException: secret=abc\n",
    "\tat com.example.A.b(A.java:10)\n",
    "  at com.example.C.d(C.java:20)\n",
    "INFO between\n",
    "DROP this\n",                              /* dropped with its trace */
    "  at x.Y.z(Y.java:1)\n",
    "INFO after the drop\n",
    "ERROR tail\n",                             /* incomplete at the end */
    "  at t.U.v(U.java:5)\n",
  };
  guint64 ends[G_N_ELEMENTS (lines) + 1];
  guint64 end = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      append (p, lines[i]);
      ends[i] = end += strlen (lines[i]);
    }
  g_assert_true (scalyr_uploader_start (up, &error));

  const char *first =
    "INFO start\n"
    "Exception in thread \"main\" java.lang.IllegalStateException: secret=***\n"
    "\tat com.example.A.b(A.java:10)\n"
    "  at com.example.C.d(C.java:20)\n"
    "INFO between\n"
    "INFO after the drop\n";
  wait_text (f, p, first, 5);
  {
    g_autofree char *got = mock_server_get_text (f->mock, p);
    g_assert_cmpstr (got, ==, first);   /* the tail group waits */
  }
  /* A continuation written during the wait joins the group. */
  append (p, "  at w.X.y(X.java:6)\n");
  ends[G_N_ELEMENTS (lines)] = end += strlen ("  at w.X.y(X.java:6)\n");
  g_autofree char *all = g_strconcat (first, "ERROR tail\n  at t.U.v(U.java:5)\n  at w.X.y(X.java:6)\n", NULL);
  wait_text (f, p, all, 5);
  wait_acked (up);
  g_autofree char *got = mock_server_get_text (f->mock, p);
  g_assert_cmpstr (got, ==, all);

  /* One event per group, its sn the file offset of its end. */
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 5);
  g_assert_cmpuint (((MockEvent *) evs->pdata[0])->sn, ==, ends[0]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[1])->sn, ==, ends[3]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[2])->sn, ==, ends[4]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[3])->sn, ==, ends[7]);
  g_assert_cmpuint (((MockEvent *) evs->pdata[4])->sn, ==, ends[G_N_ELEMENTS (lines)]);
  g_assert_null (mock_server_get_error (f->mock));
  g_autoptr(JsonObject) st = log_status (up, p);
  g_assert_cmpint (json_object_get_int_member (st, "lines_sampled_out"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (st, "position"), ==, (gint64) end);
  scalyr_uploader_stop (up);
}

/* Many groups through small requests, a resend and a rollback: every group
 * arrives whole, once. */
static void
test_log_entry_line_groupers_requests (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "many.log");
  g_autoptr(GString) text = g_string_new (NULL);
  for (guint i = 0; i < 300; i++)
    {
      g_string_append_printf (text, "Exception %u: something failed\n", i);
      for (guint k = 0; k < 1 + i % 7; k++)
        g_string_append_printf (text, "    at com.example.Frame%u.method%u(Frame.java:%u)\n", k, i, k + i);
      if (i % 5 == 0)
        g_string_append_printf (text, "INFO line %u\n", i);
    }
  g_assert_true (g_file_set_contents (p, text->str, (gssize) text->len, NULL));

  mock_server_push_fault (f->mock, MOCK_HTTP_500);
  mock_server_push_fault (f->mock, MOCK_OK);
  mock_server_push_fault (f->mock, MOCK_TOO_LARGE);
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", 4096u, NULL);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"lineGroupers\": ["
                            "{\"start\": \"^Exception\", \"continueThrough\": \"^\\\\s+at \"}]}", p));
  g_assert_no_error (error);
  g_assert_true (scalyr_uploader_start (up, &error));
  wait_text (f, p, text->str, 20);
  wait_acked (up);
  g_autofree char *got = mock_server_get_text (f->mock, p);
  g_assert_cmpstr (got, ==, text->str);
  g_assert_null (mock_server_get_error (f->mock));
  g_assert_cmpuint (mock_server_get_requests (f->mock), >, 20);

  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 300 + 60);
  guint groups = 0;
  guint64 offset = 0;
  for (guint i = 0; i < evs->len; i++)
    {
      MockEvent *ev = evs->pdata[i];
      offset += strlen (ev->message);
      g_assert_cmpuint (ev->sn, ==, offset);
      if (g_str_has_prefix (ev->message, "Exception"))
        {
          guint k = groups++;
          guint nl = 0;
          for (const char *c = ev->message; *c != '\0'; c++)
            nl += *c == '\n';
          g_assert_cmpuint (nl, ==, 2 + k % 7);   /* the start line and 1 + k % 7 frames */
        }
    }
  g_assert_cmpuint (groups, ==, 300);
  scalyr_uploader_stop (up);
}

static void
test_log_entry_line_groupers_errors (void)
{
  struct { const char *groupers; const char *message; } cases[] = {
    { "{}", "field \"lineGroupers\" is an object; it must be an array of objects such as" },
    { "[\"x\"]", "field \"lineGroupers\": grouper 0 is a string; it must be an object with \"start\"" },
    { "[{\"continueThrough\": \"a\"}]",
      "grouper 0: \"start\" is missing; it must be a string, the regular expression of the first line" },
    { "[{\"start\": 1, \"haltWith\": \"a\"}]", "grouper 0: \"start\" is a number; it must be a string" },
    { "[{\"start\": \"a\", \"haltWith\": \"b\"}, {\"start\": \"a\"}]",
      "grouper 1 has no continuation; add exactly one of \"continueThrough\", \"continuePast\", \"haltBefore\", "
      "\"haltWith\"" },
    { "[{\"start\": \"a\", \"continueThrough\": \"b\", \"haltBefore\": \"c\"}]",
      "grouper 0 has both \"continueThrough\" and \"haltBefore\"; keep exactly one of" },
    { "[{\"start\": \"a\", \"continuePast\": true}]", "grouper 0: \"continuePast\" is a boolean; it must be a string" },
    { "[{\"start\": \"(a\", \"haltWith\": \"b\"}]",
      "grouper 0: \"start\" “(a” is not a valid regular expression: " },
    { "[{\"start\": \"a\", \"haltWith\": \"b\"}, {\"start\": \"a\", \"haltBefore\": \"[\"}]",
      "grouper 1: \"haltBefore\" “[” is not a valid regular expression: " },
  };
  g_autoptr(ScalyrUploader) up = g_object_new (SCALYR_TYPE_UPLOADER, "api-key", TOKEN, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_test_message ("lineGroupers %s", cases[i].groupers);
      g_assert_false (add_entry (up, &error, "{\"path\": \"/v/a.log\", \"lineGroupers\": %s}", cases[i].groupers));
      g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
      g_assert_true (g_str_has_prefix (error->message, "logs entry “/v/a.log”: "));
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("lineGroupers %s: “%s” does not hold “%s”", cases[i].groupers, error->message, cases[i].message);
    }
  const char *valid[] = { "null", "[]", "[{\"start\": \"a\", \"haltWith\": \"b\", \"other\": 1}]" };
  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (add_entry (up, &error, "{\"path\": \"/v/a.log\", \"lineGroupers\": %s}", valid[i]));
      g_assert_no_error (error);
    }
}

/* ---- max_send_rate_enforcement ---- */

static void
test_rate_enforced (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "rate.log");
  GString *expected = g_string_new (NULL);
  const double rate = 20000;
  const guint request_size = 8192;
  double bps = 0;

  /* 160 lines of 1000 bytes: the bucket holds 80 000 of them at first, the
   * other 80 000 need about 4 s at 20 000 B/s. Without a limit the whole
   * file goes in a fraction of a second. */
  for (guint i = 0; i < 160; i++)
    {
      g_autofree char *head = g_strdup_printf ("line %03u ", i);
      g_string_append (expected, head);
      for (gsize k = strlen (head); k < 999; k++)
        g_string_append_c (expected, (char) ('a' + (i + k) % 26));
      g_string_append_c (expected, '\n');
    }
  g_assert_true (g_file_set_contents (p, expected->str, (gssize) expected->len, NULL));

  bps = 20000;  /* 20KB/s as the agent configuration parses it (tests/test-agent-config.c) */
  g_assert_cmpfloat (bps, ==, rate);
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", request_size, "max-send-rate", bps, NULL);
  double got = 0;
  g_object_get (up, "max-send-rate", &got, NULL);
  g_assert_cmpfloat (got, ==, rate);
  g_assert_true (scalyr_uploader_add_log (up, p, NULL, NULL, TRUE, &error));
  gint64 start = g_get_monotonic_time ();
  g_assert_true (scalyr_uploader_start (up, &error));
  g_assert_no_error (error);
  wait_text (f, p, expected->str, 60);
  double elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  /* What arrived by the last request is at most the bucket, plus the rate
   * over the time, plus that last request (whose lines are charged after
   * it). Loose: 75 % of that bound, timing can only make it longer. */
  double floor = ((double) expected->len - 4 * rate - request_size) / rate;
  g_test_message ("%zu bytes in %.2f s at %.0f B/s (bound %.2f s)", expected->len, elapsed, rate, floor);
  g_assert_cmpfloat (floor, >, 3.0);
  g_assert_cmpfloat (elapsed, >=, 0.75 * floor);
  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 160);
  g_assert_cmpuint (mock_server_get_duplicates (f->mock), ==, 0);
  /* Many requests, each charged as it was acknowledged. */
  g_assert_cmpuint (mock_server_get_requests (f->mock), >=, 160 * 1000 / request_size);
  g_string_free (expected, TRUE);
  scalyr_uploader_stop (up);
}

/* ---- parse_format ---- */

static void
test_parse_rfc3339 (void)
{
  struct { const char *s; gboolean ok; gint64 ns; } cases[] = {
    { "2024-05-01T12:00:00.123456789Z", TRUE, G_GINT64_CONSTANT (1714564800123456789) },
    { "2024-05-01T12:00:00Z", TRUE, G_GINT64_CONSTANT (1714564800000000000) },
    { "2024-05-01T12:00:00", TRUE, G_GINT64_CONSTANT (1714564800000000000) },        /* no zone: UTC */
    { "2024-05-01T12:00:00.5Z", TRUE, G_GINT64_CONSTANT (1714564800500000000) },
    { "2024-05-01T12:00:00.1234567891Z", TRUE, G_GINT64_CONSTANT (1714564800123456789) },
    { "2024-05-01T14:30:00.000001+02:30", TRUE, G_GINT64_CONSTANT (1714564800000001000) },
    { "2024-05-01T09:00:00-03:00", TRUE, G_GINT64_CONSTANT (1714564800000000000) },
    { "1970-01-01T00:00:00Z", TRUE, 0 },
    { "2000-02-29T00:00:00Z", TRUE, G_GINT64_CONSTANT (951782400000000000) },
    { "1900-02-29T00:00:00Z", FALSE, 0 },
    { "2024-13-01T12:00:00Z", FALSE, 0 },
    { "2024-05-01 12:00:00Z", FALSE, 0 },
    { "2024-05-01T12:00:00.Z", FALSE, 0 },
    { "2024-05-01T12:00:00+0200", FALSE, 0 },
    { "2024-05-01T12:00:00Zx", FALSE, 0 },
    { "2024-05-01T12:00", FALSE, 0 },
    { "yesterday", FALSE, 0 },
    { "", FALSE, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 ns = -1;
      g_test_message ("%s", cases[i].s);
      g_assert_cmpint (scalyr_parse_rfc3339 (cases[i].s, strlen (cases[i].s), &ns), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (ns, ==, cases[i].ns);
    }
}

static void
test_parse_cri_line (void)
{
  ScalyrCriLine cl;
  const char *l = "2024-05-01T12:00:00.123456789Z stdout F hello  world\n";
  g_assert_true (scalyr_parse_cri_line (l, strlen (l), &cl));
  g_assert_cmpint (cl.ts, ==, G_GINT64_CONSTANT (1714564800123456789));
  g_assert_false (cl.is_stderr);
  g_assert_false (cl.partial);
  g_autofree char *hello = g_strndup (cl.message, cl.message_len);
  g_assert_cmpstr (hello, ==, "hello  world\n");

  struct { const char *line; gboolean ok; gboolean err; gboolean partial; const char *msg; } cases[] = {
    { "2024-05-01T12:00:00Z stderr P part", TRUE, TRUE, TRUE, "part" },
    { "2024-05-01T12:00:00Z stdout F \n", TRUE, FALSE, FALSE, "\n" },
    { "2024-05-01T12:00:00Z stdout F", TRUE, FALSE, FALSE, "" },            /* 3 parts: empty message */
    { "2024-05-01T12:00:00Z stdout x:F:y  two spaces\n", TRUE, FALSE, FALSE, " two spaces\n" },
    { "2024-05-01T12:00:00Z stdout P:F m\n", TRUE, FALSE, FALSE, "m\n" },   /* F wins */
    { "2024-05-01T12:00:00Z stdout F\n", FALSE, 0, 0, NULL },             /* tag "F\n", as the reference */
    { "2024-05-01T12:00:00Z stdout X m\n", FALSE, 0, 0, NULL },
    { "2024-05-01T12:00:00Z stdin F m\n", FALSE, 0, 0, NULL },
    { "2024-05-01T12:00:00Z  stdout F m\n", FALSE, 0, 0, NULL },
    { "not a time stdout F m\n", FALSE, 0, 0, NULL },
    { "2024-05-01T12:00:00Z stdout\n", FALSE, 0, 0, NULL },
    { "plain text\n", FALSE, 0, 0, NULL },
    { "", FALSE, 0, 0, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].line);
      gboolean ok = scalyr_parse_cri_line (cases[i].line, strlen (cases[i].line), &cl);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        continue;
      g_assert_cmpint (cl.is_stderr, ==, cases[i].err);
      g_assert_cmpint (cl.partial, ==, cases[i].partial);
      g_autofree char *m = g_strndup (cl.message, cl.message_len);
      g_assert_cmpstr (m, ==, cases[i].msg);
    }
}

static ScalyrParseFormat *
parse_format_of (const char *entry_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = parse_object (entry_json);
  ScalyrParseFormat *format = scalyr_parse_format_new (entry, &error);
  g_assert_no_error (error);
  g_assert_nonnull (format);
  return format;
}

static const ScalyrParsedEvent *
parsed_event (ScalyrLineParser *p, guint i)
{
  GArray *evs = scalyr_line_parser_get_events (p);
  g_assert_cmpuint (i, <, evs->len);
  return &g_array_index (evs, ScalyrParsedEvent, i);
}

static void
assert_parsed (const ScalyrParsedEvent *ev, const char *message, const char *attrs, gint64 ts, gsize end)
{
  g_autofree char *m = g_strndup (ev->message, ev->message_len);
  g_assert_cmpstr (m, ==, message);
  if (attrs == NULL)
    g_assert_null (ev->attrs);
  else
    {
      g_assert_nonnull (ev->attrs);
      g_autofree char *a = g_strndup (ev->attrs, ev->attrs_len);
      g_assert_cmpstr (a, ==, attrs);
    }
  g_assert_cmpint (ev->has_ts, ==, ts != 0);
  if (ts != 0)
    g_assert_cmpint (ev->ts, ==, ts);
  g_assert_cmpuint (ev->end, ==, end);
}

static void
test_parse_json_lines (void)
{
  g_autoptr(ScalyrParseFormat) format = NULL;
  format = parse_format_of ("{\"path\": \"/a\", \"parse_format\": \"json\"}");
  ScalyrLineParser *p = scalyr_line_parser_new (format, "\"logfile\":\"/a\",\"parser\":\"docker\",");
  const gint64 t0 = G_GINT64_CONSTANT (1714564800123456789);
  const char *reason;

  const char *l = "{\"log\":\"hello \\\"x\\\"\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T12:00:00.123456789Z\","
                  "\"n\":[1,{\"a\":null}]}\n{\"log\":\"next\"}\n";
  gsize first = strchr (l, '\n') + 1 - l;
  g_assert_cmpuint (scalyr_line_parser_parse (p, l, strlen (l), SCALYR_PARSE_WAIT, 49900), ==, first);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 1);
  assert_parsed (parsed_event (p, 0), "hello \"x\"\n",
                 "\"stream\":\"stdout\",\"n\":[1,{\"a\":null}],\"raw_timestamp\":\"2024-05-01T12:00:00.123456789Z\",",
                 t0, first);
  g_assert_cmpuint (parsed_event (p, 0)->raw_len, ==, first);

  struct { const char *line; const char *message; const char *attrs; gint64 ts; gboolean unparsed; } cases[] = {
    /* No other member: the log's attributes. */
    { "{\"log\":\"only\"}\n", "only", NULL, 0, FALSE },
    /* A falsy time: the wall clock, no raw_timestamp; the member is removed all the same. */
    { "{\"log\":\"m\",\"time\":\"\"}\n", "m", NULL, 0, FALSE },
    { "{\"log\":\"m\",\"time\":0}\n", "m", NULL, 0, FALSE },
    /* An unparsable time: the wall clock, raw_timestamp kept. */
    { "{\"log\":\"m\",\"time\":\"soon\"}\n", "m", "\"raw_timestamp\":\"soon\",", 0, FALSE },
    /* A raw_timestamp member stays as it is. */
    { "{\"raw_timestamp\":1,\"time\":\"2024-05-01T12:00:00.123456789Z\",\"log\":\"m\"}\n", "m",
      "\"raw_timestamp\":1,", t0, FALSE },
    /* Every own attribute equal to the log's: only the message. */
    { "{\"log\":\"m\",\"parser\":\"docker\"}\n", "m", "", 0, FALSE },
    { "{\"log\":\"m\",\"parser\":\"other\",\"logfile\":\"/a\"}\n", "m", "\"parser\":\"other\",\"logfile\":\"/a\",",
      0, FALSE },
    /* Invalid UTF-8 is replaced before parsing. */
    { "{\"log\":\"caf\xff\"}\n", "caf\xef\xbf\xbd", NULL, 0, FALSE },
    /* Escapes decoded in the message (a key too), other values copied as written. */
    { " { \"\\u006cog\" : \"caf\\u00e9 \\ud83d\\ude00 \\/\\t\\\"\" , \"x\" : 0.1e-2 ,\"y\":\"\\u00e9\"} \n",
      "caf\xc3\xa9 \xf0\x9f\x98\x80 /\t\"", "\"x\":0.1e-2,\"y\":\"\\u00e9\",", 0, FALSE },
    { "{\"log\":\"m\",\"time\":[],\"deep\":[[[{\"a\":[true,false,null,-0,1.5E+3]}]]]}\n", "m",
      "\"deep\":[[[{\"a\":[true,false,null,-0,1.5E+3]}]]],", 0, FALSE },
    /* Sent as read. */
    { "{\"log\":\"m\"\n", "{\"log\":\"m\"\n", NULL, 0, TRUE },
    { "{\"log\":\"m\"} x\n", "{\"log\":\"m\"} x\n", NULL, 0, TRUE },
    { "{\"log\":\"m\",}\n", "{\"log\":\"m\",}\n", NULL, 0, TRUE },
    { "{\"log\":\"m\",\"n\":01}\n", "{\"log\":\"m\",\"n\":01}\n", NULL, 0, TRUE },
    { "{\"log\":\"m\",\"n\":1.}\n", "{\"log\":\"m\",\"n\":1.}\n", NULL, 0, TRUE },
    { "{\"log\":\"a\tb\"}\n", "{\"log\":\"a\tb\"}\n", NULL, 0, TRUE },          /* a raw control character */
    { "{\"log\":\"\\ud800\"}\n", "{\"log\":\"\\ud800\"}\n", NULL, 0, TRUE },   /* a lone surrogate */
    { "{\"log\":\"\\x\"}\n", "{\"log\":\"\\x\"}\n", NULL, 0, TRUE },
    { "{\"log\":\"m\",\"time\":true}\n", "{\"log\":\"m\",\"time\":true}\n", NULL, 0, TRUE },
    { "{}\n", "{}\n", NULL, 0, TRUE },
    { "{\"log\":tru}\n", "{\"log\":tru}\n", NULL, 0, TRUE },
    { "plain text\n", "plain text\n", NULL, 0, TRUE },
    { "[1,2]\n", "[1,2]\n", NULL, 0, TRUE },
    { "\n", "\n", NULL, 0, TRUE },
    { "{\"msg\":\"m\"}\n", "{\"msg\":\"m\"}\n", NULL, 0, TRUE },
    { "{\"log\":null}\n", "{\"log\":null}\n", NULL, 0, TRUE },
    { "{\"log\":3}\n", "{\"log\":3}\n", NULL, 0, TRUE },
    { "{\"log\":\"m\",\"time\":17}\n", "{\"log\":\"m\",\"time\":17}\n", NULL, 0, TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize n = strlen (cases[i].line);
      g_autofree char *shown = g_strescape (cases[i].line, NULL);
      g_test_message ("%s", shown);
      g_assert_cmpuint (scalyr_line_parser_parse (p, cases[i].line, n, SCALYR_PARSE_WAIT, 49900), ==, n);
      g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 1);
      assert_parsed (parsed_event (p, 0), cases[i].message, cases[i].attrs, cases[i].ts, n);
      g_assert_cmpint (parsed_event (p, 0)->unparsed, ==, cases[i].unparsed);
      g_assert_cmpuint (scalyr_line_parser_take_unparsed (p, &reason), ==, cases[i].unparsed ? 1 : 0);
    }

  /* A line without its end: nothing until flushed. */
  const char *part = "{\"log\":\"m\"}";
  g_assert_cmpuint (scalyr_line_parser_parse (p, part, strlen (part), SCALYR_PARSE_WAIT, 49900), ==, 0);
  g_assert_cmpuint (scalyr_line_parser_parse (p, part, strlen (part), SCALYR_PARSE_FLUSH_ALL, 49900), ==,
                    strlen (part));
  assert_parsed (parsed_event (p, 0), "m", NULL, 0, strlen (part));
  /* A full buffer without a line end: a fragment of max_line bytes, as read. */
  g_assert_cmpuint (scalyr_line_parser_parse (p, part, strlen (part), SCALYR_PARSE_FLUSH_LINES, 4), ==, 4);
  assert_parsed (parsed_event (p, 0), "{\"lo", NULL, 0, 4);
  g_assert_true (parsed_event (p, 0)->unparsed);

  /* Other field names. */
  g_autoptr(ScalyrParseFormat) other = parse_format_of ("{\"path\": \"/a\", \"parse_format\": \"raw\", "
                                                        "\"parse_lines_as_json\": true, \"json_message_field\": \"msg\", "
                                                        "\"json_timestamp_field\": \"ts\"}");
  ScalyrLineParser *q = scalyr_line_parser_new (other, "");
  l = "{\"ts\":\"2024-05-01T12:00:00.123456789Z\",\"log\":\"x\",\"msg\":\"y\"}\n";
  g_assert_cmpuint (scalyr_line_parser_parse (q, l, strlen (l), SCALYR_PARSE_WAIT, 49900), ==, strlen (l));
  assert_parsed (parsed_event (q, 0), "y", "\"log\":\"x\",\"raw_timestamp\":\"2024-05-01T12:00:00.123456789Z\",",
                 t0, strlen (l));
  scalyr_line_parser_free (q);
  scalyr_line_parser_free (p);
}

static void
test_parse_cri_groups (void)
{
  g_autoptr(ScalyrParseFormat) format = parse_format_of ("{\"path\": \"/a\", \"parse_format\": \"cri\"}");
  ScalyrLineParser *p = scalyr_line_parser_new (format, "\"logfile\":\"/a\",");
  const gint64 t1 = G_GINT64_CONSTANT (1714564801000000000);
  const gint64 t2 = G_GINT64_CONSTANT (1714564802000000000);
  const char *out1 = "\"stream\":\"stdout\",\"raw_timestamp\":1714564801000000000,";
  const char *err2 = "\"stream\":\"stderr\",\"raw_timestamp\":1714564802000000000,";

  /* One full line. */
  const char *l = "2024-05-01T12:00:01Z stdout F one\r\n2024-05-01T12:00:02Z stdout F two\n";
  gsize l1 = strchr (l, '\n') + 1 - l;
  g_assert_cmpuint (scalyr_line_parser_parse (p, l, strlen (l), SCALYR_PARSE_WAIT, 49900), ==, l1);
  assert_parsed (parsed_event (p, 0), "one\n", out1, t1, l1);

  /* Partials joined; the other stream's lines in between are their own events. */
  GString *g = g_string_new (NULL);
  g_string_append (g, "2024-05-01T12:00:01Z stdout P a\n");         /* P: its \n is dropped too */
  gsize e1 = g->len;
  g_string_append (g, "2024-05-01T12:00:02Z stderr P b\n");
  gsize e2 = g->len;
  g_string_append (g, "2024-05-01T12:00:03Z stdout P c");
  g_string_append (g, "\n2024-05-01T12:00:04Z stderr F d\n");
  gsize e4 = g->len;
  g_string_append (g, "2024-05-01T12:00:05Z stdout F e\n");
  gsize e5 = g->len;
  g_string_append (g, "2024-05-01T12:00:06Z stdout F next\n");
  (void) e1;
  (void) e2;
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, g->len, SCALYR_PARSE_WAIT, 49900), ==, e5);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 2);
  assert_parsed (parsed_event (p, 0), "bd\n", err2, t2, e4);
  assert_parsed (parsed_event (p, 1), "ace\n", out1, t1, e5);
  g_assert_cmpuint (parsed_event (p, 0)->raw_len + parsed_event (p, 1)->raw_len, ==, e5);

  /* Not complete: nothing; flushed at the end: each stream at its last line, in order. */
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, e4, SCALYR_PARSE_WAIT, 49900), ==, 0);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 0);
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, e2 + 10, SCALYR_PARSE_FLUSH_LINES, 49900), ==, e2);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 2);
  assert_parsed (parsed_event (p, 0), "a\n", out1, t1, e1);
  assert_parsed (parsed_event (p, 1), "b\n", err2, t2, e2);
  /* FLUSH_ALL: the same, a last line without its end waits its own turn... */
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, e2 + 31, SCALYR_PARSE_FLUSH_ALL, 49900), ==, e2);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 2);
  assert_parsed (parsed_event (p, 0), "a\n", out1, t1, e1);
  assert_parsed (parsed_event (p, 1), "b\n", err2, t2, e2);
  /* ... then goes alone. */
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str + e2, 31, SCALYR_PARSE_WAIT, 49900), ==, 0);
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str + e2, 31, SCALYR_PARSE_FLUSH_ALL, 49900), ==, 31);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 1);
  assert_parsed (parsed_event (p, 0), "c\n", "\"stream\":\"stdout\",\"raw_timestamp\":1714564803000000000,",
                 G_GINT64_CONSTANT (1714564803000000000), 31);

  /* A message reaching max_line ends there. */
  g_string_assign (g, "2024-05-01T12:00:01Z stdout P 12345\n2024-05-01T12:00:02Z stdout P 678\n");
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, g->len, SCALYR_PARSE_WAIT, 8), ==, g->len);
  assert_parsed (parsed_event (p, 0), "12345678\n", out1, t1, g->len);

  /* A line that is not CRI in a partial message: sent as read, the message goes on. */
  g_string_assign (g, "2024-05-01T12:00:01Z stdout P a\n");
  e1 = g->len;
  g_string_append (g, "garbage\n");
  gsize eg = g->len;
  g_string_append (g, "2024-05-01T12:00:02Z stdout F b\n");
  g_assert_cmpuint (scalyr_line_parser_parse (p, g->str, g->len, SCALYR_PARSE_WAIT, 49900), ==, g->len);
  g_assert_cmpuint (scalyr_line_parser_get_events (p)->len, ==, 2);
  assert_parsed (parsed_event (p, 0), "garbage\n", NULL, 0, eg);
  g_assert_true (parsed_event (p, 0)->unparsed);
  assert_parsed (parsed_event (p, 1), "ab\n", out1, t1, g->len);
  g_assert_cmpuint (scalyr_line_parser_take_unparsed (p, NULL), ==, 1);

  g_string_free (g, TRUE);
  scalyr_line_parser_free (p);
}

/* Every prefix of tricky lines, and bytes flipped, in exactly sized
 * buffers (ASan sees any read past them): consistent results. */
static void
test_parse_format_robust (void)
{
  g_autoptr(ScalyrParseFormat) json = parse_format_of ("{\"path\": \"/a\", \"parse_format\": \"json\"}");
  g_autoptr(ScalyrParseFormat) cri = parse_format_of ("{\"path\": \"/a\", \"parse_format\": \"cri\"}");
  ScalyrLineParser *parsers[] = { scalyr_line_parser_new (json, "\"a\":[1],\"stream\":\"stdout\","),
                                  scalyr_line_parser_new (cri, "\"stream\":\"stdout\",") };
  const char *texts[] = {
    "{\"log\":\"a\\u00e9\\ud83d\\ude00\\n\",\"a\":[1],\"stream\":\"stdout\",\"time\":\"2024-05-01T12:00:00.5+01:00\","
    "\"o\":{\"k\":[-1.5e3,true,false,null,\"\\\"\"]}}\n{\"log\":\"x\"}\n",
    "2024-05-01T12:00:00.123Z stdout P a\r\n2024-05-01T12:00:01Z stderr P:x b\n2024-05-01T12:00:02Z stdout F c\n"
    "2024-05-01T12:00:03Z stderr F \n",
  };
  guint32 seed = 1;
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint round = 0; round < 40; round++)
      {
        gsize n = strlen (texts[t]);
        g_autofree char *copy = g_strdup (texts[t]);
        if (round > 0)
          for (guint k = 0; k < 1 + round % 3; k++)
            {
              seed = seed * 1103515245u + 12345u;
              copy[(seed >> 8) % n] = (char) (seed >> 20);
            }
        for (gsize len = 0; len <= n; len++)
          for (guint pi = 0; pi < G_N_ELEMENTS (parsers); pi++)
            for (int mode = SCALYR_PARSE_WAIT; mode <= SCALYR_PARSE_FLUSH_ALL; mode++)
              {
                g_autofree char *buf = g_memdup2 (copy, len);
                gsize used = scalyr_line_parser_parse (parsers[pi], buf, len, (ScalyrParseMode) mode, 20);
                g_assert_cmpuint (used, <=, len);
                GArray *evs = scalyr_line_parser_get_events (parsers[pi]);
                g_assert_true (used > 0 || evs->len == 0);
                gsize prev_end = 0, raw = 0;
                for (guint i = 0; i < evs->len; i++)
                  {
                    const ScalyrParsedEvent *ev = &g_array_index (evs, ScalyrParsedEvent, i);
                    g_assert_cmpuint (ev->end, >, prev_end);
                    g_assert_cmpuint (ev->end, <=, used);
                    prev_end = ev->end;
                    raw += ev->raw_len;
                    g_assert_true (ev->message_len == 0 || ev->message != NULL);
                  }
                if (used > 0)
                  g_assert_cmpuint (raw, ==, used);
                scalyr_line_parser_take_unparsed (parsers[pi], NULL);
              }
      }
  for (guint pi = 0; pi < G_N_ELEMENTS (parsers); pi++)
    scalyr_line_parser_free (parsers[pi]);
}

static void
test_parse_format_errors (void)
{
  struct { const char *entry; const char *message; } cases[] = {
    { "{\"path\": \"/v/a.log\", \"parse_format\": \"yaml\"}",
      "logs entry “/v/a.log”: field \"parse_format\" is \"yaml\"; it must be \"raw\" (the default), \"json\" "
      "(Docker's json-file lines) or \"cri\" (CRI/containerd lines)" },
    { "{\"path\": \"/v/a.log\", \"parse_format\": \"JSON\"}", "field \"parse_format\" is \"JSON\"; it must be" },
    { "{\"path\": \"/v/a.log\", \"parse_format\": 1}", "field \"parse_format\" is a number; it must be \"raw\"" },
    { "{\"path\": \"/v/a.log\", \"parse_format\": \"json\", \"json_message_field\": 2}",
      "field \"json_message_field\" is a number; it must be a string" },
    { "{\"path\": \"/v/a.log\", \"parse_format\": \"json\", \"json_timestamp_field\": \"\"}",
      "field \"json_timestamp_field\" is empty" },
    { "{\"path\": \"/v/a.log\", \"parse_lines_as_json\": \"yes\"}",
      "field \"parse_lines_as_json\" is a string; it must be true or false" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScalyrUploader) up = scalyr_uploader_new ("http://127.0.0.1:1", "k", "/nonexistent", NULL);
      g_assert_nonnull (up);
      g_assert_false (add_entry (up, &error, "%s", cases[i].entry));
      g_assert_error (error, SCALYR_UPLOAD_ERROR, SCALYR_UPLOAD_ERROR_BAD_CONFIG);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: got \"%s\"", cases[i].entry, error->message);
    }
  const char *ok[] = {
    "{\"path\": \"/v/a.log\", \"parse_format\": \"raw\"}",
    "{\"path\": \"/v/a.log\", \"parse_format\": null}",
    "{\"path\": \"/v/a.log\", \"parse_format\": \"cri\"}",
    "{\"path\": \"/v/a.log\", \"parse_format\": \"json\", \"json_message_field\": \"msg\"}",
    "{\"path\": \"/v/a.log\", \"parse_lines_as_json\": false, \"parse_format\": \"json\"}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScalyrUploader) up = scalyr_uploader_new ("http://127.0.0.1:1", "k", "/nonexistent", NULL);
      g_assert_nonnull (up);
      g_assert_true (add_entry (up, &error, "%s", ok[i]));
      g_assert_no_error (error);
    }
}

static const char *
attr_str (MockEvent *ev, const char *name)
{
  return json_object_get_string_member_with_default (ev->attrs, name, NULL);
}

static void
test_log_entry_parse_json (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "docker.log");

  mock_server_set_parsed_lines (f->mock, TRUE);
  g_autoptr(ScalyrUploader) up = new_uploader (f, NULL);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"parse_format\": \"json\", "
                            "\"attributes\": {\"app\": \"web\"}, \"redaction_rules\": [{\"match_expression\": "
                            "\"secret\", \"replacement\": \"***\"}]}", p));
  g_assert_no_error (error);
  const char *lines[] = {
    "{\"log\":\"first secret\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T12:00:00.123456789Z\"}\n",
    "{\"log\":\"second\\n\",\"stream\":\"stderr\",\"time\":\"2024-05-01T11:00:00Z\",\"n\":1}\n",
    "not json at all\n",
    "{\"log\":\"bare\\n\"}\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    append (p, lines[i]);
  g_assert_true (scalyr_uploader_start (up, &error));
  wait_text (f, p, "first ***\nsecond\nnot json at all\nbare\n", 5);
  wait_acked (up);

  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, 4);
  guint64 end = 0;
  for (guint i = 0; i < evs->len; i++)
    {
      MockEvent *ev = evs->pdata[i];
      end += strlen (lines[i]);
      g_assert_cmpuint (ev->sn, ==, end);
    }
  MockEvent *e0 = evs->pdata[0], *e1 = evs->pdata[1], *e2 = evs->pdata[2], *e3 = evs->pdata[3];
  /* Parsed ts, even going back; own attributes only. */
  g_assert_cmpstr (e0->ts, ==, "1714564800123456789");
  g_assert_cmpstr (e1->ts, ==, "1714561200000000000");
  g_assert_cmpstr (attr_str (e0, "stream"), ==, "stdout");
  g_assert_cmpstr (attr_str (e0, "raw_timestamp"), ==, "2024-05-01T12:00:00.123456789Z");
  g_assert_null (attr_str (e0, "app"));
  g_assert_null (attr_str (e0, "logfile"));
  g_assert_cmpuint (json_object_get_size (e0->attrs), ==, 3);
  g_assert_cmpint (json_object_get_int_member (e1->attrs, "n"), ==, 1);
  g_assert_cmpstr (attr_str (e1, "stream"), ==, "stderr");
  /* Not JSON, or no other member: the log's attributes and the wall clock. */
  g_assert_cmpstr (attr_str (e2, "app"), ==, "web");
  g_assert_cmpstr (attr_str (e2, "logfile"), ==, p);
  g_assert_cmpstr (attr_str (e3, "app"), ==, "web");
  g_assert_cmpstr (attr_str (e3, "parser"), ==, "default");
  g_assert_cmpint (g_ascii_strtoll (e3->ts, NULL, 10), >, g_get_real_time () * 1000 - 60 * G_GINT64_CONSTANT (1000000000));
  g_assert_nonnull (strstr (f->sink->data->str, "1 line(s) not parsed as parse_format json (last: not JSON)"));

  g_autoptr(JsonObject) st = log_status (up, p);
  g_assert_cmpint (json_object_get_int_member (st, "lines_redacted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (st, "position"), ==, (gint64) end);
  scalyr_uploader_stop (up);
}

static void
test_log_entry_parse_cri (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *p = path_in (f, "cri.log");

  mock_server_set_parsed_lines (f->mock, TRUE);
  /* Small requests: groups of lines cross many request boundaries. */
  g_autoptr(ScalyrUploader) up = new_uploader (f, "max-request-size", 4096u, NULL);
  g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"copy_from_start\": true, \"parse_format\": \"cri\"}", p));
  g_assert_no_error (error);

  GString *file = g_string_new (NULL);
  GString *expected = g_string_new (NULL);
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < 60; i++)
    {
      guint parts = 1 + i % 4;
      for (guint k = 0; k + 1 < parts; k++)
        g_string_append_printf (file, "2024-05-01T12:%02u:00.%09uZ stdout P line %u part %u,\n", i % 60, i, i, k);
      if (i % 7 == 3)
        {
          /* The other stream in the middle of a partial message. */
          g_string_append_printf (file, "2024-05-01T12:%02u:00Z stderr F err %u\n", i % 60, i);
          g_string_append_printf (expected, "err %u\n", i);
          guint64 e = file->len;
          g_array_append_val (ends, e);
        }
      g_string_append_printf (file, "2024-05-01T12:%02u:00.%09uZ stdout F line %u end\r\n", i % 60, i, i);
      for (guint k = 0; k + 1 < parts; k++)
        g_string_append_printf (expected, "line %u part %u,", i, k);
      g_string_append_printf (expected, "line %u end\n", i);
      guint64 e = file->len;
      g_array_append_val (ends, e);
    }
  /* Two faults: resent requests go again whole. */
  mock_server_push_fault (f->mock, MOCK_OK);
  mock_server_push_fault (f->mock, MOCK_HTTP_500);
  mock_server_push_fault (f->mock, MOCK_RESET);
  append (p, file->str);
  g_assert_true (scalyr_uploader_start (up, &error));
  wait_text (f, p, expected->str, 15);
  wait_acked (up);

  GPtrArray *evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (evs->len, ==, ends->len);
  for (guint i = 0; i < evs->len; i++)
    {
      MockEvent *ev = evs->pdata[i];
      g_assert_cmpuint (ev->sn, ==, g_array_index (ends, guint64, i));
      g_assert_nonnull (attr_str (ev, "stream"));
      g_assert_true (json_object_has_member (ev->attrs, "raw_timestamp"));
      g_assert_cmpint (json_object_get_int_member (ev->attrs, "raw_timestamp"), ==, g_ascii_strtoll (ev->ts, NULL, 10));
      g_assert_null (attr_str (ev, "logfile"));
    }
  /* ts of the first line of each message. */
  g_assert_cmpstr (((MockEvent *) evs->pdata[1])->ts, ==, "1714564860000000001");
  g_assert_cmpuint (mock_server_get_requests (f->mock), >, 5);

  /* A partial message at the end waits line-completion-wait, then goes. */
  const char *tail = "2024-05-01T13:00:00Z stderr P waiting ";
  append (p, "2024-05-01T13:00:00Z stdout P tail");
  append (p, "\n");
  g_string_append (expected, "tail\n");
  wait_text (f, p, expected->str, 5);
  append (p, tail);
  run_for (0.1);
  append (p, "\n2024-05-01T13:00:01Z stderr F done\n");
  g_string_append (expected, "waiting done\n");
  wait_text (f, p, expected->str, 5);
  wait_acked (up);
  evs = mock_server_get_log (f->mock, p);
  g_assert_cmpuint (((MockEvent *) evs->pdata[evs->len - 1])->sn, ==, (guint64) file_size (p));
  g_assert_cmpstr (mock_server_get_error (f->mock), ==, NULL);
  scalyr_uploader_stop (up);

  /* Stopped with a partial message pending; a new uploader goes on from
   * the checkpoint, before that message, and joins it. */
  guint n_before = evs->len;
  for (guint round = 0; round < 2; round++)
    {
      g_clear_object (&up);
      up = new_uploader (f, "line-completion-wait", 5.0, NULL);
      g_assert_true (add_entry (up, &error, "{\"path\": \"%s\", \"parse_format\": \"cri\"}", p));
      g_assert_true (scalyr_uploader_start (up, &error));
      if (round == 0)
        {
          append (p, "2024-05-01T13:00:02Z stdout P after ");
          append (p, "stop\n");
          run_for (0.3);
          scalyr_uploader_stop (up);
        }
    }
  run_for (0.3);
  append (p, "2024-05-01T13:00:03Z stdout F restart\n");
  g_string_append (expected, "after stoprestart\n");
  wait_text (f, p, expected->str, 5);
  wait_acked (up);
  g_assert_cmpuint (mock_server_get_log (f->mock, p)->len, ==, n_before + 1);
  scalyr_uploader_stop (up);
  g_array_free (ends, TRUE);
  g_string_free (file, TRUE);
  g_string_free (expected, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upload/json-escape", test_json_escape);
  g_test_add_func ("/upload/json-escape-utf8", test_json_escape_utf8);
  g_test_add_func ("/upload/session-id", test_session_id);
  g_test_add_func ("/upload/url", test_url);
  g_test_add_func ("/upload/compress", test_compress);
  g_test_add_func ("/upload/compressor", test_compressor);
  g_test_add_func ("/upload/proxy-env", test_proxy_env);
  g_test_add_func ("/upload/checkpoint-files", test_checkpoint_files);
  g_test_add_func ("/upload/log-entry/errors", test_log_entry_errors);
  g_test_add_func ("/upload/log-entry/rules-errors", test_log_entry_rules_errors);
  g_test_add_func ("/upload/log-rules/reference", test_log_rules_reference);
  g_test_add_func ("/upload/log-rules/sampling", test_log_rules_sampling);
  g_test_add_func ("/upload/line-groupers/reference", test_line_groupers_reference);
  g_test_add_func ("/upload/line-groupers/scan", test_line_groupers_scan);
  g_test_add_func ("/upload/log-entry/line-groupers-errors", test_log_entry_line_groupers_errors);
  g_test_add_func ("/upload/parse-format/rfc3339", test_parse_rfc3339);
  g_test_add_func ("/upload/parse-format/cri-line", test_parse_cri_line);
  g_test_add_func ("/upload/parse-format/json-lines", test_parse_json_lines);
  g_test_add_func ("/upload/parse-format/cri-groups", test_parse_cri_groups);
  g_test_add_func ("/upload/parse-format/robust", test_parse_format_robust);
  g_test_add_func ("/upload/log-entry/parse-format-errors", test_parse_format_errors);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/upload/basic", test_basic);
  ADD ("/upload/compression", test_compression);
  ADD ("/upload/faults-rotation-truncation", test_faults);
  ADD ("/upload/retry-after", test_retry_after);
  ADD ("/upload/backoff", test_backoff);
  ADD ("/upload/resume", test_resume);
  ADD ("/upload/crash-resend", test_crash_resend);
  ADD ("/upload/resend-compressions", test_resend_compressions);
  ADD ("/upload/reference-checkpoint", test_reference_checkpoint);
  ADD ("/upload/rotated-while-stopped", test_rotated_while_stopped);
  ADD ("/upload/tls", test_tls);
  ADD ("/upload/http-proxy", test_http_proxy);
  ADD ("/upload/own-thread", test_own_thread);
  ADD ("/upload/long-and-partial-lines", test_long_and_partial);
  ADD ("/upload/new-and-deleted-files", test_new_and_deleted);
  ADD ("/upload/server-down", test_server_down);
  ADD ("/upload/discard-buffer", test_discard);
  ADD ("/upload/too-far-behind", test_too_far_behind);
  ADD ("/upload/log-entry/exclude", test_log_entry_exclude);
  ADD ("/upload/log-entry/stale", test_log_entry_stale);
  ADD ("/upload/log-entry/rename", test_log_entry_rename);
  ADD ("/upload/log-entry/redaction", test_log_entry_redaction);
  ADD ("/upload/log-entry/sampling", test_log_entry_sampling);
  ADD ("/upload/log-entry/line-groupers", test_log_entry_line_groupers);
  ADD ("/upload/log-entry/line-groupers-requests", test_log_entry_line_groupers_requests);
  ADD ("/upload/log-entry/parse-json", test_log_entry_parse_json);
  ADD ("/upload/log-entry/parse-cri", test_log_entry_parse_cri);
  ADD ("/upload/rate/enforced", test_rate_enforced);
  return g_test_run ();
}
