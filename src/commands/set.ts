/**
 * Set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SMOVE, SSCAN; SPOP and
 * SRANDMEMBER live in set-random.ts, the SINTER/SUNION/SDIFF families in set-ops.ts.
 * Encoding threshold: set-max-intset-entries (store/types/set.ts).
 * See https://redis.io/commands/?group=set
 */

import { ERR_INVALID_CURSOR, ERR_WRONGTYPE } from '../protocol/reply-errors.js'
import { SetValue } from '../store/types/set.js'
import { maxIntsetEntries, readTyped, removeMembers, scanBuckets, writeTyped } from './collection-helpers.js'
import type { CommandClient } from './context.js'
import { parseScanCursor, parseScanOptions } from './generic-scan.js'
import { setOpsCommands } from './set-ops.js'
import { setRandomCommands } from './set-random.js'
import type { ArgSpec, CommandFlag, CommandSpec, KeySpecFlag } from './spec.js'
import { addKey, firstKey, lookupRead } from './string-access.js'

// --- Writes ---

function saddCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  let set = writeTyped(c, key, SetValue)
  if (set === null) return
  if (set === undefined) {
    set = SetValue.forMember(argv[2]!)
    addKey(c, key, set)
  }
  const max = maxIntsetEntries(c)
  let added = 0
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i]!, max)) added++
  if (added > 0) {
    c.db.modified(key)
    c.db.notify('s', 'sadd', key)
  }
  c.srv.keyspace.dirty += added
  c.w.integer(added)
}

function sremCommand(c: CommandClient, argv: string[]): void {
  const key = argv[1]!
  const set = writeTyped(c, key, SetValue)
  if (set === null) return
  if (set === undefined) {
    c.w.integer(0)
    return
  }
  removeMembers(c, key, argv, set, (member) => set.remove(member), 's', 'srem')
}

/** SMOVE: one member from one set to another, with Redis's events and dirty counts. */
function smoveCommand(c: CommandClient, argv: string[]): void {
  const srcKey = argv[1]!
  const dstKey = argv[2]!
  const member = argv[3]!
  const src = c.db.lookup(srcKey)
  const dst = c.db.lookup(dstKey)
  // A missing source answers 0 before any type check of the destination.
  if (src === undefined) {
    c.w.integer(0)
    return
  }
  if (!(src instanceof SetValue) || (dst !== undefined && !(dst instanceof SetValue))) {
    c.w.error(ERR_WRONGTYPE)
    return
  }
  if (src === dst) {
    c.w.integer(src.has(member) ? 1 : 0)
    return
  }
  if (!src.remove(member)) {
    c.w.integer(0)
    return
  }
  c.db.notify('s', 'srem', srcKey)
  if (src.size === 0) {
    c.db.delete(srcKey)
    c.db.notify('g', 'del', srcKey)
  }
  let target: SetValue
  if (dst === undefined) {
    target = SetValue.forMember(member)
    addKey(c, dstKey, target)
  } else {
    target = dst
  }
  c.db.modified(srcKey)
  c.srv.keyspace.dirty++
  if (target.add(member, maxIntsetEntries(c))) {
    c.srv.keyspace.dirty++
    c.db.modified(dstKey)
    c.db.notify('s', 'sadd', dstKey)
  }
  c.w.integer(1)
}

// --- Reads ---

/** SMEMBERS (Redis runs it as a one-key SINTER): intsets in ascending order. */
function smembersCommand(c: CommandClient, argv: string[]): void {
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  const w = c.w
  if (set === undefined) {
    w.setHeader(0)
    return
  }
  w.setHeader(set.size)
  for (const m of set.values()) w.bulk(m)
}

function sismemberCommand(c: CommandClient, argv: string[]): void {
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  c.w.integer(set?.has(argv[2]!) ? 1 : 0)
}

function smismemberCommand(c: CommandClient, argv: string[]): void {
  // A missing key is an empty set: one 0 per member.
  const set = lookupRead(c, argv[1]!)
  if (set !== undefined && !(set instanceof SetValue)) {
    c.w.error(ERR_WRONGTYPE)
    return
  }
  const w = c.w
  w.arrayHeader(argv.length - 2)
  for (let i = 2; i < argv.length; i++) w.raw(set?.has(argv[i]!) ? ':1\r\n' : ':0\r\n')
}

function scardCommand(c: CommandClient, argv: string[]): void {
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  c.w.integer(set === undefined ? 0 : set.size)
}

