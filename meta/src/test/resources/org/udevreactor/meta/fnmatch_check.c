/*
 * Differential-test oracle for the pattern matcher: for each stdin line
 * "PATTERN<TAB>STRING" prints 1 when glibc's fnmatch(PATTERN, STRING, 0)
 * matches (as libkmod calls it, in the C locale), else 0. Built by the tests.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		char *tab;

		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		tab = strchr(line, '\t');
		if (tab == NULL) {
			fprintf(stderr, "fnmatch_check: no tab in input line\n");
			return 2;
		}
		*tab = '\0';
		putchar(fnmatch(line, tab + 1, 0) == 0 ? '1' : '0');
		putchar('\n');
	}
	free(line);
	return ferror(stdout) ? 1 : 0;
}
