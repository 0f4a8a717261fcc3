/**
 * A model of set keys for the random differential test: the members of each key and whether
 * Redis 7.0 keeps it as an intset, following Redis's conversion rules, plus the encoding of
 * the sets SINTER/SUNION/SDIFF build. The generator uses it to choose how replies are compared
 * (byte for byte where Redis's order is fixed, in any order for hash tables) and what a random
 * sample may contain; OBJECT ENCODING and every reply check it against redis-server.
 */

import { strictInt } from './hash-model.js'

export interface ModelSet {
  readonly kind: 'set'
  readonly members: Set<string>
  intset: boolean
}

export interface ModelOther {
  readonly kind: 'other'
}

/** A set built by a command (result of SINTER & co.): its members and final encoding. */
export interface BuiltSet {
  members: string[]
  intset: boolean
  /** True when Redis replies in a fixed order (ascending intset, or the walked set's order). */
  ordered: boolean
}

export class SetModel {
  readonly keys = new Map<string, ModelSet | ModelOther>()

  constructor(readonly maxIntset: number) {}

  /** The set at 'key', undefined when missing, null when another type. */
  set(key: string): ModelSet | undefined | null {
    const v = this.keys.get(key)
    if (v === undefined) return undefined
    return v.kind === 'set' ? v : null
  }

  /** setTypeCreate + setTypeAdd of every member, in order. */
  static build(members: Iterable<string>, maxIntset: number, firstDecides = false): ModelSet {
    const s: ModelSet = { kind: 'set', members: new Set(), intset: true }
    let first = true
    for (const m of members) {
      if (first && firstDecides && strictInt(m) === null) s.intset = false
      first = false
      SetModel.addTo(s, m, maxIntset)
    }
    return s
  }

  static addTo(s: ModelSet, m: string, maxIntset: number): boolean {
    if (s.members.has(m)) return false
    s.members.add(m)
    if (s.intset && (strictInt(m) === null || s.members.size > maxIntset)) s.intset = false
    return true
  }

  sadd(key: string, members: string[]): void {
    let s = this.set(key)
    if (s === null) return
    if (s === undefined) {
      s = { kind: 'set', members: new Set(), intset: strictInt(members[0] as string) !== null }
      this.keys.set(key, s)
    }
    for (const m of members) SetModel.addTo(s, m, this.maxIntset)
  }

  srem(key: string, members: string[]): void {
    const s = this.set(key)
    if (!s) return
    for (const m of members) {
      s.members.delete(m)
      if (s.members.size === 0) {
        this.keys.delete(key)
        return
      }
    }
  }

  smove(src: string, dst: string, m: string): void {
    const a = this.set(src)
    const b = this.set(dst)
    if (!a || b === null || a === b || !a.members.has(m)) return
    a.members.delete(m)
    if (a.members.size === 0) this.keys.delete(src)
    if (b === undefined) this.keys.set(dst, SetModel.build([m], this.maxIntset, true))
    else SetModel.addTo(b, m, this.maxIntset)
  }

  /** SINTER's result: null when a key holds another type. */
  inter(keys: string[]): BuiltSet | null {
    const sets: ModelSet[] = []
    let empty = false
    for (const k of keys) {
      const s = this.set(k)
      if (s === null) return null
      if (s === undefined) empty = true
      else sets.push(s)
    }
    if (empty) return { members: [], intset: true, ordered: true }
    sets.sort((x, y) => x.members.size - y.members.size)
    const first = sets[0] as ModelSet
    const members = [...first.members].filter((m) => sets.every((s) => s.members.has(m)))
    const built = SetModel.build(members, this.maxIntset)
    return { members, intset: built.intset, ordered: first.intset }
  }

  /** SUNION's or SDIFF's result (the set Redis builds): null when a key holds another type. */
  unionDiff(keys: string[], diff: boolean): BuiltSet | null {
    const sets: (ModelSet | undefined)[] = []
    for (const k of keys) {
      const s = this.set(k)
      if (s === null) return null
      sets.push(s)
    }
    let built: ModelSet
    const first = sets[0]
    if (!diff) {
      built = SetModel.build(
        sets.flatMap((s) => (s ? [...s.members] : [])),
        this.maxIntset,
      )
    } else if (first === undefined) {
      built = SetModel.build([], this.maxIntset)
    } else {
      let one = 0
      let two = 0
      for (const s of sets) {
        if (!s) continue
        one += first.members.size
        two += s.members.size
      }
      const rest = sets.slice(1)
      const keep = [...first.members].filter((m) => !rest.some((s) => s === first || s?.members.has(m)))
      if (Math.floor(one / 2) <= two) {
        built = SetModel.build(keep, this.maxIntset)
      } else {
        // Algorithm 2: the first set is copied whole (its encoding sticks), then trimmed.
        built = SetModel.build(first.members, this.maxIntset)
        for (const m of [...built.members]) if (!keep.includes(m)) built.members.delete(m)
      }
    }
    return { members: [...built.members], intset: built.intset, ordered: built.intset }
  }

  /** Stores a built set at 'dst' (or deletes it when empty). */
  store(dst: string, built: BuiltSet): void {
    if (built.members.length === 0) this.keys.delete(dst)
    else this.keys.set(dst, { kind: 'set', members: new Set(built.members), intset: built.intset })
  }

  del(key: string): void {
    this.keys.delete(key)
  }

  setString(key: string): void {
    this.keys.set(key, { kind: 'other' })
  }
}
