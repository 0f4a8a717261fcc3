/**
 * COMMAND and its subcommands COUNT, DOCS, GETKEYS, GETKEYSANDFLAGS, HELP, INFO and LIST:
 * introspection of the command table, every answer derived from the command specs.
 * See https://redis.io/commands/command/
 */

import {
  ERR_GETKEYS_BAD_ARGS,
  ERR_GETKEYS_BAD_ARITY,
  ERR_GETKEYS_INVALID_COMMAND,
  ERR_GETKEYS_NO_KEYS,
  ERR_SYNTAX,
} from '../protocol/reply-errors.js'
import { compileGlob } from '../util/glob.js'
import { writeCommandDocs, writeCommandInfo, writeKeyFlags } from './command-introspection.js'
import type { CommandClient, CommandEntry, CommandTableView } from './context.js'
import { commandHasKeys, extractKeys } from './key-extraction.js'
import { ACL_CATEGORIES, type AclCategory, type CommandSpec, impliedCategories } from './spec.js'

// --- Lookups ---

/**
 * A command or subcommand by the name COMMAND INFO and DOCS accept: "get" or "config|get"
 * (one level of subcommands only, as redis lookupCommandBySds).
 */
export function lookupByFullName(table: CommandTableView, name: string): CommandEntry | undefined {
  const bar = name.indexOf('|')
  if (bar === -1) return table.lookup(name)
  const rest = name.slice(bar + 1)
  if (rest.includes('|')) return undefined
  return table.lookup(name.slice(0, bar))?.subcommands?.get(rest.toLowerCase())
}

/** The entry that would run 'argv' (a subcommand when the command is a container). */
function lookupArgv(table: CommandTableView, argv: readonly string[]): CommandEntry | undefined {
  const base = table.lookup(argv[0]!)
  if (base === undefined || base.subcommands === null || argv.length === 1) return base
  return base.subcommands.get(argv[1]!.toLowerCase())
}

// --- Handlers ---

function commandCommand(c: CommandClient): void {
  commandInfoAll(c)
}

function commandInfoAll(c: CommandClient): void {
  const all = [...c.srv.commands.all()]
  c.w.arrayHeader(all.length)
  for (const e of all) writeCommandInfo(c.w, e)
}

function commandInfoCommand(c: CommandClient, argv: string[]): void {
  if (argv.length === 2) {
    commandInfoAll(c)
    return
  }
  c.w.arrayHeader(argv.length - 2)
  for (let i = 2; i < argv.length; i++) writeCommandInfo(c.w, lookupByFullName(c.srv.commands, argv[i]!))
}

function commandCountCommand(c: CommandClient): void {
  let n = 0
  for (const _ of c.srv.commands.all()) n++
  c.w.integer(n)
}

function commandDocsCommand(c: CommandClient, argv: string[]): void {
  const found: CommandEntry[] = []
  if (argv.length === 2) {
    for (const e of c.srv.commands.all()) found.push(e)
  } else {
    for (let i = 2; i < argv.length; i++) {
      const e = lookupByFullName(c.srv.commands, argv[i]!)
      if (e !== undefined) found.push(e)
    }
  }
  c.w.mapHeader(found.length)
  for (const e of found) {
    c.w.bulk(e.fullName)
    writeCommandDocs(c.w, e)
  }
}

/** A COMMAND LIST FILTERBY test; null lists everything. */
type ListFilter = ((spec: CommandSpec, fullName: string) => boolean) | null

function listFilter(kind: string, arg: string): ListFilter | undefined {
  switch (kind.toLowerCase()) {
    case 'module':
      return () => false // redoubt loads no modules, so no command belongs to one
    case 'aclcat': {
      const cat = ACL_CATEGORIES.find((x) => x === arg.toLowerCase()) as AclCategory | undefined
      if (cat === undefined) return () => false
      return (spec) => impliedCategories(spec).includes(cat)
    }
    case 'pattern': {
      const match = compileGlob(arg, true)
      return (_spec, fullName) => match(fullName)
    }
    default:
      return undefined
  }
}

function commandListCommand(c: CommandClient, argv: string[]): void {
  let filter: ListFilter = null
  for (let i = 2; i < argv.length; i++) {
    if (argv[i]!.toLowerCase() === 'filterby' && argv.length - 1 - i === 2) {
      const f = listFilter(argv[i + 1]!, argv[i + 2]!)
      if (f === undefined) {
        c.w.error(ERR_SYNTAX)
        return
      }
      filter = f
      i += 2
    } else {
      c.w.error(ERR_SYNTAX)
      return
    }
  }
  const names: string[] = []
  const visit = (e: CommandEntry): void => {
    if (filter === null || filter(e.spec, e.fullName)) names.push(e.fullName)
    if (e.subcommands !== null) for (const s of e.subcommands.values()) visit(s)
  }
  for (const e of c.srv.commands.all()) visit(e)
  c.w.bulkArray(names)
}

