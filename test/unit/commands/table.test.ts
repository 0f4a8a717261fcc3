/**
 * CommandTable lookups: any case spelling finds a command, and rename-command makes the old
 * name unknown at once, even right after a lookup cached it.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { connectionCommands } from '../../../src/commands/connection.js'
import { CommandTable } from '../../../src/commands/table.js'

describe('CommandTable.lookup', () => {
  it('finds a command by any spelling, and nothing for an unknown one', () => {
    const t = new CommandTable(connectionCommands)
    assert.equal(t.lookup('PING')?.spec.name, 'ping')
    assert.equal(t.lookup('PING')?.spec.name, 'ping')
    assert.equal(t.lookup('pInG')?.spec.name, 'ping')
    assert.equal(t.lookup('nosuch'), undefined)
    assert.equal(t.lookup(''), undefined)
  })

  it('a rename takes effect for a spelling just looked up', () => {
    const t = new CommandTable(connectionCommands)
    assert.equal(t.lookup('PING')?.spec.name, 'ping')
    assert.equal(t.rename('ping', 'probe'), null)
    assert.equal(t.lookup('PING'), undefined)
    assert.equal(t.lookup('ping'), undefined)
    assert.equal(t.lookup('PROBE')?.spec.name, 'ping')
    assert.equal(t.rename('echo', ''), null)
    assert.equal(t.lookup('echo'), undefined)
  })
})
