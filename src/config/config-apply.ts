/**
 * Applying a CONFIG SET once its values are stored (config-store.ts validates and stores
 * them): runs the apply hooks in order, deferred ones asynchronously with later CONFIG SETs
 * waiting their turn; on a failure puts the previous values back and runs the hooks again
 * (as Redis's restoreBackupConfig, warning in the log); on success tells the commit
 * listeners what changed.
 */

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

/** One CONFIG SET being applied. */
export interface SetRun {
  readonly hooks: ReadonlyArray<{ hook: ApplyHook; name: string }>
  readonly previous: ReadonlyMap<string, string>
  readonly next: ReadonlyMap<string, string>
}

/** What the applier needs of the store. */
export interface ApplyTarget {
  /** Sets a directive's stored value (rollback). */
  store(name: string, value: string): void
  /** Logs a warning. */
  warn(message: string): void
  /** The directive's values are secrets (ConfigChange.secret). */
  isSecret(name: string): boolean
}

/** CONFIG SET's failure reply for 'arg'. */
export function failedText(arg: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${reason}`
}

function isPending(r: string | null | Promise<string | null>): r is Promise<string | null> {
  return typeof r === 'object' && r !== null
}

/** A deferred hook's outcome, a rejection turned into its message. */
function settle(r: string | null | Promise<string | null>): Promise<string | null> {
  return Promise.resolve(r).catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
}

/** Runs a hook; a throw becomes its message. */
function runHook(hook: ApplyHook): string | null | Promise<string | null> {
  try {
    return hook()
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

/** The apply side of ConfigStore.set(): one CONFIG SET at a time, in order. */
export class ConfigApplier {
  /** Settles when the CONFIG SET being applied does (null: none); later ones wait for it. */
  inFlight: Promise<void> | null = null
  /**
   * While a CONFIG SET waits for deferred hooks, the values it replaces: CONFIG GET and
   * CONFIG REWRITE report those until it succeeds (never a port not yet listened on).
   */
  shownPrevious: ReadonlyMap<string, string> | null = null
  private readonly listeners: Array<(changes: readonly ConfigChange[]) => void> = []

  constructor(private readonly target: ApplyTarget) {}

  /** Calls 'listener' after each successful CONFIG SET that changed something (audit, events). */
  onCommit(listener: (changes: readonly ConfigChange[]) => void): () => void {
    this.listeners.push(listener)
    return () => {
      const i = this.listeners.indexOf(listener)
      if (i !== -1) this.listeners.splice(i, 1)
    }
  }

  /** Runs the hooks in order; synchronous unless a deferred hook returns a promise. */
  apply(run: SetRun): SetResult {
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
    this.target.warn(
      `Failed applying new configuration. Possibly related to new ${name} setting. Restoring previous settings.`,
    )
    for (const [n, v] of run.previous) this.target.store(n, v)
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
    if (err !== null) this.target.warn(`Failed applying restored failed CONFIG SET command: ${err}`)
  }

  /** Tells the commit listeners what changed. */
  private commit(run: SetRun): void {
    const changes: ConfigChange[] = []
    for (const [name, value] of run.next) {
      const before = run.previous.get(name)!
      if (value !== before)
        changes.push({ name, previous: before, value, secret: this.target.isSecret(name) })
    }
    if (changes.length > 0) for (const l of this.listeners) l(changes)
  }
}
