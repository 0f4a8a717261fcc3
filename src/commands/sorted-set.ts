/**
 * Sorted-set commands, part one: writes of single members (ZADD with NX/XX/GT/LT/CH/INCR,
 * ZINCRBY, ZREM), point reads (ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK), counts (ZCOUNT,
 * ZLEXCOUNT) and ZSCAN; exports the whole family's specs (ranges, pops and set operations
 * live in sorted-set-range.ts, sorted-set-pop.ts and sorted-set-store.ts).
 * See https://redis.io/docs/data-types/sorted-sets/
 */

import {
  ERR_INVALID_CURSOR,
  ERR_MIN_MAX_NOT_FLOAT,
  ERR_MIN_MAX_NOT_LEX,
  ERR_NOT_FLOAT,
  ERR_SYNTAX,
  ERR_ZADD_GT_LT_NX,
  ERR_ZADD_INCR_PAIR,
  ERR_ZADD_XX_NX,
  ERR_ZSCORE_NAN,
} from '../protocol/reply-errors.js'
import { SortedSetValue } from '../store/types/sorted-set.js'
import { keywordIs } from '../util/c-string.js'
import { formatDouble } from '../util/float-format.js'
import { parseDouble } from '../util/parse-double.js'
import { removeMembers, scanBuckets } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { parseScanCursor, parseScanOptions } from './generic-scan.js'
import {
  KEY_ARG,
  keyAt,
  parseLexRange,
  parseScoreRange,
  readZset,
  writeZset,
  zsetLimits,
} from './sorted-set-args.js'
import { sortedSetPopCommands } from './sorted-set-pop.js'
import { sortedSetRangeCommands } from './sorted-set-range.js'
import { sortedSetStoreCommands } from './sorted-set-store.js'
import type { CommandSpec } from './spec.js'
import { addKey } from './string-access.js'

// --- ZADD / ZINCRBY ---

/**
 * zaddGenericCommand: options (ZADD only), then the scores, then the key. 'isIncrby' is
 * ZINCRBY (INCR with no options). Each element follows zsetAdd: NX/XX decide whether a member
 * may be added or updated, GT/LT whether a new score may replace the old one.
 */
function zaddGeneric(c: CommandClient, argv: string[], isIncrby: boolean): void {
  const key = argv[1] as string
  let nx = false
  let xx = false
  let gt = false
  let lt = false
  let ch = false
  let incr = isIncrby
  let at = 2
  if (!isIncrby) {
    for (; at < argv.length; at++) {
      const opt = argv[at] as string
      if (keywordIs(opt, 'nx')) nx = true
      else if (keywordIs(opt, 'xx')) xx = true
      else if (keywordIs(opt, 'ch')) ch = true
      else if (keywordIs(opt, 'incr')) incr = true
      else if (keywordIs(opt, 'gt')) gt = true
      else if (keywordIs(opt, 'lt')) lt = true
      else break
    }
  }
  const args = argv.length - at
  if (args === 0 || args % 2 !== 0) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const n = args / 2
  if (nx && xx) {
    c.w.error(ERR_ZADD_XX_NX)
    return
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.w.error(ERR_ZADD_GT_LT_NX)
    return
  }
  if (incr && n > 1) {
    c.w.error(ERR_ZADD_INCR_PAIR)
    return
  }
  const scores: number[] = []
  for (let j = 0; j < n; j++) {
    const s = parseDouble(argv[at + 2 * j] as string)
    if (s === null) {
      c.w.error(ERR_NOT_FLOAT)
      return
    }
    scores.push(s)
  }
  let z = writeZset(c, key)
  if (z === null) return
  const limits = zsetLimits(c)
  if (z === undefined) {
    if (xx) {
      if (incr) c.w.nullBulk()
      else c.w.integer(0)
      return
    }
    const first = argv[at + 1] as string
    z = new SortedSetValue(limits.maxListpackEntries === 0 || limits.maxListpackValue < first.length)
    addKey(c, key, z)
  }
  let added = 0
  let updated = 0
  let processed = 0
  let score = 0
  let failed = false
  for (let j = 0; j < n; j++) {
    const member = argv[at + 2 * j + 1] as string
    let s = scores[j] as number
    const cur = z.score(member)
    if (cur === undefined) {
      if (xx) continue
      z.set(member, s, limits)
      added++
    } else {
      if (nx) continue
      if (incr) {
        s += cur
        if (Number.isNaN(s)) {
          failed = true
          break
        }
      }
      if ((lt && s >= cur) || (gt && s <= cur)) continue
      if (s !== cur) {
        z.set(member, s, limits)
        updated++
      }
    }
    processed++
    score = s
  }
  if (failed) {
    c.w.error(ERR_ZSCORE_NAN)
  } else {
    c.srv.keyspace.dirty += added + updated
    if (incr) {
      if (processed > 0) c.w.double(score)
      else c.w.nullBulk()
    } else {
      c.w.integer(ch ? added + updated : added)
    }
  }
  if (added > 0 || updated > 0) {
    c.db.modified(key)
    c.db.notify('z', incr ? 'zincr' : 'zadd', key)
  }
}

