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
export const ERR_MULTI_NESTED = 'ERR MULTI calls can not be nested'
export const ERR_EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI'
export const ERR_DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI'
export const ERR_WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed'
export const ERR_EXECABORT = 'EXECABORT Transaction discarded because of previous errors.'
export const ERR_NOT_IN_MULTI = 'ERR Command not allowed inside a transaction'
export const EXEC_DENIED_CMD = 'no permission to execute the command or subcommand'
export const EXEC_DENIED_KEY = 'no permission to touch the specified keys'
export const EXEC_DENIED_CHANNEL = 'no permission to access one of the channels used as arguments'
/** A queued command the user may no longer run when EXEC comes ('reason' one of EXEC_DENIED_*). */
export function errAclChangedInExec(reason: string): string {
  return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`
}

/** "wrong number of arguments" for a command's full name (e.g. "client|setname"). */
export function errWrongArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`
}

/** C's "%.128s": at most 'n' bytes of 's', and nothing from its first NUL byte on. */
function clip(s: string, n: number): string {
  const c = cString(s)
  return c.length > n ? c.slice(0, n) : c
}

/** Unknown command, echoing the first arguments as redis 7.0 processCommand() does. */
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

/** A RESP2 client in pub/sub mode ran another command (redis processCommand). */
export function errPubsubContext(fullName: string): string {
  return `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`
}

/** Unknown subcommand or wrong arguments, as addReplySubcommandSyntaxError(). */
export function errSubcommandSyntax(cmd: string, sub: string): string {
  return `ERR unknown subcommand or wrong number of arguments for '${clip(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`
}

// --- Connection commands (AUTH, HELLO, SELECT, CLIENT) ---

export const ERR_WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.'
export const ERR_AUTH_NO_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'
export const ERR_NOPROTO = 'NOPROTO unsupported protocol version'
export const ERR_HELLO_PROTOVER = 'ERR Protocol version is not an integer or out of range'
export const ERR_HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time'
export const ERR_CLIENT_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.'
export const ERR_INVALID_CLIENT_ID = 'ERR Invalid client ID'
export const ERR_CLIENT_ID_POSITIVE = 'ERR client-id should be greater than 0'
export const ERR_NO_SUCH_CLIENT = 'ERR No such client'
/** CLIENT KILL MAXAGE (Redis 7.4). */
export const ERR_MAXAGE_NOT_INTEGER = 'ERR maxage is not an integer or out of range'
export const ERR_MAXAGE_POSITIVE = 'ERR maxage should be greater than 0'

/** getRangeLongFromObjectOrReply's error for an integer outside [min, max]. */
export function errIntOutOfRange(min: number | bigint, max: number | bigint): string {
  return `ERR value is out of range, value must between ${min} and ${max}`
}

/** HELLO with an option it does not know. */
export function errHelloOption(opt: string): string {
  return `ERR Syntax error in HELLO option '${cString(opt)}'`
}

/** CLIENT LIST TYPE / CLIENT KILL TYPE with an unknown class. */
export function errUnknownClientType(name: string): string {
  return `ERR Unknown client type '${cString(name)}'`
}

/** CLIENT KILL USER naming no ACL user. */
export function errNoSuchUser(name: string): string {
  return `ERR No such user '${cString(name)}'`
}

/** CLIENT SETINFO (Redis 7.2) with an attribute other than LIB-NAME or LIB-VER. */
export function errSetinfoOption(attr: string): string {
  return `ERR Unrecognized option '${cString(attr)}'`
}

/** CLIENT SETINFO (Redis 7.2) with a value CLIENT LIST could not show. */
export function errSetinfoValue(attr: string): string {
  return `ERR ${cString(attr)} cannot contain spaces, newlines or special characters.`
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

// --- Hash and set commands ---

export const ERR_HASH_NOT_INTEGER = 'ERR hash value is not an integer'
export const ERR_HASH_NOT_FLOAT = 'ERR hash value is not a float'
/** HINCRBYFLOAT with an infinite increment (refused before the key is touched). */
export const ERR_NAN_OR_INFINITY = 'ERR value is NaN or Infinity'
export const ERR_INCR_NAN_OR_INFINITY = 'ERR increment would produce NaN or Infinity'
/** HRANDFIELD WITHVALUES with a count beyond +-LONG_MAX/2. */
export const ERR_OUT_OF_RANGE = 'ERR value is out of range'
/** getPositiveLongFromObjectOrReply's error (SPOP count). */
export const ERR_MUST_BE_POSITIVE = 'ERR value is out of range, must be positive'
export const ERR_NUMKEYS_POSITIVE = 'ERR numkeys should be greater than 0'
export const ERR_NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args"
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative"

// --- Sorted-set commands ---

export const ERR_ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible'
export const ERR_ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible'
export const ERR_ZADD_INCR_PAIR = 'ERR INCR option supports a single increment-element pair'
export const ERR_ZSCORE_NAN = 'ERR resulting score is not a number (NaN)'
export const ERR_MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float'
export const ERR_MIN_MAX_NOT_LEX = 'ERR min or max not valid string range item'
export const ERR_ZRANGE_LIMIT =
  'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'
export const ERR_ZRANGE_WITHSCORES_BYLEX =
  'ERR syntax error, WITHSCORES not supported in combination with BYLEX'
export const ERR_WEIGHT_NOT_FLOAT = 'ERR weight value is not a float'
export const ERR_COUNT_POSITIVE = 'ERR count should be greater than 0'

/** ZUNION/ZINTER/ZDIFF families (and ZINTERCARD) with numkeys below 1. */
export function errNeedInputKey(fullName: string): string {
  return `ERR at least 1 input key is needed for '${fullName}' command`
}

// --- String and bitmap commands ---

export const ERR_DECR_OVERFLOW = 'ERR decrement would overflow'
export const ERR_INCR_NAN = 'ERR increment would produce NaN or Infinity'
export const ERR_BIT_ARGUMENT = 'ERR The bit argument must be 1 or 0.'
export const ERR_BITOP_NOT = 'ERR BITOP NOT must be called with a single source key.'
export const ERR_BITFIELD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'
export const ERR_BITFIELD_OVERFLOW = 'ERR Invalid OVERFLOW type specified'
export const ERR_BITFIELD_RO = 'ERR BITFIELD_RO only supports the GET subcommand'
export const ERR_LCS_TYPES = 'ERR The specified keys must contain string values'
export const ERR_LCS_AMBIGUOUS = 'ERR If you want both the length and indexes, please just use IDX.'
export const ERR_LCS_TOO_BIG = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'
/** LCS when its table cannot be allocated at all (redis: ztrymalloc failed). */
export const ERR_LCS_ALLOC = 'ERR Insufficient memory, failed allocating transient memory for LCS'
