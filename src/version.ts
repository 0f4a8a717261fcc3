/**
 * Versions: redoubt's own, and the Redis version it is compatible with (reported where
 * clients read a Redis version: HELLO, INFO redis_version), as DESIGN.md section 1a.
 */

/** redoubt's release. */
export const REDOUBT_VERSION = '0.1.0'
/** The Redis release whose replies redoubt matches. */
export const REDIS_COMPAT_VERSION = '7.0.15'
