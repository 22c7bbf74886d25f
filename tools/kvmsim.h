/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kvmsim command's parts: subcommands and their shared helpers. */
#ifndef KVMSIM_TOOLS_KVMSIM_H
#define KVMSIM_TOOLS_KVMSIM_H

#include <stddef.h>
#include <stdint.h>

struct option;

/**
 * struct subcommand - one "kvmsim NAME" command.
 * @name: what the user types.
 * @synopsis: its arguments, for the usage line.
 * @summary: one line for "kvmsim --help".
 * @help: the rest of "kvmsim NAME --help".
 * @run: gets argv from the subcommand's name on; returns the exit status.
 */
struct subcommand {
	const char *name;
	const char *synopsis;
	const char *summary;
	const char *help;
	int (*run)(int argc, char **argv);
};

/* "kvmsim CMD: message" on stderr; returns EXIT_FAILURE. */
__attribute__((format(printf, 2, 3))) int sub_error(const char *cmd, const char *fmt, ...);

/*
 * A subcommand's options: @shortopts/@longopts handed to @opt (returning
 * -1 to go on or an exit status; a leading "+" stops at the first
 * argument), plus --help and --version.  Returns -1
 * when the subcommand should go on with argv[optind...], else the exit status.
 */
int sub_options(int argc, char **argv, const char *shortopts, const struct option *longopts,
		int (*opt)(int c, const char *arg, void *data), void *data);

/* kvmsim-trace.c */
int cmd_trace(int argc, char **argv);
#define TRACE_SYNOPSIS	"[-o FILE] [--kernel=RELEASE] [--] PROGRAM [ARG...]"
#define TRACE_HELP \
	"Runs PROGRAM, an unmodified dynamically linked program of this machine\n" \
	"(or an aarch64 one, under qemu-aarch64), on the simulator as kvmsim-run\n" \
	"does, and prints each KVM ioctl it makes,\n" \
	"one line per call when the call returns: the fd's kind (sys, vm,\n" \
	"vcpuN), the request, its argument decoded (register names and values,\n" \
	"memory regions, vCPU features, the data of an MMIO read KVM_RUN\n" \
	"completes), \"->\", the result or -1 and the errno's\n" \
	"name, and what the call gave back (register values, KVM_RUN's exit and\n" \
	"its fields):\n" \
	"\n" \
	"  vcpu0 KVM_SET_ONE_REG regs.pc = 0x40000000 -> 0\n" \
	"  vcpu0 KVM_RUN -> 0 exit=MMIO phys_addr=0x9000000 len=1 is_write=1 data=0x48\n" \
	"\n" \
	"Options:\n" \
	"  -o, --output=FILE      write the trace to FILE (default: stderr)\n" \
	"  -k, --kernel=RELEASE   the kernel to model (default: $KVMSIM_KERNEL,\n" \
	"                         else the default release)\n" \
	"\n" \
	"Environment: KVMSIM_TRACE_PRELOAD, KVMSIM_TRACE_PRELOAD_AARCH64 (the\n" \
	"tracer's builds for this machine and for aarch64, instead of the ones\n" \
	"beside kvmsim, in the build tree or installed), KVMSIM_RUN (kvmsim-run).\n" \
	"\n" \
	"Exit status: PROGRAM's; 125 trace's own error; 126 PROGRAM cannot be\n" \
	"run (statically linked, another machine's); 127 PROGRAM not found.\n"

/* kvmsim-capture.c */
int cmd_capture(int argc, char **argv);
#define CAPTURE_SYNOPSIS "[-o FILE] [--name=NAME] [--section-only] [--backend=host|sim]"
#define CAPTURE_HELP \
	"On an arm64 host, asks its /dev/kvm what KVM shows a VMM - the optional\n" \
	"vCPU features, SVE vector lengths, PMU counters, and for the running\n" \
	"kernel the reset values KVM takes from the host CPU (ID registers,\n" \
	"MIDR_EL1, CLIDR_EL1, CTR_EL0, PMCR_EL0, CCSIDR_EL1 per level, the\n" \
	"firmware registers), base, PMU and SVE vCPUs alike - and writes them as\n" \
	"a host profile, the file KVMSIM_HOST and --host load.  Whether data\n" \
	"aborts carry the sign-extension bit is seen by running a two-instruction\n" \
	"guest.  A profile holds one section per kernel: capture on each kernel\n" \
	"and append the others' with --section-only.\n" \
	"\n" \
	"Options:\n" \
	"  -o, --output=FILE      write the profile to FILE (default: stdout)\n" \
	"  -n, --name=NAME        the profile's host name (default: captured)\n" \
	"  -s, --section-only     only the running kernel's section, to append\n" \
	"  -b, --backend=host|sim where to ask (default host, the real /dev/kvm;\n" \
	"                         sim reads the simulator's own profile back)\n" \
	"  -k, --kernel=RELEASE   with --backend=sim: the kernel to model\n" \
	"\n" \
	"Exit status: 0 written; 1 /dev/kvm is missing or not arm64 KVM, or a\n" \
	"call failed (the message says which).\n"

#endif /* KVMSIM_TOOLS_KVMSIM_H */
