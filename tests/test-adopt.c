// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Adopting the simulator without silent wrong answers: fds the VMM closed
 * behind the shim's back, one fd per VM (EMFILE where real KVM gives it),
 * the shim's open() of a path, KVMSIM_KERNEL and KVMSIM_HOST that cannot
 * be used, and KVMSIM_INJECT_STRICT.
 *
 * Each case runs in a process of its own (Criterion), so the environment
 * it sets is read fresh.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"
#include "kvmsim/inject.h"
#include "kvmsim/kvmsim.h"

#define PAGE_SIZE	4096

static const struct kvm_backend_ops *const sim = &kvmsim_backend_sim;

/*
 * A VM; its /dev/kvm stays open, so that the next fd the VMM opens takes
 * the VM's number once that is closed.
 */
static int sim_vm(void)
{
	int sys = sim->open(NULL, O_RDWR | O_CLOEXEC);
	int vm;

	cr_assert_geq(sys, 0, "open /dev/kvm: %s", strerror(errno));
	vm = sim->ioctl(sys, KVM_CREATE_VM, 0);
	cr_assert_geq(vm, 0, "KVM_CREATE_VM: %s", strerror(errno));
	return vm;
}

/* How many of the simulator's coalesced-MMIO rings are mapped: one per live VM. */
static unsigned int vm_rings_mapped(void)
{
	FILE *maps = fopen("/proc/self/maps", "re");
	char line[512];
	unsigned int n = 0;

	cr_assert_not_null(maps);
	while (fgets(line, sizeof(line), maps))
		n += strstr(line, "/memfd:kvm-vcpu:coalesced-ring") != NULL;
	fclose(maps);
	return n;
}

/* ---- 1. fds closed behind the shim's back ------------------------------ */

/* The number now belongs to /dev/null: a KVM ioctl there is ENOTTY, as on real KVM. */
Test(stale_fd, reused_by_open_gets_the_new_files_answer)
{
	int vm = sim_vm(), fd;

	cr_assert_eq(close(vm), 0);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	cr_assert_eq(fd, vm, "open() did not reuse the number");
	errno = 0;
	cr_assert_eq(sim->ioctl(fd, KVM_CREATE_VCPU, 0), -1);
	cr_assert_eq(errno, ENOTTY, "%s", strerror(errno));
	cr_assert_not(kvmsim_is_fd(fd));
	errno = 0;
	cr_assert_eq(sim->mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0), MAP_FAILED);
	cr_assert_eq(errno, ENODEV, "mmap of /dev/null: %s", strerror(errno));
	cr_assert_eq(sim->close(fd), 0);
	cr_assert_eq(fcntl(fd, F_GETFD), -1, "close() did not close /dev/null");
}

Test(stale_fd, closed_is_ebadf)
{
	int vm = sim_vm();

	cr_assert_eq(close(vm), 0);
	errno = 0;
	cr_assert_eq(sim->ioctl(vm, KVM_CREATE_VCPU, 0), -1);
	cr_assert_eq(errno, EBADF, "%s", strerror(errno));
	errno = 0;
	cr_assert_eq(sim->dup(vm), -1);
	cr_assert_eq(errno, EBADF, "%s", strerror(errno));
	errno = 0;
	cr_assert_eq(sim->close(vm), -1);
	cr_assert_eq(errno, EBADF, "%s", strerror(errno));
}

Test(stale_fd, replaced_by_dup2_is_the_new_file)
{
	int vm = sim_vm(), null = open("/dev/null", O_RDWR | O_CLOEXEC);

	cr_assert_eq(dup2(null, vm), vm);
	cr_assert_not(kvmsim_is_fd(vm));
	errno = 0;
	cr_assert_eq(sim->ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY), -1);
	cr_assert_eq(errno, ENOTTY, "%s", strerror(errno));
}

