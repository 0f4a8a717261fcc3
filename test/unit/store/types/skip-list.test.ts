import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareLex, type LexBound } from '../../../../src/store/types/lex-bound.js'
import { SKIPLIST_MAXLEVEL, SkipList, type SkipListNode } from '../../../../src/store/types/skip-list.js'
import { createPrng, type Prng, testSeed } from '../../../helpers/prng.js'

type Entry = [score: number, member: string]

function cmp(a: Entry, b: Entry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
}

/** Checks order, back links, tail, length and that every non-null link's span counts the nodes it jumps. */
function checkStructure(zsl: SkipList): void {
  const nodes: SkipListNode[] = []
  for (let x = zsl.first; x !== null; x = x.next[0] ?? null) nodes.push(x)
  assert.equal(nodes.length, zsl.length, 'length')
  assert.equal(zsl.tail, nodes.length > 0 ? nodes[nodes.length - 1] : null, 'tail')
  const position = new Map<SkipListNode, number>()
  for (let i = 0; i < nodes.length; i++) position.set(nodes[i] as SkipListNode, i + 1)
  position.set(zsl.header, 0)
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as SkipListNode
    assert.equal(n.backward, i === 0 ? null : nodes[i - 1], `backward of node ${i}`)
    if (i > 0) assert.ok(cmp([nodes[i - 1]!.score, nodes[i - 1]!.member], [n.score, n.member]) < 0, 'order')
    assert.ok(n.next.length >= 1 && n.next.length <= SKIPLIST_MAXLEVEL, 'node level')
  }
  for (const [x, pos] of position) {
    const levels = x === zsl.header ? zsl.level : x.next.length
    for (let i = 0; i < levels; i++) {
      const nx = x.next[i] ?? null
      if (nx === null) continue
      assert.equal(x.span[i], (position.get(nx) as number) - pos, `span of level ${i}`)
      assert.ok(nx.next.length > i, 'a level-i link points to a node with level > i')
    }
  }
  for (let i = zsl.level; i < SKIPLIST_MAXLEVEL; i++)
    assert.equal(zsl.header.next[i], null, 'unused header level')
}

function randomMember(rng: Prng): string {
  return rng.string(rng.range(0, 3), 'ab\0\xff')
}

describe('SkipList', () => {
  it('stays ordered with correct spans through random inserts, updates and deletes', () => {
    const rng = createPrng(testSeed(1234))
    const zsl = new SkipList()
    const model = new Map<string, number>()
    for (let step = 0; step < 3000; step++) {
      const m = randomMember(rng) + String(rng.int(50))
      const s = rng.pick([0, -0, 1, 1.5, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, rng.int(20)])
      const cur = model.get(m)
      const op = rng.int(3)
      if (cur === undefined) {
        zsl.insert(s, m)
        model.set(m, s)
      } else if (op === 0) {
        assert.equal(zsl.delete(cur, m), true)
        model.delete(m)
      } else {
        zsl.updateScore(cur, m, s)
        model.set(m, s)
      }
      if (step % 250 === 0) checkStructure(zsl)
    }
    checkStructure(zsl)
    const sorted: Entry[] = [...model].map(([m, s]): Entry => [s, m]).sort(cmp)
    assert.equal(zsl.length, sorted.length)
    sorted.forEach(([s, m], i) => {
      assert.equal(zsl.rank(s, m), i + 1, `rank of ${JSON.stringify(m)}`)
      const n = zsl.at(i)
      assert.equal(n?.member, m)
      assert.equal(n?.score, s)
    })
    assert.equal(zsl.at(sorted.length), null)
    assert.equal(zsl.at(-1), null)
    assert.equal(zsl.rank(0, 'absent member'), 0)
    assert.equal(zsl.delete(0, 'absent member'), false)
  })

  it('counts elements below score and lex bounds as a linear scan does', () => {
    const rng = createPrng(testSeed(99))
    const zsl = new SkipList()
    const scores: number[] = []
    for (let i = 0; i < 500; i++) {
      const s = rng.int(100) / 4
      zsl.insert(s, `m${i}`)
      scores.push(s)
    }
    scores.sort((a, b) => a - b)
    for (const probe of [
      -1,
      0,
      0.25,
      3,
      12.5,
      24.75,
      25,
      100,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]) {
      assert.equal(zsl.countScoreBelow(probe, false), scores.filter((s) => s < probe).length, `< ${probe}`)
      assert.equal(zsl.countScoreBelow(probe, true), scores.filter((s) => s <= probe).length, `<= ${probe}`)
    }
    const lex = new SkipList()
    const members: string[] = []
    for (let i = 0; i < 300; i++) {
      const m = rng.string(rng.range(0, 4), 'abc\xff')
      if (members.includes(m)) continue
      lex.insert(0, m)
      members.push(m)
    }
    members.sort()
    const bounds: LexBound[] = [
      { value: '', inf: -1 },
      { value: '', inf: 1 },
      { value: '', inf: 0 },
      { value: 'b', inf: 0 },
      { value: 'bc', inf: 0 },
      { value: '\xff\xff', inf: 0 },
    ]
    for (const b of bounds) {
      assert.equal(lex.countLexBelow(b, false), members.filter((m) => compareLex(m, b) < 0).length)
      assert.equal(lex.countLexBelow(b, true), members.filter((m) => compareLex(m, b) <= 0).length)
    }
  })

  it('deleteRange removes a rank interval and reports each member', () => {
    const zsl = new SkipList()
    for (let i = 0; i < 200; i++) zsl.insert(i, `m${String(i).padStart(3, '0')}`)
    const removed: string[] = []
    assert.equal(
      zsl.deleteRange(10, 19, (m) => removed.push(m)),
      10,
    )
    assert.deepEqual(
      removed,
      Array.from({ length: 10 }, (_, i) => `m${String(i + 10).padStart(3, '0')}`),
    )
    checkStructure(zsl)
    assert.equal(
      zsl.deleteRange(185, 500, () => {}),
      5,
    )
    assert.equal(
      zsl.deleteRange(5, 4, () => {}),
      0,
    )
    checkStructure(zsl)
    assert.equal(
      zsl.deleteRange(0, zsl.length - 1, () => {}),
      185,
    )
    assert.equal(zsl.length, 0)
    assert.equal(zsl.level, 1)
    checkStructure(zsl)
  })

  it('updateScore keeps a node in place when its order does not change', () => {
    const zsl = new SkipList()
    zsl.insert(1, 'a')
    const b = zsl.insert(2, 'b')
    zsl.insert(3, 'c')
    zsl.updateScore(2, 'b', 2.5)
    assert.equal(zsl.at(1), b, 'same node object')
    assert.equal(b.score, 2.5)
    zsl.updateScore(2.5, 'b', 10)
    assert.equal(zsl.at(2)?.member, 'b')
    checkStructure(zsl)
    assert.throws(() => zsl.updateScore(7, 'b', 1))
  })

  it('keeps about a quarter of the nodes at level 2 or above', () => {
    const zsl = new SkipList()
    for (let i = 0; i < 20000; i++) zsl.insert(i, 'x')
    let high = 0
    for (let x = zsl.first; x !== null; x = x.next[0] ?? null) if (x.next.length >= 2) high++
    const share = high / zsl.length
    assert.ok(share > 0.2 && share < 0.3, `share of level >= 2 nodes: ${share}`)
    assert.ok(zsl.level >= 5 && zsl.level <= 16, `level ${zsl.level} for 20000 nodes`)
  })
})
