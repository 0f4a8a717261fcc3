/**
 * Plumbing shared by the hash, set and sorted-set families: typed lookups, removing members
 * (HDEL/SREM/ZREM), sample-count arguments (S/H/ZRAND*), the intset threshold, the HSCAN/SSCAN walk over a hash-table encoded collection, and
 * a size-bounded builder for the replies of SRANDMEMBER/HRANDFIELD with a negative count.
 * See https://redis.io/commands/scan/ and https://redis.io/commands/srandmember/
 */

import {
  ERR_NOT_INTEGER,
  ERR_OUT_OF_RANGE,
  ERR_SYNTAX,
  ERR_WRONGTYPE,
  errIntOutOfRange,
} from '../protocol/reply-errors.js'
import type { Value } from '../store/value.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { ScanOptions } from './generic-scan.js'
import { lookupRead } from './string-access.js'

// --- Typed lookups ---

/** A value class (HashValue, SetValue). */
export type ValueClass<T> = abstract new (...args: never[]) => T

function typed<T>(c: CommandClient, v: Value | undefined, type: ValueClass<T>): T | undefined | null {
  if (v === undefined || v instanceof type) return v
  c.w.error(ERR_WRONGTYPE)
  return null
}

/**
 * lookupKeyRead + checkType: the value at 'key' when it is a 'type' (counting a keyspace hit),
 * undefined when missing (a miss), null after replying WRONGTYPE.
 */
export function readTyped<T>(c: CommandClient, key: string, type: ValueClass<T>): T | undefined | null {
  return typed(c, lookupRead(c, key), type)
}

/** lookupKeyWrite + checkType: like readTyped without the hit/miss counters. */
export function writeTyped<T>(c: CommandClient, key: string, type: ValueClass<T>): T | undefined | null {
  return typed(c, c.db.lookup(key), type)
}

// --- Removing members ---

/**
 * HDEL, SREM and ZREM after their lookup: removes 'argv[2..]' one by one with 'remove' from
 * 'coll' (stored at 'key'), deleting the key as soon as it empties (later arguments are not
 * looked at, as in Redis). When anything went: a modified-key signal, the 'event' of class
 * 'type', then 'del' if the key went, and dirty += the count. Replies with the count.
 */
export function removeMembers(
  c: CommandClient,
  key: string,
  argv: readonly string[],
  coll: { readonly size: number },
  remove: (member: string) => boolean,
  type: string,
  event: string,
): void {
  let deleted = 0
  let removed = false
  for (let i = 2; i < argv.length; i++) {
    if (!remove(argv[i]!)) continue
    deleted++
    if (coll.size === 0) {
      c.db.delete(key)
      removed = true
      break
    }
  }
  if (deleted > 0) {
    c.db.modified(key)
    c.db.notify(type, event, key)
    if (removed) c.db.notify('g', 'del', key)
    c.srv.keyspace.dirty += deleted
  }
  c.w.integer(deleted)
}

// --- Sample counts (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER) ---

const LONG_MAX = 2n ** 63n - 1n

/**
 * The count argument of SRANDMEMBER, HRANDFIELD and ZRANDMEMBER, an integer within
 * ±LONG_MAX (redis getRangeLongFromObjectOrReply); null after replying with the error.
 */
export function parseSampleCount(c: CommandClient, s: string): bigint | null {
  const l = parseInt64(s)
  if (l === null) {
    c.w.error(ERR_NOT_INTEGER)
    return null
  }
  if (l < -LONG_MAX) {
    c.w.error(errIntOutOfRange(-LONG_MAX, LONG_MAX))
    return null
  }
  return l
}

/**
 * 'key count [option]' of HRANDFIELD (WITHVALUES) and ZRANDMEMBER (WITHSCORES), from argv[2]
 * on: the count and whether 'option' was given, or null after replying. Checks in Redis 7.0's
 * order: the count, the syntax, then with the option a |count| of at most LONG_MAX / 2 (the
 * reply has 2 * count entries; redis 7.0.8+).
 */
export function parsePairedSampleArgs(
  c: CommandClient,
  argv: readonly string[],
  option: string,
): { count: bigint; paired: boolean } | null {
  const count = parseSampleCount(c, argv[2]!)
  if (count === null) return null
  if (argv.length > 4 || (argv.length === 4 && !keywordIs(argv[3]!, option))) {
    c.w.error(ERR_SYNTAX)
    return null
  }
  const paired = argv.length === 4
  if (paired && (count < -(LONG_MAX / 2n) || count > LONG_MAX / 2n)) {
    c.w.error(ERR_OUT_OF_RANGE)
    return null
  }
  return { count, paired }
}

// --- Encoding thresholds ---

/**
 * The numeric directive 'name', or 'fallback' (Redis's default) when a configuration store
 * does not know it (test harnesses with partial stores answer 0 / ''). Read per command:
 * CONFIG SET may change it.
 */
export function configLimit(c: CommandClient, name: string, fallback: number): number {
  const cfg = c.srv.config
  const n = cfg.getNumber(name)
  if (n !== 0 && Number.isFinite(n)) return n
  return cfg.getString(name) === '' ? fallback : n
}

/** set-max-intset-entries in force (read per command: CONFIG SET may change it). */
export function maxIntsetEntries(c: CommandClient): number {
  return configLimit(c, 'set-max-intset-entries', 512)
}

