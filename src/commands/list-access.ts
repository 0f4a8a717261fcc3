/**
 * Plumbing shared by the list command files (list.ts, list-range.ts, list-move.ts,
 * list-blocking.ts): typed lookups, LEFT/RIGHT parsing, the pop and move steps with Redis's
 * keyspace events, WATCH signals and dirty counts, and the key-spec shapes.
 * See https://redis.io/commands/?group=list
 */

import { ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import { ListValue } from '../store/types/list.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead } from './generic-helpers.js'
import type { KeySpec } from './spec.js'
import { addKey } from './string-access.js'

const LONG_MIN = -(2n ** 63n)
const LONG_MAX = 2n ** 63n - 1n

/** lookupKeyRead + checkType: the list, undefined when missing, null after a WRONGTYPE reply. */
export function readList(c: CommandClient, key: string): ListValue | undefined | null {
  const v = lookupRead(c, c.db, key, false)
  if (v === undefined || v instanceof ListValue) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/** lookupKeyWrite + checkType (no hit/miss counters). */
export function writeList(c: CommandClient, key: string): ListValue | undefined | null {
  const v = c.db.lookup(key)
  if (v === undefined || v instanceof ListValue) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/** LEFT (true) / RIGHT (false) as getListPositionFromObjectOrReply; null when neither. */
export function parseWhere(s: string): boolean | null {
  if (keywordIs(s, 'left')) return true
  if (keywordIs(s, 'right')) return false
  return null
}

/**
 * A C long (getLongFromObject): a number clamped to the safe range (list indexes beyond it
 * behave as infinitely far), or null when 's' is not a 64-bit integer.
 */
export function parseLong(s: string): number | null {
  const v = parseInt64(s)
  if (v === null) return null
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER
  if (v < BigInt(Number.MIN_SAFE_INTEGER)) return Number.MIN_SAFE_INTEGER
  return Number(v)
}

/** A C long within [min, max] (getRangeLongFromObject), as a bigint; null when not an integer. */
export function parseLongIn(s: string, min: bigint, max: bigint): bigint | 'range' | null {
  const v = parseInt64(s)
  if (v === null) return null
  return v < min || v > max ? 'range' : v
}

export { LONG_MAX, LONG_MIN }

/** Clamps a bigint count to a JS number (anything past 2^53 is "all of it"). */
export function countOf(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
}

/**
 * After elements were popped from 'key' ('left' end): the lpop/rpop event, the key deleted
 * with a 'del' event when emptied, the WATCH signal and 'n' dirty writes (Redis's order).
 */
export function afterPop(c: CommandClient, key: string, list: ListValue, left: boolean, n: number): void {
  c.db.notify('l', left ? 'lpop' : 'rpop', key)
  if (list.size === 0) {
    c.db.delete(key)
    c.db.notify('g', 'del', key)
  }
  c.db.modified(key)
  c.srv.keyspace.dirty += n
}

/**
 * Pops up to 'count' elements from 'list' at 'key' and replies them as an array (prefixed by
 * the key name when 'withKey', as LMPOP/BLMPOP do), with the pop's side effects.
 */
export function popRangeReply(
  c: CommandClient,
  key: string,
  list: ListValue,
  left: boolean,
  count: number,
  withKey: boolean,
): void {
  const n = Math.min(count, list.size)
  const w = c.w
  if (withKey) {
    w.arrayHeader(2)
    w.bulk(key)
  }
  w.arrayHeader(n)
  for (let i = 0; i < n; i++) w.bulk((left ? list.popHead() : list.popTail()) as string)
  afterPop(c, key, list, left, n)
}

/**
 * The LMOVE step (lmoveHandlePush plus the source side): 'src' is a non-empty list at
 * 'srcKey' and 'dst' the checked destination (undefined when missing). Pops first, so a
 * rotation of a one-element list keeps its key; replies the moved element.
 */
export function moveElement(
  c: CommandClient,
  srcKey: string,
  src: ListValue,
  dstKey: string,
  dst: ListValue | undefined,
  fromLeft: boolean,
  toLeft: boolean,
): void {
  const value = (fromLeft ? src.popHead() : src.popTail()) as string
  let target = dst
  if (target === undefined) {
    target = new ListValue()
    addKey(c, dstKey, target)
  }
  if (toLeft) target.pushHead(value)
  else target.pushTail(value)
  c.db.modified(dstKey)
  c.db.notify('l', toLeft ? 'lpush' : 'rpush', dstKey)
  c.w.bulk(value)
  c.db.notify('l', fromLeft ? 'lpop' : 'rpop', srcKey)
  if (src.size === 0) {
    c.db.delete(srcKey)
    c.db.notify('g', 'del', srcKey)
  }
  c.db.modified(srcKey)
  c.srv.keyspace.dirty++
}

/** Key spec of the key at argv['index']. */
export function listKey(index: number, ...flags: KeySpec['flags']): KeySpec {
  return { flags, begin: { index }, find: { range: [0, 1, 0] } }
}
