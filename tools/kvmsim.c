// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim - command-line front end of the arm64 KVM simulator.
 *
 * Each subcommand is one entry of the table below, with its synopsis and
 * help text; "kvmsim help", "kvmsim --help" list them and every
 * subcommand takes --help and --version.  Errors go to stderr, with exit
 * status 1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/kvmsim.h"
#include "kvmsim/regs.h"
#include "kvmsim.h"

static int cmd_info(int argc, char **argv);
static int cmd_kernels(int argc, char **argv);
static int cmd_regid(int argc, char **argv);
static int cmd_reglist(int argc, char **argv);

static const struct subcommand subcommands[] = {
	{ "info", "", "print the version and the modelled kernels",
	  "Prints kvmsim's version and the kernel releases it models.\n",
	  cmd_info },
	{ "kernels", "", "list the modelled kernel releases, one per line",
	  "Lists the Linux releases whose KVM behaviour the simulator models,\n"
	  "oldest first; the default one is marked.\n",
	  cmd_kernels },
	{ "regid", "ID|NAME...", "name register ids, and give the ids of names",
	  "For each argument, a register id (0x6030000000100040, or decimal) or a\n"
	  "register name (pc, x7, v3, MPIDR_EL1, S3_0_C0_C0_5, PSCI_VERSION, z0,\n"
	  "p1.slice0, ffr, vls, TIMER_CNT, CCSIDR_EL1[0], and sp_el0, cpsr, lr and\n"
	  "fp as the kernel, QEMU and gdb write them; case does not matter),\n"
	  "prints one line: the id in hex, the class (core, sysreg, timer, fw,\n"
	  "fw-bmap, sve, demux), the name and details in parentheses:\n"
	  "\n"
	  "  0x6030000000100040 core regs.pc (u64)\n"
	  "  0x603000000013c005 sysreg MPIDR_EL1 (3,0,0,0,5)\n"
	  "\n"
	  "An id that is no arm64 register, or a name no register has, is\n"
	  "explained on stderr (which field is wrong; for an id in hex without its\n"
	  "0x, \"did you mean 0x...?\") and makes the exit status 1;\n"
	  "the other arguments are still printed.\n",
	  cmd_regid },
	{ "reglist", "[--kernel=RELEASE] [--features=LIST] [--host=NAME|FILE] [--count]",
	  "the register list of a vCPU, as KVM_GET_REG_LIST gives it",
	  "Creates a VM and a vCPU in the simulator, initialises the vCPU with\n"
	  "the features (KVM_ARM_VCPU_INIT; KVM_ARM_VCPU_FINALIZE for sve) and\n"
	  "prints what KVM_GET_REG_LIST returns, in its order: one register per\n"
	  "line, the id in hex and the name.\n"
	  "\n"
	  "Options:\n"
	  "  -k, --kernel=RELEASE   the kernel to model (default: $KVMSIM_KERNEL,\n"
	  "                         else the default release; one that is not\n"
	  "                         modelled is an error)\n"
	  "  -f, --features=LIST    comma-separated vCPU features: power_off,\n"
	  "                         el1_32bit, psci_0_2, pmu, sve, ptrauth_address,\n"
	  "                         ptrauth_generic, ptrauth (both), or a bit\n"
	  "                         number; empty for none (default: psci_0_2)\n"
	  "  -H, --host=NAME|FILE   the host CPU profile: a built-in one (qemu-max,\n"
	  "                         qemu-max-pauth-mte, qemu-n1) or a file (default:\n"
	  "                         $KVMSIM_HOST, else qemu-max)\n"
	  "  -c, --count            print only the number of registers\n",
	  cmd_reglist },
	{ "trace", TRACE_SYNOPSIS, "run a program on the simulator, printing its KVM ioctls",
	  TRACE_HELP, cmd_trace },
	{ "capture", CAPTURE_SYNOPSIS, "record this host's arm64 KVM as a host profile",
	  CAPTURE_HELP, cmd_capture },
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

static const struct subcommand *find_subcommand(const char *name)
{
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		if (strcmp(name, subcommands[i].name) == 0)
			return &subcommands[i];
	return NULL;
}

static void sub_usage(const struct subcommand *sc, FILE *out)
{
	fprintf(out, "Usage: kvmsim %s%s%s\n\n%s", sc->name, *sc->synopsis ? " " : "",
		sc->synopsis, sc->help);
}

int sub_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kvmsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

/*
 * Parses a subcommand's options: its own (@longopts, @shortopts, each
 * handed to @opt) and --help and --version, which every subcommand has.
 * A leading "+" in @shortopts ends the options at the first argument.
 * Return: -1 to go on with argv[optind...], else the exit status.
 */
int sub_options(int argc, char **argv, const char *shortopts, const struct option *longopts,
		int (*opt)(int c, const char *arg, void *data), void *data)
{
	const struct subcommand *sc = find_subcommand(argv[0]);
	struct option all[16];
	char shorts[64];
	size_t n = 0;
	int c;

	for (; longopts && longopts[n].name && n < 13; n++)
		all[n] = longopts[n];
	all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	all[n++] = (struct option){ "version", no_argument, NULL, 'V' };
	all[n] = (struct option){ NULL, 0, NULL, 0 };
	snprintf(shorts, sizeof(shorts), "%shV", shortopts ? shortopts : "");
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		int r;

		switch (c) {
		case 'h':
			sub_usage(sc, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("kvmsim %s\n", kvmsim_version());
			return EXIT_SUCCESS;
		case '?':
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				sub_error(sc->name, "invalid option '-%c' (see 'kvmsim %s --help')",
					  optopt, sc->name);
			else
				sub_error(sc->name, "invalid option '%s' (see 'kvmsim %s --help')",
					  argv[optind - 1], sc->name);
			return EXIT_FAILURE;
		case ':':
			return sub_error(sc->name, "option '%s' needs a value", argv[optind - 1]);
		default:
			r = opt(c, optarg, data);
			if (r >= 0)
				return r;
		}
	}
	return -1;
}

/* For subcommands without arguments. */
static int no_arguments(int argc, char **argv)
{
	int r = sub_options(argc, argv, NULL, NULL, NULL, NULL);

	if (r >= 0)
		return r;
	if (optind < argc)
		return sub_error(argv[0], "unexpected argument '%s'", argv[optind]);
	return -1;
}

static int cmd_kernels(int argc, char **argv)
{
	size_t i;
	int r = no_arguments(argc, argv);

	if (r >= 0)
		return r;
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
	int r = no_arguments(argc, argv);

	if (r >= 0)
		return r;
	printf("kvmsim %s: arm64 KVM ioctl interface simulator\n", kvmsim_version());
	printf("modelled kernels:");
	for (i = 0; i < kvmsim_kernel_count(); i++)
		printf(" %s", kvmsim_kernel_name(i));
	printf("\ndefault kernel: %s\n", kvmsim_kernel_default());
	return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* regid                                                                   */

/* A number: 0x<hex> or decimal; anything else starting with a digit is an error. */
static int parse_id(const char *s, uint64_t *ret_id)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *digits = hex ? s + 2 : s;
	unsigned long long v;
	char *end;

	if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
		return -EINVAL;
	errno = 0;
	v = strtoull(digits, &end, hex ? 16 : 10);
	if (errno || *end)
		return -EINVAL;
	*ret_id = v;
	return 0;
}

/* Why a name of a known form did not fit: which field of S3_0_C0_C0_5 is too wide. */
static void explain_range(const char *arg)
{
	static const char *const fields[5] = { "op0", "op1", "CRn", "CRm", "op2" };
	static const unsigned int bits[5] = { 2, 3, 4, 4, 3 };
	unsigned long f[5];
	char end;

	if (sscanf(arg, "%*1[Ss]%lu_%lu_%*1[Cc]%lu_%*1[Cc]%lu_%lu%c",
		   &f[0], &f[1], &f[2], &f[3], &f[4], &end) == 5)
		for (int i = 0; i < 5; i++)
			if (f[i] >= 1UL << bits[i]) {
				sub_error("regid", "%s: %s is %lu, but %s has %u bits (0-%lu)", arg,
					  fields[i], f[i], fields[i], bits[i], (1UL << bits[i]) - 1);
				return;
			}
	sub_error("regid", "%s: a number in the name is out of range (x0-x30, v0-v31, "
		  "spsr[0-4], z0-z31, p0-p15, .slice0-31, CCSIDR_EL1[0-13])", arg);
}

/*
 * "; did you mean 0x603000000013c005?" for an id written in hex without
 * its 0x (which reads as decimal, or not at all), when that is a register.
 */
static const char *hex_hint(const char *arg)
{
	static char hint[64];
	char line[512], *end;
	uint64_t id;

	if (strlen(arg) > 16 || arg[strspn(arg, "0123456789abcdefABCDEF")])
		return "";
	errno = 0;
	id = strtoull(arg, &end, 16);
	if (errno || *end || kvmsim_reg_describe(id, line, sizeof(line)) < 0)
		return "";
	snprintf(hint, sizeof(hint), "; did you mean 0x%s?", arg);
	return hint;
}

/*
 * The names the kernel's sources, QEMU and gdb give registers that KVM's
 * uapi names otherwise: struct user_pt_regs' sp is SP_EL0.
 */
static const struct {
	const char *alias;
	const char *name;
} reg_aliases[] = {
	{ "sp_el0", "sp" },
	{ "cpsr", "pstate" },
	{ "lr", "x30" },
	{ "fp", "x29" },
};

/*
 * KVM gives a VMM the EL2 registers of a nested guest only, which 6.1 and
 * 6.12 do not have: of the names ending in _EL2, the AArch32 ones that
 * belong to EL1 (DACR32_EL2, IFSR32_EL2, FPEXC32_EL2, DBGVCR32_EL2) are
 * registers, and the table knows them.
 */
static bool is_el2_name(const char *arg)
{
	size_t n = strlen(arg);

	return n > 4 && !strcasecmp(arg + n - 4, "_el2");
}

static int regid_one(const char *arg)
{
	char line[512];
	uint64_t id;

	for (size_t i = 0; i < sizeof(reg_aliases) / sizeof(reg_aliases[0]); i++)
		if (!strcasecmp(arg, reg_aliases[i].alias))
			arg = reg_aliases[i].name;
	if (arg[0] >= '0' && arg[0] <= '9') {
		if (parse_id(arg, &id))
			return sub_error("regid", "%s: not a register id (a 64-bit number, "
					 "0x<hex> or decimal)%s", arg, hex_hint(arg));
		if (kvmsim_reg_describe(id, line, sizeof(line)) < 0)
			return sub_error("regid", "0x%016" PRIx64 ": %s%s", id, line,
					 hex_hint(arg));
	} else if (kvmsim_reg_id(arg, &id)) {
		if (errno == ERANGE) {
			explain_range(arg);
			return EXIT_FAILURE;
		}
		if (is_el2_name(arg))
			return sub_error("regid", "%s: not a KVM register: without nested "
					 "virtualisation (not in 6.1 or 6.12) KVM has no EL2 "
					 "registers but DACR32_EL2, IFSR32_EL2, FPEXC32_EL2 "
					 "and DBGVCR32_EL2", arg);
		return sub_error("regid", "%s: no register has this name (see 'kvmsim regid "
				 "--help' for the forms)", arg);
	} else {
		kvmsim_reg_describe(id, line, sizeof(line));
	}
	printf("0x%016" PRIx64 " %s\n", id, line);
	return 0;
}

static int cmd_regid(int argc, char **argv)
{
	int r = sub_options(argc, argv, NULL, NULL, NULL, NULL), status = EXIT_SUCCESS;

	if (r >= 0)
		return r;
	if (optind >= argc)
		return sub_error(argv[0], "no register id or name (see 'kvmsim regid --help')");
	for (int i = optind; i < argc; i++)
		if (regid_one(argv[i]))
			status = EXIT_FAILURE;
	return status;
}

/* ---------------------------------------------------------------------- */
/* reglist                                                                 */

static const struct {
	const char *name;
	uint32_t bits;
} vcpu_features[] = {
	{ "power_off", 1U << KVM_ARM_VCPU_POWER_OFF },
	{ "el1_32bit", 1U << KVM_ARM_VCPU_EL1_32BIT },
	{ "psci_0_2", 1U << KVM_ARM_VCPU_PSCI_0_2 },
	{ "pmu", 1U << KVM_ARM_VCPU_PMU_V3 },
	{ "pmu_v3", 1U << KVM_ARM_VCPU_PMU_V3 },
	{ "sve", 1U << KVM_ARM_VCPU_SVE },
	{ "ptrauth_address", 1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS },
	{ "ptrauth_generic", 1U << KVM_ARM_VCPU_PTRAUTH_GENERIC },
	{ "ptrauth", (1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS) | (1U << KVM_ARM_VCPU_PTRAUTH_GENERIC) },
};

/* "pmu,sve" into features[0]; a bit number (0-31) stands for itself. */
static int parse_features(const char *list, uint32_t *ret_features, const char **ret_bad, size_t *ret_len)
{
	uint32_t features = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		bool found = false;
		char *end;
		unsigned long bit;

		for (size_t i = 0; i < sizeof(vcpu_features) / sizeof(vcpu_features[0]); i++)
			if (strlen(vcpu_features[i].name) == len &&
			    !strncasecmp(p, vcpu_features[i].name, len)) {
				features |= vcpu_features[i].bits;
				found = true;
			}
		if (!found && len && p[0] >= '0' && p[0] <= '9') {
			bit = strtoul(p, &end, 10);
			if (end == p + len && bit < 32) {
				features |= 1U << bit;
				found = true;
			}
		}
		if (!found) {
			*ret_bad = p;
			*ret_len = len;
			return -EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	*ret_features = features;
	return 0;
}

struct reglist_opts {
	const char *kernel;
	const char *features;
	const char *host;
	bool count;
};

static int reglist_opt(int c, const char *arg, void *data)
{
	struct reglist_opts *o = data;

	switch (c) {
	case 'k':
		o->kernel = arg;
		break;
	case 'f':
		o->features = arg;
		break;
	case 'H':
		o->host = arg;
		break;
	case 'c':
		o->count = true;
		break;
	}
	return -1;
}

/* "6.1, 6.12" */
static const char *modelled_kernels(void)
{
	static char buf[128];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < kvmsim_kernel_count() && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "",
					kvmsim_kernel_name(i));
	return buf;
}

/* The errno's name where it says more than strerror() to a KVM user. */
static const char *ioctl_error(int err)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s (%s)", strerror(err),
		 err == EINVAL ? "EINVAL" : err == ENOENT ? "ENOENT" : err == EPERM ? "EPERM" :
		 err == E2BIG ? "E2BIG" : err == EFAULT ? "EFAULT" : "errno");
	return buf;
}

