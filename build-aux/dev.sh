#!/bin/sh
# dev.sh - one command from a fresh Debian 12 checkout to a result.
#
#   build-aux/dev.sh run      set up, build, run the main job
#   build-aux/dev.sh check    set up, build, run the test suite
#
# "Set up" installs the Debian packages the build needs (when run as root;
# otherwise it names the missing ones and stops), generates configure when
# the checkout has none, configures into the build directory and builds.
set -eu

usage() {
	cat <<USAGE
Usage: build-aux/dev.sh [OPTIONS] run|check [-- CONFIGURE-ARGS...]

  run        set up, build, then run the main job (kvmsim info)
  check      set up, build, then run 'make check' and print a summary line

Options:
  -B DIR, --build-dir DIR   build directory (default: _build in the checkout)
  --distcheck               with check: also run 'make distcheck'
  --no-install              never call apt-get, even as root
  -h, --help                this text

Environment: JOBS (parallel make jobs, default: number of CPUs).
USAGE
}

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/_build
distcheck=no
install=yes
action=

while [ $# -gt 0 ]; do
	case $1 in
	-B|--build-dir) builddir=$2; shift 2 ;;
	--build-dir=*) builddir=${1#*=}; shift ;;
	--distcheck) distcheck=yes; shift ;;
	--no-install) install=no; shift ;;
	-h|--help) usage; exit 0 ;;
	run|check) action=$1; shift ;;
	--) shift; break ;;
	*) echo "dev.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
[ -n "$action" ] || { usage >&2; exit 2; }
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { printf '\n==> %s\n' "$*"; }

# The Debian packages a build and its tests use.
packages="gcc make autoconf automake libtool pkg-config
	libcriterion-dev
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
	qemu-user"

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

mkdir -p "$builddir"
cd "$builddir"
if [ ! -f Makefile ] || [ $# -gt 0 ]; then
	say "configuring in $builddir"
	"$top/configure" "$@"
fi

say "building"
make -j"$jobs"

# The real arm64 headers of the newest modelled kernel (6.12, from
# bookworm-backports) let the ABI check cover it too.  Setting that source
# up needs root; without it the check covers 6.1's headers only and says so.
abi_sysroots() {
	cache=$builddir/cache
	if [ "$install" = yes ] && [ "$(id -u)" = 0 ]; then
		"$top/tests/real/fetch-kernels.sh" "$cache/kernels" >&2 || return 0
	fi
	"$top/tests/abi/fetch-headers.sh" "$cache/abi" 6.12 2>/dev/null || true
}

if [ "$action" = run ]; then
	say "running: kvmsim info"
	exec ./tools/kvmsim info
fi

status=0
say "fetching the real 6.12 arm64 headers for the ABI check"
ABI_EXTRA_SYSROOTS=${ABI_EXTRA_SYSROOTS:-$(abi_sysroots)}
export ABI_EXTRA_SYSROOTS
echo "ABI_EXTRA_SYSROOTS=${ABI_EXTRA_SYSROOTS:-(none: 6.1 headers only)}"

say "running the test suite"
make -j"$jobs" check || status=1
if [ "$distcheck" = yes ]; then
	say "make distcheck"
	make -j"$jobs" distcheck || status=1
fi

# One closing line over every test case of the suite (from the .trs files
# automake's drivers leave, one :test-result: line per case).
find . -path ./kvmsim-\* -prune -o -name '*.trs' -print |
	xargs cat 2>/dev/null |
	awk '
		/^:test-result: (PASS|XFAIL)/ { pass++ }
		/^:test-result: (FAIL|XPASS|ERROR)/ { fail++ }
		/^:test-result: SKIP/ { skip++ }
		END { printf "kvmsim: %d passed, %d failed, %d skipped\n", pass, fail, skip }'
exit $status
