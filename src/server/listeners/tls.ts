/**
 * TLS listeners (node:tls) for 'tls-port' on the 'bind' addresses, and the secure context
 * built from the tls-* directives: certificates, CA file/dir, tls-auth-clients (mutual TLS),
 * tls-protocols, ciphers, session cache, DH parameters. CONFIG SET of a tls-* directive
 * builds a new context first and swaps it in (setSecureContext): connections already open
 * keep theirs, and a bad file leaves the old context serving. See https://redis.io/docs/management/security/encryption/
 */

import { constants } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import {
  createSecureContext,
  createServer,
  DEFAULT_CIPHERS,
  type SecureContextOptions,
  type SecureVersion,
  type TLSSocket,
  type Server as TlsServer,
} from 'node:tls'

/** The directives the TLS context reads (a subset of ConfigStore). */
export interface TlsConfigView {
  getString(name: string): string
  getNumber(name: string): number
  getBool(name: string): boolean
}

/** Upper bound of files read from 'tls-ca-cert-dir' (each a PEM bundle). */
const CA_DIR_MAX_FILES = 4096
/** Upper bound of one file read for a certificate, key, CA or DH parameters. */
const TLS_FILE_MAX_BYTES = 16 * 1024 * 1024
/**
 * A connection must complete its TLS handshake within this time. Until then it is not a
 * client (maxclients does not count it), so half-open handshakes must not pile up.
 */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000
/** 'tls-session-cache-size 0' means unlimited in OpenSSL; redoubt still bounds it. */
const SESSION_CACHE_HARD_MAX = 1 << 20

const PROTOCOLS: ReadonlyArray<[string, SecureVersion, number]> = [
  ['tlsv1', 'TLSv1', constants.SSL_OP_NO_TLSv1],
  ['tlsv1.1', 'TLSv1.1', constants.SSL_OP_NO_TLSv1_1],
  ['tlsv1.2', 'TLSv1.2', constants.SSL_OP_NO_TLSv1_2],
  ['tlsv1.3', 'TLSv1.3', constants.SSL_OP_NO_TLSv1_3],
]

/** A TLS configuration problem, reported in the log (CONFIG SET replies Redis's fixed text). */
export class TlsConfigError extends Error {}

function readBounded(path: string, what: string): Buffer {
  let size: number
  try {
    size = statSync(path).size
  } catch (err) {
    throw new TlsConfigError(`Failed to load ${what} '${path}': ${(err as Error).message}`)
  }
  if (size > TLS_FILE_MAX_BYTES) throw new TlsConfigError(`Failed to load ${what} '${path}': file too large`)
  return readFileSync(path)
}

/**
 * 'tls-protocols' as Node options: the lowest and highest version listed, with the versions
 * in between that are not listed switched off (secureOptions), so any set Redis accepts is
 * honoured exactly. Empty means TLSv1.2 and TLSv1.3, Redis's default.
 */
export function protocolOptions(spec: string): {
  minVersion: SecureVersion
  maxVersion: SecureVersion
  noFlags: number
} {
  const words = spec.split(' ').filter((w) => w !== '')
  const wanted = new Set<number>()
  for (const w of words.length > 0 ? words : ['TLSv1.2', 'TLSv1.3']) {
    const i = PROTOCOLS.findIndex((p) => p[0] === w.toLowerCase())
    if (i < 0) {
      throw new TlsConfigError(
        "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.",
      )
    }
    wanted.add(i)
  }
  const lo = Math.min(...wanted)
  const hi = Math.max(...wanted)
  let noFlags = 0
  for (let i = lo; i <= hi; i++) if (!wanted.has(i)) noFlags |= PROTOCOLS[i]![2]
  return { minVersion: PROTOCOLS[lo]![1], maxVersion: PROTOCOLS[hi]![1], noFlags }
}

/**
 * The cipher string Node wants: TLS 1.3 suites ('tls-ciphersuites') and TLS 1.2 ciphers
 * ('tls-ciphers') in one list. An empty directive keeps Node's default for its half (Node
 * would otherwise switch TLS 1.3 off when no suite is listed).
 */
export function cipherString(ciphers: string, suites: string): string {
  const defaults = DEFAULT_CIPHERS.split(':')
  const defSuites = defaults.filter((c) => c.startsWith('TLS_')).join(':')
  const defCiphers = defaults.filter((c) => !c.startsWith('TLS_')).join(':')
  return `${suites !== '' ? suites : defSuites}:${ciphers !== '' ? ciphers : defCiphers}`
}

/** 'tls-auth-clients': 'yes' requires a valid client certificate, 'optional' checks one if sent. */
export type AuthClients = 'no' | 'yes' | 'optional'

