/**
 * Sorted-set ranges: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and its older spellings
 * ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, ZREVRANGE; ZRANGESTORE; and
 * the range deletions ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX. Every range becomes
 * an interval of ranks, so each reply costs O(log N + M) for M elements returned.
 * See https://redis.io/commands/zrange/
 */

import {
  ERR_MIN_MAX_NOT_FLOAT,
  ERR_MIN_MAX_NOT_LEX,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_ZRANGE_LIMIT,
  ERR_ZRANGE_WITHSCORES_BYLEX,
} from '../protocol/reply-errors.js'
import { type LexRange, type ScoreRange, SortedSetValue } from '../store/types/sorted-set.js'
import { keywordIs } from '../util/c-string.js'
import type { CommandClient } from './context.js'
import {
  KEY_ARG,
  keyAt,
  LIMIT_ARG,
  parseLexRange,
  parseLong,
  parseScoreRange,
  readZset,
  scoredArrayHeader,
  scoredElement,
  writeZset,
  zsetLimits,
} from './sorted-set-args.js'
import type { ArgSpec, CommandSpec } from './spec.js'
import { setKey } from './string-access.js'

type RangeType = 'auto' | 'rank' | 'score' | 'lex'
type Direction = 'auto' | 'forward' | 'reverse'

/**
 * The ranks [lo, hi) a rank range selects (redis genericZrangebyrankCommand's sanitising:
 * negative indexes count from the end), in ascending-rank terms even when 'reverse'.
 */
function rankInterval(size: number, start: number, end: number, reverse: boolean): [number, number] {
  if (start < 0) start = size + start
  if (end < 0) end = size + end
  if (start < 0) start = 0
  if (start > end || start >= size) return [0, 0]
  if (end >= size) end = size - 1
  return reverse ? [size - 1 - end, size - start] : [start, end + 1]
}

/** Applies LIMIT's count to [lo, hi): a negative count means no limit. */
function applyLimit(lo: number, hi: number, reverse: boolean, limit: number): [number, number] {
  if (limit < 0 || hi - lo <= limit) return [lo, hi]
  return reverse ? [hi - limit, hi] : [lo, lo + limit]
}

/**
 * zrangeGenericCommand. 'first' is the index of the source key (1, or 2 for ZRANGESTORE,
 * whose destination is argv[1]); 'type' and 'dir' are fixed by the older commands and 'auto'
 * for ZRANGE and ZRANGESTORE, which take BYSCORE/BYLEX/REV as options.
 */