function getKeysGeneric(c: CommandClient, argv: string[], withFlags: boolean): void {
  const cmdArgv = argv.slice(2)
  const entry = lookupArgv(c.srv.commands, cmdArgv)
  if (entry === undefined) {
    c.w.error(ERR_GETKEYS_INVALID_COMMAND)
    return
  }
  const spec = entry.spec
  if (!commandHasKeys(spec)) {
    c.w.error(ERR_GETKEYS_NO_KEYS)
    return
  }
  const argc = cmdArgv.length
  if ((spec.arity > 0 && spec.arity !== argc) || argc < -spec.arity) {
    c.w.error(ERR_GETKEYS_BAD_ARITY)
    return
  }
  const keys = extractKeys(spec, cmdArgv)
  if (keys.length === 0 && !spec.flags.includes('no_mandatory_keys')) {
    c.w.error(ERR_GETKEYS_BAD_ARGS)
    return
  }
  const w = c.w
  w.arrayHeader(keys.length)
  for (const k of keys) {
    if (withFlags) {
      w.arrayHeader(2)
      w.bulk(cmdArgv[k.pos]!)
      writeKeyFlags(w, k.flags)
    } else {
      w.bulk(cmdArgv[k.pos]!)
    }
  }
}

const HELP_LINES = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Details of every command of this server.',
  'COUNT',
  '    How many commands this server has.',
  'LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]',
  '    Names of the commands and subcommands, optionally filtered.',
  'INFO [<command-name> ...]',
  '    Details of the named commands, or of every command when none is named.',
  'DOCS [<command-name> ...]',
  '    Documentation of the named commands, or of every command when none is named.',
  'GETKEYS <full-command>',
  '    The key arguments of a complete command line.',
  'GETKEYSANDFLAGS <full-command>',
  '    The key arguments of a complete command line, each with its access flags.',
  'HELP',
  '    Prints this help.',
]

function commandHelpCommand(c: CommandClient): void {
  c.w.arrayHeader(HELP_LINES.length)
  for (const line of HELP_LINES) c.w.simple(line)
}

// --- Specs ---

const sub = (spec: Omit<CommandSpec, 'group' | 'flags' | 'acl'>): CommandSpec => ({
  group: 'server',
  flags: ['loading', 'stale'],
  acl: ['connection'],
  ...spec,
})

const commandNameArg = [{ name: 'command-name', type: 'string', optional: true, multiple: true }] as const

/** The COMMAND container and its subcommands. */
export const commandCommands: CommandSpec[] = [
  {
    name: 'command',
    group: 'server',
    since: '2.8.13',
    summary: 'Describes every command the server knows.',
    complexity: 'O(N) in the number of commands',
    arity: -1,
    flags: ['loading', 'stale'],
    acl: ['connection'],
    tips: ['nondeterministic_output_order'],
    handler: commandCommand,
    subcommands: [
      sub({
        name: 'count',
        since: '2.8.13',
        summary: 'Counts the commands of the server.',
        complexity: 'O(1)',
        arity: 2,
        handler: commandCountCommand,
      }),
      sub({
        name: 'docs',
        since: '7.0.0',
        summary: 'Documents the named commands, or all of them.',
        complexity: 'O(N) in the number of commands named',
        arity: -2,
        tips: ['nondeterministic_output_order'],
        args: [...commandNameArg],
        handler: commandDocsCommand,
      }),
      sub({
        name: 'getkeys',
        since: '2.8.13',
        summary: 'Lists the key arguments of a complete command line.',
        complexity: 'O(N) in the number of arguments',
        arity: -4,
        handler: (c, argv) => getKeysGeneric(c, argv, false),
      }),
      sub({
        name: 'getkeysandflags',
        since: '7.0.0',
        summary: 'Lists the key arguments of a complete command line with their access flags.',
        complexity: 'O(N) in the number of arguments',
        arity: -4,
        handler: (c, argv) => getKeysGeneric(c, argv, true),
      }),
      sub({
        name: 'help',
        since: '5.0.0',
        summary: 'Explains the COMMAND subcommands.',
        complexity: 'O(1)',
        arity: 2,
        handler: commandHelpCommand,
      }),
      sub({
        name: 'info',
        since: '2.8.13',
        summary: 'Describes the named commands, or all of them.',
        complexity: 'O(N) in the number of commands named',
        arity: -2,
        tips: ['nondeterministic_output_order'],
        history: [['7.0.0', 'Without arguments, describes every command.']],
        args: [...commandNameArg],
        handler: commandInfoCommand,
      }),
      sub({
        name: 'list',
        since: '7.0.0',
        summary: 'Lists the names of the commands, optionally filtered.',
        complexity: 'O(N) in the number of commands',
        arity: -2,
        tips: ['nondeterministic_output_order'],
        args: [
          {
            name: 'filterby',
            type: 'oneof',
            token: 'FILTERBY',
            optional: true,
            arguments: [
              { name: 'module-name', type: 'string', token: 'MODULE' },
              { name: 'category', type: 'string', token: 'ACLCAT' },
              { name: 'pattern', type: 'pattern', token: 'PATTERN' },
            ],
          },
        ],
        handler: commandListCommand,
      }),
    ],
  },
]
