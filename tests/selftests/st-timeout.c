/*
 * st-timeout.c - run one command with a time limit, and say how it ended
 * and how long it took (static aarch64 helper of the real-KVM harness, for
 * tests/real/selftests-real.sh; the guest's /init has no per-command limit).
 *
 *   st-timeout SECS PROGRAM [ARGS...]
 *
 * Runs PROGRAM (looked up in $PATH) in a process group of its own.  When it
 * has not ended after SECS seconds, the whole group is killed (SIGKILL: the
 * selftests are multi-threaded and may be stuck in KVM_RUN).  Then prints
 * one line on stderr:
 *
 *   st-timeout: exit=N seconds=S.SS
 *   st-timeout: signal=SIGNAME seconds=S.SS
 *   st-timeout: timeout=SECS seconds=S.SS
 *
 * and exits with PROGRAM's status, 128 + the signal's number, or 124 on a
 * timeout (as timeout(1) does), 125 when PROGRAM could not be started.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t expired;

static void on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char *end;
	long secs;
	double start;
	int status;
	pid_t pid;

	if (argc < 3 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: st-timeout SECS PROGRAM [ARGS...]\n");
		return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 125;
	}
	secs = strtol(argv[1], &end, 10);
	if (*end || secs <= 0) {
		fprintf(stderr, "st-timeout: bad SECS '%s'\n", argv[1]);
		return 125;
	}

	start = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "st-timeout: fork: %s\n", strerror(errno));
		return 125;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "st-timeout: exec %s: %s\n", argv[2], strerror(errno));
		_exit(125);
	}
	setpgid(pid, pid);	/* also here: no race with the kill below */

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: waitpid gets EINTR */
	alarm((unsigned)secs);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "st-timeout: waitpid: %s\n", strerror(errno));
			return 125;
		}
		if (expired) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			fflush(stdout);
			fprintf(stderr, "\nst-timeout: timeout=%ld seconds=%.2f\n",
				secs, now() - start);
			return 124;
		}
	}
	alarm(0);
	/* Threads or children the test left behind must not outlive it. */
	kill(-pid, SIGKILL);

	if (WIFSIGNALED(status)) {
		const char *name = sigabbrev_np(WTERMSIG(status));

		fprintf(stderr, "\nst-timeout: signal=SIG%s seconds=%.2f\n",
			name ? name : "?", now() - start);
		return 128 + WTERMSIG(status);
	}
	fprintf(stderr, "\nst-timeout: exit=%d seconds=%.2f\n",
		WEXITSTATUS(status), now() - start);
	return WEXITSTATUS(status);
}
