/*
 * smccc.c - section vm.smccc-filter: 6.12's SMCCC filter, the VM device
 * attribute KVM_ARM_VM_SMCCC_CTRL / KVM_ARM_VM_SMCCC_FILTER: its checks
 * and errnos (padding, empty and overflowing ranges, actions, the ranges
 * KVM reserves, overlaps, after a run), then a guest's HVC and SMC calls
 * denied by it and forwarded to userspace (KVM_EXIT_HYPERCALL) and
 * answered there.  6.1 has no VM attributes.
 */
#include "conform.h"

/* 6.4's uapi, which 6.1's headers lack. */
#define VM_SMCCC_CTRL		0
#define VM_SMCCC_FILTER		0
#define FILTER_HANDLE		0
#define FILTER_DENY		1
#define FILTER_FWD_TO_USER	2
#define EXIT_HYPERCALL		3
struct smccc_filter {
	uint32_t base;
	uint32_t nr_functions;
	uint8_t action;
	uint8_t pad[15];
};

#define SM_RAM		0x40000000ULL
#define SM_REPORT	0x60000000ULL
#define SM_X(n)		(0x6030000000100000ULL | (2 * (n)))
#define SF_FN		0x84000000U	/* PSCI_VERSION */

static long set_filter(const char *where, int vm, uint32_t base, uint32_t nr, uint8_t action,
		       int pad_at)
{
	struct smccc_filter f = { .base = base, .nr_functions = nr, .action = action };
	struct kvm_device_attr a = { .group = VM_SMCCC_CTRL, .attr = VM_SMCCC_FILTER,
				     .addr = (ull)(uintptr_t)&f };

	if (pad_at >= 0)
		f.pad[pad_at] = 0x80;
	L("%s KVM_SET_DEVICE_ATTR filter base=%#x nr=%u action=%u", where, base, nr, action);
	if (pad_at >= 0)
		L(" pad[%d]=0x80", pad_at);
	R(kiop(vm, KVM_SET_DEVICE_ATTR, &a));
	emit();
	return g_err ? -1 : 0;
}

static void filter_args(void)
{
	struct kvm_device_attr a = { .group = VM_SMCCC_CTRL, .attr = VM_SMCCC_FILTER };
	int vm = create_vm("sf", 0);

	if (vm < 0)
		return;
	L("sf KVM_SET_DEVICE_ATTR filter addr=NULL");
	R(kiop(vm, KVM_SET_DEVICE_ATTR, &a));
	emit();
	a.attr = 1;
	L("sf KVM_SET_DEVICE_ATTR group=0 attr=1");
	R(kiop(vm, KVM_SET_DEVICE_ATTR, &a));
	emit();
	set_filter("sf.pad", vm, 0x1000, 1, FILTER_DENY, 0);
	set_filter("sf.pad", vm, 0x1000, 1, FILTER_DENY, 14);
	set_filter("sf.nr", vm, 0x1000, 0, FILTER_DENY, -1);
	set_filter("sf.nr", vm, 0, 0, FILTER_DENY, -1);
	set_filter("sf.nr", vm, 0xffffffffU, 2, FILTER_DENY, -1);
	set_filter("sf.nr", vm, 2, 0xffffffffU, FILTER_DENY, -1);
	set_filter("sf.action", vm, 0x1000, 1, 3, -1);
	set_filter("sf.action", vm, 0x1000, 1, 0xff, -1);
	/* KVM keeps the architecture's calls, SMC32 and SMC64, to itself. */
	set_filter("sf.reserved", vm, 0x80000000U, 1, FILTER_DENY, -1);
	set_filter("sf.reserved", vm, 0x8000ffffU, 2, FILTER_DENY, -1);
	set_filter("sf.reserved", vm, 0x7fffffffU, 2, FILTER_DENY, -1);
	set_filter("sf.reserved", vm, 0xc0000000U, 1, FILTER_FWD_TO_USER, -1);
	set_filter("sf.reserved", vm, 0xc000ffffU, 1, FILTER_HANDLE, -1);
	set_filter("sf.reserved", vm, 0x80010000U, 1, FILTER_DENY, -1);
	set_filter("sf.reserved", vm, 0xbfffffffU, 1, FILTER_DENY, -1);
	/* Overlaps with ranges set before. */
	set_filter("sf.overlap", vm, SF_FN, 0x20, FILTER_DENY, -1);
	set_filter("sf.overlap", vm, SF_FN, 0x20, FILTER_DENY, -1);
	set_filter("sf.overlap", vm, SF_FN + 0x1f, 1, FILTER_HANDLE, -1);
	set_filter("sf.overlap", vm, SF_FN - 1, 2, FILTER_HANDLE, -1);
	set_filter("sf.overlap", vm, SF_FN + 0x20, 1, FILTER_FWD_TO_USER, -1);
	set_filter("sf.overlap", vm, SF_FN - 1, 1, FILTER_HANDLE, -1);
	set_filter("sf.overlap", vm, 0xffffffffU, 1, FILTER_DENY, -1);
	set_filter("sf.overlap", vm, 0xfffffffeU, 2, FILTER_DENY, -1);
	close_fd("sf", vm);
}