/** Everything the server side of a TLS listener needs, built and checked from the directives. */
export interface TlsSettings {
  readonly context: SecureContextOptions
  readonly authClients: AuthClients
  readonly sessionCaching: boolean
  readonly sessionCacheSize: number
  readonly sessionTimeoutSec: number
}

function caFromDir(dir: string): Buffer[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    throw new TlsConfigError(`Failed to configure CA certificate(s) dir '${dir}': ${(err as Error).message}`)
  }
  const out: Buffer[] = []
  for (const name of names.sort().slice(0, CA_DIR_MAX_FILES)) {
    const p = join(dir, name)
    if (!statSync(p).isFile()) continue
    const data = readBounded(p, 'CA certificate')
    if (data.includes('-----BEGIN CERTIFICATE-----')) out.push(data)
  }
  return out
}

/**
 * Reads and validates the tls-* directives into settings; throws TlsConfigError with the
 * reason (missing file, wrong pass phrase, key not matching the certificate...).
 */
export function buildTlsSettings(cfg: TlsConfigView): TlsSettings {
  const certFile = cfg.getString('tls-cert-file')
  const keyFile = cfg.getString('tls-key-file')
  if (certFile === '') throw new TlsConfigError('No tls-cert-file configured!')
  if (keyFile === '') throw new TlsConfigError('No tls-key-file configured!')
  const authClients = cfg.getString('tls-auth-clients') as AuthClients
  const caFile = cfg.getString('tls-ca-cert-file')
  const caDir = cfg.getString('tls-ca-cert-dir')
  if (authClients !== 'no' && caFile === '' && caDir === '') {
    throw new TlsConfigError(
      'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!',
    )
  }
  const ca: Buffer[] = []
  if (caFile !== '') ca.push(readBounded(caFile, 'CA certificate(s) file'))
  if (caDir !== '') ca.push(...caFromDir(caDir))
  const proto = protocolOptions(cfg.getString('tls-protocols'))
  const sessionCaching = cfg.getBool('tls-session-caching')
  let secureOptions = proto.noFlags
  if (!sessionCaching) secureOptions |= constants.SSL_OP_NO_TICKET
  if (cfg.getBool('tls-prefer-server-ciphers')) secureOptions |= constants.SSL_OP_CIPHER_SERVER_PREFERENCE
  const context: SecureContextOptions = {
    cert: readBounded(certFile, 'certificate'),
    key: readBounded(keyFile, 'private key'),
    minVersion: proto.minVersion,
    maxVersion: proto.maxVersion,
    secureOptions,
    ciphers: cipherString(cfg.getString('tls-ciphers'), cfg.getString('tls-ciphersuites')),
    honorCipherOrder: cfg.getBool('tls-prefer-server-ciphers'),
    sessionTimeout: cfg.getNumber('tls-session-cache-timeout'),
  }
  const pass = cfg.getString('tls-key-file-pass')
  if (pass !== '') context.passphrase = pass
  if (ca.length > 0) context.ca = ca
  const dh = cfg.getString('tls-dh-params-file')
  if (dh !== '') context.dhparam = readBounded(dh, 'DH params file')
  try {
    createSecureContext(context)
  } catch (err) {
    throw new TlsConfigError(`Failed to configure TLS: ${(err as Error).message}`)
  }
  checkClientSide(cfg, ca)
  const size = cfg.getNumber('tls-session-cache-size')
  return {
    context,
    authClients,
    sessionCaching,
    sessionCacheSize: size === 0 ? SESSION_CACHE_HARD_MAX : Math.min(size, SESSION_CACHE_HARD_MAX),
    sessionTimeoutSec: cfg.getNumber('tls-session-cache-timeout'),
  }
}

/**
 * 'tls-client-cert-file'/'tls-client-key-file' are the identity Redis presents on its own
 * outgoing TLS connections (replication, cluster). redoubt makes none yet; the files are
 * still loaded and checked, so a bad pair is refused as Redis refuses it.
 */
function checkClientSide(cfg: TlsConfigView, ca: Buffer[]): void {
  const cert = cfg.getString('tls-client-cert-file')
  const key = cfg.getString('tls-client-key-file')
  if (cert === '' && key === '') return
  const opts: SecureContextOptions = {}
  if (cert !== '') opts.cert = readBounded(cert, 'client certificate')
  if (key !== '') opts.key = readBounded(key, 'client private key')
  const pass = cfg.getString('tls-client-key-file-pass')
  if (pass !== '') opts.passphrase = pass
  if (ca.length > 0) opts.ca = ca
  try {
    createSecureContext(opts)
  } catch (err) {
    throw new TlsConfigError(`Failed to configure TLS client certificate: ${(err as Error).message}`)
  }
}

/**
 * Server-side session cache (OpenSSL's internal one is off in Node): session id -> session,
 * at most 'size' entries (oldest evicted first), each valid for 'timeoutSec'.
 */
