// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Bad pointers as ioctl arguments: NULL, PROT_NONE memory and the
 * kernel's half of the address space cost an EFAULT, never a crash; a
 * read-only page is fine to read from and EFAULT to write to.
 *
 * Expected values: tests/conform/real-*.txt, lines "... NULL", "... noaccess",
 * "... kernel-half(0xffff000000000000)", "... read-only-page" of sections
 * "create_vcpu", "memslot", "enable_cap" and "before_init"; the same on
 * 6.1 and 6.12.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>

#include "kvm_util.h"

enum bad_addr {
	NULL_ADDR,
	NOACCESS,	/* PROT_NONE pages */
	KERNEL_HALF,	/* 0xffff000000000000 */
	READ_ONLY,	/* a read-only page of zeros */
};

struct uaccess_case {
	char kernel[KERNEL_NAME_MAX];
	enum kvm_fd_kind fd;
	char name[40];
	unsigned long request;
	enum bad_addr addr;
	struct result want;
};

static struct uaccess_case uaccess_cases[] = {
	/*
	 * real-*.txt "vm KVM_ARM_PREFERRED_TARGET NULL", "... noaccess", "... kernel-half",
	 * "... read-only-page"
	 */
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), NULL_ADDR, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), NOACCESS, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), KERNEL_HALF, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), READ_ONLY, ERR(EFAULT)),
	/*
	 * real-*.txt "memslot.arg KVM_SET_USER_MEMORY_REGION NULL", "... noaccess", "... kernel-half",
	 * "... read-only-page(zeros) -> -1 EINVAL": read, it is slot 0 of size 0, absent.
	 */
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), NULL_ADDR, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), NOACCESS, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), KERNEL_HALF, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), READ_ONLY, ERR(EINVAL)),
	/* real-*.txt "vm KVM_ENABLE_CAP NULL", "... noaccess", "... kernel-half" */
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ENABLE_CAP), NULL_ADDR, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ENABLE_CAP), NOACCESS, ERR(EFAULT)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ENABLE_CAP), KERNEL_HALF, ERR(EFAULT)),
	/* real-*.txt "vcpu0 KVM_SET_MP_STATE NULL -> -1 EFAULT", "vcpu0 KVM_GET_MP_STATE NULL" */
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_SET_MP_STATE), NULL_ADDR, ERR(EFAULT)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_GET_MP_STATE), NULL_ADDR, ERR(EFAULT)),
};

static unsigned long bad_addr(enum bad_addr addr)
{
	switch (addr) {
	case NOACCESS:
		return noaccess_addr();
	case KERNEL_HALF:
		return KERNEL_HALF_ADDR;
	case READ_ONLY:
		return (uintptr_t)test_mem(PAGE_SIZE, PROT_READ);
	default:
		return 0;
	}
}

static const char *const bad_addr_names[] = {
	[NULL_ADDR] = "NULL", [NOACCESS] = "noaccess", [KERNEL_HALF] = "kernel-half",
	[READ_ONLY] = "read-only-page",
};

TEST_CASES(uaccess, bad_pointer, uaccess_cases)
ParameterizedTest(struct uaccess_case *c, uaccess, bad_pointer)
{
	int fd = kvm_open_fd_kind(c->kernel, c->fd);

	assert_result(__kvm_ioctl(fd, c->request, bad_addr(c->addr)), &c->want, "%s: %s %s %s",
		      c->kernel, fd_kind_name(c->fd), c->name, bad_addr_names[c->addr]);
}

/*
 * A struct that runs into a PROT_NONE page is EFAULT, and the part before
 * it has been written: the copy is not all or nothing.
 * real-*.txt "vm KVM_ARM_PREFERRED_TARGET straddling(8 bytes before a PROT_NONE page)
 * -> -1 EFAULT first8=written"
 */
