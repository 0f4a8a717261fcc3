/**
 * The ACL service a server holds: users, the ACL LOG, the aclfile, and the changes that
 * touch live connections (redis 7.0: ACL DELUSER and ACL LOAD disconnect the clients of
 * removed users; ACL SETUSER disconnects pub/sub clients that lose a channel they use).
 * The server supplies the connection side through AclConnections.
 */

import { cString } from '../util/c-string.js'
import { userAllowsChannel } from './acl-check.js'
import { aclLines, loadAclFile, saveAclFile } from './acl-file.js'
import { AclLog } from './acl-log.js'
import { applyUserRule, mergeSelectorArgs, stageUserRules } from './acl-rules.js'
import { type AclCommandSource, AclUniverse } from './selectors.js'
import { type User, UserStore } from './users.js'

/** What the ACL layer needs from the connection registry (implemented by server/). */
export interface AclConnections {
  /** Closes every client authenticated as 'user' (after the current reply for the caller). */
  killClientsOf(user: User): void
  /**
   * Closes pub/sub clients of 'user' whose subscriptions 'allows' no longer permits
   * (channel, isPattern). Called before the user's new rules are installed.
   */
  killRevokedSubscribers(user: User, allows: (channel: string, isPattern: boolean) => boolean): void
}

/** Users, ACL LOG and aclfile of one server. */
export class Acl {
  readonly universe: AclUniverse
  readonly users: UserStore
  readonly log = new AclLog()

  constructor(
    commands: AclCommandSource,
    private readonly opts: {
      pubsubDefault: () => boolean
      aclfile: () => string
      connections: AclConnections
    },
  ) {
    this.universe = new AclUniverse(commands)
    this.users = new UserStore(this.universe, opts.pubsubDefault)
  }

  /** ACL SETUSER: null on success, else the error text (without "ERR "). */
  setUser(name: string, rules: readonly string[]): string | null {
    const existing = this.users.get(name)
    const staged = stageUserRules(this.users, existing, name, rules)
    if ('error' in staged) return staged.error
    if (existing === undefined) {
      this.users.set(staged.user)
      return null
    }
    const next = staged.user
    if (!next.selectors.some((s) => s.allChannels)) {
      this.opts.connections.killRevokedSubscribers(existing, (ch, isPattern) =>
        userAllowsChannel(next, ch, isPattern),
      )
    }
    existing.assign(next)
    if (existing === this.users.defaultUser) this.users.updateDefault()
    return null
  }

  /** ACL DELUSER of one name: true when it existed. Its clients are disconnected. */
  deleteUser(name: string): boolean {
    const u = this.users.get(name)
    if (u === undefined || name === 'default') return false
    this.users.delete(name)
    this.opts.connections.killClientsOf(u)
    return true
  }

  /** The aclfile directive's value ('' when none). */
  get aclfile(): string {
    return this.opts.aclfile()
  }

  /** ACL LOAD: null on success, else Redis's error text. Clients of the old users are disconnected. */
  load(): string | null {
    const parsed = loadAclFile(this.users, this.aclfile)
    if (typeof parsed === 'string') return parsed
    const removed = this.users.replaceAll(parsed)
    for (const u of removed) this.opts.connections.killClientsOf(u)
    return null
  }

  /** ACL SAVE: null on success, else the error text. */
  save(): string | null {
    return saveAclFile(this.users, this.aclfile)
  }

  /** Canonical lines of every user. */
  lines(): string[] {
    return aclLines(this.users)
  }

  /**
   * One redis.conf 'user' line at startup (redis ACLLoadConfiguredUsers): 'default' is reset
   * first, then each rule applies; returns Redis's log text for the first bad rule, or null.
   */
  loadConfiguredUser(name: string, rules: readonly string[]): string | null {
    const merged = mergeSelectorArgs(rules)
    if (typeof merged === 'number') {
      return `Unmatched parenthesis in acl selector starting at '${cString(rules[merged]!)}'.`
    }
    const existing = this.users.get(name)
    const u = existing !== undefined ? existing.copy() : this.users.newUser(name)
    if (name === 'default') applyUserRule(this.users, u, 'reset')
    for (const op of merged) {
      const err = applyUserRule(this.users, u, op)
      if (err !== null)
        return `Error loading ACL rule '${cString(op)}' for the user named '${cString(name)}': ${err}`
    }
    u.refresh()
    if (existing !== undefined) existing.assign(u)
    else this.users.set(u)
    this.users.updateDefault()
    return null
  }
}
