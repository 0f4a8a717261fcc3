/**
 * Sorted-set algebra: ZUNION, ZUNIONSTORE, ZINTER, ZINTERSTORE, ZINTERCARD, ZDIFF, ZDIFFSTORE
 * (WEIGHTS, AGGREGATE SUM|MIN|MAX, WITHSCORES, LIMIT), with plain sets accepted as inputs whose
 * members all score 1 (redis zunionInterDiffGenericCommand).
 * See https://redis.io/commands/zunionstore/
 */

import {
  ERR_LIMIT_NEGATIVE,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_WEIGHT_NOT_FLOAT,
  ERR_WRONGTYPE,
  errNeedInputKey,
} from '../protocol/reply-errors.js'
import { SetValue } from '../store/types/set.js'
import { SortedSetValue, sortedOrder } from '../store/types/sorted-set.js'
import type { Value } from '../store/value.js'
import { keywordIs } from '../util/c-string.js'
import { parseDouble } from '../util/parse-double.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead } from './generic-helpers.js'
import { numkeysGetKeys } from './key-extraction.js'
import {
  keyAt,
  keysCounted,
  parseLong,
  scoredArrayHeader,
  scoredElement,
  zsetLimits,
} from './sorted-set-args.js'
import type { ArgSpec, CommandSpec } from './spec.js'
import { setKey } from './string-access.js'

type SetOp = 'union' | 'inter' | 'diff'
type Aggregate = 'sum' | 'min' | 'max'

/** One input: a sorted set, a set (every member scores 1), or a missing key (empty). */
interface Source {
  readonly value: SortedSetValue | SetValue | null
  weight: number
}

function sourceSize(s: Source): number {
  return s.value === null ? 0 : s.value.size
}

/** Score of 'member' in 's', or undefined (redis zuiFind). */
function sourceScore(s: Source, member: string): number | undefined {
  const v = s.value
  if (v === null) return undefined
  if (v instanceof SetValue) return v.has(member) ? 1 : undefined
  return v.score(member)
}

/** Calls 'fn' for every element of 's' (redis zuiNext). */
function forEachElement(s: Source, fn: (member: string, score: number) => void): void {
  const v = s.value
  if (v === null) return
  if (v instanceof SetValue) {
    for (const m of v.values()) fn(m, 1)
  } else {
    v.forEach(0, v.size, false, (m, sc) => {
      fn(m, sc)
      return true
    })
  }
}

/** zunionInterAggregate: SUM turns the NaN of inf + -inf into 0; MIN/MAX ignore a NaN 'val'. */
function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === 'sum') {
    const r = target + val
    return Number.isNaN(r) ? 0 : r
  }
  if (how === 'min') return val < target ? val : target
  return val > target ? val : target
}

/**
 * zunionInterDiffGenericCommand. 'dst' is the destination key of the STORE forms (null
 * otherwise), 'numkeysIdx' where numkeys is, 'cardOnly' ZINTERCARD, 'fullName' the name its
 * errors quote. Inputs are read before the options are parsed, so WRONGTYPE comes first.
 */
