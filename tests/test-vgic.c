// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The in-kernel GICv3 as a KVM device: KVM_CREATE_DEVICE, its fd, the
 * ADDR / NR_IRQS / CTRL groups and their ordering rules, the register
 * groups' reset values, KVM_IRQ_LINE, KVM_IRQFD, and interrupts taken by
 * a running guest through its GIC CPU interface.
 *
 * Expected values: tests/conform/real-*.txt, section "vgic.v3" (the line
 * each test stands for is quoted above it); the guests' interrupts are
 * the architecture's, and these suites run on real KVM too (check-real).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"

#define DIST_BASE	0x08000000ULL
#define RDIST_BASE	0x080a0000ULL
#define REGION(count, base, index)	(((uint64_t)(count) << 52) | (base) | (index))
#define MPIDR_ATTR(aff0, off)		(((uint64_t)(aff0) << 32) | (off))

static int __gic_create(int vm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };

	if (__vm_ioctl(vm, KVM_CREATE_DEVICE, &cd))
		return -1;
	return (int)cd.fd;
}

static int gic_create(int vm)
{
	int gic = __gic_create(vm);

	TEST_ASSERT(gic >= 0, "KVM_CREATE_DEVICE vgic-v3: %s", errno_name(errno));
	return gic;
}

/* KVM_{SET,GET,HAS}_DEVICE_ATTR with a u64 behind addr (NULL if !@val). */
static long __gic_attr(int gic, unsigned long cmd, uint32_t group, uint64_t attr, uint64_t *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr,
				     .addr = val ? (uint64_t)(uintptr_t)val : 0 };

	return __kvm_ioctl(gic, cmd, &a);
}

static void gic_set(int gic, uint32_t group, uint64_t attr, uint64_t val)
{
	TEST_ASSERT(__gic_attr(gic, KVM_SET_DEVICE_ATTR, group, attr, &val) == 0,
		    "set group %u attr %#llx = %#llx: %s", group, (unsigned long long)attr,
		    (unsigned long long)val, errno_name(errno));
}

static uint32_t gic_get32(int gic, uint32_t group, uint64_t attr)
{
	uint64_t val = 0;

	TEST_ASSERT(__gic_attr(gic, KVM_GET_DEVICE_ATTR, group, attr, &val) == 0,
		    "get group %u attr %#llx: %s", group, (unsigned long long)attr,
		    errno_name(errno));
	return (uint32_t)val;
}

static void gic_init(int gic)
{
	TEST_ASSERT(__gic_attr(gic, KVM_SET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CTRL,
			       KVM_DEV_ARM_VGIC_CTRL_INIT, NULL) == 0,
		    "CTRL_INIT: %s", errno_name(errno));
}

static void gic_place(int gic, uint32_t nr_vcpus)
{
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST_BASE);
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
		REGION(nr_vcpus, RDIST_BASE, 0));
}

static long irq_line(int vm, uint32_t type, uint32_t vcpu, uint32_t num, uint32_t level)
{
	struct kvm_irq_level il = { .irq = (type << 24) | (vcpu << 16) | num, .level = level };

	return __vm_ioctl(vm, KVM_IRQ_LINE, &il);
}

/*
 * "gic KVM_CREATE_DEVICE type=7 -> 0", "gic.fd F_GETFL accmode=O_RDWR
 * cloexec=1", "gic.twice ... -> -1 EEXIST", "gic.v2 ... -> -1 ENODEV",
 * "gic KVM_CREATE_IRQCHIP -> -1 ENODEV", "gic.fd KVM_RUN -> -1 ENOTTY",
 * "gic.fd mmap -> -1 ENODEV", "gic.after-close ... -> -1 EEXIST".
 */
KERNEL_TEST(vgic, create_once_per_vm)
{
	struct kvm_create_device v2 = { .type = KVM_DEV_TYPE_ARM_VGIC_V2 };
	struct kvm_create_device test = { .type = KVM_DEV_TYPE_ARM_VGIC_V3,
					  .flags = KVM_CREATE_DEVICE_TEST, .fd = 1234 };
	int vm = vm_create(kernel->name);
	int gic;

	cr_assert_eq(__vm_ioctl(vm, KVM_CREATE_DEVICE, &test), 0);
	cr_assert_eq(test.fd, 1234, "KVM_CREATE_DEVICE_TEST makes no fd");
	gic = gic_create(vm);
	cr_assert_eq(fcntl(gic, F_GETFL) & O_ACCMODE, O_RDWR);
	cr_assert(fcntl(gic, F_GETFD) & FD_CLOEXEC);
	assert_errno(__gic_create(vm), EEXIST);
	assert_errno(__vm_ioctl(vm, KVM_CREATE_DEVICE, &v2), ENODEV);
	assert_errno(__vm_ioctl(vm, KVM_CREATE_IRQCHIP, 0), ENODEV);
	assert_errno(__kvm_ioctl(gic, KVM_RUN, 0), ENOTTY);
	cr_assert_eq(__kvm_mmap(gic, 4096, PROT_READ, MAP_SHARED, 0), MAP_FAILED);
	cr_assert_eq(errno, ENODEV);
	kvm_close(gic);
	assert_errno(__gic_create(vm), EEXIST);
	kvm_close(vm);
}