/* HVC, SMC, HVC of x19's function, each reporting x0 by a store. */
static const uint32_t calls[] = {
	0xd4000002,	/* hvc #0 */
	0xf90002a0,	/* str x0, [x21] */
	0xaa1303e0,	/* mov x0, x19 */
	0xd4000003,	/* smc #0 */
	0xf90002a0,	/* str x0, [x21] */
	0xaa1303e0,	/* mov x0, x19 */
	0xd4000002,	/* hvc #0 */
	0xf90002a0,	/* str x0, [x21] */
	0x14000000,	/* b . */
};

static void filter_run(const char *where, uint8_t action)
{
	struct kvm_run *run;
	int vm = create_vm(where, 0), vcpu;

	if (vm < 0)
		return;
	memset(buf, 0, 0x10000);
	memcpy(buf, calls, sizeof(calls));
	setmem(where, vm, 0, 0, SM_RAM, 0x10000, (ull)(uintptr_t)buf);
	vcpu = create_vcpu(where, vm, 0);
	if (vcpu < 0)
		goto out_vm;
	if (vcpu_init0(where, vcpu, BIT(F_PSCI_0_2)) < 0)
		goto out;
	set_filter(where, vm, SF_FN, 1, action, -1);
	run = kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED) {
		L("%s mmap -> -1 %s", where, ename(g_err));
		emit();
		goto out;
	}
	setr(where, vcpu, REG_PC, SM_RAM);
	setr(where, vcpu, ID_X0, SF_FN);
	setr(where, vcpu, SM_X(19), SF_FN);
	setr(where, vcpu, SM_X(21), SM_REPORT);
	for (int step = 0; step < 8; step++) {
		long r = kio(vcpu, KVM_RUN, 0);

		L("%s KVM_RUN", where);
		R(r);
		L(" exit=%u pc=%#llx", run->exit_reason, getr(vcpu, REG_PC) - SM_RAM);
		if (r < 0) {
			emit();
			break;
		}
		if (run->exit_reason == EXIT_HYPERCALL) {
			ull flags;

			/* 6.1's headers call the flags word "longmode". */
			memcpy(&flags, (uint8_t *)&run->hypercall.ret + 8, sizeof(flags));
			L(" nr=%#llx args[0]=%#llx flags=%#llx x0=%#llx", (ull)run->hypercall.nr,
			  (ull)run->hypercall.args[0], flags, getr(vcpu, ID_X0));
			emit();
			/* The VMM answers in x0. */
			setr(where, vcpu, ID_X0, 0x1234 + (ull)step);
			continue;
		}
		if (run->exit_reason == KVM_EXIT_MMIO) {
			ull d;

			memcpy(&d, run->mmio.data, sizeof(d));
			L(" MMIO addr=%#llx data=%#llx", (ull)run->mmio.phys_addr, d);
			emit();
			if (getr(vcpu, REG_PC) - SM_RAM >= 0x1c)
				break;
			continue;
		}
		emit();
		break;
	}
	/* Once a vCPU ran, the filter is fixed. */
	set_filter(where, vm, 0x1000, 1, FILTER_DENY, -1);
	munmap(run, (size_t)mmap_size);
out:
	close_fd(where, vcpu);
out_vm:
	close_fd(where, vm);
}

void sec_vm_smccc_filter(void)
{
	section("vm.smccc-filter");
	filter_args();
	filter_run("sf.deny", FILTER_DENY);
	filter_run("sf.fwd", FILTER_FWD_TO_USER);
	filter_run("sf.handle", FILTER_HANDLE);
}
