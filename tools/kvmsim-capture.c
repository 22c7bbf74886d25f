// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kvmsim capture: what arm64 KVM shows a VMM on this host, written as a
 * host profile (sim/arch/arm64/hosts/qemu-max.host documents the format)
 * that the simulator loads with KVMSIM_HOST or --host.
 *
 * Everything is asked of KVM through the backend shim, the way a VMM asks:
 * capabilities for the optional features, then a vCPU per configuration
 * (base, PMU, SVE, pointer authentication, a VM with MTE) whose registers are read right after KVM_ARM_VCPU_INIT:
 * the values KVM takes from the host CPU are its reset values.  Whether
 * data aborts carry the sign-extension bit is seen by running two guest
 * instructions: an LDRSB from MMIO, then a store of what it loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"
#include "kvmsim/kvmsim.h"
#include "kvmsim/regs.h"
#include "kvmsim.h"

#define SYSREG(enc)	(0x6030000000130000ULL | (enc))
#define ENC(o0, o1, n, m, o2) \
	((uint32_t)((o0) << 14 | (o1) << 11 | (n) << 7 | (m) << 3 | (o2)))
#define MPIDR_ENC	ENC(3, 0, 0, 0, 5)
#define PMCR_EL0	SYSREG(ENC(3, 3, 9, 12, 0))
#define ID_AA64PFR0	SYSREG(ENC(3, 0, 0, 4, 0))
#define DEMUX_CCSIDR	0x6020000000110000ULL
#define FW_REG(n)	(0x6030000000140000ULL | (n))
#define FW_BMAP(n)	(0x6030000000160000ULL | (n))
#define SVE_VLS		0x606000000015ffffULL
#define CORE_X(n)	(0x6030000000100000ULL | 2 * (n))
#define CORE_PC		0x6030000000100040ULL

#define RAM_GPA		0x40000000ULL
#define MMIO_GPA	0x10000000ULL

struct capture {
	const struct kvm_backend_ops *ops;
	const char *kernel;	/* the simulator's release, or NULL on a real host */
	int sys;
	FILE *out;
};

/*
 * A VM with one vCPU initialised with @features (bits of KVM_ARM_VCPU_*);
 * @vm_mte: the VM enables KVM_CAP_ARM_MTE first; @finalize: FINALIZE SVE
 * and get the register list (an SVE vCPU has no list before); a vCPU
 * without SVE always gets its list.
 */
struct vcpu {
	int vm, fd;
	struct kvm_reg_list *list;
};

static int vcpu_open(struct capture *c, uint32_t features, bool vm_mte, bool finalize,
		     struct vcpu *v)
{
	const struct kvm_backend_ops *ops = c->ops;
	struct kvm_enable_cap mte = { .cap = KVM_CAP_ARM_MTE };
	struct kvm_reg_list probe = { .n = 0 };
	struct kvm_vcpu_init init;
	int what = KVM_ARM_VCPU_SVE;

	memset(v, 0, sizeof(*v));
	v->vm = ops->ioctl(c->sys, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		return sub_error("capture", "KVM_CREATE_VM: %s", strerror(errno));
	if (vm_mte && ops->ioctl(v->vm, KVM_ENABLE_CAP, (unsigned long)&mte))
		return sub_error("capture", "KVM_ENABLE_CAP(KVM_CAP_ARM_MTE): %s", strerror(errno));
	v->fd = ops->ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->fd < 0 || ops->ioctl(v->vm, KVM_ARM_PREFERRED_TARGET, (unsigned long)&init))
		return sub_error("capture", "vCPU: %s", strerror(errno));
	init.features[0] = features;
	if (ops->ioctl(v->fd, KVM_ARM_VCPU_INIT, (unsigned long)&init))
		return sub_error("capture", "KVM_ARM_VCPU_INIT features %#x: %s", features,
				 strerror(errno));
	if (features & (1U << KVM_ARM_VCPU_SVE)) {
		if (!finalize)
			return 0;
		if (ops->ioctl(v->fd, KVM_ARM_VCPU_FINALIZE, (unsigned long)&what))
			return sub_error("capture", "KVM_ARM_VCPU_FINALIZE: %s", strerror(errno));
	}
	if (ops->ioctl(v->fd, KVM_GET_REG_LIST, (unsigned long)&probe) == 0 || errno != E2BIG)
		return sub_error("capture", "KVM_GET_REG_LIST: %s", strerror(errno));
	v->list = malloc(sizeof(*v->list) + probe.n * sizeof(uint64_t));
	if (!v->list)
		return sub_error("capture", "out of memory");
	v->list->n = probe.n;
	if (ops->ioctl(v->fd, KVM_GET_REG_LIST, (unsigned long)v->list))
		return sub_error("capture", "KVM_GET_REG_LIST: %s", strerror(errno));
	return 0;
}

