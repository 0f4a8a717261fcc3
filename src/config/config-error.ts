/**
 * Start-up configuration errors and their text. A bad line stops the server with the block
 * redis-server prints ("*** FATAL CONFIG FILE ERROR ... ***", the line number, the line after
 * '>>>', then Redis's reason), naming redoubt and the file the line came from.
 */

/** Where a configuration line came from. */
export type ConfigOrigin = 'file' | 'stdin' | 'options'

/** A line of configuration: its origin, file, line number and trimmed text. */
export interface ConfigLocation {
  readonly origin: ConfigOrigin
  /** The file for 'file' lines (absolute for the main file, as written for an include); else null. */
  readonly file: string | null
  /**
   * 1-based line number. Inside a file it counts that file's lines; stdin and command-line
   * lines are numbered as Redis numbers them, continuing after the file (Redis reads file,
   * stdin and options as one text, options after one extra newline).
   */
  readonly line: number
  /** The line with blanks trimmed, as Redis echoes it after '>>>'. */
  readonly text: string
}

/** Error codes (catalogue entries for docs/errors.md). */
export type ConfigErrorCode =
  /** A directive line is invalid or not supported; the location says which. */
  | 'RDT_ERR_CONFIG_INVALID'
  /** The configuration file or an included file cannot be read. */
  | 'RDT_ERR_CONFIG_OPEN'

/** A configuration that cannot be loaded. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError'

  constructor(
    /** Redis's reason text ("argument couldn't be parsed into an integer"). */
    readonly reason: string,
    /** The offending line, or null for a problem found after reading (log file, missing file). */
    readonly location: ConfigLocation | null,
    readonly code: ConfigErrorCode = 'RDT_ERR_CONFIG_INVALID',
  ) {
    super(location ? `${describeLocation(location)}: ${reason}` : reason)
  }
}

function describeLocation(loc: ConfigLocation): string {
  if (loc.origin === 'file') return `${loc.file ?? 'config file'}:${loc.line}`
  return `${loc.origin === 'stdin' ? 'stdin' : 'command line'}:${loc.line}`
}

/** "Reading the configuration file 'x.conf', at line 2", or its stdin / command-line form. */
function readingLine(loc: ConfigLocation): string {
  if (loc.origin === 'stdin') return `Reading the configuration from standard input, at line ${loc.line}`
  if (loc.origin === 'options') return `Reading the command line options, at line ${loc.line}`
  return `Reading the configuration file '${loc.file ?? ''}', at line ${loc.line}`
}

/**
 * The text to print on stderr before exiting with status 1. Line errors have Redis's shape,
 * leading blank line included:
 *
 *     *** FATAL CONFIG FILE ERROR (redoubt 0.1.0) ***
 *     Reading the configuration file '/etc/redis.conf', at line 2
 *     >>> 'port "abc"'
 *     argument couldn't be parsed into an integer
 *
 * An unreadable file gives Redis's one-line log message instead:
 * "Fatal error, can't open config file 'x': No such file or directory".
 */
export function formatConfigError(err: ConfigFileError, version: string): string {
  if (err.code === 'RDT_ERR_CONFIG_OPEN') return `${err.reason}\n`
  let out = `\n*** FATAL CONFIG FILE ERROR (redoubt ${version}) ***\n`
  if (err.location) out += `${readingLine(err.location)}\n>>> '${err.location.text}'\n`
  return `${out}${err.reason}\n`
}
