/**
 * ACL commands (Redis 7.0): SETUSER GETUSER DELUSER USERS LIST WHOAMI CAT DRYRUN GENPASS
 * LOG LOAD SAVE HELP. Rules, printing and decisions live in security/.
 * See https://redis.io/commands/acl/
 */

import { ERR_NOT_INTEGER, errWrongArity } from '../protocol/reply-errors.js'
import { checkCommand, dryrunMessage } from '../security/acl-check.js'
import {
  describeChannels,
  describeCommandRules,
  describeKeys,
  hasSpaces,
  safeErrorText,
} from '../security/acl-rules.js'
import { generatePassword } from '../security/passwords.js'
import type { Selector } from '../security/selectors.js'
import { cString, keywordIs } from '../util/c-string.js'
import { parseInt64 } from '../util/strict-int.js'
import type { CommandClient } from './context.js'
import { ACL_CATEGORIES, type CommandSpec } from './spec.js'

const ERR_NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.'

/** ACL SETUSER: the name and rules are redacted from logs and MONITOR (rules may carry passwords). */
function setuserCommand(c: CommandClient, argv: string[]): void {
  const name = argv[2]!
  if (hasSpaces(name)) {
    c.w.error("ERR Usernames can't contain spaces or null characters")
    return
  }
  const err = c.srv.acl.setUser(name, argv.slice(3))
  if (err !== null) c.w.error(`ERR ${safeErrorText(err)}`)
  else c.w.raw('+OK\r\n')
}

function selectorReply(c: CommandClient, s: Selector): void {
  c.w.bulk('commands')
  c.w.bulk(describeCommandRules(s))
  c.w.bulk('keys')
  c.w.bulk(describeKeys(s))
  c.w.bulk('channels')
  c.w.bulk(describeChannels(s))
}

function getuserCommand(c: CommandClient, argv: string[]): void {
  const u = c.srv.acl.users.get(argv[2]!)
  if (u === undefined) {
    c.w.nullBulk()
    return
  }
  const w = c.w
  w.mapHeader(6)
  w.bulk('flags')
  const flags = u.flagNames()
  w.setHeader(flags.length)
  for (const f of flags) w.bulk(f)
  w.bulk('passwords')
  w.arrayHeader(u.passwords.length)
  for (const p of u.passwords) w.bulk(p)
  selectorReply(c, u.root)
  w.bulk('selectors')
  w.arrayHeader(u.selectors.length - 1)
  for (let i = 1; i < u.selectors.length; i++) {
    w.mapHeader(3)
    selectorReply(c, u.selectors[i]!)
  }
}

function deluserCommand(c: CommandClient, argv: string[]): void {
  for (let j = 2; j < argv.length; j++) {
    if (argv[j] === 'default') {
      c.w.error("ERR The 'default' user cannot be removed")
      return
    }
  }
  let deleted = 0
  for (let j = 2; j < argv.length; j++) if (c.srv.acl.deleteUser(argv[j]!)) deleted++
  c.w.integer(deleted)
}

function usersCommand(c: CommandClient): void {
  const list = c.srv.acl.users.list()
  c.w.arrayHeader(list.length)
  for (const u of list) c.w.bulk(u.name)
}

function listCommand(c: CommandClient): void {
  const lines = c.srv.acl.lines()
  c.w.arrayHeader(lines.length)
  for (const l of lines) c.w.bulk(l)
}

function whoamiCommand(c: CommandClient): void {
  c.w.bulk(c.user.name)
}

/** ACL CAT [category]: categories, or every command and subcommand in one (hash order in Redis). */
function catCommand(c: CommandClient, argv: string[]): void {
  if (argv.length === 2) {
    c.w.arrayHeader(ACL_CATEGORIES.length)
    for (const cat of ACL_CATEGORIES) c.w.bulk(cat)
    return
  }
  if (argv.length > 3) {
    c.w.error(`ERR Unknown subcommand or wrong number of arguments for '${argv[1]}'. Try ACL HELP.`)
    return
  }
  const u = c.srv.acl.universe
  const bit = u.categoryBit(cString(argv[2]!))
  if (bit === 0) {
    c.w.error(`ERR Unknown category '${safeErrorText(cString(argv[2]!).slice(0, 128))}'`)
    return
  }
  const names: string[] = []
  for (const cmd of u.source.byId) if ((u.categories[cmd.id]! & bit) !== 0) names.push(cmd.fullName)
  c.w.arrayHeader(names.length)
  for (const n of names) c.w.bulk(n)
}

function dryrunCommand(c: CommandClient, argv: string[]): void {
  const acl = c.srv.acl
  const u = acl.users.get(argv[2]!)
  if (u === undefined) {
    c.w.error(`ERR User '${safeErrorText(cString(argv[2]!))}' not found`)
    return
  }
  const args = argv.slice(3)
  const base = acl.universe.source.lookupFull(args[0]!.indexOf('|') === -1 ? args[0]! : '\0')
  let cmd = base
  if (base !== undefined && base.subcommands !== null && args.length > 1) {
    cmd = base.subcommands.get(args[1]!.toLowerCase())
  }
  if (cmd === undefined) {
    c.w.error(`ERR Command '${safeErrorText(cString(args[0]!))}' not found`)
    return
  }
  const a = cmd.spec.arity
  if ((a > 0 && a !== args.length) || args.length < -a) {
    c.w.error(errWrongArity(cmd.fullName))
    return
  }
  const d = checkCommand(u, cmd, args)
  if (d.result !== 0) c.w.bulk(dryrunMessage(d, cmd, args))
  else c.w.raw('+OK\r\n')
}

