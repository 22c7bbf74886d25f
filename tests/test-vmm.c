// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference VMM (vmm/vmm.c) through the shim: its guests' output and
 * endings, and its error paths.  The backend is the process's
 * (KVMSIM_BACKEND, default auto), so on an arm64 host with KVM these run
 * on real KVM with the same expectations.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvmsim/backend.h"
#include "vmm.h"

#ifndef GUEST_DIR
#define GUEST_DIR "vmm/guests"
#endif

/* A VMM run's console and log, kept in memory. */
struct capture {
	char *console, *log;
	size_t console_len, log_len;
	struct vmm_config cfg;
};

static void capture_init(struct capture *c, const char *guest, unsigned int cpus)
{
	static char path[4096];

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "%s/%s", GUEST_DIR, guest);
	c->cfg = (struct vmm_config){
		.kvm = kvmsim_backend_get(),
		.nr_cpus = cpus,
		.mem_size = 16 << 20,
		.image = path,
		.load_addr = VMM_RAM_BASE,
		.console = open_memstream(&c->console, &c->console_len),
		.log = open_memstream(&c->log, &c->log_len),
	};
	cr_assert_not_null(c->cfg.kvm);
	cr_assert(c->cfg.console && c->cfg.log);
}

static void capture_end(struct capture *c)
{
	fclose(c->cfg.console);
	fclose(c->cfg.log);
}

static void capture_free(struct capture *c)
{
	free(c->console);
	free(c->log);
}

/* Creates, runs and destroys a VMM; returns how the guest ended. */
static enum vmm_exit run_guest(struct capture *c)
{
	struct vmm *vmm;
	enum vmm_exit exit;
	int r;

	if (access(c->cfg.image, R_OK))
		cr_skip_test("no guest image %s (no aarch64 toolchain at configure time)",
			     c->cfg.image);
	if (c->cfg.kvm == &kvmsim_backend_sim && getenv("KVMSIM_GUEST_EXEC") &&
	    !strcmp(getenv("KVMSIM_GUEST_EXEC"), "no"))
		cr_skip_test("the simulator was built without guest execution (Unicorn)");
	r = vmm_create(&c->cfg, &vmm);
	cr_assert_eq(r, 0, "vmm_create: %s", strerror(-r));
	exit = vmm_run(vmm);
	vmm_destroy(vmm);
	capture_end(c);
	return exit;
}

Test(vmm, hello_guest_prints_and_powers_off)
{
	struct capture c;

	capture_init(&c, "hello.bin", 1);
	cr_assert_eq(run_guest(&c), VMM_EXIT_SHUTDOWN, "log: %s", c.log);
	cr_assert_str_eq(c.console, "Hello from the guest!\n");
	cr_assert_str_eq(c.log, "");
	capture_free(&c);
}

/* CPU_ON passes the baton: each vCPU prints once, in order, the last powers off. */
Test(vmm, smp_guest_prints_from_every_cpu)
{
	static const char want[] =
		"Hello from the CPU with MPIDR 0x0000000080000000\n"
		"Hello from the CPU with MPIDR 0x0000000080000001\n"
		"Hello from the CPU with MPIDR 0x0000000080000002\n"
		"Hello from the CPU with MPIDR 0x0000000080000003\n"
		"Last CPU up: powering off\n";
	struct capture c;

	capture_init(&c, "smp.bin", 4);
	cr_assert_eq(run_guest(&c), VMM_EXIT_SHUTDOWN, "log: %s", c.log);
	cr_assert_str_eq(c.console, want);
	capture_free(&c);
}

/* vCPU id 16 is affinity 1.0: MPIDR 0x80000100. */
Test(vmm, smp_guest_counts_past_aff0)
{
	struct capture c;

	capture_init(&c, "smp.bin", 17);
	cr_assert_eq(run_guest(&c), VMM_EXIT_SHUTDOWN, "log: %s", c.log);
	cr_assert(strstr(c.console, "MPIDR 0x000000008000000f\n"
			 "Hello from the CPU with MPIDR 0x0000000080000100\n"),
		  "console: %s", c.console);
	capture_free(&c);
}

/* STP to MMIO has no valid syndrome: the VMM reports the NISV exit and gives up. */
Test(vmm, fault_guest_is_reported)
{
	struct capture c;

	capture_init(&c, "fault.bin", 1);
	cr_assert_eq(run_guest(&c), VMM_EXIT_ERROR);
	cr_assert_str_eq(c.console, "Storing a register pair to the UART\n");
	cr_assert(strstr(c.log, "vCPU 0: guest access at IPA 0x9000000 that KVM cannot decode"),
		  "log: %s", c.log);
	capture_free(&c);
}