function zsetOpGeneric(
  c: CommandClient,
  argv: string[],
  fullName: string,
  dst: string | null,
  numkeysIdx: number,
  op: SetOp,
  cardOnly: boolean,
): void {
  const setnum = parseLong(argv[numkeysIdx] as string)
  if (setnum === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  if (setnum < 1) {
    c.w.error(errNeedInputKey(fullName))
    return
  }
  if (setnum > argv.length - (numkeysIdx + 1)) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const sources: Source[] = []
  let j = numkeysIdx + 1
  for (let i = 0; i < setnum; i++, j++) {
    const key = argv[j] as string
    // redis 7.0 reads every input with lookupKeyRead (hits and misses count), STORE forms too.
    const v: Value | undefined = lookupRead(c, c.db, key, false)
    if (v !== undefined && !(v instanceof SortedSetValue) && !(v instanceof SetValue)) {
      c.w.error(ERR_WRONGTYPE)
      return
    }
    sources.push({ value: v ?? null, weight: 1 })
  }
  let how: Aggregate = 'sum'
  let withscores = false
  let limit = 0
  while (j < argv.length) {
    const opt = argv[j] as string
    const remaining = argv.length - j
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && keywordIs(opt, 'weights')) {
      j++
      for (const src of sources) {
        const w = parseDouble(argv[j++] as string)
        if (w === null) {
          c.w.error(ERR_WEIGHT_NOT_FLOAT)
          return
        }
        src.weight = w
      }
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && keywordIs(opt, 'aggregate')) {
      const a = argv[j + 1] as string
      if (keywordIs(a, 'sum')) how = 'sum'
      else if (keywordIs(a, 'min')) how = 'min'
      else if (keywordIs(a, 'max')) how = 'max'
      else {
        c.w.error(ERR_SYNTAX)
        return
      }
      j += 2
    } else if (dst === null && !cardOnly && keywordIs(opt, 'withscores')) {
      withscores = true
      j++
    } else if (cardOnly && remaining >= 2 && keywordIs(opt, 'limit')) {
      const l = parseInt64(argv[j + 1] as string)
      if (l === null || l < 0n) {
        c.w.error(ERR_LIMIT_NEGATIVE)
        return
      }
      limit = l > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(l)
      j += 2
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }

  // Smallest inputs first (a stable sort, as glibc's qsort is here): intersections probe
  // less, and SUM adds the scores in this order, which decides its rounding.
  if (op !== 'diff') sources.sort((a, b) => sourceSize(a) - sourceSize(b))

  if (cardOnly) {
    c.w.integer(intersect(sources, how, null, null, limit))
    return
  }
  const members: string[] = []
  const scores: number[] = []
  if (op === 'inter') intersect(sources, how, members, scores, 0)
  else if (op === 'union') unite(sources, how, members, scores)
  else subtract(sources, members, scores)

  if (dst !== null) {
    if (members.length > 0) {
      setKey(c, dst, SortedSetValue.fromEntries(members, scores, zsetLimits(c)))
      c.w.integer(members.length)
      c.db.notify('z', `z${op}store`, dst)
      c.srv.keyspace.dirty++
    } else {
      c.w.integer(0)
      if (c.db.delete(dst)) {
        c.db.modified(dst)
        c.db.notify('g', 'del', dst)
        c.srv.keyspace.dirty++
      }
    }
    return
  }
  const order = sortedOrder(members, scores)
  scoredArrayHeader(c.w, order.length, withscores)
  for (const i of order) scoredElement(c.w, members[i] as string, scores[i] as number, withscores)
}

/**
 * Members of the first (smallest) input present in every other one, with aggregated scores;
 * returns how many. With null outputs it only counts, stopping at 'limit' when non-zero.
 */
function intersect(
  sources: readonly Source[],
  how: Aggregate,
  members: string[] | null,
  scores: number[] | null,
  limit: number,
): number {
  const first = sources[0] as Source
  let count = 0
  if (sourceSize(first) === 0) return 0
  const v = first.value as SortedSetValue | SetValue
  const visit = (m: string, s: number): boolean => {
    let score = first.weight * s
    if (Number.isNaN(score)) score = 0
    for (let k = 1; k < sources.length; k++) {
      const src = sources[k] as Source
      const found = src.value === first.value ? s : sourceScore(src, m)
      if (found === undefined) return true
      score = aggregate(score, found * src.weight, how)
    }
    count++
    if (members !== null && scores !== null) {
      members.push(m)
      scores.push(score)
    }
    return limit === 0 || count < limit
  }
  if (v instanceof SetValue) {
    for (const m of v.values()) if (!visit(m, 1)) break
  } else {
    v.forEach(0, v.size, false, visit)
  }
  return count
}

/** Every member of any input, with scores aggregated in input order. */
function unite(sources: readonly Source[], how: Aggregate, members: string[], scores: number[]): void {
  const acc = new Map<string, number>()
  for (const src of sources) {
    forEachElement(src, (m, s) => {
      let score = src.weight * s
      if (Number.isNaN(score)) score = 0
      const cur = acc.get(m)
      acc.set(m, cur === undefined ? score : aggregate(cur, score, how))
    })
  }
  for (const [m, s] of acc) {
    members.push(m)
    scores.push(s)
  }
}

/** Members of the first input found in no other, with their first-input scores. */
function subtract(sources: readonly Source[], members: string[], scores: number[]): void {
  const first = sources[0] as Source
  forEachElement(first, (m, s) => {
    for (let k = 1; k < sources.length; k++) {
      if (sourceScore(sources[k] as Source, m) !== undefined) return
    }
    members.push(m)
    scores.push(s)
  })
}

// --- Metadata ---

const NUMKEYS_ARG: ArgSpec = { name: 'numkeys', type: 'integer' }
const WEIGHT_ARG: ArgSpec = {
  name: 'weight',
  type: 'integer',
  token: 'WEIGHTS',
  optional: true,
  multiple: true,
}
const AGGREGATE_ARG: ArgSpec = {
  name: 'aggregate',
  type: 'oneof',
  token: 'AGGREGATE',
  optional: true,
  arguments: [
    { name: 'sum', type: 'pure-token', token: 'SUM' },
    { name: 'min', type: 'pure-token', token: 'MIN' },
    { name: 'max', type: 'pure-token', token: 'MAX' },
  ],
}
const WITHSCORES_ARG: ArgSpec = {
  name: 'withscores',
  type: 'pure-token',
  token: 'WITHSCORES',
  optional: true,
}
const keysArg = (index: number): ArgSpec => ({
  name: 'key',
  type: 'key',
  key_spec_index: index,
  multiple: true,
})

function readOp(
  name: string,
  summary: string,
  complexity: string,
  tail: ArgSpec[],
  handler: (c: CommandClient, argv: string[]) => void,
): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since: '6.2.0',
    summary,
    complexity,
    arity: -3,
    flags: ['readonly'],
    acl: ['sortedset'],
    keys: [keysCounted(1, 'RO', 'ACCESS')],
    // redis zunionInterDiffGetKeys: numkeys read with atoi() when the spec cannot parse it.
    getKeys: (argv) => numkeysGetKeys(argv, 0, 1, 2),
    args: [NUMKEYS_ARG, keysArg(0), ...tail],
    handler,
  }
}

