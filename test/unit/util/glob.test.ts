// Tests of the glob matcher against Redis 7.0.15's stringmatchlen() behaviour. Fixed cases were
// checked against redis-server with KEYS (case-sensitive) and COMMAND LIST FILTERBY PATTERN (nocase).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { compileGlob, GLOB_MAX_STAR_NESTING, globMatch } from '../../../src/util/glob.js'

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)
const signed = (c: number): number => (c < 128 ? c : c - 256)

/**
 * Naive backtracking reference, written straight from the rules: re-reads the pattern at every
 * step, tries every split for a star. Exponential, so only for short inputs.
 */
function reference(p: string, s: string, nocase: boolean): boolean {
  if (s.length === 0) return p.length === 0
  const eq = (a: number, b: number): boolean => (nocase ? lower(a) === lower(b) : a === b)
  const go = (pi: number, si: number): boolean => {
    if (si === s.length) {
      while (pi < p.length && p[pi] === '*') pi++
      return pi === p.length
    }
    if (pi === p.length) return false
    const pc = p.charCodeAt(pi)
    const sc = s.charCodeAt(si)
    if (p[pi] === '*') {
      for (let k = si; k <= s.length; k++) if (go(pi + 1, k)) return true
      return false
    }
    if (p[pi] === '?') return go(pi + 1, si + 1)
    if (p[pi] === '[') {
      let j = pi + 1
      const not = p[j] === '^'
      if (not) j++
      let hit = false
      while (j < p.length && p[j] !== ']') {
        if (p[j] === '\\' && j + 1 < p.length) {
          if (p.charCodeAt(j + 1) === sc) hit = true
          j += 2
        } else if (j + 2 < p.length && p[j + 1] === '-') {
          let a = signed(p.charCodeAt(j))
          let b = signed(p.charCodeAt(j + 2))
          if (a > b) [a, b] = [b, a]
          const c = nocase ? lower(signed(sc)) : signed(sc)
          if (nocase) [a, b] = [lower(a), lower(b)]
          if (c >= a && c <= b) hit = true
          j += 3
        } else {
          if (eq(p.charCodeAt(j), sc)) hit = true
          j++
        }
      }
      if (hit === not) return false
      return go(Math.min(j + 1, p.length), si + 1)
    }
    let lit = pc
    let next = pi + 1
    if (pc === 92 && pi + 1 < p.length) {
      lit = p.charCodeAt(pi + 1)
      next = pi + 2
    }
    return eq(lit, sc) && go(next, si + 1)
  }
  return go(0, 0)
}

const alphabet = ['a', 'b', 'A', 'Z', 'z', '-', ']', '[', '^', '\\', '*', '?', '\xe9', '\x80', '\xff', '_']
const patternArb = fc
  .array(fc.constantFrom(...alphabet, '*', '?', '['), { maxLength: 8 })
  .map((a) => a.join(''))
const subjectArb = fc.array(fc.constantFrom(...alphabet), { maxLength: 7 }).map((a) => a.join(''))