/* The stale entry is dropped, and with it the VM: nothing is kept. */
Test(stale_fd, dropped_entry_frees_the_vm)
{
	unsigned int before = vm_rings_mapped();
	int vm = sim_vm(), fd;

	cr_assert_eq(vm_rings_mapped(), before + 1);
	cr_assert_eq(close(vm), 0);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	cr_assert_eq(fd, vm);
	cr_assert_not(kvmsim_is_fd(fd));
	cr_assert_eq(vm_rings_mapped(), before, "the stale VM is still alive");
}

/* The simulator itself reusing the number replaces the stale entry, freeing the old VM. */
Test(stale_fd, reused_by_the_simulator_is_the_new_vm)
{
	unsigned int before = vm_rings_mapped();
	int sys = sim->open(NULL, O_RDWR | O_CLOEXEC);
	int vm = sim->ioctl(sys, KVM_CREATE_VM, 0), vm2, vcpu;

	cr_assert_geq(vm, 0);
	cr_assert_geq(sim->ioctl(vm, KVM_CREATE_VCPU, 0), 0);
	cr_assert_eq(close(vm), 0);
	vm2 = sim->ioctl(sys, KVM_CREATE_VM, 0);
	cr_assert_eq(vm2, vm);
	/* A new VM: vCPU 0 is free again. */
	vcpu = sim->ioctl(vm2, KVM_CREATE_VCPU, 0);
	cr_assert_geq(vcpu, 0, "KVM_CREATE_VCPU 0: %s", strerror(errno));
	/* The old VM lives on through its vCPU fd only. */
	cr_assert_eq(vm_rings_mapped(), before + 2);
}

/* ---- 6. one fd per VM ---------------------------------------------------- */

static unsigned int open_fds_below(unsigned int limit)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;
	unsigned int n = 0;

	cr_assert_not_null(dir);
	while ((d = readdir(dir))) {
		char *end;
		long fd = strtol(d->d_name, &end, 10);

		if (*end || d->d_name[0] == '.' || fd == dirfd(dir))
			continue;
		n += fd < (long)limit;
	}
	closedir(dir);
	return n;
}

/* Real KVM: each VM is one fd, so KVM_CREATE_VM fails with EMFILE once the table is full. */
Test(fd_cost, vms_until_emfile_are_the_free_fds)
{
	const unsigned int limit = 96;
	struct rlimit lim = { .rlim_cur = limit, .rlim_max = limit };
	struct kvm_vcpu_init init;
	unsigned int free_fds, vms = 0;
	int sys, vm;

	sys = sim->open(NULL, O_RDWR | O_CLOEXEC);
	cr_assert_geq(sys, 0);
	/* Whatever the simulator opens once per process (a copy to the VMM, say), first. */
	vm = sim->ioctl(sys, KVM_CREATE_VM, 0);
	cr_assert_geq(vm, 0);
	cr_assert_eq(sim->ioctl(vm, KVM_ARM_PREFERRED_TARGET, (unsigned long)&init), 0);
	cr_assert_eq(sim->close(vm), 0);
	cr_assert_eq(setrlimit(RLIMIT_NOFILE, &lim), 0, "setrlimit: %s", strerror(errno));
	free_fds = limit - open_fds_below(limit);
	for (;;) {
		errno = 0;
		vm = sim->ioctl(sys, KVM_CREATE_VM, 0);
		if (vm < 0)
			break;
		cr_assert_lt(++vms, limit, "no EMFILE");
	}
	cr_assert_eq(errno, EMFILE, "%s", strerror(errno));
	cr_assert_eq(vms, free_fds, "%u VMs before EMFILE, %u fds were free", vms, free_fds);
}

