/**
 * Protocol limits that are not directives (redis server.h PROTO_*). The directive-backed
 * ones (proto-max-bulk-len, client-query-buffer-limit) come from the configuration.
 */

/** Longest inline command, multibulk count line or bulk length line without a newline. */
export const PROTO_INLINE_MAX_SIZE = 1024 * 64
/** Bulks at least this long are collected as chunks instead of re-concatenated per read. */
export const PROTO_MBULK_BIG_ARG = 1024 * 32
/** Largest multibulk count accepted (redis 7.0: INT_MAX). */
export const PROTO_MAX_MULTIBULK = 2147483647
/** Before authentication: at most this many arguments (redis 7.0 processMultibulkBuffer). */
export const UNAUTH_MAX_MULTIBULK = 10
/** Before authentication: no bulk longer than this. */
export const UNAUTH_MAX_BULK = 16384
/** Default proto-max-bulk-len (512 MB). */
export const DEFAULT_PROTO_MAX_BULK_LEN = 512 * 1024 * 1024
/** Default client-query-buffer-limit (1 GB). */
export const DEFAULT_CLIENT_QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024
/**
 * Estimated memory of one parsed argument beyond its bytes (string header, array slot), so
 * that a multibulk of millions of tiny arguments counts against client-query-buffer-limit.
 */
export const ARG_OVERHEAD_BYTES = 32
