/**
 * ACL LOG (redis acl.c addACLLogEntry): denied commands, keys, channels and failed logins,
 * newest first, at most 'acllog-max-len' entries. A new event equal to one of the 10 newest
 * (same reason, context, object and user, within 60 s) bumps that entry instead.
 * Fields: Redis 7.0's seven plus entry-id, timestamp-created, timestamp-last-updated (7.2).
 */

/** Why the entry was logged. */
export type AclLogReason = 'command' | 'key' | 'channel' | 'auth'
/** Where the denied call ran. */
export type AclLogContext = 'toplevel' | 'multi' | 'lua' | 'module'

/** One ACL LOG entry. 'object' and 'username' are client bytes: stored as given, printed as bulk strings. */
export interface AclLogEntry {
  count: number
  reason: AclLogReason
  context: AclLogContext
  object: string
  username: string
  clientInfo: string
  entryId: number
  createdAt: number
  updatedAt: number
}

/** Entries compared for grouping (redis: 10). */
const GROUP_SCAN = 10
/** Grouping window in ms (redis ACL_LOG_GROUPING_MAX_TIME_DELTA). */
const GROUP_WINDOW_MS = 60000

/** The ACL log, newest entry first. */
export class AclLog {
  entries: AclLogEntry[] = []
  private nextId = 0

  /** Records an event; 'maxLen' is acllog-max-len. */
  add(
    e: Omit<AclLogEntry, 'count' | 'entryId' | 'createdAt' | 'updatedAt'>,
    maxLen: number,
    now = Date.now(),
  ): void {
    const n = Math.min(GROUP_SCAN, this.entries.length)
    for (let i = 0; i < n; i++) {
      const cur = this.entries[i]!
      if (
        cur.reason === e.reason &&
        cur.context === e.context &&
        now - cur.updatedAt < GROUP_WINDOW_MS &&
        cur.object === e.object &&
        cur.username === e.username
      ) {
        this.entries.splice(i, 1)
        this.entries.unshift(cur)
        cur.count++
        cur.clientInfo = e.clientInfo
        cur.updatedAt = now
        return
      }
    }
    this.entries.unshift({ ...e, count: 1, entryId: this.nextId++, createdAt: now, updatedAt: now })
    if (this.entries.length > maxLen) this.entries.length = Math.max(0, maxLen)
  }

  /** ACL LOG RESET. */
  reset(): void {
    this.entries = []
  }

  /** Trims to a lowered acllog-max-len. */
  trim(maxLen: number): void {
    if (this.entries.length > maxLen) this.entries.length = Math.max(0, maxLen)
  }
}
