// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * VM-fd ioctls besides slots and vCPUs: KVM_CREATE_DEVICE and the VM's
 * device attributes, KVM_GET_STATS_FD, KVM_(UN)REGISTER_COALESCED_MMIO
 * and 6.12's KVM_ARM_GET_REG_WRITABLE_MASKS.
 *
 * Expected values: tests/conform/real-*.txt, sections "vm.device",
 * "vm.stats", "vm.coalesced" and "arm64.writable-masks".  The device
 * types real KVM offers are not asked for here: the vGICv3 has its own
 * suite (test-vgic.c), its ITS and VFIO are not modelled yet
 * (tests/conform/known-gaps.txt).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)

/* ---- KVM_CREATE_DEVICE and the VM's attributes ---------------------------- */

static long create_device(int vm, uint32_t type, uint32_t flags)
{
	struct kvm_create_device cd = { .type = type, .flags = flags };

	return __vm_ioctl(vm, KVM_CREATE_DEVICE, &cd);
}

/* "device.test ... type=0 / 0xc / 0xffffffff", "device.create ... type=0xff". */
KERNEL_TEST(vm_ioctl, create_device_of_unknown_type)
{
	static const uint32_t types[] = { 0, 1, 2, 3, 6, 9, 11, 12, 0x100, 0xffffffffU };
	int vm = vm_create(kernel->name);

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		assert_errno(create_device(vm, types[i], KVM_CREATE_DEVICE_TEST), ENODEV);
		assert_errno(create_device(vm, types[i], 0), ENODEV);
		assert_errno(create_device(vm, types[i], 0xfe), ENODEV);
	}
	assert_errno(__vm_ioctl(vm, KVM_CREATE_DEVICE, NULL), EFAULT);
}

/* "device.vm-attr ...": 6.12 has the SMCCC filter's group, 6.1 no VM attributes. */
struct vm_attr_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	unsigned long cmd;
	uint32_t group;
	uint64_t attr;
	struct result want;
};

static struct vm_attr_case vm_attr_cases[] = {
	ON_6_1("has-filter", KVM_HAS_DEVICE_ATTR, 0, 0, ERR(EINVAL)),
	ON_6_1("has-group1", KVM_HAS_DEVICE_ATTR, 1, 0, ERR(EINVAL)),
	ON_6_1("get-filter", KVM_GET_DEVICE_ATTR, 0, 0, ERR(EINVAL)),
	ON_6_1("set-group1", KVM_SET_DEVICE_ATTR, 1, 0, ERR(EINVAL)),
	ON_6_12("has-filter", KVM_HAS_DEVICE_ATTR, 0, 0, RET(0)),
	ON_6_12("has-attr1", KVM_HAS_DEVICE_ATTR, 0, 1, ERR(ENXIO)),
	ON_6_12("has-group1", KVM_HAS_DEVICE_ATTR, 1, 0, ERR(ENXIO)),
	ON_6_12("has-group-max", KVM_HAS_DEVICE_ATTR, 0xffffffffU, 0, ERR(ENXIO)),
	ON_6_12("get-filter", KVM_GET_DEVICE_ATTR, 0, 0, ERR(EINVAL)),
	ON_6_12("set-group1", KVM_SET_DEVICE_ATTR, 1, 0, ERR(ENXIO)),
};

TEST_CASES(vm_ioctl, vm_device_attr, vm_attr_cases)
ParameterizedTest(struct vm_attr_case *c, vm_ioctl, vm_device_attr)
{
	struct kvm_device_attr a = { .group = c->group, .attr = c->attr };
	int vm = vm_create(c->kernel);

	assert_result(__vm_ioctl(vm, c->cmd, &a), &c->want, "%s: %s", c->kernel, c->name);
}

KERNEL_TEST(vm_ioctl, vm_has_device_attr_null)
{
	int vm = vm_create(kernel->name);

	assert_errno(__vm_ioctl(vm, KVM_HAS_DEVICE_ATTR, NULL),
		     kernel_is(kernel->name, "6.1") ? EINVAL : EFAULT);
}

/* ---- KVM_GET_STATS_FD --------------------------------------------------- */

#define STATS_NAME_SIZE	48
#define STATS_DESC_SIZE	(sizeof(struct kvm_stats_desc) + STATS_NAME_SIZE)

static void read_header(int fd, struct kvm_stats_header *h)
{
	cr_assert_eq(pread(fd, h, sizeof(*h), 0), (ssize_t)sizeof(*h), "reading the header");
}

