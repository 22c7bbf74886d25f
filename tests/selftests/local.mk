## tests/selftests/: the Linux kernel's own arm64 KVM selftests
## (tools/testing/selftests/kvm), built from Debian's linux-source-6.1 and
## linux-source-6.12 packages: see tests/selftests/README.md.
##
##   make selftests      [KVMSIM_REAL_CACHE=DIR] [SELFTESTS_RELEASES='6.1 6.12']
##   make selftests-real [KVMSIM_REAL_CACHE=DIR] [SELFTESTS_REAL_FLAGS='--kernel 6.12 ...']
##
## selftests caches the sources (tests/selftests/fetch-sources.sh, root
## the first time) in $KVMSIM_REAL_CACHE/selftests and builds every release
## dynamically and statically linked into
## tests/selftests/build/RELEASE/{dynamic,static}/ of the build directory.
## selftests-real runs the static builds on real KVM in the harness's qemu
## guest (tests/real/selftests-real.sh).  A skip (exit 77: no cross
## compiler, no sources and not root) is reported but does not fail make.

EXTRA_DIST += tests/selftests/local.mk tests/selftests/README.md \
	tests/selftests/fetch-sources.sh tests/selftests/build.sh \
	tests/selftests/cc-twice.sh tests/selftests/st-timeout.c \
	tests/selftests/tests.txt tests/selftests/real-6.1.txt \
	tests/selftests/real-6.12.txt \
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

selftests-real: selftests
	@$(selftests_env) rc=0; \
	$(top_srcdir)/tests/real/selftests-real.sh --build tests/selftests/build \
		$(SELFTESTS_REAL_FLAGS) || rc=$$?; \
	test $$rc = 77 || exit $$rc

clean-selftests:
	rm -rf tests/selftests/build

clean-local: clean-selftests

.PHONY: selftests selftests-real clean-selftests
