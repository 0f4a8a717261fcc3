/**
 * Command dispatch: one function of early-return guards in redis processCommand() order —
 * lookup (through rename-command), arity, authentication — then the handler, with
 * per-command stats. Handlers' unexpected exceptions become -ERR and the client lives on.
 */

import type { CommandEntry } from '../commands/context.js'
import { pubsubContextError } from '../commands/pubsub.js'
import type { CommandTable } from '../commands/table.js'
import { queueInMulti } from '../commands/transactions.js'
import {
  ERR_NOAUTH,
  ERR_NOT_IN_MULTI,
  EXEC_DENIED_CHANNEL,
  EXEC_DENIED_CMD,
  EXEC_DENIED_KEY,
  errAclChangedInExec,
  errUnknownCommand,
  errUnknownSubcommand,
  errWrongArity,
} from '../protocol/reply-errors.js'
import { ACL_DENIED_CMD, ACL_DENIED_KEY, ACL_OK, checkCommand } from '../security/acl-check.js'
import { aclDenied, logAclDenial } from './acl-guard.js'
import type { Client } from './client.js'

/** Finds the entry for 'argv' (descending into subcommands); undefined when unknown. */
export function resolveCommand(table: CommandTable, argv: readonly string[]): CommandEntry | undefined {
  const base = table.lookup(argv[0]!)
  if (base === undefined || base.subcommands === null || argv.length === 1) return base
  return base.subcommands.get(argv[1]!.toLowerCase())
}

/** Reply for a command that cannot be found, as redis commandCheckExistence(). */
export function unknownCommandError(table: CommandTable, argv: readonly string[]): string {
  const base = table.lookup(argv[0]!)
  if (base !== undefined && base.subcommands !== null) {
    return errUnknownSubcommand(argv[0]!, argv[1] ?? '')
  }
  return errUnknownCommand(argv)
}

/** True when 'argv' has an argument count the command accepts. */
export function arityOk(entry: CommandEntry, argc: number): boolean {
  const a = entry.spec.arity
  return a > 0 ? argc === a : argc >= -a
}

/** Runs one command for 'c'. */
export function dispatch(c: Client, argv: string[]): void {
  const srv = c.server
  const entry = resolveCommand(srv.table, argv)
  // redis processCommand sets lastcmd at lookup: a rejected command shows in CLIENT LIST
  // cmd=, an unknown one as NULL; commands run by EXEC do not change it.
  c.lastCommand = entry === undefined ? 'NULL' : entry.fullName
  if (entry === undefined) {
    c.rejectCommand(unknownCommandError(srv.table, argv))
    return
  }
  if (!arityOk(entry, argv.length)) {
    entry.rejectedCalls++
    c.rejectCommand(errWrongArity(entry.fullName))
    return
  }
  if (c.authRequired && !entry.spec.flags.includes('no_auth')) {
    entry.rejectedCalls++
    c.rejectCommand(ERR_NOAUTH)
    return
  }
  const inMulti = c.multi?.inMulti === true
  if (inMulti && entry.spec.flags.includes('no_multi')) {
    entry.rejectedCalls++
    c.rejectCommand(ERR_NOT_IN_MULTI)
    return
  }
  if (!c.user.unrestricted && aclDenied(c, entry, argv)) {
    entry.rejectedCalls++
    return
  }
  if (c.pubsubMode) {
    const err = pubsubContextError(c, entry)
    if (err !== null) {
      entry.rejectedCalls++
      c.rejectCommand(err)
      return
    }
  }
  if (inMulti && queueInMulti(c, entry, argv)) return
  call(c, entry, argv)
  // redis processCommand: serve clients blocked on keys this command made ready.
  if (srv.blocking.hasReady) srv.blocking.handleReady()
}

/**
 * Runs a command EXEC takes from the MULTI queue (redis execCommand's loop calling call()).
 * Permissions are checked again, as redis 7.0 does: ACL rules may have changed since the
 * command was queued; a denial is logged (context 'multi') and answered in its slot.
 */
export function callQueued(c: Client, entry: CommandEntry, argv: string[]): void {
  if (!c.user.unrestricted) {
    const d = checkCommand(c.user, entry, argv)
    if (d.result !== ACL_OK) {
      const reason = d.result === ACL_DENIED_CMD ? 'command' : d.result === ACL_DENIED_KEY ? 'key' : 'channel'
      logAclDenial(c, reason, 'multi', reason === 'command' ? entry.fullName : argv[d.pos]!, c.user.name)
      c.w.error(
        errAclChangedInExec(
          d.result === ACL_DENIED_CMD
            ? EXEC_DENIED_CMD
            : d.result === ACL_DENIED_KEY
              ? EXEC_DENIED_KEY
              : EXEC_DENIED_CHANNEL,
        ),
      )
      return
    }
  }
  call(c, entry, argv)
}

/**
 * Error replies already accounted to some command's failed_calls. A module-level mark as
 * redis incrCommandStatsOnError's static counter: commands EXEC runs move it, so EXEC itself
 * counts as failed only for its own error (EXECABORT), not for those of its commands.
 */
let errorMark = 0

// --- Command timing (INFO commandstats usec) ---
// performance.now() costs ~100 ns, a measurable share of a pipelined command (removing the two
// calls per command took PING -P 16 from 1.08M to 1.39M requests/s). So a read batch is timed
// once: the commands it ran share its duration evenly (exact for a batch of one command, the
// average for pipelined ones; totals stay exact). Calls outside a batch (timers) are timed alone.

/** Entries run in the current batch (the first batchCount), and when the batch began. */
const batchEntries: CommandEntry[] = []
let batchCount = 0
let batchOpen = false
let batchStart = 0

/**
 * Starts timing a batch of commands (one socket read) at 'now' (a performance.now() reading);
 * false when a batch is already open (a nested one joins it, and only the owner ends it).
 */
export function beginBatch(now: number = performance.now()): boolean {
  if (batchOpen) return false
  batchOpen = true
  batchCount = 0
  batchStart = now
  return true
}

/** Ends the batch: its duration is shared by the commands it ran. */
export function endBatch(): void {
  batchOpen = false
  const n = batchCount
  if (n === 0) return
  const usec = ((performance.now() - batchStart) * 1000) / n
  for (let i = 0; i < n; i++) batchEntries[i]!.usec += usec
  batchCount = 0
}

export function call(c: Client, entry: CommandEntry, argv: string[]): void {
  const w = c.w
  errorMark = c.errorReplies
  const timed = !batchOpen
  const start = timed ? performance.now() : 0
  if (!timed) batchEntries[batchCount++] = entry
  try {
    entry.spec.handler!(c, argv)
  } catch (err) {
    c.server.log('warning', `Unexpected error in '${entry.fullName}': ${(err as Error).message}`)
    w.error(`ERR internal error while executing '${entry.fullName}'`)
  }
  if (timed) entry.usec += (performance.now() - start) * 1000
  entry.calls++
  if (c.errorReplies !== errorMark) entry.failedCalls++
  errorMark = c.errorReplies
  c.server.stats.commandsProcessed++
  if (c.isBlocked) c.blockedEntry = entry
}
