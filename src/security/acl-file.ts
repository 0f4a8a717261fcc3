/**
 * The aclfile (redis acl.c ACLLoadFromFile / ACLSaveToFile) and 'user' lines of redis.conf
 * (ACLLoadConfiguredUsers). Loading is all-or-nothing: users are built in a fresh set and
 * installed only when every line applied; errors name the file and line. Saving writes the
 * canonical lines to a temporary file and renames it over the old one.
 */

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { cString } from '../util/c-string.js'
import { applyUserRule, describeUser, hasSpaces, mergeSelectorArgs, RULE_ERR_UNKNOWN } from './acl-rules.js'
import type { User, UserStore } from './users.js'

/** Upper bound on an aclfile's size: a client cannot make ACL LOAD read an unbounded file. */
export const ACLFILE_MAX_BYTES = 64 * 1024 * 1024

/**
 * Builds the users of an aclfile's text. Returns them (by name) or Redis's error text,
 * each problem as "<file>:<line>: <what>. " concatenated as Redis does.
 */
export function parseAclText(store: UserStore, text: string, filename: string): Map<string, User> | string {
  const users = new Map<string, User>()
  let errors = ''
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const linenum = i + 1
    const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
    if (line === '') continue
    // sdssplitlen on single spaces: consecutive spaces give empty arguments (no-op rules).
    const argv = line.split(' ')
    if (argv[0] !== 'user' || argv.length < 2) {
      errors += `${filename}:${linenum} should start with user keyword followed by the username. `
      continue
    }
    const name = argv[1]!
    if (hasSpaces(name)) {
      errors += `${filename}:${linenum}: username '${cString(name)}' contains invalid characters. `
      continue
    }
    if (users.has(name)) {
      errors += `WARNING: Duplicate user '${cString(name)}' found on line ${linenum}. `
      continue
    }
    const u = store.newUser(name)
    users.set(name, u)
    const merged = mergeSelectorArgs(argv.slice(2))
    if (typeof merged === 'number') {
      errors += `${filename}:${linenum}: Unmatched parenthesis in acl selector starting at '${cString(argv[2 + merged]!)}'. `
      continue
    }
    for (const op of merged) {
      const rule = op.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '')
      const err = applyUserRule(store, u, rule)
      if (err === null) continue
      // Redis reports the first failing rule of a line only. Only unknown names are quoted: other rules may carry passwords (redis 7.0).
      if (err === RULE_ERR_UNKNOWN)
        errors += `${filename}:${linenum}: Error in applying operation '${cString(rule)}': ${err}. `
      else errors += `${filename}:${linenum}: ${err}. `
      break
    }
    u.refresh()
  }
  if (errors === '') return users
  return `${errors}WARNING: ACL errors detected, no change to the previously active ACL rules was performed`
}

/** Reads and parses an aclfile; Redis's text on failure. */
export function loadAclFile(store: UserStore, filename: string): Map<string, User> | string {
  let text: string
  try {
    const buf = readFileSync(filename)
    if (buf.length > ACLFILE_MAX_BYTES)
      return `Error loading ACLs, opening file '${filename}': File too large`
    text = buf.toString('latin1')
  } catch (err) {
    return `Error loading ACLs, opening file '${filename}': ${osMessage(err)}`
  }
  return parseAclText(store, text, filename)
}

function osMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'No such file or directory'
  if (code === 'EACCES') return 'Permission denied'
  if (code === 'EISDIR') return 'Is a directory'
  return (err as Error).message
}

/** The canonical "user <name> <rules>" lines of every user (ACL LIST, ACL SAVE, CONFIG REWRITE). */
export function aclLines(store: UserStore): string[] {
  return store.list().map((u) => `user ${u.name} ${describeUser(u)}`)
}

/** Writes the users to 'filename' atomically (temp file, fsync, rename); an error text or null. */
export function saveAclFile(store: UserStore, filename: string): string | null {
  const tmp = `${filename}.tmp-${process.pid}-${Date.now()}`
  const data = Buffer.from(
    aclLines(store)
      .map((l) => `${l}\n`)
      .join(''),
    'latin1',
  )
  try {
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, filename)
    return null
  } catch (err) {
    try {
      unlinkSync(tmp)
    } catch {
      // The temporary file may not exist; nothing to clean up then.
    }
    return `Opening temp ACL file for ACL SAVE: ${osMessage(err)}`
  }
}