function zaddCommand(c: CommandClient, argv: string[]): void {
  zaddGeneric(c, argv, false)
}

function zincrbyCommand(c: CommandClient, argv: string[]): void {
  zaddGeneric(c, argv, true)
}

// --- ZREM ---

function zremCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1] as string
  const z = writeZset(c, key)
  if (z === null) return
  if (z === undefined) {
    c.w.integer(0)
    return
  }
  removeMembers(c, key, argv, z, (member) => z.remove(member), 'z', 'zrem')
}

// --- Point reads ---

function zcardCommand(c: CommandClient, argv: string[]): void {
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  c.w.integer(z === undefined ? 0 : z.size)
}

function zscoreCommand(c: CommandClient, argv: string[]): void {
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  const s = z?.score(argv[2] as string)
  if (s === undefined) c.w.nullBulk()
  else c.w.double(s)
}

function zmscoreCommand(c: CommandClient, argv: string[]): void {
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  c.w.arrayHeader(argv.length - 2)
  for (let j = 2; j < argv.length; j++) {
    const s = z?.score(argv[j] as string)
    if (s === undefined) c.w.nullBulk()
    else c.w.double(s)
  }
}

function zrankGeneric(c: CommandClient, argv: string[], reverse: boolean): void {
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  const rank = z === undefined ? -1 : z.rank(argv[2] as string)
  if (rank < 0) c.w.nullBulk()
  else c.w.integer(reverse ? (z as SortedSetValue).size - 1 - rank : rank)
}

function zrankCommand(c: CommandClient, argv: string[]): void {
  zrankGeneric(c, argv, false)
}

function zrevrankCommand(c: CommandClient, argv: string[]): void {
  zrankGeneric(c, argv, true)
}

// --- Counts ---

function zcountCommand(c: CommandClient, argv: string[]): void {
  const range = parseScoreRange(argv[2] as string, argv[3] as string)
  if (range === null) {
    c.w.error(ERR_MIN_MAX_NOT_FLOAT)
    return
  }
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  if (z === undefined) {
    c.w.integer(0)
    return
  }
  const [lo, hi] = z.scoreInterval(range, false, 0)
  c.w.integer(hi - lo)
}

function zlexcountCommand(c: CommandClient, argv: string[]): void {
  const range = parseLexRange(argv[2] as string, argv[3] as string)
  if (range === null) {
    c.w.error(ERR_MIN_MAX_NOT_LEX)
    return
  }
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  if (z === undefined) {
    c.w.integer(0)
    return
  }
  const [lo, hi] = z.lexInterval(range, false, 0)
  c.w.integer(hi - lo)
}

// --- ZSCAN ---

/** 2^62: listpacks hold integral scores up to this magnitude as integers (redis double2ll). */
const LISTPACK_INT_SCORE_MAX = 2 ** 62

/**
 * A listpack-encoded score as ZSCAN prints it: integral scores within ±2^62 were stored as
 * integers and come back as such ("123456789012345680"); others as %.17g.
 */
function listpackScoreText(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) <= LISTPACK_INT_SCORE_MAX) {
    return Number.isSafeInteger(d) ? String(d) : BigInt(d).toString()
  }
  return formatDouble(d)
}

/**
 * ZSCAN: a listpack-encoded set is returned whole with cursor 0 (COUNT ignored), as Redis
 * does; a skiplist-encoded one by buckets of its member index (see KeyIndex.scanStep).
 */
function zscanCommand(c: CommandClient, argv: string[]): void {
  const cursor = parseScanCursor(argv[2] as string)
  if (cursor === null) {
    c.w.error(ERR_INVALID_CURSOR)
    return
  }
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  if (z === undefined) {
    c.w.raw('*2\r\n$1\r\n0\r\n*0\r\n')
    return
  }
  const opts = parseScanOptions(c, argv, 3, false)
  if (opts === null) return
  const out: string[] = []
  let next = 0
  if (z.isListpack) {
    const match = opts.match
    z.forEach(0, z.size, false, (m, s) => {
      if (match === null || match(m)) out.push(m, listpackScoreText(s))
    })
  } else {
    const step = scanBuckets(z, cursor, opts)
    next = step.next
    for (const m of step.items) {
      const s = z.score(m)
      if (s !== undefined) out.push(m, formatDouble(s))
    }
  }
  c.w.arrayHeader(2)
  c.w.bulk(String(next))
  c.w.bulkArray(out)
}

// --- Metadata ---

