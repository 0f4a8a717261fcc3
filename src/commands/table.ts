/**
 * The command table: every family's specs, dense ids for ACL bitmaps, subcommand maps,
 * and rename-command (a renamed command is found only under its new name; a command
 * renamed to "" is gone). Lookup is case-insensitive, with a bounded cache of the exact
 * spellings clients send so the hot path skips toLowerCase().
 */

import type { CommandEntry, CommandTableView } from './context.js'
import { keyPlanOf } from './key-extraction.js'
import type { CommandSpec } from './spec.js'

/** Exact-spelling cache bound: clients control the spellings, so the cache is capped. */
const SPELLING_CACHE_MAX = 4096

function makeEntry(spec: CommandSpec, parent: CommandEntry | null, nextId: () => number): CommandEntry {
  const fullName = parent === null ? spec.name : `${parent.fullName}|${spec.name}`
  const entry: CommandEntry = {
    spec,
    fullName,
    id: nextId(),
    parent,
    subcommands: null,
    keyPlan: keyPlanOf(spec),
    calls: 0,
    usec: 0,
    rejectedCalls: 0,
    failedCalls: 0,
  }
  if (spec.subcommands !== undefined && spec.subcommands.length > 0) {
    const subs = new Map<string, CommandEntry>()
    for (const s of spec.subcommands) subs.set(s.name, makeEntry(s, entry, nextId))
    ;(entry as { subcommands: Map<string, CommandEntry> | null }).subcommands = subs
  }
  return entry
}

export class CommandTable implements CommandTableView {
  /** Current name (lower case) → entry. */
  private readonly byName = new Map<string, CommandEntry>()
  /** Original name → current name. */
  private readonly currentName = new Map<CommandEntry, string>()
  /** Exact spelling as sent → entry (bounded). */
  private readonly spellings = new Map<string, CommandEntry>()
  /**
   * The last spelling found and its entry: pipelines repeat one command, and comparing two
   * short strings is cheaper than hashing a new one (~20 ns of a pipelined PING).
   */
  private lastSpelling = ''
  private lastEntry: CommandEntry | undefined = undefined
  /** Every entry (commands and subcommands) by id. */
  readonly byId: CommandEntry[] = []

  constructor(specs: readonly CommandSpec[]) {
    const nextId = (): number => this.byId.length
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`duplicate command ${spec.name}`)
      const entry = makeEntry(spec, null, () => {
        const id = nextId()
        this.byId.push(null as unknown as CommandEntry)
        return id
      })
      this.register(entry)
      this.byName.set(spec.name, entry)
      this.currentName.set(entry, spec.name)
    }
  }

  private register(entry: CommandEntry): void {
    this.byId[entry.id] = entry
    if (entry.subcommands !== null) for (const s of entry.subcommands.values()) this.register(s)
  }

  /**
   * Applies rename-command: 'to' === "" removes the command. Returns an error text when
   * the command does not exist (redis: "No such command in rename-command") or the
   * target name is taken.
   */
  rename(from: string, to: string): string | null {
    const key = from.toLowerCase()
    const entry = this.byName.get(key)
    if (entry === undefined) return 'No such command in rename-command'
    const target = to.toLowerCase()
    if (target !== '' && this.byName.has(target)) return 'Target command name already exists'
    this.byName.delete(key)
    this.spellings.clear()
    this.lastSpelling = ''
    this.lastEntry = undefined
    if (target === '') {
      this.currentName.delete(entry)
      return null
    }
    this.byName.set(target, entry)
    this.currentName.set(entry, target)
    return null
  }

  lookup(name: string): CommandEntry | undefined {
    if (name === this.lastSpelling) return this.lastEntry
    const hit = this.spellings.get(name)
    if (hit !== undefined) {
      this.lastSpelling = name
      this.lastEntry = hit
      return hit
    }
    const entry = this.byName.get(name.toLowerCase())
    if (entry !== undefined && this.spellings.size < SPELLING_CACHE_MAX) this.spellings.set(name, entry)
    return entry
  }

  /** Looks up "container|sub" or a plain name by its current name. */
  lookupFull(fullName: string): CommandEntry | undefined {
    const bar = fullName.indexOf('|')
    if (bar === -1) return this.byName.get(fullName.toLowerCase())
    const parent = this.byName.get(fullName.slice(0, bar).toLowerCase())
    return parent?.subcommands?.get(fullName.slice(bar + 1).toLowerCase())
  }

  *all(): Iterable<CommandEntry> {
    for (const entry of this.byName.values()) yield entry
  }

  nameOf(entry: CommandEntry): string {
    if (entry.parent !== null) return `${this.nameOf(entry.parent)}|${entry.spec.name}`
    return this.currentName.get(entry) ?? entry.spec.name
  }

  /** Number of top-level commands currently reachable. */
  get size(): number {
    return this.byName.size
  }
}