class SessionCache {
  private readonly map = new Map<string, { data: Buffer; at: number }>()
  size = 0
  timeoutMs = 0

  store(id: Buffer, data: Buffer): void {
    const k = id.toString('hex')
    this.map.delete(k)
    this.map.set(k, { data, at: Date.now() })
    while (this.map.size > this.size) {
      const oldest = this.map.keys().next()
      if (oldest.done === true) break
      this.map.delete(oldest.value)
    }
  }

  fetch(id: Buffer): Buffer | null {
    const k = id.toString('hex')
    const e = this.map.get(k)
    if (e === undefined) return null
    if (Date.now() - e.at > this.timeoutMs) {
      this.map.delete(k)
      return null
    }
    return e.data
  }

  clear(): void {
    this.map.clear()
  }
}

/**
 * The TLS side shared by every TLS listener: the current settings and the session cache.
 * It makes one node:tls server per bound address (server/listeners/listener-family.ts binds
 * them); a reload reaches every server it made, including ones bound for a CONFIG SET that
 * has not finished yet.
 */
export class TlsListeners {
  private readonly cache = new SessionCache()
  private settings: TlsSettings
  private readonly made = new Set<TlsServer>()

  constructor(
    settings: TlsSettings,
    /** Each connection refused during the handshake, with the reason. */
    private readonly onRefused: (reason: string, sock: TLSSocket) => void,
  ) {
    this.settings = settings
    this.applyCacheLimits()
  }

  /**
   * A TLS server for one address: 'onConnection' receives each socket once its handshake
   * succeeded (and, under 'optional', its certificate if any was valid).
   */
  createServer(onConnection: (sock: Socket) => void): TlsServer {
    const settings = this.settings
    const srv = createServer({
      ...settings.context,
      ...authOptions(settings.authClients),
      handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
    })
    srv.on('secureConnection', (sock: TLSSocket) => {
      // 'optional': no certificate is fine, a certificate that fails verification is not.
      if (
        this.settings.authClients === 'optional' &&
        !sock.authorized &&
        sock.getPeerCertificate().raw !== undefined
      ) {
        this.onRefused(`certificate verify failed: ${String(sock.authorizationError)}`, sock)
        sock.destroy()
        return
      }
      sock.setNoDelay(true)
      onConnection(sock)
    })
    srv.on('tlsClientError', (err: Error & { reason?: string }, sock) => {
      // Node checks the client certificate after the handshake and destroys the socket
      // itself ('socket hang up' here): the verification error says why.
      const verify = sock.authorizationError
      this.onRefused(verify ? `certificate verify failed: ${String(verify)}` : opensslReason(err), sock)
      sock.destroy()
    })
    srv.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      if (this.settings.sessionCaching) this.cache.store(id, data)
      done()
    })
    srv.on('resumeSession', (id: Buffer, done: (err: Error | null, data: Buffer | null) => void) => {
      done(null, this.settings.sessionCaching ? this.cache.fetch(id) : null)
    })
    this.made.add(srv)
    return srv
  }

  /** Stops reloading 'srv' (it no longer listens). */
  forget(srv: TlsServer): void {
    this.made.delete(srv)
  }

  private applyCacheLimits(): void {
    this.cache.size = this.settings.sessionCaching ? this.settings.sessionCacheSize : 0
    this.cache.timeoutMs = this.settings.sessionTimeoutSec * 1000
    if (!this.settings.sessionCaching) this.cache.clear()
  }

  /**
   * Swaps in new settings for connections accepted from now on; open connections keep
   * the context they were made with, as Redis's tlsConfigure().
   */
  reload(settings: TlsSettings): void {
    this.settings = settings
    this.applyCacheLimits()
    const auth = authOptions(settings.authClients)
    for (const srv of this.made) {
      srv.setSecureContext(settings.context)
      // Read by tls.Server for each new connection.
      Object.assign(srv, auth)
    }
  }
}

/**
 * An OpenSSL error as Redis logs it ("error:0A0000C7:SSL routines::peer did not return a
 * certificate"), from Node's longer form that adds a thread id, function and source line.
 */
export function opensslReason(err: Error & { reason?: string }): string {
  const m = /error:([0-9A-Fa-f]+):([^:]*):[^:]*:([^:\n]*)/.exec(err.message)
  if (m !== null) return `error:${m[1]}:${m[2]}::${m[3]}`
  return err.reason ?? err.message.trim()
}

function authOptions(mode: AuthClients): { requestCert: boolean; rejectUnauthorized: boolean } {
  if (mode === 'no') return { requestCert: false, rejectUnauthorized: false }
  return { requestCert: true, rejectUnauthorized: mode === 'yes' }
}
