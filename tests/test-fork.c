// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fork(): a child inherits its parent's KVM fds, but its VM and vCPU fds
 * answer EIO (the VM belongs to the parent's mm); the system fd answers,
 * and the child makes VMs of its own.  The parent's VM is unharmed.
 *
 * Expected values: tests/conform/real-*.txt, section "fork"; the same on
 * 6.1 and 6.12.
 *
 * Each case forks a child that makes one call and sends its result back
 * through a pipe; the parent asserts.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "kvm_util.h"

enum child_call {
	VM_CHECK_EXTENSION,
	VCPU_GET_MP_STATE,
	VCPU_RUN,
	VM_CREATE_VCPU,
	VM_SET_USER_MEMORY_REGION,
	VM_ENABLE_CAP,
	VM_PREFERRED_TARGET,
	READ_INHERITED_MAPPING,	/* byte 8 of kvm_run, mapped before fork */
	READ_NEW_MAPPING,	/* the same, mapped in the child */
	SYS_GET_API_VERSION,
	SYS_CHECK_EXTENSION,
	OWN_VM_CHECK_EXTENSION,	/* a VM the child makes */
	OWN_VCPU_GET_MP_STATE,
	DUP_OF_VCPU_GET_MP_STATE,	/* a dup the child makes of the parent's vCPU fd */
	CLOSE_VM,
};

struct fork_case {
	char kernel[KERNEL_NAME_MAX];
	enum child_call call;
	char name[48];
	struct result want;
};

/* What the child sends back. */
struct outcome {
	long ret;
	int err;
	char failed_setup[96];	/* a step before the call that failed */
};

#define CALL(c)	c, #c

/*
 * real-*.txt "child.vm KVM_CHECK_EXTENSION", "child.vcpu0 KVM_GET_MP_STATE", "child.vcpu0 KVM_RUN",
 * "child.vm KVM_CREATE_VCPU", "child.vm KVM_SET_USER_MEMORY_REGION", "child.vm KVM_ENABLE_CAP",
 * "child.vm KVM_ARM_PREFERRED_TARGET", "child.vcpu0 read inherited mapping", "child.vcpu0 mmap",
 * "child.vcpu0 read pgoff=0 byte8", "child.sys KVM_GET_API_VERSION",
 * "child.sys KVM_CHECK_EXTENSION",
 * "child.own-vm KVM_CHECK_EXTENSION", "child.own-vm.vcpu0 KVM_GET_MP_STATE",
 * "child.vcpu0.dup KVM_GET_MP_STATE", "child.vm close"
 */
static struct fork_case fork_cases[] = {
	ON_ALL_KERNELS(CALL(VM_CHECK_EXTENSION), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VCPU_GET_MP_STATE), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VCPU_RUN), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VM_CREATE_VCPU), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VM_SET_USER_MEMORY_REGION), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VM_ENABLE_CAP), ERR(EIO)),
	ON_ALL_KERNELS(CALL(VM_PREFERRED_TARGET), ERR(EIO)),
	ON_ALL_KERNELS(CALL(READ_INHERITED_MAPPING), RET(0)),
	ON_ALL_KERNELS(CALL(READ_NEW_MAPPING), RET(0)),
	ON_ALL_KERNELS(CALL(SYS_GET_API_VERSION), RET(12)),
	ON_ALL_KERNELS(CALL(SYS_CHECK_EXTENSION), RET(1)),
	ON_ALL_KERNELS(CALL(OWN_VM_CHECK_EXTENSION), RET(1)),
	ON_ALL_KERNELS(CALL(OWN_VCPU_GET_MP_STATE), RET(KVM_MP_STATE_RUNNABLE)),
	ON_ALL_KERNELS(CALL(DUP_OF_VCPU_GET_MP_STATE), ERR(EIO)),
	ON_ALL_KERNELS(CALL(CLOSE_VM), RET(0)),
};

/* The parent's objects, made before fork. */
struct parent {
	int kvm, vm, vcpu;
	uint8_t *run;
};

static struct parent make_parent(const char *kernel)
{
	struct parent p;

