/**
 * Command metadata: the one declaration of every command (name, arity, flags, ACL
 * categories, key specs, subcommands) from which COMMAND, ACL categories, key extraction
 * and redaction are derived. Mirrors Redis 7.0's commands.def / COMMAND INFO model.
 * See https://redis.io/docs/reference/command-tips/ and key-specs.
 */

import type { CommandClient } from './context.js'

/** Command flags as COMMAND INFO prints them (redis server.h CMD_*), in Redis's print order. */
export const COMMAND_FLAGS = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'may_replicate',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
] as const
export type CommandFlag = (typeof COMMAND_FLAGS)[number] | 'protected'

/** ACL categories in Redis 7.0's order (ACL CAT, COMMAND INFO). */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const
export type AclCategory = (typeof ACL_CATEGORIES)[number]

/** Key-spec flags (redis server.h CMD_KEY_*), in Redis's print order. */
export const KEY_SPEC_FLAGS = [
  'RO',
  'RW',
  'OW',
  'RM',
  'ACCESS',
  'UPDATE',
  'INSERT',
  'DELETE',
  'NOT_KEY',
  'INCOMPLETE',
  'VARIABLE_FLAGS',
] as const
export type KeySpecFlag = (typeof KEY_SPEC_FLAGS)[number]

/** Where the search for keys begins. */
export type BeginSearch = { index: number } | { keyword: string; startfrom: number } | 'unknown'
/** How keys are found from the begin position: range [lastkey, step, limit] or keynum [keynumidx, firstkey, step]. */
export type FindKeys = { range: [number, number, number] } | { keynum: [number, number, number] } | 'unknown'

export interface KeySpec {
  flags: KeySpecFlag[]
  notes?: string
  begin: BeginSearch
  find: FindKeys
}

export type CommandGroup =
  | 'generic'
  | 'string'
  | 'list'
  | 'set'
  | 'sorted-set'
  | 'hash'
  | 'pubsub'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'scripting'
  | 'hyperloglog'
  | 'cluster'
  | 'sentinel'
  | 'geo'
  | 'stream'
  | 'bitmap'

/** Argument description for COMMAND DOCS (redis commands/*.json "arguments"). */
export interface ArgSpec {
  name: string
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block'
  key_spec_index?: number
  token?: string
  optional?: boolean
  multiple?: boolean
  multiple_token?: boolean
  since?: string
  /** Version that deprecated this argument (COMMAND DOCS deprecated_since). */
  deprecated_since?: string
  display?: string
  arguments?: ArgSpec[]
}

/** A command handler: reads 'argv' (argv[0] is the name as sent), writes the reply to 'c.w'. */
export type CommandHandler = (c: CommandClient, argv: string[]) => void

/** One command (or subcommand) as declared beside its handler. */
export interface CommandSpec {
  /** Lower-case name; a subcommand's own name (e.g. "getname"), its full name is derived. */
  name: string
  group: CommandGroup
  since: string
  /** Our own one-line summary (COMMAND DOCS). */
  summary: string
  complexity?: string
  arity: number
  flags: CommandFlag[]
  /** ACL categories beyond those the flags imply. */
  acl?: AclCategory[]
  keys?: KeySpec[]
  /** Command tips (COMMAND INFO), e.g. "nondeterministic_output". */
  tips?: string[]
  args?: ArgSpec[]
  subcommands?: CommandSpec[]
  /** Doc flags (COMMAND DOCS): "deprecated", "syscmd". */
  docFlags?: ('deprecated' | 'syscmd')[]
  deprecatedSince?: string
  replacedBy?: string
  history?: [string, string][]
  /**
   * Extracts key positions when key specs cannot (movablekeys commands such as SORT or
   * MIGRATE, or a spec flagged VARIABLE_FLAGS such as SET with GET): Redis's getkeys_proc.
   * Returns argv indexes (no flags, as redis genericGetKeys) or KeyRefs carrying the flags
   * of each key (as redis sortGetKeys, setGetKeys). Used by commands/key-extraction.ts.
   */
  getKeys?: (argv: readonly string[]) => readonly (number | KeyRef)[]
  /** argv indexes (or a function of argv) that carry secrets: never logged, monitored or listed. */
  redact?: number[] | ((argv: readonly string[]) => number[])
  /** Undefined only for container commands, whose subcommands carry the handlers. */
  handler?: CommandHandler
}

/** Category bits implied by flags, as redis server.c setImplicitACLCategories(). */
export function impliedCategories(spec: CommandSpec): AclCategory[] {
  const cats = new Set<AclCategory>(spec.acl ?? [])
  const f = new Set(spec.flags)
  if (f.has('write')) cats.add('write')
  if (f.has('readonly') && !cats.has('scripting')) cats.add('read')
  if (f.has('admin')) {
    cats.add('admin')
    cats.add('dangerous')
  }
  if (f.has('pubsub')) cats.add('pubsub')
  if (f.has('fast')) cats.add('fast')
  if (f.has('blocking')) cats.add('blocking')
  if (!cats.has('fast')) cats.add('slow')
  return ACL_CATEGORIES.filter((c) => cats.has(c))
}

/**
 * A key reference extracted from argv: position plus the spec flags that apply. Keys are
 * extracted in one place only, commands/key-extraction.ts (COMMAND GETKEYS, ACL key checks),
 * which also derives COMMAND INFO's legacy key range and movablekeys flag.
 */
export interface KeyRef {
  pos: number
  flags: readonly KeySpecFlag[]
}
