/**
 * OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and HELP: what Redis reports about how a value is
 * held. Strings get the encoding Redis's tryObjectEncoding() would pick; other types answer
 * for themselves (StoredObject.encoding). Access metadata comes from store/access-clock.ts.
 * See https://redis.io/commands/object-encoding/
 */

import {
  ERR_OBJECT_FREQ_NO_LFU,
  ERR_OBJECT_IDLETIME_LFU,
  ERR_OBJECT_IDLETIME_UNTRACKED,
} from '../protocol/reply-errors.js'
import type { Database } from '../store/database.js'
import type { Value } from '../store/value.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { lookupRead, oneKey } from './generic-helpers.js'
import type { CommandSpec } from './spec.js'

/** Longest string Redis stores inline with its object header (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
export const EMBSTR_SIZE_LIMIT = 44
/** Integers 0..9999 are shared objects in Redis (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000
/** The refcount Redis reports for a shared object (OBJ_SHARED_REFCOUNT = INT_MAX). */
const SHARED_REFCOUNT = 2147483647

/**
 * Encoding of a string value as SET stores it (tryObjectEncoding): "int" when it reads as a
 * 64-bit integer by string2ll's rules, "embstr" up to 44 bytes, "raw" beyond. Values made
 * otherwise (APPEND, SETRANGE, INCRBYFLOAT, COPY) carry a Database encoding hint instead.
 */
export function stringEncoding(s: string): string {
  if (s.length <= 20 && parseInt64(s) !== null) return 'int'
  return s.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw'
}

/** OBJECT ENCODING of the value 'v' stored at 'key' in 'db'. */
export function encodingOf(db: Database, key: string, v: Value): string {
  if (typeof v !== 'string') return v.encoding()
  return db.encodingHint(key) ?? stringEncoding(v)
}

/**
 * Redis shares the objects of the integers 0..9999 unless maxmemory is set with an LRU or LFU
 * policy (each key then needs its own access metadata): OBJECT REFCOUNT shows INT_MAX for them.
 */
function refcountOf(c: CommandClient, key: string, v: Value): number {
  if (
    typeof v !== 'string' ||
    v.length > 4 ||
    c.db.encodingHint(key) !== undefined ||
    stringEncoding(v) !== 'int'
  ) {
    return 1
  }
  const n = Number(v)
  if (n < 0 || n >= SHARED_INTEGERS) return 1
  const sharing = c.srv.config.getNumber('maxmemory') === 0 || c.srv.keyspace.clock.mode === 'none'
  return sharing ? SHARED_REFCOUNT : 1
}

/** Looks up argv[2] without recording an access; replies nil and returns undefined when missing. */
function lookupOrNil(c: CommandClient, argv: string[]): Value | undefined {
  const v = lookupRead(c, c.db, argv[2]!, true, true)
  if (v === undefined) c.w.nullBulk()
  return v
}

function objectEncodingCommand(c: CommandClient, argv: string[]): void {
  const v = lookupOrNil(c, argv)
  if (v !== undefined) c.w.bulk(encodingOf(c.db, argv[2]!, v))
}

function objectRefcountCommand(c: CommandClient, argv: string[]): void {
  const v = lookupOrNil(c, argv)
  if (v !== undefined) c.w.integer(refcountOf(c, argv[2]!, v))
}

function objectIdletimeCommand(c: CommandClient, argv: string[]): void {
  if (lookupOrNil(c, argv) === undefined) return
  const clock = c.srv.keyspace.clock
  if (clock.mode === 'lfu') {
    c.w.error(ERR_OBJECT_IDLETIME_LFU)
    return
  }
  const e = c.db.index.find(argv[2]!)
  if (clock.mode === 'none' || e < 0) {
    c.w.error(ERR_OBJECT_IDLETIME_UNTRACKED)
    return
  }
  c.w.integer(clock.idleSeconds(c.db.index.getMeta(e)))
}

function objectFreqCommand(c: CommandClient, argv: string[]): void {
  if (lookupOrNil(c, argv) === undefined) return
  const clock = c.srv.keyspace.clock
  const e = c.db.index.find(argv[2]!)
  if (clock.mode !== 'lfu' || e < 0) {
    c.w.error(ERR_OBJECT_FREQ_NO_LFU)
    return
  }
  c.w.integer(clock.decayed(c.db.index.getMeta(e)))
}

const HELP_LINES = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
]

function objectHelpCommand(c: CommandClient): void {
  c.w.arrayHeader(HELP_LINES.length)
  for (const line of HELP_LINES) c.w.simple(line)
}

/** A key-reading OBJECT subcommand. */
function keySub(
  name: string,
  since: string,
  summary: string,
  handler: (c: CommandClient, argv: string[]) => void,
): CommandSpec {
  return {
    name,
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    arity: 3,
    flags: ['readonly'],
    acl: ['keyspace'],
    tips: ['nondeterministic_output'],
    keys: [oneKey(2, 'RO')],
    handler,
  }
}

export const objectCommands: CommandSpec[] = [
  {
    name: 'object',
    group: 'generic',
    since: '2.2.3',
    summary: 'A container for commands that inspect how values are held.',
    complexity: 'Depends on subcommand.',
    arity: -2,
    flags: [],
    subcommands: [
      keySub(
        'encoding',
        '2.2.3',
        'Names the internal encoding of the value at a key.',
        objectEncodingCommand,
      ),
      keySub(
        'freq',
        '4.0.0',
        'The logarithmic access-frequency counter of a key (LFU policies only).',
        objectFreqCommand,
      ),
      keySub('idletime', '2.2.3', 'Seconds since a key was last read or written.', objectIdletimeCommand),
      keySub('refcount', '2.2.3', 'The reference count of the value at a key.', objectRefcountCommand),
      {
        name: 'help',
        group: 'generic',
        since: '6.2.0',
        summary: 'Lists the OBJECT subcommands.',
        complexity: 'O(1)',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: ['keyspace'],
        handler: objectHelpCommand,
      },
    ],
  },
]