// --- SCAN over a hash table ---

/** A collection whose hash-table form can be walked bucket by bucket (see KeyIndex.scanStep). */
export interface BucketScannable {
  scanStep(cursor: number, out: string[]): number
}

/** Buckets visited per requested element at most (Redis's maxiterations = count * 10). */
const BUCKETS_PER_COUNT = 10

/**
 * One HSCAN/SSCAN step over a hash-table encoded collection: visits whole buckets until
 * 'count' elements are gathered, the cursor wraps to 0, or count*10 buckets were seen (Redis's
 * bound), then keeps those MATCH accepts. Work is bounded by the buckets visited. Returns the
 * next cursor and the elements (fields for a hash, members for a set).
 */
export function scanBuckets(
  coll: BucketScannable,
  cursor: bigint,
  opts: ScanOptions,
): { next: number; items: string[] } {
  const gathered: string[] = []
  // Only the low bits select a bucket; a table never has 2^31 buckets.
  let cur = Number(cursor & 0x7fffffffn)
  let budget = opts.count * BUCKETS_PER_COUNT
  do {
    cur = coll.scanStep(cur, gathered)
  } while (cur !== 0 && budget-- > 0 && gathered.length < opts.count)
  const match = opts.match
  return { next: cur, items: match === null ? gathered : gathered.filter((s) => match(s)) }
}

// --- Bounded random-sample replies ---

/**
 * redoubt limit: the most bytes one SRANDMEMBER / HRANDFIELD reply with a negative count may
 * take. Redis has none (it builds a reply of |count| elements whatever that costs, and
 * redis-server 7.0.15 dies trying "HRANDFIELD k -4611686018427387903 WITHVALUES"); here a
 * client-chosen count must not exhaust memory or the maximum JS string length.
 */
export const RANDOM_REPLY_MAX_BYTES = 128 * 1024 * 1024

/** Error for a negative-count sample whose reply would pass RANDOM_REPLY_MAX_BYTES. */
export const ERR_RANDOM_REPLY_TOO_LARGE = `ERR count is too large: the reply would exceed ${RANDOM_REPLY_MAX_BYTES} bytes (redoubt limit)`

/** Smallest RESP of one bulk string ("$0\r\n\r\n"): a floor on a sample's reply size. */
export const MIN_BULK_BYTES = 6

/**
 * Accumulates the RESP of a reply's elements in a growing Buffer and refuses to grow past
 * RANDOM_REPLY_MAX_BYTES, so the reply is either written whole or replaced by an error.
 * Callers first ask fits() with a lower bound, so a hopeless count costs nothing.
 */
export class BoundedReply {
  private buf = Buffer.allocUnsafe(64 * 1024)
  private len = 0
  /** False once the budget was exceeded (stop adding). */
  ok = true

  /** False (and the reply becomes the size error) when 'draws' of at least 'bytesPerDraw' cannot fit. */
  fits(draws: number | bigint, bytesPerDraw: number): boolean {
    if (BigInt(draws) * BigInt(bytesPerDraw) > BigInt(RANDOM_REPLY_MAX_BYTES)) this.ok = false
    return this.ok
  }

  /** Appends a bulk string; returns false when the budget is exhausted. */
  bulk(s: string): boolean {
    const head = `$${s.length}\r\n`
    if (!this.reserve(head.length + s.length + 2)) return false
    this.len += this.buf.write(head, this.len, 'latin1')
    this.len += this.buf.write(s, this.len, 'latin1')
    this.buf[this.len++] = 13
    this.buf[this.len++] = 10
    return true
  }

  /** Appends an aggregate header (e.g. "*2" for a RESP3 field/value pair). */
  header(h: string): void {
    if (this.reserve(h.length + 2)) this.len += this.buf.write(`${h}\r\n`, this.len, 'latin1')
  }

  /** Writes the reply as an array of 'n' elements, or the size error when over budget. */
  flush(c: CommandClient, n: number): void {
    if (!this.ok) {
      c.w.error(ERR_RANDOM_REPLY_TOO_LARGE)
      return
    }
    c.w.arrayHeader(n)
    c.w.buffer(this.buf.subarray(0, this.len))
  }

  /** Makes room for 'n' more bytes within the budget (doubling); false when over it. */
  private reserve(n: number): boolean {
    if (!this.ok) return false
    const need = this.len + n
    if (need > RANDOM_REPLY_MAX_BYTES) {
      this.ok = false
      return false
    }
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.min(RANDOM_REPLY_MAX_BYTES, Math.max(need, this.buf.length * 2)))
      this.buf.copy(next, 0, 0, this.len)
      this.buf = next
    }
    return true
  }
}

/**
 * 'count' distinct positions of 0..size-1, uniformly (count < size). Partial Fisher-Yates
 * when the sample is a large share of the collection, else rejection sampling (expected
 * O(count) draws while count <= size/3, as Redis's SRANDMEMBER case 4).
 */
export function samplePositions(size: number, count: number, random: () => number): number[] {
  if (count * 3 > size) {
    const pos = new Array<number>(size)
    for (let i = 0; i < size; i++) pos[i] = i
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (size - i))
      const t = pos[i] as number
      pos[i] = pos[j] as number
      pos[j] = t
    }
    pos.length = count
    return pos
  }
  const seen = new Set<number>()
  while (seen.size < count) seen.add(Math.floor(random() * size))
  return [...seen]
}
