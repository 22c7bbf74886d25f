#!/bin/bash
# run-sim.sh - run the kernel's KVM selftests (make selftests' dynamic
# aarch64 builds) on the simulator, under kvmsim-run and qemu-aarch64.
# See --help.

set -u

prog=run-sim.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    cat <<EOF2
Usage: $prog --kernel 6.1|6.12 [--build DIR] [--run FILE] [--tests FILE]
             [--max-timeout SECS] [--jobs N] [--out FILE] [TEST...]

Runs each selftest of DIR/KERNEL/tests.list (DIR: make selftests' output,
default tests/selftests/build) from DIR/KERNEL/dynamic/ as

    kvmsim-run --kernel=KERNEL TEST ARGS

with the arguments and time limit that tests/selftests/tests.txt gives it
(the same arguments as on real KVM; the limit capped at --max-timeout),
and writes one line per test, "NAME RESULT (SECONDS)", in tests.list's
order: PASS (exit 0), SKIP (exit 4, KSFT_SKIP), FAIL, or TIMEOUT.  Each
test's output goes to FILE.log beside --out.  TEST... runs only those.

  --kernel K         the release to model and whose build to run
  --build DIR        make selftests' output directory
  --run FILE         kvmsim-run (default: vmm/kvmsim-run of the current
                     directory, a build directory)
  --tests FILE       arguments and limits (default: tests.txt beside this)
  --max-timeout S    the longest a test may run here (default 30)
  --jobs N           tests run at once (default: number of CPUs)
  --out FILE         where the results go (default: stdout)

Exit status: 0 every test ran (whatever its result); 1 a test could not be
started; 2 usage error; 77 no build for KERNEL (make selftests) or no
aarch64 interposer (make aarch64).
EOF2
}

die() { echo "$prog: $*" >&2; exit 2; }

kernel='' build=tests/selftests/build run=vmm/kvmsim-run tests=$here/tests.txt
maxt=30 jobs=$(nproc 2>/dev/null || echo 2) out='' only=()
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --kernel|--build|--run|--tests|--max-timeout|--jobs|--out)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --kernel) kernel=$2 ;;
                --build) build=$2 ;;
                --run) run=$2 ;;
                --tests) tests=$2 ;;
                --max-timeout) maxt=$2 ;;
                --jobs) jobs=$2 ;;
                --out) out=$2 ;;
            esac
            shift 2 ;;
        --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) only+=("$1"); shift ;;
    esac
done
case $kernel in 6.1|6.12) ;; *) die "--kernel must be 6.1 or 6.12" ;; esac
case $maxt$jobs in *[!0-9]*) die "--max-timeout and --jobs take numbers" ;; esac
[ -r "$tests" ] || die "$tests not readable"
bdir=$build/$kernel
if [ ! -s "$bdir/tests.list" ]; then
    echo "$prog: $kernel: no selftests build in $bdir (make selftests)" >&2
    exit 77
fi
[ -x "$run" ] || die "$run is not kvmsim-run (give --run)"
run=$(cd "$(dirname "$run")" && pwd)/$(basename "$run")

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# The limit and arguments of NAME for this release (tests.txt's rules).
test_line() {
    awk -v r="$kernel" -v n="$1" '
        /^[ \t]*(#|$)/ { next }
        $1 == n "@" r { $1 = ""; exact = substr($0, 2) }
        $1 == n { $1 = ""; plain = substr($0, 2) }
        END { print exact != "" ? exact : plain != "" ? plain : "300" }' "$tests"
}

# The one test the first argument names (index, path): its result file.
one() {
    local i=$1 t=$2 name=${2##*/} limit args rc start r
    read -r limit args <<<"$(test_line "$name")"
    [ "$limit" -le "$maxt" ] || limit=$maxt
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # the arguments are words of tests.txt
    timeout -k 5 "$limit" "$run" --kernel="$kernel" "$bdir/dynamic/$t" $args \
        >"$work/$i.out" 2>&1 </dev/null
    rc=$?
    case $rc in
    0) r=PASS ;;
    4) r=SKIP ;;
    124|137) r=TIMEOUT ;;
    125|126|127) r=FAIL; echo "$prog: $name: kvmsim-run could not run it (exit $rc)" >&2
        echo start >"$work/$i.bad" ;;
    *) r=FAIL ;;
    esac
    awk -v n="$name" -v r="$r" -v s="$start" -v e="$(date +%s.%N)" \
        'BEGIN { printf "%s %s (%.2f)\n", n, r, e - s }' >"$work/$i.res"
}
export -f one test_line
export work run kernel bdir tests maxt prog

i=0
while read -r t; do
    name=${t##*/}
    if [ ${#only[@]} -gt 0 ]; then
        case " ${only[*]} " in *" $name "*) ;; *) continue ;; esac
    fi
    i=$((i + 1))
    printf '%s %s\n' "$i" "$t"
done <"$bdir/tests.list" >"$work/list"
xargs -P "$jobs" -L 1 bash -c 'one "$0" "$1"' <"$work/list"

{
    echo "# The kernel's arm64 KVM selftests on the simulator: tests/selftests/run-sim.sh"
    echo "# selftests from $(cat "$bdir/package" 2>/dev/null || echo "release $kernel"), kvmsim-run --kernel=$kernel"
    echo "# TEST RESULT (SECONDS)"
    n=$(wc -l <"$work/list")
    for j in $(seq 1 "$n"); do cat "$work/$j.res"; done
} >"$work/results"
if [ -n "$out" ]; then
    cp "$work/results" "$out" || die "cannot write $out"
    while read -r j t; do
        echo "=== ${t##*/}"
        cat "$work/$j.out"
    done <"$work/list" >"$out.log"
else
    cat "$work/results"
fi
! ls "$work"/*.bad >/dev/null 2>&1
