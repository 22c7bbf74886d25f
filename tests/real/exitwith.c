/*
 * exitwith.c - tiny static aarch64 helper for testing the boot harness.
 *
 *   exitwith STATUS        print a line without trailing newline, exit STATUS
 *   exitwith signal NUM    kill itself with signal NUM
 *   exitwith sleep SECS    sleep (to provoke the harness timeout)
 *   exitwith crash         crash the guest kernel via /proc/sysrq-trigger
 *   exitwith poweroff      power the guest off behind init's back, so the
 *                          run's end marker is never written
 *
 * The output deliberately lacks a final newline and mixes stdout and stderr,
 * so the harness's byte-exact capture is exercised as well.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "signal") == 0) {
		int sig = atoi(argv[2]);

		signal(sig, SIG_DFL);
		raise(sig);
		return 99;	/* signal was not fatal */
	}
	if (argc == 3 && strcmp(argv[1], "sleep") == 0) {
		sleep((unsigned)atoi(argv[2]));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "crash") == 0) {
		FILE *f = fopen("/proc/sysrq-trigger", "w");

		if (!f) {
			perror("/proc/sysrq-trigger");
			return 2;
		}
		fputs("c", f);	/* sysrq 'c': deliberate kernel crash */
		fclose(f);
		return 98;	/* not reached if the crash happened */
	}
	if (argc == 3 && strcmp(argv[1], "env") == 0) {
		const char *v = getenv(argv[2]);

		printf("%s=%s\n", argv[2], v ? v : "(unset)");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "poweroff") == 0) {
		reboot(RB_POWER_OFF);
		perror("reboot");
		return 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: exitwith STATUS | signal NUM | sleep SECS | env NAME | crash | poweroff\n");
		return 2;
	}
	fputs("to stdout\n", stdout);
	fflush(stdout);
	fputs("to stderr, no newline", stderr);
	return atoi(argv[1]);
}
