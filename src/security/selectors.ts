/**
 * ACL selectors: what one permission set allows (redis acl.c aclSelector). An allowed-command
 * bitmap indexed by the command table's dense ids (commands and subcommands), one extra bit
 * meaning "future commands" (set only by +@all), first-argument allowances (+select|0),
 * key patterns with read/write flags, and channel patterns.
 */

import type { KeyPlan } from '../commands/key-extraction.js'
import type { AclCategory, CommandSpec } from '../commands/spec.js'
import { ACL_CATEGORIES, impliedCategories } from '../commands/spec.js'
import { compileGlob, type GlobMatcher } from '../util/glob.js'

/** A command as the ACL layer sees it (commands/context.ts CommandEntry satisfies it). */
export interface AclCommand {
  readonly id: number
  readonly fullName: string
  readonly spec: CommandSpec
  readonly parent: AclCommand | null
  readonly subcommands: ReadonlyMap<string, AclCommand> | null
  /** Precomputed key positions (the table's entries have one); without it, keys are extracted. */
  readonly keyPlan?: KeyPlan
}

/** The command table as the ACL layer needs it (commands/table.ts CommandTable satisfies it). */
export interface AclCommandSource {
  /** Every command and subcommand by dense id, renamed-away ones included (redis orig_commands). */
  readonly byId: readonly AclCommand[]
  /** "cmd" or "cmd|sub" by its current (rename-command) name. */
  lookupFull(name: string): AclCommand | undefined
}

/**
 * Compiles an ACL pattern. The common shapes get a direct test with the same meaning as the
 * glob: no special character means equality, a literal prefix then one trailing '*' means
 * startsWith ('key:*'); anything else goes to util/glob.ts (bounded O(pattern * subject)).
 */
export function compileAclPattern(pattern: string): GlobMatcher {
  const special = /[*?[\\]/
  if (!special.test(pattern)) return (s) => s === pattern
  const body = pattern.slice(0, -1)
  if (pattern.endsWith('*') && pattern.length > 1 && !special.test(body)) return prefixMatcher(body)
  return compileGlob(pattern)
}

/**
 * s.startsWith(prefix), comparing char codes held in an array: about a third faster than
 * startsWith for the short prefixes of key patterns, and it runs for every key of every
 * command of a restricted user.
 */
function prefixMatcher(prefix: string): GlobMatcher {
  const n = prefix.length
  const codes = new Uint16Array(n)
  for (let i = 0; i < n; i++) codes[i] = prefix.charCodeAt(i)
  return (s) => {
    if (s.length < n) return false
    for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== codes[i]) return false
    return true
  }
}

/** Read and write permission bits of a key pattern (redis ACL_READ_PERMISSION...). */
export const KEY_READ = 1
export const KEY_WRITE = 2
export const KEY_RW = 3

/** A key pattern with the access it grants. */
export interface KeyPattern {
  readonly pattern: string
  flags: number
  readonly match: GlobMatcher
}

/**
 * Per-id data derived once from the command table: category bits, whether a command can
 * have keys. Shared by all selectors of a server.
 */
export class AclUniverse {
  /** Number of command ids; the "future commands" bit is this index. */
  readonly size: number
  /** Words of a bitmap. */
  readonly words: number
  /** Category bit mask (1 << index in ACL_CATEGORIES) per id. */
  readonly categories: Uint32Array
  /** Commands and subcommands by original full name (redis 7.0 ACL rules ignore rename-command). */
  private readonly byOriginalName = new Map<string, AclCommand>()

  constructor(readonly source: AclCommandSource) {
    this.size = source.byId.length
    this.words = (this.size + 1 + 31) >>> 5
    this.categories = new Uint32Array(this.size)
    for (const cmd of source.byId) {
      let mask = 0
      for (const cat of impliedCategories(cmd.spec)) mask |= 1 << ACL_CATEGORIES.indexOf(cat)
      this.categories[cmd.id] = mask
      this.byOriginalName.set(cmd.fullName, cmd)
    }
  }

  /**
   * The command an ACL rule names ("get", "config|get"), case-insensitively, by its original
   * name: in redis 7.0 '+get' still works after rename-command GET, and '+newname' does not.
   */
  lookupRule(name: string): AclCommand | undefined {
    return this.byOriginalName.get(name.toLowerCase())
  }

  /** Bit of category 'name' (case-insensitive), 0 when unknown. */
  categoryBit(name: string): number {
    const i = ACL_CATEGORIES.indexOf(name.toLowerCase() as AclCategory)
    return i === -1 ? 0 : 1 << i
  }
}

