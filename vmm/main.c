// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim-vmm - the reference arm64 VMM's command line.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvmsim/backend.h"
#include "kvmsim/kvmsim.h"
#include "vmm.h"

#define DEFAULT_MEM	(64ULL << 20)

/* Exit statuses. */
enum {
	EXIT_GUEST_OFF = 0,
	EXIT_VMM_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_GUEST_RESET = 3,
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kvmsim-vmm [OPTIONS] IMAGE\n"
		"\n"
		"Runs IMAGE, a raw arm64 guest image, on KVM: the simulator or the\n"
		"kernel's /dev/kvm.  RAM is at %#llx, the image is loaded at the start\n"
		"of RAM and vCPU 0 starts there at EL1; the other vCPUs wait for PSCI\n"
		"CPU_ON.  A PL011 UART at %#llx prints to stdout.  The in-kernel\n"
		"GICv3 has its distributor at %#llx and the vCPUs' redistributors\n"
		"from %#llx (128 KiB each); a write to the doorbell at %#llx makes a\n"
		"VMM thread signal an eventfd that KVM_IRQFD delivers as SPI %u.\n"
		"\n"
		"Options:\n"
		"  -b, --backend=sim|host|auto  the KVM to use (default: $KVMSIM_BACKEND,\n"
		"                               else auto: host on arm64 KVM, else sim)\n"
		"  -k, --kernel=RELEASE         the release the simulator models\n"
		"                               (6.1 or 6.12; default $KVMSIM_KERNEL, else\n"
		"                               %s); the host backend has its own\n"
		"  -c, --cpus=N                 vCPUs, 1 to %u (default 1)\n"
		"  -m, --mem=SIZE               RAM, in bytes or with K, M or G (default 64M)\n"
		"  -l, --load-addr=ADDR         where the image goes (default: start of RAM)\n"
		"  -G, --no-gic                 no GIC and no doorbell (KVM_CREATE_DEVICE\n"
		"                               is not called)\n"
		"  -s, --single-step            run the guest one instruction at a time\n"
		"                               (KVM_SET_GUEST_DEBUG); report each vCPU's\n"
		"                               number of steps on stderr at the end, and\n"
		"                               with --verbose each step's PC\n"
		"  -v, --verbose                report each exit on stderr\n"
		"  -h, --help                   this text\n"
		"  -V, --version                the version\n"
		"\n"
		"Exit status: 0 the guest powered off (PSCI SYSTEM_OFF); 3 it asked for a\n"
		"reset (PSCI SYSTEM_RESET), which this VMM does not do; 1 the VMM failed\n"
		"(the message says why); 2 usage error.\n",
		VMM_RAM_BASE, VMM_UART_BASE, VMM_GICD_BASE, VMM_GICR_BASE, VMM_DOORBELL_BASE,
		32 + VMM_DOORBELL_GSI, kvmsim_kernel_default(), VMM_MAX_CPUS);
}

static int bad_value(const char *opt, const char *arg)
{
	fprintf(stderr, "kvmsim-vmm: %s: invalid value '%s'\nTry 'kvmsim-vmm --help'.\n",
		opt, arg);
	return EXIT_USAGE;
}

/* A size such as 65536, 64K, 64M or 1G. */
static bool parse_size(const char *arg, uint64_t *ret)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *arg == '-')
		return false;
	switch (*end) {
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	}
	if (*end || !v)
		return false;
	*ret = v;
	return true;
}

static bool parse_u64(const char *arg, uint64_t *ret)
{
	char *end;

	errno = 0;
	*ret = strtoull(arg, &end, 0);
	return !errno && end != arg && !*end && *arg != '-';
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "load-addr", required_argument, NULL, 'l' },
		{ "no-gic", no_argument, NULL, 'G' },
		{ "single-step", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	struct vmm_config cfg = {
		.nr_cpus = 1,
		.mem_size = DEFAULT_MEM,
		.load_addr = VMM_RAM_BASE,
		.console = stdout,
		.log = stderr,
	};
	const char *backend = NULL;
	enum vmm_exit exit;
	struct vmm *vmm;
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "b:k:c:m:l:GsvhV", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			backend = optarg;
			break;
		case 'k':
			cfg.kernel = kvmsim_kernel_lookup(optarg);
			if (!cfg.kernel)
				return bad_value("--kernel", optarg);
			break;
		case 'c':
			if (!parse_u64(optarg, &v) || !v || v > VMM_MAX_CPUS)
				return bad_value("--cpus", optarg);
			cfg.nr_cpus = (unsigned int)v;
			break;
		case 'm':
			if (!parse_size(optarg, &cfg.mem_size))
				return bad_value("--mem", optarg);
			break;
		case 'l':
			if (!parse_u64(optarg, &cfg.load_addr))
				return bad_value("--load-addr", optarg);
			break;
		case 'G':
			cfg.no_gic = true;
			break;
		case 's':
			cfg.single_step = true;
			break;
		case 'v':
			cfg.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("kvmsim-vmm %s\n", kvmsim_version());
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try 'kvmsim-vmm --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "kvmsim-vmm: %s\nTry 'kvmsim-vmm --help'.\n",
			optind < argc ? "one IMAGE only" : "no IMAGE given");
		return EXIT_USAGE;
	}
	cfg.image = argv[optind];
	cfg.kvm = kvmsim_backend_select(backend);
	if (!cfg.kvm)
		return bad_value(backend ? "--backend" : "KVMSIM_BACKEND",
				 backend ? backend : getenv("KVMSIM_BACKEND"));
	if (cfg.verbose)
		fprintf(stderr, "kvmsim-vmm: backend %s\n", cfg.kvm->name);
	if (vmm_create(&cfg, &vmm))
		return EXIT_VMM_ERROR;
	exit = vmm_run(vmm);
	vmm_destroy(vmm);
	switch (exit) {
	case VMM_EXIT_SHUTDOWN:
		return EXIT_GUEST_OFF;
	case VMM_EXIT_RESET:
		return EXIT_GUEST_RESET;
	default:
		return EXIT_VMM_ERROR;
	}
}
