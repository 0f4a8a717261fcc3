/**
 * The replies of COMMAND INFO and COMMAND DOCS, rendered from the command specs in Redis
 * 7.0's reply layout (redis server.c addReplyCommandInfo / addReplyCommandDocs): the same
 * fields, order and RESP types, so that clients reading them see what redis-server sends.
 * See https://redis.io/commands/command-info/ and https://redis.io/commands/command-docs/
 */

import type { ReplyWriter } from '../protocol/reply-writer.js'
import type { CommandEntry } from './context.js'
import { legacyKeyRange } from './key-extraction.js'
import {
  type ArgSpec,
  COMMAND_FLAGS,
  type CommandFlag,
  type CommandSpec,
  impliedCategories,
  KEY_SPEC_FLAGS,
  type KeySpec,
  type KeySpecFlag,
} from './spec.js'

/** Flags COMMAND INFO never shows (redis hides may_replicate, protected, sentinel flags). */
const HIDDEN_FLAGS: ReadonlySet<string> = new Set(['may_replicate', 'protected'])

/** Key-spec flag names as COMMAND prints them: access flags upper case, the others lower. */
const KEY_FLAG_NAMES: Record<KeySpecFlag, string> = {
  RO: 'RO',
  RW: 'RW',
  OW: 'OW',
  RM: 'RM',
  ACCESS: 'access',
  UPDATE: 'update',
  INSERT: 'insert',
  DELETE: 'delete',
  NOT_KEY: 'not_key',
  INCOMPLETE: 'incomplete',
  VARIABLE_FLAGS: 'variable_flags',
}

/** The command flags COMMAND INFO prints, in Redis's order, with movablekeys derived. */
export function infoFlags(spec: CommandSpec): string[] {
  const declared = new Set<CommandFlag>(spec.flags)
  if (legacyKeyRange(spec).movable) declared.add('movablekeys')
  return COMMAND_FLAGS.filter((f) => declared.has(f) && !HIDDEN_FLAGS.has(f))
}

/** Writes key-spec flags as a set of status replies, in Redis's order. */
export function writeKeyFlags(w: ReplyWriter, flags: readonly KeySpecFlag[]): void {
  const names = KEY_SPEC_FLAGS.filter((f) => flags.includes(f))
  w.setHeader(names.length)
  for (const f of names) w.simple(KEY_FLAG_NAMES[f])
}

function writeStatusSet(w: ReplyWriter, items: readonly string[]): void {
  w.setHeader(items.length)
  for (const s of items) w.simple(s)
}

function writeKeySpec(w: ReplyWriter, ks: KeySpec): void {
  w.mapHeader(ks.notes !== undefined ? 4 : 3)
  if (ks.notes !== undefined) {
    w.bulk('notes')
    w.bulk(ks.notes)
  }
  w.bulk('flags')
  writeKeyFlags(w, ks.flags)
  w.bulk('begin_search')
  w.mapHeader(2)
  w.bulk('type')
  const b = ks.begin
  if (b === 'unknown') {
    w.bulk('unknown')
    w.bulk('spec')
    w.mapHeader(0)
  } else if ('index' in b) {
    w.bulk('index')
    w.bulk('spec')
    w.mapHeader(1)
    w.bulk('index')
    w.integer(b.index)
  } else {
    w.bulk('keyword')
    w.bulk('spec')
    w.mapHeader(2)
    w.bulk('keyword')
    w.bulk(b.keyword)
    w.bulk('startfrom')
    w.integer(b.startfrom)
  }
  w.bulk('find_keys')
  w.mapHeader(2)
  w.bulk('type')
  const f = ks.find
  if (f === 'unknown') {
    w.bulk('unknown')
    w.bulk('spec')
    w.mapHeader(0)
  } else if ('range' in f) {
    w.bulk('range')
    w.bulk('spec')
    w.mapHeader(3)
    w.bulk('lastkey')
    w.integer(f.range[0])
    w.bulk('keystep')
    w.integer(f.range[1])
    w.bulk('limit')
    w.integer(f.range[2])
  } else {
    w.bulk('keynum')
    w.bulk('spec')
    w.mapHeader(3)
    w.bulk('keynumidx')
    w.integer(f.keynum[0])
    w.bulk('firstkey')
    w.integer(f.keynum[1])
    w.bulk('keystep')
    w.integer(f.keynum[2])
  }
}

/**
 * One command's COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
 * categories, tips, key specs, subcommands (each an entry of its own). Null for undefined.
 */
