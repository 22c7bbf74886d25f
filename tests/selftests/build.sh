#!/bin/bash
# build.sh - cross-build the kernel's arm64 KVM selftests of one release
# from the sources fetch-sources.sh cached, statically and dynamically
# linked.  See --help.

set -u

prog=build.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<USAGE
Usage: $prog [--cache DIR | --src DIR] [--jobs N] [--cc CC] --out DIR RELEASE

Builds the arm64 KVM selftests of RELEASE (6.1 or 6.12) with the kernel's
own Makefile (tools/testing/selftests/kvm, ARCH=arm64), for aarch64 with
Debian's cross compiler, into

  DIR/dynamic/TEST   dynamically linked (the simulator runs them under
                     qemu-aarch64 with QEMU_LD_PREFIX=/usr/aarch64-linux-gnu)
  DIR/static/TEST    statically linked (for the real-KVM harness guest)
  DIR/tests.list     the tests, one a line, as the Makefile names them
                     (e.g. aarch64/vgic_init, dirty_log_test)
  DIR/package        the source package ("NAME VERSION"), when cached
  DIR/build.log      make's output

Each source is compiled once; every test is linked twice (cc-twice.sh).
The library objects and the 6.12 build's generated headers stay under DIR
too: the source tree is only read.  Compatibility shims of
tests/selftests/compat/ are added when the tree needs them (6.1:
<linux/bitfield.h>, TEST_ASSERT_EQ).

Options:
  --cache DIR   the selftests cache of fetch-sources.sh (default
                \$KVMSIM_REAL_CACHE/selftests, \$KVMSIM_REAL_CACHE defaulting
                to /work/real-cache); the tree is DIR/RELEASE/src
  --src DIR     a kernel tree instead (headers already in DIR/usr/include)
  --out DIR     the output directory (required)
  --jobs N      make -j N (default 2)
  --cc CC       the aarch64 C compiler (default aarch64-linux-gnu-gcc)

Exit status: 0 built; 1 the build failed; 2 usage error; 77 sources not
cached or the cross compiler missing (skip).
USAGE
}

die() { echo "$prog: $*" >&2; exit 2; }

cache=${KVMSIM_REAL_CACHE:-/work/real-cache}/selftests
src='' out='' jobs=2 cc=aarch64-linux-gnu-gcc release=''
while [ $# -gt 0 ]; do
	case $1 in
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	-h|--help) usage; exit 0 ;;
	--cache|--src|--out|--jobs|--cc)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--cache) cache=$2 ;; --src) src=$2 ;; --out) out=$2 ;;
		--jobs) jobs=$2 ;; --cc) cc=$2 ;;
		esac
		shift 2 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) [ -z "$release" ] || die "one RELEASE only (see --help)"; release=$1; shift ;;
	esac
done
[ -n "$release" ] || die "no RELEASE given (see --help)"
case $release in 6.1|6.12) ;; *) die "RELEASE must be 6.1 or 6.12, not '$release'" ;; esac
[ -n "$out" ] || die "--out DIR is required"
case $jobs in ''|*[!0-9]*) die "--jobs needs a number" ;; esac

[ -n "$src" ] || src=$cache/$release/src
kvm=$src/tools/testing/selftests/kvm
if [ ! -f "$kvm/Makefile" ] || [ ! -f "$src/usr/include/linux/kvm.h" ]; then
	echo "$prog: no $release selftests sources with headers in $src" \
		"(tests/selftests/fetch-sources.sh); skipping" >&2
	exit 77
fi
command -v "$cc" >/dev/null 2>&1 ||
	{ echo "$prog: $cc not found (package gcc-aarch64-linux-gnu); skipping" >&2; exit 77; }

mkdir -p "$out/dynamic" "$out/static" "$out/gen/tools" || die "cannot create $out"
out=$(cd "$out" && pwd)
src=$(cd "$src" && pwd)
kvm=$src/tools/testing/selftests/kvm

# The shims a tree needs, by what it lacks (see each file's comment).
extra=()
[ -f "$src/tools/include/linux/bitfield.h" ] ||
	extra+=("-I$here/compat/include")
grep -q 'define TEST_ASSERT_EQ' "$kvm/include/test_util.h" ||
	extra+=(-include "$here/compat/test-assert-eq.h")

# abs_objdir: 6.12 generates arm64's sysreg-defs.h there, not in the tree.
margs=(ARCH=arm64 CROSS_COMPILE="${cc%gcc}" CC="$here/cc-twice.sh"
	OUTPUT="$out/dynamic" abs_objdir="$out/gen" "EXTRA_CFLAGS=${extra[*]}")

# The tests the Makefile builds for arm64, from the Makefile itself.
list=$(make -s --no-print-directory -C "$kvm" "${margs[@]}" -f Makefile \
	-f <(printf 'kvmsim-print-tests:\n\t@echo $(TEST_GEN_PROGS)\n') \
	kvmsim-print-tests) || { echo "$prog: cannot list the tests of $kvm" >&2; exit 1; }
: >"$out/tests.list.new"
for t in $list; do
	t=${t#"$out/dynamic/"}
	echo "$t" >>"$out/tests.list.new"
	# A dynamic build without its static twin (an interrupted build):
	# link both again.
	[ -e "$out/static/$t" ] || rm -f "$out/dynamic/$t"
done
mv "$out/tests.list.new" "$out/tests.list"
# Which package the tests come from, for the records of real KVM's results.
if [ -s "$src/../package" ]; then cp "$src/../package" "$out/package"; else rm -f "$out/package"; fi

echo "$prog: $release: building $(wc -l <"$out/tests.list") tests into $out" >&2
start=$SECONDS
ST_CC=$cc ST_DYN_DIR=$out/dynamic ST_STATIC_DIR=$out/static \
	make -C "$kvm" -j"$jobs" "${margs[@]}" >"$out/build.log" 2>&1
rc=$?
missing=0
while read -r t; do
	for f in dynamic static; do
		[ -x "$out/$f/$t" ] || { echo "$prog: $release: not built: $f/$t" >&2; missing=1; }
	done
done <"$out/tests.list"
if [ $rc -ne 0 ] || [ $missing -ne 0 ]; then
	echo "$prog: $release: the build failed (make exit $rc); last lines of $out/build.log:" >&2
	grep -E 'error|Error' "$out/build.log" | tail -20 >&2
	exit 1
fi
echo "$prog: $release: built in $((SECONDS - start)) s" >&2
exit 0