static int reglist_fetch(const char *kernel, uint32_t features, struct kvm_reg_list **ret_list)
{
	struct kvm_vcpu_init init;
	struct kvm_reg_list probe = { .n = 0 }, *list = NULL;
	int sys, vm = -1, vcpu = -1, err = 0;
	const char *what;

	sys = kvmsim_open(kernel, O_RDWR | O_CLOEXEC);
	if (sys < 0)
		return sub_error("reglist", "cannot open the simulated /dev/kvm: %s", strerror(errno));
	what = "KVM_CREATE_VM";
	vm = kvmsim_ioctl(sys, KVM_CREATE_VM, 0UL);
	if (vm < 0)
		goto fail;
	what = "KVM_CREATE_VCPU";
	vcpu = kvmsim_ioctl(vm, KVM_CREATE_VCPU, 0UL);
	if (vcpu < 0)
		goto fail;
	what = "KVM_ARM_PREFERRED_TARGET";
	if (kvmsim_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init))
		goto fail;
	memset(init.features, 0, sizeof(init.features));
	init.features[0] = features;
	what = "KVM_ARM_VCPU_INIT";
	if (kvmsim_ioctl(vcpu, KVM_ARM_VCPU_INIT, &init)) {
		err = errno;
		sub_error("reglist", "KVM_ARM_VCPU_INIT with features 0x%" PRIx32 ": %s%s",
			  features, ioctl_error(err),
			  err == EINVAL ? "; does the host profile offer them all?" : "");
		goto out;
	}
	if (features & (1U << KVM_ARM_VCPU_SVE)) {
		int feature = KVM_ARM_VCPU_SVE;

		what = "KVM_ARM_VCPU_FINALIZE";
		if (kvmsim_ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &feature))
			goto fail;
	}
	what = "KVM_GET_REG_LIST";
	if (kvmsim_ioctl(vcpu, KVM_GET_REG_LIST, &probe) == 0 || errno != E2BIG)
		goto fail;
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	if (!list) {
		err = errno;
		sub_error("reglist", "out of memory");
		goto out;
	}
	list->n = probe.n;
	if (kvmsim_ioctl(vcpu, KVM_GET_REG_LIST, list))
		goto fail;
	*ret_list = list;
	list = NULL;
	goto out;
