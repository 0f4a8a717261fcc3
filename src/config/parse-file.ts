/**
 * redis.conf reading, as Redis 7.0's loadServerConfigFromString(): one directive per line,
 * '#' comments and blank lines skipped, arguments split like sdssplitargs() (util/split-args.ts),
 * directive names case-insensitive, 'include' read in place, 'rename-command' and 'user' lines
 * collected for the command table and the ACL layer. Values go to a ConfigSink (the store).
 * See https://redis.io/docs/management/config-file/
 */

import { readFileSync, realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { splitArgs } from '../util/split-args.js'
import { ConfigFileError, type ConfigLocation, type ConfigOrigin } from './config-error.js'
import { DEPRECATED_DIRECTIVES, type DirectiveEntry, lookupDirective } from './directives.js'
import { expandIncludeGlob, hasWildcard } from './include-glob.js'
import { strerror } from './os-error.js'

/** Deepest chain of nested includes (Redis has no limit and recurses until it crashes). */
export const MAX_INCLUDE_DEPTH = 16

/** Where parsed directive lines go (ConfigStore implements it). */
export interface ConfigSink {
  /**
   * Sets a directive CONFIG GET knows from one line; 'args' are the values after the name.
   * Returns Redis's error text for a bad value, else null.
   */
  applyDirective(entry: DirectiveEntry, args: readonly string[], location: ConfigLocation): string | null
  /** The working directory relative include paths resolve against (the current 'dir'). */
  cwd(): string
}

/** A 'rename-command <command> <new-name>' line, applied by the command table. */
export interface RenameCommandLine {
  readonly command: string
  /** "" removes the command. */
  readonly newName: string
  readonly location: ConfigLocation
}

/** A 'user <name> [rules...]' line, applied by the ACL layer. */
export interface UserLine {
  readonly name: string
  readonly rules: readonly string[]
  readonly location: ConfigLocation
}

/** What file-only lines contributed, for the layers that own them. */
export interface ConfigExtras {
  readonly renames: RenameCommandLine[]
  readonly users: UserLine[]
  /** Lines Redis accepts and ignores (deprecated directives), for the log. */
  readonly warnings: string[]
  /** Files read, main file first then includes in reading order. */
  readonly files: string[]
}

/** A piece of configuration text: a file's content, stdin or the command-line option lines. */
export interface ConfigText {
  readonly origin: ConfigOrigin
  /** File name shown in errors ('file' origin only). */
  readonly file: string | null
  readonly text: string
}

/** An empty ConfigExtras to collect into. */
export function emptyExtras(): ConfigExtras {
  return { renames: [], users: [], warnings: [], files: [] }
}

/**
 * Reads a configuration file as latin1 (one char per byte). Throws Redis's "can't open"
 * error with code RDT_ERR_CONFIG_OPEN when it cannot.
 */
export function readConfigFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'latin1')
  } catch (err) {
    throw new ConfigFileError(
      `Fatal error, can't open config file '${path}': ${strerror(err)}`,
      null,
      'RDT_ERR_CONFIG_OPEN',
    )
  }
}

/** Redis's sdstrim(line, " \t\r\n"). */
function trimLine(s: string): string {
  return s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
}

/** Reading state shared by nested includes. */
interface ReadState {
  readonly sink: ConfigSink
  readonly extras: ConfigExtras
  /** Real paths of the files being read, outermost first (include loop guard). */
  readonly stack: string[]
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/**
 * Loads configuration pieces read as one text, as Redis loads file + stdin + options: lines
 * are numbered across the pieces (so an option's line number follows the file's) and a piece
 * not ending in a newline runs into the next. A file piece's 'file' is also pushed on the
 * include-loop guard. Throws ConfigFileError on the first bad line.
 */
export function loadConfigTexts(pieces: readonly ConfigText[], sink: ConfigSink, extras: ConfigExtras): void {
  const state: ReadState = { sink, extras, stack: [] }
  const mainFile = pieces.find((p) => p.origin === 'file')?.file ?? null
  if (mainFile !== null) {
    state.stack.push(realpathOr(resolve(sink.cwd(), mainFile)))
    extras.files.push(mainFile)
  }
  readLines(pieces, state)
}

function readLines(pieces: readonly ConfigText[], state: ReadState): void {
  const text = pieces.map((p) => p.text).join('')
  // Where each piece starts, to tell which one a line belongs to.
  const starts: number[] = []
  let offset = 0
  for (const p of pieces) {
    starts.push(offset)
    offset += p.text.length
  }
  let lineStart = 0
  let piece = 0
  let firstLineOfPiece = 1
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    while (piece + 1 < pieces.length && lineStart >= starts[piece + 1]!) {
      piece++
      firstLineOfPiece = i + 1
    }
    const raw = lines[i]!
    lineStart += raw.length + 1
    const line = trimLine(raw)
    if (line === '' || line[0] === '#') continue
    const src = pieces[piece]!
    const location: ConfigLocation = {
      origin: src.origin,
      file: src.file,
      line: src.origin === 'file' ? i + 2 - firstLineOfPiece : i + 1,
      text: line,
    }
    readLine(line, location, state)
  }
}

