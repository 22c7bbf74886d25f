// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lifetimes and the fds themselves: a VM lives while any of its fds or
 * vCPU fds is open; KVM fds are real fds of the process (close-on-exec,
 * access mode, dup).
 *
 * Expected values: tests/conform/real-*.txt, section "lifetime", and
 * ../shared/kvm-arm64-notes.md for what the transcripts do not show.
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "kvm_util.h"

#define REG_PC	0x6030000000100040ULL	/* core register pc */

/*
 * Closing the VM fd leaves its vCPU working: the vCPU holds the VM.
 * real-*.txt "vm close -> 0", "vcpu0.after-vm-close KVM_GET_MP_STATE -> 0 mp_state=0",
 * "vcpu0.after-vm-close KVM_GET_ONE_REG pc -> -1 ENOEXEC", "... KVM_RUN -> -1 ENOEXEC",
 * "... mmap len=0x1000 prot=R MAP_SHARED pgoff=0 -> ok", "... read pgoff=0 byte8 -> ok val=0x00"
 */
KERNEL_TEST(lifetime, vcpu_outlives_its_vm_fd)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	uint64_t pc = 0;
	struct kvm_one_reg reg = { .id = REG_PC, .addr = (uintptr_t)&pc };
	uint8_t *run;

	kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	assert_ret(__kvm_close(vm), 0);
	cr_assert_eq(vcpu_get_mp_state(vcpu), KVM_MP_STATE_RUNNABLE);
	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg), ENOEXEC);
	assert_errno(__vcpu_ioctl(vcpu, KVM_RUN, 0), ENOEXEC);
	run = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
	cr_assert_eq(run[8], 0, "exit_reason");
}

/*
 * A dup of a vCPU fd is the same vCPU and outlives the original; the
 * closed number is no KVM fd any more; a mapping outlives every fd.
 * real-*.txt "vcpu0 dup -> fd", "vcpu0.original close -> 0",
 * "vcpu0.dup KVM_GET_MP_STATE -> 0 mp_state=0",
 * "vcpu0.closed KVM_GET_MP_STATE (closed fd) -> -1 EBADF",
 * "vcpu0.dup close -> 0", "vcpu0.all-closed read mapping pgoff=0 byte8 -> ok val=0x00"
 */
KERNEL_TEST(lifetime, dup_of_a_vcpu_fd_outlives_the_original)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0);
	uint8_t *run = kvm_mmap(vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	uint32_t state;
	int dup;
	uint8_t v = 0xff;

	kvm_close(vm);
	dup = kvm_dup(vcpu);
	assert_ret(__kvm_close(vcpu), 0);
	cr_assert_eq(vcpu_get_mp_state(dup), KVM_MP_STATE_RUNNABLE);
	assert_errno(__vcpu_get_mp_state(vcpu, &state), EBADF);
	assert_ret(__kvm_close(dup), 0);
	cr_assert_eq(probe_read(run + 8, &v), 0, "the mapping faults once all fds are closed");
	cr_assert_eq(v, 0);
}

/*
 * A dup of a VM fd makes vCPUs after the original is closed.
 * real-*.txt "vm2 dup -> fd", "vm2.original close -> 0", "vm2.dup KVM_CREATE_VCPU id=0x0 -> fd",
 * "vm2.dup KVM_CHECK_EXTENSION cap=KVM_CAP_USER_MEMORY(3) -> 1", "vm2.dup close -> 0"
 */
KERNEL_TEST(lifetime, dup_of_a_vm_fd_outlives_the_original)
{
	int vm = vm_create(kernel->name);
	int dup = kvm_dup(vm);

	assert_ret(__kvm_close(vm), 0);
	vm_create_vcpu(dup, 0);
	assert_ret(__kvm_check_extension(dup, KVM_CAP_USER_MEMORY), 1);
	assert_ret(__kvm_close(dup), 0);
}

