// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The backend shim (vmm/backend.c): choosing a backend, and the host
 * backend's refusal of any /dev/kvm that is not arm64 KVM.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"

Test(backend, names_select_their_backend)
{
	cr_assert_eq(kvmsim_backend_select("sim"), &kvmsim_backend_sim);
	cr_assert_eq(kvmsim_backend_select("host"), &kvmsim_backend_host);
	cr_assert_str_eq(kvmsim_backend_sim.name, "sim");
	cr_assert_str_eq(kvmsim_backend_host.name, "host");
}

Test(backend, unknown_name_is_einval)
{
	errno = 0;
	cr_assert_null(kvmsim_backend_select("kvm"));
	cr_assert_eq(errno, EINVAL);
}

Test(backend, environment_chooses_when_no_name_is_given)
{
	setenv("KVMSIM_BACKEND", "sim", 1);
	cr_assert_eq(kvmsim_backend_select(NULL), &kvmsim_backend_sim);
	cr_assert_eq(kvmsim_backend_select(""), &kvmsim_backend_sim);
	setenv("KVMSIM_BACKEND", "host", 1);
	cr_assert_eq(kvmsim_backend_select(NULL), &kvmsim_backend_host);
	setenv("KVMSIM_BACKEND", "bogus", 1);
	errno = 0;
	cr_assert_null(kvmsim_backend_select(NULL));
	cr_assert_eq(errno, EINVAL);
}

Test(backend, process_backend_is_chosen_once)
{
	setenv("KVMSIM_BACKEND", "sim", 1);
	cr_assert_eq(kvmsim_backend_get(), &kvmsim_backend_sim);
	setenv("KVMSIM_BACKEND", "host", 1);
	cr_assert_eq(kvmsim_backend_get(), &kvmsim_backend_sim);
}

Test(backend, process_backend_reports_a_bad_environment)
{
	setenv("KVMSIM_BACKEND", "qemu", 1);
	errno = 0;
	cr_assert_null(kvmsim_backend_get());
	cr_assert_eq(errno, EINVAL);
}

/* auto is host exactly when the host backend can open /dev/kvm. */
Test(backend, auto_follows_the_host_probe)
{
	bool host = kvmsim_backend_host_usable();

	unsetenv("KVMSIM_BACKEND");
	cr_assert_eq(kvmsim_backend_select("auto"), host ? &kvmsim_backend_host : &kvmsim_backend_sim);
	cr_assert_eq(kvmsim_backend_select(NULL), kvmsim_backend_select("auto"));
}

/*
 * On any machine but arm64 Linux, /dev/kvm is absent or another
 * architecture's: the host backend says so and sends it nothing arm64.
 */
Test(backend, host_refuses_a_kvm_that_is_not_arm64)
{
	int fd;

#ifdef __aarch64__
	cr_skip_test("an arm64 host: its /dev/kvm may be the real thing");
#endif
	errno = 0;
	fd = kvmsim_backend_host.open(NULL, O_RDWR | O_CLOEXEC);
	cr_assert_eq(fd, -1);
	if (access("/dev/kvm", F_OK))
		cr_assert_eq(errno, ENOENT);
	else
		cr_assert(errno == ENODEV || errno == EACCES, "errno %d", errno);
	cr_assert_not(kvmsim_backend_host_usable());
}

/* The sim backend is the simulator: a VM, a vCPU and its kvm_run. */
Test(backend, sim_backend_reaches_the_simulator)
{
	const struct kvm_backend_ops *b = &kvmsim_backend_sim;
	int kvm = b->open("6.12", O_RDWR | O_CLOEXEC);
	int vm, vcpu, dupfd;
	void *run;

	cr_assert_geq(kvm, 0);
	cr_assert_eq(b->ioctl(kvm, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
	vm = b->ioctl(kvm, KVM_CREATE_VM, 0);
	cr_assert_geq(vm, 0);
	vcpu = b->ioctl(vm, KVM_CREATE_VCPU, 0);
	cr_assert_geq(vcpu, 0);
	run = b->mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	cr_assert_neq(run, MAP_FAILED);
	cr_assert_eq(b->munmap(run, 8192), 0);
	dupfd = b->fcntl_dupfd(vcpu, F_DUPFD_CLOEXEC, 0);
	cr_assert_geq(dupfd, 0);
	cr_assert_eq(b->fcntl_dupfd(vcpu, F_GETFD, 0), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_eq(b->close(dupfd), 0);
	dupfd = b->dup(vm);
	cr_assert_geq(dupfd, 0);
	cr_assert_eq(b->close(dupfd), 0);
	cr_assert_eq(b->close(vcpu), 0);
	cr_assert_eq(b->close(vm), 0);
	cr_assert_eq(b->close(kvm), 0);
	cr_assert_eq(b->close(kvm), -1);
	cr_assert_eq(errno, EBADF);
}
