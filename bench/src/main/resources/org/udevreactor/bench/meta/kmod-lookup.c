/*
 * libkmod's in-process alias lookup, for the module-index benchmark: what
 * modprobe does for one modalias (kmod_module_new_from_lookup), with the
 * indexes mmapped once (kmod_load_resources). Compiled with gcc when the
 * benchmark starts and called through jnr-ffi, one call per lookup.
 */
#include <libkmod.h>
#include <stddef.h>

/* Opens MODULE_DIR with no modprobe.d configuration; NULL on failure. */
struct kmod_ctx *kmod_bench_open(const char *module_dir)
{
	static const char *const no_config[] = { NULL };
	struct kmod_ctx *ctx = kmod_new(module_dir, no_config);

	if (ctx == NULL)
		return NULL;
	/* The shared trees hold no .ko files; libkmod's complaints about them are noise. */
	kmod_set_log_priority(ctx, 0);
	if (kmod_load_resources(ctx) < 0) {
		kmod_unref(ctx);
		return NULL;
	}
	return ctx;
}

/* Resolves one alias; returns how many modules it names, or -errno. */
int kmod_bench_lookup(struct kmod_ctx *ctx, const char *alias)
{
	struct kmod_list *list = NULL, *l;
	int n = 0;
	int err = kmod_module_new_from_lookup(ctx, alias, &list);

	if (err < 0)
		return err;
	kmod_list_foreach(l, list)
		n++;
	kmod_module_unref_list(list);
	return n;
}

void kmod_bench_close(struct kmod_ctx *ctx)
{
	kmod_unref(ctx);
}
