## bench/: benchmark programs.  `make bench` runs them; `make check` never
## does (timings are figures to read, not pass/fail tests).

noinst_PROGRAMS += bench/kvmsim-bench
bench_kvmsim_bench_SOURCES = bench/kvmsim-bench.c
bench_kvmsim_bench_LDADD = vmm/libkvmsim-shim.la sim/libkvmsim.la
bench_kvmsim_bench_CFLAGS = $(AM_CFLAGS) -pthread
# A real executable in the build tree (no libtool wrapper script), so that
# kvmsim-run can run it again as the interposer's child.
bench_kvmsim_bench_LDFLAGS = $(AM_LDFLAGS) -no-install -pthread

# The interrupt figures run a guest built with the aarch64 cross compiler
# (the reference VMM's guest rule); without one they are left out.
EXTRA_DIST += bench/guests/irq.S
CLEANFILES += bench/guests/irq.bin
if HAVE_GUEST_CC
bench_guest = bench/guests/irq.bin
endif

BENCH_FLAGS =
bench: bench/kvmsim-bench vmm/kvmsim-run $(pkglib_LTLIBRARIES) $(bench_guest)
	KVMSIM_RUN='$(abs_top_builddir)/vmm/kvmsim-run' bench/kvmsim-bench \
		$(bench_guest:%=--irq-guest=%) $(BENCH_FLAGS)
	@$(MAKE) $(AM_MAKEFLAGS) bench-fuzz

# The fuzz target's throughput (tests/fuzz/, libFuzzer with ASan and UBSan,
# one process on one core, BENCH_FUZZ_TIME seconds from the seeds): each
# input opens /dev/kvm, creates VMs and vCPUs and calls ioctls on them.
BENCH_FUZZ_TIME = 10
bench-fuzz:
	@if ! $(FUZZ_CC) --version >/dev/null 2>&1; then \
	  echo "bench-fuzz: no $(FUZZ_CC): no fuzzing figure"; exit 0; \
	fi; \
	$(MAKE) $(AM_MAKEFLAGS) tests/fuzz/fuzz-ioctl$(EXEEXT) >/dev/null || exit 1; \
	work=$$(mktemp -d) && \
	tests/fuzz/fuzz-ioctl$(EXEEXT) -max_total_time=$(BENCH_FUZZ_TIME) -print_final_stats=1 \
		-dict=$(abs_top_srcdir)/tests/fuzz/kvm.dict -rss_limit_mb=4096 \
		$$work $(abs_top_srcdir)/tests/fuzz/seeds >$$work.log 2>&1; rc=$$?; \
	rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$work.log); \
	rm -rf $$work; \
	if [ $$rc -ne 0 ] || [ -z "$$rate" ]; then \
	  tail -n 20 $$work.log; rm -f $$work.log; echo "bench-fuzz: the fuzz run failed"; exit 1; \
	fi; rm -f $$work.log; \
	met=MISSED; [ "$$rate" -ge 20000 ] && met=met; \
	echo "fuzz target (ASan+UBSan, one core)          $$rate exec/s, target >= 20000: $$met"; \
	echo "figure fuzz.exec_per_s $$rate 1/s"
.PHONY: bench bench-fuzz
