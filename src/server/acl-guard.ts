/**
 * The NOPERM guard of dispatch (redis processCommand's ACLCheckAllPerm): only called for
 * users that are not unrestricted, so clients of 'default' (+@all ~* &*) pay one boolean.
 * A denial is logged in ACL LOG and rejected with Redis 7.0's text (inside MULTI it also
 * dooms the transaction, through rejectCommand).
 */

import type { CommandEntry } from '../commands/context.js'
import { ACL_DENIED_CMD, ACL_DENIED_KEY, checkCommand, nopermError } from '../security/acl-check.js'
import type { AclLogReason } from '../security/acl-log.js'
import type { Client } from './client.js'

/** True (after replying and logging) when the client's user may not run 'argv'. */
export function aclDenied(c: Client, entry: CommandEntry, argv: string[]): boolean {
  const d = checkCommand(c.user, entry, argv)
  if (d.result === 0) return false
  const reason: AclLogReason =
    d.result === ACL_DENIED_CMD ? 'command' : d.result === ACL_DENIED_KEY ? 'key' : 'channel'
  const inMulti = c.multi?.inMulti === true
  logAclDenial(
    c,
    reason,
    inMulti ? 'multi' : 'toplevel',
    reason === 'command' ? entry.fullName : argv[d.pos]!,
    c.user.name,
  )
  const msg = nopermError(d, entry)
  if (entry.fullName === 'exec') {
    // redis rejectCommand: a refused EXEC aborts the transaction (execCommandAbort).
    c.multi?.discard()
    c.w.error(`EXECABORT Transaction discarded because of: ${msg}`)
  } else c.rejectCommand(msg)
  return true
}

/** Adds an ACL LOG entry for 'c' (a denied command or a failed login). */
export function logAclDenial(
  c: Client,
  reason: AclLogReason,
  context: 'toplevel' | 'multi',
  object: string,
  username: string,
): void {
  const acl = c.server.acl
  acl.log.add(
    { reason, context, object, username, clientInfo: c.describe() },
    c.server.config.getNumber('acllog-max-len'),
  )
}