const MEMBER_ARG = { name: 'member', type: 'string' } as const
const MEMBERS_ARG = { name: 'member', type: 'string', multiple: true } as const
const RO_ACCESS = keyAt(1, 'RO', 'ACCESS')

function readSpec(
  name: string,
  since: string,
  summary: string,
  arity: number,
  spec: Partial<CommandSpec>,
): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since,
    summary,
    arity,
    flags: ['readonly', 'fast'],
    acl: ['sortedset'],
    keys: [RO_ACCESS],
    ...spec,
  }
}

const coreCommands: CommandSpec[] = [
  {
    name: 'zadd',
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Adds members with scores to a sorted set, or updates the scores of existing members.',
    complexity: 'O(log N) per member',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'RW', 'UPDATE')],
    history: [
      ['2.4.0', 'Several score/member pairs per call.'],
      ['3.0.2', 'XX, NX, CH and INCR options.'],
      ['6.2.0', 'GT and LT options.'],
    ],
    args: [
      KEY_ARG,
      {
        name: 'condition',
        type: 'oneof',
        since: '3.0.2',
        optional: true,
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      {
        name: 'comparison',
        type: 'oneof',
        since: '6.2.0',
        optional: true,
        arguments: [
          { name: 'gt', type: 'pure-token', token: 'GT' },
          { name: 'lt', type: 'pure-token', token: 'LT' },
        ],
      },
      { name: 'change', type: 'pure-token', token: 'CH', since: '3.0.2', optional: true },
      { name: 'increment', type: 'pure-token', token: 'INCR', since: '3.0.2', optional: true },
      {
        name: 'score_member',
        type: 'block',
        multiple: true,
        arguments: [
          { name: 'score', type: 'double' },
          { name: 'member', type: 'string' },
        ],
      },
    ],
    handler: zaddCommand,
  },
  {
    name: 'zincrby',
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Adds an increment to the score of a member of a sorted set.',
    complexity: 'O(log N)',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'RW', 'ACCESS', 'UPDATE')],
    args: [KEY_ARG, { name: 'increment', type: 'integer' }, MEMBER_ARG],
    handler: zincrbyCommand,
  },
  {
    name: 'zrem',
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Removes members from a sorted set; the key goes when the set empties.',
    complexity: 'O(M log N) for M members',
    arity: -3,
    flags: ['write', 'fast'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'RW', 'DELETE')],
    history: [['2.4.0', 'Several members per call.']],
    args: [KEY_ARG, MEMBERS_ARG],
    handler: zremCommand,
  },
  readSpec('zcard', '1.2.0', 'Returns how many members a sorted set has.', 2, {
    complexity: 'O(1)',
    keys: [keyAt(1, 'RO')],
    args: [KEY_ARG],
    handler: zcardCommand,
  }),
  readSpec('zcount', '2.0.0', 'Counts the members whose score lies within a range.', 4, {
    complexity: 'O(log N)',
    args: [KEY_ARG, { name: 'min', type: 'double' }, { name: 'max', type: 'double' }],
    handler: zcountCommand,
  }),
  readSpec('zlexcount', '2.8.9', 'Counts the members within a lexicographic range.', 4, {
    complexity: 'O(log N)',
    args: [KEY_ARG, { name: 'min', type: 'string' }, { name: 'max', type: 'string' }],
    handler: zlexcountCommand,
  }),
  readSpec('zscore', '1.2.0', 'Returns the score of a member of a sorted set.', 3, {
    complexity: 'O(1)',
    args: [KEY_ARG, MEMBER_ARG],
    handler: zscoreCommand,
  }),
  readSpec('zmscore', '6.2.0', 'Returns the scores of several members of a sorted set.', -3, {
    complexity: 'O(M) for M members',
    args: [KEY_ARG, MEMBERS_ARG],
    handler: zmscoreCommand,
  }),
  readSpec('zrank', '2.0.0', 'Returns the position of a member in ascending score order.', 3, {
    complexity: 'O(log N)',
    args: [KEY_ARG, MEMBER_ARG],
    handler: zrankCommand,
  }),
  readSpec('zrevrank', '2.0.0', 'Returns the position of a member in descending score order.', 3, {
    complexity: 'O(log N)',
    args: [KEY_ARG, MEMBER_ARG],
    handler: zrevrankCommand,
  }),
  readSpec('zscan', '2.8.0', 'Iterates over the members and scores of a sorted set with a cursor.', -3, {
    complexity: 'O(1) per call, O(N) for a complete iteration',
    flags: ['readonly'],
    tips: ['nondeterministic_output'],
    args: [
      KEY_ARG,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: zscanCommand,
  }),
]

/** Every sorted-set command (the blocking BZPOP* and BZMPOP come with list blocking). */
export const sortedSetCommands: CommandSpec[] = [
  ...coreCommands,
  ...sortedSetRangeCommands,
  ...sortedSetPopCommands,
  ...sortedSetStoreCommands,
]