/*
 * --single-step: one KVM_EXIT_DEBUG per guest instruction, the same
 * output.  hello.S runs 140 instructions before its SYSTEM_OFF call: 3 to
 * enter puts; 6 for each of the 22 characters of "Hello from the
 * guest!\n" (ldrb, cbz, the UART flag load, tbnz, the strb to the UART,
 * b); 3 at the NUL (ldrb, cbz, ret); the 2 moves of the function id.  The
 * HVC itself ends the run with SYSTEM_EVENT before its step is reported.
 * Real KVM counts the same: check-real runs this on it (vmm-real.sh).
 */
Test(vmm, hello_guest_single_stepped)
{
	struct capture c;
	struct vmm *vmm;
	enum vmm_exit exit;

	capture_init(&c, "hello.bin", 1);
	c.cfg.single_step = true;
	if (access(c.cfg.image, R_OK))
		cr_skip_test("no guest image %s (no aarch64 toolchain at configure time)",
			     c.cfg.image);
	if (c.cfg.kvm == &kvmsim_backend_sim && getenv("KVMSIM_GUEST_EXEC") &&
	    !strcmp(getenv("KVMSIM_GUEST_EXEC"), "no"))
		cr_skip_test("the simulator was built without guest execution (Unicorn)");
	cr_assert_eq(vmm_create(&c.cfg, &vmm), 0);
	exit = vmm_run(vmm);
	cr_expect_eq(vmm_steps(vmm, 0), 140, "steps: %llu", (unsigned long long)vmm_steps(vmm, 0));
	vmm_destroy(vmm);
	capture_end(&c);
	cr_assert_eq(exit, VMM_EXIT_SHUTDOWN, "log: %s", c.log);
	cr_assert_str_eq(c.console, "Hello from the guest!\n");
	cr_assert_str_eq(c.log, "vCPU 0: 140 single steps\n");
	capture_free(&c);
}

/* ---- set-up errors ------------------------------------------------------ */

static int create_fails(struct capture *c)
{
	struct vmm *vmm = NULL;
	int r = vmm_create(&c->cfg, &vmm);

	capture_end(c);
	cr_assert_null(vmm);
	return r;
}

Test(vmm, missing_image_is_enoent)
{
	struct capture c;

	capture_init(&c, "no-such-guest.bin", 1);
	cr_assert_eq(create_fails(&c), -ENOENT);
	cr_assert(strstr(c.log, "no-such-guest.bin: No such file or directory"), "%s", c.log);
	capture_free(&c);
}

Test(vmm, image_larger_than_ram_is_einval)
{
	struct capture c;

	capture_init(&c, "hello.bin", 1);
	if (access(c.cfg.image, R_OK))
		cr_skip_test("no guest image");
	c.cfg.load_addr = VMM_RAM_BASE + c.cfg.mem_size - 16;
	cr_assert_eq(create_fails(&c), -EINVAL);
	cr_assert(strstr(c.log, "does not fit in RAM"), "%s", c.log);
	capture_free(&c);
}

Test(vmm, load_address_outside_ram_is_einval)
{
	struct capture c;

	capture_init(&c, "hello.bin", 1);
	c.cfg.load_addr = VMM_RAM_BASE - 0x1000;
	cr_assert_eq(create_fails(&c), -EINVAL);
	cr_assert(strstr(c.log, "outside RAM"), "%s", c.log);
	capture_free(&c);
}

Test(vmm, bad_cpu_count_and_ram_size_are_einval)
{
	struct capture c;

	capture_init(&c, "hello.bin", 0);
	cr_assert_eq(create_fails(&c), -EINVAL);
	capture_free(&c);
	capture_init(&c, "hello.bin", VMM_MAX_CPUS + 1);
	cr_assert_eq(create_fails(&c), -EINVAL);
	capture_free(&c);
	capture_init(&c, "hello.bin", 1);
	c.cfg.mem_size = 4096 + 1;
	cr_assert_eq(create_fails(&c), -EINVAL);
	cr_assert(strstr(c.log, "multiple of 4096"), "%s", c.log);
	capture_free(&c);
}

Test(vmm, destroy_accepts_null)
{
	vmm_destroy(NULL);
}
