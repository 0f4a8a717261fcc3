/**
 * ACL rule grammar (redis acl.c ACLSetUser/ACLSetSelector, 7.0) and canonical printing
 * (ACLDescribeUser, ACL LIST / GETUSER / aclfile). Rules, applied left to right:
 *   on off nopass resetpass >pass <pass #sha256 !sha256 skip-sanitize-payload sanitize-payload
 *   (selector rules...) clearselectors reset
 * and, on the root selector or inside '(...)':
 *   ~pattern %R~pattern %W~pattern %RW~pattern allkeys resetkeys &pattern allchannels
 *   resetchannels +cmd -cmd +cmd|sub -cmd|sub +cmd|firstarg +@cat -@cat allcommands nocommands
 * Error texts are Redis's. See https://redis.io/docs/management/security/acl/
 */

import { ACL_CATEGORIES } from '../commands/spec.js'
import { cString, keywordIs } from '../util/c-string.js'
import { splitArgs } from '../util/split-args.js'
import { hashPassword, isValidPasswordHash } from './passwords.js'
import { KEY_READ, KEY_RW, KEY_WRITE, type KeyPattern, Selector } from './selectors.js'
import type { User, UserStore } from './users.js'

// --- Error texts (redis ACLSetUserStringError) ---

export const RULE_ERR_SYNTAX = 'Syntax error'
export const RULE_ERR_UNKNOWN = 'Unknown command or category name in ACL'
export const RULE_ERR_KEYS_AFTER_ALL =
  "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"
export const RULE_ERR_CHANNELS_AFTER_ALL =
  "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"
export const RULE_ERR_NO_PASSWORD = 'The password you are trying to remove from the user does not exist'
export const RULE_ERR_BAD_HASH =
  'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters'
export const RULE_ERR_SUBCOMMAND_FIRSTARG = 'Allowing first-arg of a subcommand is not supported'

/** True when 's' holds a space-class byte or NUL (redis ACLStringHasSpaces). */
export function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0 || c === 32 || (c >= 9 && c <= 13)) return true
  }
  return false
}

// --- Selector rules ---

/** Applies one selector rule; returns an error text (without context) or null. */
export function applySelectorRule(sel: Selector, op: string): string | null {
  if (keywordIs(op, 'allkeys') || keywordIs(op, '~*')) {
    sel.clearKeys(true)
  } else if (keywordIs(op, 'resetkeys')) {
    sel.clearKeys(false)
  } else if (keywordIs(op, 'allchannels') || keywordIs(op, '&*')) {
    sel.clearChannels(true)
  } else if (keywordIs(op, 'resetchannels')) {
    sel.clearChannels(false)
  } else if (keywordIs(op, 'allcommands') || keywordIs(op, '+@all')) {
    sel.setAll(true)
  } else if (keywordIs(op, 'nocommands') || keywordIs(op, '-@all')) {
    sel.setAll(false)
  } else if (op[0] === '~' || op[0] === '%') {
    if (sel.allKeys) return RULE_ERR_KEYS_AFTER_ALL
    let flags = 0
    let offset = 1
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const ch = op[offset]!
        if ((ch === 'R' || ch === 'r') && (flags & KEY_READ) === 0) flags |= KEY_READ
        else if ((ch === 'W' || ch === 'w') && (flags & KEY_WRITE) === 0) flags |= KEY_WRITE
        else if (ch === '~') {
          offset++
          break
        } else return RULE_ERR_SYNTAX
      }
    } else {
      flags = KEY_RW
    }
    if (flags === 0) return RULE_ERR_SYNTAX
    const pattern = op.slice(offset)
    if (hasSpaces(pattern)) return RULE_ERR_SYNTAX
    sel.addKeyPattern(pattern, flags)
  } else if (op[0] === '&') {
    if (sel.allChannels) return RULE_ERR_CHANNELS_AFTER_ALL
    const pattern = op.slice(1)
    if (hasSpaces(pattern)) return RULE_ERR_SYNTAX
    sel.addChannel(pattern)
  } else if (op[0] === '+' && op[1] !== '@') {
    return allowCommand(sel, op)
  } else if (op[0] === '-' && op[1] !== '@') {
    const cmd = sel.universe.lookupRule(cString(op.slice(1)))
    if (cmd === undefined) return RULE_ERR_UNKNOWN
    sel.changePerm(cmd, false)
  } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
    const bit = sel.universe.categoryBit(cString(op.slice(2)))
    if (bit === 0) return RULE_ERR_UNKNOWN
    sel.changeCategory(bit, op[0] === '+')
  } else {
    return RULE_ERR_SYNTAX
  }
  return null
}

