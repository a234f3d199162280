/* assets.c: files embedded into the binary at build time (DKFDS's CSS, JS,
 * fonts and icons from npm, our own assets/ and the po/ catalogs; the list
 * is in the Makefile, the bytes in build/embedded.c made by tools/embed.c).
 * Served under /assets/ with a content-hash ETag and a year of caching;
 * pages link them as path?v=HASH so a new build is fetched at once. */
#include "hjemvej.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static char (*etags)[17];
static char **urls;
static size_t *by_path; /* the files' indexes in path order, for bsearch */

static int path_cmp(const void *a, const void *b)
{
	return strcmp(embedded_files[*(const size_t *)a].path, embedded_files[*(const size_t *)b].path);
}

void assets_init(void)
{
	if (etags)
		return;
	etags = xcalloc(n_embedded_files, sizeof *etags);
	urls = xcalloc(n_embedded_files, sizeof *urls);
	for (size_t i = 0; i < n_embedded_files; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, embedded_files[i].data, embedded_files[i].size);
		hex_encode(etags[i], h, 8);
		Buf u = {0};
		buf_puts(&u, embedded_files[i].path);
		buf_puts(&u, "?v=");
		buf_puts(&u, etags[i]);
		urls[i] = u.p;
	}
	by_path = xcalloc(n_embedded_files, sizeof *by_path);
	for (size_t i = 0; i < n_embedded_files; i++)
		by_path[i] = i;
	qsort(by_path, n_embedded_files, sizeof *by_path, path_cmp);
}

/* Every page names two stylesheets and every asset request one file: a
 * binary search, not a walk of the few hundred files. */
static long asset_index(const char *path)
{
	size_t lo = 0, hi = n_embedded_files;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(embedded_files[by_path[mid]].path, path);
		if (c == 0)
			return (long)by_path[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const Asset *asset_find(const char *path)
{
	long i = asset_index(path);
	return i < 0 ? NULL : &embedded_files[i];
}

const char *asset_etag(const Asset *a)
{
	return etags[a - embedded_files];
}

const char *asset_url(const char *path)
{
	long i = asset_index(path);
	if (i < 0)
		FATAL("no embedded asset %s", path);
	return urls[i];
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".woff2", "font/woff2"},
		{".woff", "font/woff"},
		{".ico", "image/x-icon"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void page_asset(Req *r)
{
	const Asset *a = strncmp(r->path, "/assets/", 8) == 0 ? asset_find(r->path) : NULL;
	if (!a) {
		r->status = 404;
		r->ctype = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Not found\n");
		return;
	}
	Buf etag = {0};
	buf_putc(&etag, '"');
	buf_puts(&etag, asset_etag(a));
	buf_putc(&etag, '"');
	r->asset = a;
	r->ctype = content_type(a->path);
	req_header(r, "ETag", etag.p);
	req_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	const char *inm = req_in_header(r, "If-None-Match");
	r->status = inm && strstr(inm, etag.p) ? 304 : 200;
	buf_free(&etag);
}
