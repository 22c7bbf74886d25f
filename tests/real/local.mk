## tests/real/: the simulator against live real arm64 KVM (make check-real)
## and re-recording real KVM's answers (make update-real).  Both boot
## Debian's arm64 kernels in qemu-system-aarch64: see tests/real/README.md.
##
##   make check-real  [KVMSIM_REAL_CACHE=DIR] [CHECK_REAL_FLAGS='--kernel 6.12 ...']
##   make update-real [KVMSIM_REAL_CACHE=DIR] [UPDATE_REAL_OUT=DIR]
##
## KVMSIM_REAL_CACHE (environment or make command line) is the kernel
## cache; unset, the scripts' default (/work/real-cache) is used.
## check-real writes only into the build directory; update-real writes
## into the source tree (tests/conform/real-*.txt, sim/virt/kvm/kvm_caps.h),
## or into UPDATE_REAL_OUT when that is set.

EXTRA_DIST += tests/real/local.mk tests/real/check-real.sh tests/real/update-real.sh \
	tests/real/transcript.sh tests/real/apt-sources.sh tests/real/vmm-real.sh \
	tests/real/capture-real.sh tests/real/suites-real.sh tests/real/lib.sh tests/real/hosts.sh

CHECK_REAL_FLAGS =
UPDATE_REAL_OUT =

real_env = \
	AARCH64_CC='$(AARCH64_CC)'; export AARCH64_CC; \
	KVMSIM_REAL_CACHE='$(KVMSIM_REAL_CACHE)'; export KVMSIM_REAL_CACHE;

# A skip (exit 77: no qemu, cross compiler or kernels) is reported and
# counted in tests/real/check-real.trs, but does not fail make.
check-real: tests/conform/conform-sim$(EXEEXT) vmm/kvmsim-vmm$(EXEEXT) $(REAL_VMM_DEPS)
	@$(MKDIR_P) tests/real; rm -f tests/real/check-real.trs; \
	$(real_env) rc=0; \
	$(top_srcdir)/tests/real/check-real.sh --sim tests/conform/conform-sim$(EXEEXT) \
		--recorded $(top_srcdir)/tests/conform --trs tests/real/check-real.trs \
		$(CHECK_REAL_FLAGS) || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	if test -z '$(REAL_VMM_DEPS)'; then \
	  echo "vmm-real: SKIP: no aarch64 toolchain for the VMM and its guests"; exit 0; \
	fi; \
	$(top_srcdir)/tests/real/vmm-real.sh --vmm-aarch64 $(REAL_VMM) \
		--vmm-sim vmm/kvmsim-vmm$(EXEEXT) --guests vmm/guests \
		--trs tests/real/check-real.trs || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(MAKE) $(AM_MAKEFLAGS) $(REAL_KVMSIM) && \
	$(top_srcdir)/tests/real/capture-real.sh --kvmsim-aarch64 $(REAL_KVMSIM) \
		--recorded $(top_srcdir)/tests/capture --trs tests/real/check-real.trs || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(MAKE) $(AM_MAKEFLAGS) tests/fuzz/fuzz-replay$(EXEEXT) $(REPLAY_AARCH64) && \
	$(top_srcdir)/tests/fuzz/replay-real.sh --sim tests/fuzz/fuzz-replay$(EXEEXT) \
		--real $(REPLAY_AARCH64) --trs tests/real/check-real.trs || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(MAKE) $(AM_MAKEFLAGS) real-suites && \
	$(top_srcdir)/tests/real/suites-real.sh --trs tests/real/check-real.trs \
		$(REAL_SUITES) || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(top_srcdir)/tests/real/suites-real.sh --trs tests/real/check-real.trs \
		--host qemu-max-pauth-mte $(REAL_HOST_SUITES) || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(top_srcdir)/tests/real/suites-real.sh --trs tests/real/check-real.trs \
		--host qemu-n1 $(REAL_N1_SUITES) || rc=$$?; \
	test $$rc = 77 || test $$rc = 0 || exit $$rc; \
	$(MAKE) $(AM_MAKEFLAGS) selftests-real TRS=$(abs_builddir)/tests/real/check-real.trs

