/**
 * The pure parts of the TLS listener: tls-protocols as Node version bounds plus switched-off
 * gaps, the joined cipher string, and OpenSSL reasons printed as Redis logs them.
 */

import assert from 'node:assert/strict'
import { constants } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  cipherString,
  opensslReason,
  protocolOptions,
  TlsConfigError,
} from '../../../../src/server/listeners/tls.js'

describe('tls-protocols', () => {
  it('empty means TLSv1.2 and TLSv1.3, as Redis', () => {
    assert.deepEqual(protocolOptions(''), { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', noFlags: 0 })
  })

  it('names are case-insensitive and a single version pins both bounds', () => {
    assert.deepEqual(protocolOptions('tlsv1.3'), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', noFlags: 0 })
  })

  it('a set with a gap switches the versions in between off', () => {
    const o = protocolOptions('TLSv1 TLSv1.3')
    assert.equal(o.minVersion, 'TLSv1')
    assert.equal(o.maxVersion, 'TLSv1.3')
    assert.equal(o.noFlags, constants.SSL_OP_NO_TLSv1_1 | constants.SSL_OP_NO_TLSv1_2)
  })

  it('an unknown name is refused with Redis text', () => {
    assert.throws(
      () => protocolOptions('TLSv1.2 SSLv3'),
      (e: unknown) =>
        e instanceof TlsConfigError &&
        e.message ===
          "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.",
    )
  })
})

describe('cipher string', () => {
  it('puts the TLS 1.3 suites first and the TLS 1.2 ciphers after', () => {
    assert.equal(
      cipherString('ECDHE-RSA-AES128-GCM-SHA256', 'TLS_AES_256_GCM_SHA384'),
      'TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES128-GCM-SHA256',
    )
  })

  it('an empty half keeps the default of that half (so TLS 1.3 stays on)', () => {
    const s = cipherString('ECDHE-RSA-AES128-GCM-SHA256', '')
    assert.match(s, /^TLS_AES_256_GCM_SHA384:.*TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256$/)
    const t = cipherString('', 'TLS_AES_128_GCM_SHA256')
    assert.match(t, /^TLS_AES_128_GCM_SHA256:ECDHE-/)
    assert.doesNotMatch(t, /:TLS_/)
  })
})

describe('OpenSSL reasons', () => {
  it('are printed as Redis logs them', () => {
    const err = new Error(
      '806CCE0BFA7F0000:error:0A0000C7:SSL routines:tls_process_client_certificate:peer did not return a certificate:../deps/openssl/openssl/ssl/statem/statem_srvr.c:3517:\n',
    )
    assert.equal(opensslReason(err), 'error:0A0000C7:SSL routines::peer did not return a certificate')
  })

  it('fall back to the message of other errors', () => {
    assert.equal(opensslReason(new Error('socket hang up\n')), 'socket hang up')
  })
})
