## tests/: Criterion suites (one program per module, TAP through automake's
## driver so that every case shows in the logs), plain TAP programs (*.tap)
## and script tests (*.sh).

TEST_EXTENSIONS = .sh .tap
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
LOG_COMPILER = $(SHELL) $(top_srcdir)/build-aux/criterion-tap
SH_LOG_COMPILER = $(SHELL)

# What the script tests need to find the tree and the toolchains.
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	CC='$(CC)'; export CC; \
	AARCH64_CC='$(AARCH64_CC)'; export AARCH64_CC; \
	QEMU_AARCH64='$(QEMU_AARCH64)'; export QEMU_AARCH64; \
	ABI_BUILDDIR='$(abs_top_builddir)/tests/abi/work'; export ABI_BUILDDIR; \
	KVMSIM_TSAN='$(enable_tsan)'; export KVMSIM_TSAN; \
	KVMSIM_CRITERION='$(have_criterion)'; export KVMSIM_CRITERION; \
	KVMSIM_BACKEND=$${KVMSIM_BACKEND-sim}; export KVMSIM_BACKEND;

# Whether KVM_RUN runs guests in this build (Unicorn): tests that need it skip.
if HAVE_UNICORN
AM_TESTS_ENVIRONMENT += KVMSIM_GUEST_EXEC=yes; export KVMSIM_GUEST_EXEC;
else
AM_TESTS_ENVIRONMENT += KVMSIM_GUEST_EXEC=no; export KVMSIM_GUEST_EXEC;
endif

EXTRA_DIST += build-aux/tap-driver.sh

# The simulator against real KVM's recorded answers (tests/conform/).
TESTS += tests/conform-sim.sh
check_PROGRAMS += tests/conform/conform-sim
tests_conform_conform_sim_SOURCES = tests/conform/conform.c tests/conform/conform.h \
	tests/conform/core.c tests/conform/memslot2.c tests/conform/arm64.c tests/conform/run.c \
	tests/conform/debug.c tests/conform/ptrauth.c tests/conform/mte.c \
	tests/conform/counter.c tests/conform/vmioctl.c tests/conform/mmu.c \
	tests/conform/ioeventfd.c tests/conform/dirtylog.c tests/conform/smccc.c \
	tests/conform/vgic.c
tests_conform_conform_sim_CPPFLAGS = $(AM_CPPFLAGS) -DCONFORM_SIM
tests_conform_conform_sim_CFLAGS = $(AM_CFLAGS) -Wno-format-nonliteral
tests_conform_conform_sim_LDADD = sim/libkvmsim.la
EXTRA_DIST += tests/conform-sim.sh tests/conform/real-6.1.txt tests/conform/real-6.12.txt \
	tests/conform/real-6.1-pauth-mte.txt tests/conform/real-6.12-pauth-mte.txt \
	tests/conform/real-6.1-n1.txt tests/conform/real-6.12-n1.txt \
	tests/conform/known-gaps.txt tests/conform/run-real.sh tests/conform/gen-caps.sh

# The kernel's KVM selftests: the expectation files and README's table of them.
TESTS += tests/selftests-files.sh
EXTRA_DIST += tests/selftests-files.sh

# The command-line front end; its register subcommands against real KVM's lists.
TESTS += tests/cli.sh tests/cli-regs.sh tests/cli-trace.sh
EXTRA_DIST += tests/cli.sh tests/cli-regs.sh tests/cli-trace.sh tests/tap.sh
TESTS += tests/cli-adopt.sh
EXTRA_DIST += tests/cli-adopt.sh

# kvmsim-run: an unmodified program against the simulator, compared with
# what the same program printed on real KVM.
TESTS += tests/kvmsim-run.sh
check_PROGRAMS += tests/preload-target
tests_preload_target_SOURCES = tests/preload-target.c
EXTRA_DIST += tests/kvmsim-run.sh tests/preload/real-6.1.txt tests/preload/real-6.12.txt

# The reference VMM's command line and guests.
TESTS += tests/vmm-cli.sh
EXTRA_DIST += tests/vmm-cli.sh
# Its error paths, through fault injection and scripted exits.
TESTS += tests/vmm-inject.sh
EXTRA_DIST += tests/vmm-inject.sh
# Its aarch64 build under kvmsim-run and qemu-aarch64 (make aarch64).
TESTS += tests/vmm-aarch64.sh
EXTRA_DIST += tests/vmm-aarch64.sh

