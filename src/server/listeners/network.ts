/**
 * Every listener of the server in one place: plain TCP ('bind', 'port'), TLS ('tls-port' on
 * the same addresses) and the Unix socket ('unixsocket', 'unixsocketperm'), plus the CONFIG
 * SET hooks that rebind ('port', 'bind', 'tls-port') and reload TLS certificates. server.ts
 * composes it with its accept handler.
 */

import { createServer, type Socket } from 'node:net'
import type { TLSSocket, Server as TlsServer } from 'node:tls'
import type { ConfigStore } from '../../config/config-store.js'
import { ListenerFamily } from './listener-family.js'
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
/** Redis's CONFIG SET failure text for a 'port' or 'tls-port' that cannot be bound. */
const PORT_FAILED = 'Unable to listen on this port. Check server logs.'
/** Redis's CONFIG SET failure text for a 'bind' that cannot be bound. */
const BIND_FAILED = 'Failed to bind to specified addresses.'

type Log = (level: 'verbose' | 'notice' | 'warning', message: string) => void
/** An apply hook's outcome: an error text or null, now or once sockets are bound. */
type Applied = string | null | Promise<string | null>

/** The server's listeners. */
export class Listeners {
  private readonly tcp: ListenerFamily
  private readonly tlsFamily: ListenerFamily
  /** The TLS context, made when TLS first listens (at start-up or by CONFIG SET tls-port). */
  private tls: TlsListeners | null = null
  private unix: UnixListener | null = null
  private readonly acceptUnix: (sock: Socket) => void

  constructor(
    private readonly config: ConfigStore,
    private readonly log: Log,
    /**
     * Embedding: 'port 0' asks for any free port instead of disabling TCP; the port chosen
     * then stands for 'port 0' until CONFIG SET gives another one.
     */
    private ephemeralPort: boolean,
    accept: (sock: Socket, kind: ListenerKind) => void,
  ) {
    const warn = (m: string): void => this.log('warning', m)
    const backlog = (): number => this.config.getNumber('tcp-backlog')
    this.tcp = new ListenerFamily({
      kind: 'tcp',
      make: (onConnection) => createServer({ noDelay: true }, onConnection),
      accept: (s) => accept(s, 'tcp'),
      forget: () => {},
      backlog,
      warn,
    })
    this.tlsFamily = new ListenerFamily({
      kind: 'tls',
      make: (onConnection) => this.tls!.createServer(onConnection),
      accept: (s) => accept(s, 'tls'),
      forget: (srv) => this.tls?.forget(srv as TlsServer),
      backlog,
      warn,
    })
    this.acceptUnix = (s) => accept(s, 'unix')
  }

  /** Plain TCP port bound (0: none). */
  get port(): number {
    return this.tcp.port
  }

  /** TLS port bound (0: none). */
  get tlsPort(): number {
    return this.tlsFamily.port
  }

  private binds(): string {
    return this.config.getString('bind')
  }

  /** The TCP port 'port' asks for: in embedding, 'port 0' keeps the free port chosen at start. */
  private tcpPort(): number {
    const port = this.config.getNumber('port')
    return port === 0 && this.ephemeralPort ? this.tcp.port : port
  }

  /** Binds every configured listener; rejects (closing what was bound) on the first failure. */
  async listen(): Promise<void> {
    const cfg = this.config
    try {
      const port = cfg.getNumber('port')
      if (port !== 0 || this.ephemeralPort) {
        await this.tcp.want(this.binds(), port, true)
        this.tcp.commit()
      }
      const tlsPort = cfg.getNumber('tls-port')
      if (tlsPort !== 0) {
        const err = this.makeTlsContext()
        if (err !== null) throw new Error(`Failed to configure TLS. Check logs for more info. ${err}`)
        await this.tlsFamily.want(this.binds(), tlsPort, true)
        this.tlsFamily.commit()
      }
      const path = cfg.getString('unixsocket')
      if (path !== '') {
        this.unix = await listenUnix(
          path,
          cfg.getNumber('unixsocketperm'),
          cfg.getNumber('tcp-backlog'),
          this.acceptUnix,
        )
        this.unix.server.on('error', (e) => this.log('warning', `Listener error: ${e.message}`))
      }
    } catch (err) {
      await this.close()
      throw err
    }
  }

