## bench/: benchmark programs.  `make bench` runs them; `make check` never
## does (timings are figures to read, not pass/fail tests).

noinst_PROGRAMS += bench/kvmsim-bench
bench_kvmsim_bench_SOURCES = bench/kvmsim-bench.c
bench_kvmsim_bench_LDADD = vmm/libkvmsim-shim.la sim/libkvmsim.la
# A real executable in the build tree (no libtool wrapper script), so that
# kvmsim-run can run it again as the interposer's child.
bench_kvmsim_bench_LDFLAGS = $(AM_LDFLAGS) -no-install

BENCH_FLAGS =
bench: bench/kvmsim-bench vmm/kvmsim-run $(pkglib_LTLIBRARIES)
	KVMSIM_RUN='$(abs_top_builddir)/vmm/kvmsim-run' bench/kvmsim-bench $(BENCH_FLAGS)
.PHONY: bench