function genpassCommand(c: CommandClient, argv: string[]): void {
  let bits = 256
  if (argv.length > 2) {
    const v = parseInt64(argv[2]!)
    if (v === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    if (v <= 0n || v > 4096n) {
      c.w.error(
        'ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096',
      )
      return
    }
    bits = Number(v)
  }
  c.w.bulk(generatePassword(bits))
}

function logCommand(c: CommandClient, argv: string[]): void {
  const log = c.srv.acl.log
  let count = 10
  if (argv.length === 3) {
    if (keywordIs(argv[2]!, 'reset')) {
      log.reset()
      c.w.raw('+OK\r\n')
      return
    }
    const v = parseInt64(argv[2]!)
    if (v === null) {
      c.w.error(ERR_NOT_INTEGER)
      return
    }
    count = v < 0n ? 0 : v > 1000000n ? 1000000 : Number(v)
  } else if (argv.length > 3) {
    c.w.error(`ERR Unknown subcommand or wrong number of arguments for '${argv[1]}'. Try ACL HELP.`)
    return
  }
  const entries = log.entries.slice(0, count)
  const now = Date.now()
  const w = c.w
  w.arrayHeader(entries.length)
  for (const e of entries) {
    w.mapHeader(10)
    w.bulk('count')
    w.integer(e.count)
    w.bulk('reason')
    w.bulk(e.reason)
    w.bulk('context')
    w.bulk(e.context)
    w.bulk('object')
    w.bulk(e.object)
    w.bulk('username')
    w.bulk(e.username)
    w.bulk('age-seconds')
    w.double((now - e.updatedAt) / 1000)
    w.bulk('client-info')
    w.bulk(e.clientInfo)
    // Fields added by Redis 7.2 (DESIGN.md 1a: additions only).
    w.bulk('entry-id')
    w.integer(e.entryId)
    w.bulk('timestamp-created')
    w.integer(e.createdAt)
    w.bulk('timestamp-last-updated')
    w.integer(e.updatedAt)
  }
}

function loadCommand(c: CommandClient): void {
  const acl = c.srv.acl
  if (acl.aclfile === '') {
    c.w.error(ERR_NO_ACLFILE)
    return
  }
  const err = acl.load()
  if (err !== null) c.w.error(`ERR ${safeErrorText(err)}`)
  else c.w.raw('+OK\r\n')
}

function saveCommand(c: CommandClient): void {
  const acl = c.srv.acl
  if (acl.aclfile === '') {
    c.w.error(ERR_NO_ACLFILE)
    return
  }
  const err = acl.save()
  if (err !== null) {
    c.srv.log('warning', err)
    c.w.error(
      'ERR There was an error trying to save the ACLs. Please check the server logs for more information',
    )
  } else c.w.raw('+OK\r\n')
}

const HELP_LINES = [
  'ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
  'HELP',
  '    Prints this help.',
]

function helpCommand(c: CommandClient): void {
  c.w.arrayHeader(HELP_LINES.length)
  for (const line of HELP_LINES) c.w.simple(line)
}

const ADMIN: CommandSpec['flags'] = ['admin', 'noscript', 'loading', 'stale']
const PLAIN: CommandSpec['flags'] = ['noscript', 'loading', 'stale']

function sub(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  handler: (c: CommandClient, argv: string[]) => void,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name,
    group: 'server',
    since: '6.0.0',
    summary,
    complexity: 'O(N)',
    arity,
    flags,
    handler,
    ...extra,
  }
}

/** ACL SETUSER arguments from the user name on (redis 7.0 redacts them all: rules may be passwords). */
const redactRules = (argv: readonly string[]): number[] =>
  Array.from({ length: Math.max(0, argv.length - 2) }, (_, i) => i + 2)

/** The ACL container (redis 7.0 flags and arities). */
export const aclCommands: CommandSpec[] = [
  {
    name: 'acl',
    group: 'server',
    since: '6.0.0',
    summary: 'A container for access control list commands.',
    complexity: 'Depends on the subcommand.',
    arity: -2,
    flags: [],
    subcommands: [
      sub('cat', -2, PLAIN, 'Lists the ACL categories, or the commands in one.', catCommand),
      sub('deluser', -3, ADMIN, 'Deletes users and disconnects their clients.', deluserCommand),
      sub(
        'dryrun',
        -4,
        ADMIN,
        'Tells whether a user could run a command, without running it.',
        dryrunCommand,
        {
          since: '7.0.0',
        },
      ),
      sub('genpass', -2, PLAIN, 'Generates a random password.', genpassCommand),
      sub('getuser', 3, ADMIN, 'Describes one user.', getuserCommand),
      sub('help', 2, ['loading', 'stale'], 'Explains the ACL subcommands.', helpCommand),
      sub('list', 2, ADMIN, 'Lists every user as an aclfile line.', listCommand),
      sub('load', 2, ADMIN, 'Reloads users from the aclfile, all or nothing.', loadCommand),
      sub('log', -2, ADMIN, 'Shows or clears the log of denied commands and failed logins.', logCommand),
      sub('save', 2, ADMIN, 'Writes the users to the aclfile.', saveCommand),
      sub('setuser', -3, ADMIN, 'Creates or changes a user.', setuserCommand, { redact: redactRules }),
      sub('users', 2, ADMIN, 'Lists user names.', usersCommand),
      sub('whoami', 2, PLAIN, 'Names the user of this connection.', whoamiCommand),
    ],
  },
]