/* The device fd holds the VM: its attributes still answer without the VM fd. */
KERNEL_TEST(vgic, device_fd_outlives_the_vm_fd)
{
	int vm = vm_create(kernel->name);
	int gic = gic_create(vm);

	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 128);
	kvm_close(vm);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0), 128);
	kvm_close(gic);
}

/*
 * "addr.dist get ADDR attr=0x2 -> 0 val=0xffffffffffffffff", "addr.dist
 * set ... val=0x8001000 -> -1 EINVAL", "... val=0x10000000000 -> -1 E2BIG",
 * "... val=0xffffff0000 -> 0", "... -> -1 EEXIST", "addr.region get ...
 * -> -1 ENOENT", "addr.v2 set ADDR attr=0x1 ... -> -1 ENXIO".
 */
KERNEL_TEST(vgic, frame_addresses)
{
	int vm = vm_create(kernel->name);
	int gic = gic_create(vm);
	uint64_t val = 0;

	cr_assert_eq(__gic_attr(gic, KVM_GET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, &val), 0);
	cr_assert_eq(val, ~0ULL);
	val = 0;
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
				&val), ENOENT);
	val = 0x1000000;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 0, KVM_VGIC_V2_ADDR_TYPE_CPU, &val), ENXIO);
	val = DIST_BASE + 0x1000;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, &val),
		     EINVAL);
	val = 1ULL << 40;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, &val), E2BIG);
	gic_set(gic, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, (1ULL << 40) - 0x10000);
	val = DIST_BASE;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 0, KVM_VGIC_V3_ADDR_TYPE_DIST, &val),
		     EEXIST);
	kvm_close(gic);
	kvm_close(vm);
}

/*
 * "nr get NR_IRQS attr=0 -> 0 val=...00000020", "nr set ... val=0x3f -> -1
 * EINVAL", "... val=0x400 -> -1 EINVAL", "nr set ... val=0x100000060 -> 0",
 * "nr set NR_IRQS attr=0 val=0x80 -> -1 EBUSY", "init get NR_IRQS attr=0
 * -> 0 val=...00000100" (INIT's default: 256).
 */
KERNEL_TEST(vgic, nr_irqs)
{
	int vm = vm_create(kernel->name);
	int gic = gic_create(vm);
	uint64_t val;

	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0), 32);
	val = 63;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 3, 0, &val), EINVAL);
	val = 1024;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 3, 0, &val), EINVAL);
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, 96 | (1ULL << 32));
	val = 128;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, 3, 0, &val), EBUSY);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0), 96);
	kvm_close(gic);
	kvm_close(vm);

	vm = vm_create(kernel->name);
	gic = gic_create(vm);
	gic_init(gic);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0), 256);
	kvm_close(gic);
	kvm_close(vm);
}

/*
 * "init KVM_CREATE_VCPU id=0x2 -> -1 EBUSY" (after INIT), "init.run KVM_RUN
 * immediate_exit=1 -> -1 ENXIO" (no frames placed), then "init.dead
 * KVM_CHECK_EXTENSION ... -> -1 EIO" and the vCPU's ONE_REG EIO.
 */
KERNEL_TEST(vgic, first_run_without_frames_kills_the_vm)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	int gic;
	uint64_t pc;

	vcpu_init(vcpu, 0);
	gic = gic_create(vm);
	gic_init(gic);
	assert_errno(__vm_create_vcpu(vm, 1), EBUSY);
	assert_errno(__vcpu_run_immediate(vcpu), ENXIO);
	assert_errno(__kvm_check_extension(vm, KVM_CAP_MAX_VCPUS), EIO);
	assert_errno(__vcpu_get_reg(vcpu, CORE_REG(regs.pc), &pc), EIO);
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, 3, 0, &pc), EIO);
	kvm_close(gic);
	kvm_close(vcpu);
	kvm_close(vm);
}

