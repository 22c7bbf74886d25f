// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * preload-target - an ordinary program that uses /dev/kvm with plain
 * system calls and knows nothing of kvmsim; tests/kvmsim-run.sh runs it
 * under kvmsim-run.  It prints one line per fact, for the script to
 * compare, and ends as told:
 *
 *   preload-target            the facts, then exit 0
 *   preload-target exit N     exit N at once
 *   preload-target kill SIG   raise signal SIG at once
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#define KVM_CAP_ARM_VM_IPA_SIZE	165

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%s -> -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s -> %ld\n", what, r);
}

int main(int argc, char **argv)
{
	struct kvm_one_reg reg;
	struct kvm_vcpu_init init;
	struct kvm_run *run;
	unsigned long long mpidr = 0;
	int kvm, vm, vcpu, fd, pipefd[2];
	long size;

	if (argc == 3 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "kill"))
		return raise(atoi(argv[2])) ? 1 : 0;

	say("access /dev/kvm", access("/dev/kvm", R_OK | W_OK));
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		say("open /dev/kvm", kvm);
		return 1;
	}
	say("KVM_GET_API_VERSION", ioctl(kvm, KVM_GET_API_VERSION, 0));
	say("KVM_CHECK_EXTENSION ARM_VM_IPA_SIZE",
	    ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE));
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	say("KVM_GET_VCPU_MMAP_SIZE", size);
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 2);
	say("mmap vm fd", mmap(NULL, 4096, PROT_READ, MAP_SHARED, vm, 0) == MAP_FAILED ? -1 : 0);

	memset(&init, 0, sizeof(init));
	say("KVM_ARM_PREFERRED_TARGET", ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init));
	say("KVM_ARM_VCPU_INIT", ioctl(vcpu, KVM_ARM_VCPU_INIT, &init));
	reg.id = 0x603000000013c005ULL;	/* MPIDR_EL1 */
	reg.addr = (unsigned long)&mpidr;
	say("KVM_GET_ONE_REG MPIDR_EL1", ioctl(vcpu, KVM_GET_ONE_REG, &reg));
	printf("MPIDR_EL1 = %#llx\n", mpidr);

	/* Two mappings of page 0 are one kvm_run. */
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	fd = dup(vcpu);
	say("dup vcpu then KVM_GET_MP_STATE", ioctl(fd, KVM_GET_MP_STATE, &init));
	run->immediate_exit = 1;
	struct kvm_run *again = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	say("second mapping sees immediate_exit", again->immediate_exit);
	munmap(again, 4096);
	say("close dup", close(fd));

	fd = fcntl(vcpu, F_DUPFD_CLOEXEC, 100);
	say("F_DUPFD_CLOEXEC >= 100", fd >= 100 ? 0 : -1);
	say("dup has FD_CLOEXEC", fcntl(fd, F_GETFD) & FD_CLOEXEC);
	say("close F_DUPFD", close(fd));

	/* A pipe put over the vCPU's number takes the vCPU's place, as in the kernel. */
	say("pipe", pipe(pipefd));
	fd = dup(vcpu);
	say("dup2 pipe over vcpu dup", dup2(pipefd[0], fd));
	say("KVM_GET_MP_STATE on the pipe", ioctl(fd, KVM_GET_MP_STATE, &init));
	say("close_range vm..vm", close_range((unsigned int)vm, (unsigned int)vm, 0));
	say("KVM_CREATE_VCPU on closed vm", ioctl(vm, KVM_CREATE_VCPU, 3));
	say("vcpu still works", ioctl(vcpu, KVM_GET_MP_STATE, &init));
	say("close vcpu", close(vcpu));
	say("close vcpu again", close(vcpu));
	say("close kvm", close(kvm));
	munmap(run, (size_t)size);
	return 0;
}