/* The VM's pages stay reachable through its vCPUs once its fd is closed. */
Test(fd_cost, ring_is_shared_after_the_vm_fd_is_closed)
{
	int vm = sim_vm();
	int vcpu0 = sim->ioctl(vm, KVM_CREATE_VCPU, 0);
	int vcpu1 = sim->ioctl(vm, KVM_CREATE_VCPU, 1);
	unsigned char *ring0, *ring1, *private;

	cr_assert_eq(sim->close(vm), 0);
	ring0 = sim->mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu0, PAGE_SIZE);
	ring1 = sim->mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, vcpu1, PAGE_SIZE);
	cr_assert_neq(ring0, MAP_FAILED);
	cr_assert_neq(ring1, MAP_FAILED);
	ring0[8] = 0x5a;
	cr_assert_eq(ring1[8], 0x5a);
	private = sim->mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, vcpu1, PAGE_SIZE);
	cr_assert_neq(private, MAP_FAILED);
	cr_assert_eq(private[8], 0x5a);
	private[8] = 1;
	cr_assert_eq(ring0[8], 0x5a, "a private mapping wrote the ring");
}

/* ---- 3. the shim's open() takes a path ---------------------------------- */

Test(shim_open, dev_kvm_is_the_simulated_device)
{
	int sys = sim->open("/dev/kvm", O_RDWR);

	cr_assert_geq(sys, 0, "%s", strerror(errno));
	cr_assert_eq(sim->ioctl(sys, KVM_GET_API_VERSION, 0), KVM_API_VERSION);
	cr_assert_eq(fcntl(sys, F_GETFD), 0, "O_CLOEXEC without asking");
	cr_assert_eq(sim->close(sys), 0);
}

Test(shim_open, null_is_dev_kvm)
{
	int sys = sim->open(NULL, O_RDWR | O_CLOEXEC);

	cr_assert_geq(sys, 0, "%s", strerror(errno));
	cr_assert_eq(fcntl(sys, F_GETFD), FD_CLOEXEC);
}

Test(shim_open, other_paths_are_enoent)
{
	static const char *const paths[] = { "/dev/null", "/dev/kvm2", "dev/kvm", "", "/" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		errno = 0;
		cr_expect_eq(sim->open(paths[i], O_RDWR), -1, "'%s' opened", paths[i]);
		cr_expect_eq(errno, ENOENT, "'%s': %s", paths[i], strerror(errno));
	}
}

/* The release comes from KVMSIM_KERNEL: 6.1 has no LPA2, so 48 IPA bits. */
Test(shim_open, dev_kvm_models_kvmsim_kernel)
{
	int sys;

	setenv("KVMSIM_KERNEL", "6.1", 1);
	sys = sim->open("/dev/kvm", O_RDWR);
	cr_assert_geq(sys, 0);
	cr_assert_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE), 48);
	setenv("KVMSIM_KERNEL", "6.12", 1);
	sys = sim->open("/dev/kvm", O_RDWR);
	cr_assert_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE), 52);
}

Test(shim_open, a_bare_release_still_chooses_it)
{
	int sys = sim->open("6.1", O_RDWR);

	cr_assert_geq(sys, 0);
	cr_assert_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE), 48);
	errno = 0;
	cr_assert_eq(sim->open("5.15", O_RDWR), -1);
	cr_assert_eq(errno, ENOENT);
}

/* ---- 2. KVMSIM_KERNEL that is not modelled ------------------------------ */

