## tests/selftests/: the Linux kernel's own arm64 KVM selftests
## (tools/testing/selftests/kvm), built from Debian's linux-source-6.1 and
## linux-source-6.12 packages: see tests/selftests/README.md.
##
##   make selftests      [KVMSIM_REAL_CACHE=DIR] [SELFTESTS_RELEASES='6.1 6.12']
##   make selftests-real [KVMSIM_REAL_CACHE=DIR] [SELFTESTS_REAL_FLAGS='--kernel 6.12 ...']
##   make check-selftests [SELFTESTS_SIM_FLAGS='--max-timeout 60 ...']
##
## selftests caches the sources (tests/selftests/fetch-sources.sh, root
## the first time) in $KVMSIM_REAL_CACHE/selftests and builds every release
## dynamically and statically linked into
## tests/selftests/build/RELEASE/{dynamic,static}/ of the build directory.
## selftests-real runs the static builds on real KVM in the harness's qemu
## guest (tests/real/selftests-real.sh).  A skip (exit 77: no cross
## compiler, no sources and not root) is reported but does not fail make.
## check-selftests runs the dynamic builds on the simulator (kvmsim-run,
## qemu-aarch64: make aarch64) and judges both sides' results against
## tests/selftests/expected-RELEASE.txt (judge.sh): any change fails.

EXTRA_DIST += tests/selftests/local.mk tests/selftests/README.md \
	tests/selftests/fetch-sources.sh tests/selftests/build.sh \
	tests/selftests/cc-twice.sh tests/selftests/st-timeout.c \
	tests/selftests/tests.txt tests/selftests/expected-6.1.txt \
	tests/selftests/expected-6.12.txt tests/selftests/run-sim.sh \
	tests/selftests/judge.sh tests/selftests/table.sh \
	tests/selftests/compat/include/linux/bitfield.h \
	tests/selftests/compat/test-assert-eq.h \
	tests/real/selftests-real.sh

SELFTESTS_RELEASES = 6.1 6.12
SELFTESTS_REAL_FLAGS =

selftests_env = \
	AARCH64_CC='$(AARCH64_CC)'; export AARCH64_CC; \
	KVMSIM_REAL_CACHE='$(KVMSIM_REAL_CACHE)'; export KVMSIM_REAL_CACHE;

selftests:
	@$(selftests_env) \
	for r in $(SELFTESTS_RELEASES); do \
	  rc=0; \
	  $(top_srcdir)/tests/selftests/fetch-sources.sh --release $$r || rc=$$?; \
	  test $$rc = 77 && { echo "selftests: $$r: SKIP: sources not cached"; continue; }; \
	  test $$rc = 0 || exit $$rc; \
	  $(top_srcdir)/tests/selftests/build.sh --cc "$${AARCH64_CC:-aarch64-linux-gnu-gcc}" \
		--out tests/selftests/build/$$r $$r || rc=$$?; \
	  test $$rc = 77 && { echo "selftests: $$r: SKIP"; continue; }; \
	  test $$rc = 0 || exit $$rc; \
	done

# Real KVM's results go to tests/selftests/real-out/, each judged against
# the expectation file when TRS (an automake .trs file) is given.
selftests-real: selftests
	@$(selftests_env) rc=0; $(MKDIR_P) tests/selftests/real-out; \
	$(top_srcdir)/tests/real/selftests-real.sh --build tests/selftests/build \
		--out tests/selftests/real-out $(SELFTESTS_REAL_FLAGS) || rc=$$?; \
	test $$rc = 77 && exit 0; \
	for r in $(SELFTESTS_RELEASES); do \
	  test -f tests/selftests/real-out/real-$$r.txt || continue; \
	  $(top_srcdir)/tests/selftests/judge.sh --side real \
		--expected $(top_srcdir)/tests/selftests/expected-$$r.txt \
		$${TRS:+--trs $$TRS} tests/selftests/real-out/real-$$r.txt || rc=1; \
	done; exit $$rc

# The simulator's side: every release's dynamic build under kvmsim-run.
SELFTESTS_SIM_FLAGS =
check-selftests: selftests aarch64 vmm/kvmsim-run$(EXEEXT)
	@$(selftests_env) rc=0; $(MKDIR_P) tests/selftests/sim-out; \
	for r in $(SELFTESTS_RELEASES); do \
	  s=0; $(top_srcdir)/tests/selftests/run-sim.sh --kernel $$r \
		--build tests/selftests/build --out tests/selftests/sim-out/sim-$$r.txt \
		$(SELFTESTS_SIM_FLAGS) || s=$$?; \
	  test $$s = 77 && { echo "check-selftests: $$r: SKIP"; continue; }; \
	  test $$s = 0 || rc=1; \
	  $(top_srcdir)/tests/selftests/judge.sh --side sim \
		--expected $(top_srcdir)/tests/selftests/expected-$$r.txt \
		$${TRS:+--trs $$TRS} tests/selftests/sim-out/sim-$$r.txt || rc=1; \
	done; exit $$rc

clean-selftests:
	rm -rf tests/selftests/build tests/selftests/sim-out tests/selftests/real-out

clean-local: clean-selftests

.PHONY: selftests selftests-real check-selftests clean-selftests