/* "noinit.run KVM_RUN immediate_exit=1 -> -1 EBUSY"; "ok.run ... -> -1 EINTR". */
KERNEL_TEST(vgic, first_run_needs_init)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	int gic;

	vcpu_init(vcpu, 0);
	gic = gic_create(vm);
	gic_place(gic, 1);
	assert_errno(__vcpu_run_immediate(vcpu), EBUSY);
	kvm_close(gic);
	kvm_close(vcpu);
	kvm_close(vm);

	vm = vm_create(kernel->name);
	vcpu = vm_create_vcpu(vm, 0);
	vcpu_init(vcpu, 0);
	gic = gic_create(vm);
	gic_place(gic, 1);
	gic_init(gic);
	vcpu_run_immediate_exit(vcpu);
	kvm_close(gic);
	kvm_close(vcpu);
	kvm_close(vm);
}

/*
 * "regs.dist get DIST_REGS attr=0 -> 0 val=...00000050" (ARE, DS),
 * "attr=0x4 -> ...00480007", "attr=0x8 -> ...4b00343b", "attr=0xffe8 ->
 * ...0000003b", "regs.rd1 get REDIST_REGS attr=0x100000008 -> ...00000110"
 * (vCPU 1, the last), "attr=0x100000078 -> ...00000580", "regs.dist-w
 * ... IPRIORITYR ... 0xf8f8f8f8"; "gic.pre-init get DIST_REGS ... -> -1 EBUSY".
 */
KERNEL_TEST(vgic, register_reset_values)
{
	int vm = vm_create(kernel->name);
	int vcpu0 = vm_create_vcpu(vm, 0), vcpu1 = vm_create_vcpu(vm, 1);
	int gic;
	uint64_t val = 0;

	vcpu_init(vcpu0, 0);
	vcpu_init(vcpu1, 0);
	gic = gic_create(vm);
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, &val),
		     EBUSY);
	gic_place(gic, 2);
	gic_init(gic);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0), 0x50);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x4), 0x480007);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x8), 0x4b00343b);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0xffe8), 0x3b);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, MPIDR_ATTR(0, 0x8)), 0x0);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, MPIDR_ATTR(1, 0x8)), 0x110);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, MPIDR_ATTR(1, 0xc)), 0x1);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, MPIDR_ATTR(1, 0x78)), 0x580);
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x420, 0xffffffff);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x420), 0xf8f8f8f8);
	val = 0;
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
				MPIDR_ATTR(7, 0), &val), EINVAL);
	kvm_close(gic);
	kvm_close(vcpu1);
	kvm_close(vcpu0);
	kvm_close(vm);
}

/*
 * Without a vGIC: "line KVM_IRQ_LINE type=0 vcpu=0 num=0 level=1 -> 0",
 * "... num=2 ... -> -1 EINVAL", "... vcpu=3 ... -> -1 EINVAL", "type=1
 * ... -> -1 ENXIO", "type=2 ... -> -1 ENXIO", "type=4 ... -> -1 EINVAL".
 * With one: "regs.irq KVM_IRQ_LINE type=1 vcpu=0 num=64 level=1 -> 0" and
 * ISPENDR2 showing it, "num=31 ... -> -1 EINVAL", "type=0 ... -> -1 ENXIO".
 */
KERNEL_TEST(vgic, irq_line)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	int gic;

	vcpu_init(vcpu, 0);
	cr_assert_eq(irq_line(vm, 0, 0, 0, 1), 0);
	cr_assert_eq(irq_line(vm, 0, 0, 1, 1), 0);
	assert_errno(irq_line(vm, 0, 0, 2, 1), EINVAL);
	assert_errno(irq_line(vm, 0, 3, 0, 1), EINVAL);
	assert_errno(irq_line(vm, 1, 0, 32, 1), ENXIO);
	assert_errno(irq_line(vm, 2, 0, 16, 1), ENXIO);
	assert_errno(irq_line(vm, 4, 0, 0, 1), EINVAL);
	kvm_close(vcpu);
	kvm_close(vm);

	vm = vm_create(kernel->name);
	vcpu = vm_create_vcpu(vm, 0);
	vcpu_init(vcpu, 0);
	gic = gic_create(vm);
	gic_place(gic, 1);
	gic_init(gic);
	cr_assert_eq(irq_line(vm, 1, 0, 64, 1), 0);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x208), 0x1);
	assert_errno(irq_line(vm, 1, 0, 31, 1), EINVAL);
	assert_errno(irq_line(vm, 0, 0, 0, 1), ENXIO);
	kvm_close(gic);
	kvm_close(vcpu);
	kvm_close(vm);
}