static void vcpu_close(struct capture *c, struct vcpu *v)
{
	free(v->list);
	if (v->fd > 0)
		c->ops->close(v->fd);
	if (v->vm > 0)
		c->ops->close(v->vm);
}

static bool get_reg(struct capture *c, int vcpu, uint64_t id, void *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	return c->ops->ioctl(vcpu, KVM_GET_ONE_REG, (unsigned long)&reg) == 0;
}

static bool listed(const struct vcpu *v, uint64_t id)
{
	for (uint64_t i = 0; i < v->list->n; i++)
		if (v->list->reg[i] == id)
			return true;
	return false;
}

/* The registers KVM fills from the host: the ID space but MPIDR_EL1, and a few more. */
static bool from_host(uint64_t id)
{
	uint32_t enc = (uint32_t)(id & 0xffff);

	if ((id & ~0xffffULL) != SYSREG(0))
		return false;
	if ((enc & 0xff80) == ENC(3, 0, 0, 0, 0))
		return enc != MPIDR_ENC;
	return enc == ENC(3, 1, 0, 0, 1) /* CLIDR_EL1 */ || enc == ENC(3, 1, 0, 0, 7) /* AIDR */ ||
	       enc == ENC(3, 3, 0, 0, 1) /* CTR_EL0 */ || id == PMCR_EL0;
}

/*
 * The host's registers for one kernel: the base vCPU's, then what a vCPU
 * of another configuration reads differently ("REG/pmu"), or has besides
 * (PMCR_EL0).
 */
static void print_regs(struct capture *c, const struct vcpu *base, const struct vcpu *with,
		       const char *feature)
{
	for (uint64_t i = 0; i < with->list->n; i++) {
		uint64_t id = with->list->reg[i], val = 0, base_val = 0;
		char name[64];

		if (!from_host(id) || !get_reg(c, with->fd, id, &val))
			continue;
		/* Unallocated ID-space encodings read as zero; any other the simulator lacks is said. */
		if (kvmsim_reg_name(id, name, sizeof(name)) < 0 || !strncmp(name, "S3_", 3)) {
			if (val && !feature)
				fprintf(c->out, "# %s %#" PRIx64 ": a register the simulator does "
					"not model\n", name, val);
			continue;
		}
		if (!feature)
			fprintf(c->out, "%-23s %#" PRIx64 "\n", name, val);
		else if (!listed(base, id))
			fprintf(c->out, "%-23s %#" PRIx64 "\n", name, val);
		else if (get_reg(c, base->fd, id, &base_val) && base_val != val)
			fprintf(c->out, "%s/%-*s %#" PRIx64 "\n", name, (int)(22 - strlen(name)),
				feature, val);
	}
}

static void print_firmware(struct capture *c, const struct vcpu *v)
{
	uint64_t val;
	uint32_t ccsidr;

	for (uint64_t i = 0; i < v->list->n; i++) {
		uint64_t id = v->list->reg[i];

		if ((id & ~0xffULL) == DEMUX_CCSIDR && get_reg(c, v->fd, id, &ccsidr))
			fprintf(c->out, "CCSIDR.%-16u %#x\n", (unsigned int)(id & 0xff), ccsidr);
	}
	for (unsigned int n = 1; n <= 3; n++)
		if (listed(v, FW_REG(n)) && get_reg(c, v->fd, FW_REG(n), &val))
			fprintf(c->out, "WORKAROUND_%-12u %" PRIu64 "\n", n, val);
	for (unsigned int n = 0; n <= 2; n++)
		if (listed(v, FW_BMAP(n)) && get_reg(c, v->fd, FW_BMAP(n), &val))
			fprintf(c->out, "FW_FEAT_BMAP_%-10u %#" PRIx64 "\n", n, val);
}

/*
 * LDRSB x0, [x1] from MMIO answered with 0x80, then STR x0, [x1]: the
 * store shows whether KVM sign-extended the byte, which it does only when
 * the CPU's syndrome says so (ISS.SSE).  -1: no guest could be run.
 */
