// SPDX-License-Identifier: GPL-2.0
/*
 * Peak stack use of a function, measured by painting: the span below the caller's frame
 * is filled with a pattern, the function runs, and the lowest byte it changed marks how
 * deep its frames went. Run it on a thread whose stack is at least PROBE_SPAN bytes
 * deeper than the caller's frame (every page of a thread stack is mapped).
 */
#include <stddef.h>

#define PROBE_SPAN (256 * 1024)
#define PROBE_MARGIN 512	/* left alone: the red zone and this function's own calls */
#define PROBE_PATTERN 0xa5

size_t kbridge_peak_stack(void (*work)(void));

__attribute__((noinline)) size_t kbridge_peak_stack(void (*work)(void))
{
	volatile unsigned char *top = __builtin_frame_address(0);
	volatile unsigned char *bottom = top - PROBE_SPAN;
	volatile unsigned char *p;

	for (p = bottom; p < top - PROBE_MARGIN; p++)
		*p = PROBE_PATTERN;
	work();
	for (p = bottom; p < top - PROBE_MARGIN; p++)
		if (*p != PROBE_PATTERN)
			return (size_t)(top - p);
	return 0;
}
