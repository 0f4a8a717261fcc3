import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AccessClock, accessModeOf, LFU_INIT_VAL } from '../../../src/store/access-clock.js'

describe('AccessClock', () => {
  it('maps maxmemory-policy names to access modes', () => {
    assert.equal(accessModeOf('noeviction'), 'none')
    assert.equal(accessModeOf('allkeys-random'), 'none')
    assert.equal(accessModeOf('volatile-ttl'), 'none')
    assert.equal(accessModeOf('allkeys-lru'), 'lru')
    assert.equal(accessModeOf('VOLATILE-LRU'), 'lru')
    assert.equal(accessModeOf('allkeys-lfu'), 'lfu')
    assert.equal(accessModeOf('volatile-lfu'), 'lfu')
  })

  it('LRU words hold the second of the last access; idle time is the difference', () => {
    const clock = new AccessClock()
    clock.mode = 'lru'
    let now = 1_700_000_000_000
    clock.now = () => now
    const w = clock.initial()
    now += 12_999
    assert.equal(clock.idleSeconds(w), 12)
    const t = clock.touched(w)
    assert.equal(clock.idleSeconds(t), 0)
    now += 5000
    assert.equal(clock.idleSeconds(clock.overwritten(t)), 0)
  })

  it('LFU words start at LFU_INIT_VAL, grow logarithmically and decay per lfu-decay-time minutes', () => {
    const clock = new AccessClock()
    clock.mode = 'lfu'
    let now = 1_700_000_000_000
    clock.now = () => now
    let draw = 0.99
    clock.random = () => draw
    let w = clock.initial()
    assert.equal(clock.decayed(w), LFU_INIT_VAL)
    // At the initial value the increment probability is 1.
    w = clock.touched(w)
    assert.equal(clock.decayed(w), LFU_INIT_VAL + 1)
    // One above: p = 1 / (1 * lfu-log-factor + 1) = 1/11, so a draw of 0.99 does not count...
    w = clock.touched(w)
    assert.equal(clock.decayed(w), LFU_INIT_VAL + 1)
    // ...and a draw of 0.05 does.
    draw = 0.05
    w = clock.touched(w)
    assert.equal(clock.decayed(w), LFU_INIT_VAL + 2)
    // Overwriting keeps the frequency under LFU.
    assert.equal(clock.overwritten(w), w)
    // Three minutes later with lfu-decay-time 1 the counter dropped by three.
    now += 3 * 60_000
    assert.equal(clock.decayed(w), LFU_INIT_VAL - 1)
    clock.lfuDecayTime = 0
    assert.equal(clock.decayed(w), LFU_INIT_VAL + 2)
  })

  it('the LFU counter saturates at 255', () => {
    const clock = new AccessClock()
    clock.mode = 'lfu'
    clock.random = () => 0
    let w = clock.initial()
    for (let i = 0; i < 300; i++) w = clock.touched(w)
    assert.equal(w & 0xff, 255)
  })
})
