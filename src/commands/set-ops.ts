/**
 * Set algebra: SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE, with
 * Redis 7.0's algorithms, since they decide the order of a reply: SINTER walks the smallest
 * set (sets sorted by size, stably) and replies in its order; SUNION and SDIFF build a new set
 * (an intset while the result allows, so ascending) and reply in its order; SDIFF picks
 * between two strategies by estimated work. An empty result deletes the destination.
 * See https://redis.io/commands/sinter/ and https://redis.io/commands/sdiff/
 */

import {
  ERR_LIMIT_NEGATIVE,
  ERR_NUMKEYS_POSITIVE,
  ERR_NUMKEYS_TOO_MANY,
  ERR_SYNTAX,
  ERR_WRONGTYPE,
} from '../protocol/reply-errors.js'
import { SetValue } from '../store/types/set.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import { maxIntsetEntries } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { numkeysGetKeys } from './key-extraction.js'
import type { ArgSpec, CommandSpec, KeySpec } from './spec.js'
import { lookupRead, setKey } from './string-access.js'

/**
 * Looks up every key for reading (counting hits and misses); a missing key is null. Returns
 * undefined after replying WRONGTYPE when any key holds another type, even after a missing one.
 */
function lookupSets(c: CommandClient, keys: readonly string[]): (SetValue | null)[] | undefined {
  const sets: (SetValue | null)[] = []
  for (const key of keys) {
    const v = lookupRead(c, key)
    if (v === undefined) {
      sets.push(null)
    } else if (v instanceof SetValue) {
      sets.push(v)
    } else {
      c.w.error(ERR_WRONGTYPE)
      return undefined
    }
  }
  return sets
}

/** Stores a non-empty result at 'dst' (setKey, TTL cleared) or deletes 'dst'; replies with the size. */
function storeResult(c: CommandClient, dst: string, result: SetValue, event: string): void {
  if (result.size > 0) {
    setKey(c, dst, result)
    c.w.integer(result.size)
    c.db.notify('s', event, dst)
    c.srv.keyspace.dirty++
    return
  }
  c.w.integer(0)
  if (c.db.delete(dst)) {
    c.srv.keyspace.dirty++
    c.db.modified(dst)
    c.db.notify('g', 'del', dst)
  }
}

/**
 * sinterGenericCommand. 'dst' set: SINTERSTORE; 'cardinalityOnly': SINTERCARD, stopping at
 * 'limit' (0 = none). Work: O(N*M), N the smallest set's size, M the number of sets.
 */
function sinterGeneric(
  c: CommandClient,
  keys: readonly string[],
  dst: string | null,
  cardinalityOnly: boolean,
  limit: number,
): void {
  const found = lookupSets(c, keys)
  if (found === undefined) return
  const w = c.w
  if (found.includes(null)) {
    // Intersecting with an empty set is empty.
    if (dst !== null) {
      if (c.db.delete(dst)) {
        c.db.modified(dst)
        c.db.notify('g', 'del', dst)
        c.srv.keyspace.dirty++
      }
      w.integer(0)
    } else if (cardinalityOnly) {
      w.integer(0)
    } else {
      w.setHeader(0)
    }
    return
  }
  // Array.prototype.sort is stable, as glibc's qsort (a merge sort) is for Redis.
  const sets = (found as SetValue[]).sort((a, b) => a.size - b.size)
  const first = sets[0] as SetValue
  const result = dst !== null ? new SetValue() : null
  const max = maxIntsetEntries(c)
  const members: string[] = []
  let cardinality = 0
  outer: for (const m of first.values()) {
    for (let j = 1; j < sets.length; j++) {
      const s = sets[j] as SetValue
      if (s !== first && !s.has(m)) continue outer
    }
    if (cardinalityOnly) {
      cardinality++
      if (limit > 0 && cardinality >= limit) break
    } else if (result !== null) {
      result.add(m, max)
    } else {
      members.push(m)
    }
  }
  if (cardinalityOnly) w.integer(cardinality)
  else if (result !== null && dst !== null) storeResult(c, dst, result, 'sinterstore')
  else {
    w.setHeader(members.length)
    for (const m of members) w.bulk(m)
  }
}

function sinterCommand(c: CommandClient, argv: string[]): void {
  sinterGeneric(c, argv.slice(1), null, false, 0)
}

