/**
 * The running configuration: current values of every directive, typed reads for the server
 * (ConfigView), CONFIG GET with glob patterns, atomic CONFIG SET (validated and stored here;
 * its apply hooks, rollback and commit are config-apply.ts), and the sink config files load
 * into. CONFIG REWRITE is rewrite.ts.
 * See https://redis.io/commands/config-get/ and https://redis.io/commands/config-set/
 */

import { compileGlob } from '../util/glob.js'
import {
  type ApplyHook,
  ConfigApplier,
  type ConfigChange,
  failedText,
  type SetResult,
} from './config-apply.js'
import { ConfigFileError, type ConfigLocation } from './config-error.js'
import type { ValueDirective } from './directive-schema.js'
import { allDirectiveEntries, type DirectiveEntry, lookupDirective, valueDirectives } from './directives.js'
import type { ConfigSink } from './parse-file.js'
import { NO_CONFIG_FILE_ERROR, rewriteConfigFile } from './rewrite.js'

export type { ApplyHook, ConfigChange, SetResult } from './config-apply.js'

/** Construction options. */
export interface ConfigStoreOptions {
  /** The working directory, which is the default of 'dir' (default: process.cwd()). */
  readonly cwd?: string
  /** Absolute path of the configuration file (CONFIG REWRITE's target), or null. */
  readonly configFile?: string | null
  /** Tells whether 'dir' could become the working directory: strerror() text, or null. */
  readonly checkDir?: (path: string) => string | null
  /** Receives warnings Redis would log (a failed rollback). */
  readonly warn?: (message: string) => void
}

/** Options of one CONFIG SET. */
export interface ConfigSetOptions {
  /** The client is local (loopback or Unix socket), for enable-protected-configs 'local'. */
  readonly isLocalClient?: boolean
  /** The server is loading data (directives marked denyLoading are refused). */
  readonly loading?: boolean
  /**
   * The caller can wait for a promise (false inside MULTI/EXEC, whose reply cannot wait):
   * directives with deferred hooks are then refused, as is any CONFIG SET while another
   * one is still being applied.
   */
  readonly canWait?: boolean
}

/** Options of one CONFIG GET. */
export interface ConfigGetOptions {
  /** Leave out secret directives (requirepass, masterauth, TLS key passwords) that are set. */
  readonly hideSecrets?: boolean
}

const LOADING_ERROR = 'LOADING Redis is loading the dataset in memory'
/** Refusal of a deferred directive where the reply cannot wait (redoubt only). */
const CANNOT_WAIT = 'not supported by redoubt inside MULTI/EXEC (the new sockets bind asynchronously)'
/** Refusal while another CONFIG SET is being applied, where the reply cannot wait (redoubt only). */
const BUSY = 'another CONFIG SET is still being applied, try again'

/** CONFIG SET splits a multi-argument value on single spaces, as sdssplitlen(): "" is no arguments. */
function splitSetValue(value: string): string[] {
  return value === '' ? [] : value.split(' ')
}

/**
 * Holds and changes the configuration. Satisfies commands/context.ts ConfigView (getNumber,
 * getString, getBool) structurally: config/ may not import commands/.
 */
export class ConfigStore implements ConfigSink {
  /** Absolute path of the configuration file, or null when started without one. */
  readonly configFile: string | null
  private readonly values = new Map<string, string>()
  private readonly numbers = new Map<string, number>()
  /**
   * getNumber() results by the name exactly as asked: commands read limits such as
   * 'hash-max-listpack-entries' per call, and skipping the case-folding directive lookup
   * took ~10% off HSET in-process. Emptied by every store.
   */
  private readonly numbersAsked = new Map<string, number>()
  private readonly hooks = new Map<string, ApplyHook[]>()
  /** Directives with a deferred hook (see ApplyHook). */
  private readonly deferred = new Set<string>()
  /** Runs CONFIG SET's apply hooks, rolls back, and tells the commit listeners. */
  private readonly applier = new ConfigApplier({
    store: (name, value) => this.store(name, value),
    warn: (message) => this.warn(message),
    isSecret: (name) => this.directive(name).secret,
  })
  private readonly checkDir: ((path: string) => string | null) | null
  private readonly warn: (message: string) => void
  /** Directives set by the load in progress, with the last line that set each. */
  private readonly loaded = new Map<string, ConfigLocation>()
  private rewriteUsers: (() => readonly string[]) | null = null

  constructor(opts: ConfigStoreOptions = {}) {
    this.configFile = opts.configFile ?? null
    this.checkDir = opts.checkDir ?? null
    this.warn = opts.warn ?? (() => {})
    for (const d of valueDirectives()) this.values.set(d.name, d.initial)
    this.values.set('dir', opts.cwd ?? process.cwd())
  }

  // --- Typed reads (ConfigView) ---

  /** The number a numeric, memory or enum directive holds (bytes for memory; -N for "N%"). */
  getNumber(name: string): number {
    const hit = this.numbersAsked.get(name)
    if (hit !== undefined) return hit
    const n = this.numberOf(name)
    this.numbersAsked.set(name, n)
    return n
  }

