/**
 * CLIENT UNBLOCK client-id [TIMEOUT|ERROR]: ends another client's wait in a blocking command,
 * as if it timed out or with an -UNBLOCKED error (server/blocking.ts).
 * See https://redis.io/commands/client-unblock/
 */

import { ERR_NOT_INTEGER, errSubcommandSyntax } from '../protocol/reply-errors.js'
import { keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

export const ERR_UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'

function clientUnblockCommand(c: CommandClient, argv: string[]): void {
  if (argv.length > 4) {
    c.w.error(errSubcommandSyntax(argv[0]!, argv[1]!))
    return
  }
  let withError = false
  if (argv.length === 4) {
    if (keywordIs(argv[3]!, 'error')) withError = true
    else if (!keywordIs(argv[3]!, 'timeout')) {
      c.w.error(ERR_UNBLOCK_REASON)
      return
    }
  }
  const id = parseInt64(argv[2]!)
  if (id === null) {
    c.w.error(ERR_NOT_INTEGER)
    return
  }
  const ok = id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) && c.srv.blocking.unblock(Number(id), withError)
  c.w.integer(ok ? 1 : 0)
}

/** CLIENT UNBLOCK (a subcommand of CLIENT, listed in connection-client.ts). */
export const clientUnblockSpec: CommandSpec = {
  name: 'unblock',
  group: 'connection',
  since: '5.0.0',
  summary: 'Unblocks a client waiting in a blocking command, from another connection.',
  complexity: 'O(log N) where N is the number of client connections',
  arity: -3,
  flags: ['admin', 'noscript', 'loading', 'stale'],
  acl: ['connection'],
  args: [
    { name: 'client-id', type: 'integer' },
    {
      name: 'timeout_error',
      type: 'oneof',
      optional: true,
      arguments: [
        { name: 'timeout', type: 'pure-token', token: 'TIMEOUT' },
        { name: 'error', type: 'pure-token', token: 'ERROR' },
      ],
    },
  ],
  handler: clientUnblockCommand,
}
