// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stress-threads.c - the simulator used from many threads at once, as a
 * VMM with a thread per vCPU uses it: each vCPU thread works its own vCPU
 * (MP state, KVM_RUN, mapping and touching kvm_run) while other threads
 * change memory slots, ask capabilities, create vCPUs, and dup and close
 * fds of the same VM.  Every call must still answer what real KVM answers
 * (tests/conform/real-*.txt); a bounded number of iterations, once per
 * kernel.
 *
 * A plain TAP program, one line per thread and kernel: Criterion cannot
 * start under ThreadSanitizer, and this test is for ThreadSanitizer (and
 * ASan, valgrind) above all.  KVMSIM_STRESS_ITERATIONS overrides the
 * number of iterations.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "kvm_util.h"

#define NR_VCPUS		4
#define NR_MEMSLOT_WORKERS	2
#define DEFAULT_ITERATIONS	1000
/* vCPUs made by the create worker, on top of NR_VCPUS: below the 512 a VM takes. */
#define MAX_EXTRA_VCPUS		400

/* The VM every worker of one round shares. */
struct target {
	const char *kernel;
	long ipa_limit;		/* real-*.txt "cap=KVM_CAP_ARM_VM_IPA_SIZE(165)" */
	int kvm, vm;
	int vcpu[NR_VCPUS];
	unsigned int iterations;
};

struct worker {
	const char *role;
	void (*work)(const struct target *t, int index);
	int index;
	const struct target *target;
	pthread_t thread;
	unsigned int failures;
};

/*
 * One vCPU, as its own thread uses it: MP state (only this thread sets
 * it), KVM_RUN before init, kvm_run mapped, read, written, unmapped.
 */