# The reference VMM built for aarch64, statically, to run on real KVM: a
# cross build of the tree (no Unicorn, no Criterion) in tests/real/aarch64.
REAL_CROSS = tests/real/aarch64
REAL_VMM = $(REAL_CROSS)/vmm/kvmsim-vmm
if HAVE_GUEST_CC
REAL_VMM_DEPS = $(REAL_VMM) $(guest_images)
endif
# (Re)configured when its options change: real_cross_opts is recorded in
# config.status.
real_cross_opts = --host=aarch64-linux-gnu --disable-shared --without-unicorn \
	--with-criterion=builtin --enable-silent-rules
real_cross_configure = \
	$(MKDIR_P) $(REAL_CROSS) && cd $(REAL_CROSS) && \
	if ! grep -q -e '$(real_cross_opts)' config.status 2>/dev/null; then \
	  echo "  CROSS    $(REAL_CROSS) (configure $(real_cross_opts))"; \
	  PKG_CONFIG_LIBDIR=/nonexistent $(abs_top_srcdir)/configure \
	    $(real_cross_opts) CC='$(AARCH64_CC)' > configure.log 2>&1 || \
	    { tail -20 configure.log; exit 1; }; \
	fi
$(REAL_VMM): $(vmm_libkvmsim_vmm_la_SOURCES) $(vmm_kvmsim_vmm_SOURCES) \
		$(vmm_libkvmsim_shim_la_SOURCES) $(sim_libkvmsim_la_SOURCES)
	@$(real_cross_configure) && \
	$(MAKE) $(AM_MAKEFLAGS) vmm/kvmsim-vmm LDFLAGS=-all-static

# The Criterion suites written against the shim (tests/kvm_util.h), built
# for aarch64 with the builtin runner, run on real KVM by suites-real.sh.
# The suites of the simulator's own API (test-profile, test-reg-names,
# test-backend, test-vmm) are not among them; test-inject is, and skips.
real_suite_names = test-sys test-ioctl test-vm test-vcpu test-memslot test-enable-cap \
	test-mmap test-lifetime test-fork test-uaccess test-vcpu-init test-core-reg \
	test-sys-reg test-fw-reg test-timer-reg test-sve-reg test-reg-list test-vcpu-attr \
	test-vcpu-events test-ptrauth test-mte test-host test-counter test-inject test-run \
	test-debug test-vm-ioctl test-vgic
REAL_SUITES = $(real_suite_names:%=$(REAL_CROSS)/tests/%)
# The suites with cases of the further host CPUs (tests/real/hosts.sh),
# which suites-real.sh runs there once more.
REAL_HOST_SUITES = $(REAL_CROSS)/tests/test-ptrauth $(REAL_CROSS)/tests/test-mte \
	$(REAL_CROSS)/tests/test-reg-list $(REAL_CROSS)/tests/test-host
REAL_N1_SUITES = $(REAL_SUITES)
real-suites: $(REAL_VMM)
	@$(real_cross_configure) && \
	$(MAKE) $(AM_MAKEFLAGS) tests/reg-lists.h && \
	$(MAKE) $(AM_MAKEFLAGS) $(real_suite_names:%=tests/%) LDFLAGS=-all-static
.PHONY: real-suites
# The kvmsim command too, for kvmsim capture on real KVM (same cross build).
REAL_KVMSIM = $(REAL_CROSS)/tools/kvmsim
$(REAL_KVMSIM): $(REAL_VMM) $(tools_kvmsim_SOURCES)
	@cd $(REAL_CROSS) && $(MAKE) $(AM_MAKEFLAGS) tools/kvmsim LDFLAGS=-all-static
clean-local: clean-real-cross
clean-real-cross:
	rm -rf $(REAL_CROSS)
.PHONY: clean-real-cross

update-real: $(REAL_KVMSIM)
	@$(real_env) out='$(UPDATE_REAL_OUT)'; \
	$(top_srcdir)/tests/real/update-real.sh $${out:+--out "$$out"} \
		--kvmsim-aarch64 $(REAL_KVMSIM)

CLEANFILES += tests/real/check-real.trs
.PHONY: check-real update-real
