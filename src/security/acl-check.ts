/**
 * ACL decisions (redis acl.c ACLCheckAllUserCommandPerm): may a user run a command with
 * these arguments? Checks the command bit (or a first-arg allowance), every key the key specs
 * name with the read/write access its spec flags imply (ACLSelectorCheckKey), and the
 * channels of PUBLISH, SPUBLISH, SUBSCRIBE, SSUBSCRIBE and PSUBSCRIBE. Any selector that
 * allows the call wins; otherwise the most relevant denial is reported.
 */

import {
  commandHasKeys,
  extractKeys,
  type FixedKeyRange,
  fixedRangeLast,
  keysFromGetKeys,
} from '../commands/key-extraction.js'
import type { KeyRef, KeySpecFlag } from '../commands/spec.js'
import { type AclCommand, KEY_READ, KEY_WRITE, type Selector } from './selectors.js'
import type { User } from './users.js'

/** Outcomes, ordered by relevance as Redis orders them (ACL_DENIED_*). */
export const ACL_OK = 0
export const ACL_DENIED_CMD = 1
export const ACL_DENIED_KEY = 2
export const ACL_DENIED_AUTH = 3
export const ACL_DENIED_CHANNEL = 4

/** A decision: 'result' and the argv index of the denied key or channel. */
export interface AclDecision {
  result: number
  pos: number
}

const CH_PUBLISH = 1
const CH_SUBSCRIBE = 2
const CH_PATTERN = 4

/** Channel arguments of a command (redis getChannelsFromCommand, publish/subscribe kinds only). */
function channelsOf(fullName: string, argc: number): { from: number; to: number; flags: number } | null {
  switch (fullName) {
    case 'publish':
    case 'spublish':
      return { from: 1, to: 2, flags: CH_PUBLISH }
    case 'subscribe':
    case 'ssubscribe':
      return { from: 1, to: argc, flags: CH_SUBSCRIBE }
    case 'psubscribe':
      return { from: 1, to: argc, flags: CH_SUBSCRIBE | CH_PATTERN }
    default:
      return null
  }
}

/** Read/write bits a key spec's flags require (redis ACLSelectorCheckKey). */
function requiredAccess(flags: readonly KeySpecFlag[]): number {
  let need = 0
  for (const f of flags) {
    if (f === 'ACCESS') need |= KEY_READ
    else if (f === 'INSERT' || f === 'DELETE' || f === 'UPDATE') need |= KEY_WRITE
  }
  return need
}

/** True when 'sel' lets a key be accessed with 'need'. */
export function selectorAllowsKey(sel: Selector, key: string, need: number): boolean {
  if (sel.allKeys) return true
  const keys = sel.keys
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    if ((k.flags & need) === need && k.match(key)) return true
  }
  return false
}

/**
 * True when 'sel' allows a channel: a plain channel is matched against the patterns, a
 * pattern (PSUBSCRIBE) must equal one of them literally (redis ACLCheckChannelAgainstList,
 * which compares with strcmp, so up to a NUL byte).
 */
export function selectorAllowsChannel(sel: Selector, channel: string, isPattern: boolean): boolean {
  if (sel.allChannels) return true
  if (isPattern) {
    const c = cstr(channel)
    return sel.channels.some((p) => cstr(p) === c)
  }
  const m = sel.matchers()
  for (let i = 0; i < m.length; i++) if (m[i]!(channel)) return true
  return false
}

function cstr(s: string): string {
  const n = s.indexOf('\0')
  return n === -1 ? s : s.slice(0, n)
}

/**
 * Keys extracted once per decision and shared by all selectors (redis aclKeyResultCache).
 * Decisions run one at a time on the event loop, so module-level scratch state is safe and
 * keeps the check free of allocations beyond the key extraction itself.
 */
let cachedKeys: readonly KeyRef[] | null = null
/** argv index of the key or channel the last selector check denied. */
let deniedPos = 0
const decision: AclDecision = { result: ACL_OK, pos: 0 }

/** checkFixedKeys: a range cannot be applied, extractKeys must decide. */
const FIXED_NOT_APPLICABLE = -1

/**
 * The key check of checkSelector for a command with fixed key ranges: the same keys in the
 * same order as extractKeys gives, walked by position. ACL_OK, ACL_DENIED_KEY (deniedPos
 * set), or FIXED_NOT_APPLICABLE when a range does not fit argv.
 */
function checkFixedKeys(sel: Selector, fixed: readonly FixedKeyRange[], argv: readonly string[]): number {
  const argc = argv.length
  // Every range must fit before any key is judged: otherwise extractKeys decides them all.
  for (let r = 0; r < fixed.length; r++) {
    if (fixedRangeLast(fixed[r]!, argc) === -1) return FIXED_NOT_APPLICABLE
  }
  for (let r = 0; r < fixed.length; r++) {
    const range = fixed[r]!
    if (checkFixedRange(sel, range, argv, fixedRangeLast(range, argc)) !== ACL_OK) return ACL_DENIED_KEY
  }
  return ACL_OK
}

/** checkFixedKeys for one range whose last key is 'last' (-1: the range does not fit argv). */
function checkFixedRange(sel: Selector, range: FixedKeyRange, argv: readonly string[], last: number): number {
  if (last === -1) return FIXED_NOT_APPLICABLE
  const need = (range.reads ? KEY_READ : 0) | (range.writes ? KEY_WRITE : 0)
  for (let i = range.first; i <= last; i += range.step) {
    if (!selectorAllowsKey(sel, argv[i]!, need)) {
      deniedPos = i
      return ACL_DENIED_KEY
    }
  }
  return ACL_OK
}

