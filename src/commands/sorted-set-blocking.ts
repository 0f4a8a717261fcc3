/**
 * Blocking sorted-set pops: BZPOPMIN, BZPOPMAX and BZMPOP. They answer at once when a key
 * holds a sorted set, else wait (server/blocking.ts) until a ZADD (or RENAME, EXEC...) gives
 * one of their keys members. See https://redis.io/commands/bzpopmin/ and https://redis.io/commands/bzmpop/
 */

import { SortedSetValue } from '../store/types/sorted-set.js'
import type { BlockWaiter, CommandClient } from './context.js'
import { numkeysGetKeys } from './key-extraction.js'
import { denyBlocking, parseTimeout } from './list-blocking.js'
import { MPOP_ARGS, parseMpopArgs } from './list-move.js'
import { writeZset } from './sorted-set-args.js'
import type { ArgSpec, CommandSpec } from './spec.js'

/**
 * Pops from 'z' at 'key' and replies as Redis's genericZpopCommand with the key emitted:
 * BZPOPMIN/BZPOPMAX ('count' -1) answer [key, member, score]; BZMPOP answers
 * [key, [[member, score], ...]]. Then the zpopmin/zpopmax event, WATCH signal and deletion.
 */
function popAndReply(c: CommandClient, key: string, z: SortedSetValue, max: boolean, count: number): void {
  const w = c.w
  const size = z.size
  const n = Math.min(count === -1 ? 1 : count, size)
  const nested = count !== -1
  w.arrayHeader(nested ? 2 : 3)
  w.bulk(key)
  if (nested) w.arrayHeader(n)
  const lo = max ? size - n : 0
  const hi = max ? size : n
  z.forEach(lo, hi, max, (m, s) => {
    if (nested) w.arrayHeader(2)
    w.bulk(m)
    w.double(s)
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

function zpopWaiter(max: boolean, count: number): BlockWaiter {
  return {
    serve(c, key) {
      const z = c.db.lookup(key)
      if (!(z instanceof SortedSetValue) || z.size === 0) return false
      popAndReply(c, key, z, max, count)
      return true
    },
    timeout: (c) => c.w.nullArray(),
  }
}

/** blockingGenericZpopCommand: pop at once from the first non-empty set, else wait. */
function bzpopGeneric(
  c: CommandClient,
  keys: string[],
  max: boolean,
  count: number,
  timeoutAt: number,
): void {
  for (const key of keys) {
    const z = writeZset(c, key)
    if (z === null) return
    if (z !== undefined && z.size > 0) {
      popAndReply(c, key, z, max, count)
      return
    }
  }
  if (denyBlocking(c)) {
    c.w.nullArray()
    return
  }
  c.srv.blocking.block(c, keys, timeoutAt, zpopWaiter(max, count))
}

function bzpopMinMax(c: CommandClient, argv: string[], max: boolean): void {
  const timeoutAt = parseTimeout(c, argv[argv.length - 1]!)
  if (timeoutAt === null) return
  bzpopGeneric(c, argv.slice(1, -1), max, -1, timeoutAt)
}

function bzmpopCommand(c: CommandClient, argv: string[]): void {
  const timeoutAt = parseTimeout(c, argv[1]!)
  if (timeoutAt === null) return
  const args = parseMpopArgs(c, argv, 2, ['min', 'max'])
  if (args === null) return
  bzpopGeneric(c, args.keys, !args.left, args.count, timeoutAt)
}

// --- Metadata ---

const KEYS_THEN_TIMEOUT: ArgSpec[] = [
  { name: 'key', type: 'key', key_spec_index: 0, multiple: true },
  { name: 'timeout', type: 'double' },
]
const TIMEOUT_HISTORY: [string, string][] = [
  ['6.0.0', 'The timeout may be fractional: a double number of seconds.'],
]

function bzpop(name: string, max: boolean, summary: string): CommandSpec {
  return {
    name,
    group: 'sorted-set',
    since: '5.0.0',
    summary,
    complexity: 'O(log(N)) with N the number of members of the sorted set',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    acl: ['sortedset'],
    keys: [{ flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 1 }, find: { range: [-2, 1, 0] } }],
    args: KEYS_THEN_TIMEOUT,
    history: TIMEOUT_HISTORY,
    handler: (c, argv) => bzpopMinMax(c, argv, max),
  }
}

const ZMPOP_ARGS: ArgSpec[] = MPOP_ARGS.map((a) =>
  a.name === 'where'
    ? {
        name: 'where',
        type: 'oneof',
        arguments: [
          { name: 'min', type: 'pure-token', token: 'MIN' },
          { name: 'max', type: 'pure-token', token: 'MAX' },
        ],
      }
    : a,
)

/** BZPOPMIN, BZPOPMAX, BZMPOP. */
export const sortedSetBlockingCommands: CommandSpec[] = [
  bzpop(
    'bzpopmin',
    false,
    'Pops the lowest-scored member of the first non-empty sorted set, waiting if needed.',
  ),
  bzpop(
    'bzpopmax',
    true,
    'Pops the highest-scored member of the first non-empty sorted set, waiting if needed.',
  ),
  {
    name: 'bzmpop',
    group: 'sorted-set',
    since: '7.0.0',
    summary: 'Pops members from the first non-empty sorted set among several, waiting if needed.',
    complexity: 'O(K) + O(M*log(N)) for K keys, M members popped, N members in the set',
    arity: -5,
    flags: ['write', 'blocking'],
    acl: ['sortedset'],
    keys: [{ flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } }],
    getKeys: (argv) => numkeysGetKeys(argv, 0, 2, 3),
    args: [{ name: 'timeout', type: 'double' }, ...ZMPOP_ARGS],
    handler: bzmpopCommand,
  },
]