function fail(reason: string, location: ConfigLocation): never {
  throw new ConfigFileError(reason, location)
}

/** One non-blank, non-comment line. */
function readLine(line: string, location: ConfigLocation, state: ReadState): void {
  const args = splitArgs(line)
  if (args === null) fail('Unbalanced quotes in configuration line', location)
  if (args.length === 0) return
  const name = args[0]!.toLowerCase()
  const argc = args.length

  const entry = lookupDirective(name)
  if (entry) {
    const type = entry.directive.type
    if (!type.multiArg && argc !== 2) fail('wrong number of arguments', location)
    let values = args.slice(1)
    // redis 7.0: a multi-argument directive given one non-empty argument has it split again,
    // so that --save "900 1 300 10" works; unbalanced quotes there give no arguments.
    if (type.multiArg && values.length === 1 && values[0] !== '') values = splitArgs(values[0]!) ?? []
    const err = state.sink.applyDirective(entry, values, location)
    if (err !== null) fail(err, location)
    return
  }
  if (DEPRECATED_DIRECTIVES.has(name) && argc === 2) {
    state.extras.warnings.push(`'${name}' is deprecated and has no effect (${where(location)})`)
    return
  }
  if (name === 'include' && argc === 2) {
    include(args[1]!, location, state)
    return
  }
  if (name === 'rename-command' && argc === 3) {
    state.extras.renames.push({ command: args[1]!, newName: args[2]!, location })
    return
  }
  if (name === 'user' && argc >= 2) {
    state.extras.users.push({ name: args[1]!, rules: args.slice(2), location })
    return
  }
  if (name === 'loadmodule' && argc >= 2) fail('not supported by redoubt: modules cannot be loaded', location)
  if (name.includes('.')) {
    if (argc !== 2) fail('Module config specified without value', location)
    fail('not supported by redoubt: module configuration needs a loaded module', location)
  }
  if (name === 'sentinel') {
    if (argc !== 1) fail('sentinel directive while not in sentinel mode', location)
    fail('not supported by redoubt: Sentinel mode is not implemented', location)
  }
  fail('Bad directive or wrong number of arguments', location)
}

function where(loc: ConfigLocation): string {
  return loc.origin === 'file' ? `${loc.file}:${loc.line}` : `${loc.origin} line ${loc.line}`
}

/**
 * 'include <path>': the file (or every file a wildcard path matches, read as one text) is
 * loaded at this point, so later lines override it and it overrides earlier ones. Relative
 * paths resolve against the working directory, which a 'dir' line before it has changed.
 */
function include(path: string, location: ConfigLocation, state: ReadState): void {
  if (state.stack.length >= MAX_INCLUDE_DEPTH)
    fail(`include nesting deeper than ${MAX_INCLUDE_DEPTH} files`, location)
  const cwd = state.sink.cwd()
  const files = hasWildcard(path) ? expandIncludeGlob(path, cwd) : [path]
  const pieces: ConfigText[] = []
  const real: string[] = []
  for (const f of files) {
    const rp = realpathOr(resolve(cwd, f))
    if (state.stack.includes(rp)) fail(`include loop: '${f}' is already being read`, location)
    pieces.push({ origin: 'file', file: f, text: readConfigFile(f, cwd) })
    real.push(rp)
    state.extras.files.push(f)
  }
  if (pieces.length === 0) return
  state.stack.push(...real)
  try {
    readLines(pieces, state)
  } finally {
    state.stack.length -= real.length
  }
}
