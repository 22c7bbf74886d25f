#!/bin/bash
# selftest.sh - prove the real-KVM boot harness (boot.sh + init.c) against
# the cached Debian kernels.  See --help.
#
# The harness is the project's oracle, so it is tested on its failure paths
# too: a harness that reported success on a timeout or a crash would silently
# validate anything.

set -u

prog=selftest.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    cat <<EOF
Usage: $prog [--help] [--cache DIR] [--workdir DIR] [--kernel VER]...

Fetch (fetch-kernels.sh) and boot the arm64 kernels with boot.sh and check:
  - probe.c runs on real KVM (API version 12, reg-list counts printed)
  - exit statuses, signals and byte-exact output capture
  - --timeout kills qemu and gives 124; a hung command gives 124
  - a guest kernel crash and a missing end marker give 125

  --cache DIR    kernel cache for fetch-kernels.sh
                 (default \$KVMSIM_REAL_CACHE, else \${XDG_CACHE_HOME:-\$HOME/.cache}/kvmsim-kernels)
  --workdir DIR  where binaries and boot results go (default: a temp dir,
                 removed afterwards)
  --kernel VER   only this kernel (6.1 or 6.12; repeatable; default both)

\$AARCH64_CC (default aarch64-linux-gnu-gcc) builds the guest programs.
Ends with "N passed, N failed".  Exit status 0 all passed, 1 some failed,
77 skipped (no kernels and cannot fetch them, or no qemu/cross compiler).
EOF
}

cache=${KVMSIM_REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvmsim-kernels}
workdir='' kernels=()
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --cache|--workdir|--kernel)
            [ $# -ge 2 ] || { echo "$prog: $1 needs an argument" >&2; exit 2; }
            case $1 in
                --cache) cache=$2 ;;
                --workdir) workdir=$2 ;;
                --kernel) kernels+=("$2") ;;
            esac
            shift 2 ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)

cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
for tool in "$cc" qemu-system-aarch64; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$prog: $tool not found; skipping" >&2; exit 77; }
done

"$here/fetch-kernels.sh" "$cache"
rc=$?
[ $rc -eq 0 ] || exit $rc     # 77 (skip) passes through

if [ -z "$workdir" ]; then
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/kvmsim-selftest.XXXXXX") || exit 1
    trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir/bin" || exit 1
for p in probe exitwith; do
    "$cc" -static -O2 -Wall -o "$workdir/bin/$p" "$here/$p.c" \
        || { echo "$prog: building $p failed" >&2; exit 1; }
done

passed=0 failed=0
check() {   # check DESCRIPTION COMMAND...: count a pass/fail
    local what=$1; shift
    if "$@"; then
        echo "ok - $what"; passed=$((passed + 1))
    else
        echo "FAIL - $what"; failed=$((failed + 1))
    fi
}
is() { [ "$1" = "$2" ] || { echo "  expected [$2], got [$1]" >&2; return 1; }; }

# boot VER NAME ARGS...: run boot.sh into $workdir/VER/NAME, set $brc.
boot() {
    local ver=$1 name=$2; shift 2
    out=$workdir/$ver/$name
    "$here/boot.sh" --kernel "$cache/$ver/vmlinuz" --outdir "$out" \
        --bin "$workdir/bin/probe" --bin "$workdir/bin/exitwith" "$@" 2> "$out.stderr"
    brc=$?
}
mkdir_all() { for v in "${kernels[@]}"; do mkdir -p "$workdir/$v" || exit 1; done; }
mkdir_all

for v in "${kernels[@]}"; do
    echo "# kernel $v: $(cat "$cache/$v/package")"

    boot "$v" probe --run probe
    check "$v: probe boots and exits 0" is "$brc" 0
    echo "# $v: boot $(tr '\n' ' ' < "$out/timing")"
    sed 's/^/# '"$v"': /' "$out/run-1.out" 2>/dev/null
    check "$v: probe reports API version 12" grep -qx 'api_version 12' "$out/run-1.out"
    check "$v: probe reports three reg-list counts" \
        is "$(grep -cE '^(base|pmu|sve) reg_list [0-9]+$' "$out/run-1.out")" 3

    boot "$v" status --run "exitwith 3" --run "exitwith signal 11" --run "exitwith 0" \
        --run "/bin/missing" --run "KVMSIM_X=a=b exitwith env KVMSIM_X" --run "exitwith env KVMSIM_X"
    check "$v: a failing command makes boot.sh exit 1" is "$brc" 1
    check "$v: exit status 3 recorded" is "$(cat "$out/run-1.rc")" 3
    check "$v: output captured byte-exactly" \
        is "$(od -An -c "$out/run-1.out")" "$(printf 'to stdout\nto stderr, no newline' | od -An -c)"
    check "$v: death by signal recorded" is "$(cat "$out/run-2.rc")" "signal SIGSEGV"
    check "$v: later commands still run" is "$(cat "$out/run-3.rc")" 0
    check "$v: missing program gives 127" is "$(cat "$out/run-4.rc")" 127
    check "$v: NAME=VALUE words set the environment" is "$(cat "$out/run-5.out")" "KVMSIM_X=a=b"
    check "$v: for their command only" is "$(cat "$out/run-6.out")" "KVMSIM_X=(unset)"

    boot "$v" timeout --timeout 1 --run "exitwith 0"
    check "$v: --timeout 1 gives 124" is "$brc" 124
    check "$v: timeout reason printed" grep -q TIMEOUT "$out.stderr"

    boot "$v" hang --timeout 10 --run "exitwith sleep 1000"
    check "$v: hung command gives 124" is "$brc" 124

    boot "$v" crash --run "exitwith 0" --run "exitwith crash"
    check "$v: guest panic gives 125" is "$brc" 125
    check "$v: crash reason printed" grep -q CRASH "$out.stderr"

    boot "$v" poweroff --run "exitwith poweroff" --run "exitwith 0"
    check "$v: missing end marker gives 125" is "$brc" 125
    check "$v: incomplete reason printed" grep -q INCOMPLETE "$out.stderr"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