# kvmsim capture: real KVM's host profiles as recorded, read back and loaded.
TESTS += tests/capture.sh
EXTRA_DIST += tests/capture.sh tests/capture/real-6.1.host tests/capture/real-6.12.host \
	tests/capture/real-6.1-pauth-mte.host tests/capture/real-6.12-pauth-mte.host \
	tests/capture/real-6.1-n1.host tests/capture/real-6.12-n1.host

# The ABI proof: uapi/ against Debian's real arm64 headers.
TESTS += tests/abi/check-abi.sh
EXTRA_DIST += tests/abi/check-abi.sh tests/abi/manifest.txt tests/abi/consumer.c \
	tests/abi/fetch-headers.sh
clean-local: clean-abi-work
clean-abi-work:
	rm -rf tests/abi/work
.PHONY: clean-abi-work

# The real-KVM harness (qemu + Debian's arm64 kernels): see tests/real/README.md.
EXTRA_DIST += tests/real/README.md tests/real/boot.sh tests/real/fetch-kernels.sh \
	tests/real/init.c tests/real/probe.c tests/real/exitwith.c tests/real/selftest.sh

# The generator of tests/test-reg-list's blessed register lists.
EXTRA_DIST += tests/reg-lists/gen-reg-lists.awk

# What every test program calls KVM through (tests/kvm_util.h): the table of
# entry points, the raw __ helpers and the asserting ones.
check_LTLIBRARIES = tests/libkvm_util.la
tests_libkvm_util_la_SOURCES = tests/kvm_util.c tests/kvm_util.h
tests_libkvm_util_la_LIBADD = vmm/libkvmsim-shim.la
tests_libkvm_util_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DKVMSIM_HOSTS_DIR='"$(abs_top_srcdir)/sim/arch/arm64/hosts"'

# Plain TAP programs (*.tap): run as they are, in every build, ThreadSanitizer
# included (KVMSIM_TEST_WRAPPER, if set, is put in front as for Criterion's).
TAP_LOG_DRIVER = $(LOG_DRIVER)
TAP_LOG_COMPILER = $(KVMSIM_TEST_WRAPPER)

# vCPU and VM ioctls from many threads at once.
check_PROGRAMS += tests/stress-threads.tap
TESTS += tests/stress-threads.tap
tests_stress_threads_tap_SOURCES = tests/stress-threads.c
tests_stress_threads_tap_CFLAGS = $(AM_CFLAGS) -pthread
tests_stress_threads_tap_LDFLAGS = $(AM_LDFLAGS) -pthread
tests_stress_threads_tap_LDADD = tests/libkvm_util.la sim/libkvmsim.la

if HAVE_CRITERION
# libcriterion, or the builtin Criterion-compatible runner (configure
# --with-criterion=builtin: tests/real/criterion/criterion.h).
EXTRA_DIST += tests/real/criterion/criterion.h tests/real/criterion/parameterized.h \
	tests/real/criterion/redirect.h
if CRITERION_BUILTIN
check_LTLIBRARIES += tests/real/libcriterion-compat.la
tests_real_libcriterion_compat_la_SOURCES = tests/real/criterion-compat.c
tests_real_libcriterion_compat_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/real
cr_cflags = -I$(top_srcdir)/tests/real
cr_libs = tests/real/libcriterion-compat.la
else
cr_cflags = $(CRITERION_CFLAGS)
cr_libs = $(CRITERION_LIBS)
endif
criterion_tests = tests/test-profile
check_PROGRAMS += $(criterion_tests)
tests_test_profile_SOURCES = tests/test-profile.c
tests_test_profile_CFLAGS = $(AM_CFLAGS) $(cr_cflags)
tests_test_profile_LDADD = sim/libkvmsim.la $(cr_libs)

# Register ids and names (kvmsim/regs.h).
criterion_tests += tests/test-reg-names
tests_test_reg_names_CFLAGS = $(AM_CFLAGS) $(cr_cflags)
tests_test_reg_names_LDADD = sim/libkvmsim.la $(cr_libs)

