/**
 * The catalogue of error replies, with Redis 7.0's exact texts (without the leading '-').
 * Fixed texts are constants; texts with parameters are small functions.
 * test/diff checks them against a real redis-server.
 */

import { cString } from '../util/c-string.js'

export const ERR_SYNTAX = 'ERR syntax error'
export const ERR_WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value'
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range'
export const ERR_NOT_FLOAT = 'ERR value is not a valid float'
export const ERR_NO_SUCH_KEY = 'ERR no such key'
export const ERR_DB_INDEX = 'ERR DB index is out of range'
export const ERR_INVALID_DB_INDEX = 'ERR invalid DB index'
export const ERR_INCR_OVERFLOW = 'ERR increment or decrement would overflow'
export const ERR_NOAUTH = 'NOAUTH Authentication required.'
export const ERR_INVALID_EXPIRE = (cmd: string): string => `ERR invalid expire time in '${cmd}' command`
export const ERR_OFFSET_OUT_OF_RANGE = 'ERR offset is out of range'
export const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)'
export const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range'
export const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range'
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same'
export const ERR_GETKEYS_INVALID_COMMAND = 'ERR Invalid command specified'
export const ERR_GETKEYS_NO_KEYS = 'ERR The command has no key arguments'
export const ERR_GETKEYS_BAD_ARITY = 'ERR Invalid number of arguments specified for command'
export const ERR_GETKEYS_BAD_ARGS = 'ERR Invalid arguments specified for command'
export const ERR_NO_SHUTDOWN = 'ERR No shutdown in progress.'
export const ERR_SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.'

/** "wrong number of arguments" for a command's full name (e.g. "client|setname"). */
export function errWrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`
}

/** C's "%.128s": at most 128 bytes of 's'. */
function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s
}

/** Unknown command, echoing the first arguments as redis 7.0 commandCheckExistence() does. */
export function errUnknownCommand(argv: readonly string[]): string {
  let args = ''
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${clip(argv[i] ?? '', 128 - args.length)}' `
  }
  return `ERR unknown command '${clip(argv[0] ?? '', 128)}', with args beginning with: ${args}`
}

/** Unknown subcommand of a container command ("CLIENT FOO"). */
export function errUnknownSubcommand(container: string, sub: string): string {
  return `ERR unknown subcommand '${clip(sub, 128)}'. Try ${container.toUpperCase()} HELP.`
}

/** Unknown subcommand or wrong arguments, as addReplySubcommandSyntaxError(). */
export function errSubcommandSyntax(cmd: string, sub: string): string {
  return `ERR unknown subcommand or wrong number of arguments for '${clip(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`
}

/** getRangeLongFromObjectOrReply's error for an integer outside [min, max]. */
export function errIntOutOfRange(min: number | bigint, max: number | bigint): string {
  return `ERR value is out of range, value must between ${min} and ${max}`
}

// --- Keyspace commands (SCAN, EXPIRE family, SWAPDB, OBJECT) ---

export const ERR_INVALID_CURSOR = 'ERR invalid cursor'
export const ERR_EXPIRE_NX_COMBO = 'ERR NX and XX, GT or LT options at the same time are not compatible'
export const ERR_EXPIRE_GT_LT = 'ERR GT and LT options at the same time are not compatible'
export const ERR_SWAPDB_FIRST = 'ERR invalid first DB index'
export const ERR_SWAPDB_SECOND = 'ERR invalid second DB index'
export const ERR_OBJECT_FREQ_NO_LFU =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'
export const ERR_OBJECT_IDLETIME_LFU =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'
/**
 * redoubt only: OBJECT IDLETIME when no LRU/LFU maxmemory-policy keeps access times (see
 * store/access-clock.ts; Redis 7.0 answers there). Worded like Redis's LFU counterpart.
 */
export const ERR_OBJECT_IDLETIME_UNTRACKED =
  'ERR An LRU maxmemory policy is not selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'

/** EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT with an option other than NX, XX, GT or LT. */
export function errUnsupportedOption(opt: string): string {
  return `ERR Unsupported option ${cString(opt)}`
}
