/**
 * Plumbing shared by the sorted-set command files: score and lex range parsing with Redis
 * 7.0's rules (zslParseRange, zslParseLexRange), C long arguments, encoding thresholds, typed
 * lookups, the (member, score) reply shape of each protocol, and metadata shorthands.
 * See https://redis.io/commands/zrange/ (range syntax).
 */

import { ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import type { ReplyWriter } from '../protocol/reply-writer.js'
import type { LexBound } from '../store/types/lex-bound.js'
import {
  DEFAULT_ZSET_LIMITS,
  type LexRange,
  type ScoreRange,
  SortedSetValue,
  type ZsetLimits,
} from '../store/types/sorted-set.js'
import { cString } from '../util/c-string.js'
import { parseDouble } from '../util/parse-double.js'
import { parseInt64, parseSafeInt } from '../util/strict-int.js'
import { configLimit, writeTyped } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { lookupRead } from './generic-helpers.js'
import type { ArgSpec, KeySpec } from './spec.js'

// --- Numbers ---

/** C's isspace() in the "C" locale. */
function isCSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13)
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP][+-]?\d+)?$/

/**
 * A score bound as zslParseRange reads it: plain strtod() up to the first NUL byte, so unlike
 * ZADD's scores it allows leading whitespace, overflow to ±inf, underflow to 0, and the empty
 * string (0). Null for "ERR min or max is not a float" (junk after the number, or NaN).
 */
export function parseRangeScore(s: string): number | null {
  const t = cString(s)
  let i = 0
  while (i < t.length && isCSpace(t.charCodeAt(i))) i++
  // strtod converts nothing: fine only when nothing is left to read ("" reads as 0).
  if (i === t.length) return t.length === 0 ? 0 : null
  const body = i === 0 ? t : t.slice(i)
  const v = parseDouble(body)
  if (v !== null) return v
  // What parseDouble refuses but strtod takes: out-of-range values (ERANGE is not checked).
  if (DECIMAL.test(body)) return Number(body)
  const hex = HEX.exec(body)
  if (hex !== null && (hex[2] ?? '') + (hex[3] ?? '') !== '') {
    const negative = hex[1] === '-'
    const whole = (hex[2] ?? '').replace(/^0+/, '')
    const frac = hex[3] ?? ''
    const pMatch = /[pP]([+-]?\d+)$/.exec(body)
    const p = pMatch === null ? 0 : Number(pMatch[1])
    // Rough binary exponent: parseDouble only refuses values beyond 2^1024 or below 2^-1074.
    const e2 =
      whole.length > 0 ? 4 * whole.length + p : p - 4 * (frac.length - frac.replace(/^0+/, '').length)
    const mag = e2 > 0 ? Number.POSITIVE_INFINITY : 0
    return negative ? -mag : mag
  }
  return null
}

/** zslParseRange: "(" makes a bound exclusive. Null when either bound is invalid. */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange | null {
  const minex = minArg.charCodeAt(0) === 40
  const maxex = maxArg.charCodeAt(0) === 40
  const min = parseRangeScore(minex ? minArg.slice(1) : minArg)
  const max = parseRangeScore(maxex ? maxArg.slice(1) : maxArg)
  if (min === null || max === null || Number.isNaN(min) || Number.isNaN(max)) return null
  return { min, max, minex, maxex }
}

const LEX_MIN: LexBound = { value: '', inf: -1 }
const LEX_MAX: LexBound = { value: '', inf: 1 }

/** zslParseLexRangeItem: "[x" inclusive, "(x" exclusive, "-" and "+" (exclusive infinities). */
function parseLexItem(s: string): { bound: LexBound; ex: boolean } | null {
  const c0 = s.charCodeAt(0)
  // "+" and "-" must stand alone, as C sees them (a NUL byte ends the argument).
  const alone = s.length === 1 || s.charCodeAt(1) === 0
  if (c0 === 43) return alone ? { bound: LEX_MAX, ex: true } : null
  if (c0 === 45) return alone ? { bound: LEX_MIN, ex: true } : null
  if (c0 === 40) return { bound: { value: s.slice(1), inf: 0 }, ex: true }
  if (c0 === 91) return { bound: { value: s.slice(1), inf: 0 }, ex: false }
  return null
}