/* ---- interrupts into a running guest ----------------------------------------- */

#define RAM_GPA		0x40000000ULL
#define RAM_SIZE	0x10000UL
#define MMIO		0x40020000ULL
#define SPI		32

/*
 * A guest that enables group 1 (ICC_IGRPEN1_EL1, ICC_PMR_EL1 0xf0), the
 * distributor (GICD_CTLR ARE | EnableGrp1) and SPI 32 (GICD_ISENABLER1),
 * unmasks IRQs and waits; its IRQ vector (VBAR_EL1 + 0x280) acknowledges,
 * ends the interrupt and stores the INTID to MMIO (an exit).
 */
static const uint32_t irq_guest[] = {
	0xd518cce1,	/* msr ICC_IGRPEN1_EL1, x1 */
	0xd5184602,	/* msr ICC_PMR_EL1, x2 */
	0xb9000064,	/* str w4, [x3] (GICD_CTLR) */
	0xb9010465,	/* str w5, [x3, #0x104] (GICD_ISENABLER1) */
	0xd50342ff,	/* msr daifclr, #2 */
	0xd503207f,	/* 1: wfi */
	0x17ffffff,	/* b 1b */
};

static const uint32_t irq_vector[] = {
	0xd538cc06,	/* mrs x6, ICC_IAR1_EL1 */
	0xd518cc26,	/* msr ICC_EOIR1_EL1, x6 */
	0xf90000e6,	/* str x6, [x7] */
	0x14000000,	/* b . */
};

#define SYS_VBAR_EL1	ARM64_SYS_REG(3, 0, 12, 0, 0)
#define VECTORS		0x800	/* VBAR_EL1, from RAM_GPA */
#define IRQ_SPX		0x280	/* current EL, SPx, IRQ */

struct irq_vm {
	int vm, vcpu, gic;
	struct kvm_run *run;
	uint8_t *ram;
};

static void irq_vm_setup(struct irq_vm *t, const char *kernel)
{
	t->vm = vm_create(kernel);
	t->ram = guest_mem(RAM_SIZE, irq_guest, ARRAY_SIZE(irq_guest));
	memcpy(t->ram + VECTORS + IRQ_SPX, irq_vector, sizeof(irq_vector));
	vm_set_user_memory_region(t->vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)t->ram);
	t->vcpu = vm_create_vcpu(t->vm, 0);
	vcpu_init(t->vcpu, 0);
	t->run = vcpu_map_run(t->vcpu);
	t->gic = gic_create(t->vm);
	gic_place(t->gic, 1);
	gic_init(t->gic);
	vcpu_set_reg(t->vcpu, CORE_REG(regs.pc), RAM_GPA);
	vcpu_set_reg(t->vcpu, SYS_VBAR_EL1, RAM_GPA + VECTORS);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(1)), 1);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(2)), 0xf0);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3)), DIST_BASE);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(4)), 0x12);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(5)), 1);
	vcpu_set_reg(t->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(7)), MMIO);
}

static void irq_vm_destroy(struct irq_vm *t)
{
	kvm_close(t->gic);
	kvm_close(t->vcpu);
	kvm_close(t->vm);
}

/* The guest's handler ran for @intid: its store is the exit. */
static void assert_handled(struct irq_vm *t, uint32_t intid)
{
	uint64_t data = 0;

	cr_assert_eq(t->run->exit_reason, KVM_EXIT_MMIO, "exit reason %u", t->run->exit_reason);
	cr_assert_eq(t->run->mmio.phys_addr, MMIO);
	memcpy(&data, t->run->mmio.data, sizeof(data));
	cr_assert_eq(data, intid, "the handler acknowledged %#llx", (unsigned long long)data);
}

struct delayed {
	int vm;
	int fd;		/* an eventfd to write, or -1: KVM_IRQ_LINE */
};

static void *inject_later(void *arg)
{
	const struct delayed *d = arg;
	const struct timespec wait = { 0, 100 * 1000 * 1000 };
	uint64_t one = 1;

	nanosleep(&wait, NULL);
	if (d->fd >= 0)
		cr_assert_eq(write(d->fd, &one, sizeof(one)), sizeof(one));
	else
		cr_assert_eq(irq_line(d->vm, KVM_ARM_IRQ_TYPE_SPI, 0, SPI, 1), 0);
	return NULL;
}