function sscanCommand(c: CommandClient, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!)
  if (cursor === null) {
    c.w.error(ERR_INVALID_CURSOR)
    return
  }
  const set = readTyped(c, argv[1]!, SetValue)
  if (set === null) return
  const w = c.w
  if (set === undefined) {
    w.raw('*2\r\n$1\r\n0\r\n*0\r\n')
    return
  }
  // redis 7.0: options are parsed only once the key is known to hold a set.
  const opts = parseScanOptions(c, argv, 3, false)
  if (opts === null) return
  let next = 0
  let members: string[]
  if (set.isIntset) {
    // An intset is returned whole in one call, whatever the cursor and COUNT.
    members = []
    for (const m of set.values()) if (opts.match === null || opts.match(m)) members.push(m)
  } else {
    const step = scanBuckets(set, cursor, opts)
    next = step.next
    members = step.items
  }
  w.arrayHeader(2)
  w.bulk(String(next))
  w.bulkArray(members)
}

// --- Metadata ---

const KEY: ArgSpec = { name: 'key', type: 'key', key_spec_index: 0 }
const MEMBER: ArgSpec = { name: 'member', type: 'string' }
const MEMBERS: ArgSpec = { name: 'member', type: 'string', multiple: true }

/** A set command whose only key is argv[1]. */
function setCommand(
  spec: Omit<CommandSpec, 'group' | 'acl' | 'keys'> & { keyFlags: KeySpecFlag[] },
): CommandSpec {
  const { keyFlags, ...rest } = spec
  return { ...rest, group: 'set', acl: ['set'], keys: [firstKey(keyFlags)] }
}

const READ_FAST: CommandFlag[] = ['readonly', 'fast']

/** Every set command. */
export const setCommands: CommandSpec[] = [
  setCommand({
    name: 'sadd',
    since: '1.0.0',
    summary: 'Adds members to a set, creating the set when needed.',
    complexity:
      'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    keyFlags: ['RW', 'INSERT'],
    history: [['2.4.0', 'Takes several members.']],
    args: [KEY, MEMBERS],
    handler: saddCommand,
  }),
  setCommand({
    name: 'srem',
    since: '1.0.0',
    summary: 'Removes members from a set, and the set when it becomes empty.',
    complexity: 'O(N) where N is the number of members to be removed.',
    arity: -3,
    flags: ['write', 'fast'],
    keyFlags: ['RW', 'DELETE'],
    history: [['2.4.0', 'Takes several members.']],
    args: [KEY, MEMBERS],
    handler: sremCommand,
  }),
  setCommand({
    name: 'smembers',
    since: '1.0.0',
    summary: 'Returns every member of a set.',
    complexity: 'O(N) where N is the set cardinality.',
    arity: 2,
    flags: ['readonly'],
    keyFlags: ['RO', 'ACCESS'],
    tips: ['nondeterministic_output_order'],
    args: [KEY],
    handler: smembersCommand,
  }),
  setCommand({
    name: 'sismember',
    since: '1.0.0',
    summary: 'Tells whether a value is a member of a set.',
    complexity: 'O(1)',
    arity: 3,
    flags: READ_FAST,
    keyFlags: ['RO'],
    args: [KEY, MEMBER],
    handler: sismemberCommand,
  }),
  setCommand({
    name: 'smismember',
    since: '6.2.0',
    summary: 'Tells, for each of several values, whether it is a member of a set.',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    arity: -3,
    flags: READ_FAST,
    keyFlags: ['RO', 'ACCESS'],
    args: [KEY, MEMBERS],
    handler: smismemberCommand,
  }),
  setCommand({
    name: 'scard',
    since: '1.0.0',
    summary: 'Returns the number of members of a set.',
    complexity: 'O(1)',
    arity: 2,
    flags: READ_FAST,
    keyFlags: ['RO'],
    args: [KEY],
    handler: scardCommand,
  }),
  {
    name: 'smove',
    group: 'set',
    since: '1.0.0',
    summary: 'Moves a member from one set to another.',
    complexity: 'O(1)',
    arity: 4,
    flags: ['write', 'fast'],
    acl: ['set'],
    keys: [
      { flags: ['RW', 'ACCESS', 'DELETE'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ['RW', 'INSERT'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
    ],
    args: [
      { name: 'source', type: 'key', key_spec_index: 0 },
      { name: 'destination', type: 'key', key_spec_index: 1 },
      MEMBER,
    ],
    handler: smoveCommand,
  },
  setCommand({
    name: 'sscan',
    since: '2.8.0',
    summary: 'Iterates over the members of a set with a cursor.',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    arity: -3,
    flags: ['readonly'],
    keyFlags: ['RO', 'ACCESS'],
    tips: ['nondeterministic_output'],
    args: [
      KEY,
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
    ],
    handler: sscanCommand,
  }),
  ...setRandomCommands,
  ...setOpsCommands,
]