describe('globMatch', () => {
  it('star matches any run including an empty one', () => {
    assert.equal(globMatch('h*llo', 'hllo'), true)
    assert.equal(globMatch('h*llo', 'heeeello'), true)
    assert.equal(globMatch('*', 'anything'), true)
    assert.equal(globMatch('a*', 'a'), true)
    assert.equal(globMatch('a**', 'a'), true)
    assert.equal(globMatch('a*b*', 'ab'), true)
    assert.equal(globMatch('a*b', 'a'), false)
  })

  it('no non-empty pattern matches the empty string, not even "*"', () => {
    // redis 7.0: KEYS * lists the empty key only because KEYS skips matching for "*"; KEYS ** does not.
    assert.equal(globMatch('*', ''), false)
    assert.equal(globMatch('**', ''), false)
    assert.equal(globMatch('', ''), true)
    assert.equal(globMatch('', 'a'), false)
  })

  it('question mark matches exactly one byte', () => {
    assert.equal(globMatch('h?llo', 'hello'), true)
    assert.equal(globMatch('h?llo', 'hllo'), false)
    assert.equal(globMatch('?', '\xff'), true)
  })

  it('classes, negation, ranges and escapes behave as Redis', () => {
    const keys = ['\0', 'a', '\\', 'ab', '-', ']', 'b', '^', 'x\\', '\xff', '\x7f', 'A', 'Z']
    const cases: [string, string[]][] = [
      ['[a', ['a']],
      ['[a\0', ['\0', 'a']],
      ['[\\', ['\\']],
      ['[a-]', [']', '^', 'a']],
      ['[a-]b', [']', '^', 'a', 'b']],
      ['[^a', ['\0', '-', 'A', 'Z', '\\', ']', '^', 'b', '\x7f', '\xff']],
      ['[]', []],
      ['[]]', []],
      ['[^]', ['\0', '-', 'A', 'Z', '\\', ']', '^', 'a', 'b', '\x7f', '\xff']],
      ['[^]]', []],
      ['[\\]', [']']],
      ['[\\]]', [']']],
      ['x\\', ['x\\']],
      ['\\', ['\\']],
      ['[a-\xff]', ['\0', '-', 'A', 'Z', '\\', ']', '^', 'a', '\xff']],
      ['[\xff-a]', ['\0', '-', 'A', 'Z', '\\', ']', '^', 'a', '\xff']],
      ['[Z-a]', ['Z', '\\', ']', '^', 'a']],
      ['[--]', ['-', 'A', 'Z', '\\', ']']],
      ['[-a]', ['-', 'a']],
      ['[a-', ['-', 'a']],
      ['[^-]', ['\0', 'A', 'Z', '\\', ']', '^', 'a', 'b', '\x7f', '\xff']],
      ['?\\', ['x\\']],
      ['[[]', []],
    ]
    for (const [p, want] of cases) {
      const got = keys.filter((k) => globMatch(p, k))
      assert.deepEqual(got.sort(), [...want].sort(), `pattern ${JSON.stringify(p)}`)
    }
  })

  it('escapes outside a class make the next byte literal', () => {
    assert.equal(globMatch('a\\*b', 'a*b'), true)
    assert.equal(globMatch('a\\*b', 'axb'), false)
    assert.equal(globMatch('\\?', '?'), true)
    assert.equal(globMatch('\\?', 'x'), false)
    assert.equal(globMatch('\\[a]', '[a]'), true)
  })

  it('nocase folds ASCII letters only, and not escaped bytes inside a class', () => {
    assert.equal(globMatch('CONFIG|GET', 'config|get', true), true)
    assert.equal(globMatch('c?NF*', 'config', true), true)
    assert.equal(globMatch('[A-C]*', 'client', true), true)
    assert.equal(globMatch('[\\C]lient', 'client', true), false)
    assert.equal(globMatch('[\\c]lient', 'client', true), true)
    assert.equal(globMatch('\\Client', 'client', true), true)
    assert.equal(globMatch('\xc9', '\xe9', true), false)
    // The range ends are lowered after the swap: "[Z-a]" becomes the empty range z..a.
    assert.equal(globMatch('[Z-a]', 'z', true), false)
    assert.equal(globMatch('[Z-a]', '^', true), false)
    assert.equal(globMatch('[Z-a]', '^', false), true)
  })

  it('a pattern whose 1001st star group is not last never matches (redis 7.0.15 nesting limit)', () => {
    const s = 'x'.repeat(1001)
    assert.equal(GLOB_MAX_STAR_NESTING, 1000)
    assert.equal(globMatch('*x'.repeat(1000), s), true)
    assert.equal(globMatch('*x'.repeat(1001), s), false)
    assert.equal(globMatch(`${'*x'.repeat(1000)}*`, s), true)
    assert.equal(globMatch(`${'*x'.repeat(1001)}*`, s), false)
    assert.equal(globMatch(`${'*'.repeat(2000)}a`, 'a'), true)
  })

  it('hostile patterns finish in polynomial time', () => {
    const hostile = [
      ['*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(10_000)],
      [`${'*a'.repeat(500)}b`, 'a'.repeat(5_000)],
      [`${'*?'.repeat(300)}[b]`, 'a'.repeat(5_000)],
      ['a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c', `${'a'.repeat(3000)}b`],
    ] as const
    const started = performance.now()
    for (const [p, s] of hostile) assert.equal(globMatch(p, s), false)
    assert.ok(performance.now() - started < 2000, 'hostile patterns took too long')
  })

  it('agrees with a naive backtracking reference on random short inputs', () => {
    fc.assert(
      fc.property(patternArb, subjectArb, fc.boolean(), (p, s, nocase) => {
        assert.equal(globMatch(p, s, nocase), reference(p, s, nocase))
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('compileGlob', () => {
  it('gives the same answers as globMatch when reused', () => {
    fc.assert(
      fc.property(patternArb, fc.array(subjectArb, { maxLength: 8 }), (p, subjects) => {
        const m = compileGlob(p)
        for (const s of subjects) assert.equal(m(s), globMatch(p, s))
      }),
      { numRuns: 3_000 },
    )
  })
})