/* An SPI made pending before KVM_RUN is taken as soon as the guest unmasks IRQs. */
KERNEL_TEST(vgic, pending_spi_taken_at_the_guest_vector)
{
	struct irq_vm t;

	irq_vm_setup(&t, kernel->name);
	if (__vcpu_run_timed(t.vcpu, 500) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	vcpu_set_reg(t.vcpu, CORE_REG(regs.pc), RAM_GPA);
	cr_assert_eq(irq_line(t.vm, KVM_ARM_IRQ_TYPE_SPI, 0, SPI, 1), 0);
	cr_assert_eq(__vcpu_run_timed(t.vcpu, 60000), 0, "KVM_RUN: %s", errno_name(errno));
	assert_handled(&t, SPI);
	irq_vm_destroy(&t);
}

/*
 * With a vGIC the guest's ICC_* registers are KVM's, and the rest of CRn 12
 * (VBAR_EL1 among them) stays the CPU's: the guest's own MSR VBAR_EL1 is
 * what it reads back and what KVM_GET_ONE_REG shows.
 */
KERNEL_TEST(vgic, guest_vbar_write_is_the_cpus)
{
	static const uint32_t vbar_guest[] = {
		0xd518c001,	/* msr VBAR_EL1, x1 */
		0xd538c002,	/* mrs x2, VBAR_EL1 */
		0xf90000e2,	/* str x2, [x7] */
		0x14000000,	/* b . */
	};
	const uint64_t vbar = RAM_GPA + 0x1000;
	uint64_t data = 0;
	struct irq_vm t;

	irq_vm_setup(&t, kernel->name);
	memcpy(t.ram, vbar_guest, sizeof(vbar_guest));
	vcpu_set_reg(t.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(1)), vbar);
	if (__vcpu_run_timed(t.vcpu, 60000) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	cr_assert_eq(t.run->exit_reason, KVM_EXIT_MMIO, "exit reason %u", t.run->exit_reason);
	memcpy(&data, t.run->mmio.data, sizeof(data));
	cr_assert_eq(data, vbar, "the guest read VBAR_EL1 %#llx", (unsigned long long)data);
	cr_assert_eq(vcpu_get_reg(t.vcpu, SYS_VBAR_EL1), vbar);
	irq_vm_destroy(&t);
}

/* A guest asleep in WFI wakes for an SPI another thread injects, then for an irqfd's. */
KERNEL_TEST(vgic, wfi_wakes_for_an_injection_from_another_thread)
{
	struct irq_vm t;
	struct delayed d;
	struct kvm_irqfd irqfd = { .gsi = SPI - 32 };
	pthread_t thread;
	int efd;

	irq_vm_setup(&t, kernel->name);
	if (__vcpu_run_timed(t.vcpu, 500) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	vcpu_set_reg(t.vcpu, CORE_REG(regs.pc), RAM_GPA);
	d = (struct delayed){ .vm = t.vm, .fd = -1 };
	pthread_create(&thread, NULL, inject_later, &d);
	cr_assert_eq(__vcpu_run_timed(t.vcpu, 60000), 0, "KVM_RUN: %s", errno_name(errno));
	pthread_join(thread, NULL);
	assert_handled(&t, SPI);

	/* Again through an irqfd on GSI 0 (SPI 32, the default route). */
	efd = eventfd(0, EFD_CLOEXEC);
	cr_assert(efd >= 0);
	irqfd.fd = (uint32_t)efd;
	cr_assert_eq(__vm_ioctl(t.vm, KVM_IRQFD, &irqfd), 0, "KVM_IRQFD: %s", errno_name(errno));
	assert_errno(__vm_ioctl(t.vm, KVM_IRQFD, &irqfd), EBUSY);
	vcpu_set_reg(t.vcpu, CORE_REG(regs.pc), RAM_GPA);
	t.run->exit_reason = KVM_EXIT_UNKNOWN;
	d = (struct delayed){ .vm = t.vm, .fd = efd };
	pthread_create(&thread, NULL, inject_later, &d);
	cr_assert_eq(__vcpu_run_timed(t.vcpu, 60000), 0, "KVM_RUN: %s", errno_name(errno));
	pthread_join(thread, NULL);
	assert_handled(&t, SPI);
	irqfd.flags = KVM_IRQFD_FLAG_DEASSIGN;
	cr_assert_eq(__vm_ioctl(t.vm, KVM_IRQFD, &irqfd), 0);
	close(efd);
	irq_vm_destroy(&t);
}

/* KVM_IRQFD before INIT: EAGAIN; a descriptor that is no eventfd: EINVAL; none: EBADF. */
KERNEL_TEST(vgic, irqfd_arguments)
{
	int vm = vm_create(kernel->name);
	int gic = gic_create(vm);
	int efd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd irqfd = { .fd = (uint32_t)efd };

	assert_errno(__vm_ioctl(vm, KVM_IRQFD, &irqfd), EAGAIN);
	gic_init(gic);
	irqfd.fd = (uint32_t)gic;
	assert_errno(__vm_ioctl(vm, KVM_IRQFD, &irqfd), EINVAL);
	irqfd.fd = 100000;
	assert_errno(__vm_ioctl(vm, KVM_IRQFD, &irqfd), EBADF);
	irqfd.fd = (uint32_t)efd;
	irqfd.flags = 4;
	assert_errno(__vm_ioctl(vm, KVM_IRQFD, &irqfd), EINVAL);
	irqfd.flags = 0;
	cr_assert_eq(__vm_ioctl(vm, KVM_IRQFD, &irqfd), 0);
	close(efd);
	kvm_close(gic);
	kvm_close(vm);
}

/* ---- CPU_SYSREGS, KVM_SIGNAL_MSI, GSI routing --------------------------------- */

#define ICC(op1, crn, crm, op2)	((3U << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define ICC_PMR		ICC(0, 4, 6, 0)
#define ICC_BPR0	ICC(0, 12, 8, 3)
#define ICC_AP0R1	ICC(0, 12, 8, 5)
#define ICC_BPR1	ICC(0, 12, 12, 3)
#define ICC_CTLR	ICC(0, 12, 12, 4)
#define ICC_SRE		ICC(0, 12, 12, 5)
#define ICC_IAR1	ICC(0, 12, 12, 0)

/*
 * "sysregs.get.CTLR ... -> 0 val=0x8c00", "sysregs.get.SRE ... val=0x7",
 * "sysregs.set.PMR ... val=0x1ff -> 0" read back 0xff, "sysregs.get.AP0R1
 * ... -> -1 EINVAL", "sysregs.get.IAR1 ... -> -1 ENOENT", "sysregs.set.CTLR
 * ... val=0x8402 -> 0" then "val=0x8c00 -> -1 EINVAL" (fewer ID bits
 * stick), "sysregs.run.BPR0 ... val=0x2", "sysregs.run.BPR1 ... val=0x3".
 */
KERNEL_TEST(vgic, cpu_sysregs)
{
	int vm = vm_create(kernel->name);
	int vcpu0 = vm_create_vcpu(vm, 0), vcpu1 = vm_create_vcpu(vm, 1);
	uint64_t val;
	int gic;

	vcpu_init(vcpu0, 0);
	vcpu_init(vcpu1, 0);
	gic = gic_create(vm);
	gic_place(gic, 2);
	gic_init(gic);
	cr_assert_eq(__gic_attr(gic, KVM_HAS_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_CTLR), NULL), 0);
	assert_errno(__gic_attr(gic, KVM_HAS_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_IAR1), NULL), ENXIO);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_CTLR)),
		     0x8c00);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_SRE)), 7);
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_PMR), 0x1ff);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_PMR)), 0xff);
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_AP0R1), &val), EINVAL);
	assert_errno(__gic_attr(gic, KVM_GET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_IAR1), &val), ENOENT);
	gic_set(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_CTLR), 0x8402);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(1, ICC_CTLR)),
		     0x8402);
	val = 0x8c00;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_CTLR), &val), EINVAL);
	val = 0;
	assert_errno(__gic_attr(gic, KVM_SET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
				MPIDR_ATTR(1, ICC_SRE), &val), EINVAL);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(0, ICC_BPR0)), 0);
	vcpu_run_immediate_exit(vcpu0);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(0, ICC_BPR0)), 2);
	cr_assert_eq(gic_get32(gic, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, MPIDR_ATTR(0, ICC_BPR1)), 3);
	kvm_close(gic);
	kvm_close(vcpu1);
	kvm_close(vcpu0);
	kvm_close(vm);
}

