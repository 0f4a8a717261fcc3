/**
 * Every listener of the server in one place: plain TCP ('bind', 'port'), TLS ('tls-port' on
 * the same addresses) and the Unix socket ('unixsocket', 'unixsocketperm'), plus the CONFIG
 * SET hooks that reload TLS certificates. server.ts composes it with its accept handler.
 */

import type { Server as NetServer, Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { ConfigStore } from '../../config/config-store.js'
import { closeAll, listenTcp } from './tcp.js'
import { buildTlsSettings, TlsConfigError, TlsListeners } from './tls.js'
import { listenUnix, type UnixListener } from './unix.js'

/** How a connection arrived. */
export type ListenerKind = 'tcp' | 'tls' | 'unix'

/** The directives whose CONFIG SET rebuilds the TLS context (redis applyTlsCfg). */
export const TLS_RELOAD_DIRECTIVES = [
  'tls-cert-file',
  'tls-key-file',
  'tls-key-file-pass',
  'tls-client-cert-file',
  'tls-client-key-file',
  'tls-client-key-file-pass',
  'tls-ca-cert-file',
  'tls-ca-cert-dir',
  'tls-auth-clients',
  'tls-protocols',
  'tls-ciphers',
  'tls-ciphersuites',
  'tls-prefer-server-ciphers',
  'tls-session-caching',
  'tls-session-cache-size',
  'tls-session-cache-timeout',
  'tls-dh-params-file',
] as const

/** Redis's CONFIG SET failure text for a TLS change (the reason goes to the log). */
const TLS_UPDATE_FAILED = 'Unable to update TLS configuration. Check server logs.'

type Log = (level: 'verbose' | 'notice' | 'warning', message: string) => void

/** The server's listeners. */
export class Listeners {
  /** Plain TCP port bound (0: none). */
  port = 0
  private tcp: NetServer[] = []
  private tls: TlsListeners | null = null
  private unix: UnixListener | null = null

  constructor(
    private readonly config: ConfigStore,
    private readonly log: Log,
    /** Embedding: 'port 0' asks for any free port instead of disabling TCP. */
    private readonly ephemeralPort: boolean,
    private readonly accept: (sock: Socket, kind: ListenerKind) => void,
  ) {}

  /** TLS port bound (0: none). */
  get tlsPort(): number {
    return this.tls?.port ?? 0
  }

  /** Binds every configured listener; rejects (closing what was bound) on the first failure. */
  async listen(): Promise<void> {
    const cfg = this.config
    const binds = cfg
      .getString('bind')
      .split(' ')
      .filter((b) => b !== '')
    const backlog = cfg.getNumber('tcp-backlog')
    const warn = (m: string): void => this.log('warning', m)
    try {
      const port = cfg.getNumber('port')
      if (port !== 0 || this.ephemeralPort) {
        const b = await listenTcp({ binds, port, backlog, kind: 'tcp', warn }, (s) => this.accept(s, 'tcp'))
        this.tcp = b.servers
        this.port = b.port
      }
      const tlsPort = cfg.getNumber('tls-port')
      if (tlsPort !== 0) {
        let settings: ReturnType<typeof buildTlsSettings>
        try {
          settings = buildTlsSettings(cfg)
        } catch (err) {
          throw new Error(`Failed to configure TLS. Check logs for more info. ${(err as Error).message}`)
        }
        this.tls = await TlsListeners.listen(
          settings,
          { binds, port: tlsPort, backlog, kind: 'tls', warn },
          (s) => this.accept(s, 'tls'),
          (reason, s) => this.refused(reason, s),
        )
      }
      const path = cfg.getString('unixsocket')
      if (path !== '') {
        this.unix = await listenUnix(path, cfg.getNumber('unixsocketperm'), backlog, (s) =>
          this.accept(s, 'unix'),
        )
      }
    } catch (err) {
      await this.close()
      throw err
    }
    for (const s of this.allServers())
      s.on('error', (e) => this.log('warning', `Listener error: ${e.message}`))
  }

  /** A TLS handshake refused: logged as Redis logs a failed accept; the socket is gone. */
  private refused(reason: string, sock: TLSSocket): void {
    const addr = sock.remoteAddress ?? '?'
    this.log(
      'warning',
      `Error accepting a client connection: ${reason} (addr=${addr}:${sock.remotePort ?? 0})`,
    )
  }

  /**
   * Registers the CONFIG SET hooks: a tls-* change builds the new context first and swaps
   * it in only if it is valid; otherwise the change is refused and the old one keeps
   * serving. Without a TLS listener the values are only stored (as Redis when TLS is off).
   */
  wireConfig(): void {
    this.config.onChange(TLS_RELOAD_DIRECTIVES, () => {
      if (this.tls === null) return null
      try {
        this.tls.reload(buildTlsSettings(this.config))
        this.log('notice', 'TLS configuration reloaded')
        return null
      } catch (err) {
        const reason = err instanceof TlsConfigError ? err.message : String(err)
        this.log('warning', `Failed to update TLS configuration: ${reason}`)
        return TLS_UPDATE_FAILED
      }
    })
    // Rebinding is asynchronous and CONFIG SET hooks are not: refused, like 'port' and 'bind'.
    this.config.onChange('tls-port', () => "changing 'tls-port' at runtime is not supported by redoubt yet")
  }

  private allServers(): NetServer[] {
    const all = [...this.tcp, ...(this.tls?.servers ?? [])]
    if (this.unix !== null) all.push(this.unix.server)
    return all
  }

  /** Stops accepting everywhere and removes the Unix socket file. */
  async close(): Promise<void> {
    const unix = this.unix
    this.unix = null
    await Promise.all([closeAll(this.tcp), closeAll(this.tls?.servers ?? []), unix?.close()])
  }
}
