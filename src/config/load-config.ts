/**
 * Start-up configuration, as redis-server's loadServerConfig(): the config file, then stdin,
 * then the command-line option lines, read as one text into a fresh ConfigStore; then the
 * support checks and the log-file check. Also turns embedding options into option lines.
 */

import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigFileError } from './config-error.js'
import { ConfigStore } from './config-store.js'
import { strerror } from './os-error.js'
import {
  type ConfigExtras,
  type ConfigText,
  emptyExtras,
  loadConfigTexts,
  readConfigFile,
} from './parse-file.js'
import { quoteConfigValue } from './quote.js'

/** What to load. */
export interface LoadConfigInput {
  /** The configuration file as given (redis-server's first argument), or null. */
  readonly configFile?: string | null
  /** Configuration read from standard input (the '-' argument), or null. */
  readonly stdin?: string | null
  /** Directive lines appended after the file and stdin (parseServerArgs().options or optionLines()). */
  readonly options?: string
  /** Working directory (default process.cwd()); relative paths and the default 'dir' use it. */
  readonly cwd?: string
  /** Receives warnings Redis would log later (failed CONFIG SET rollbacks). */
  readonly warn?: (message: string) => void
}

/** A loaded configuration and what its file-only lines asked of other layers. */
export interface LoadedConfig extends ConfigExtras {
  readonly store: ConfigStore
}

/**
 * Tells whether 'path' could become the working directory, with chdir()'s strerror() text
 * ("No such file or directory", "Not a directory", "Permission denied"), or null.
 */
export function checkDirectory(path: string): string | null {
  try {
    if (!statSync(path).isDirectory()) return 'Not a directory'
    accessSync(path, constants.X_OK)
    return null
  } catch (err) {
    return strerror(err)
  }
}

/**
 * Loads the start-up configuration. Throws ConfigFileError (print it with formatConfigError()
 * and exit 1) for an unreadable file, a bad line, a value redoubt does not support or a log
 * file that cannot be opened for appending (which, as in Redis, creates it).
 *
 * The server must then make 'dir' its working directory (Redis chdir()s while reading) before
 * it opens the log, pid or data files, since relative paths are relative to it.
 */
export function loadConfig(input: LoadConfigInput = {}): LoadedConfig {
  const cwd = input.cwd ?? process.cwd()
  // Redis keeps the config file's absolute path (CONFIG REWRITE writes there after a 'dir').
  const configFile = input.configFile ? resolve(cwd, input.configFile) : null
  const store = new ConfigStore({
    cwd,
    configFile,
    checkDir: checkDirectory,
    ...(input.warn ? { warn: input.warn } : {}),
  })
  const pieces: ConfigText[] = []
  if (configFile !== null)
    pieces.push({ origin: 'file', file: configFile, text: readConfigFile(configFile, cwd) })
  if (input.stdin !== undefined && input.stdin !== null)
    pieces.push({ origin: 'stdin', file: null, text: input.stdin })
  pieces.push({ origin: 'options', file: null, text: `\n${input.options ?? ''}` })
  const extras = emptyExtras()
  loadConfigTexts(pieces, store, extras)
  store.finishLoad()
  checkLogFile(store)
  return { store, ...extras }
}

/** Redis opens the log file for appending once while loading, to fail early. */
function checkLogFile(store: ConfigStore): void {
  const logfile = store.getString('logfile')
  if (logfile === '') return
  try {
    closeSync(openSync(resolve(store.cwd(), logfile), 'a'))
  } catch (err) {
    throw new ConfigFileError(`Can't open the log file: ${strerror(err)}`, null)
  }
}

/** A value of an embedding option: numbers and booleans become "123" and yes/no. */
export type OptionValue = string | number | boolean

/**
 * Option lines for embedding options such as { port: 0, requirepass: 's3cret' }, quoted as
 * redis-server quotes command-line values; a multi-argument value like bind: '127.0.0.1 ::1'
 * is split again when read, as '--bind "127.0.0.1 ::1"' is.
 */
export function optionLines(options: Readonly<Record<string, OptionValue>>): string {
  const lines: string[] = []
  for (const [name, v] of Object.entries(options)) {
    const text = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)
    lines.push(`${name} ${quoteConfigValue(text)}`)
  }
  return lines.join('\n')
}
