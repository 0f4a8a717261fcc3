/**
 * The running configuration: current values of every directive, typed reads for the server
 * (ConfigView), CONFIG GET with glob patterns, atomic CONFIG SET with per-directive apply
 * hooks and rollback, and the sink config files load into. CONFIG REWRITE is rewrite.ts.
 * See https://redis.io/commands/config-get/ and https://redis.io/commands/config-set/
 */

import { compileGlob } from '../util/glob.js'
import { ConfigFileError, type ConfigLocation } from './config-error.js'
import type { ValueDirective } from './directive-schema.js'
import { allDirectiveEntries, type DirectiveEntry, lookupDirective, valueDirectives } from './directives.js'
import type { ConfigSink } from './parse-file.js'
import { NO_CONFIG_FILE_ERROR, rewriteConfigFile } from './rewrite.js'

/** An apply hook: makes a change real (rebind, chdir); returns an error text, or null. */
export type ApplyHook = () => string | null

/** One directive changed by a successful CONFIG SET. */
export interface ConfigChange {
  readonly name: string
  readonly previous: string
  readonly value: string
  /** The values are secrets: log or audit them redacted. */
  readonly secret: boolean
}

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
}

/** Options of one CONFIG GET. */
export interface ConfigGetOptions {
  /** Leave out secret directives (requirepass, masterauth, TLS key passwords) that are set. */
  readonly hideSecrets?: boolean
}

const LOADING_ERROR = 'LOADING Redis is loading the dataset in memory'

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
  private readonly hooks = new Map<string, ApplyHook[]>()
  private readonly commitListeners: Array<(changes: readonly ConfigChange[]) => void> = []
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
    return this.raw(directive)
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
      const value = this.raw(d)
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
   */
  set(pairs: readonly (readonly [string, string])[], opts: ConfigSetOptions = {}): string | null {
    const entries: DirectiveEntry[] = []
    const failed = (arg: string, reason: string): string =>
      `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${reason}`
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
    for (const { hook, name } of hooks) {
      const err = runHook(hook)
      if (err !== null) {
        this.warn(
          `Failed applying new configuration. Possibly related to new ${name} setting. Restoring previous settings.`,
        )
        for (const [n, v] of previous) this.store(n, v)
        for (const h of hooks) {
          const again = runHook(h.hook)
          if (again !== null) this.warn(`Failed applying restored failed CONFIG SET command: ${again}`)
        }
        return failed(name, err)
      }
    }

    const changes: ConfigChange[] = []
    for (const [name, value] of next) {
      const before = previous.get(name)!
      if (value !== before)
        changes.push({ name, previous: before, value, secret: this.directive(name).secret })
    }
    if (changes.length > 0) for (const l of this.commitListeners) l(changes)
    return null
  }

  private protectedAllowed(isLocal: boolean): boolean {
    const mode = this.values.get('enable-protected-configs')
    return mode === 'yes' || (mode === 'local' && isLocal)
  }

  private store(name: string, value: string): void {
    this.values.set(name, value)
    this.numbers.delete(name)
  }

  /**
   * Registers 'hook' to run after a CONFIG SET changes any of 'names' (aliases allowed). A hook
   * registered for several directives runs once per CONFIG SET. Returns an unregister function.
   */
  onChange(names: string | readonly string[], hook: ApplyHook): () => void {
    const list = typeof names === 'string' ? [names] : names
    const canonical = list.map((n) => this.directive(n).name)
    for (const n of canonical) {
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
    this.commitListeners.push(listener)
    return () => {
      const i = this.commitListeners.indexOf(listener)
      if (i !== -1) this.commitListeners.splice(i, 1)
    }
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

function runHook(hook: ApplyHook): string | null {
  try {
    return hook()
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
