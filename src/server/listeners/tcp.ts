/**
 * TCP listeners for 'bind' and 'port' (and, through bindAll, 'tls-port'): several addresses,
 * '*' and '::*' wildcards, a '-' prefix marking an address that may be unavailable,
 * 'tcp-backlog'. See https://redis.io/docs/management/config-file/ (NETWORK section).
 */

import { createServer, type Server as NetServer, type Socket } from 'node:net'

/** How to bind one family of listeners. */
export interface BindOptions {
  /** The 'bind' addresses (empty: every interface). */
  readonly binds: readonly string[]
  /** The port; 0 only for an embedded server asking for any free port. */
  readonly port: number
  /** 'tcp-backlog'. */
  readonly backlog: number
  /** Names the listener in error texts ('tcp' or 'tls'), as Redis's logs do. */
  readonly kind: 'tcp' | 'tls'
  /** Logs a skipped optional address. */
  readonly warn: (message: string) => void
}

/** Listeners bound on every address, and the port they share. */
export interface BoundListeners {
  readonly servers: NetServer[]
  readonly port: number
}

/** Maps redis.conf wildcards to what Node listens on. */
function hostOf(addr: string): string {
  return addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr
}

function listenOne(srv: NetServer, host: string, port: number, backlog: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err)
    srv.once('error', onError)
    srv.listen({ port, host, backlog, ipv6Only: host.includes(':') }, () => {
      srv.off('error', onError)
      const a = srv.address()
      resolve(typeof a === 'object' && a !== null ? a.port : port)
    })
  })
}

/**
 * Binds a server made by 'create' on each address of 'opts.binds'. The first bind of port 0
 * picks the port every later address reuses. An address written '-addr' that cannot be
 * bound (EADDRNOTAVAIL, EAFNOSUPPORT) is skipped with a warning, as Redis; any other
 * failure closes what was bound and rejects with Redis's "Failed listening" text.
 */
export async function bindAll(create: () => NetServer, opts: BindOptions): Promise<BoundListeners> {
  const servers: NetServer[] = []
  let port = opts.port
  for (const raw of opts.binds.length > 0 ? opts.binds : ['*']) {
    const optional = raw.startsWith('-')
    const addr = optional ? raw.slice(1) : raw
    const srv = create()
    srv.maxConnections = Number.MAX_SAFE_INTEGER
    try {
      port = await listenOne(srv, hostOf(addr), port, opts.backlog)
      servers.push(srv)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      if (optional && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) {
        opts.warn(`Failed listening on port ${port} (${opts.kind}), addr ${addr}: ${e.message}`)
        continue
      }
      await closeAll(servers)
      throw new Error(`Failed listening on port ${port} (${opts.kind}), aborting: ${e.message}`)
    }
  }
  return { servers, port }
}

/** Plain TCP listeners: 'onConnection' receives each accepted socket. */
export function listenTcp(opts: BindOptions, onConnection: (sock: Socket) => void): Promise<BoundListeners> {
  return bindAll(() => createServer({ noDelay: true }, onConnection), opts)
}

/** Closes listeners; resolves once each has stopped accepting. */
export function closeAll(servers: readonly NetServer[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined)
}
