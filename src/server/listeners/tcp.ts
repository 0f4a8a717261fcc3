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
  /** The address each server listens on, as configured without its '-' prefix. */
  readonly addrs: string[]
  readonly port: number
}

/** Maps redis.conf wildcards to what Node listens on. */
export function hostOf(addr: string): string {
  return addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr
}

/** Listens 'srv' on one address; resolves with the port bound. */
export function listenOne(srv: NetServer, host: string, port: number, backlog: number): Promise<number> {
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

/** strerror() texts for the bind errors Redis logs (Node reports only the code). */
const STRERROR: Readonly<Record<string, string>> = {
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EADDRINUSE: 'Address already in use',
  EACCES: 'Permission denied',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EPROTONOSUPPORT: 'Protocol not supported',
  EINVAL: 'Invalid argument',
}

/** Errors that mean "this kind of address does not exist here": always skipped, as Redis. */
const UNSUPPORTED = new Set([
  'EAFNOSUPPORT',
  'EPROTONOSUPPORT',
  'ENOPROTOOPT',
  'ESOCKTNOSUPPORT',
  'EPFNOSUPPORT',
])

/**
 * Binds a server made by 'create' on each address of 'opts.binds'. The first bind of port 0
 * picks the port every later address reuses. Each failure is logged with Redis's warning;
 * an address written '-addr' that does not exist here (EADDRNOTAVAIL), or an address family
 * the host lacks, is then skipped, as Redis listenToPort(); any other failure closes what was
 * bound and rejects with Redis's "Failed listening on port N (TCP|TLS), aborting."
 */
export async function bindAll(create: () => NetServer, opts: BindOptions): Promise<BoundListeners> {
  const servers: NetServer[] = []
  const addrs: string[] = []
  let port = opts.port
  for (const raw of opts.binds.length > 0 ? opts.binds : ['*']) {
    const optional = raw.startsWith('-')
    const addr = optional ? raw.slice(1) : raw
    const srv = create()
    srv.maxConnections = Number.MAX_SAFE_INTEGER
    try {
      port = await listenOne(srv, hostOf(addr), port, opts.backlog)
      servers.push(srv)
      addrs.push(addr)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      const code = e.code ?? ''
      const why = STRERROR[code] ?? e.message
      opts.warn(`Warning: Could not create server TCP listening socket ${addr}:${port}: bind: ${why}`)
      if ((optional && code === 'EADDRNOTAVAIL') || UNSUPPORTED.has(code)) continue
      await closeAll(servers)
      throw new Error(`Failed listening on port ${port} (${opts.kind.toUpperCase()}), aborting.`)
    }
  }
  return { servers, addrs, port }
}

/** Plain TCP listeners: 'onConnection' receives each accepted socket. */
export function listenTcp(opts: BindOptions, onConnection: (sock: Socket) => void): Promise<BoundListeners> {
  return bindAll(() => createServer({ noDelay: true }, onConnection), opts)
}

/** Closes listeners; resolves once each has stopped accepting. */
export function closeAll(servers: readonly NetServer[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined)
}