function zrangeGeneric(
  c: CommandClient,
  argv: string[],
  first: number,
  store: boolean,
  type: RangeType,
  dir: Direction,
): void {
  let minIdx = first + 1
  let maxIdx = first + 2
  let withscores = false
  let offset = 0
  let limit = -1
  for (let j = first + 3; j < argv.length; j++) {
    const opt = argv[j] as string
    const left = argv.length - j - 1
    if (!store && keywordIs(opt, 'withscores')) {
      withscores = true
    } else if (keywordIs(opt, 'limit') && left >= 2) {
      const o = parseLong(argv[j + 1] as string)
      const l = o === null ? null : parseLong(argv[j + 2] as string)
      if (o === null || l === null) {
        c.w.error(ERR_NOT_INTEGER)
        return
      }
      offset = o
      limit = l
      j += 2
    } else if (dir === 'auto' && keywordIs(opt, 'rev')) {
      dir = 'reverse'
    } else if (type === 'auto' && keywordIs(opt, 'bylex')) {
      type = 'lex'
    } else if (type === 'auto' && keywordIs(opt, 'byscore')) {
      type = 'score'
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  if (type === 'auto') type = 'rank'
  const reverse = dir === 'reverse'
  if (limit !== -1 && type === 'rank') {
    c.w.error(ERR_ZRANGE_LIMIT)
    return
  }
  if (withscores && type === 'lex') {
    c.w.error(ERR_ZRANGE_WITHSCORES_BYLEX)
    return
  }
  // The reverse forms take the range as max, min.
  if (reverse && type !== 'rank') {
    const t = minIdx
    minIdx = maxIdx
    maxIdx = t
  }
  let start = 0
  let end = 0
  let scoreRange: ScoreRange | null = null
  let lexRange: LexRange | null = null
  if (type === 'rank') {
    const s = parseLong(argv[minIdx] as string)
    const e = s === null ? null : parseLong(argv[maxIdx] as string)
    if (s === null || e === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    start = s
    end = e
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[minIdx] as string, argv[maxIdx] as string)
    if (scoreRange === null) {
      c.w.error(ERR_MIN_MAX_NOT_FLOAT)
      return
    }
  } else {
    lexRange = parseLexRange(argv[minIdx] as string, argv[maxIdx] as string)
    if (lexRange === null) {
      c.w.error(ERR_MIN_MAX_NOT_LEX)
      return
    }
  }
  const z = readZset(c, argv[first] as string)
  if (z === null) return
  let lo = 0
  let hi = 0
  if (z !== undefined) {
    if (scoreRange !== null)
      [lo, hi] = applyLimit(...z.scoreInterval(scoreRange, reverse, offset), reverse, limit)
    else if (lexRange !== null)
      [lo, hi] = applyLimit(...z.lexInterval(lexRange, reverse, offset), reverse, limit)
    else [lo, hi] = rankInterval(z.size, start, end, reverse)
  }
  if (store) {
    storeRange(c, argv[1] as string, z, lo, hi, reverse, type === 'rank')
    return
  }
  scoredArrayHeader(c.w, hi - lo, withscores)
  if (z !== undefined) z.forEach(lo, hi, reverse, (m, s) => scoredElement(c.w, m, s, withscores))
}

/**
 * ZRANGESTORE's result: members are added one by one to a new set, as Redis's store handler
 * does (so the encoding converts, if it must, at the same element); an empty result deletes
 * the destination. A rank range knows its length up front, and redis 7.0 then creates the
 * destination as a skiplist at once when the length passes zset-max-listpack-entries (which
 * shows: a listpack stores -0 as 0); score and lex ranges start as a listpack.
 */
function storeRange(
  c: CommandClient,
  dst: string,
  src: SortedSetValue | undefined,
  lo: number,
  hi: number,
  reverse: boolean,
  knownLength: boolean,
): void {
  const count = hi - lo
  if (src === undefined || count <= 0) {
    c.w.integer(0)
    if (c.db.delete(dst)) {
      c.db.modified(dst)
      c.db.notify('g', 'del', dst)
      c.srv.keyspace.dirty++
    }
    return
  }
  const limits = zsetLimits(c)
  const out = new SortedSetValue(knownLength && count > limits.maxListpackEntries)
  src.forEach(lo, hi, reverse, (m, s) => {
    out.set(m, s, limits)
  })
  setKey(c, dst, out)
  c.w.integer(count)
  c.db.notify('z', 'zrangestore', dst)
  c.srv.keyspace.dirty++
}

const zrangeCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'auto', 'auto')
const zrangestoreCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 2, true, 'auto', 'auto')
const zrangebyscoreCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'score', 'forward')
const zrevrangebyscoreCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'score', 'reverse')
const zrangebylexCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'lex', 'forward')
const zrevrangebylexCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'lex', 'reverse')
const zrevrangeCommand = (c: CommandClient, argv: string[]): void =>
  zrangeGeneric(c, argv, 1, false, 'rank', 'reverse')

// --- ZREMRANGEBY* ---

const REM_EVENTS = { rank: 'zremrangebyrank', score: 'zremrangebyscore', lex: 'zremrangebylex' } as const