	p.kvm = kvm_open(kernel);
	p.vm = kvm_create_vm(p.kvm, 0);
	p.vcpu = vm_create_vcpu(p.vm, 0);
	p.run = kvm_mmap(p.vcpu, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	return p;
}

#define SETUP(o, cond, what)						\
	do {								\
		if (!(cond)) {						\
			snprintf((o)->failed_setup, sizeof((o)->failed_setup), \
				 "%s: %s", what, errno_name(errno));	\
			return;						\
		}							\
	} while (0)

/* Runs in the child: no Criterion assertion here. */
static void child_call(enum child_call call, const struct parent *p, struct outcome *o)
{
	uint8_t *buf, *map;
	uint32_t state;
	int fd;

	errno = 0;
	switch (call) {
	case VM_CHECK_EXTENSION:
		o->ret = __kvm_check_extension(p->vm, KVM_CAP_USER_MEMORY);
		break;
	case VCPU_GET_MP_STATE:
		o->ret = __vcpu_get_mp_state(p->vcpu, &state);
		break;
	case VCPU_RUN:
		o->ret = __vcpu_ioctl(p->vcpu, KVM_RUN, 0);
		break;
	case VM_CREATE_VCPU:
		o->ret = __vm_create_vcpu(p->vm, 1);
		break;
	case VM_SET_USER_MEMORY_REGION:
		buf = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		SETUP(o, buf != MAP_FAILED, "mmap");
		errno = 0;
		o->ret = __vm_set_user_memory_region(p->vm, 0, 0, 0x100000, 0x10000, (uintptr_t)buf);
		break;
	case VM_ENABLE_CAP:
		o->ret = __kvm_enable_cap(p->vm, KVM_CAP_ARM_NISV_TO_USER, 0, 0);
		break;
	case VM_PREFERRED_TARGET: {
		struct kvm_vcpu_init init;

		o->ret = __vm_preferred_target(p->vm, &init);
		break;
	}
	case READ_INHERITED_MAPPING:
		o->ret = p->run[8];
		break;
	case READ_NEW_MAPPING:
		map = __kvm_mmap(p->vcpu, PAGE_SIZE, PROT_READ, MAP_SHARED, 0);
		SETUP(o, map != MAP_FAILED, "mmap of the vCPU fd");
		o->ret = map[8];
		break;
	case SYS_GET_API_VERSION:
		o->ret = __kvm_ioctl(p->kvm, KVM_GET_API_VERSION, 0);
		break;
	case SYS_CHECK_EXTENSION:
		o->ret = __kvm_check_extension(p->kvm, KVM_CAP_USER_MEMORY);
		break;
	case OWN_VM_CHECK_EXTENSION:
		fd = __kvm_create_vm(p->kvm, 0);
		SETUP(o, fd >= 0, "KVM_CREATE_VM");
		o->ret = __kvm_check_extension(fd, KVM_CAP_USER_MEMORY);
		break;
	case OWN_VCPU_GET_MP_STATE:
		fd = __kvm_create_vm(p->kvm, 0);
		SETUP(o, fd >= 0, "KVM_CREATE_VM");
		fd = __vm_create_vcpu(fd, 0);
		SETUP(o, fd >= 0, "KVM_CREATE_VCPU");
		o->ret = __vcpu_get_mp_state(fd, &state);
		if (o->ret == 0)
			o->ret = state;
		break;
	case DUP_OF_VCPU_GET_MP_STATE:
		fd = __kvm_dup(p->vcpu);
		SETUP(o, fd >= 0, "dup");
		o->ret = __vcpu_get_mp_state(fd, &state);
		break;
	case CLOSE_VM:
		o->ret = __kvm_close(p->vm);
		break;
	}
	o->err = errno;
}

static struct outcome in_child(enum child_call call, const struct parent *p)
{
	struct outcome o;
	int pipefd[2], status;
	pid_t pid;

	/* All of it, padding included: it goes through the pipe whole. */
	memset(&o, 0, sizeof(o));
	o.ret = -1;
	cr_assert(pipe(pipefd) == 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", errno_name(errno));
	if (pid == 0) {
		close(pipefd[0]);
		child_call(call, p, &o);
		if (write(pipefd[1], &o, sizeof(o)) != sizeof(o))
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	cr_assert_eq(read(pipefd[0], &o, sizeof(o)), sizeof(o), "no answer from the child");
	close(pipefd[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	/* real-*.txt "fork child-exit -> 0" */
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	return o;
}

TEST_CASES(fork, child_on_parent_fds, fork_cases)
ParameterizedTest(struct fork_case *c, fork, child_on_parent_fds)
{
	struct parent p = make_parent(c->kernel);
	struct outcome o = in_child(c->call, &p);

	cr_assert_str_empty(o.failed_setup, "%s: child: %s", c->kernel, o.failed_setup);
	cr_assert(result_matches(&c->want, o.ret, o.err), "%s: child: %s: got %s, want %s",
		  c->kernel, c->name, result_str(o.ret, o.err), want_str(&c->want));
}

/*
 * After children have used (and closed) the VM fd, the parent's VM and
 * vCPU work on, and id 1, refused to a child, is free.
 * real-*.txt "fork.parent.vm KVM_CHECK_EXTENSION", "fork.parent.vcpu0 KVM_GET_MP_STATE",
 * "fork.parent.vm KVM_CREATE_VCPU id=0x1 -> fd"
 */
KERNEL_TEST(fork, parent_keeps_its_vm)
{
	struct parent p = make_parent(kernel->name);

	in_child(VM_CREATE_VCPU, &p);
	in_child(VCPU_GET_MP_STATE, &p);
	in_child(CLOSE_VM, &p);
	assert_ret(__kvm_check_extension(p.vm, KVM_CAP_USER_MEMORY), 1);
	cr_assert_eq(vcpu_get_mp_state(p.vcpu), KVM_MP_STATE_RUNNABLE);
	vm_create_vcpu(p.vm, 1);
}
