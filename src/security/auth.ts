/**
 * Authentication (redis acl.c ACLCheckUserCredentials): a user name and password are
 * accepted when the user exists, is on, and is nopass or has the password's SHA-256 among
 * its hashes. requirepass is a password on 'default' (redis ACLUpdateDefaultUserPassword).
 */

import { hashPassword, passwordMatches } from './passwords.js'
import type { User, UserStore } from './users.js'

/** The user 'name' authenticates as with 'password', or null (WRONGPASS). */
export function checkCredentials(store: UserStore, name: string, password: string): User | null {
  const u = store.get(name)
  if (u === undefined || !u.enabled) {
    // Threat: user enumeration by timing; hash anyway so a miss costs what a check costs.
    passwordMatches([], password)
    return null
  }
  if (u.nopass) return u
  return passwordMatches(u.passwords, password) ? u : null
}

/** CONFIG SET requirepass / startup: "resetpass" then ">pass", or "nopass" when empty. */
export function setRequirePass(store: UserStore, password: string): void {
  const d = store.defaultUser
  d.nopass = password === ''
  d.passwords = password === '' ? [] : [hashPassword(password)]
  d.refresh()
  store.updateDefault()
}
