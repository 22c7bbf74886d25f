# tap.sh - sourced by the script tests (tests/*.sh) for their TAP lines.
#
#   check DESCRIPTION COMMAND [ARG...]   "ok N - DESCRIPTION" when COMMAND
#                                        succeeds, else "not ok N - ..."
#   tap_exit                             exit 1 when any check failed
n=0 failed=0

check() {
	desc=$1; shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
	fi
}

tap_exit() {
	exit $((failed != 0))
}