static int probe_dabt_sse(struct capture *c)
{
	static const uint32_t code[] = { 0x39800020, 0xf9000020 };
	const struct kvm_backend_ops *ops = c->ops;
	struct kvm_userspace_memory_region region;
	struct kvm_run *run = MAP_FAILED;
	long run_size = ops->ioctl(c->sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	uint64_t x1 = MMIO_GPA, pc = RAM_GPA, stored = 0;
	struct kvm_one_reg reg;
	struct vcpu v;
	void *ram;
	int r = -1;

	ram = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED || run_size <= 0)
		return -1;
	memcpy(ram, code, sizeof(code));
	if (vcpu_open(c, 1U << KVM_ARM_VCPU_PSCI_0_2, false, true, &v))
		goto out;
	region = (struct kvm_userspace_memory_region){
		.guest_phys_addr = RAM_GPA, .memory_size = 0x10000, .userspace_addr = (uintptr_t)ram,
	};
	run = ops->mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v.fd, 0);
	if (run == MAP_FAILED ||
	    ops->ioctl(v.vm, KVM_SET_USER_MEMORY_REGION, (unsigned long)&region))
		goto out;
	reg = (struct kvm_one_reg){ .id = CORE_PC, .addr = (uintptr_t)&pc };
	if (ops->ioctl(v.fd, KVM_SET_ONE_REG, (unsigned long)&reg))
		goto out;
	reg = (struct kvm_one_reg){ .id = CORE_X(1), .addr = (uintptr_t)&x1 };
	if (ops->ioctl(v.fd, KVM_SET_ONE_REG, (unsigned long)&reg))
		goto out;
	if (ops->ioctl(v.fd, KVM_RUN, 0) || run->exit_reason != KVM_EXIT_MMIO || run->mmio.is_write)
		goto out;
	run->mmio.data[0] = 0x80;
	if (ops->ioctl(v.fd, KVM_RUN, 0) || run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write)
		goto out;
	memcpy(&stored, run->mmio.data, sizeof(stored));
	r = stored == 0xffffffffffffff80ULL;
out:
	if (run != MAP_FAILED)
		ops->munmap(run, (size_t)run_size);
	vcpu_close(c, &v);
	munmap(ram, 0x10000);
	return r;
}

/* "6.12" from the running kernel's release ("6.12.117+deb12-arm64"). */
static void host_kernel(char *buf, size_t len)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		snprintf(buf, len, "0.0");
	else
		snprintf(buf, len, "%u.%u", major, minor);
}

/*
 * The configurations whose registers may read differently from the base
 * vCPU's: each is written as "REG/NAME" lines (sim/arch/arm64/hosts/).
 * MTE is not a vCPU feature but the VM's KVM_CAP_ARM_MTE.
 */
enum { CFG_PMU, CFG_SVE, CFG_PTRAUTH, CFG_MTE, NR_CONFIGS };
static const struct config {
	const char *name;
	long cap, cap2;		/* KVM_CHECK_EXTENSION says the host has it */
	uint32_t features;	/* besides PSCI_0_2 */
	bool vm_mte;
} configs[] = {
	[CFG_PMU] = { "pmu", KVM_CAP_ARM_PMU_V3, 0, 1U << KVM_ARM_VCPU_PMU_V3, false },
	[CFG_SVE] = { "sve", KVM_CAP_ARM_SVE, 0, 1U << KVM_ARM_VCPU_SVE, false },
	[CFG_PTRAUTH] = { "ptrauth", KVM_CAP_ARM_PTRAUTH_ADDRESS, KVM_CAP_ARM_PTRAUTH_GENERIC,
			  1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS | 1U << KVM_ARM_VCPU_PTRAUTH_GENERIC,
			  false },
	[CFG_MTE] = { "mte", KVM_CAP_ARM_MTE, 0, 0, true },
};

static bool host_has(struct capture *c, const struct config *cfg)
{
	const struct kvm_backend_ops *ops = c->ops;

	return ops->ioctl(c->sys, KVM_CHECK_EXTENSION, cfg->cap) > 0 &&
	       (!cfg->cap2 || ops->ioctl(c->sys, KVM_CHECK_EXTENSION, cfg->cap2) > 0);
}

/* An SVE vCPU's vector lengths, read before FINALIZE fixes them. */
static int read_sve_vqs(struct capture *c, uint64_t *vls)
{
	struct vcpu v;
	int r = vcpu_open(c, 1U << KVM_ARM_VCPU_PSCI_0_2 | 1U << KVM_ARM_VCPU_SVE, false, false, &v);

	if (!r && !get_reg(c, v.fd, SVE_VLS, vls))
		r = sub_error("capture", "SVE vector lengths: %s", strerror(errno));
	vcpu_close(c, &v);
	return r;
}

