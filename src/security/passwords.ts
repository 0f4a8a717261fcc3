/**
 * ACL passwords: stored only as SHA-256 hex digests (redis acl.c ACLHashPassword), checked
 * in constant time. Rules '>pass' '<pass' hash a clear password, '#hash' '!hash' take a digest.
 * See https://redis.io/docs/management/security/acl/
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** SHA-256 of a latin1 (binary) password, as 64 lower-case hex characters. */
export function hashPassword(password: string): string {
  return createHash('sha256').update(password, 'latin1').digest('hex')
}

/** True when 'h' is exactly 64 lower-case hex characters (redis ACLCheckPasswordHash). */
export function isValidPasswordHash(h: string): boolean {
  if (h.length !== 64) return false
  for (let i = 0; i < 64; i++) {
    const c = h.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}

/**
 * True when 'password' hashes to one of 'hashes'. Threat: a timing side channel on the
 * comparison; every stored hash is compared with timingSafeEqual over equal-length digests,
 * and the loop does not stop early.
 */
export function passwordMatches(hashes: readonly string[], password: string): boolean {
  const given = Buffer.from(hashPassword(password), 'latin1')
  let ok = false
  for (const h of hashes) {
    if (timingSafeEqual(given, Buffer.from(h, 'latin1'))) ok = true
  }
  return ok
}

/** ACL GENPASS: 'bits' random bits (1..4096) as ceil(bits/4) hex characters. */
export function generatePassword(bits: number): string {
  const chars = Math.ceil(bits / 4)
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars)
}
