/**
 * KeyPlan (the ACL check's precomputed view of a command's keys) against extractKeys, the
 * one key extractor: for every command and many argument vectors, the fixed ranges give the
 * same key positions in the same order with the same read/write access, viaGetKeys gives
 * exactly extractKeys' keys, and 'positions' (SET-like commands) the same positions. A difference here would be an ACL bypass.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  commandHasKeys,
  extractKeys,
  fixedRangeLast,
  keysFromGetKeys,
} from '../../../src/commands/key-extraction.js'
import { CommandTable } from '../../../src/commands/table.js'
import { allCommandSpecs } from '../../../src/server/command-families.js'
import { createPrng } from '../../helpers/prng.js'

const WORDS = [
  'k1',
  'k2',
  'k3',
  '0',
  '1',
  '2',
  '3',
  '-1',
  'get',
  'GET',
  'store',
  'BY',
  'weights',
  'x',
  'numkeys',
]

describe('KeyPlan', () => {
  it('agrees with extractKeys for every command over random argument vectors', () => {
    const table = new CommandTable(allCommandSpecs())
    const rnd = createPrng(20261123)
    let fixedChecked = 0
    let getKeysChecked = 0
    let positionsChecked = 0
    for (const entry of table.byId) {
      const plan = entry.keyPlan
      assert.equal(plan.hasKeys, commandHasKeys(entry.spec), entry.fullName)
      const head = entry.parent === null ? [entry.spec.name] : [entry.parent.spec.name, entry.spec.name]
      for (let n = 0; n < 60; n++) {
        const argv = [...head]
        const extra = rnd.int(9)
        for (let i = 0; i < extra; i++) argv.push(rnd.pick(WORDS))
        const want = extractKeys(entry.spec, argv)
        if (plan.viaGetKeys) {
          assert.deepEqual(keysFromGetKeys(entry.spec, argv), want, `${entry.fullName} ${argv.join(' ')}`)
          getKeysChecked++
        }
        if (plan.positions !== null && !plan.positions.some((r) => fixedRangeLast(r, argv.length) === -1)) {
          assert.equal(plan.viaGetKeys, true, entry.fullName)
          const got: number[] = []
          for (const r of plan.positions) {
            const last = fixedRangeLast(r, argv.length)
            for (let i = r.first; i <= last; i += r.step) got.push(i)
          }
          assert.deepEqual(
            got,
            want.map((k) => k.pos),
            `${entry.fullName} ${argv.join(' ')}`,
          )
          positionsChecked++
        }
        if (plan.fixed === null) continue
        if (plan.fixed.some((r) => fixedRangeLast(r, argv.length) === -1)) continue
        const got: { pos: number; reads: boolean; writes: boolean }[] = []
        for (const r of plan.fixed) {
          const last = fixedRangeLast(r, argv.length)
          for (let i = r.first; i <= last; i += r.step) got.push({ pos: i, reads: r.reads, writes: r.writes })
        }
        const expected = want.map((k) => ({
          pos: k.pos,
          reads: k.flags.includes('ACCESS'),
          writes: k.flags.some((f) => f === 'INSERT' || f === 'DELETE' || f === 'UPDATE'),
        }))
        assert.deepEqual(got, expected, `${entry.fullName} ${argv.join(' ')}`)
        fixedChecked++
      }
    }
    assert.ok(fixedChecked > 5000, `fixed plans checked: ${fixedChecked}`)
    assert.ok(getKeysChecked > 100, `getKeys plans checked: ${getKeysChecked}`)
    assert.ok(positionsChecked > 50, `position plans checked: ${positionsChecked}`)
  })
})