static void assert_id(int fd, const struct kvm_stats_header *h, const char *suffix)
{
	char id[STATS_NAME_SIZE + 1] = "", want[STATS_NAME_SIZE + 1];

	snprintf(want, sizeof(want), "kvm-%d%s", (int)getpid(), suffix);
	cr_assert_eq(pread(fd, id, STATS_NAME_SIZE, h->id_offset), STATS_NAME_SIZE);
	cr_assert_str_eq(id, want);
}

/* The descriptor @i's name. */
static void desc_name(int fd, const struct kvm_stats_header *h, unsigned int i, char *name)
{
	uint8_t d[STATS_DESC_SIZE];

	cr_assert_eq(pread(fd, d, sizeof(d), h->desc_offset + i * STATS_DESC_SIZE),
		     (ssize_t)sizeof(d));
	memcpy(name, d + sizeof(struct kvm_stats_desc), STATS_NAME_SIZE);
}

/* "stats.vm header -> 24 flags=0 name_size=48 num_desc=2 ...". */
KERNEL_TEST(vm_ioctl, vm_stats_layout)
{
	int vm = vm_create(kernel->name), fd = (int)vm_ioctl(vm, KVM_GET_STATS_FD, 0);
	struct kvm_stats_header h;
	char name[STATS_NAME_SIZE];

	read_header(fd, &h);
	cr_assert_eq(h.flags, 0);
	cr_assert_eq(h.name_size, STATS_NAME_SIZE);
	cr_assert_eq(h.num_desc, 2);
	cr_assert_eq(h.id_offset, 24);
	cr_assert_eq(h.desc_offset, 72);
	cr_assert_eq(h.data_offset, 200);
	assert_id(fd, &h, "");
	desc_name(fd, &h, 0, name);
	cr_assert_str_eq(name, "remote_tlb_flush");
	desc_name(fd, &h, 1, name);
	cr_assert_str_eq(name, "remote_tlb_flush_requests");
	close(fd);
}

/* "stats.vcpu header -> 24 ... num_desc=18 ... data_offset=1224", and its ids. */
KERNEL_TEST(vm_ioctl, vcpu_stats_layout)
{
	int vm = vm_create(kernel->name), v0 = vm_create_vcpu(vm, 0), v5 = vm_create_vcpu(vm, 5);
	int fd = (int)vcpu_ioctl(v0, KVM_GET_STATS_FD, 0);
	struct kvm_stats_header h;
	char name[STATS_NAME_SIZE];

	read_header(fd, &h);
	cr_assert_eq(h.num_desc, 18);
	cr_assert_eq(h.data_offset, 1224);
	assert_id(fd, &h, "/vcpu-0");
	desc_name(fd, &h, 0, name);
	cr_assert_str_eq(name, "halt_successful_poll");
	desc_name(fd, &h, 17, name);
	cr_assert_str_eq(name, "exits");
	close(fd);
	vcpu_init(v5, PSCI);
	fd = (int)vcpu_ioctl(v5, KVM_GET_STATS_FD, 0);
	read_header(fd, &h);
	assert_id(fd, &h, "/vcpu-5");
	close(fd);
}

/*
 * "stats.vm F_GETFL accmode=O_RDONLY cloexec=1", "pread at end -> 0",
 * "pread 16 at end-4 -> 4", "write ->
 * -1 EBADF", "ioctl KVM_CHECK_EXTENSION -> -1 ENOTTY", "after close header
 * -> 24".
 */
KERNEL_TEST(vm_ioctl, stats_file_reads_only)
{
	int vm = vm_create(kernel->name), fd = (int)vm_ioctl(vm, KVM_GET_STATS_FD, 0);
	struct kvm_stats_header h;
	char b[16];

	cr_assert_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	cr_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	cr_assert_eq(pread(fd, b, sizeof(b), 216), 0);
	cr_assert_eq(pread(fd, b, sizeof(b), 212), 4);
	cr_assert_eq(write(fd, b, 4), -1);
	cr_assert_eq(errno, EBADF, "write: %s", errno_name(errno));
	cr_assert_eq(ioctl(fd, KVM_CHECK_EXTENSION, 0), -1);
	cr_assert_eq(errno, ENOTTY, "ioctl: %s", errno_name(errno));
	/* The file keeps the VM. */
	kvm_close(vm);
	read_header(fd, &h);
	cr_assert_eq(h.num_desc, 2);
	close(fd);
}

/* ---- coalesced MMIO ------------------------------------------------------ */