/** zslParseLexRange; null for "ERR min or max not valid string range item". */
export function parseLexRange(minArg: string, maxArg: string): LexRange | null {
  const min = parseLexItem(minArg)
  const max = parseLexItem(maxArg)
  if (min === null || max === null) return null
  return { min: min.bound, max: max.bound, minex: min.ex, maxex: max.ex }
}

const SAFE = Number.MAX_SAFE_INTEGER

/**
 * A C long argument (getLongFromObjectOrReply: string2ll rules), clamped to ±(2^53-1): every
 * use here compares it with a set's size, so clamping keeps the meaning. Null when invalid.
 */
export function parseLong(s: string): number | null {
  const n = parseSafeInt(s)
  if (n !== null) return n
  const v = parseInt64(s)
  if (v === null) return null
  if (v > BigInt(SAFE)) return SAFE
  if (v < -BigInt(SAFE)) return -SAFE
  return Number(v)
}

// --- Thresholds and lookups ---

/** The zset-max-listpack-* thresholds in force. */
export function zsetLimits(c: CommandClient): ZsetLimits {
  return {
    maxListpackEntries: configLimit(c, 'zset-max-listpack-entries', DEFAULT_ZSET_LIMITS.maxListpackEntries),
    maxListpackValue: configLimit(c, 'zset-max-listpack-value', DEFAULT_ZSET_LIMITS.maxListpackValue),
  }
}

/**
 * lookupKeyRead + checkType: the sorted set, undefined when missing, null after WRONGTYPE.
 * Counts a keyspace hit or miss and emits 'keymiss' on a miss, as Redis's lookupKeyRead.
 */
export function readZset(c: CommandClient, key: string): SortedSetValue | undefined | null {
  const v = lookupRead(c, c.db, key, false)
  if (v === undefined || v instanceof SortedSetValue) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/** lookupKeyWrite + checkType: like readZset without the hit/miss counters. */
export function writeZset(c: CommandClient, key: string): SortedSetValue | undefined | null {
  return writeTyped(c, key, SortedSetValue)
}

/** Deletes the emptied sorted set at 'key' and emits the generic 'del' event, as Redis does. */
export function deleteEmptied(c: CommandClient, key: string): void {
  c.db.delete(key)
  c.db.notify('g', 'del', key)
}

// --- Replies ---

/**
 * Header of a reply of 'n' elements with optional scores: RESP2 flattens member, score pairs
 * into one array of 2n; RESP3 nests [member, score] pairs (redis 7.0 zrange result handler).
 */
export function scoredArrayHeader(w: ReplyWriter, n: number, withscores: boolean): void {
  w.arrayHeader(withscores && w.resp === 2 ? n * 2 : n)
}

/** One element of a reply begun by scoredArrayHeader. */
export function scoredElement(w: ReplyWriter, member: string, score: number, withscores: boolean): void {
  if (!withscores) {
    w.bulk(member)
    return
  }
  if (w.resp !== 2) w.arrayHeader(2)
  w.bulk(member)
  w.double(score)
}

// --- Metadata ---

/** Doc argument of a command's first key. */
export const KEY_ARG: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }

/** Key spec of a command whose only key is argv['index']. */
export function keyAt(index: number, ...flags: KeySpec['flags']): KeySpec {
  return { flags, begin: { index }, find: { range: [0, 1, 0] } }
}

/** Key spec of the numkeys-counted keys beginning at argv['index'] (ZUNION, ZMPOP...). */
export function keysCounted(index: number, ...flags: KeySpec['flags']): KeySpec {
  return { flags, begin: { index }, find: { keynum: [0, 1, 1] } }
}

/** LIMIT offset count, as ZRANGE-like commands document it. */
export const LIMIT_ARG: ArgSpec = {
  name: 'offset_count',
  type: 'block',
  token: 'LIMIT',
  optional: true,
  arguments: [
    { name: 'offset', type: 'integer' },
    { name: 'count', type: 'integer' },
  ],
}
