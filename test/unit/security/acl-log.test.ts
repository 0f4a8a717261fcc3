/**
 * Unit tests of ACL LOG grouping (security/acl-log.ts) and of password handling
 * (security/passwords.ts, security/auth.ts): Redis 7.0 groups an event with one of the 10
 * newest entries of the same reason, context, object and user within 60 s; passwords are
 * stored as SHA-256 only and failed logins never record the password.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CommandTable } from '../../../src/commands/table.js'
import { Acl } from '../../../src/security/acl.js'
import { AclLog } from '../../../src/security/acl-log.js'
import { checkCredentials, setRequirePass } from '../../../src/security/auth.js'
import {
  generatePassword,
  hashPassword,
  isValidPasswordHash,
  passwordMatches,
} from '../../../src/security/passwords.js'
import { allCommandSpecs } from '../../../src/server/command-families.js'

const ev = (object: string, username = 'u') =>
  ({ reason: 'key', context: 'toplevel', object, username, clientInfo: 'id=1' }) as const

describe('ACL LOG', () => {
  it('the same event within 60 s bumps the count of its entry and moves it first', () => {
    const log = new AclLog()
    log.add(ev('a'), 128, 1000)
    log.add(ev('b'), 128, 2000)
    log.add(ev('a'), 128, 3000)
    assert.deepEqual(
      log.entries.map((e) => [e.object, e.count, e.createdAt, e.updatedAt]),
      [
        ['a', 2, 1000, 3000],
        ['b', 1, 2000, 2000],
      ],
    )
  })

  it('after 60 s, or beyond the 10 newest entries, a new entry is made', () => {
    const log = new AclLog()
    log.add(ev('a'), 128, 0)
    log.add(ev('a'), 128, 60_000)
    assert.equal(log.entries.length, 2)
    const far = new AclLog()
    far.add(ev('x'), 128, 0)
    for (let i = 0; i < 10; i++) far.add(ev(`o${i}`), 128, 1)
    far.add(ev('x'), 128, 2)
    assert.equal(far.entries.length, 12)
    assert.equal(far.entries[0]!.count, 1)
  })

  it('acllog-max-len keeps only the newest entries; entry ids keep growing', () => {
    const log = new AclLog()
    for (let i = 0; i < 5; i++) log.add(ev(`k${i}`), 3, i)
    assert.deepEqual(
      log.entries.map((e) => e.object),
      ['k4', 'k3', 'k2'],
    )
    assert.equal(log.entries[0]!.entryId, 4)
    log.trim(1)
    assert.equal(log.entries.length, 1)
    log.reset()
    assert.equal(log.entries.length, 0)
  })
})

describe('passwords', () => {
  it('are SHA-256 hex digests of the latin1 bytes', () => {
    assert.equal(hashPassword('pw'), '30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4')
    assert.equal(hashPassword('\xff').length, 64)
    assert.equal(isValidPasswordHash(hashPassword('x')), true)
    assert.equal(isValidPasswordHash(hashPassword('x').toUpperCase()), false)
    assert.equal(passwordMatches([hashPassword('a'), hashPassword('b')], 'b'), true)
    assert.equal(passwordMatches([hashPassword('a')], 'b'), false)
  })

  it('GENPASS gives ceil(bits/4) hex characters', () => {
    assert.match(generatePassword(256), /^[0-9a-f]{64}$/)
    assert.match(generatePassword(5), /^[0-9a-f]{2}$/)
    assert.notEqual(generatePassword(128), generatePassword(128))
  })

  it('requirepass sets the default user password; users store no clear text', () => {
    const acl = new Acl(new CommandTable(allCommandSpecs()), {
      pubsubDefault: () => false,
      aclfile: () => '',
      connections: { killClientsOf: () => {}, killRevokedSubscribers: () => {} },
    })
    setRequirePass(acl.users, 'topsecret')
    assert.equal(acl.users.defaultRequiresAuth, true)
    assert.equal(checkCredentials(acl.users, 'default', 'topsecret'), acl.users.defaultUser)
    assert.equal(checkCredentials(acl.users, 'default', 'nope'), null)
    assert.equal(JSON.stringify(acl.users.defaultUser.passwords).includes('topsecret'), false)
    acl.setUser('off', ['off', '>x'])
    assert.equal(checkCredentials(acl.users, 'off', 'x'), null)
    setRequirePass(acl.users, '')
    assert.equal(acl.users.defaultRequiresAuth, false)
    assert.equal(checkCredentials(acl.users, 'default', 'anything'), acl.users.defaultUser)
  })
})

describe('redaction', () => {
  it('ACL SETUSER, AUTH and HELLO AUTH declare their secret arguments', () => {
    const table = new CommandTable(allCommandSpecs())
    const positions = (name: string, argv: string[]): number[] => {
      const e = table.lookupFull(name)!
      const r = e.spec.redact
      return r === undefined ? [] : typeof r === 'function' ? r(argv) : r
    }
    assert.deepEqual(positions('acl|setuser', ['ACL', 'SETUSER', 'u', 'on', '>secret']), [2, 3, 4])
    assert.deepEqual(positions('auth', ['AUTH', 'u', 'secret']), [1, 2])
    assert.deepEqual(positions('hello', ['HELLO', '3', 'AUTH', 'u', 'secret', 'SETNAME', 'n']), [3, 4])
  })
})
