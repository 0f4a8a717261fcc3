/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP. The directives themselves (names, parsing,
 * validation, atomic apply, rewrite) belong to the configuration store behind
 * ServerContext.configGet/configSet/configRewrite; this file is the command surface.
 * See https://redis.io/commands/config-get/ and https://redis.io/commands/config-set/
 */

import { ERR_SYNTAX } from '../protocol/reply-errors.js'
import type { CommandClient } from './context.js'
import type { CommandSpec } from './spec.js'

/** CONFIG GET pattern [pattern ...]: a map of every matching directive to its value. */
function configGetCommand(c: CommandClient, argv: string[]): void {
  const pairs = c.srv.configGet(argv.slice(2))
  c.w.mapHeader(pairs.length)
  for (const [name, value] of pairs) {
    c.w.bulk(name)
    c.w.bulk(value)
  }
}

/**
 * True for a client on a Unix socket or the loopback address (redis islocalClient: exactly
 * 127.0.0.1 or ::1), which enable-protected-configs 'local' trusts.
 */
export function isLocalClient(c: CommandClient): boolean {
  if (c.flagString().includes('U')) return true
  const addr = c.addr
  const ip = addr.startsWith('[') ? addr.slice(1, addr.indexOf(']')) : addr.slice(0, addr.lastIndexOf(':'))
  return ip === '127.0.0.1' || ip === '::1'
}

/** CONFIG SET name value [name value ...]: all pairs apply, or none does. */
function configSetCommand(c: CommandClient, argv: string[]): void {
  if (argv.length % 2 !== 0) {
    c.w.error(ERR_SYNTAX)
    return
  }
  const pairs: [string, string][] = []
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!])
  const result = c.srv.configSet(pairs, { isLocalClient: isLocalClient(c), canWait: !c.inExec })
  if (result === null || typeof result === 'string') {
    replyConfigSet(c, result)
    return
  }
  // New listeners bind asynchronously: the client waits, and OK means they listen.
  c.srv.blocking.suspend(c, result, replyConfigSet)
}

function replyConfigSet(c: CommandClient, err: string | null): void {
  if (err !== null) c.w.error(err)
  else c.w.raw('+OK\r\n')
}

function configResetstatCommand(c: CommandClient): void {
  c.srv.resetStats()
  c.w.raw('+OK\r\n')
}

function configRewriteCommand(c: CommandClient): void {
  const err = c.srv.configRewrite()
  if (err !== null) c.w.error(err)
  else c.w.raw('+OK\r\n')
}

const HELP_LINES = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern> [<pattern> ...]',
  '    The directives whose names match a glob-style <pattern>, with their values.',
  'SET <directive> <value> [<directive> <value> ...]',
  '    Changes directives at run time: all of them, or none when one is refused.',
  'RESETSTAT',
  '    Zeroes the statistics INFO reports.',
  'REWRITE',
  '    Writes the running configuration back to the configuration file.',
  'HELP',
  '    Prints this help.',
]

function configHelpCommand(c: CommandClient): void {
  c.w.arrayHeader(HELP_LINES.length)
  for (const line of HELP_LINES) c.w.simple(line)
}

const ADMIN: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale']

/** The CONFIG container and its subcommands. */
export const configCommands: CommandSpec[] = [
  {
    name: 'config',
    group: 'server',
    since: '2.0.0',
    summary: 'Reads and changes the server configuration at run time.',
    complexity: 'Depends on the subcommand.',
    arity: -2,
    flags: [],
    subcommands: [
      {
        name: 'get',
        group: 'server',
        since: '2.0.0',
        summary: 'Reads the directives whose names match the given patterns.',
        complexity: 'O(N) in the number of directives',
        arity: -3,
        flags: ADMIN,
        history: [['7.0.0', 'Accepts several patterns in one call.']],
        args: [
          {
            name: 'parameter',
            type: 'block',
            multiple: true,
            arguments: [{ name: 'parameter', type: 'string' }],
          },
        ],
        handler: configGetCommand,
      },
      {
        name: 'set',
        group: 'server',
        since: '2.0.0',
        summary: 'Changes directives at run time, all or none of them.',
        complexity: 'O(N) in the number of directives given',
        arity: -4,
        flags: ADMIN,
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        history: [['7.0.0', 'Accepts several directives in one call.']],
        args: [
          {
            name: 'parameter_value',
            type: 'block',
            multiple: true,
            arguments: [
              { name: 'parameter', type: 'string' },
              { name: 'value', type: 'string' },
            ],
          },
        ],
        handler: configSetCommand,
      },
      {
        name: 'resetstat',
        group: 'server',
        since: '2.0.0',
        summary: 'Zeroes the statistics INFO reports.',
        complexity: 'O(1)',
        arity: 2,
        flags: ADMIN,
        handler: configResetstatCommand,
      },
      {
        name: 'rewrite',
        group: 'server',
        since: '2.8.0',
        summary: 'Writes the running configuration back to the configuration file.',
        complexity: 'O(1)',
        arity: 2,
        flags: ADMIN,
        handler: configRewriteCommand,
      },
      {
        name: 'help',
        group: 'server',
        since: '5.0.0',
        summary: 'Explains the CONFIG subcommands.',
        complexity: 'O(1)',
        arity: 2,
        flags: ['loading', 'stale'],
        handler: configHelpCommand,
      },
    ],
  },
]