Test(kernel_env, unknown_release_fails_open_and_says_why, .init = cr_redirect_stderr)
{
	setenv("KVMSIM_KERNEL", "5.15", 1);
	errno = 0;
	cr_assert_eq(sim->open(NULL, O_RDWR), -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	errno = 0;
	cr_assert_eq(kvmsim_open(NULL, O_RDWR), -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	fflush(stderr);
	cr_expect_stderr_eq_str("kvmsim: KVMSIM_KERNEL=5.15 names no modelled kernel "
				"(modelled: 6.1 6.12)\n");
}

Test(kernel_env, a_comma_is_no_release, .init = cr_redirect_stderr)
{
	setenv("KVMSIM_KERNEL", "6,1", 1);
	errno = 0;
	cr_assert_eq(sim->open(NULL, O_RDWR), -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	fflush(stderr);
	cr_expect_stderr_eq_str("kvmsim: KVMSIM_KERNEL=6,1 names no modelled kernel "
				"(modelled: 6.1 6.12)\n");
}

Test(kernel_env, empty_is_the_default)
{
	int sys;

	setenv("KVMSIM_KERNEL", "", 1);
	sys = sim->open(NULL, O_RDWR);
	cr_assert_geq(sys, 0);
	cr_assert_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE), 52);
}

/* ---- 5. host profiles that cannot be used -------------------------------- */

/* KVM_CREATE_VM with KVMSIM_HOST=@path: EINVAL, as for any profile that cannot be used. */
static void create_vm_fails(const char *path)
{
	int sys;

	setenv("KVMSIM_HOST", path, 1);
	sys = sim->open(NULL, O_RDWR);
	cr_assert_geq(sys, 0);
	errno = 0;
	cr_assert_eq(sim->ioctl(sys, KVM_CREATE_VM, 0), -1);
	cr_assert_eq(errno, EINVAL, "%s", strerror(errno));
	fflush(stderr);
}

/* A profile in a memfd, named by /proc/self/fd/N in @path. */
static void profile_file(const char *text, size_t len, char *path, size_t path_len)
{
	int fd = memfd_create("profile", 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	snprintf(path, path_len, "/proc/self/fd/%d", fd);
}

Test(host_profile, nul_byte_names_its_line, .init = cr_redirect_stderr)
{
	static const char text[] = "host nul\nkernel 6.12\nMIDR_EL1 0x41\0ff\n";
	char path[64], want[256];

	profile_file(text, sizeof(text) - 1, path, sizeof(path));
	create_vm_fails(path);
	snprintf(want, sizeof(want),
		 "kvmsim: host profile %s, line 3: a NUL byte: not a text file\n", path);
	cr_expect_stderr_eq_str(want);
}

Test(host_profile, dev_zero_is_refused_at_a_bound, .init = cr_redirect_stderr)
{
	create_vm_fails("/dev/zero");
	cr_expect_stderr_eq_str("kvmsim: cannot read host profile /dev/zero (KVMSIM_HOST): "
				"it is longer than 1048576 bytes: not a host profile\n");
}

Test(host_profile, directory_is_named_as_one, .init = cr_redirect_stderr)
{
	create_vm_fails("/");
	cr_expect_stderr_eq_str("kvmsim: cannot read host profile / (KVMSIM_HOST): "
				"it is a directory\n");
}

Test(host_profile, missing_file_says_why, .init = cr_redirect_stderr)
{
	create_vm_fails("./qemu-n1");
	cr_expect_stderr_eq_str("kvmsim: cannot read host profile ./qemu-n1 (KVMSIM_HOST): "
				"No such file or directory\n");
}

/* A name that is no built-in profile (and no path) is refused with the names there are. */
Test(host_profile, unknown_name_lists_the_built_in_ones, .init = cr_redirect_stderr)
{
	create_vm_fails("graviton3");
	cr_expect_stderr_eq_str("kvmsim: no built-in host profile graviton3 (KVMSIM_HOST); there "
				"are qemu-max qemu-max-pauth-mte qemu-n1, or give a file's path\n");
}

/* KVMSIM_HOST=qemu-n1 is the built-in copy of hosts/qemu-n1.host: no PMU, IPA 48 on 6.12. */
Test(host_profile, built_in_profile_by_name)
{
	int sys;

	setenv("KVMSIM_HOST", "qemu-n1", 1);
	sys = sim->open(NULL, O_RDWR);
	cr_assert_geq(sys, 0);
	cr_expect_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PMU_V3), 0);
	cr_expect_eq(sim->ioctl(sys, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE), 48);
}

/* ---- 4. KVMSIM_INJECT_STRICT --------------------------------------------- */

/*
 * LeakSanitizer's check at exit, in a child forked from Criterion's threaded
 * runner, warns on stderr that the parent's threads were not suspended: that
 * line is not the simulator's, and stderr is what these cases compare.  The
 * hook LeakSanitizer asks at exit turns its check off in the child only.
 */
static volatile sig_atomic_t in_scripted_child;
int __lsan_is_turned_off(void);
__attribute__((used)) int __lsan_is_turned_off(void)
{
	return in_scripted_child;
}

