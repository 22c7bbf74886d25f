#!/bin/bash
# selftests-real.sh - the kernel's own arm64 KVM selftests on real KVM: the
# static builds of tests/selftests/build.sh run inside the qemu guest of
# the harness, each with its arguments and time limit of
# tests/selftests/tests.txt.  See --help.

set -u

prog=selftests-real
here=$(cd "$(dirname "$0")" && pwd)
st_dir=$(cd "$here/../selftests" && pwd)

usage() {
	cat <<USAGE
Usage: $prog [--kernel K]... [--host NAME] [--cache DIR] [--build DIR]
             [--tests FILE] [--memory MIB] [--timeout SECS] [--out DIR]
             [--keep DIR] [--trs FILE] [TEST...]

Boots kernel K (6.1 and 6.12 by default) in qemu (tests/real/boot.sh) with
the statically linked selftests of release K (BUILD/K/static, listed in
BUILD/K/tests.list: make selftests builds them) and runs each there as

    st-timeout TIMEOUT /bin/TEST ARGS...

with TIMEOUT and ARGS from tests/selftests/tests.txt (st-timeout.c kills
a test that runs longer).  TEST...: only these tests (names without their
directory, e.g. vgic_init); default all.  The result of each test is

    PASS     exit 0          SKIP     exit 4 (KSFT_SKIP)
    TIMEOUT  killed after TIMEOUT seconds, or running when the guest
             stopped answering (its console silent for 120 s longer than
             the longest TIMEOUT: qemu is killed and the tests after it
             run in a new boot)
    FAIL     any other exit status or a signal

printed, and written with its time as "TEST RESULT (SECONDS)", one a line,
to OUT/real-K.txt (with --out); each test's output goes to
OUT/real-K.log, in blocks headed "=== TEST ARGS".

Options:
  --kernel K       6.1 or 6.12 (repeatable; default both)
  --host NAME      the host CPU to boot on (tests/real/hosts.sh; default
                   the harness's default, qemu-max)
  --cache DIR      the kernel cache (default: \$KVMSIM_REAL_CACHE, else
                   /work/real-cache)
  --build DIR      the selftests build (default: tests/selftests/build in
                   the current directory)
  --tests FILE     arguments and time limits (default
                   tests/selftests/tests.txt)
  --memory MIB     guest memory (default: the "#@memory" line of FILE)
  --timeout SECS   limit for each boot (default: the sum of its tests'
                   limits plus 600)
  --out DIR        write real-K.txt and real-K.log to DIR
  --keep DIR       keep the work files (boot-K-B/run-N.out and
                   console.log of the B-th boot of kernel K)
  --trs FILE       append one ":test-result:" line per kernel to FILE
                   (PASS when every test ran and has a result)

Exit status: 0 every test of every kernel ran (whatever its result);
1 a boot failed or results are missing; 2 usage error; 77 qemu, the cross
compiler, the kernels or the builds missing.
USAGE
}

real_dir=$here
. "$here/lib.sh"
. "$here/hosts.sh"
host=qemu-max build=tests/selftests/build tests=$st_dir/tests.txt
memory='' out='' timeout=''
only=()
while [ $# -gt 0 ]; do
	case $1 in
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	-h|--help) usage; exit 0 ;;
	-*)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--host) host=$2 ;;
		--build) build=$2 ;;
		--tests) tests=$2 ;;
		--memory) memory=$2 ;;
		--out) out=$2 ;;
		*) real_opt "$1" "$2" || die "unknown option '$1' (see --help)" ;;
		esac
		shift 2 ;;
	*) only+=("$1"); shift ;;
	esac
