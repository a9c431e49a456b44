/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbridge model of <linux/err.h>: errors encoded in pointers.
 *
 * The top MAX_ERRNO addresses are never valid kernel pointers, so a function returning a
 * pointer can return -errno in it instead.
 */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <linux/errno.h>

#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/**
 * ERR_PTR - encode an error number as a pointer
 * @error: a negative errno, -MAX_ERRNO..-1
 *
 * Return: a pointer that IS_ERR() recognises and PTR_ERR() decodes.
 */
static inline void * __must_check ERR_PTR(long error)
{
	return (void *) error;
}

/**
 * PTR_ERR - decode the error number held by an error pointer
 * @ptr: a pointer for which IS_ERR() is true
 *
 * Return: the negative errno.
 */
static inline long __must_check PTR_ERR(const void *ptr)
{
	return (long) ptr;
}

/**
 * IS_ERR - tell whether a pointer holds an error number
 * @ptr: the pointer to test
 *
 * Return: true when @ptr lies in the error range.
 */
static inline bool __must_check IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * IS_ERR_OR_NULL - tell whether a pointer is NULL or holds an error number
 * @ptr: the pointer to test
 *
 * Return: true when @ptr is NULL or lies in the error range.
 */
static inline bool __must_check IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * ERR_CAST - pass an error pointer on as another pointer type
 * @ptr: the error pointer
 *
 * Return: @ptr, without its const qualifier.
 */
static inline void * __must_check ERR_CAST(const void *ptr)
{
	return (void *) ptr;
}

/**
 * PTR_ERR_OR_ZERO - the error held by a pointer, or zero
 * @ptr: the pointer to test
 *
 * Return: the negative errno if @ptr is an error pointer, 0 otherwise.
 */
static inline int __must_check PTR_ERR_OR_ZERO(const void *ptr)
{
	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	return 0;
}

#endif /* _LINUX_ERR_H */