/** zremrangeGenericCommand: parse the range, then look the key up, delete, notify. */
function zremrangeGeneric(c: CommandClient, argv: string[], type: 'rank' | 'score' | 'lex'): void {
  const key = argv[1] as string
  let start = 0
  let end = 0
  let scoreRange: ScoreRange | null = null
  let lexRange: LexRange | null = null
  if (type === 'rank') {
    const s = parseLong(argv[2] as string)
    const e = s === null ? null : parseLong(argv[3] as string)
    if (s === null || e === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    start = s
    end = e
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[2] as string, argv[3] as string)
    if (scoreRange === null) {
      c.w.error(ERR_MIN_MAX_NOT_FLOAT)
      return
    }
  } else {
    lexRange = parseLexRange(argv[2] as string, argv[3] as string)
    if (lexRange === null) {
      c.w.error(ERR_MIN_MAX_NOT_LEX)
      return
    }
  }
  const z = writeZset(c, key)
  if (z === null) return
  if (z === undefined) {
    c.w.integer(0)
    return
  }
  let lo: number
  let hi: number
  if (scoreRange !== null) [lo, hi] = z.scoreInterval(scoreRange, false, 0)
  else if (lexRange !== null) [lo, hi] = z.lexInterval(lexRange, false, 0)
  else [lo, hi] = rankInterval(z.size, start, end, false)
  const deleted = z.removeInterval(lo, hi)
  let keyRemoved = false
  if (z.size === 0) {
    c.db.delete(key)
    keyRemoved = true
  }
  if (deleted > 0) {
    c.db.modified(key)
    c.db.notify('z', REM_EVENTS[type], key)
    if (keyRemoved) c.db.notify('g', 'del', key)
  }
  c.srv.keyspace.dirty += deleted
  c.w.integer(deleted)
}

// --- Metadata ---

const WITHSCORES_ARG: ArgSpec = {
  name: 'withscores',
  type: 'pure-token',
  token: 'WITHSCORES',
  optional: true,
}
const RO_ACCESS = keyAt(1, 'RO', 'ACCESS')

function rangeSpec(
  name: string,
  since: string,
  summary: string,
  args: ArgSpec[],
  handler: (c: CommandClient, argv: string[]) => void,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since,
    summary,
    complexity: 'O(log N + M) for M members returned',
    arity: -4,
    flags: ['readonly'],
    acl: ['sortedset'],
    keys: [RO_ACCESS],
    args: [KEY_ARG, ...args],
    handler,
    ...extra,
  }
}

function remSpec(
  name: string,
  since: string,
  summary: string,
  args: ArgSpec[],
  handler: (c: CommandClient, argv: string[]) => void,
): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since,
    summary,
    complexity: 'O(log N + M) for M members removed',
    arity: 4,
    flags: ['write'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'RW', 'DELETE')],
    args: [KEY_ARG, ...args],
    handler,
  }
}

