/**
 * Test helper: makes a throw-away PKI with openssl, as the hardening guides do: a CA, a
 * server certificate for localhost/127.0.0.1 and a client certificate signed by it, plus a
 * second CA with its own client certificate (for "certificate from another CA" refusals).
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Paths of the generated files. */
export interface TestPki {
  readonly dir: string
  readonly caCert: string
  readonly caKey: string
  readonly serverCert: string
  readonly serverKey: string
  readonly clientCert: string
  readonly clientKey: string
  readonly otherCaCert: string
  readonly otherClientCert: string
  readonly otherClientKey: string
  /** Removes the directory. */
  remove(): void
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
}

function makeCa(dir: string, name: string): void {
  openssl(['genrsa', '-out', `${name}.key`, '2048'], dir)
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-nodes',
      '-sha256',
      '-key',
      `${name}.key`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  )
}

function makeLeaf(dir: string, name: string, ca: string, ext: string): void {
  openssl(['genrsa', '-out', `${name}.key`, '2048'], dir)
  openssl(
    ['req', '-new', '-sha256', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`],
    dir,
  )
  writeFileSync(join(dir, `${name}.ext`), ext)
  openssl(
    [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '2',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  )
}

/** Generates the PKI in a fresh temporary directory (about a second of openssl work). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'redoubt-pki-'))
  makeCa(dir, 'ca')
  makeLeaf(dir, 'server', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
  makeLeaf(dir, 'client', 'ca', 'extendedKeyUsage=clientAuth\n')
  makeCa(dir, 'other-ca')
  makeLeaf(dir, 'other-client', 'other-ca', 'extendedKeyUsage=clientAuth\n')
  const p = (f: string): string => join(dir, f)
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    otherCaCert: p('other-ca.crt'),
    otherClientCert: p('other-client.crt'),
    otherClientKey: p('other-client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