# The backend shim: choosing sim or host.
criterion_tests += tests/test-backend
tests_test_backend_CFLAGS = $(AM_CFLAGS) $(cr_cflags)
tests_test_backend_LDADD = vmm/libkvmsim-shim.la sim/libkvmsim.la $(cr_libs)

# Adopting the simulator: stale fds of the shim, one fd per VM, its open()
# of a path, KVMSIM_KERNEL, KVMSIM_HOST and KVMSIM_INJECT_STRICT.
criterion_tests += tests/test-adopt
tests_test_adopt_CFLAGS = $(AM_CFLAGS) $(cr_cflags)
tests_test_adopt_LDADD = vmm/libkvmsim-shim.la sim/libkvmsim.la $(cr_libs)

# The reference VMM, its guests run through the shim.
criterion_tests += tests/test-vmm
tests_test_vmm_CPPFLAGS = $(AM_CPPFLAGS) -DGUEST_DIR='"$(abs_top_builddir)/vmm/guests"'
tests_test_vmm_CFLAGS = $(AM_CFLAGS) $(cr_cflags) -pthread
tests_test_vmm_LDADD = vmm/libkvmsim-vmm.la vmm/libkvmsim-shim.la sim/libkvmsim.la \
	$(cr_libs)

# The KVM ioctl interface, one suite per module (tests/test-<module>.c),
# every expectation from real KVM's transcripts (tests/conform/real-*.txt).
kvm_suites = tests/test-sys tests/test-ioctl tests/test-vm tests/test-vcpu \
	tests/test-memslot tests/test-enable-cap tests/test-mmap \
	tests/test-lifetime tests/test-fork tests/test-uaccess \
	tests/test-vcpu-init tests/test-core-reg tests/test-sys-reg tests/test-fw-reg \
	tests/test-timer-reg tests/test-sve-reg tests/test-reg-list tests/test-inject \
	tests/test-vcpu-attr tests/test-vcpu-events tests/test-ptrauth tests/test-mte \
	tests/test-host tests/test-counter tests/test-vm-ioctl tests/test-vgic