function storeOp(
  name: string,
  since: string,
  summary: string,
  complexity: string,
  tail: ArgSpec[],
  handler: (c: CommandClient, argv: string[]) => void,
): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since,
    summary,
    complexity,
    arity: -4,
    flags: ['write', 'denyoom'],
    acl: ['sortedset'],
    keys: [keyAt(1, 'OW', 'UPDATE'), keysCounted(2, 'RO', 'ACCESS')],
    // redis zunionInterDiffStoreGetKeys: the sources, then the destination.
    getKeys: (argv) => numkeysGetKeys(argv, 1, 2, 3),
    args: [{ name: 'destination', type: 'key', key_spec_index: 0 }, NUMKEYS_ARG, keysArg(1), ...tail],
    handler,
  }
}

const UNION_COST = 'O(N) for N input elements, plus O(M log M) to order M results'
const INTER_COST = 'O(N*K) for the smallest input of N elements and K inputs, plus O(M log M)'
const DIFF_COST = 'O(L + (N-K) log N) over all input elements'

/** ZUNION, ZUNIONSTORE, ZINTER, ZINTERSTORE, ZINTERCARD, ZDIFF, ZDIFFSTORE. */
export const sortedSetStoreCommands: CommandSpec[] = [
  readOp(
    'zunion',
    'Returns the union of sorted sets (and sets).',
    UNION_COST,
    [WEIGHT_ARG, AGGREGATE_ARG, WITHSCORES_ARG],
    (c, argv) => zsetOpGeneric(c, argv, 'zunion', null, 1, 'union', false),
  ),
  storeOp(
    'zunionstore',
    '2.0.0',
    'Stores the union of sorted sets (and sets) in a key.',
    UNION_COST,
    [WEIGHT_ARG, AGGREGATE_ARG],
    (c, argv) => zsetOpGeneric(c, argv, 'zunionstore', argv[1] as string, 2, 'union', false),
  ),
  readOp(
    'zinter',
    'Returns the intersection of sorted sets (and sets).',
    INTER_COST,
    [WEIGHT_ARG, AGGREGATE_ARG, WITHSCORES_ARG],
    (c, argv) => zsetOpGeneric(c, argv, 'zinter', null, 1, 'inter', false),
  ),
  storeOp(
    'zinterstore',
    '2.0.0',
    'Stores the intersection of sorted sets (and sets) in a key.',
    INTER_COST,
    [WEIGHT_ARG, AGGREGATE_ARG],
    (c, argv) => zsetOpGeneric(c, argv, 'zinterstore', argv[1] as string, 2, 'inter', false),
  ),
  {
    ...readOp(
      'zintercard',
      'Counts the members of the intersection of sorted sets (and sets).',
      'O(N*K) for the smallest input of N elements and K inputs',
      [{ name: 'limit', type: 'integer', token: 'LIMIT', optional: true }],
      (c, argv) => zsetOpGeneric(c, argv, 'zintercard', null, 1, 'inter', true),
    ),
    since: '7.0.0',
  },
  readOp(
    'zdiff',
    'Returns the members of the first sorted set found in none of the others.',
    DIFF_COST,
    [WITHSCORES_ARG],
    (c, argv) => zsetOpGeneric(c, argv, 'zdiff', null, 1, 'diff', false),
  ),
  storeOp(
    'zdiffstore',
    '6.2.0',
    'Stores the difference of sorted sets (and sets) in a key.',
    DIFF_COST,
    [],
    (c, argv) => zsetOpGeneric(c, argv, 'zdiffstore', argv[1] as string, 2, 'diff', false),
  ),
]