/*
 * "msi KVM_SIGNAL_MSI no-gic -> -1 EINVAL", "msi KVM_SIGNAL_MSI -> -1
 * ENODEV" (no ITS), "... flags=2 -> -1 EINVAL"; routes: "irqchip pin=987
 * -> 0", "pin=988 -> -1 EINVAL", "twice -> -1 EINVAL", "nr=4097 -> -1
 * EINVAL", "msi ... -> 0".
 */
KERNEL_TEST(vgic, msi_and_routes)
{
	struct kvm_msi msi = { .address_lo = 0x08080040, .data = 1 };
	struct {
		struct kvm_irq_routing r;
		struct kvm_irq_routing_entry e[2];
	} rt = { .r = { .nr = 1 } };
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	int gic;

	vcpu_init(vcpu, 0);
	assert_errno(__vm_ioctl(vm, KVM_SIGNAL_MSI, &msi), EINVAL);
	gic = gic_create(vm);
	gic_place(gic, 1);
	gic_init(gic);
	assert_errno(__vm_ioctl(vm, KVM_SIGNAL_MSI, &msi), ENODEV);
	msi.flags = 2;
	assert_errno(__vm_ioctl(vm, KVM_SIGNAL_MSI, &msi), EINVAL);
	rt.e[0] = (struct kvm_irq_routing_entry){ .gsi = 1, .type = KVM_IRQ_ROUTING_MSI,
						  .u.msi = { .address_lo = 0x08080040, .data = 1 } };
	cr_assert_eq(__vm_ioctl(vm, KVM_SET_GSI_ROUTING, &rt), 0);
	rt.e[0] = (struct kvm_irq_routing_entry){ .gsi = 1, .type = KVM_IRQ_ROUTING_IRQCHIP,
						  .u.irqchip = { .irqchip = 0, .pin = 987 } };
	cr_assert_eq(__vm_ioctl(vm, KVM_SET_GSI_ROUTING, &rt), 0);
	rt.e[0].u.irqchip.pin = 988;
	assert_errno(__vm_ioctl(vm, KVM_SET_GSI_ROUTING, &rt), EINVAL);
	rt.e[0].u.irqchip.pin = 0;
	rt.e[1] = rt.e[0];
	rt.r.nr = 2;
	assert_errno(__vm_ioctl(vm, KVM_SET_GSI_ROUTING, &rt), EINVAL);
	rt.r.nr = 4097;
	assert_errno(__vm_ioctl(vm, KVM_SET_GSI_ROUTING, &rt), EINVAL);
	kvm_close(gic);
	kvm_close(vcpu);
	kvm_close(vm);
}