const SORTBY_ARG = (since?: string): ArgSpec => ({
  name: 'sortby',
  type: 'oneof',
  ...(since === undefined ? {} : { since }),
  optional: true,
  arguments: [
    { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
    { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
  ],
})
const MIN_MAX_DOUBLE: ArgSpec[] = [
  { name: 'min', type: 'double' },
  { name: 'max', type: 'double' },
]
const MAX_MIN_DOUBLE: ArgSpec[] = [
  { name: 'max', type: 'double' },
  { name: 'min', type: 'double' },
]
const MIN_MAX_STRING: ArgSpec[] = [
  { name: 'min', type: 'string' },
  { name: 'max', type: 'string' },
]
const MAX_MIN_STRING: ArgSpec[] = [
  { name: 'max', type: 'string' },
  { name: 'min', type: 'string' },
]
const START_STOP: ArgSpec[] = [
  { name: 'start', type: 'integer' },
  { name: 'stop', type: 'integer' },
]

const deprecated = (replacedBy: string): Partial<CommandSpec> => ({
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy,
})

/** ZRANGE and friends, ZRANGESTORE, ZREMRANGEBY*. */
export const sortedSetRangeCommands: CommandSpec[] = [
  rangeSpec(
    'zrange',
    '1.2.0',
    'Returns members of a sorted set by rank, score or lexicographic range.',
    [
      { name: 'start', type: 'string' },
      { name: 'stop', type: 'string' },
      SORTBY_ARG('6.2.0'),
      { name: 'rev', type: 'pure-token', token: 'REV', since: '6.2.0', optional: true },
      { ...LIMIT_ARG, since: '6.2.0' },
      WITHSCORES_ARG,
    ],
    zrangeCommand,
    { history: [['6.2.0', 'REV, BYSCORE, BYLEX and LIMIT options.']] },
  ),
  {
    name: 'zrangestore',
    group: 'sorted-set',
    since: '6.2.0',
    summary: 'Stores a range of a sorted set in another key.',
    complexity: 'O(log N + M) for M members stored',
    arity: -5,
    flags: ['write', 'denyoom'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'OW', 'UPDATE'), keyAt(2, 'RO', 'ACCESS')],
    args: [
      { name: 'dst', type: 'key', key_spec_index: 0 },
      { name: 'src', type: 'key', key_spec_index: 1 },
      { name: 'min', type: 'string' },
      { name: 'max', type: 'string' },
      SORTBY_ARG(),
      { name: 'rev', type: 'pure-token', token: 'REV', optional: true },
      LIMIT_ARG,
    ],
    handler: zrangestoreCommand,
  },
  rangeSpec(
    'zrangebyscore',
    '1.0.5',
    'Returns members of a sorted set within a score range.',
    [...MIN_MAX_DOUBLE, { ...WITHSCORES_ARG, since: '2.0.0' }, LIMIT_ARG],
    zrangebyscoreCommand,
    { ...deprecated('ZRANGE with BYSCORE'), history: [['2.0.0', 'WITHSCORES option.']] },
  ),
  rangeSpec(
    'zrevrangebyscore',
    '2.2.0',
    'Returns members of a sorted set within a score range, highest first.',
    [...MAX_MIN_DOUBLE, WITHSCORES_ARG, LIMIT_ARG],
    zrevrangebyscoreCommand,
    { ...deprecated('ZRANGE with REV and BYSCORE'), history: [['2.1.6', 'Exclusive min and max.']] },
  ),
  rangeSpec(
    'zrangebylex',
    '2.8.9',
    'Returns members of a sorted set within a lexicographic range.',
    [...MIN_MAX_STRING, LIMIT_ARG],
    zrangebylexCommand,
    deprecated('ZRANGE with BYLEX'),
  ),
  rangeSpec(
    'zrevrangebylex',
    '2.8.9',
    'Returns members of a sorted set within a lexicographic range, in reverse order.',
    [...MAX_MIN_STRING, LIMIT_ARG],
    zrevrangebylexCommand,
    deprecated('ZRANGE with REV and BYLEX'),
  ),
  rangeSpec(
    'zrevrange',
    '1.2.0',
    'Returns members of a sorted set by rank, highest score first.',
    [...START_STOP, WITHSCORES_ARG],
    zrevrangeCommand,
    deprecated('ZRANGE with REV'),
  ),
  remSpec(
    'zremrangebyrank',
    '2.0.0',
    'Removes the members of a sorted set within a rank range.',
    START_STOP,
    (c, argv) => zremrangeGeneric(c, argv, 'rank'),
  ),
  remSpec(
    'zremrangebyscore',
    '1.2.0',
    'Removes the members of a sorted set within a score range.',
    MIN_MAX_DOUBLE,
    (c, argv) => zremrangeGeneric(c, argv, 'score'),
  ),
  remSpec(
    'zremrangebylex',
    '2.8.9',
    'Removes the members of a sorted set within a lexicographic range.',
    MIN_MAX_STRING,
    (c, argv) => zremrangeGeneric(c, argv, 'lex'),
  ),
]