  private numberOf(name: string): number {
    const d = this.directive(name)
    let n = this.numbers.get(d.name)
    if (n === undefined) {
      if (!d.type.toNumber) throw new TypeError(`configuration directive '${d.name}' is not numeric`)
      n = d.type.toNumber(this.raw(d))
      this.numbers.set(d.name, n)
    }
    return n
  }

  /** The value as CONFIG GET prints it. */
  getString(name: string): string {
    const d = this.directive(name)
    return d.type.display(this.raw(d))
  }

  /** A yes/no directive. */
  getBool(name: string): boolean {
    const d = this.directive(name)
    if (d.type.kind !== 'bool') throw new TypeError(`configuration directive '${d.name}' is not yes/no`)
    return this.raw(d) === 'yes'
  }

  private directive(name: string): ValueDirective {
    const e = lookupDirective(name)
    if (!e) throw new Error(`unknown configuration directive '${name}'`)
    return e.directive
  }

  private raw(d: ValueDirective): string {
    return this.values.get(d.name) ?? d.initial
  }

  /** The stored (canonical) value of a directive, for CONFIG REWRITE. */
  rawValue(directive: ValueDirective): string {
    return this.shown(directive)
  }

  /** The value reported: the previous one while a CONFIG SET of it is still being applied. */
  private shown(d: ValueDirective): string {
    return this.applier.shownPrevious?.get(d.name) ?? this.raw(d)
  }

  // --- CONFIG GET ---