/* ---- a snapshot with interrupts pending, restored into a new VM ---------------- */

#define ICC_IGRPEN1	ICC(0, 12, 12, 7)
#define ICC_AP1R0	ICC(0, 12, 9, 0)
#define LEVEL_INFO(base)	((uint64_t)VGIC_LEVEL_INFO_LINE_LEVEL << \
				 KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT | (base))

/*
 * The guest: group 1 on (x1), PMR (x2), the distributor (x4 to GICD_CTLR at
 * x3), SPI 33 edge-triggered (x8 to ICFGR2), SPIs 32 and 33 enabled (x5),
 * SPI 33 made pending by its own write (x6 to ISPENDR1); then a store to
 * MMIO (x7) with IRQs still masked, the point of the snapshot.  Then it
 * unmasks and sleeps; the handler acknowledges, ends the interrupt, stores
 * the INTID to MMIO and returns.
 */
static const uint32_t snap_guest[] = {
	0xd518cce1,	/* msr ICC_IGRPEN1_EL1, x1 */
	0xd5184602,	/* msr ICC_PMR_EL1, x2 */
	0xb9000064,	/* str w4, [x3] (GICD_CTLR) */
	0xb90c0868,	/* str w8, [x3, #0xc08] (GICD_ICFGR2) */
	0xb9010465,	/* str w5, [x3, #0x104] (GICD_ISENABLER1) */
	0xb9020466,	/* str w6, [x3, #0x204] (GICD_ISPENDR1) */
	0xf90000ff,	/* str xzr, [x7] */
	0xd50342ff,	/* msr daifclr, #2 */
	0xd503207f,	/* 1: wfi */
	0x17ffffff,	/* b 1b */
};

static const uint32_t snap_vector[] = {
	0xd538cc06,	/* mrs x6, ICC_IAR1_EL1 */
	0xd518cc26,	/* msr ICC_EOIR1_EL1, x6 */
	0xf90000e6,	/* str x6, [x7] */
	0xd69f03e0,	/* eret */
};

