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
		-I$(top_srcdir)/sim/arch/arm64/kvm \
		-pthread -o $@ $(srcdir)/tests/fuzz/fuzz-ioctl.c $$srcs \
		sim/arch/arm64/kvm/host-default.c $(UNICORN_LIBS)

fuzz: tests/fuzz/fuzz-ioctl$(EXEEXT)
	@$(MKDIR_P) tests/fuzz/corpus && \
	echo "fuzz: tests/fuzz/fuzz-ioctl for $(FUZZ_TIME) s (seeds: $(srcdir)/tests/fuzz/seeds)"; \
	cd tests/fuzz && ./fuzz-ioctl$(EXEEXT) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-dict=$(abs_top_srcdir)/tests/fuzz/kvm.dict -timeout=10 -rss_limit_mb=4096 \
		corpus $(abs_top_srcdir)/tests/fuzz/seeds

# The same target for AFL++ (afl-clang-fast links its libFuzzer-style
# driver), run by afl-fuzz for FUZZ_TIME seconds from the same seeds:
#
#   make fuzz-afl [FUZZ_TIME=SECONDS]
#
# Findings stay in tests/fuzz/afl/; any crash or hang fails the target.
AFL_CC = afl-clang-fast
AFL_FUZZ = afl-fuzz
tests/fuzz/fuzz-ioctl-afl$(EXEEXT): tests/fuzz/fuzz-ioctl.c $(sim_libkvmsim_la_SOURCES) \
		sim/arch/arm64/kvm/host-default.c
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && srcs= && \
	for f in $(sim_libkvmsim_la_SOURCES); do \
	  case $$f in *.c) srcs="$$srcs $(srcdir)/$$f" ;; esac; \
	done && \
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 $(AFL_CC) -g -O1 -fsanitize=fuzzer -std=gnu11 \
		-include $(top_builddir)/config.h \
		-I$(top_srcdir)/sim/include -I$(top_srcdir)/uapi \
		-I$(top_srcdir)/sim/arch/arm64/include -I$(top_srcdir)/sim/virt/kvm \
		-I$(top_srcdir)/sim/arch/arm64/kvm \
		-pthread -o $@ $(srcdir)/tests/fuzz/fuzz-ioctl.c $$srcs \
		sim/arch/arm64/kvm/host-default.c $(UNICORN_LIBS)

fuzz-afl: tests/fuzz/fuzz-ioctl-afl$(EXEEXT)
	@echo "fuzz-afl: tests/fuzz/fuzz-ioctl-afl under $(AFL_FUZZ) for $(FUZZ_TIME) s (findings: tests/fuzz/afl/)"; \
	cd tests/fuzz && rm -rf afl && \
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	AFL_SKIP_CRASHES=1 $(AFL_FUZZ) -i $(abs_top_srcdir)/tests/fuzz/seeds -o afl \
		-x $(abs_top_srcdir)/tests/fuzz/kvm.dict -V $(FUZZ_TIME) -m none -t 10000 \
		-- ./fuzz-ioctl-afl$(EXEEXT) >afl.log 2>&1; rc=$$?; \
	tail -n 3 afl.log | sed "s/\x1b\[[0-9;]*m//g"; \
	found=$$(ls afl/default/crashes afl/default/hangs 2>/dev/null | grep -cv '^README\|^$$\|:$$'); \
	if [ $$rc -ne 0 ] || [ "$$found" -ne 0 ]; then \
	  echo "fuzz-afl: FAIL: afl-fuzz exit $$rc, $$found crashes/hangs in tests/fuzz/afl/default/"; exit 1; \
	fi; \
	grep -E '^(execs_done|execs_per_sec|corpus_count)' afl/default/fuzzer_stats | tr -s ' '

# Differential replay: every input of a corpus once on real KVM (qemu, as
# check-real boots it) and once on the simulator, call by call:
#
#   make fuzz-replay-real [FUZZ_CORPUS=DIR]
#
# (default: the seeds; check-real replays them too).  tests/fuzz/replay.c
# is the driver: built here with the simulator, and with FUZZ_REAL,
# statically for aarch64, to run on the real /dev/kvm.
noinst_PROGRAMS += tests/fuzz/fuzz-replay
tests_fuzz_fuzz_replay_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-ioctl.c \
	tests/fuzz/fuzz-ioctl.h
tests_fuzz_fuzz_replay_LDADD = sim/libkvmsim.la
REPLAY_AARCH64 = tests/fuzz/fuzz-replay-aarch64
$(REPLAY_AARCH64): tests/fuzz/replay.c tests/fuzz/fuzz-ioctl.c tests/fuzz/fuzz-ioctl.h
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	$(AARCH64_CC) -static -O1 -std=gnu11 -D_GNU_SOURCE -DFUZZ_REAL -I$(top_srcdir)/uapi \
		-o $@ $(srcdir)/tests/fuzz/replay.c $(srcdir)/tests/fuzz/fuzz-ioctl.c
FUZZ_CORPUS =
fuzz-replay-real: tests/fuzz/fuzz-replay$(EXEEXT) $(REPLAY_AARCH64)
	@corpus='$(FUZZ_CORPUS)'; \
	KVMSIM_REAL_CACHE='$(KVMSIM_REAL_CACHE)' AARCH64_CC='$(AARCH64_CC)' \
	$(top_srcdir)/tests/fuzz/replay-real.sh --sim tests/fuzz/fuzz-replay$(EXEEXT) \
		--real $(REPLAY_AARCH64) $${corpus:+--corpus "$$corpus"}

EXTRA_DIST += tests/fuzz/replay-real.sh tests/fuzz/known-differences.txt \
	tests/fuzz/differences
CLEANFILES += tests/fuzz/fuzz-ioctl$(EXEEXT) tests/fuzz/fuzz-ioctl-afl$(EXEEXT) \
	$(REPLAY_AARCH64)
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/corpus tests/fuzz/crash-* tests/fuzz/leak-* tests/fuzz/timeout-* \
		tests/fuzz/afl tests/fuzz/afl.log
.PHONY: fuzz fuzz-afl fuzz-replay-real clean-fuzz