function sinterstoreCommand(c: CommandClient, argv: string[]): void {
  sinterGeneric(c, argv.slice(2), argv[1]!, false, 0)
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercardCommand(c: CommandClient, argv: string[]): void {
  const numkeys = parseInt64(argv[1]!)
  if (numkeys === null || numkeys < 1n) {
    c.w.error(ERR_NUMKEYS_POSITIVE)
    return
  }
  if (numkeys > BigInt(argv.length - 2)) {
    c.w.error(ERR_NUMKEYS_TOO_MANY)
    return
  }
  const n = Number(numkeys)
  let limit = 0
  for (let i = 2 + n; i < argv.length; i++) {
    if (keywordIs(argv[i]!, 'limit') && i + 1 < argv.length) {
      i++
      const l = parseInt64(argv[i]!)
      if (l === null || l < 0n) {
        c.w.error(ERR_LIMIT_NEGATIVE)
        return
      }
      // Beyond 2^53 a limit can never be reached by a set's size: the same as no limit.
      limit = l > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(l)
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + n), null, true, limit)
}

/**
 * sunionDiffGenericCommand. The result is built as a new set (an intset until it cannot be),
 * so SUNION/SDIFF reply in that set's order. SDIFF uses algorithm 1 (walk the first set,
 * test the others: O(N*M)) unless algorithm 2 (add the first, remove the others: O(total))
 * is estimated to do less than half the work, as Redis chooses.
 */
function sunionDiffGeneric(
  c: CommandClient,
  keys: readonly string[],
  dst: string | null,
  isDiff: boolean,
): void {
  const sets = lookupSets(c, keys)
  if (sets === undefined) return
  const first = sets[0] ?? null
  let algorithm = 1
  if (isDiff && first !== null) {
    let one = 0
    let two = 0
    for (const s of sets) {
      if (s === null) continue
      one += first.size
      two += s.size
    }
    algorithm = Math.floor(one / 2) <= two ? 1 : 2
    if (algorithm === 1 && sets.length > 1) {
      // Subtract the largest sets first (stable sort by decreasing size; missing keys are 0).
      const rest = sets.slice(1).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0))
      for (let j = 0; j < rest.length; j++) sets[j + 1] = rest[j] ?? null
    }
  }
  const max = maxIntsetEntries(c)
  const result = new SetValue()
  if (!isDiff) {
    for (const s of sets) {
      if (s === null) continue
      for (const m of s.values()) result.add(m, max)
    }
  } else if (first !== null && algorithm === 1) {
    outer: for (const m of first.values()) {
      for (let j = 1; j < sets.length; j++) {
        const s = sets[j]
        if (s === null || s === undefined) continue
        if (s === first || s.has(m)) continue outer
      }
      result.add(m, max)
    }
  } else if (first !== null) {
    for (let j = 0; j < sets.length; j++) {
      const s = sets[j]
      if (s === null || s === undefined) continue
      if (j === 0) for (const m of s.values()) result.add(m, max)
      else for (const m of s.values()) result.remove(m)
      if (result.size === 0) break
    }
  }
  if (dst !== null) {
    storeResult(c, dst, result, isDiff ? 'sdiffstore' : 'sunionstore')
    return
  }
  c.w.setHeader(result.size)
  for (const m of result.values()) c.w.bulk(m)
}

function sunionCommand(c: CommandClient, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, false)
}

function sunionstoreCommand(c: CommandClient, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1]!, false)
}

function sdiffCommand(c: CommandClient, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(1), null, true)
}

function sdiffstoreCommand(c: CommandClient, argv: string[]): void {
  sunionDiffGeneric(c, argv.slice(2), argv[1]!, true)
}

// --- Metadata ---

const ALL_KEYS_RO: KeySpec = { flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { range: [-1, 1, 0] } }
const SOURCES_RO: KeySpec = { flags: ['RO', 'ACCESS'], begin: { index: 2 }, find: { range: [-1, 1, 0] } }
const KEYS_ARG: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0, multiple: true }
const STORE_ARGS: ArgSpec[] = [
  { name: 'destination', type: 'key', key_spec_index: 0 },
  { name: 'key', type: 'key', key_spec_index: 1, multiple: true },
]
const INTER_COMPLEXITY =
  'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.'
const UNION_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.'

/** A read command over every key from argv[1] on (SINTER, SUNION, SDIFF). */
function readOp(
  name: string,
  summary: string,
  complexity: string,
  handler: CommandSpec['handler'] & object,
): CommandSpec {
  return {
    name,
    group: 'set',
    since: '1.0.0',
    summary,
    complexity,
    arity: -2,
    flags: ['readonly'],
    acl: ['set'],
    keys: [ALL_KEYS_RO],
    tips: ['nondeterministic_output_order'],
    args: [KEYS_ARG],
    handler,
  }
}

/** A STORE variant: destination at argv[1] ('dstFlags'), sources from argv[2] on. */
function storeOp(
  name: string,
  summary: string,
  complexity: string,
  dstFlags: KeySpec['flags'],
  handler: CommandSpec['handler'] & object,
): CommandSpec {
  return {
    name,
    group: 'set',
    since: '1.0.0',
    summary,
    complexity,
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['set'],
    keys: [{ flags: dstFlags, begin: { index: 1 }, find: { range: [0, 1, 0] } }, SOURCES_RO],
    args: STORE_ARGS,
    handler,
  }
}

/** SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE. */
export const setOpsCommands: CommandSpec[] = [
  readOp('sinter', 'Returns the members common to every given set.', INTER_COMPLEXITY, sinterCommand),
  {
    name: 'sintercard',
    group: 'set',
    since: '7.0.0',
    summary: 'Counts the members common to every given set, optionally stopping at a limit.',
    complexity: INTER_COMPLEXITY,
    arity: -3,
    flags: ['readonly'],
    acl: ['set'],
    keys: [{ flags: ['RO', 'ACCESS'], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }],
    // redis sintercardGetKeys: numkeys read with atoi() when the spec cannot parse it.
    getKeys: (argv) => numkeysGetKeys(argv, 0, 1, 2),
    args: [
      { name: 'numkeys', type: 'integer' },
      KEYS_ARG,
      { name: 'limit', type: 'integer', token: 'LIMIT', optional: true },
    ],
    handler: sintercardCommand,
  },
  storeOp(
    'sinterstore',
    'Stores the members common to every given set in a key.',
    INTER_COMPLEXITY,
    ['RW', 'UPDATE'],
    sinterstoreCommand,
  ),
  readOp('sunion', 'Returns the members of all the given sets.', UNION_COMPLEXITY, sunionCommand),
  storeOp(
    'sunionstore',
    'Stores the members of all the given sets in a key.',
    UNION_COMPLEXITY,
    ['OW', 'UPDATE'],
    sunionstoreCommand,
  ),
  readOp(
    'sdiff',
    'Returns the members of the first set that are in none of the others.',
    UNION_COMPLEXITY,
    sdiffCommand,
  ),
  storeOp(
    'sdiffstore',
    'Stores the members of the first set that are in none of the others in a key.',
    UNION_COMPLEXITY,
    ['OW', 'UPDATE'],
    sdiffstoreCommand,
  ),
]
