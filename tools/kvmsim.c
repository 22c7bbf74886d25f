// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim - command-line front end of the arm64 KVM simulator.
 *
 * Each subcommand is one entry of the table below; "kvmsim help" and
 * "kvmsim --help" list them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvmsim/kvmsim.h"

struct subcommand {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static int cmd_info(int argc, char **argv);
static int cmd_kernels(int argc, char **argv);

static const struct subcommand subcommands[] = {
	{ "info",    "print the version and the modelled kernels", cmd_info },
	{ "kernels", "list the modelled kernel releases, one per line", cmd_kernels },
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: kvmsim [--help] [--version] COMMAND [ARG...]\n"
		"\n"
		"kvmsim simulates the Linux KVM ioctl interface for arm64 in user space.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out,
		"\n"
		"Run 'kvmsim COMMAND --help' for a command's own options.\n");
}

/* Subcommands without options of their own accept --help and nothing else. */
static int no_options(int argc, char **argv, const char *what)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("Usage: kvmsim %s\n\n%s\n", argv[0], what);
		return 1;
	}
	if (argc > 1) {
		fprintf(stderr, "kvmsim %s: unexpected argument '%s'\n", argv[0], argv[1]);
		return -1;
	}
	return 0;
}

static int cmd_kernels(int argc, char **argv)
{
	size_t i;
	int r = no_options(argc, argv,
			   "Lists the Linux releases whose KVM behaviour the simulator models,\n"
			   "oldest first; the default one is marked.");

	if (r)
		return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	for (i = 0; i < kvmsim_kernel_count(); i++) {
		const char *name = kvmsim_kernel_name(i);

		printf("%s%s\n", name,
		       strcmp(name, kvmsim_kernel_default()) == 0 ? " (default)" : "");
	}
	return EXIT_SUCCESS;
}

static int cmd_info(int argc, char **argv)
{
	size_t i;
	int r = no_options(argc, argv,
			   "Prints kvmsim's version and the kernel releases it models.");

	if (r)
		return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	printf("kvmsim %s: arm64 KVM ioctl interface simulator\n", kvmsim_version());
	printf("modelled kernels:");
	for (i = 0; i < kvmsim_kernel_count(); i++)
		printf(" %s", kvmsim_kernel_name(i));
	printf("\ndefault kernel: %s\n", kvmsim_kernel_default());
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int c;

	/* "+": stop at the subcommand, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("kvmsim %s\n", kvmsim_version());
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_FAILURE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	for (i = 0; i < N_SUBCOMMANDS; i++)
		if (strcmp(argv[optind], subcommands[i].name) == 0)
			return subcommands[i].run(argc - optind, argv + optind);

	fprintf(stderr, "kvmsim: unknown command '%s' (see 'kvmsim --help')\n", argv[optind]);
	return EXIT_FAILURE;
}