/* What a VMM saves of the GIC for these interrupts, as its snapshot would. */
static const struct { uint32_t group; uint64_t attr; } gic_state[] = {
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0000 },	/* GICD_CTLR */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0084 },	/* GICD_IGROUPR1 */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0c08 },	/* GICD_ICFGR2 */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0420 },	/* GICD_IPRIORITYR8 */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x6100 },	/* GICD_IROUTER32, low half */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x6108 },	/* GICD_IROUTER33, low half */
	{ KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, 0x10080 },	/* GICR_IGROUPR0 */
	{ KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, 0x10100 },	/* GICR_ISENABLER0 */
	{ KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, ICC_PMR },
	{ KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, ICC_BPR1 },
	{ KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, ICC_CTLR },
	{ KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, ICC_AP1R0 },
	{ KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, ICC_IGRPEN1 },
	{ KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, LEVEL_INFO(32) },
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0204 },	/* GICD_ISPENDR1 */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0304 },	/* GICD_ISACTIVER1 */
	{ KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0104 },	/* GICD_ISENABLER1 */
};

struct reg_value {
	uint64_t id;
	uint8_t val[256];
};

/*
 * A VM stopped with SPI 32 (level, its line up from KVM_IRQ_LINE) and SPI
 * 33 (edge, made pending by the guest) pending behind masked IRQs is saved
 * as a VMM saves it - every register of KVM_GET_REG_LIST, the vGIC through
 * its attribute groups (restored in that order: configuration, line
 * levels, pending, enables), memory - and restored into a new VM, which
 * then takes 32, then 33 (lower priority), and nothing else.
 */
KERNEL_TEST(vgic, snapshot_restores_pending_interrupts)
{
	struct irq_vm a, b;
	struct kvm_reg_list *list;
	struct reg_value *regs;
	uint32_t gic_vals[ARRAY_SIZE(gic_state)];

	irq_vm_setup(&a, kernel->name);
	memcpy(a.ram, snap_guest, sizeof(snap_guest));
	memcpy(a.ram + VECTORS + IRQ_SPX, snap_vector, sizeof(snap_vector));
	vcpu_set_reg(a.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(5)), 0x3);
	vcpu_set_reg(a.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(6)), 0x2);
	vcpu_set_reg(a.vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(8)), 0x8);
	gic_set(a.gic, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x420, 0x8000);	/* SPI 33: 0x80 */
	if (__vcpu_run_timed(a.vcpu, 60000) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	cr_assert_eq(a.run->exit_reason, KVM_EXIT_MMIO, "exit reason %u", a.run->exit_reason);
	cr_assert_eq(irq_line(a.vm, KVM_ARM_IRQ_TYPE_SPI, 0, SPI, 1), 0);
	/* The MMIO store completed, as a VMM does before it saves a vCPU. */
	vcpu_run_immediate_exit(a.vcpu);

	list = vcpu_get_reg_list(a.vcpu);
	regs = calloc(list->n, sizeof(*regs));
	cr_assert(regs);
	for (uint64_t i = 0; i < list->n; i++) {
		struct kvm_one_reg r = { .id = list->reg[i], .addr = (uintptr_t)regs[i].val };

		regs[i].id = list->reg[i];
		cr_assert_eq(__vcpu_ioctl(a.vcpu, KVM_GET_ONE_REG, &r), 0, "get %#llx: %s",
			     (unsigned long long)r.id, errno_name(errno));
	}
	for (size_t i = 0; i < ARRAY_SIZE(gic_state); i++)
		gic_vals[i] = gic_get32(a.gic, gic_state[i].group, gic_state[i].attr);

	irq_vm_setup(&b, kernel->name);
	memcpy(b.ram, a.ram, RAM_SIZE);
	irq_vm_destroy(&a);
	for (uint64_t i = 0; i < list->n; i++) {
		struct kvm_one_reg r = { .id = regs[i].id, .addr = (uintptr_t)regs[i].val };

		cr_assert_eq(__vcpu_ioctl(b.vcpu, KVM_SET_ONE_REG, &r), 0, "set %#llx: %s",
			     (unsigned long long)r.id, errno_name(errno));
	}
	for (size_t i = 0; i < ARRAY_SIZE(gic_state); i++)
		gic_set(b.gic, gic_state[i].group, gic_state[i].attr, gic_vals[i]);
	free(regs);
	free(list);

	cr_assert_eq(__vcpu_run_timed(b.vcpu, 60000), 0, "KVM_RUN: %s", errno_name(errno));
	assert_handled(&b, SPI);
	cr_assert_eq(irq_line(b.vm, KVM_ARM_IRQ_TYPE_SPI, 0, SPI, 0), 0);
	cr_assert_eq(__vcpu_run_timed(b.vcpu, 60000), 0, "KVM_RUN: %s", errno_name(errno));
	assert_handled(&b, SPI + 1);
	/* Nothing else was pending: the guest sleeps until the timer's signal. */
	assert_errno(__vcpu_run_timed(b.vcpu, 300), EINTR);
	irq_vm_destroy(&b);
}
