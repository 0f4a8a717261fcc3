/**
 * Keyspace iteration: KEYS (one O(N) pass), SCAN (cursor over the database's KeyIndex, bounded
 * work per call) and RANDOMKEY (uniform pick from the KeyIndex). The SCAN guarantee is stated
 * in store/key-index.ts. The cursor and option parsers are shared with HSCAN/SSCAN/ZSCAN.
 * See https://redis.io/commands/scan/
 */

import { ERR_INVALID_CURSOR, ERR_NOT_INTEGER, ERR_SYNTAX } from '../protocol/reply-errors.js'
import type { Database } from '../store/database.js'
import { typeOf } from '../store/value.js'
import { keywordIs } from '../util/c-string.js'
import { compileGlob, type GlobMatcher } from '../util/glob.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead } from './generic-helpers.js'
import type { CommandSpec } from './spec.js'

const ULONG_MAX = 2n ** 64n - 1n

/** C's isspace() in the "C" locale. */
function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13)
}

/**
 * Parses a SCAN cursor as Redis 7.0 does (strtoul, base 10, into an unsigned 64-bit value):
 * optional sign ('-' wraps modulo 2^64), no leading whitespace, nothing after the digits but a
 * NUL byte; the empty string is cursor 0. Returns null for "ERR invalid cursor".
 */
export function parseScanCursor(s: string): bigint | null {
  const n = s.length
  if (n > 0 && isSpace(s.charCodeAt(0))) return null
  let i = 0
  let negative = false
  const first = s.charCodeAt(0)
  if (first === 43 || first === 45) {
    negative = first === 45
    i = 1
  }
  const digitsStart = i
  while (i < n && s.charCodeAt(i) === 48) i++
  const significant = i
  let v = 0n
  // 21 significant digits already exceed 2^64: stop there so a huge argument costs O(1).
  while (i < n && i - significant <= 20) {
    const ch = s.charCodeAt(i)
    if (ch < 48 || ch > 57) break
    v = v * 10n + BigInt(ch - 48)
    i++
  }
  if (i === digitsStart) return n === 0 || first === 0 ? 0n : null
  // Anything after the digits but a NUL byte is invalid (a 22nd digit: out of range).
  if (i < n && s.charCodeAt(i) !== 0) return null
  if (v > ULONG_MAX) return null
  return negative && v !== 0n ? 2n ** 64n - v : v
}

/** MATCH / COUNT / TYPE of a SCAN-family command. */
export interface ScanOptions {
  /** Null when there is no pattern or it is "*" (match everything). */
  match: GlobMatcher | null
  count: number
  /** The TYPE argument as given (compared ignoring case); null when absent. */
  type: string | null
}

/**
 * Parses the options from argv['from'] on; replies with the error and returns null when they
 * are invalid. 'allowType' is true for SCAN only (HSCAN & co. answer a syntax error to TYPE).
 */
export function parseScanOptions(
  c: CommandClient,
  argv: string[],
  from: number,
  allowType: boolean,
): ScanOptions | null {
  const opts: ScanOptions = { match: null, count: 10, type: null }
  for (let i = from; i < argv.length; i += 2) {
    const opt = argv[i]!
    const hasValue = i + 1 < argv.length
    if (keywordIs(opt, 'count') && hasValue) {
      const n = parseInt64(argv[i + 1]!)
      if (n === null) {
        c.w.error(ERR_NOT_INTEGER)
        return null
      }
      if (n < 1n) {
        c.w.error(ERR_SYNTAX)
        return null
      }
      opts.count = n > 0x7fffffffn ? 0x7fffffff : Number(n)
    } else if (keywordIs(opt, 'match') && hasValue) {
      const pat = argv[i + 1]!
      opts.match = pat === '*' ? null : compileGlob(pat)
    } else if (allowType && keywordIs(opt, 'type') && hasValue) {
      opts.type = argv[i + 1]!
    } else {
      c.w.error(ERR_SYNTAX)
      return null
    }
  }
  return opts
}

/** Buckets visited per requested element at most (Redis's maxiterations = count * 10). */
const BUCKETS_PER_COUNT = 10

/**
 * One SCAN step over 'db': visits whole buckets until 'count' keys are gathered, the cursor
 * wraps to 0 or count*10 buckets were seen, then filters. Work is bounded by the buckets
 * visited (each holds about one key at the index's load factor), never by the database size
 * unless COUNT asks for it. Returns the next cursor and the keys to reply with.
 */
