/**
 * Server commands: INFO (rendered by observability/info.ts through ServerContext.info),
 * TIME and SHUTDOWN. DBSIZE lives with the generic family, CONFIG in server-config.ts,
 * COMMAND in server-command.ts. See https://redis.io/commands/?group=server
 */

import { ERR_SYNTAX } from '../protocol/reply-errors.js'
import { wallClockMicros } from '../util/clock.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

function infoCommand(c: CommandClient, argv: string[]): void {
  const sections: string[] = []
  for (let i = 1; i < argv.length; i++) sections.push(argv[i]!.toLowerCase())
  c.w.verbatim(c.srv.info(sections))
}

/** TIME: seconds and microseconds of the wall clock. */
function timeCommand(c: CommandClient): void {
  const us = wallClockMicros()
  c.w.arrayHeader(2)
  c.w.bulk(String(Math.floor(us / 1e6)))
  c.w.bulk(String(us % 1e6))
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. On success the server closes every
 * connection, this one included, without a reply (redis exits); ABORT replies OK or an error.
 */
function shutdownCommand(c: CommandClient, argv: string[]): void {
  let save: boolean | null = null
  let nosave = false
  let now = false
  let force = false
  let abort = false
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i]!.toLowerCase()
    if (opt === 'nosave') nosave = true
    else if (opt === 'save') save = true
    else if (opt === 'now') now = true
    else if (opt === 'force') force = true
    else if (opt === 'abort') abort = true
    else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  if ((abort && (nosave || save !== null || now || force)) || (nosave && save === true)) {
    c.w.error(ERR_SYNTAX)
    return
  }
  if (nosave) save = false
  const err = c.srv.shutdown({ save, now, force, abort })
  if (err !== null) c.w.error(err)
  else if (abort) c.w.raw('+OK\r\n')
}

/** The server family's specs. */
export const serverCommands: CommandSpec[] = [
  {
    name: 'info',
    group: 'server',
    since: '1.0.0',
    summary: 'Reports server state and statistics, by section.',
    complexity: 'O(1)',
    arity: -1,
    flags: ['loading', 'stale'],
    acl: ['dangerous'],
    tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
    history: [['7.0.0', 'Accepts several sections in one call.']],
    args: [{ name: 'section', type: 'string', optional: true, multiple: true }],
    handler: infoCommand,
  },
  {
    name: 'time',
    group: 'server',
    since: '2.6.0',
    summary: 'Reports the server clock as seconds and microseconds.',
    complexity: 'O(1)',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    tips: ['nondeterministic_output'],
    handler: timeCommand,
  },
  {
    name: 'shutdown',
    group: 'server',
    since: '1.0.0',
    summary: 'Stops the server after closing every connection.',
    complexity: 'O(1) without saving, O(N) in the number of keys when saving',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    history: [['7.0.0', 'NOW, FORCE and ABORT options.']],
    args: [
      {
        name: 'nosave_save',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'nosave', type: 'pure-token', token: 'NOSAVE' },
          { name: 'save', type: 'pure-token', token: 'SAVE' },
        ],
      },
      { name: 'now', type: 'pure-token', token: 'NOW', since: '7.0.0', optional: true },
      { name: 'force', type: 'pure-token', token: 'FORCE', since: '7.0.0', optional: true },
      { name: 'abort', type: 'pure-token', token: 'ABORT', since: '7.0.0', optional: true },
    ],
    handler: shutdownCommand,
  },
]