/** '+cmd', '+container|sub' or '+cmd|firstarg' (redis 7.0 ACLSetSelector '+'). */
function allowCommand(sel: Selector, op: string): string | null {
  const name = cString(op.slice(1))
  const source = sel.universe
  const bar = name.lastIndexOf('|')
  if (bar === -1) {
    const cmd = source.lookupRule(name)
    if (cmd === undefined) return RULE_ERR_UNKNOWN
    sel.changePerm(cmd, true)
    return null
  }
  const base = source.lookupRule(name.slice(0, bar))
  const sub = name.slice(bar + 1)
  if (base === undefined) return RULE_ERR_UNKNOWN
  if (base.parent !== null) return RULE_ERR_SUBCOMMAND_FIRSTARG
  if (sub.length === 0) return RULE_ERR_SYNTAX
  if (base.subcommands !== null) {
    const cmd = source.lookupRule(name)
    if (cmd === undefined) return RULE_ERR_UNKNOWN
    sel.changePerm(cmd, true)
  } else {
    // Redis logs a deprecation warning here: first-arg allowances are a misuse of ACL.
    sel.addFirstArg(base.id, sub)
  }
  return null
}

// --- User rules ---

/** Applies one user rule to 'u' (redis ACLSetUser); returns an error text or null. */
export function applyUserRule(store: UserStore, u: User, op: string): string | null {
  if (op.length === 0) return null
  if (keywordIs(op, 'on')) u.enabled = true
  else if (keywordIs(op, 'off')) u.enabled = false
  else if (keywordIs(op, 'skip-sanitize-payload')) u.sanitize = 'skip-sanitize-payload'
  else if (keywordIs(op, 'sanitize-payload')) u.sanitize = 'sanitize-payload'
  else if (keywordIs(op, 'nopass')) {
    u.nopass = true
    u.passwords = []
  } else if (keywordIs(op, 'resetpass')) {
    u.nopass = false
    u.passwords = []
  } else if (op[0] === '>' || op[0] === '#') {
    let h: string
    if (op[0] === '>') h = hashPassword(op.slice(1))
    else {
      h = op.slice(1)
      if (!isValidPasswordHash(h)) return RULE_ERR_BAD_HASH
    }
    if (!u.passwords.includes(h)) u.passwords.push(h)
    u.nopass = false
  } else if (op[0] === '<' || op[0] === '!') {
    let h: string
    if (op[0] === '<') h = hashPassword(op.slice(1))
    else {
      h = op.slice(1)
      if (!isValidPasswordHash(h)) return RULE_ERR_BAD_HASH
    }
    const i = u.passwords.indexOf(h)
    if (i === -1) return RULE_ERR_NO_PASSWORD
    u.passwords.splice(i, 1)
  } else if (op[0] === '(' && op[op.length - 1] === ')') {
    const sel = new Selector(store.universe, false, store.channelsDefault)
    // Unbalanced quotes inside make sdssplitargs fail: Redis then adds an empty selector.
    const args = splitArgs(op.slice(1, -1)) ?? []
    for (const a of args) {
      const err = applySelectorRule(sel, a)
      if (err !== null) return err
    }
    u.selectors.push(sel)
  } else if (keywordIs(op, 'clearselectors')) {
    u.selectors.length = 1
  } else if (keywordIs(op, 'reset')) {
    u.nopass = false
    u.passwords = []
    u.root.clearKeys(false)
    u.root.clearChannels(store.channelsDefault)
    u.enabled = false
    u.sanitize = 'sanitize-payload'
    u.selectors.length = 1
    u.root.setAll(false)
  } else {
    return applySelectorRule(u.root, op)
  }
  return null
}

/**
 * Joins "(" ... ")" arguments spread over several argv entries into one rule (redis
 * ACLMergeSelectorArguments). Returns the index of an unclosed '(' as a number.
 */
export function mergeSelectorArgs(args: readonly string[]): string[] | number {
  const out: string[] = []
  let open = -1
  let acc = ''
  for (let j = 0; j < args.length; j++) {
    const op = args[j]!
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      acc = op
      open = j
      continue
    }
    if (open !== -1) {
      acc += ` ${cString(op)}`
      if (op[op.length - 1] === ')') {
        open = -1
        out.push(acc)
      }
      continue
    }
    out.push(op)
  }
  return open !== -1 ? open : out
}

/** Replaces CR and LF so an error quoting client bytes stays one line (redis addReplyErrorSdsSafe). */
export function safeErrorText(s: string): string {
  return s.replace(/[\r\n]/g, ' ')
}