  /** Makes the TLS context from the tls-* directives if there is none; the reason on failure. */
  private makeTlsContext(): string | null {
    if (this.tls !== null) return null
    try {
      this.tls = new TlsListeners(buildTlsSettings(this.config), (reason, s) => this.refused(reason, s))
      return null
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
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
   * Registers the CONFIG SET hooks. A tls-* change builds the new context first and swaps
   * it in only if it is valid; otherwise the change is refused and the old one keeps
   * serving. Without a TLS context the values are only stored (as Redis when TLS is off).
   * 'port', 'bind' and 'tls-port' bind their new sockets beside the serving ones (so their
   * hooks answer once binding is done); the old sockets close only when the whole CONFIG
   * SET succeeds, and a rollback drops the new ones (redis updatePort, applyBind, applyTLSPort).
   */
  wireConfig(): void {
    const cfg = this.config
    cfg.onChange(TLS_RELOAD_DIRECTIVES, () => {
      if (this.tls === null) return null
      try {
        this.tls.reload(buildTlsSettings(cfg))
        this.log('notice', 'TLS configuration reloaded')
        return null
      } catch (err) {
        const reason = err instanceof TlsConfigError ? err.message : String(err)
        this.log('warning', `Failed to update TLS configuration: ${reason}`)
        return TLS_UPDATE_FAILED
      }
    })
    cfg.onChange('port', () => outcome(this.tcp.want(this.binds(), this.tcpPort()), PORT_FAILED), {
      deferred: true,
    })
    cfg.onChange('tls-port', () => this.applyTlsPort(PORT_FAILED), { deferred: true })
    cfg.onChange('bind', () => this.applyBind(), { deferred: true })
    cfg.onCommit(() => {
      this.tcp.commit()
      this.tlsFamily.commit()
      if (cfg.getNumber('port') !== 0) this.ephemeralPort = false
    })
  }

  /** Moves TLS to 'tls-port' on 'bind', making the TLS context first if TLS was off. */
  private applyTlsPort(listenFailed: string): Applied {
    const port = this.config.getNumber('tls-port')
    if (port !== 0 && !this.tlsFamily.serves(this.binds(), port)) {
      const err = this.makeTlsContext()
      if (err !== null) {
        this.log('warning', err)
        return TLS_UPDATE_FAILED
      }
    }
    return outcome(this.tlsFamily.want(this.binds(), port), listenFailed)
  }

  /** Moves plain TCP, then TLS, to the new 'bind' addresses. */
  private applyBind(): Applied {
    const fail = (): string => {
      this.log('warning', 'Failed to bind')
      return BIND_FAILED
    }
    const tls = (): Applied => {
      const r = this.applyTlsPort(BIND_FAILED)
      if (r === null) return null
      if (typeof r === 'string') return fail()
      return r.then((e) => (e === null ? null : fail()))
    }
    const tcp = this.tcp.want(this.binds(), this.tcpPort())
    if (tcp === true) return tls()
    return tcp.then(
      (ok) => (ok ? tls() : fail()),
      () => fail(),
    )
  }

  /** Stops accepting everywhere and removes the Unix socket file. */
  async close(): Promise<void> {
    const unix = this.unix
    this.unix = null
    await Promise.all([this.tcp.close(), this.tlsFamily.close(), unix?.close()])
  }
}

/** A family's move as an apply hook's outcome: 'failed' when binding did not succeed. */
function outcome(moved: true | Promise<boolean>, failed: string): Applied {
  if (moved === true) return null
  return moved.then(
    (ok) => (ok ? null : failed),
    () => failed,
  )
}
