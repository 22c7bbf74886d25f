#!/bin/bash
# judge.sh - the kernel's KVM selftests' results against their expectation
# file, for one kernel and one side (real KVM or the simulator).  See --help.

set -u

prog=judge.sh

usage() {
    cat <<EOF2
Usage: $prog --side real|sim --expected FILE [--trs FILE] RESULTS
       $prog --check FILE

Compares RESULTS (lines "TEST RESULT ..." as the selftest runners write
them: RESULT is PASS, SKIP, FAIL or TIMEOUT) with the column of the side
in FILE, an expectation file tests/selftests/expected-K.txt, where a
state may also be two joined by "|" (FAIL|PASS: a test whose outcome
depends on timing under TCG; either is as expected):

    # test                 real  sim   why the simulator differs
    get-reg-list           PASS  PASS
    aarch64/vgic_init      PASS  SKIP  [vgic] no in-kernel GIC

Prints one line per test that is not as expected ("CHANGED", "NEW",
"MISSING") and a closing line "selftests K SIDE: N as expected, N changed";
a test whose state changed either way (a new pass included) is a failure
until the file is updated, so that nothing drifts silently.

  --side SIDE    which column: real or sim
  --expected F   the expectation file
  --trs FILE     also write an automake :test-result: line (PASS/FAIL)
  --check FILE   only check FILE itself: every row has a test, two known
                 states, and a reason wherever real KVM passes and the
                 simulator does not

Exit status: 0 everything as expected (--check: the file is sound);
1 something changed, or the file is not sound; 2 usage error.
EOF2
}

die() { echo "$prog: $*" >&2; exit 2; }

side='' expected='' trs='' check=''
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --side|--expected|--trs|--check)
            [ $# -ge 2 ] || die "$1 needs an argument"
            case $1 in
                --side) side=$2 ;;
                --expected) expected=$2 ;;
                --trs) trs=$2 ;;
                --check) check=$2 ;;
            esac
            shift 2 ;;
        --side=*) side=${1#*=}; shift ;;
        --expected=*) expected=${1#*=}; shift ;;
        --trs=*) trs=${1#*=}; shift ;;
        --check=*) check=${1#*=}; shift ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) break ;;
    esac
done

# check_file FILE: the file's own rules; prints what is wrong.
check_file() {
    awk -v f="$1" '
        /^[ \t]*(#|$)/ { next }
        {
            n++
            if (NF < 3) { printf "%s:%d: a row needs a test and two states\n", f, NR; bad = 1; next }
            for (i = 2; i <= 3; i++)
                if ($i !~ /^((PASS|SKIP|FAIL|TIMEOUT)(\|(PASS|SKIP|FAIL|TIMEOUT))*|-)$/) {
                    printf "%s:%d: %s: unknown state %s\n", f, NR, $1, $i; bad = 1
                }
            if ($2 ~ /PASS/ && $3 != "PASS" && NF < 4) {
                printf "%s:%d: %s passes on real KVM but not on the simulator: say why\n", f, NR, $1
                bad = 1
            }
            if ($1 in seen) { printf "%s:%d: %s listed twice\n", f, NR, $1; bad = 1 }
            seen[$1] = 1
        }
        END { if (!n) { printf "%s: no tests\n", f; bad = 1 } exit bad }' "$1"
}

if [ -n "$check" ]; then
    [ -r "$check" ] || die "$check not readable"
    check_file "$check"
    exit
fi

[ $# -eq 1 ] || die "give one RESULTS file (see --help)"
case $side in real|sim) ;; *) die "--side must be real or sim" ;; esac
[ -r "$expected" ] || die "expectation file '$expected' not readable"
[ -r "$1" ] || die "results '$1' not readable"
check_file "$expected" || exit 1

kernel=$(basename "$expected" .txt)
kernel=${kernel#expected-}
col=2
[ "$side" = sim ] && col=3
out=$(awk -v col="$col" -v ef="$expected" '
    FILENAME == ef {
        if ($0 ~ /^[ \t]*(#|$)/) next
        want[$1] = $col; order[++n] = $1; next
    }
    /^[ \t]*(#|$)/ { next }
    { got[$1] = $2 }
    END {
        for (i = 1; i <= n; i++) {
            t = order[i]
            if (want[t] == "-") { if (t in got) { printf "NEW %s: %s, not expected to exist here\n", t, got[t]; c++ } else ok++; continue }
            if (!(t in got)) { printf "MISSING %s: expected %s, no result\n", t, want[t]; c++; continue }
            if (index("|" want[t] "|", "|" got[t] "|") == 0) { printf "CHANGED %s: %s, expected %s\n", t, got[t], want[t]; c++ } else ok++
            delete got[t]
        }
        for (t in got) { printf "NEW %s: %s, not in the expectation file\n", t, got[t]; c++ }
        printf "%d %d\n", ok, c
    }' "$expected" "$1")
counts=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | sed '$d'
ok=${counts% *} changed=${counts#* }
echo "selftests $kernel $side: $ok as expected, $changed changed"
if [ -n "$trs" ]; then
    r=PASS
    [ "$changed" -eq 0 ] || r=FAIL
    echo ":test-result: $r selftests $kernel $side" >> "$trs"
fi
[ "$changed" -eq 0 ]