export function scanDatabase(
  c: CommandClient,
  db: Database,
  cursor: bigint,
  opts: ScanOptions,
): { next: number; keys: string[] } {
  db.syncIndex()
  const gathered: string[] = []
  // Only the low bits select a bucket; the index has far fewer than 2^31 buckets.
  let cur = Number(cursor & 0x7fffffffn)
  let budget = opts.count * BUCKETS_PER_COUNT
  do {
    cur = db.index.scanStep(cur, gathered)
  } while (cur !== 0 && budget-- > 0 && gathered.length < opts.count)
  // Filter after the walk: lazy expiry may delete keys and shrink the index, and a resize must
  // never happen between the buckets of one step.
  const out: string[] = []
  const now = Date.now()
  for (const key of gathered) {
    // Only a dict changed behind Database's back could leave an indexed key missing here.
    if (!db.dict.has(key)) continue
    if (opts.match !== null && !opts.match(key)) continue
    if (opts.type !== null) {
      // redis 7.0 reads the key first (a counted lookup): an expired key is deleted and reads
      // as type "none", so "TYPE none" keeps it (the expiry check below no longer sees it).
      const v = lookupRead(c, db, key, true)
      if (!keywordIs(opts.type, v === undefined ? 'none' : typeOf(v))) continue
      if (v === undefined) {
        out.push(key)
        continue
      }
    }
    if (db.expires.size !== 0 && db.expireIfNeeded(key, now)) continue
    out.push(key)
  }
  return { next: cur, keys: out }
}

function scanCommand(c: CommandClient, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]!)
  if (cursor === null) {
    c.w.error(ERR_INVALID_CURSOR)
    return
  }
  const opts = parseScanOptions(c, argv, 2, true)
  if (opts === null) return
  const { next, keys } = scanDatabase(c, c.db, cursor, opts)
  c.w.arrayHeader(2)
  c.w.bulk(String(next))
  c.w.bulkArray(keys)
}

/** KEYS: every live key matching the pattern. Logically expired keys are skipped, not deleted. */
function keysCommand(c: CommandClient, argv: string[]): void {
  const pat = argv[1]!
  const match = pat === '*' ? null : compileGlob(pat)
  const db = c.db
  const now = Date.now()
  const hasExpires = db.expires.size !== 0
  const out: string[] = []
  for (const key of db.dict.keys()) {
    if (match !== null && !match(key)) continue
    if (hasExpires) {
      const when = db.expires.get(key)
      if (when !== undefined && when <= now) continue
    }
    out.push(key)
  }
  c.w.bulkArray(out)
}

/**
 * RANDOMKEY: a uniformly random key. A logically expired pick is deleted and another drawn, as
 * in Redis; every extra draw is paid for by reclaiming an expired key, and the active expiry
 * cycle keeps their share low.
 */
function randomkeyCommand(c: CommandClient): void {
  const db = c.db
  db.syncIndex()
  for (;;) {
    const key = db.index.randomKey()
    if (key === undefined) {
      c.w.nullBulk()
      return
    }
    if (!db.dict.has(key)) {
      // The index disagrees with the dict (changed behind Database's back): rebuild, retry.
      db.index.rebuild(db.dict.keys(), c.srv.keyspace.clock.initial())
      continue
    }
    if (db.expires.size !== 0 && db.expireIfNeeded(key)) continue
    c.w.bulk(key)
    return
  }
}

export const scanCommands: CommandSpec[] = [
  {
    name: 'keys',
    group: 'generic',
    since: '1.0.0',
    summary: 'Lists every key matching a glob pattern (blocks the server for O(N)).',
    complexity: 'O(N) for N keys in the database',
    arity: 2,
    flags: ['readonly'],
    acl: ['keyspace', 'dangerous'],
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
    handler: keysCommand,
  },
  {
    name: 'scan',
    group: 'generic',
    since: '2.8.0',
    summary: 'Iterates over the keys of the database with a cursor, a few at a time.',
    complexity: 'O(1) per call, O(N) for a complete iteration',
    arity: -2,
    flags: ['readonly'],
    acl: ['keyspace'],
    tips: ['nondeterministic_output', 'request_policy:special'],
    history: [['6.0.0', 'TYPE option.']],
    handler: scanCommand,
  },
  {
    name: 'randomkey',
    group: 'generic',
    since: '1.0.0',
    summary: 'Returns a random key of the database.',
    complexity: 'O(1)',
    arity: 1,
    flags: ['readonly'],
    acl: ['keyspace'],
    tips: ['request_policy:all_shards', 'nondeterministic_output'],
    handler: randomkeyCommand,
  },
]
