/**
 * redoubt-server's command line, read as redis-server 7.0 reads its own:
 *   redoubt-server [configfile] [--name value [value ...]] ... [-]
 * The first argument is the config file unless it starts with '-'; '-' (first or last) reads
 * the configuration from stdin; each '--name' starts a directive line whose values run to the
 * next '--name', and those lines are read after the file, so they override it.
 */

import { splitArgs } from '../util/split-args.js'
import { quoteConfigValue } from './quote.js'

/** What the command line asks for. */
export type ServerArgs =
  | { readonly action: 'version' }
  | { readonly action: 'help' }
  | { readonly action: 'unsupported'; readonly message: string }
  | {
      readonly action: 'run'
      /** The config file as given, or null. */
      readonly configFile: string | null
      /** Read configuration from standard input after the file. */
      readonly readStdin: boolean
      /** Directive lines to read after the file and stdin (loadConfig's 'options'). */
      readonly options: string
    }

/**
 * Parses the arguments after the program name. '-v'/'--version' and '-h'/'--help' count only
 * as the first argument, as in Redis. Option values are quoted the way Redis quotes them
 * (sdscatrepr), so `--save ""` reads as save "" and `--bind "127.0.0.1 ::1"` as one value that
 * a multi-argument directive splits again. After a bare '--name' the next argument is its
 * value even if it starts with '--' (`--requirepass --x`), except that `--save` directly
 * followed by another option, or last, means `--save ""`.
 */
export function parseServerArgs(argv: readonly string[]): ServerArgs {
  const n = argv.length
  const first = argv[0]
  if (first === '-v' || first === '--version') return { action: 'version' }
  if (first === '-h' || first === '--help') return { action: 'help' }
  if (first === '--test-memory' || first === '--check-system')
    return { action: 'unsupported', message: `${first} is not supported by redoubt` }

  let j = 0
  let configFile: string | null = null
  if (first !== undefined && !first.startsWith('-')) {
    configFile = first
    j = 1
  }
  let options = ''
  let readStdin = false
  let handledLast = true
  for (; j < n; j++) {
    const a = argv[j]!
    if (a === '-' && (j === 0 || j === n - 1)) {
      readStdin = true
    } else if (handledLast && a.startsWith('--')) {
      if (options.length > 0) options += '\n'
      options += `${a.slice(2)} `
      const parts = splitArgs(a)
      if (parts !== null && parts.length === 1) {
        // A bare option name: the next argument is its value.
        handledLast = false
        const isSave = a.toLowerCase() === '--save'
        const nextIsOption = j !== n - 1 && argv[j + 1]!.startsWith('--')
        if (isSave && (nextIsOption || j === n - 1)) {
          options += '""'
          handledLast = true
        } else if (a.toLowerCase() === '--sentinel' && nextIsOption) {
          handledLast = true
        }
      } else {
        // "--port 6380" in one argument: name and value together.
        handledLast = true
      }
    } else {
      options += `${quoteConfigValue(a)} `
      handledLast = true
    }
  }
  return { action: 'run', configFile, readStdin, options }
}

/** The '--version' line: redoubt's version and the Redis version it follows. */
export function versionText(version: string, redisVersion: string): string {
  return `redoubt server v=${version} redis=${redisVersion} node=${process.version} bits=64\n`
}

/** The '--help' text (redis-server prints its usage on stderr and exits with status 1). */
export function usageText(program = 'redoubt-server'): string {
  const p = program
  return [
    `Usage: ${p} [/path/to/redis.conf] [options] [-]`,
    `       ${p} - (read the configuration from stdin)`,
    `       ${p} -v or --version`,
    `       ${p} -h or --help`,
    '',
    'Options are redis.conf directives written as --name value; they are read after the',
    'configuration file and stdin, so they override both.',
    '',
    'Examples:',
    `       ${p} (default configuration)`,
    `       echo 'maxmemory 0' | ${p} -`,
    `       ${p} /etc/redis/redis.conf`,
    `       ${p} --port 7777 --databases 4`,
    `       ${p} --save "" --bind "127.0.0.1 ::1"`,
    `       ${p} /etc/redis/redis.conf --loglevel verbose -`,
    '',
  ].join('\n')
}