fail:
	err = errno;
	sub_error("reglist", "%s: %s", what, ioctl_error(err));
out:
	free(list);
	if (vcpu >= 0)
		kvmsim_close(vcpu);
	if (vm >= 0)
		kvmsim_close(vm);
	kvmsim_close(sys);
	return err ? EXIT_FAILURE : 0;
}

static int cmd_reglist(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "features", required_argument, NULL, 'f' },
		{ "host", required_argument, NULL, 'H' },
		{ "count", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct reglist_opts o = { .features = "psci_0_2" };
	struct kvm_reg_list *list = NULL;
	const char *kernel = NULL, *bad;
	uint32_t features;
	size_t badlen;
	int r = sub_options(argc, argv, ":k:f:H:c", longopts, reglist_opt, &o);

	if (r >= 0)
		return r;
	if (optind < argc)
		return sub_error(argv[0], "unexpected argument '%s'", argv[optind]);
	if (o.kernel) {
		kernel = kvmsim_kernel_lookup(o.kernel);
		if (!kernel)
			return sub_error(argv[0], "--kernel=%s names no modelled kernel "
					 "(modelled: %s)", o.kernel, modelled_kernels());
	} else if (getenv("KVMSIM_KERNEL") && *getenv("KVMSIM_KERNEL")) {
		kernel = kvmsim_kernel_lookup(getenv("KVMSIM_KERNEL"));
		if (!kernel)
			return sub_error(argv[0], "KVMSIM_KERNEL=%s names no modelled kernel "
					 "(modelled: %s)", getenv("KVMSIM_KERNEL"),
					 modelled_kernels());
	}
	if (parse_features(o.features, &features, &bad, &badlen))
		return sub_error(argv[0], "--features: unknown feature '%.*s' (power_off, "
				 "el1_32bit, psci_0_2, pmu, sve, ptrauth_address, "
				 "ptrauth_generic, ptrauth, or a bit number 0-31)",
				 (int)badlen, bad);
	if (o.host) {
		size_t len = strlen(o.host);
		bool file = strchr(o.host, '/') || (len >= 5 && !strcmp(o.host + len - 5, ".host"));
		struct stat st;

		/* A name is the library's to look up among its built-in profiles. */
		if (file && (access(o.host, R_OK) || stat(o.host, &st)))
			return sub_error(argv[0], "--host=%s: %s (a host profile file, such as "
					 "sim/arch/arm64/hosts/qemu-n1.host, or a built-in "
					 "one's name: qemu-max, qemu-max-pauth-mte, qemu-n1)",
					 o.host, strerror(errno));
		if (file && S_ISDIR(st.st_mode))
			return sub_error(argv[0], "--host=%s: %s", o.host, strerror(EISDIR));
		if (setenv("KVMSIM_HOST", o.host, 1))
			return sub_error(argv[0], "cannot set KVMSIM_HOST: %s", strerror(errno));
	}
	r = reglist_fetch(kernel, features, &list);
	if (r)
		return r;
	if (o.count) {
		printf("%llu\n", (unsigned long long)list->n);
	} else {
		for (uint64_t i = 0; i < list->n; i++) {
			char name[128];

			if (kvmsim_reg_name(list->reg[i], name, sizeof(name)) < 0)
				snprintf(name, sizeof(name), "?");
			printf("0x%016llx %s\n", (unsigned long long)list->reg[i], name);
		}
	}
	free(list);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct subcommand *sc;
	int c;

	/* "+": stop at the subcommand, whose options are its own. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("kvmsim %s\n", kvmsim_version());
			return EXIT_SUCCESS;
		default:
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				fprintf(stderr, "kvmsim: invalid option '-%c' (see 'kvmsim --help')\n",
					optopt);
			else
				fprintf(stderr, "kvmsim: invalid option '%s' (see 'kvmsim --help')\n",
					argv[optind - 1]);
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "kvmsim: no command given\n\n");
		usage(stderr);
		return EXIT_FAILURE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 < argc && (sc = find_subcommand(argv[optind + 1]))) {
			sub_usage(sc, stdout);
			return EXIT_SUCCESS;
		}
		usage(stdout);
		return EXIT_SUCCESS;
	}
	sc = find_subcommand(argv[optind]);
	if (sc)
		return sc->run(argc - optind, argv + optind);
	fprintf(stderr, "kvmsim: unknown command '%s' (see 'kvmsim --help')\n", argv[optind]);
	return EXIT_FAILURE;
}
