/**
 * Transaction commands: MULTI EXEC DISCARD WATCH UNWATCH, with Redis 7.0's rules: commands
 * refused at queue time abort EXEC (-EXECABORT), errors while EXEC runs do not; a touched or
 * expired WATCHed key makes EXEC reply a null array. Queuing itself happens in dispatch
 * (queueInMulti). See https://redis.io/docs/manual/transactions/
 */

import {
  ERR_DISCARD_WITHOUT_MULTI,
  ERR_EXEC_WITHOUT_MULTI,
  ERR_EXECABORT,
  ERR_MULTI_NESTED,
  ERR_WATCH_IN_MULTI,
} from '../protocol/reply-errors.js'
import type { CommandClient, CommandEntry } from './context.js'
import { MultiState } from './multi-state.js'
import type { CommandSpec } from './spec.js'

/**
 * Called by dispatch for a client in MULTI once a command passed every check: queues it and
 * replies +QUEUED, or returns false for the commands that run at once even in MULTI (EXEC,
 * DISCARD, MULTI, WATCH, QUIT, RESET), as redis processCommand.
 */
export function queueInMulti(c: CommandClient, entry: CommandEntry, argv: string[]): boolean {
  switch (entry.fullName) {
    case 'exec':
    case 'discard':
    case 'multi':
    case 'watch':
    case 'quit':
    case 'reset':
      return false
  }
  c.multi!.enqueue(entry, argv)
  c.w.raw('+QUEUED\r\n')
  return true
}

function multiCommand(c: CommandClient): void {
  if (c.multi?.inMulti === true) {
    c.w.error(ERR_MULTI_NESTED)
    return
  }
  MultiState.of(c).inMulti = true
  c.w.raw('+OK\r\n')
}

function discardCommand(c: CommandClient): void {
  const m = c.multi
  if (m === null || !m.inMulti) {
    c.w.error(ERR_DISCARD_WITHOUT_MULTI)
    return
  }
  m.discard()
  c.w.raw('+OK\r\n')
}

/**
 * EXEC: aborts on a queue-time error (EXECABORT) or a touched/expired watched key (null
 * array); otherwise stops watching (so the transaction's own writes cannot abort it) and
 * runs the queue, each reply an element of the array, with blocking commands not blocking.
 */
function execCommand(c: CommandClient): void {
  const m = c.multi
  if (m === null || !m.inMulti) {
    c.w.error(ERR_EXEC_WITHOUT_MULTI)
    return
  }
  if (m.watchedKeyExpired()) m.dirtyCas = true
  if (m.dirtyExec) {
    c.w.error(ERR_EXECABORT)
    m.discard()
    return
  }
  if (m.dirtyCas) {
    c.w.nullArray()
    m.discard()
    return
  }
  m.unwatchAll()
  const queue = m.queue
  c.w.arrayHeader(queue.length)
  c.inExec = true
  try {
    for (const q of queue) c.execQueued(q.entry, q.argv)
  } finally {
    c.inExec = false
  }
  m.discard()
}

function watchCommand(c: CommandClient, argv: string[]): void {
  if (c.multi?.inMulti === true) {
    c.w.error(ERR_WATCH_IN_MULTI)
    return
  }
  const m = MultiState.of(c)
  // redis 7.0: a client already dirty has nothing more to watch.
  if (!m.dirtyCas) {
    for (let i = 1; i < argv.length; i++) m.watch(c.db, argv[i]!)
  }
  c.w.raw('+OK\r\n')
}

function unwatchCommand(c: CommandClient): void {
  c.multi?.unwatch()
  c.w.raw('+OK\r\n')
}

// --- Metadata ---

const TX_FLAGS: CommandSpec['flags'] = ['noscript', 'loading', 'stale', 'fast', 'allow_busy']

/** MULTI EXEC DISCARD WATCH UNWATCH. */
export const transactionCommands: CommandSpec[] = [
  {
    name: 'multi',
    group: 'transactions',
    since: '1.2.0',
    summary: 'Starts a transaction: later commands are queued until EXEC.',
    complexity: 'O(1)',
    arity: 1,
    flags: TX_FLAGS,
    acl: ['transaction'],
    handler: multiCommand,
  },
  {
    name: 'exec',
    group: 'transactions',
    since: '1.2.0',
    summary: 'Runs the commands queued since MULTI.',
    complexity: 'Depends on commands in the transaction',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    acl: ['transaction'],
    handler: execCommand,
  },
  {
    name: 'discard',
    group: 'transactions',
    since: '2.0.0',
    summary: 'Drops the commands queued since MULTI.',
    complexity: 'O(N), when N is the number of queued commands',
    arity: 1,
    flags: TX_FLAGS,
    acl: ['transaction'],
    handler: discardCommand,
  },
  {
    name: 'watch',
    group: 'transactions',
    since: '2.2.0',
    summary: 'Makes the next EXEC fail if any of the keys changes before it.',
    complexity: 'O(1) for every key.',
    arity: -2,
    flags: TX_FLAGS,
    acl: ['transaction'],
    keys: [{ flags: ['RO'], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    args: [{ name: 'key', type: 'key', key_spec_index: 0, multiple: true }],
    handler: watchCommand,
  },
  {
    name: 'unwatch',
    group: 'transactions',
    since: '2.2.0',
    summary: 'Forgets every watched key.',
    complexity: 'O(1)',
    arity: 1,
    flags: TX_FLAGS,
    acl: ['transaction'],
    handler: unwatchCommand,
  },
]