static long zone(int vm, unsigned long cmd, uint64_t addr, uint32_t size, uint32_t pio)
{
	struct kvm_coalesced_mmio_zone z = { .addr = addr, .size = size, .pio = pio };

	return __vm_ioctl(vm, cmd, &z);
}

/* "coalesced ... pio=2 -> -1 EINVAL", "arg=NULL -> -1 EFAULT", pio 1, size 0. */
KERNEL_TEST(vm_ioctl, coalesced_zone_arguments)
{
	int vm = vm_create(kernel->name);

	assert_errno(__vm_ioctl(vm, KVM_REGISTER_COALESCED_MMIO, NULL), EFAULT);
	assert_errno(__vm_ioctl(vm, KVM_UNREGISTER_COALESCED_MMIO, NULL), EFAULT);
	assert_errno(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x50000000, 0x1000, 2), EINVAL);
	assert_errno(zone(vm, KVM_UNREGISTER_COALESCED_MMIO, 0x50000000, 0x1000, 2), EINVAL);
	cr_assert_eq(zone(vm, KVM_UNREGISTER_COALESCED_MMIO, 0x50000000, 0x1000, 0), 0);
	cr_assert_eq(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x70000000, 0, 0), 0);
	cr_assert_eq(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x71000000, 0x1000, 1), 0);
	cr_assert_eq(zone(vm, KVM_UNREGISTER_COALESCED_MMIO, 0x71000000, 0x1000, 1), 0);
}

/*
 * "coalesced 1100 zones -> 998 registered then -1 ENOSPC" (two zones
 * there already): the bus takes 1000; unregistering a range no zone holds
 * frees nothing, one inside a zone frees it.
 */
KERNEL_TEST(vm_ioctl, coalesced_bus_limit)
{
	int vm = vm_create(kernel->name), i;

	for (i = 0; i < 1100; i++)
		if (zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x80000000ULL + i * 0x1000ULL,
			 0x1000, 0) < 0)
			break;
	cr_assert_eq(i, 1000, "zones registered: %d", i);
	cr_assert_eq(errno, ENOSPC, "then: %s", errno_name(errno));
	cr_assert_eq(zone(vm, KVM_UNREGISTER_COALESCED_MMIO, 0x80000000, 0x2000, 0), 0);
	assert_errno(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x7f000000, 0x1000, 0), ENOSPC);
	cr_assert_eq(zone(vm, KVM_UNREGISTER_COALESCED_MMIO, 0x80000800, 0x10, 0), 0);
	cr_assert_eq(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x7f001000, 0x1000, 0), 0);
	assert_errno(zone(vm, KVM_REGISTER_COALESCED_MMIO, 0x7f002000, 0x1000, 0), ENOSPC);
}

/* ---- KVM_ARM_GET_REG_WRITABLE_MASKS -------------------------------------- */

/* "wmask ...": 6.1 has no such ioctl; 6.12's checks and two of its masks. */
Test(vm_ioctl, writable_masks_6_1)
{
	uint64_t masks[KVM_ARM_FEATURE_ID_RANGE_SIZE];
	struct reg_mask_range r = { .addr = (uintptr_t)masks };
	int vm = vm_create("6.1");

	assert_errno(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, &r), EINVAL);
}

Test(vm_ioctl, writable_masks_6_12)
{
	uint64_t masks[KVM_ARM_FEATURE_ID_RANGE_SIZE];
	struct reg_mask_range r = { .addr = (uintptr_t)masks };
	int vm = vm_create("6.12");

	assert_errno(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, NULL), EFAULT);
	r.range = 1;
	assert_errno(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, &r), EINVAL);
	r.range = 0;
	r.reserved[12] = 1;
	assert_errno(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, &r), EINVAL);
	r.reserved[12] = 0;
	r.addr = 0;
	assert_errno(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, &r), EFAULT);
	r.addr = (uintptr_t)masks;
	cr_assert_eq(__vm_ioctl(vm, KVM_ARM_GET_REG_WRITABLE_MASKS, &r), 0);
	cr_assert_eq(masks[KVM_ARM_FEATURE_ID_RANGE_IDX(3, 0, 0, 4, 0)], 0xffff00f00f00ffffULL,
		     "ID_AA64PFR0_EL1");
	cr_assert_eq(masks[KVM_ARM_FEATURE_ID_RANGE_IDX(3, 3, 0, 0, 1)], 0x300f000fULL,
		     "CTR_EL0");
	cr_assert_eq(masks[KVM_ARM_FEATURE_ID_RANGE_IDX(3, 0, 0, 0, 5)], 0, "MPIDR_EL1");
}
