/**
 * Unit tests of the ACL rule parser and printer (security/acl-rules.ts): Redis 7.0's rule
 * semantics and error texts, canonical ACL LIST lines, and hostile input (huge patterns, many
 * rules, exponential-looking globs) answered promptly.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CommandTable } from '../../../src/commands/table.js'
import { Acl } from '../../../src/security/acl.js'
import { checkCommand, dryrunMessage } from '../../../src/security/acl-check.js'
import { describeUser } from '../../../src/security/acl-rules.js'
import { compileAclPattern } from '../../../src/security/selectors.js'
import { allCommandSpecs } from '../../../src/server/command-families.js'
import { globMatch } from '../../../src/util/glob.js'

const table = new CommandTable(allCommandSpecs())

function makeAcl(): Acl {
  return new Acl(table, {
    pubsubDefault: () => false,
    aclfile: () => '',
    connections: { killClientsOf: () => {}, killRevokedSubscribers: () => {} },
  })
}

function line(acl: Acl, name: string): string {
  return describeUser(acl.users.get(name)!)
}

function dry(acl: Acl, name: string, ...argv: string[]): string {
  const cmd = table.lookupFull(argv[0]!)!
  const entry = cmd.subcommands !== null && argv.length > 1 ? cmd.subcommands.get(argv[1]!)! : cmd
  const d = checkCommand(acl.users.get(name)!, entry, argv)
  return d.result === 0 ? 'OK' : dryrunMessage(d, entry, argv)
}

describe('ACL rules', () => {
  it('a new user is off, with no channels and no commands', () => {
    const acl = makeAcl()
    assert.equal(acl.setUser('x', []), null)
    assert.equal(line(acl, 'x'), 'off resetchannels -@all')
  })

  it('passwords are stored as SHA-256 hashes and printed with #', () => {
    const acl = makeAcl()
    assert.equal(acl.setUser('k', ['on', '>pw', '~a*', '%R~r*', '&ch*', '+@all', '-flushall']), null)
    assert.equal(
      line(acl, 'k'),
      'on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* %R~r* resetchannels &ch* +@all -flushall',
    )
  })

  it('%R~ and %W~ on the same pattern merge into ~; %RW~* is a pattern, not allkeys', () => {
    const acl = makeAcl()
    assert.equal(acl.setUser('y', ['%RW~*', '%R~a', '%W~a', '~b', '%R~c']), null)
    assert.equal(line(acl, 'y'), 'off ~* ~a ~b %R~c resetchannels -@all')
  })

  it('selectors and first-arg allowances print as Redis 7.0 prints them', () => {
    const acl = makeAcl()
    assert.equal(
      acl.setUser('v', ['on', 'nopass', '+select|0', '-@all', '+select|1', '(+get ~x)', '(&ch)']),
      null,
    )
    assert.equal(
      line(acl, 'v'),
      'on nopass resetchannels -@all +select|1 (~x resetchannels -@all +get) (resetchannels &ch -@all)',
    )
  })

  it('errors carry Redis 7.0 texts and leave the user unchanged', () => {
    const acl = makeAcl()
    const cases: [string[], string][] = [
      [['-select|0'], "Error in ACL SETUSER modifier '-select|0': Unknown command or category name in ACL"],
      [
        ['+config|get|x'],
        "Error in ACL SETUSER modifier '+config|get|x': Allowing first-arg of a subcommand is not supported",
      ],
      [['+config|'], "Error in ACL SETUSER modifier '+config|': Syntax error"],
      [['foo'], "Error in ACL SETUSER modifier 'foo': Syntax error"],
      [['+@nosuch'], "Error in ACL SETUSER modifier '+@nosuch': Unknown command or category name in ACL"],
      [['%'], "Error in ACL SETUSER modifier '%': Syntax error"],
      [['%~a'], "Error in ACL SETUSER modifier '%~a': Syntax error"],
      [['%RR~a'], "Error in ACL SETUSER modifier '%RR~a': Syntax error"],
      [['(on)'], "Error in ACL SETUSER modifier '(on)': Syntax error"],
      [['(+get'], "Unmatched parenthesis in acl selector starting at '(+get'."],
      [
        ['<nop'],
        "Error in ACL SETUSER modifier '<nop': The password you are trying to remove from the user does not exist",
      ],
      [
        ['#abc'],
        "Error in ACL SETUSER modifier '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
      ],
      [
        ['~*', '~a'],
        "Error in ACL SETUSER modifier '~a': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
      ],
    ]
    for (const [rules, err] of cases) assert.equal(acl.setUser('z', rules), err, rules.join(' '))
    assert.equal(acl.users.has('z'), false)
    acl.setUser('z', ['on'])
    assert.equal(acl.setUser('z', ['off', 'foo']), "Error in ACL SETUSER modifier 'foo': Syntax error")
    assert.equal(acl.users.get('z')!.enabled, true)
  })

  it('a selector with unbalanced quotes inside is added empty, as sdssplitargs fails', () => {
    const acl = makeAcl()
    assert.equal(acl.setUser('t', ['(~a ")']), null)
    assert.equal(line(acl, 't'), 'off resetchannels -@all (resetchannels -@all)')
  })

  it('printed rules parse back to the same permissions (round trip of ACL LIST lines)', () => {
    const acl = makeAcl()
    const lists = [
      ['-@all', '+@read', '+@write'],
      ['+@all', '-@dangerous', '+flushdb', '-get'],
      ['-@all', '+@slow', '-@admin', '+config|get', '+client'],
      ['+@all', '-client', '+client|id', '-@keyspace', '+del'],
      ['-@all', '+select|0', '+select|2', '+@string', '-set'],
      ['on', '~a', '%R~b', '&c', '+@hash', '(+get ~x)', '(%W~y +@write -del)'],
    ]
    for (const rules of lists) {
      assert.equal(acl.setUser('rt', ['reset', ...rules]), null)
      const first = line(acl, 'rt')
      const u1 = acl.users.get('rt')!
      const bits1 = u1.selectors.map((s) => Array.from(s.bits).join(','))
      assert.equal(acl.setUser('rt2', ['reset', ...first.split(' ').filter((t) => !t.startsWith('#'))]), null)
      const u2 = acl.users.get('rt2')!
      assert.deepEqual(
        u2.selectors.map((s) => Array.from(s.bits).join(',')),
        bits1,
        `${rules.join(' ')} -> ${first}`,
      )
      assert.equal(line(acl, 'rt2'), first)
    }
  })
})

describe('ACL decisions', () => {
  it('DRYRUN texts for commands, keys and channels', () => {
    const acl = makeAcl()
    acl.setUser('k', ['on', '>pw', '~a*', '%R~r*', '&ch*', '+@all', '-flushall', '+select|0', '-select'])
    assert.equal(dry(acl, 'k', 'get', 'b'), "This user has no permissions to access the 'b' key")
    assert.equal(dry(acl, 'k', 'get', 'r1'), 'OK')
    assert.equal(dry(acl, 'k', 'set', 'r1', 'x'), "This user has no permissions to access the 'r1' key")
    assert.equal(
      dry(acl, 'k', 'publish', 'zz', 'm'),
      "This user has no permissions to access the 'zz' channel",
    )
    assert.equal(
      dry(acl, 'k', 'psubscribe', 'ch*', 'c*'),
      "This user has no permissions to access the 'c*' channel",
    )
    assert.equal(dry(acl, 'k', 'flushall'), "This user has no permissions to run the 'flushall' command")
    assert.equal(dry(acl, 'k', 'select', '0'), "This user has no permissions to run the 'select' command")
  })

  it('first-arg allowances match case-insensitively', () => {
    const acl = makeAcl()
    acl.setUser('f', ['on', '-@all', '+select|0'])
    assert.equal(dry(acl, 'f', 'select', '0'), 'OK')
    assert.equal(dry(acl, 'f', 'select', '1'), "This user has no permissions to run the 'select' command")
  })

  it('a container allowed by category allows all its subcommands (redis ACLChangeSelectorPerm)', () => {
    const acl = makeAcl()
    acl.setUser('w', ['-@all', '+@slow'])
    assert.equal(dry(acl, 'w', 'client', 'id'), 'OK')
  })

  it('SET and BITFIELD access follows their arguments whatever patterns came before', () => {
    const acl = makeAcl()
    acl.setUser('v', ['on', '+@all', '~w*'])
    assert.equal(dry(acl, 'v', 'set', 'w1', 'x', 'GET'), 'OK')
    // A read-only or write-only pattern added later must switch the position-only shortcut off.
    acl.setUser('v', ['%W~o*', '%R~r*'])
    assert.equal(dry(acl, 'v', 'set', 'o1', 'x'), 'OK')
    assert.equal(
      dry(acl, 'v', 'set', 'o1', 'x', 'get'),
      "This user has no permissions to access the 'o1' key",
    )
    assert.equal(dry(acl, 'v', 'set', 'r1', 'x'), "This user has no permissions to access the 'r1' key")
    assert.equal(dry(acl, 'v', 'bitfield', 'r1', 'GET', 'u8', '0'), 'OK')
    assert.equal(
      dry(acl, 'v', 'bitfield', 'r1', 'SET', 'u8', '0', '1'),
      "This user has no permissions to access the 'r1' key",
    )
    // Merging %R and %W into one pattern grants both again; resetkeys forgets them all.
    acl.setUser('v', ['%W~r*'])
    assert.equal(dry(acl, 'v', 'set', 'r1', 'x', 'GET'), 'OK')
    assert.equal(
      dry(acl, 'v', 'set', 'o1', 'x', 'GET'),
      "This user has no permissions to access the 'o1' key",
    )
    acl.setUser('v', ['resetkeys', '~r*'])
    assert.equal(dry(acl, 'v', 'set', 'r1', 'x', 'GET'), 'OK')
    assert.equal(dry(acl, 'v', 'set', 'o1', 'x'), "This user has no permissions to access the 'o1' key")
    // A copied selector (ACL SETUSER builds the new user on a copy) keeps the flag.
    acl.setUser('c', ['on', '+@all', '%R~k*'])
    acl.setUser('c', ['>pw'])
    assert.equal(dry(acl, 'c', 'set', 'k1', 'x'), "This user has no permissions to access the 'k1' key")
  })

  it('any selector may allow the call', () => {
    const acl = makeAcl()
    acl.setUser('s', ['on', '~a', '+get', '(~b +set)'])
    assert.equal(dry(acl, 's', 'get', 'a'), 'OK')
    assert.equal(dry(acl, 's', 'set', 'b', '1'), 'OK')
    assert.equal(dry(acl, 's', 'set', 'a', '1'), "This user has no permissions to access the 'a' key")
  })
})

describe('hostile input', () => {
  it('a 100 KB pattern is accepted and matched promptly', () => {
    const acl = makeAcl()
    const pat = `~${'a*'.repeat(50_000)}b`
    const t0 = performance.now()
    assert.equal(acl.setUser('h', ['on', pat, '+@all']), null)
    assert.equal(
      dry(acl, 'h', 'get', 'a'.repeat(200)),
      `This user has no permissions to access the '${'a'.repeat(200)}' key`,
    )
    assert.ok(performance.now() - t0 < 2000)
  })

  it('an exponential-looking glob returns promptly', () => {
    const acl = makeAcl()
    acl.setUser('g', ['on', `~${'*a'.repeat(30)}b`, '+@all'])
    const t0 = performance.now()
    assert.equal(
      dry(acl, 'g', 'get', 'a'.repeat(5000)),
      `This user has no permissions to access the '${'a'.repeat(5000)}' key`,
    )
    assert.ok(performance.now() - t0 < 1000)
  })

  it('10,000 rules apply and print in bounded time', () => {
    const acl = makeAcl()
    const rules: string[] = []
    for (let i = 0; i < 10_000; i++) rules.push(i % 3 === 0 ? '+@read' : i % 3 === 1 ? '-get' : `~k${i}`)
    const t0 = performance.now()
    assert.equal(acl.setUser('many', rules), null)
    const l = line(acl, 'many')
    assert.ok(l.includes('~k9998'))
    assert.ok(performance.now() - t0 < 5000)
  })
})

describe('ACL pattern fast paths', () => {
  it('agree with the glob matcher on literal and prefix patterns and the rest', () => {
    const patterns = [
      '',
      'a',
      'key:*',
      'key:',
      '*',
      'a*',
      'a*b',
      '?',
      'k[ab]*',
      'a\\*',
      '**',
      'x:*:*',
      '\xff*',
    ]
    const subjects = [
      '',
      'a',
      'ab',
      'key:',
      'key:1',
      'key',
      'a*',
      'x:1:2',
      'kb9',
      '\xff',
      'a\\*',
      '\xff\x00',
      'k',
    ]
    for (const p of patterns) {
      const fast = compileAclPattern(p)
      for (const s of subjects)
        assert.equal(fast(s), globMatch(p, s), `${JSON.stringify(p)} ~ ${JSON.stringify(s)}`)
    }
  })

  it('a prefix pattern compares UTF-16 code units as startsWith does', () => {
    for (const prefix of ['\ud835\udcb3x', '\ud835', '\u00e9t\u00e9']) {
      const fast = compileAclPattern(`${prefix}*`)
      for (const s of ['\ud835\udcb3xy', '\ud835', '\ud835\udcb3', '\u00e9t\u00e9 1', '\u00e9t', ''])
        assert.equal(fast(s), s.startsWith(prefix), `${JSON.stringify(prefix)}* ~ ${JSON.stringify(s)}`)
    }
  })
})
