/*
 * Differential-test oracle: resolves each line of stdin with libkmod's
 * kmod_module_new_from_lookup, as modprobe -R does, and prints the module
 * names comma-separated, one output line per input line (empty when none).
 * Usage: kmod_lookup MODULE_DIR. No modprobe.d configuration is read, so the
 * answers come from the module directory alone. Built by the tests with gcc.
 */
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static const char *const no_config[] = { NULL };
	struct kmod_ctx *ctx;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: %s MODULE_DIR < aliases\n", argv[0]);
		return 2;
	}
	ctx = kmod_new(argv[1], no_config);
	if (ctx == NULL || kmod_load_resources(ctx) < 0) {
		fprintf(stderr, "%s: cannot open the module index\n", argv[1]);
		return 1;
	}
	/* The shared trees hold no .ko files; libkmod's complaints about them are noise here. */
	kmod_set_log_priority(ctx, 0);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		struct kmod_list *list = NULL, *l;
		int first = 1;

		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (kmod_module_new_from_lookup(ctx, line, &list) >= 0) {
			kmod_list_foreach(l, list) {
				struct kmod_module *mod = kmod_module_get_module(l);

				printf("%s%s", first ? "" : ",", kmod_module_get_name(mod));
				kmod_module_unref(mod);
				first = 0;
			}
			kmod_module_unref_list(list);
		}
		putchar('\n');
	}
	free(line);
	kmod_unref(ctx);
	return ferror(stdout) ? 1 : 0;
}
