// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mmap of KVM fds: the vCPU's page 0 is its struct kvm_run, the same page
 * in every shared mapping; page 1 is the VM's coalesced-MMIO ring, shared
 * by its vCPUs; any further page maps but raises SIGBUS when touched.
 * /dev/kvm and VM fds have no mmap (ENODEV).
 *
 * Expected values: tests/conform/real-*.txt, section "mmap"; the same on
 * 6.1 and 6.12.
 */
#include <signal.h>

#include <criterion/criterion.h>

#include "kvm_util.h"

/* struct kvm_run's immediate_exit: the byte the transcripts write. */
#define IMMEDIATE_EXIT	1

/* real-*.txt "sys mmap len=0x1000 prot=RW MAP_SHARED pgoff=0 -> -1 ENODEV", "vm mmap ..." */
struct enodev_case {
	char kernel[KERNEL_NAME_MAX];
	enum kvm_fd_kind fd;
	int prot;
	int flags;
};

static struct enodev_case enodev_cases[] = {
	ON_ALL_KERNELS(SYS_FD, PROT_READ | PROT_WRITE, MAP_SHARED),
	ON_ALL_KERNELS(VM_FD, PROT_READ | PROT_WRITE, MAP_SHARED),
	ON_ALL_KERNELS(VM_FD, PROT_READ, MAP_PRIVATE),
};

TEST_CASES(mmap, of_sys_and_vm_fds_is_enodev, enodev_cases)
ParameterizedTest(struct enodev_case *c, mmap, of_sys_and_vm_fds_is_enodev)
{
	int fd = kvm_open_fd_kind(c->kernel, c->fd);

	cr_assert_eq(__kvm_mmap(fd, PAGE_SIZE, c->prot, c->flags, 0), MAP_FAILED);
	cr_assert_eq(errno, ENODEV, "%s: %s mmap: %s", c->kernel, fd_kind_name(c->fd),
		     errno_name(errno));
}

/*
 * Mappings of a new vCPU, and what reading the first byte of each page
 * gives: OK (it reads 0) or SIGBUS.
 * real-*.txt "vcpu0 mmap len=... prot=... pgoff=... -> ok", "vcpu0 read pgoff=N byte0"
 */
#define OK		0
#define UNTOUCHED	(-1)

struct vcpu_map_case {
	char kernel[KERNEL_NAME_MAX];
	int prot;
	int flags;
	unsigned long pgoff;
	unsigned int pages;
	int touch[3];	/* per page: OK, SIGBUS or UNTOUCHED */
};

#define RW	(PROT_READ | PROT_WRITE)
#define R	PROT_READ

static struct vcpu_map_case vcpu_map_cases[] = {
	ON_ALL_KERNELS(RW, MAP_SHARED, 0, 1, { OK }),
	ON_ALL_KERNELS(RW, MAP_SHARED, 1, 1, { OK }),
	ON_ALL_KERNELS(RW, MAP_SHARED, 2, 1, { SIGBUS }),
	ON_ALL_KERNELS(RW, MAP_SHARED, 3, 1, { SIGBUS }),
	ON_ALL_KERNELS(R, MAP_SHARED, 64, 1, { SIGBUS }),
	ON_ALL_KERNELS(R, MAP_SHARED, 65536, 1, { SIGBUS }),
	ON_ALL_KERNELS(RW, MAP_SHARED, 0, 3, { OK, OK, SIGBUS }),
	ON_ALL_KERNELS(R, MAP_SHARED, 1, 2, { OK, SIGBUS }),
	/* Private and executable mappings of page 0 are allowed too. */
	ON_ALL_KERNELS(RW, MAP_PRIVATE, 0, 1, { OK }),
	ON_ALL_KERNELS(R | PROT_EXEC, MAP_SHARED, 0, 1, { OK }),
	ON_ALL_KERNELS(RW | PROT_EXEC, MAP_PRIVATE, 0, 1, { OK }),
	ON_ALL_KERNELS(PROT_NONE, MAP_SHARED, 0, 1, { UNTOUCHED }),
};

TEST_CASES(mmap, vcpu_pages, vcpu_map_cases)
ParameterizedTest(struct vcpu_map_case *c, mmap, vcpu_pages)
{
	int vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	uint8_t *p = kvm_mmap(vcpu, c->pages * PAGE_SIZE, c->prot, c->flags, c->pgoff);

	for (unsigned int i = 0; i < c->pages; i++) {
		uint8_t v = 0xff;

		if (c->touch[i] == UNTOUCHED)
			continue;
		cr_expect_eq(probe_read(p + i * PAGE_SIZE, &v), c->touch[i],
			     "%s: page %lu of a mapping of %u from page %lu: signal %s",
			     c->kernel, c->pgoff + i, c->pages, c->pgoff,
			     c->touch[i] ? "expected" : "not expected");
		if (c->touch[i] == OK)
			cr_expect_eq(v, 0, "page %lu byte 0 is %#x", c->pgoff + i, v);
	}
	munmap(p, c->pages * PAGE_SIZE);
}

