/**
 * Helpers shared by the generic (keyspace) command files: lookups without an access record,
 * TTL copying, C int parsing and key-spec shorthands.
 */

import { ERR_NOT_INTEGER, errIntOutOfRange } from '../protocol/reply-errors.js'
import type { Database } from '../store/database.js'
import type { Value } from '../store/value.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { KeySpec } from './spec.js'

/**
 * Value of 'key' after lazy expiry, without recording an access: Redis's
 * lookupKeyReadWithFlags(LOOKUP_NOTOUCH) as EXISTS, TYPE, TTL and OBJECT use it.
 */
export function lookupNoTouch(db: Database, key: string): Value | undefined {
  const v = db.dict.get(key)
  if (v === undefined) return undefined
  if (db.expires.size !== 0 && db.expireIfNeeded(key)) return undefined
  return v
}

/** Copies the TTL of 'srcKey' in 'src' (if any) to 'dstKey' in 'dst', exactly. */
export function copyExpire(src: Database, srcKey: string, dst: Database, dstKey: string): void {
  const when = src.getExpireExact(srcKey)
  if (when === -1) return
  if (typeof when === 'bigint') dst.setExpireExact(dstKey, when)
  else dst.setExpire(dstKey, when)
}

/**
 * A C int as getIntFromObjectOrReply parses it: null when 's' is not a 64-bit integer
 * (string2ll), 'range' when it is one outside the 32-bit range, else the value.
 */
export function parseCInt(s: string): number | null | 'range' {
  const v = parseInt64(s)
  if (v === null) return null
  return v < -2147483648n || v > 2147483647n ? 'range' : Number(v)
}

/** The reply to a parseCInt failure: 'custom' replaces both texts when given (SWAPDB). */
export function cIntError(r: null | 'range', custom?: string): string {
  if (custom !== undefined) return custom
  return r === null ? ERR_NOT_INTEGER : errIntOutOfRange(-2147483648, 2147483647)
}

/** One key at argv[index] with the given flags. */
export function oneKey(index: number, ...flags: KeySpec['flags']): KeySpec {
  return { flags, begin: { index }, find: { range: [0, 1, 0] } }
}

/**
 * A read lookup as Redis's lookupKeyReadWithFlags: lazy expiry, the keyspace hit/miss
 * counters, a 'keymiss' event on a miss (unless 'noNotify') and an access record on a hit
 * (unless 'noTouch', which EXISTS, TYPE, TTL and OBJECT use).
 */
export function lookupRead(
  c: CommandClient,
  db: Database,
  key: string,
  noTouch: boolean,
  noNotify = false,
): Value | undefined {
  const v = noTouch ? lookupNoTouch(db, key) : db.lookup(key)
  const stats = c.srv.keyspace.stats
  if (v === undefined) {
    if (!noNotify) db.notify('m', 'keymiss', key)
    stats.keyspaceMisses++
  } else {
    stats.keyspaceHits++
  }
  return v
}

/**
 * Gives 'dstKey' in 'dst' the access metadata of 'srcKey' in 'src' (RENAME, MOVE): in Redis the
 * LRU clock / LFU counter lives in the value object, which these commands move, not copy.
 * Call after setting 'dstKey' and before deleting 'srcKey'.
 */
export function carryAccessMeta(src: Database, srcKey: string, dst: Database, dstKey: string): void {
  if (!src.index.hasMeta) return
  const from = src.index.find(srcKey)
  const to = dst.index.find(dstKey)
  if (from >= 0 && to >= 0) dst.index.setMeta(to, src.index.getMeta(from))
}

/** Gives 'dstKey' the recorded string encoding of 'srcKey' (RENAME, MOVE, COPY; see Database.encodingHints). */
export function carryEncodingHint(src: Database, srcKey: string, dst: Database, dstKey: string): void {
  const hint = src.encodingHint(srcKey)
  if (hint !== undefined) dst.setEncodingHint(dstKey, hint)
}
