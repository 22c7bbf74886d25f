#!/bin/sh
# dev.sh - one command from a fresh Debian 12 checkout to a result.
#
#   build-aux/dev.sh run             set up, build, run the main job
#   build-aux/dev.sh check           set up, build, run the test suite
#   build-aux/dev.sh check --real    ... and compare with live real KVM
#
# "Set up" installs the Debian packages the build needs (when run as root;
# otherwise it names the missing ones and stops), generates configure when
# the checkout has none, configures into the build directory and builds.
# As root, check also sets up apt for Debian's arm64 packages and
# bookworm-backports (tests/real/apt-sources.sh), for the 6.12 headers of
# the ABI check, Debian's arm64 Unicorn of the aarch64 interposer (make
# check runs 'make aarch64', which fetches it into the cache below) and,
# with --real, the arm64 kernels real KVM runs on.
set -eu

usage() {
	cat <<USAGE
Usage: build-aux/dev.sh [OPTIONS] run|check [-- CONFIGURE-ARGS...]

  run        set up, build, then run the main job: the reference VMM runs
             the hello guest on the simulator (kvmsim info without guests)
  check      set up, build, then run 'make check' and print a summary line

Options:
  -B DIR, --build-dir DIR   build directory (default: _build in the checkout)
  --distcheck               with check: also run 'make distcheck'
  --real                    with check: also run 'make check-real', the
                            simulator against live real KVM (qemu); as
                            root, installs qemu and fetches the kernels
                            (tests/real/fetch-kernels.sh) first
  --fuzz                    with check: also run a short fuzz smoke ('make
                            fuzz' for FUZZ_TIME seconds, default 30; clang)
  --sanitize                with check: also run 'make check' in two
                            sanitizer builds beside the build directory:
                            DIR-asan (--enable-asan --enable-ubsan) and
                            DIR-tsan (--enable-tsan); configure arguments
                            after -- apply to them too
  --no-install              never call apt-get, even as root
  -h, --help                this text

Environment: JOBS (parallel make jobs, default: number of CPUs);
KVMSIM_REAL_CACHE (the kernel cache of --real and the private arm64
sysroot of 'make aarch64', default /work/real-cache);
FUZZ_TIME (seconds of --fuzz, default 30); DEV_BUDGET (seconds the whole
run may take, default 4800: a test stage still running then is stopped and
counts as failed).

Exit status: 0 everything passed (or was skipped); 1 something failed or
packages are missing; 2 usage error.
USAGE
}

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/_build
distcheck=no
real=no
fuzz=no
sanitize=no
install=yes
action=

while [ $# -gt 0 ]; do
	case $1 in
	-B|--build-dir) builddir=$2; shift 2 ;;
	--build-dir=*) builddir=${1#*=}; shift ;;
	--distcheck) distcheck=yes; shift ;;
	--real) real=yes; shift ;;
	--fuzz) fuzz=yes; shift ;;
	--sanitize) sanitize=yes; shift ;;
	--no-install) install=no; shift ;;
	-h|--help) usage; exit 0 ;;
	run|check) action=$1; shift ;;
	--) shift; break ;;
	*) echo "dev.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
[ -n "$action" ] || { usage >&2; exit 2; }
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# say TEXT: a stage begins.  Each stage's wall time is kept for the table
# printed at the end (CI shows the tail of the output).
t0=$(date +%s) stage= stage_t=$t0 times=
stage_done() {
	[ -n "$stage" ] || return 0
	now=$(date +%s)
	times="$times$(printf '%6d s  %s' $((now - stage_t)) "$stage")
"
	stage= stage_t=$now
}
# budgeted CMD...: CMD with what is left of DEV_BUDGET seconds for the whole
# run (CI stops a run at 90 minutes and shows only the end of its output):
# a stage that would overrun is stopped, counts as failed and names itself,
# and the table of stage times still comes out.
budget=${DEV_BUDGET:-4800}
budgeted() {
	left=$((t0 + budget - $(date +%s)))
	if [ "$left" -le 0 ]; then
		echo "dev.sh: out of time (DEV_BUDGET=$budget s), not run: $*" >&2
		return 1
	fi
	rc=0
	timeout -k 30 "$left" "$@" || rc=$?
	[ "$rc" != 124 ] || echo "dev.sh: stopped at DEV_BUDGET=$budget s: $*" >&2
	return "$rc"
}
say() {
	stage_done
	stage=$* stage_t=$(date +%s)
	printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"
}

# The Debian packages a build and its tests use.
packages="gcc make autoconf automake libtool pkg-config
	libcriterion-dev libunicorn-dev
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
	qemu-user xz-utils"
# check --real: qemu-system-aarch64 (its virt machine loads ipxe's
# efi-virtio.rom) and cpio for boot.sh's initrd.
[ "$real" = no ] || packages="$packages qemu-system-arm ipxe-qemu cpio"
# check --fuzz: clang with libFuzzer and the sanitizer runtimes.
[ "$fuzz" = no ] || packages="$packages clang libclang-rt-14-dev"

missing=
for p in $packages; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$install" = yes ] && [ "$(id -u)" = 0 ]; then
		say "installing Debian packages:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		# shellcheck disable=SC2086 # one word per package
		apt-get install -y -q --no-install-recommends $missing
	else
		echo "dev.sh: missing Debian packages:$missing" >&2
		echo "dev.sh: run this as root, or: sudo apt-get install$missing" >&2
		exit 1
	fi
fi

if [ ! -x "$top/configure" ]; then
	say "generating configure"
	"$top/autogen.sh"
