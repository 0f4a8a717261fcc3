/**
 * ACL users (redis acl.c user): flags (on/off, nopass, sanitize-payload), SHA-256 password
 * hashes, a root selector plus extra selectors; and the user registry with the 'default'
 * user. A user object is updated in place (ACL SETUSER), so connected clients see the change.
 * See https://redis.io/docs/management/security/acl/
 */

import { type AclUniverse, Selector } from './selectors.js'

/** sanitize-payload flags (printed by ACL LIST when set). */
export type SanitizeFlag = 'none' | 'sanitize-payload' | 'skip-sanitize-payload'

/** One ACL user. */
export class User {
  enabled = false
  nopass = false
  sanitize: SanitizeFlag = 'none'
  /** SHA-256 hex digests, in insertion order. */
  passwords: string[] = []
  /** selectors[0] is the root selector. */
  selectors: Selector[]
  /** True when the user may run anything: dispatch skips the ACL check (recomputed on change). */
  unrestricted = false

  constructor(
    readonly name: string,
    universe: AclUniverse,
    allChannels: boolean,
  ) {
    this.selectors = [new Selector(universe, true, allChannels)]
  }

  get root(): Selector {
    return this.selectors[0]!
  }

  /** A deep copy under the same name (redis ACLCopyUser into a temporary user). */
  copy(): User {
    const u = new User(this.name, this.root.universe, false)
    u.assign(this)
    return u
  }

  /** Takes every field of 'from' (deep-copied), keeping this object's identity. */
  assign(from: User): void {
    this.enabled = from.enabled
    this.nopass = from.nopass
    this.sanitize = from.sanitize
    this.passwords = [...from.passwords]
    this.selectors = from.selectors.map((s) => s.copy())
    this.refresh()
  }

  /** Recomputes derived data after a change. */
  refresh(): void {
    this.unrestricted = this.selectors.some((s) => s.unrestricted)
  }

  /** Flag names in Redis's order (ACL GETUSER flags, ACL LIST). */
  flagNames(): string[] {
    const out = [this.enabled ? 'on' : 'off']
    if (this.nopass) out.push('nopass')
    if (this.sanitize !== 'none') out.push(this.sanitize)
    return out
  }
}

/** The user registry: names are binary strings, listed in byte order (redis rax order). */
export class UserStore {
  private readonly users = new Map<string, User>()
  readonly defaultUser: User
  /** True when a new connection must authenticate (default user has a password or is off). */
  defaultRequiresAuth = false

  constructor(
    readonly universe: AclUniverse,
    private readonly pubsubDefault: () => boolean,
  ) {
    this.defaultUser = this.createDefault()
    this.users.set('default', this.defaultUser)
  }

  /** A fresh 'default' user: on nopass ~* &* +@all (redis ACLCreateDefaultUser). */
  createDefault(): User {
    const u = new User('default', this.universe, true)
    u.enabled = true
    u.nopass = true
    u.root.clearKeys(true)
    u.root.clearChannels(true)
    u.root.setAll(true)
    u.refresh()
    return u
  }

  /** A new unlinked user with Redis's initial state: off, no passwords, -@all, acl-pubsub-default. */
  newUser(name: string): User {
    return new User(name, this.universe, this.pubsubDefault())
  }

  /** Whether new selectors start with all channels (acl-pubsub-default). */
  get channelsDefault(): boolean {
    return this.pubsubDefault()
  }

  get(name: string): User | undefined {
    return this.users.get(name)
  }

  has(name: string): boolean {
    return this.users.has(name)
  }

  /** Adds or replaces a user (by name). */
  set(user: User): void {
    this.users.set(user.name, user)
    if (user.name === 'default') this.updateDefault()
  }

  delete(name: string): boolean {
    return this.users.delete(name)
  }

  /** Users in byte order of their names. */
  list(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  get size(): number {
    return this.users.size
  }

  /** Replaces every user but 'default', whose object is updated in place (ACL LOAD). */
  replaceAll(users: Map<string, User>): User[] {
    const removed: User[] = []
    for (const [name, u] of this.users) if (name !== 'default') removed.push(u)
    this.users.clear()
    const nd = users.get('default') ?? this.createDefault()
    this.defaultUser.assign(nd)
    this.users.set('default', this.defaultUser)
    for (const [name, u] of users) if (name !== 'default') this.users.set(name, u)
    this.updateDefault()
    return removed
  }

  /** Recomputes defaultRequiresAuth (redis authRequired()). */
  updateDefault(): void {
    const d = this.defaultUser
    this.defaultRequiresAuth = !d.nopass || !d.enabled
  }
}