criterion_tests += $(kvm_suites)
kvm_suite_cflags = $(AM_CFLAGS) $(cr_cflags)
kvm_suite_ldadd = tests/libkvm_util.la sim/libkvmsim.la $(cr_libs)
tests_test_vgic_CFLAGS = $(kvm_suite_cflags)
tests_test_vgic_LDADD = $(kvm_suite_ldadd)
tests_test_sys_CFLAGS = $(kvm_suite_cflags)
tests_test_sys_LDADD = $(kvm_suite_ldadd)
tests_test_ioctl_CFLAGS = $(kvm_suite_cflags)
tests_test_ioctl_LDADD = $(kvm_suite_ldadd)
tests_test_vm_CFLAGS = $(kvm_suite_cflags)
tests_test_vm_LDADD = $(kvm_suite_ldadd)
tests_test_vcpu_CFLAGS = $(kvm_suite_cflags)
tests_test_vcpu_LDADD = $(kvm_suite_ldadd)
tests_test_memslot_CFLAGS = $(kvm_suite_cflags)
tests_test_memslot_LDADD = $(kvm_suite_ldadd)
tests_test_enable_cap_CFLAGS = $(kvm_suite_cflags)
tests_test_enable_cap_LDADD = $(kvm_suite_ldadd)
tests_test_mmap_CFLAGS = $(kvm_suite_cflags)
tests_test_mmap_LDADD = $(kvm_suite_ldadd)
tests_test_lifetime_CFLAGS = $(kvm_suite_cflags)
tests_test_lifetime_LDADD = $(kvm_suite_ldadd)
tests_test_fork_CFLAGS = $(kvm_suite_cflags)
tests_test_fork_LDADD = $(kvm_suite_ldadd)
tests_test_uaccess_CFLAGS = $(kvm_suite_cflags) -pthread
tests_test_uaccess_LDADD = $(kvm_suite_ldadd)
tests_test_vcpu_init_CFLAGS = $(kvm_suite_cflags)
tests_test_vcpu_init_LDADD = $(kvm_suite_ldadd)
tests_test_core_reg_CFLAGS = $(kvm_suite_cflags)
tests_test_core_reg_LDADD = $(kvm_suite_ldadd)
tests_test_sys_reg_CFLAGS = $(kvm_suite_cflags)
tests_test_sys_reg_LDADD = $(kvm_suite_ldadd)
tests_test_fw_reg_CFLAGS = $(kvm_suite_cflags)
tests_test_fw_reg_LDADD = $(kvm_suite_ldadd)
tests_test_timer_reg_CFLAGS = $(kvm_suite_cflags)
tests_test_timer_reg_LDADD = $(kvm_suite_ldadd)
tests_test_sve_reg_CFLAGS = $(kvm_suite_cflags)
tests_test_sve_reg_LDADD = $(kvm_suite_ldadd)
tests_test_inject_CFLAGS = $(kvm_suite_cflags)
tests_test_inject_LDADD = $(kvm_suite_ldadd)
tests_test_vcpu_attr_CFLAGS = $(kvm_suite_cflags)
tests_test_vcpu_attr_LDADD = $(kvm_suite_ldadd)
tests_test_vcpu_events_CFLAGS = $(kvm_suite_cflags)
tests_test_vcpu_events_LDADD = $(kvm_suite_ldadd)
tests_test_ptrauth_CFLAGS = $(kvm_suite_cflags)
tests_test_ptrauth_LDADD = $(kvm_suite_ldadd)
tests_test_mte_CFLAGS = $(kvm_suite_cflags) -pthread
tests_test_mte_LDADD = $(kvm_suite_ldadd)
tests_test_vm_ioctl_CFLAGS = $(kvm_suite_cflags)
tests_test_vm_ioctl_LDADD = $(kvm_suite_ldadd)
tests_test_host_CFLAGS = $(kvm_suite_cflags)
tests_test_host_LDADD = $(kvm_suite_ldadd)
tests_test_counter_CFLAGS = $(kvm_suite_cflags)
tests_test_counter_LDADD = $(kvm_suite_ldadd)
tests_test_reg_list_CFLAGS = $(kvm_suite_cflags)
tests_test_reg_list_LDADD = $(kvm_suite_ldadd)
# The blessed register lists, generated from real KVM's transcripts.
tests_test_reg_list_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/tests
nodist_tests_test_reg_list_SOURCES = tests/reg-lists.h
tests_test_reg_list_SOURCES = tests/test-reg-list.c
BUILT_SOURCES += tests/reg-lists.h
CLEANFILES += tests/reg-lists.h
reg_list_recordings = tests/conform/real-6.1.txt tests/conform/real-6.12.txt \
	tests/conform/real-6.1-pauth-mte.txt tests/conform/real-6.12-pauth-mte.txt
tests/reg-lists.h: $(srcdir)/tests/reg-lists/gen-reg-lists.awk \
		$(reg_list_recordings:%=$(srcdir)/%)
	$(AM_V_GEN)$(MKDIR_P) tests && \
	$(AWK) -f $(srcdir)/tests/reg-lists/gen-reg-lists.awk \
		kernel=6.1 $(srcdir)/tests/conform/real-6.1.txt \
		kernel=6.12 $(srcdir)/tests/conform/real-6.12.txt \
		kernel=6.1 $(srcdir)/tests/conform/real-6.1-pauth-mte.txt \
		kernel=6.12 $(srcdir)/tests/conform/real-6.12-pauth-mte.txt > $@.tmp && mv $@.tmp $@
TESTS += $(criterion_tests)
# KVM_RUN: guest code through the simulator's guest execution (Unicorn).
check_PROGRAMS += tests/test-run
TESTS += tests/test-run
tests_test_run_CFLAGS = $(kvm_suite_cflags)
tests_test_run_LDADD = $(kvm_suite_ldadd)
# Guest debugging: KVM_SET_GUEST_DEBUG and KVM_EXIT_DEBUG, with guest code.
check_PROGRAMS += tests/test-debug
TESTS += tests/test-debug
tests_test_debug_CFLAGS = $(kvm_suite_cflags)
tests_test_debug_LDADD = $(kvm_suite_ldadd)
endif