export function writeCommandInfo(w: ReplyWriter, entry: CommandEntry | undefined): void {
  if (entry === undefined) {
    w.nullBulk()
    return
  }
  const spec = entry.spec
  const range = legacyKeyRange(spec)
  w.arrayHeader(10)
  w.bulk(entry.fullName)
  w.integer(spec.arity)
  writeStatusSet(w, infoFlags(spec))
  w.integer(range.first)
  w.integer(range.last)
  w.integer(range.step)
  writeStatusSet(
    w,
    impliedCategories(spec).map((c) => `@${c}`),
  )
  const tips = spec.tips ?? []
  w.setHeader(tips.length)
  for (const t of tips) w.bulk(t)
  const keys = spec.keys ?? []
  w.setHeader(keys.length)
  for (const ks of keys) writeKeySpec(w, ks)
  if (entry.subcommands === null) {
    w.setHeader(0)
  } else {
    w.arrayHeader(entry.subcommands.size)
    for (const sub of entry.subcommands.values()) writeCommandInfo(w, sub)
  }
}

function writeArgs(w: ReplyWriter, args: readonly ArgSpec[]): void {
  w.arrayHeader(args.length)
  for (const a of args) {
    const flags: string[] = []
    if (a.optional === true) flags.push('optional')
    if (a.multiple === true) flags.push('multiple')
    if (a.multiple_token === true) flags.push('multiple_token')
    const nested = a.type === 'oneof' || a.type === 'block'
    let n = 2
    if (a.key_spec_index !== undefined) n++
    if (a.token !== undefined) n++
    if (a.since !== undefined) n++
    if (a.deprecated_since !== undefined) n++
    if (flags.length > 0) n++
    if (nested) n++
    w.mapHeader(n)
    w.bulk('name')
    w.bulk(a.name)
    w.bulk('type')
    w.bulk(a.type)
    if (a.key_spec_index !== undefined) {
      w.bulk('key_spec_index')
      w.integer(a.key_spec_index)
    }
    if (a.token !== undefined) {
      w.bulk('token')
      w.bulk(a.token)
    }
    if (a.since !== undefined) {
      w.bulk('since')
      w.bulk(a.since)
    }
    if (a.deprecated_since !== undefined) {
      w.bulk('deprecated_since')
      w.bulk(a.deprecated_since)
    }
    if (flags.length > 0) {
      w.bulk('flags')
      writeStatusSet(w, flags)
    }
    if (nested) {
      w.bulk('arguments')
      writeArgs(w, a.arguments ?? [])
    }
  }
}

/**
 * One command's COMMAND DOCS map: summary (our own words), since, group, complexity,
 * doc_flags, deprecated_since, replaced_by, history, arguments, subcommands — each only when
 * the spec has it, group always, in Redis's order.
 */
export function writeCommandDocs(w: ReplyWriter, entry: CommandEntry): void {
  const s = entry.spec
  const history = s.history ?? []
  const args = s.args ?? []
  const docFlags = s.docFlags ?? []
  let n = 2 // summary and group
  if (s.since !== '') n++
  if (s.complexity !== undefined) n++
  if (docFlags.length > 0) n++
  if (s.deprecatedSince !== undefined) n++
  if (s.replacedBy !== undefined) n++
  if (history.length > 0) n++
  if (args.length > 0) n++
  if (entry.subcommands !== null) n++
  w.mapHeader(n)
  w.bulk('summary')
  w.bulk(s.summary)
  if (s.since !== '') {
    w.bulk('since')
    w.bulk(s.since)
  }
  w.bulk('group')
  w.bulk(s.group)
  if (s.complexity !== undefined) {
    w.bulk('complexity')
    w.bulk(s.complexity)
  }
  if (docFlags.length > 0) {
    w.bulk('doc_flags')
    writeStatusSet(
      w,
      (['deprecated', 'syscmd'] as const).filter((f) => docFlags.includes(f)),
    )
  }
  if (s.deprecatedSince !== undefined) {
    w.bulk('deprecated_since')
    w.bulk(s.deprecatedSince)
  }
  if (s.replacedBy !== undefined) {
    w.bulk('replaced_by')
    w.bulk(s.replacedBy)
  }
  if (history.length > 0) {
    w.bulk('history')
    w.setHeader(history.length)
    for (const [version, change] of history) {
      w.arrayHeader(2)
      w.bulk(version)
      w.bulk(change)
    }
  }
  if (args.length > 0) {
    w.bulk('arguments')
    writeArgs(w, args)
  }
  if (entry.subcommands !== null) {
    w.bulk('subcommands')
    w.mapHeader(entry.subcommands.size)
    for (const sub of entry.subcommands.values()) {
      w.bulk(sub.fullName)
      writeCommandDocs(w, sub)
    }
  }
}