static int capture(struct capture *c, const char *name, bool section_only)
{
	const struct kvm_backend_ops *ops = c->ops;
	struct vcpu base, with[NR_CONFIGS];
	bool has[NR_CONFIGS];
	uint64_t pfr0 = 0, pmcr = 0, vls[8] = { 0 };
	char kernel[32];
	int sse, r;

	memset(with, 0, sizeof(with));
	r = vcpu_open(c, 1U << KVM_ARM_VCPU_PSCI_0_2, false, true, &base);
	for (size_t i = 0; i < NR_CONFIGS; i++) {
		has[i] = host_has(c, &configs[i]);
		if (!r && has[i])
			r = vcpu_open(c, 1U << KVM_ARM_VCPU_PSCI_0_2 | configs[i].features,
				      configs[i].vm_mte, true, &with[i]);
	}
	if (!r && has[CFG_SVE])
		r = read_sve_vqs(c, vls);
	if (r)
		goto out;
	if (c->kernel)
		snprintf(kernel, sizeof(kernel), "%s", c->kernel);
	else
		host_kernel(kernel, sizeof(kernel));
	if (!section_only) {
		get_reg(c, base.fd, ID_AA64PFR0, &pfr0);
		if (has[CFG_PMU])
			get_reg(c, with[CFG_PMU].fd, PMCR_EL0, &pmcr);
		sse = probe_dabt_sse(c);
		fprintf(c->out, "# kvmsim host profile, written by 'kvmsim capture' (kvmsim %s)\n"
			"# from %s, kernel %s.  Format: sim/arch/arm64/hosts/qemu-max.host.\n",
			kvmsim_version(), c->kernel ? "the simulator" : "real KVM", kernel);
		if (sse < 0)
			fprintf(c->out, "# dabt_sse not known: no guest could be run here\n");
		fprintf(c->out, "\nhost %s\nfeatures", name);
		if ((pfr0 & 0xf) == 2)
			fprintf(c->out, " el0_32bit");
		if (ops->ioctl(c->sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_EL1_32BIT) > 0)
			fprintf(c->out, " el1_32bit");
		for (size_t i = 0; i < NR_CONFIGS; i++)
			if (has[i])
				fprintf(c->out, " %s", configs[i].name);
		if (sse > 0)
			fprintf(c->out, " dabt_sse");
		fputc('\n', c->out);
		if (has[CFG_SVE])
			fprintf(c->out, "sve_vqs %#" PRIx64 "\n", vls[0]);
		if (has[CFG_PMU])
			fprintf(c->out, "pmu_counters %u\n", (unsigned int)(pmcr >> 11) & 0x1f);
	}
	fprintf(c->out, "\nkernel %s\nipa_limit %d\n", kernel,
		ops->ioctl(c->sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE));
	print_regs(c, &base, &base, NULL);
	for (size_t i = 0; i < NR_CONFIGS; i++)
		if (has[i])
			print_regs(c, &base, &with[i], configs[i].name);
	print_firmware(c, &base);
out:
	vcpu_close(c, &base);
	for (size_t i = 0; i < NR_CONFIGS; i++)
		vcpu_close(c, &with[i]);
	return r;
}

struct capture_opts {
	const char *output, *backend, *kernel, *name;
	bool section_only;
};

static int capture_opt(int c, const char *arg, void *data)
{
	struct capture_opts *o = data;

	switch (c) {
	case 'o':
		o->output = arg;
		break;
	case 'b':
		o->backend = arg;
		break;
	case 'k':
		o->kernel = arg;
		break;
	case 'n':
		o->name = arg;
		break;
	case 's':
		o->section_only = true;
		break;
	}
	return -1;
}

int cmd_capture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "backend", required_argument, NULL, 'b' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "name", required_argument, NULL, 'n' },
		{ "section-only", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct capture_opts o = { .backend = "host", .name = "captured" };
	struct capture c = { 0 };
	int r = sub_options(argc, argv, "o:b:k:n:s", longopts, capture_opt, &o);

	if (r >= 0)
		return r;
	if (optind < argc)
		return sub_error("capture", "unexpected argument '%s'", argv[optind]);
	c.ops = kvmsim_backend_select(o.backend);
	if (!c.ops)
		return sub_error("capture", "--backend=%s: host or sim", o.backend);
	if (c.ops == &kvmsim_backend_sim) {
		c.kernel = o.kernel ? kvmsim_kernel_lookup(o.kernel) : kvmsim_kernel_default();
		if (!c.kernel)
			return sub_error("capture", "--kernel=%s names no modelled kernel", o.kernel);
	} else if (o.kernel) {
		return sub_error("capture", "--kernel is for --backend=sim: real KVM is the "
				 "running kernel");
	}
	c.sys = c.ops->open(c.kernel, O_RDWR | O_CLOEXEC);
	if (c.sys < 0)
		return sub_error("capture", "%s /dev/kvm: %s%s", c.ops->name, strerror(errno),
				 errno == ENODEV ? " (not arm64 KVM: capture runs on an arm64 host)" : "");
	c.out = o.output ? fopen(o.output, "w") : stdout;
	if (!c.out) {
		c.ops->close(c.sys);
		return sub_error("capture", "%s: %s", o.output, strerror(errno));
	}
	r = capture(&c, o.name, o.section_only);
	c.ops->close(c.sys);
	if ((o.output ? fclose(c.out) : fflush(c.out)) && !r)
		r = sub_error("capture", "%s: %s", o.output ? o.output : "stdout", strerror(errno));
	return r ? EXIT_FAILURE : EXIT_SUCCESS;
}