static void vcpu_work(const struct target *t, int index)
{
	int vcpu = t->vcpu[index];

	for (unsigned int n = 0; n < t->iterations; n++) {
		uint32_t state = n & 1 ? KVM_MP_STATE_STOPPED : KVM_MP_STATE_RUNNABLE;
		struct kvm_run *run;
		uint32_t got = ~0u;

		/* real-*.txt "vcpu0 KVM_SET_MP_STATE mp_state=0 -> 0", "mp_state=5 -> 0" */
		expect_ret(__vcpu_set_mp_state(vcpu, state), 0);
		expect_ret(__vcpu_get_mp_state(vcpu, &got), 0);
		TEST_EXPECT(got == state, "vcpu %d: mp_state %u, set %u", index, got, state);
		/* real-*.txt "vcpu0 KVM_RUN arg=0 -> -1 ENOEXEC" */
		expect_errno(__vcpu_ioctl(vcpu, KVM_RUN, 0), ENOEXEC);

		/* real-*.txt "vcpu0 mmap len=0x2000 ... -> ok", "vcpu0 read pgoff=1 byte0 -> ok val=0x00" */
		run = __kvm_mmap(vcpu, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
		TEST_EXPECT(run != MAP_FAILED, "vcpu %d: mmap: %s", index, errno_name(errno));
		if (run == MAP_FAILED)
			continue;
		TEST_EXPECT(run->exit_reason == 0, "vcpu %d: exit_reason %u", index, run->exit_reason);
		run->immediate_exit = (uint8_t)n;
		TEST_EXPECT(run->immediate_exit == (uint8_t)n, "vcpu %d: immediate_exit", index);
		TEST_EXPECT(((uint8_t *)run)[PAGE_SIZE] == 0, "vcpu %d: ring", index);
		munmap(run, 2 * PAGE_SIZE);
	}
}

/*
 * Memory slots: create, an overlap, a flags change, a move, deletion,
 * deletion again; each worker on slots and addresses of its own.
 * real-*.txt "memslot.create", "memslot.overlap-exact", "memslot.log-dirty-on",
 * "memslot.move", "memslot.delete", "memslot.delete-twice"
 */
static void memslot_work(const struct target *t, int index)
{
	const uint64_t size = 0x10000;
	uint32_t slot = 100 + 2 * index;
	uint64_t gpa = 0x10000000 + (uint64_t)index * 0x1000000;
	uint64_t uaddr = (uintptr_t)test_mem(size, PROT_READ | PROT_WRITE);

	for (unsigned int n = 0; n < t->iterations; n++) {
		expect_ret(__vm_set_user_memory_region(t->vm, slot, 0, gpa, size, uaddr), 0);
		expect_errno(__vm_set_user_memory_region(t->vm, slot + 1, 0, gpa, size, uaddr), EEXIST);
		expect_ret(__vm_set_user_memory_region(t->vm, slot, KVM_MEM_LOG_DIRTY_PAGES, gpa,
						       size, uaddr), 0);
		expect_ret(__vm_set_user_memory_region(t->vm, slot, 0, gpa + 2 * size, size, uaddr), 0);
		expect_ret(__vm_delete_memory_region(t->vm, slot), 0);
		expect_errno(__vm_delete_memory_region(t->vm, slot), EINVAL);
	}
	munmap((void *)(uintptr_t)uaddr, size);
}

/*
 * Questions that do not change anything, on the system and VM fds.
 * real-*.txt "sys KVM_GET_API_VERSION arg=0 -> 12", "... KVM_CHECK_EXTENSION cap=...",
 * "vm KVM_ARM_PREFERRED_TARGET buf -> 0 target=5"
 */
static void caps_work(const struct target *t, int index)
{
	for (unsigned int n = 0; n < t->iterations; n++) {
		struct kvm_vcpu_init init;

		memset(&init, 0xff, sizeof(init));
		expect_ret(__kvm_ioctl(t->kvm, KVM_GET_API_VERSION, 0), 12);
		expect_ret(__kvm_check_extension(t->kvm, KVM_CAP_USER_MEMORY), 1);
		expect_ret(__kvm_check_extension(t->kvm, KVM_CAP_ARM_VM_IPA_SIZE), t->ipa_limit);
		expect_errno(__kvm_check_extension(t->kvm, KVM_CAP_MSI_DEVID), EINVAL);
		expect_ret(__kvm_check_extension(t->vm, KVM_CAP_MSI_DEVID), 0);
		expect_ret(__kvm_check_extension(t->vm, KVM_CAP_NR_MEMSLOTS), 32767);
		expect_ret(__kvm_check_extension(t->vm, KVM_CAP_MAX_VCPUS), 512);
		expect_ret(__vm_preferred_target(t->vm, &init), 0);
		TEST_EXPECT(init.target == 5, "preferred target %u", init.target);
	}
}

/*
 * New vCPUs next to the running ones: each id once (EEXIST the second
 * time), RUNNABLE, closed again; 512 is never an id.
 * real-*.txt "create_vcpu KVM_CREATE_VCPU id=", "create_vcpu.dup ... -> -1 EEXIST",
 * "vcpu1 KVM_GET_MP_STATE -> 0 mp_state=0"
 */
static void create_vcpu_work(const struct target *t, int index)
{
	unsigned int extra = t->iterations < MAX_EXTRA_VCPUS ? t->iterations : MAX_EXTRA_VCPUS;

	for (unsigned long id = 100; id < 100 + extra; id++) {
		int vcpu = __vm_create_vcpu(t->vm, id);
		uint32_t state = ~0u;

		TEST_EXPECT(vcpu >= 0, "KVM_CREATE_VCPU id=%lu: %s", id, errno_name(errno));
		if (vcpu < 0)
			continue;
		expect_errno(__vm_create_vcpu(t->vm, id), EEXIST);
		expect_errno(__vm_create_vcpu(t->vm, 512), EINVAL);
		expect_ret(__vcpu_get_mp_state(vcpu, &state), 0);
		TEST_EXPECT(state == KVM_MP_STATE_RUNNABLE, "vCPU %lu: mp_state %u", id, state);
		expect_ret(__kvm_close(vcpu), 0);
	}
}

/*
 * fds coming and going: dups of the VM and of the running vCPUs, and
 * whole VMs whose vCPU outlives the VM fd.
 * real-*.txt "vm2 dup -> fd", "vm2.dup KVM_CHECK_EXTENSION", "vcpu0.dup KVM_GET_MP_STATE",
 * "vm close -> 0", "vcpu0.after-vm-close KVM_GET_MP_STATE -> 0 mp_state=0"
 */
static void fd_work(const struct target *t, int index)
{
	for (unsigned int n = 0; n < t->iterations; n++) {
		int dup = __kvm_dup(t->vm);
		uint32_t state = ~0u;

		TEST_EXPECT(dup >= 0, "dup of the VM fd: %s", errno_name(errno));
		if (dup >= 0) {
			expect_ret(__kvm_check_extension(dup, KVM_CAP_USER_MEMORY), 1);
			expect_ret(__kvm_close(dup), 0);
		}

		dup = __kvm_dup(t->vcpu[n % NR_VCPUS]);
		TEST_EXPECT(dup >= 0, "dup of a vCPU fd: %s", errno_name(errno));
		if (dup >= 0) {
			/* Its own thread flips it between RUNNABLE and STOPPED. */
			expect_ret(__vcpu_get_mp_state(dup, &state), 0);
			TEST_EXPECT(state == KVM_MP_STATE_RUNNABLE || state == KVM_MP_STATE_STOPPED,
				    "mp_state %u through a dup", state);
			expect_ret(__kvm_close(dup), 0);
		}

		if (n % 16 == 0) {
			int vm = __kvm_create_vm(t->kvm, 0);
			int vcpu = vm >= 0 ? __vm_create_vcpu(vm, 0) : -1;

			TEST_EXPECT(vcpu >= 0, "a new VM and vCPU: %s", errno_name(errno));
			if (vcpu < 0)
				continue;
			expect_ret(__kvm_close(vm), 0);
			state = ~0u;
			expect_ret(__vcpu_get_mp_state(vcpu, &state), 0);
			TEST_EXPECT(state == KVM_MP_STATE_RUNNABLE, "mp_state %u", state);
			expect_ret(__kvm_close(vcpu), 0);
		}
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->work(w->target, w->index);
	w->failures = test_failures;
	return NULL;
}

#define NR_WORKERS	(NR_VCPUS + NR_MEMSLOT_WORKERS + 3)

static unsigned int tap_number;

/* One round on @kernel: returns the number of failed expectations. */
static unsigned int run_round(const char *kernel, unsigned int iterations)
{
	struct target t = {
		.kernel = kernel,
		.ipa_limit = kernel_is(kernel, "6.1") ? 48 : 52,
		.iterations = iterations,
	};
	struct worker workers[NR_WORKERS];
	unsigned int failures = 0;
	int n = 0;

	t.kvm = kvm_open(kernel);
	t.vm = kvm_create_vm(t.kvm, 0);
	for (int i = 0; i < NR_VCPUS; i++) {
		t.vcpu[i] = vm_create_vcpu(t.vm, i);
		workers[n++] = (struct worker){ "vcpu", vcpu_work, i };
	}
	for (int i = 0; i < NR_MEMSLOT_WORKERS; i++)
		workers[n++] = (struct worker){ "memslots", memslot_work, i };
	workers[n++] = (struct worker){ "capabilities", caps_work, 0 };
	workers[n++] = (struct worker){ "create vcpus", create_vcpu_work, 0 };
	workers[n++] = (struct worker){ "dup and close", fd_work, 0 };

	for (int i = 0; i < n; i++) {
		workers[i].target = &t;
		TEST_ASSERT(pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) == 0,
			    "pthread_create");
	}
	for (int i = 0; i < n; i++) {
		pthread_join(workers[i].thread, NULL);
		failures += workers[i].failures;
		printf("%s %u - %s: %s %d, %u iterations%s\n", workers[i].failures ? "not ok" : "ok",
		       ++tap_number, kernel, workers[i].role, workers[i].index, iterations,
		       workers[i].failures ? " (failures above)" : "");
	}

	for (int i = 0; i < NR_VCPUS; i++)
		kvm_close(t.vcpu[i]);
	kvm_close(t.vm);
	kvm_close(t.kvm);
	return failures;
}

int main(void)
{
	const char *env = getenv("KVMSIM_STRESS_ITERATIONS");
	unsigned int iterations = env ? (unsigned int)strtoul(env, NULL, 10) : DEFAULT_ITERATIONS;
	unsigned int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%d\n", NR_KERNELS * NR_WORKERS);
	for (int k = 0; k < NR_KERNELS; k++)
		failed += run_round(kernels[k].name, iterations);
	return failed ? 1 : 0;
}