/**
 * ACL SETUSER semantics (redis ACLStringSetUser): every rule is applied to a copy of the
 * user (or a new one); on the first failing rule nothing changes. Returns the staged user,
 * or the error text without the "ERR " prefix.
 */
export function stageUserRules(
  store: UserStore,
  existing: User | undefined,
  name: string,
  args: readonly string[],
): { user: User } | { error: string } {
  const merged = mergeSelectorArgs(args)
  if (typeof merged === 'number') {
    return { error: `Unmatched parenthesis in acl selector starting at '${cString(args[merged]!)}'.` }
  }
  const temp = existing !== undefined ? existing.copy() : store.newUser(name)
  for (const op of merged) {
    const err = applyUserRule(store, temp, op)
    if (err !== null) return { error: `Error in ACL SETUSER modifier '${cString(op)}': ${err}` }
  }
  temp.refresh()
  return { user: temp }
}

// --- Canonical printing ---

function patternString(k: KeyPattern): string {
  if (k.flags === KEY_RW) return `~${k.pattern}`
  return `${k.flags === KEY_READ ? '%R~' : '%W~'}${k.pattern}`
}

/**
 * The command rules of a selector as Redis 7.0 prints them (ACLDescribeSelectorCommandRules):
 * start from +@all or -@all, add categories by greedy best fit (replayed on a scratch
 * selector), then fix single commands and first-arg allowances. Redis walks commands in hash-table order, so only the set of
 * single-command rules is comparable, not their order.
 */
export function describeCommandRules(sel: Selector): string {
  const u = sel.universe
  const rules: string[] = []
  const fake = new Selector(u, false, false)
  const additive = !sel.allowsFutureCommands
  rules.push(additive ? '-@all' : '+@all')
  fake.setAll(!additive)
  const temp = sel.copy()
  const cmds = u.source.byId
  // Greedy best fit (redis 7.0): repeatedly apply the category with the fewest commands it
  // would get wrong, ties going to the one covering more; stop when none covers more than it
  // gets wrong. At most 21 rounds of 21 categories x all command ids.
  for (;;) {
    let best = -1
    let minDiff = Number.MAX_SAFE_INTEGER
    let maxSame = 0
    for (let j = 0; j < ACL_CATEGORIES.length; j++) {
      const bit = 1 << j
      let on = 0
      let off = 0
      for (const cmd of cmds) {
        if ((u.categories[cmd.id]! & bit) === 0) continue
        if (temp.hasBit(cmd.id)) on++
        else off++
      }
      const diff = additive ? off : on
      const same = additive ? on : off
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = j
        minDiff = diff
        maxSame = same
      }
    }
    if (best === -1) break
    const bit = 1 << best
    rules.push(`${additive ? '+@' : '-@'}${ACL_CATEGORIES[best]}`)
    fake.changeCategory(bit, additive)
    temp.changeCategory(bit, !additive)
  }
  for (const cmd of cmds) {
    const userBit = sel.hasBit(cmd.id)
    if (userBit !== fake.hasBit(cmd.id)) {
      rules.push(`${userBit ? '+' : '-'}${cmd.fullName}`)
      fake.changePerm(cmd, userBit)
    }
    const first = sel.firstArgs?.get(cmd.id)
    if (!userBit && first !== undefined) for (const a of first) rules.push(`+${cmd.fullName}|${a}`)
  }
  return rules.join(' ')
}

/** Key patterns as ACL GETUSER prints them ("~*" or space-separated patterns). */
export function describeKeys(sel: Selector): string {
  return sel.allKeys ? '~*' : sel.keys.map(patternString).join(' ')
}

/** Channel patterns as ACL GETUSER prints them ("&*" or "&a &b"). */
export function describeChannels(sel: Selector): string {
  return sel.allChannels ? '&*' : sel.channels.map((c) => `&${c}`).join(' ')
}

/** One selector's rules as ACL LIST prints them (redis ACLDescribeSelector). */
export function describeSelector(sel: Selector): string {
  let res = ''
  if (sel.allKeys) res += '~* '
  else for (const k of sel.keys) res += `${patternString(k)} `
  if (sel.allChannels) res += '&* '
  else {
    res += 'resetchannels '
    for (const c of sel.channels) res += `&${c} `
  }
  return res + describeCommandRules(sel)
}

/** A user's rules as ACL LIST and ACL SAVE print them, without "user <name> " (redis ACLDescribeUser). */
export function describeUser(u: User): string {
  let res = ''
  for (const f of u.flagNames()) res += `${f} `
  for (const h of u.passwords) res += `#${h} `
  res += describeSelector(u.root)
  for (let i = 1; i < u.selectors.length; i++) res += ` (${describeSelector(u.selectors[i]!)})`
  return res
}