KERNEL_TEST(uaccess, partly_writable_struct_is_efault_after_a_partial_copy)
{
	int vm = vm_create(kernel->name);
	uint8_t *two = test_mem(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	uint8_t *last8 = two + PAGE_SIZE - 8;
	static const uint8_t untouched[8] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };

	cr_assert_eq(mprotect(two + PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	memset(two, 0xee, PAGE_SIZE);
	assert_errno(__vm_preferred_target(vm, (struct kvm_vcpu_init *)last8), EFAULT);
	cr_assert_neq(memcmp(last8, untouched, sizeof(untouched)), 0,
		      "the 8 bytes before the PROT_NONE page are untouched");
}

/*
 * The simulator's copies catch their own faults (a SIGSEGV/SIGBUS handler
 * it installs at its first copy); faults elsewhere must go where they
 * would have gone without it.  Simulator behaviour, nothing to compare
 * with real KVM: there the copies are the kernel's.
 */
static void efault_once(void)
{
	int vm = vm_create(NULL);

	assert_errno(__vm_preferred_target(vm, (struct kvm_vcpu_init *)(uintptr_t)noaccess_addr()),
		     EFAULT);
}

/*
 * Under AddressSanitizer the fault goes to its handler, which reports it
 * and exits 1; ThreadSanitizer's does the same with 66.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define __SANITIZE_ADDRESS__ 1
#endif
#if __has_feature(thread_sanitizer)
#define __SANITIZE_THREAD__ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ENDS_BY(sig)	.exit_code = 1
#elif defined(__SANITIZE_THREAD__)
#define ENDS_BY(sig)	.exit_code = 66
#else
#define ENDS_BY(sig)	.signal = (sig)
#endif

Test(uaccess, a_fault_of_the_program_still_kills_it, ENDS_BY(SIGSEGV))
{
	efault_once();
	*(volatile int *)(uintptr_t)noaccess_addr() = 1;
}

Test(uaccess, a_fault_of_the_program_still_kills_it_by_sigbus, ENDS_BY(SIGBUS))
{
	/* An empty file (memfd: no /tmp needed, as in the real-KVM guest). */
	int fd = memfd_create("empty", MFD_CLOEXEC);
	volatile char *p;

	cr_assert_geq(fd, 0);
	/* A page of an empty file: touching it is SIGBUS. */
	p = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	cr_assert_neq((void *)p, MAP_FAILED);
	efault_once();
	(void)*p;
}

static sigjmp_buf own_jmp;
static volatile sig_atomic_t own_faults;

static void own_handler(int sig)
{
	(void)sig;
	own_faults++;
	siglongjmp(own_jmp, 1);
}

Test(uaccess, the_programs_own_handler_still_gets_its_faults)
{
	struct sigaction sa = { .sa_handler = own_handler };

	sigemptyset(&sa.sa_mask);
	cr_assert_eq(sigaction(SIGSEGV, &sa, NULL), 0);
	efault_once();
	if (!sigsetjmp(own_jmp, 1))
		*(volatile int *)(uintptr_t)noaccess_addr() = 1;
	cr_expect_eq(own_faults, 1);
	/* And the simulator's copies still end in EFAULT, not in that handler. */
	efault_once();
	cr_expect_eq(own_faults, 1);
}

static void *efault_many(void *arg)
{
	int vm = *(int *)arg;

	for (int i = 0; i < 2000; i++) {
		struct kvm_vcpu_init init;

		if (__vm_preferred_target(vm, (struct kvm_vcpu_init *)(uintptr_t)noaccess_addr()) !=
			    -1 || errno != EFAULT ||
		    __vm_preferred_target(vm, &init))
			return (void *)1;
	}
	return NULL;
}

Test(uaccess, threads_fault_and_copy_at_once)
{
	int vm = vm_create(NULL);
	pthread_t t[4];
	void *ret;

	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, efault_many, &vm), 0);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(t[i], &ret), 0);
		cr_expect_null(ret, "thread %d saw a wrong answer", i);
	}
}
