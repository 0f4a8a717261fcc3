import assert from 'node:assert/strict'
import { test } from 'node:test'
import { matchComponent } from '../../../src/config/include-glob.js'
import {
  formatMemoryForFile,
  formatTrimmedDouble,
  parseCStrtoll,
  parseMemory,
} from '../../../src/config/parse-number.js'
import { quoteConfigValue } from '../../../src/config/quote.js'
import { splitArgs } from '../../../src/util/split-args.js'

test('memtoull: digits then an optional unit, no sign, no blanks', () => {
  assert.equal(parseMemory('100mb'), 100n * 1024n * 1024n)
  assert.equal(parseMemory('5k'), 5000n)
  assert.equal(parseMemory('7B'), 7n)
  assert.equal(parseMemory(''), 0n)
  assert.equal(parseMemory('-1'), null)
  assert.equal(parseMemory('1 '), null)
  assert.equal(parseMemory('1tb'), null)
  assert.equal(parseMemory('1'.repeat(128)), null)
})

test('strtoll as Redis calls it: blanks and a sign allowed, "" is 0, trailing text refused', () => {
  assert.deepEqual(parseCStrtoll(' +5'), { value: 5n, overflow: false })
  assert.deepEqual(parseCStrtoll(''), { value: 0n, overflow: false })
  assert.equal(parseCStrtoll(' '), null)
  assert.equal(parseCStrtoll('-'), null)
  assert.equal(parseCStrtoll('5x'), null)
  assert.deepEqual(parseCStrtoll('99999999999999999999'), { value: 2n ** 63n - 1n, overflow: true })
  assert.deepEqual(parseCStrtoll('0777', 8), { value: 511n, overflow: false })
  assert.equal(parseCStrtoll('8', 8), null)
})

test('rewrite formats: the largest exact memory unit, %f with trailing zeros trimmed', () => {
  assert.equal(formatMemoryForFile(0n), '0')
  assert.equal(formatMemoryForFile(1024n), '1kb')
  assert.equal(formatMemoryForFile(64n * 1024n * 1024n), '64mb')
  assert.equal(formatMemoryForFile(3n * 1024n ** 3n), '3gb')
  assert.equal(formatMemoryForFile(1000n), '1000')
  assert.equal(formatTrimmedDouble(99.9), '99.9')
  assert.equal(formatTrimmedDouble(50), '50')
  assert.equal(formatTrimmedDouble(1 / 3), '0.333333')
})

test('quoted values read back through split-args to the same bytes', () => {
  for (const s of ['', 'plain', 'a b', 'q"uote', 'back\\slash', 'nl\nx', '\x00\x7f\xff', "it's"]) {
    assert.deepEqual(splitArgs(`x ${quoteConfigValue(s)}`), ['x', s], JSON.stringify(s))
  }
  assert.equal(quoteConfigValue('a"b\n\xe9'), '"a\\"b\\n\\xe9"')
})

test('include wildcards match one path component as fnmatch does', () => {
  assert.equal(matchComponent('*.conf', 'a.conf'), true)
  assert.equal(matchComponent('*.conf', 'a.conf.bak'), false)
  assert.equal(matchComponent('?0-*', '10-x'), true)
  assert.equal(matchComponent('[0-9]*', 'x1'), false)
  assert.equal(matchComponent('[!a]*', 'b'), true)
  assert.equal(matchComponent('[!a]*', 'a'), false)
  assert.equal(matchComponent('[]]', ']'), true)
  assert.equal(matchComponent('a[', 'a['), true)
  assert.equal(matchComponent('\\*', '*'), true)
  assert.equal(matchComponent('\\*', 'x'), false)
  assert.equal(matchComponent(`${'*a'.repeat(20)}b`, 'a'.repeat(40)), false)
})