done
real_host "$host" || die "--host: no host '$host' (hosts: $real_hosts)"
real_kernels
[ -r "$tests" ] || die "--tests: cannot read $tests"
[ -n "$memory" ] || memory=$(awk '$1 == "#@memory" { print $2 }' "$tests")
[ -n "$memory" ] || memory=1024
case $memory in *[!0-9]*) die "--memory must be a number of MiB" ;; esac
boot_timeout=$timeout
cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
command -v "$cc" >/dev/null 2>&1 || { say "SKIP: $cc not found"; trs_line SKIP; exit 77; }
if [ -n "$out" ]; then
	mkdir -p "$out" || die "cannot create $out"
fi

# test_line RELEASE NAME: "TIMEOUT ARGS..." of NAME from the tests file
# (a NAME@RELEASE line wins over a NAME line; default: 300, no arguments).
test_line() {
	awk -v r="$1" -v n="$2" '
		/^[ \t]*(#|$)/ { next }
		$1 == n "@" r { $1 = ""; exact = substr($0, 2) }
		$1 == n { $1 = ""; plain = substr($0, 2) }
		END {
			if (exact != "") print exact
			else if (plain != "") print plain
			else print "300"
		}' "$tests"
}

real_workdir selftests-real
helper=$work/st-timeout
"$cc" -static -O2 -Wall -o "$helper" "$st_dir/st-timeout.c" ||
	die "building st-timeout with $cc failed"
strip=${cc%gcc}strip
command -v "$strip" >/dev/null 2>&1 || strip=''

status=0 ran=0
for kernel in "${kernels[@]}"; do
	k=$kernel${host_suffix:+ on $host}
	bdir=$build/$kernel
	if [ ! -s "$bdir/tests.list" ]; then
		say "$k: SKIP: no selftests build in $bdir (make selftests)"
		trs_line SKIP
		continue
	fi
	# The tests, stripped (a smaller initrd), under their base names.
	bins=() runs=() names=() limits=() argl=() sum=0
	mkdir -p "$work/bin-$kernel" || die "cannot create $work/bin-$kernel"
	while read -r t; do
		name=${t##*/}
		if [ ${#only[@]} -gt 0 ]; then
			case " ${only[*]} " in *" $name "*) ;; *) continue ;; esac
		fi
		f=$bdir/static/$t
		[ -x "$f" ] || { say "$k: $t: not built ($f)"; status=1; continue; }
		cp "$f" "$work/bin-$kernel/$name" || die "cannot copy $f"
		[ -z "$strip" ] || "$strip" "$work/bin-$kernel/$name"
		read -r limit args <<<"$(test_line "$kernel" "$name")"
		bins+=(--bin "$work/bin-$kernel/$name")
		# By its path: a selftest loads its own ELF file (argv[0]) into the guest.
		runs+=(--run "st-timeout $limit /bin/$name${args:+ $args}")
		names+=("$name") limits+=("$limit") argl+=("$args")
		sum=$((sum + limit))
	done <"$bdir/tests.list"
	[ ${#names[@]} -gt 0 ] || { say "$k: no test to run"; status=1; continue; }
	# The console is silent while a test runs; longer than the longest
	# limit (st-timeout's kill then prints) means the guest is wedged.
	maxlimit=0
	for l in "${limits[@]}"; do [ "$l" -le "$maxlimit" ] || maxlimit=$l; done
	stall=$((maxlimit + 120))

	say "$k: real KVM: booting in qemu (${memory} MiB), running ${#names[@]} selftests (at most $((sum + 600)) s) ..."
	start=$SECONDS
	# Each test's result: its output and st-timeout's last line, in
	# $work/out-$kernel/N.out.  A wedged guest (the stall watchdog of
	# boot.sh) costs the test that was running, which counts as a TIMEOUT;
	# the tests after it run in a new boot.
	odir=$work/out-$kernel$host_suffix
	rm -rf "$odir" && mkdir -p "$odir" || die "cannot create $odir"
	pending=("${!names[@]}") boots=0
	while [ ${#pending[@]} -gt 0 ]; do
		boots=$((boots + 1))
		dir=$work/boot-$kernel$host_suffix-$boots
		bargs=() left=0
		for i in "${pending[@]}"; do
			bargs+=("${bins[$((2 * i))]}" "${bins[$((2 * i + 1))]}" \
				"${runs[$((2 * i))]}" "${runs[$((2 * i + 1))]}")
			left=$((left + limits[i]))
		done
		saved_trs=$trs trs=''
		real_boot "$kernel" "$dir" --machine "$host_machine" --cpu "$host_cpu" \
			--memory "$memory" --timeout "${boot_timeout:-$((left + 600))}" \
			--stall "$stall" --bin "$helper" "${bargs[@]}"
		rc=$? trs=$saved_trs
		[ $rc -ne 77 ] || { trs_line SKIP; continue 2; }
		next=() n=0 progress=no
		for i in "${pending[@]}"; do
			n=$((n + 1))
			if [ -f "$dir/run-$n.rc" ]; then
				cp "$dir/run-$n.out" "$odir/$i.out"
				progress=yes
			elif [ -f "$dir/run-$n.out" ] && [ $rc -ne 0 ]; then
				# Running when the guest stopped answering.
				{ cat "$dir/run-$n.out"
				  echo
				  echo "st-timeout: timeout=${limits[$i]} seconds=? (the guest died or stopped answering: see the console)"
				} >"$odir/$i.out"
				say "$k: ${names[$i]}: the guest died or stopped answering while it ran; the rest in a new boot"
				progress=yes
			else
				next+=("$i")
			fi
		done
		pending=(${next[@]+"${next[@]}"})
		# A boot that failed before any test ended is not retried.
		[ $rc -eq 0 ] || [ $progress = yes ] || break
	done

	res=$work/real-$kernel$host_suffix.txt log=$work/real-$kernel$host_suffix.log
	{
		echo "# The kernel's arm64 KVM selftests on real KVM: tests/real/selftests-real.sh"
		echo "# kernel $(cat "$cache/$kernel/package" 2>/dev/null), selftests from" \
			"$(cat "$bdir/package" 2>/dev/null || echo "release $kernel"), host $host, $memory MiB"
		echo "# TEST RESULT (SECONDS)"
	} >"$res"
	: >"$log"
	counts='' complete=yes
	for i in "${!names[@]}"; do
		name=${names[$i]}
		last=$(grep '^st-timeout: ' "$odir/$i.out" 2>/dev/null | tail -n 1)
		secs=$(sed -n 's/.* seconds=\([0-9.?]*\).*/\1/p' <<<"$last")
		case $last in
		*timeout=*) r=TIMEOUT ;;
		*exit=0\ *) r=PASS ;;
		*exit=4\ *) r=SKIP ;;
		*exit=*|*signal=*) r=FAIL ;;
		*) r=FAIL complete=no; say "$k: $name: no result from st-timeout" ;;
		esac
		printf '%s %s (%s)\n' "$name" "$r" "${secs:-?}" >>"$res"
		{
			echo "=== $name ${argl[$i]}"
			cat "$odir/$i.out" 2>/dev/null
		} >>"$log"
		counts="$counts $r"
		[ $r = PASS ] || say "$k: $name: $r ($last)"
	done
	summary=$(tr ' ' '\n' <<<"$counts" | sed '/^$/d' | sort | uniq -c |
		awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
	say "$k: ${#names[@]} selftests: $summary ($((SECONDS - start)) s)"
	if [ -n "$out" ]; then
		cp "$res" "$out/" && cp "$log" "$out/" || die "cannot write to $out"
		say "$k: results in $out/$(basename "$res")"
	fi
	ran=$((ran + 1))
	if [ $complete = yes ]; then
		trs_line PASS
	else
		trs_line FAIL
		status=1 keep=${keep:-kept}
	fi
done
if [ -z "$keep" ]; then
	rm -rf "$work"
else
	say "work files in $work"
fi
[ $status -ne 0 ] || [ $ran -gt 0 ] || exit 77
exit $status