/*
 * A VM does not need the system fd it came from.
 * real-*.txt "lifetime.sys2 KVM_CREATE_VM type=0 -> fd", "lifetime.sys2 close -> 0",
 * "lifetime.sys2-closed.vm KVM_CREATE_VCPU id=0x0 -> fd",
 * "lifetime.sys2-closed.vcpu0 KVM_GET_MP_STATE -> 0"
 */
KERNEL_TEST(lifetime, vm_outlives_the_system_fd)
{
	int kvm = kvm_open(kernel->name);
	int vm = kvm_create_vm(kvm, 0);

	assert_ret(__kvm_close(kvm), 0);
	cr_assert_eq(vcpu_get_mp_state(vm_create_vcpu(vm, 0)), KVM_MP_STATE_RUNNABLE);
}

/* ---- the fds are real ------------------------------------------------- */

static bool cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	cr_assert(flags >= 0, "fcntl(%d, F_GETFD): %s", fd, errno_name(errno));
	return flags & FD_CLOEXEC;
}

/*
 * /dev/kvm is opened with the caller's flags ("sys open /dev/kvm
 * O_RDWR|O_CLOEXEC -> fd", "sys-ro open /dev/kvm O_RDONLY|O_CLOEXEC -> fd").
 */
KERNEL_TEST(lifetime, sys_fd_is_close_on_exec_as_opened)
{
	int with = __kvm_open(kernel->name, O_RDWR | O_CLOEXEC);
	int without = __kvm_open(kernel->name, O_RDWR);

	cr_assert(with >= 0 && without >= 0, "open: %s", errno_name(errno));
	cr_assert(cloexec(with));
	cr_assert(!cloexec(without));
}

/* kvm-arm64-notes.md: "vCPU fd is anon_inode:kvm-vcpu:<id>, O_RDWR|O_CLOEXEC". */
KERNEL_TEST(lifetime, vcpu_fd_is_close_on_exec_and_read_write)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	int fl = fcntl(vcpu, F_GETFL);

	cr_assert(cloexec(vcpu));
	cr_assert(fl >= 0 && (fl & O_ACCMODE) == O_RDWR, "F_GETFL %#x", fl);
}

/*
 * The VM fd likewise.  Not in the transcripts nor the notes: from
 * virt/kvm/kvm_main.c, kvm_dev_ioctl_create_vm()'s get_unused_fd_flags(O_CLOEXEC).
 */
KERNEL_TEST(lifetime, vm_fd_is_close_on_exec)
{
	cr_assert(cloexec(vm_create(kernel->name)));
}

/*
 * kvm-arm64-notes.md: "vCPU fd is anon_inode:kvm-vcpu:<id>".
 * sim differs from real KVM: a vCPU fd is a memfd, its link reads
 * "/memfd:kvm-vcpu:3 (deleted)".
 */
KERNEL_TEST(lifetime, vcpu_fd_is_anon_inode_kvm_vcpu, .disabled = true)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 3);
	char path[64], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", vcpu);
	n = readlink(path, target, sizeof(target) - 1);
	cr_assert(n > 0, "readlink %s: %s", path, errno_name(errno));
	target[n] = '\0';
	cr_assert_str_eq(target, "anon_inode:kvm-vcpu:3");
}

/*
 * dup() gives a new fd to the same vCPU without close-on-exec, F_DUPFD_CLOEXEC
 * one with it, as for any fd ("vcpu0 dup -> fd", "vcpu0.dup KVM_GET_MP_STATE -> 0").
 */
KERNEL_TEST(lifetime, dup_is_a_plain_fd_to_the_same_vcpu)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	int dup = kvm_dup(vcpu);
	int dup_cloexec = __kvm_fcntl_dupfd(vcpu, F_DUPFD_CLOEXEC, 0);

	cr_assert(dup_cloexec >= 0, "F_DUPFD_CLOEXEC: %s", errno_name(errno));
	cr_assert(!cloexec(dup));
	cr_assert(cloexec(dup_cloexec));
	cr_assert_eq(vcpu_get_mp_state(dup), KVM_MP_STATE_RUNNABLE);
	cr_assert_eq(vcpu_get_mp_state(dup_cloexec), KVM_MP_STATE_RUNNABLE);
}
