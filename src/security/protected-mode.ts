/**
 * protected-mode (Redis 7.0): while it is on and the 'default' user has 'nopass' (even when
 * that user is off), only connections from a Unix socket or the loopback addresses
 * 127.0.0.1 and ::1 are served; any other gets the -DENIED text right after accept and is
 * closed. Threat: a server started without a password and bound to a public interface.
 * See https://redis.io/docs/management/security/#protected-mode
 */

import type { UserStore } from './users.js'

/** Redis 7.0's reply to a connection refused by protected mode (networking.c, verbatim text). */
export const DENIED_PROTECTED_MODE =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"

/**
 * True while protected mode has something to protect: the 'default' user accepts any
 * password (redis: DefaultUser->flags & USER_FLAG_NOPASS). The single place the rule lives.
 */
export function defaultUserHasNoPassword(users: UserStore): boolean {
  return users.defaultUser.nopass
}

/**
 * True for a peer address protected mode lets in: 127.0.0.1, ::1, and 127.0.0.1 as a Node
 * dual-stack listener reports it (::ffff:127.0.0.1). Redis 7.0 connIsLocal() admits exactly
 * these (not the rest of 127.0.0.0/8). Unix sockets are admitted by the caller.
 */
export function isLoopbackPeer(addr: string): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1'
}

/** Whether protected mode refuses a TCP/TLS connection from 'remoteAddr'. */
export function protectedModeRefuses(enabled: boolean, users: UserStore, remoteAddr: string): boolean {
  return enabled && defaultUserHasNoPassword(users) && !isLoopbackPeer(remoteAddr)
}