fi

# configure_in DIR ARGS...: configure DIR (created) with ARGS when it has
# no Makefile yet or when configure arguments were given after --.
reconfigure=no
[ $# -eq 0 ] || reconfigure=yes
configure_in() {
	dir=$1
	shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$reconfigure" = yes ]; then
		say "configuring in $dir"
		(cd "$dir" && "$top/configure" "$@")
	fi
}
configure_in "$builddir" "$@"
cd "$builddir"

say "building"
make -j"$jobs"

# The real arm64 headers of the newest modelled kernel (6.12, from
# bookworm-backports) let the ABI check cover it too; without them the
# check covers 6.1's headers only and says so.
abi_sysroots() {
	"$top/tests/abi/fetch-headers.sh" "$builddir/cache/abi" 6.12 2>/dev/null || true
}

if [ "$action" = run ]; then
	./tools/kvmsim info
	if [ -r vmm/guests/hello.bin ]; then
		say "running: vmm/kvmsim-vmm --backend=sim vmm/guests/hello.bin"
		exec ./vmm/kvmsim-vmm --backend=sim vmm/guests/hello.bin
	fi
	say "no guest images (no aarch64 cross compiler): kvmsim info only"
	exit 0
fi

status=0
# apt's arm64 architecture and bookworm-backports: a step of its own, as
# both the 6.12 headers and the kernels come from there.  Needs root.
if [ "$install" = yes ] && [ "$(id -u)" = 0 ]; then
	say "setting up apt: arm64 packages and bookworm-backports"
	"$top/tests/real/apt-sources.sh" || status=1
fi

say "fetching the real 6.12 arm64 headers for the ABI check"
ABI_EXTRA_SYSROOTS=${ABI_EXTRA_SYSROOTS:-$(abi_sysroots)}
export ABI_EXTRA_SYSROOTS
echo "ABI_EXTRA_SYSROOTS=${ABI_EXTRA_SYSROOTS:-(none: 6.1 headers only)}"

# check-real's result from an earlier run must not count in this one.
rm -f tests/real/check-real.trs
real_cache=${KVMSIM_REAL_CACHE:-/work/real-cache}
# make check's 'make aarch64' keeps Debian's arm64 Unicorn there too.
KVMSIM_REAL_CACHE=$real_cache
export KVMSIM_REAL_CACHE
if [ "$real" = yes ]; then
	say "fetching Debian's arm64 kernels into $real_cache"
	# Exit 77: not root and not cached; check-real then says it skipped.
	rc=0
	"$top/tests/real/fetch-kernels.sh" "$real_cache" || rc=$?
	case $rc in 0|77) ;; *) status=1 ;; esac
fi

say "running the test suite"
budgeted make -j"$jobs" check || status=1
# The kernel's own KVM selftests on the simulator, judged against
# tests/selftests/expected-*.txt (their sources: Debian's, fetched as root).
say "make check-selftests: the kernel's KVM selftests on the simulator"
rm -f tests/selftests/check-selftests.trs
budgeted make check-selftests TRS="$PWD/tests/selftests/check-selftests.trs" || status=1
if [ "$real" = yes ]; then
	say "make check-real: the simulator against live real KVM"
	budgeted make check-real KVMSIM_REAL_CACHE="$real_cache" || status=1
fi
if [ "$fuzz" = yes ]; then
	# Inputs pick their kernel by their first byte: both profiles are fuzzed.
	say "make fuzz: a ${FUZZ_TIME:-30} s fuzz smoke (libFuzzer, ASan+UBSan)"
	budgeted make fuzz FUZZ_TIME="${FUZZ_TIME:-30}" || status=1
fi
if [ "$distcheck" = yes ]; then
	say "make distcheck"
	budgeted make -j"$jobs" distcheck KVMSIM_AARCH64=no || status=1
fi

# summary DIR LABEL: one line over every test case of DIR's suite (from the
# .trs files automake's drivers leave, one :test-result: line per case).
summary() {
	find "$1" -path "$1/kvmsim-*" -prune -o -name '*.trs' -exec cat {} + 2>/dev/null |
		awk -v label="$2" '
			/^:test-result: (PASS|XFAIL)/ { pass++ }
			/^:test-result: (FAIL|XPASS|ERROR)/ { fail++ }
			/^:test-result: SKIP/ { skip++ }
			END { printf "%s: %d passed, %d failed, %d skipped\n", label, pass, fail, skip }'
}

# The sanitizer builds: make check under ASan+UBSan, then under TSan (the
# two cannot share a build).  Their lines come before the closing one.
sanitizer_lines=
if [ "$sanitize" = yes ]; then
	for san in asan tsan; do
		case $san in
		asan) flags="--enable-asan --enable-ubsan" label="kvmsim (ASan+UBSan)" ;;
		tsan) flags="--enable-tsan" label="kvmsim (TSan)" ;;
		esac
		dir=$builddir-$san
		# shellcheck disable=SC2086 # one word per flag
		configure_in "$dir" "$@" $flags || { status=1; continue; }
		say "$label: building and running make check in $dir"
		(cd "$dir" && budgeted make -j"$jobs" && budgeted make -j"$jobs" check KVMSIM_AARCH64=no) || status=1
		sanitizer_lines="$sanitizer_lines$(summary "$dir" "$label")
"
	done
fi

stage_done
printf '\n==> wall time of each stage (%d s in all)\n%s\n' $(($(date +%s) - t0)) "$times"
printf '%s' "$sanitizer_lines"
summary . kvmsim
exit $status