/* real-*.txt "vcpu0 mmap len=0 prot=RW MAP_SHARED pgoff=0 -> -1 EINVAL" */
KERNEL_TEST(mmap, of_length_0_is_einval)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);

	cr_assert_eq(__kvm_mmap(vcpu, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0), MAP_FAILED);
	cr_assert_eq(errno, EINVAL, "%s", errno_name(errno));
}

static size_t nonzero_bytes(const uint8_t *p, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += p[i] != 0;
	return count;
}

/*
 * A new vCPU's kvm_run is all zeros, to the end of the page.
 * real-*.txt "vcpu0 kvm_run-initial -> request_interrupt_window=0 ... nonzero=0 ... tail-nonzero=0"
 */
KERNEL_TEST(mmap, kvm_run_of_a_new_vcpu_is_zeroed)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint8_t *run = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);

	cr_assert_eq(nonzero_bytes(run, PAGE_SIZE), 0);
}

/* real-*.txt "vcpu0 coalesced-ring-initial -> first=0 last=0 nonzero=0" */
KERNEL_TEST(mmap, coalesced_ring_of_a_new_vm_is_zeroed)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint8_t *ring = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 1);

	cr_assert_eq(nonzero_bytes(ring, PAGE_SIZE), 0);
}

/*
 * A private mapping is a copy: writing it leaves the vCPU's kvm_run.
 * real-*.txt "vcpu0 write private-copy immediate_exit=1 -> ok",
 * "vcpu0 read shared immediate_exit (after private write) -> ok val=0x00",
 * "vcpu0 read private exit_reason -> 0"
 */
KERNEL_TEST(mmap, private_mapping_is_a_copy)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint8_t *shared = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	uint8_t *private = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0);

	cr_assert_eq(probe_write(private + IMMEDIATE_EXIT, 1), 0);
	cr_assert_eq(shared[IMMEDIATE_EXIT], 0);
	cr_assert_eq(((struct kvm_run *)private)->exit_reason, 0);
}

/*
 * Two shared mappings of page 0 are one page.
 * real-*.txt "vcpu0 write first-mapping immediate_exit=1 -> ok",
 * "vcpu0.second read immediate_exit -> ok val=0x01"
 */
KERNEL_TEST(mmap, kvm_run_is_one_page_in_every_shared_mapping)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint8_t *first = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	uint8_t *second = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);

	first[IMMEDIATE_EXIT] = 1;
	cr_assert_eq(second[IMMEDIATE_EXIT], 1);
}

/*
 * Each vCPU has its own kvm_run, but page 1 is the VM's ring, the same
 * for all its vCPUs.
 * real-*.txt "vcpu1 read immediate_exit (vcpu0's set to 1) -> ok val=0x00",
 * "vcpu0 write pgoff=1 byte8=0xa5 -> ok",
 * "vcpu1 read pgoff=1 byte8 (same ring page?) -> ok val=0xa5"
 */
KERNEL_TEST(mmap, vcpus_have_their_own_kvm_run_and_share_the_ring)
{
	int vm = vm_create(kernel->name);
	uint8_t *vcpu0 = kvm_mmap(vm_create_vcpu(vm, 0), 2 * PAGE_SIZE,
				  PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	uint8_t *vcpu1 = kvm_mmap(vm_create_vcpu(vm, 1), 2 * PAGE_SIZE,
				  PROT_READ | PROT_WRITE, MAP_SHARED, 0);

	vcpu0[IMMEDIATE_EXIT] = 1;
	cr_assert_eq(vcpu1[IMMEDIATE_EXIT], 0, "vcpu1 sees vcpu0's kvm_run");
	vcpu0[PAGE_SIZE + 8] = 0xa5;
	cr_assert_eq(vcpu1[PAGE_SIZE + 8], 0xa5, "vcpu1 has another ring page");
}

/* real-*.txt "mmap.vm2.vcpu0 read pgoff=1 byte8 (vm1 ring byte8=0x5a) -> ok val=0x00" */
KERNEL_TEST(mmap, vms_have_their_own_ring)
{
	uint8_t *ring1 = kvm_mmap(vm_create_vcpu(vm_create(kernel->name), 0), PAGE_SIZE,
				  PROT_READ | PROT_WRITE, MAP_SHARED, 1);
	uint8_t *ring2 = kvm_mmap(vm_create_vcpu(vm_create(kernel->name), 0), PAGE_SIZE,
				  PROT_READ, MAP_SHARED, 1);

	ring1[8] = 0x5a;
	cr_assert_eq(ring2[8], 0, "the second VM sees the first one's ring");
}
