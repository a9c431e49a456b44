/* SPDX-License-Identifier: GPL-2.0-only */
/* kbridge model of <linux/leds.h>: the brightness scale LED callbacks receive. */
#ifndef __LINUX_LEDS_H_INCLUDED
#define __LINUX_LEDS_H_INCLUDED

/**
 * enum led_brightness - LED brightness, 0 (off) to 255 (full)
 * @LED_OFF: dark
 * @LED_ON: lit, for LEDs with no brightness control
 * @LED_HALF: half brightness
 * @LED_FULL: full brightness
 */
enum led_brightness {
	LED_OFF		= 0,
	LED_ON		= 1,
	LED_HALF	= 127,
	LED_FULL	= 255,
};

#endif /* __LINUX_LEDS_H_INCLUDED */