/** One permission set: the root selector of a user or an extra "(...)" selector. */
export class Selector {
  allKeys = false
  allChannels = false
  allCommands = false
  bits: Uint32Array
  /** Allowed first arguments of otherwise denied commands, by command id (+select|0). */
  firstArgs: Map<number, string[]> | null = null
  keys: KeyPattern[] = []
  /**
   * Every key pattern grants both read and write (true with none): the access a command
   * needs then cannot change a key decision, so the check may skip working it out.
   */
  keysAllRW = true
  channels: string[] = []
  private channelMatchers: GlobMatcher[] | null = null

  constructor(
    readonly universe: AclUniverse,
    readonly root: boolean,
    allChannels: boolean,
  ) {
    this.bits = new Uint32Array(universe.words)
    this.allChannels = allChannels
  }

  /** A deep copy (redis ACLCopySelector). */
  copy(): Selector {
    const s = new Selector(this.universe, this.root, this.allChannels)
    s.allKeys = this.allKeys
    s.allCommands = this.allCommands
    s.bits.set(this.bits)
    if (this.firstArgs !== null) {
      s.firstArgs = new Map()
      for (const [k, v] of this.firstArgs) s.firstArgs.set(k, [...v])
    }
    s.keys = this.keys.map((k) => ({ pattern: k.pattern, flags: k.flags, match: k.match }))
    s.keysAllRW = this.keysAllRW
    s.channels = [...this.channels]
    s.channelMatchers = this.channelMatchers
    return s
  }

  hasBit(id: number): boolean {
    return (this.bits[id >>> 5]! & (1 << (id & 31))) !== 0
  }

  setBit(id: number, on: boolean): void {
    const w = id >>> 5
    if (on) this.bits[w] = this.bits[w]! | (1 << (id & 31))
    else {
      this.bits[w] = this.bits[w]! & ~(1 << (id & 31))
      // redis ACLSetSelectorCommandBit: clearing any bit ends "all commands".
      this.allCommands = false
    }
  }

  /** True when commands added later are allowed (+@all was the last word on them). */
  get allowsFutureCommands(): boolean {
    return this.hasBit(this.universe.size)
  }

  /** Sets all bits (+@all) or none (-@all), dropping first-argument allowances. */
  setAll(on: boolean): void {
    this.bits.fill(on ? 0xffffffff : 0)
    this.allCommands = on
    this.firstArgs = null
  }

  /** Allows or denies one command and, for a container, all its subcommands (redis ACLChangeSelectorPerm). */
  changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.id, allow)
    this.firstArgs?.delete(cmd.id)
    if (cmd.subcommands !== null) for (const sub of cmd.subcommands.values()) this.setBit(sub.id, allow)
  }

  /** +@cat / -@cat: every command (and subcommand) of the category, in id order. */
  changeCategory(bit: number, allow: boolean): void {
    const u = this.universe
    for (const cmd of u.source.byId) {
      if ((u.categories[cmd.id]! & bit) !== 0) this.changePerm(cmd, allow)
    }
  }

  /** Adds an allowed first argument (stored lower-case as Redis compares with strcasecmp). */
  addFirstArg(id: number, arg: string): void {
    if (this.firstArgs === null) this.firstArgs = new Map()
    const list = this.firstArgs.get(id) ?? []
    if (!list.some((a) => a.toLowerCase() === arg.toLowerCase())) list.push(arg)
    this.firstArgs.set(id, list)
  }

  /** Adds a key pattern, merging flags into an existing identical pattern. */
  addKeyPattern(pattern: string, flags: number): void {
    const old = this.keys.find((k) => k.pattern === pattern)
    if (old !== undefined) old.flags |= flags
    else this.keys.push({ pattern, flags, match: compileAclPattern(pattern) })
    this.allKeys = false
    this.keysAllRW = this.keys.every((k) => (k.flags & KEY_RW) === KEY_RW)
  }

  clearKeys(allKeys: boolean): void {
    this.keys = []
    this.keysAllRW = true
    this.allKeys = allKeys
  }

  addChannel(pattern: string): void {
    if (!this.channels.includes(pattern)) {
      this.channels.push(pattern)
      this.channelMatchers = null
    }
    this.allChannels = false
  }

  clearChannels(allChannels: boolean): void {
    this.channels = []
    this.channelMatchers = null
    this.allChannels = allChannels
  }

  /** Compiled channel patterns, built on first use. */
  matchers(): GlobMatcher[] {
    if (this.channelMatchers === null) this.channelMatchers = this.channels.map((p) => compileAclPattern(p))
    return this.channelMatchers
  }

  /** True when this selector allows everything: the dispatch fast path. */
  get unrestricted(): boolean {
    return this.allCommands && this.allKeys && this.allChannels
  }
}
