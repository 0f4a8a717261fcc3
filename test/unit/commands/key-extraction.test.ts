/**
 * Unit tests of commands/key-extraction.ts on hand-made specs: the rules of redis
 * getKeysFromCommandWithSpecs that the meta test (test/meta/key-specs.test.ts) cannot reach
 * because redis-server's getkeys procs hide them.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  atoi,
  commandHasKeys,
  extractKeys,
  keysFromKeySpecs,
  legacyKeyRange,
  numkeysGetKeys,
} from '../../../src/commands/key-extraction.js'
import type { CommandSpec, KeySpec } from '../../../src/commands/spec.js'

function spec(keys: KeySpec[], extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name: 'x', group: 'generic', since: '1.0.0', summary: 's', arity: -2, flags: [], keys, ...extra }
}

const positions = (s: CommandSpec, argv: string[]): number[] => extractKeys(s, argv).map((k) => k.pos)

test('a keyword in the last argument starts no key search', () => {
  const s = spec([
    { flags: ['OW', 'UPDATE'], begin: { keyword: 'STORE', startfrom: 2 }, find: { range: [0, 1, 0] } },
  ])
  assert.deepEqual(keysFromKeySpecs(s, ['x', 'k', 'STORE']), [])
  assert.deepEqual(positions(s, ['x', 'k', 'store', 'dst']), [3])
})

test('a keyword searched from the end finds its last occurrence first', () => {
  const s = spec([{ flags: ['RW'], begin: { keyword: 'KEYS', startfrom: -2 }, find: { range: [-1, 1, 0] } }])
  assert.deepEqual(positions(s, ['x', 'keys', 'a', 'KEYS', 'b', 'c']), [4, 5])
})

test('a spec that cannot be applied voids the search unless partial results are asked for', () => {
  const s = spec([
    { flags: ['RO'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
    { flags: ['RO'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
  ])
  assert.equal(keysFromKeySpecs(s, ['x', 'a', 'nope', 'b']), null)
  assert.deepEqual(
    keysFromKeySpecs(s, ['x', 'a', 'nope', 'b'], { partial: true })?.map((k) => k.pos),
    [1],
  )
  // numkeys 0 and numkeys beyond the arguments are both invalid, as in redis.
  assert.equal(keysFromKeySpecs(s, ['x', 'a', '0', 'b']), null)
  assert.equal(keysFromKeySpecs(s, ['x', 'a', '3', 'b']), null)
  assert.equal(keysFromKeySpecs(s, ['x', 'a', '99999999999999999999', 'b']), null)
  assert.deepEqual(positions(s, ['x', 'a', '1', 'b']), [1, 3])
})

test('an INCOMPLETE spec falls back to getKeys but keeps its keys in partial mode', () => {
  const s = spec([{ flags: ['RW', 'INCOMPLETE'], begin: { index: 1 }, find: { range: [0, 1, 0] } }], {
    getKeys: () => [1, { pos: 2, flags: ['OW', 'UPDATE'] }],
  })
  assert.deepEqual(extractKeys(s, ['x', 'a', 'b']), [
    { pos: 1, flags: [] },
    { pos: 2, flags: ['OW', 'UPDATE'] },
  ])
  assert.deepEqual(extractKeys(s, ['x', 'a', 'b'], { partial: true }), [
    { pos: 1, flags: ['RW', 'INCOMPLETE'] },
  ])
})

test('NOT_KEY specs are skipped unless asked for, and alone do not make a command have keys', () => {
  const s = spec([{ flags: ['NOT_KEY'], begin: { index: 1 }, find: { range: [0, 1, 0] } }])
  assert.equal(commandHasKeys(s), false)
  assert.deepEqual(extractKeys(s, ['x', 'a']), [])
  assert.deepEqual(
    extractKeys(s, ['x', 'a'], { includeNotKeys: true }).map((k) => k.pos),
    [1],
  )
})

test('VARIABLE_FLAGS specs let getKeys decide, and still give keys when there is no getKeys', () => {
  const keys: KeySpec[] = [
    { flags: ['RW', 'VARIABLE_FLAGS'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
  ]
  const withProc = spec(keys, { getKeys: () => [{ pos: 1, flags: ['OW', 'UPDATE'] }] })
  assert.deepEqual(extractKeys(withProc, ['x', 'k']), [{ pos: 1, flags: ['OW', 'UPDATE'] }])
  assert.deepEqual(positions(spec(keys), ['x', 'k']), [1])
})

test('positions a getKeys returns outside the arguments are dropped', () => {
  const s = spec([{ flags: ['RW'], begin: 'unknown', find: 'unknown' }], { getKeys: () => [0, 1, 5, 1.5] })
  assert.deepEqual(positions(s, ['x', 'a']), [1])
})

test('numkeysGetKeys reads the count with atoi and puts the destination last', () => {
  assert.equal(atoi('  12abc'), 12)
  assert.equal(atoi('-3'), -3)
  assert.equal(atoi('x'), 0)
  assert.deepEqual(numkeysGetKeys(['zunionstore', 'd', '2x', 'a', 'b'], 1, 2, 3), [3, 4, 1])
  assert.deepEqual(numkeysGetKeys(['zunionstore', 'd', '3', 'a', 'b'], 1, 2, 3), [])
  assert.deepEqual(numkeysGetKeys(['zunion', '0', 'a'], 0, 1, 2), [])
})

test('the legacy range merges consecutive range specs and marks others movable', () => {
  const r = legacyKeyRange(
    spec([
      { flags: ['RW'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ['RW'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
    ]),
  )
  assert.deepEqual(r, { first: 1, last: 2, step: 1, movable: false })
  const m = legacyKeyRange(
    spec([
      { flags: ['RW'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ['RO'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
    ]),
  )
  assert.deepEqual(m, { first: 1, last: 1, step: 1, movable: true })
  assert.deepEqual(legacyKeyRange(spec([])), { first: 0, last: 0, step: 0, movable: false })
})
