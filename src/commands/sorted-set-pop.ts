/**
 * Sorted-set pops and sampling: ZPOPMIN, ZPOPMAX, ZMPOP (the non-blocking forms; BZPOPMIN,
 * BZPOPMAX and BZMPOP come with list blocking) and ZRANDMEMBER.
 * See https://redis.io/commands/zpopmin/ and https://redis.io/commands/zrandmember/
 */

import {
  ERR_COUNT_POSITIVE,
  ERR_MUST_BE_POSITIVE,
  ERR_NUMKEYS_POSITIVE,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import type { SortedSetValue } from '../store/types/sorted-set.js'
import { keywordIs } from '../util/c-string.js'
import { formatDouble } from '../util/float-format.js'
import { parseInt64 } from '../util/strict-int.js'
import { BoundedReply, MIN_BULK_BYTES, parsePairedSampleArgs, samplePositions } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { numkeysGetKeys } from './key-extraction.js'
import {
  KEY_ARG,
  keyAt,
  keysCounted,
  readZset,
  scoredArrayHeader,
  scoredElement,
  writeZset,
} from './sorted-set-args.js'
import type { CommandSpec } from './spec.js'

const LONG_MAX = 2n ** 63n - 1n
/** Fewest bytes a score adds to a sampled element ("$1\r\n0\r\n"; RESP3 ",0\r\n" plus "*2\r\n"). */
const MIN_SCORE_BYTES = 7

// --- ZPOPMIN / ZPOPMAX / ZMPOP ---

/**
 * genericZpopCommand: pops up to 'count' elements from the lowest (or, with 'max', highest)
 * end of the first non-empty sorted set among 'keys'. 'emitKey' prefixes the key (ZMPOP),
 * 'nested' replies [member, score] pairs, 'nilWhenEmpty' answers a null array rather than an
 * empty one when no key holds a set. 'count' 0 answers an empty array; -1 is a plain pop.
 */
function zpopGeneric(
  c: CommandClient,
  keys: readonly string[],
  max: boolean,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): void {
  let key = ''
  let z: SortedSetValue | undefined
  for (const k of keys) {
    const v = writeZset(c, k)
    if (v === null) return
    if (v === undefined) continue
    key = k
    z = v
    break
  }
  if (z === undefined) {
    if (nilWhenEmpty) c.w.nullArray()
    else c.w.arrayHeader(0)
    return
  }
  if (count === 0) {
    c.w.arrayHeader(0)
    return
  }
  if (count === -1) count = 1
  const size = z.size
  const n = Math.min(count, size)
  if (emitKey) {
    c.w.arrayHeader(2)
    c.w.bulk(key)
    c.w.arrayHeader(n)
  } else {
    c.w.arrayHeader(nested ? n : n * 2)
  }
  const lo = max ? size - n : 0
  const hi = max ? size : n
  z.forEach(lo, hi, max, (m, s) => {
    if (nested) c.w.arrayHeader(2)
    c.w.bulk(m)
    c.w.double(s)
  })
  z.removeInterval(lo, hi)
  c.srv.keyspace.dirty += n
  c.db.notify('z', max ? 'zpopmax' : 'zpopmin', key)
  c.db.modified(key)
  if (z.size === 0) {
    c.db.delete(key)
    c.db.notify('g', 'del', key)
  }
}

function zpopMinMax(c: CommandClient, argv: string[], max: boolean): void {
  if (argv.length > 3) {
    c.w.error(ERR_SYNTAX)
    return
  }
  let count = -1
  if (argv.length === 3) {
    const v = parseInt64(argv[2] as string)
    if (v === null || v < 0n) {
      c.w.error(ERR_MUST_BE_POSITIVE)
      return
    }
    count = v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }
  // RESP3 nests the pairs when a count was given (even 1); a plain pop stays flat.
  zpopGeneric(c, [argv[1] as string], max, false, count, c.w.resp !== 2 && count !== -1, false)
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] (redis zmpopGenericCommand). */
function zmpopCommand(c: CommandClient, argv: string[]): void {
  const numkeys = parseInt64(argv[1] as string)
  if (numkeys === null || numkeys < 1n) {
    c.w.error(ERR_NUMKEYS_POSITIVE)
    return
  }
  const whereIdx = 2 + Number(numkeys > BigInt(argv.length) ? BigInt(argv.length) : numkeys)
  if (whereIdx >= argv.length) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const where = argv[whereIdx] as string
  let max: boolean
  if (keywordIs(where, 'min')) max = false
  else if (keywordIs(where, 'max')) max = true
  else {
    c.w.error(ERR_SYNTAX)
    return
  }
  let count = -1
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j
    if (count === -1 && keywordIs(argv[j] as string, 'count') && more > 0) {
      j++
      const v = parseInt64(argv[j] as string)
      if (v === null || v < 1n || v > LONG_MAX) {
        c.w.error(ERR_COUNT_POSITIVE)
        return
      }
      count = v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  if (count === -1) count = 1
  zpopGeneric(c, argv.slice(2, whereIdx), max, true, count, true, true)
}

// --- ZRANDMEMBER ---

function zrandmemberCommand(c: CommandClient, argv: string[]): void {
  if (argv.length >= 3) {
    const args = parsePairedSampleArgs(c, argv, 'withscores')
    if (args === null) return
    zrandmemberWithCount(c, argv[1] as string, args.count, args.paired)
    return
  }
  const z = readZset(c, argv[1] as string)
  if (z === null) return
  if (z === undefined) {
    c.w.nullBulk()
    return
  }
  c.w.bulk(z.at(Math.floor(Math.random() * z.size))[0])
}

/**
 * zrandmemberWithCountCommand. A negative count samples with repetition (|count| picks, the
 * reply bounded by RANDOM_REPLY_MAX_BYTES); a positive one returns distinct members, the whole
 * set when count >= size.
 */
function zrandmemberWithCount(c: CommandClient, key: string, count: bigint, withscores: boolean): void {
  const z = readZset(c, key)
  if (z === null) return
  if (z === undefined || count === 0n) {
    c.w.arrayHeader(0)
    return
  }
  const size = z.size
  const resp3 = c.w.resp !== 2
  if (count < 0n || count === 1n) {
    const draws = count < 0n ? -count : count
    const out = new BoundedReply()
    // A count whose smallest possible reply passes the budget is refused before any work.
    if (!out.fits(draws, withscores ? MIN_BULK_BYTES + MIN_SCORE_BYTES : MIN_BULK_BYTES)) {
      out.flush(c, 0)
      return
    }
    const n = Number(draws)
    for (let i = 0; i < n && out.ok; i++) {
      const [m, s] = z.at(Math.floor(Math.random() * size))
      if (withscores && resp3) out.header('*2')
      if (!out.bulk(m)) break
      if (withscores) {
        if (resp3) out.header(`,${formatDouble(s)}`)
        else out.bulk(formatDouble(s))
      }
    }
    out.flush(c, withscores && !resp3 ? n * 2 : n)
    return
  }
  if (count >= BigInt(size)) {
    // The whole set: redis 7.0 lists a listpack from its tail (a hash table in any order).
    scoredArrayHeader(c.w, size, withscores)
    z.forEach(0, size, z.isListpack, (m, s) => scoredElement(c.w, m, s, withscores))
    return
  }
  const positions = samplePositions(size, Number(count), Math.random)
  scoredArrayHeader(c.w, positions.length, withscores)
  for (const p of positions) {
    const [m, s] = z.at(p)
    scoredElement(c.w, m, s, withscores)
  }
}

// --- Metadata ---

const COUNT_OPT = { name: 'count', type: 'integer', optional: true } as const
const POP_KEY = keyAt(1, 'RW', 'ACCESS', 'DELETE')

/** The spec of ZPOPMIN, or with 'max' of ZPOPMAX: the two differ only in the end they pop from. */
function zpopSpec(max: boolean): CommandSpec {
  return {
    name: max ? 'zpopmax' : 'zpopmin',
    group: 'sorted-set',
    since: '5.0.0',
    summary: `Removes and returns the members with the ${max ? 'highest' : 'lowest'} scores.`,
    complexity: 'O(log N + M) for M members popped',
    arity: -2,
    flags: ['write', 'fast'],
    acl: ['sortedset'],
    keys: [POP_KEY],
    args: [KEY_ARG, COUNT_OPT],
    handler: (c, argv) => zpopMinMax(c, argv, max),
  }
}

/** ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER. */
export const sortedSetPopCommands: CommandSpec[] = [
  zpopSpec(false),
  zpopSpec(true),
  {
    name: 'zmpop',
    group: 'sorted-set',
    since: '7.0.0',
    summary: 'Pops the lowest or highest scored members of the first non-empty sorted set given.',
    complexity: 'O(K + M log N) for K keys and M members popped',
    arity: -4,
    flags: ['write'],
    acl: ['sortedset'],
    keys: [keysCounted(1, 'RW', 'ACCESS', 'DELETE')],
    // redis zmpopGetKeys: numkeys read with atoi() when the spec cannot parse it.
    getKeys: (argv) => numkeysGetKeys(argv, 0, 1, 2),
    args: [
      { name: 'numkeys', type: 'integer' },
      { name: 'key', type: 'key', key_spec_index: 0, multiple: true },
      {
        name: 'where',
        type: 'oneof',
        arguments: [
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ],
      },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: zmpopCommand,
  },
  {
    name: 'zrandmember',
    group: 'sorted-set',
    since: '6.2.0',
    summary: 'Returns random members of a sorted set, optionally with their scores.',
    complexity: 'O(N) for N members returned',
    arity: -2,
    flags: ['readonly'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'RO', 'ACCESS')],
    tips: ['nondeterministic_output'],
    args: [
      KEY_ARG,
      {
        name: 'options',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'count', type: 'integer' },
          { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', optional: true },
        ],
      },
    ],
    handler: zrandmemberCommand,
  },
]