/* A child that opens /dev/kvm with KVMSIM_INJECT=@rules and makes one vCPU, then exits 3. */
static int run_scripted_child(const char *rules, const char *strict)
{
	pid_t pid;
	int status;

	fflush(stderr);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (!pid) {
		int sys, vm;

		in_scripted_child = 1;
		setenv("KVMSIM_INJECT", rules, 1);
		if (strict)
			setenv("KVMSIM_INJECT_STRICT", strict, 1);
		sys = sim->open(NULL, O_RDWR);
		vm = sim->ioctl(sys, KVM_CREATE_VM, 0);
		if (sys < 0 || vm < 0 || sim->ioctl(vm, KVM_CREATE_VCPU, 0) != -1)
			_exit(1);
		exit(3);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

Test(inject_strict, rules_that_never_fired_are_named_at_exit, .init = cr_redirect_stderr)
{
	cr_assert_eq(run_scripted_child("KVM_CREATE_VCPU=ENOMEM KVM_RUN=EINTR "
					"KVM_SET_ONE_REG#2+=EFAULT", "1"), 3);
	cr_expect_stderr_eq_str("kvmsim: KVMSIM_INJECT_STRICT: rule 'KVM_RUN=EINTR' never fired\n"
				"kvmsim: KVMSIM_INJECT_STRICT: rule 'KVM_SET_ONE_REG#2+=EFAULT' "
				"never fired\n"
				"kvmsim: KVMSIM_INJECT_STRICT: 2 of 3 rules never fired\n");
}

Test(inject_strict, silent_when_every_rule_fired, .init = cr_redirect_stderr)
{
	cr_assert_eq(run_scripted_child("KVM_CREATE_VCPU=ENOMEM", "1"), 3);
	cr_expect_stderr_eq_str("");
}

Test(inject_strict, off_without_the_variable, .init = cr_redirect_stderr)
{
	cr_assert_eq(run_scripted_child("KVM_CREATE_VCPU=ENOMEM KVM_RUN=EINTR", NULL), 3);
	cr_assert_eq(run_scripted_child("KVM_CREATE_VCPU=ENOMEM KVM_RUN=EINTR", "0"), 3);
	cr_expect_stderr_eq_str("");
}

/* ---- the version a program is built with and runs with ------------------ */

/* The headers and the library are one release; make check fails if they drift. */
Test(version, headers_and_library_agree)
{
	cr_expect_str_eq(kvmsim_version(), KVMSIM_VERSION);
	cr_expect(KVMSIM_CHECK_VERSION(KVMSIM_VERSION_MAJOR, KVMSIM_VERSION_MINOR,
				       KVMSIM_VERSION_MICRO));
	cr_expect(kvmsim_check_version(KVMSIM_VERSION_MAJOR, KVMSIM_VERSION_MINOR,
				       KVMSIM_VERSION_MICRO));
}

/* A program built against a later release, or another major one, is refused. */
Test(version, check_refuses_later_and_other_major_releases)
{
	cr_expect_not(kvmsim_check_version(KVMSIM_VERSION_MAJOR, KVMSIM_VERSION_MINOR,
					   KVMSIM_VERSION_MICRO + 1));
	cr_expect_not(kvmsim_check_version(KVMSIM_VERSION_MAJOR, KVMSIM_VERSION_MINOR + 1, 0));
	cr_expect_not(kvmsim_check_version(KVMSIM_VERSION_MAJOR + 1, 0, 0));
	cr_expect_not(KVMSIM_CHECK_VERSION(KVMSIM_VERSION_MAJOR + 1, 0, 0));
	cr_expect(KVMSIM_CHECK_VERSION(0, 0, 0));
	/* Before 1.0 each minor release may change the API: an older minor is refused too. */
	if (KVMSIM_VERSION_MAJOR == 0 && KVMSIM_VERSION_MINOR > 0)
		cr_expect_not(kvmsim_check_version(0, KVMSIM_VERSION_MINOR - 1, 0));
}