/**
 * The common case of checkSelector in one piece: a command the selector allows outright,
 * whose keys are one fixed range, each key matched by some pattern; not a channel command.
 * True only when the call is allowed; false means "decide the long way", never "denied".
 */
function allowedByOneRange(sel: Selector, cmd: AclCommand, argv: readonly string[]): boolean {
  const plan = cmd.keyPlan
  if (plan === undefined || !(sel.allCommands || sel.hasBit(cmd.id))) return false
  if (!sel.allChannels && channelsOf(cmd.fullName, argv.length) !== null) return false
  if (sel.allKeys || !plan.hasKeys) return true
  const fixed = plan.fixed ?? (sel.keysAllRW ? plan.positions : null)
  if (fixed === null || fixed.length !== 1) return false
  const range = fixed[0]!
  return checkFixedRange(sel, range, argv, fixedRangeLast(range, argv.length)) === ACL_OK
}

function checkSelector(sel: Selector, cmd: AclCommand, argv: readonly string[]): number {
  if (!sel.allCommands && !sel.hasBit(cmd.id) && !cmd.spec.flags.includes('no_auth')) {
    const first = sel.firstArgs?.get(cmd.id)
    if (argv.length < 2 || first === undefined) return ACL_DENIED_CMD
    const arg = argv[cmd.parent !== null ? 2 : 1]
    if (arg === undefined) return ACL_DENIED_CMD
    const a = cstr(arg).toLowerCase()
    if (!first.some((f) => f.toLowerCase() === a)) return ACL_DENIED_CMD
  }
  const plan = cmd.keyPlan
  if (!sel.allKeys && (plan === undefined ? commandHasKeys(cmd.spec) : plan.hasKeys)) {
    // With every pattern granting read and write, SET-like commands (fixed key positions,
    // access depending on other arguments) need not ask getKeys for the access.
    const fixed = plan === undefined ? null : (plan.fixed ?? (sel.keysAllRW ? plan.positions : null))
    const r = fixed === null ? FIXED_NOT_APPLICABLE : checkFixedKeys(sel, fixed, argv)
    if (r === ACL_DENIED_KEY) return r
    if (r === FIXED_NOT_APPLICABLE) {
      if (cachedKeys === null) {
        cachedKeys = plan?.viaGetKeys === true ? keysFromGetKeys(cmd.spec, argv) : extractKeys(cmd.spec, argv)
      }
      for (const ref of cachedKeys) {
        if (!selectorAllowsKey(sel, argv[ref.pos]!, requiredAccess(ref.flags))) {
          deniedPos = ref.pos
          return ACL_DENIED_KEY
        }
      }
    }
  }
  if (!sel.allChannels) {
    const ch = channelsOf(cmd.fullName, argv.length)
    if (ch !== null) {
      for (let i = ch.from; i < ch.to && i < argv.length; i++) {
        if (!selectorAllowsChannel(sel, argv[i]!, (ch.flags & CH_PATTERN) !== 0)) {
          deniedPos = i
          return ACL_DENIED_CHANNEL
        }
      }
    }
  }
  return ACL_OK
}

/**
 * Decides whether 'user' may run 'cmd' with 'argv' (argv[0] the command name). The returned
 * object is reused by the next call: read it at once. Work is bounded by selectors x (keys +
 * channels) x pattern matching, each match O(pattern * key).
 */
export function checkCommand(user: User, cmd: AclCommand, argv: readonly string[]): AclDecision {
  decision.result = ACL_OK
  decision.pos = 0
  if (user.unrestricted) return decision
  const sels = user.selectors
  if (sels.length === 1 && allowedByOneRange(sels[0]!, cmd, argv)) return decision
  cachedKeys = null
  let relevant = ACL_DENIED_CMD
  let lastPos = 0
  for (let i = 0; i < sels.length; i++) {
    deniedPos = 0
    const r = checkSelector(sels[i]!, cmd, argv)
    if (r === ACL_OK) {
      cachedKeys = null
      return decision
    }
    if (r > relevant || (r === relevant && deniedPos > lastPos)) {
      relevant = r
      lastPos = deniedPos
    }
  }
  cachedKeys = null
  decision.result = relevant
  decision.pos = lastPos
  return decision
}

/** True when 'user' may use 'channel' (a pattern when 'isPattern'), redis ACLUserCheckChannelPerm. */
export function userAllowsChannel(user: User, channel: string, isPattern: boolean): boolean {
  return user.selectors.some((s) => selectorAllowsChannel(s, channel, isPattern))
}

/** The NOPERM reply of a denied command (redis processCommand, 7.0 texts). */
export function nopermError(d: AclDecision, cmd: AclCommand): string {
  if (d.result === ACL_DENIED_CMD)
    return `NOPERM this user has no permissions to run the '${cmd.fullName}' command`
  if (d.result === ACL_DENIED_KEY)
    return 'NOPERM this user has no permissions to access one of the keys used as arguments'
  if (d.result === ACL_DENIED_CHANNEL)
    return 'NOPERM this user has no permissions to access one of the channels used as arguments'
  return 'no permission'
}

/** ACL DRYRUN's verbose denial text (redis 7.0 getAclErrorMessage). */
export function dryrunMessage(d: AclDecision, cmd: AclCommand, argv: readonly string[]): string {
  if (d.result === ACL_DENIED_CMD) return `This user has no permissions to run the '${cmd.fullName}' command`
  const obj = argv[d.pos] ?? ''
  if (d.result === ACL_DENIED_KEY) return `This user has no permissions to access the '${obj}' key`
  return `This user has no permissions to access the '${obj}' channel`
}
