## tests/fuzz/: coverage-guided fuzzing of the simulator's ioctl surface
## (libFuzzer, with AddressSanitizer and UndefinedBehaviorSanitizer).
##
##   make fuzz [FUZZ_TIME=SECONDS] [FUZZ_JOBS=N]
##
## builds tests/fuzz/fuzz-ioctl with clang from the simulator's sources and
## runs it for FUZZ_TIME seconds (default 60) from the seeds in
## tests/fuzz/seeds/ with tests/fuzz/kvm.dict; the corpus it grows is kept
## in the build tree (tests/fuzz/corpus/).  Any crash, leak or sanitizer
## report fails the target and leaves the input in tests/fuzz/.

FUZZ_CC = clang
FUZZ_TIME = 60
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer

EXTRA_DIST += tests/fuzz/local.mk tests/fuzz/fuzz-ioctl.c tests/fuzz/kvm.dict \
	tests/fuzz/gen-seeds.py tests/fuzz/seeds

# The simulator's sources compiled in, instrumented like the target.
tests/fuzz/fuzz-ioctl$(EXEEXT): tests/fuzz/fuzz-ioctl.c $(sim_libkvmsim_la_SOURCES) \
		sim/arch/arm64/kvm/host-default.c
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && srcs= && \
	for f in $(sim_libkvmsim_la_SOURCES); do \
	  case $$f in *.c) srcs="$$srcs $(srcdir)/$$f" ;; esac; \
	done && \
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 -include $(top_builddir)/config.h \
		-I$(top_srcdir)/sim/include -I$(top_srcdir)/uapi \
		-I$(top_srcdir)/sim/arch/arm64/include -I$(top_srcdir)/sim/virt/kvm \
		-pthread -o $@ $(srcdir)/tests/fuzz/fuzz-ioctl.c $$srcs \
		sim/arch/arm64/kvm/host-default.c $(UNICORN_LIBS)

fuzz: tests/fuzz/fuzz-ioctl$(EXEEXT)
	@$(MKDIR_P) tests/fuzz/corpus && \
	echo "fuzz: tests/fuzz/fuzz-ioctl for $(FUZZ_TIME) s (seeds: $(srcdir)/tests/fuzz/seeds)"; \
	cd tests/fuzz && ./fuzz-ioctl$(EXEEXT) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-dict=$(abs_top_srcdir)/tests/fuzz/kvm.dict -timeout=10 -rss_limit_mb=4096 \
		corpus $(abs_top_srcdir)/tests/fuzz/seeds

CLEANFILES += tests/fuzz/fuzz-ioctl$(EXEEXT)
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/corpus tests/fuzz/crash-* tests/fuzz/leak-* tests/fuzz/timeout-*
.PHONY: fuzz clean-fuzz
