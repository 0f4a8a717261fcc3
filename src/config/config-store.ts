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

/**
 * An apply hook: makes a change real (rebind, chdir); returns an error text, or null. A hook
 * registered as deferred may instead return a promise of either (binding a socket is
 * asynchronous in Node); CONFIG SET then answers once it settles.
 */
export type ApplyHook = () => string | null | Promise<string | null>

/** What CONFIG SET returns: an error line or null, now or once deferred hooks settle. */
export type SetResult = string | null | Promise<string | null>

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
  /**
   * The caller can wait for a promise (false inside MULTI/EXEC, whose reply cannot wait):
   * directives with deferred hooks are then refused, as is any CONFIG SET while another
   * one is still being applied.
   */
  readonly canWait?: boolean
}

/** One CONFIG SET being applied. */
interface SetRun {
  readonly hooks: ReadonlyArray<{ hook: ApplyHook; name: string }>
  readonly previous: ReadonlyMap<string, string>
  readonly next: ReadonlyMap<string, string>
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

function failedText(arg: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${reason}`
}

function isPending(r: string | null | Promise<string | null>): r is Promise<string | null> {
  return typeof r === 'object' && r !== null
}

/** A deferred hook's outcome, a rejection turned into its message. */
function settle(r: string | null | Promise<string | null>): Promise<string | null> {
  return Promise.resolve(r).catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
}

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
  /** Settles when the CONFIG SET being applied does (null: none); later ones wait for it. */
  private inFlight: Promise<void> | null = null
  /**
   * While a CONFIG SET waits for deferred hooks, the values it replaces: CONFIG GET and
   * CONFIG REWRITE report those until it succeeds (never a port not yet listened on).
   */
  private shownPrevious: ReadonlyMap<string, string> | null = null
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
    return this.shownPrevious?.get(d.name) ?? this.raw(d)
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
    if (this.inFlight !== null) {
      if (opts.canWait === false) return failedText(pairs[0]?.[0] ?? '', BUSY)
      return this.inFlight.then(() => this.set(pairs, opts))
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
    return this.apply({ hooks, previous, next })
  }

  // --- Applying a CONFIG SET (hooks, rollback, commit) ---

  /** Runs the hooks in order; synchronous unless a deferred hook returns a promise. */
  private apply(run: SetRun): SetResult {
    for (let i = 0; i < run.hooks.length; i++) {
      const h = run.hooks[i]!
      const r = runHook(h.hook)
      if (isPending(r)) return this.track(run, this.applyAsync(run, i, r))
      if (r !== null) {
        const restored = this.restore(run, h.name)
        const msg = failedText(h.name, r)
        return restored === null
          ? msg
          : this.track(
              run,
              restored.then(() => msg),
            )
      }
    }
    this.commit(run)
    return null
  }

  /** The rest of apply() once hook 'start' returned 'first', a promise. */
  private async applyAsync(
    run: SetRun,
    start: number,
    first: Promise<string | null>,
  ): Promise<string | null> {
    let r = await settle(first)
    for (let i = start; ; ) {
      const name = run.hooks[i]!.name
      if (r !== null) {
        await this.restore(run, name)
        return failedText(name, r)
      }
      if (++i >= run.hooks.length) break
      r = await settle(runHook(run.hooks[i]!.hook))
    }
    this.commit(run)
    return null
  }

  /** Marks 'run' in flight until 'p' settles: later CONFIG SETs wait, CONFIG GET shows old values. */
  private track(run: SetRun, p: Promise<string | null>): Promise<string | null> {
    this.shownPrevious = run.previous
    const done = p.finally(() => {
      this.inFlight = null
      this.shownPrevious = null
    })
    this.inFlight = done.then(
      () => undefined,
      () => undefined,
    )
    return done
  }

  /** Puts the previous values back and runs every hook again (null when all were synchronous). */
  private restore(run: SetRun, name: string): Promise<void> | null {
    this.warn(
      `Failed applying new configuration. Possibly related to new ${name} setting. Restoring previous settings.`,
    )
    for (const [n, v] of run.previous) this.store(n, v)
    return this.rerun(run, 0)
  }

  private rerun(run: SetRun, start: number): Promise<void> | null {
    for (let i = start; i < run.hooks.length; i++) {
      const again = runHook(run.hooks[i]!.hook)
      if (isPending(again)) {
        return settle(again).then((err) => {
          this.reportRestore(err)
          return this.rerun(run, i + 1) ?? undefined
        })
      }
      this.reportRestore(again)
    }
    return null
  }

  private reportRestore(err: string | null): void {
    if (err !== null) this.warn(`Failed applying restored failed CONFIG SET command: ${err}`)
  }

  /** Tells the commit listeners what changed. */
  private commit(run: SetRun): void {
    const changes: ConfigChange[] = []
    for (const [name, value] of run.next) {
      const before = run.previous.get(name)!
      if (value !== before)
        changes.push({ name, previous: before, value, secret: this.directive(name).secret })
    }
    if (changes.length > 0) for (const l of this.commitListeners) l(changes)
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

function runHook(hook: ApplyHook): string | null | Promise<string | null> {
  try {
    return hook()
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