  /**
   * CONFIG GET: [name, value] pairs for the given names and glob patterns (case-insensitive),
   * each directive once. An exact name is answered under the spelling asked for, even for a
   * hidden directive; patterns list canonical names and aliases, never hidden directives.
   * Redis's reply order is its hash table's; here it is the order of first match.
   */
  get(patterns: readonly string[], opts: ConfigGetOptions = {}): [string, string][] {
    const matches = new Map<string, { key: string; entry: DirectiveEntry }>()
    for (const p of patterns) {
      if (!/[[*?]/.test(p)) {
        const lower = p.toLowerCase()
        if (matches.has(lower)) continue
        const entry = lookupDirective(p)
        if (entry) matches.set(lower, { key: p, entry })
        continue
      }
      const match = compileGlob(p, true)
      for (const entry of allDirectiveEntries()) {
        if (entry.directive.hidden || matches.has(entry.name)) continue
        if (match(entry.name)) matches.set(entry.name, { key: entry.name, entry })
      }
    }
    const out: [string, string][] = []
    for (const { key, entry } of matches.values()) {
      const d = entry.directive
      const value = this.shown(d)
      if (opts.hideSecrets && d.secret && value !== '') continue
      out.push([key, d.type.display(value)])
    }
    return out
  }

  // --- CONFIG SET ---

  /**
   * CONFIG SET with one or more name/value pairs, all or nothing: every name is looked up and
   * checked first (unknown, immutable, protected, loading, duplicate: the first problem wins),
   * then every value is parsed and checked, then stored, then the apply hooks of the changed
   * directives run once each in order. If a hook fails, all values are restored and the hooks
   * run again. Returns null on success or Redis's error line (without the leading '-'), e.g.
   * "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be
   * parsed into an integer". The caller answers "ERR syntax error" to an odd argument count.
   * When a deferred hook returns a promise, the rest runs once it settles and the result is a
   * promise; a CONFIG SET arriving meanwhile waits its turn (each is applied whole, in order).
   */
  set(pairs: readonly (readonly [string, string])[], opts: ConfigSetOptions = {}): SetResult {
    const inFlight = this.applier.inFlight
    if (inFlight !== null) {
      if (opts.canWait === false) return failedText(pairs[0]?.[0] ?? '', BUSY)
      return inFlight.then(() => this.set(pairs, opts))
    }
    const entries: DirectiveEntry[] = []
    const failed = failedText
    for (const [name] of pairs) {
      const entry = lookupDirective(name)
      if (!entry) return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`
      const d = entry.directive
      if (!d.mutable) return failed(name, "can't set immutable config")
      if (d.protected && !this.protectedAllowed(opts.isLocalClient === true))
        return failed(name, "can't set protected config")
      if (opts.loading && d.denyLoading) return LOADING_ERROR
      if (entries.some((e) => e.name === entry.name)) return failed(name, 'duplicate parameter')
      entries.push(entry)
    }
    if (opts.canWait === false) {
      const late = entries.find((e) => this.deferred.has(e.directive.name))
      if (late !== undefined) return failed(late.name, CANNOT_WAIT)
    }

    // Parse in order against a working copy: a later pair sees an earlier one's value.
    const next = new Map<string, string>()
    const lastName = new Map<string, string>()
    for (let i = 0; i < pairs.length; i++) {
      const entry = entries[i]!
      const d = entry.directive
      const value = pairs[i]![1]
      const args = d.type.multiArg ? splitSetValue(value) : [value]
      const r = d.type.parse(args, {
        current: next.get(d.name) ?? this.raw(d),
        mode: 'set',
        seenInLoad: false,
      })
      if (r.error !== undefined) return failed(entry.name, r.error)
      if (d.name === 'dir' && this.checkDir) {
        const err = this.checkDir(r.value)
        if (err !== null) return failed(entry.name, err)
      }
      next.set(d.name, r.value)
      lastName.set(d.name, entry.name)
    }
    for (const [name, value] of next) {
      const err = this.directive(name).check(value)
      if (err !== null) return failed(lastName.get(name)!, err)
    }

    // Store, then apply.
    const previous = new Map<string, string>()
    for (const [name, value] of next) {
      previous.set(name, this.values.get(name)!)
      this.store(name, value)
    }
    const hooks: Array<{ hook: ApplyHook; name: string }> = []
    for (const [name, value] of next) {
      if (value === previous.get(name)) continue
      for (const hook of this.hooks.get(name) ?? [])
        if (!hooks.some((h) => h.hook === hook)) hooks.push({ hook, name: lastName.get(name)! })
    }
    return this.applier.apply({ hooks, previous, next })
  }

  private protectedAllowed(isLocal: boolean): boolean {
    const mode = this.values.get('enable-protected-configs')
    return mode === 'yes' || (mode === 'local' && isLocal)
  }

  private store(name: string, value: string): void {
    this.values.set(name, value)
    this.numbers.delete(name)
    this.numbersAsked.clear()
  }

  /**
   * Registers 'hook' to run after a CONFIG SET changes any of 'names' (aliases allowed). A hook
   * registered for several directives runs once per CONFIG SET. 'deferred' lets it return a
   * promise (see ApplyHook); such directives are refused where the reply cannot wait
   * (ConfigSetOptions.canWait). Returns an unregister function.
   */
  onChange(
    names: string | readonly string[],
    hook: ApplyHook,
    opts: { readonly deferred?: boolean } = {},
  ): () => void {
    const list = typeof names === 'string' ? [names] : names
    const canonical = list.map((n) => this.directive(n).name)
    for (const n of canonical) {
      if (opts.deferred === true) this.deferred.add(n)
      const hs = this.hooks.get(n) ?? []
      hs.push(hook)
      this.hooks.set(n, hs)
    }
    return () => {
      for (const n of canonical) {
        const hs = this.hooks.get(n)
        const i = hs?.indexOf(hook) ?? -1
        if (hs && i !== -1) hs.splice(i, 1)
      }
    }
  }

  /** Calls 'listener' after each successful CONFIG SET that changed something (audit, events). */
  onCommit(listener: (changes: readonly ConfigChange[]) => void): () => void {
    return this.applier.onCommit(listener)
  }

  // --- Loading (ConfigSink) ---

  /**
   * Sets a directive from a configuration line (immutable and protected ones included), with
   * the file semantics of 'save'. Support checks wait for finishLoad(), so that a later line
   * or command-line option can still override an unsupported value.
   */
  applyDirective(entry: DirectiveEntry, args: readonly string[], location: ConfigLocation): string | null {
    const d = entry.directive
    const r = d.type.parse(args, { current: this.raw(d), mode: 'file', seenInLoad: this.loaded.has(d.name) })
    if (r.error !== undefined) return r.error
    if (d.name === 'dir' && this.checkDir) {
      const err = this.checkDir(r.value)
      if (err !== null) return err
    }
    this.store(d.name, r.value)
    this.loaded.set(d.name, location)
    return null
  }

  /** The working directory relative paths resolve against: the current 'dir'. */
  cwd(): string {
    return this.values.get('dir')!
  }

  /**
   * Ends a load: refuses any value redoubt cannot honour (a directive's support check), naming
   * the last line that set it. Throws ConfigFileError.
   */
  finishLoad(): void {
    for (const d of valueDirectives()) {
      const err = d.check(this.raw(d))
      if (err !== null) throw new ConfigFileError(err, this.loaded.get(d.name) ?? null)
    }
    this.loaded.clear()
  }

  // --- CONFIG REWRITE ---

  /**
   * CONFIG REWRITE into the file the server started with. Returns null, "ERR The server is
   * running without a config file" or "ERR Rewriting config file: <strerror>".
   */
  rewrite(): string | null {
    if (this.configFile === null) return NO_CONFIG_FILE_ERROR
    const users = this.rewriteUsers?.()
    return rewriteConfigFile(this.configFile, this, users ? { users } : {})
  }

  /**
   * Lets the ACL layer supply the 'user' lines CONFIG REWRITE writes ([] when an aclfile holds
   * the users). Until one is set, the file's 'user' lines are left as they are.
   */
  setRewriteUsers(provider: () => readonly string[]): void {
    this.rewriteUsers = provider
  }

  /** True when the directive holds its Redis default. */
  isDefault(name: string): boolean {
    const d = this.directive(name)
    return this.raw(d) === d.default
  }
}
