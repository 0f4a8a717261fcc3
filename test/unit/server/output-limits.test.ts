/**
 * client-output-buffer-limit decisions (Redis checkClientOutputBufferLimits): the hard limit
 * closes at once, the soft limit only after staying over it longer than its seconds, and the
 * soft timer restarts once the output drops below it; CONFIG SET changes take effect.
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigStore } from '../../../src/config/config-store.js'
import { OutputLimits } from '../../../src/server/output-limits.js'

function make(value: string): { limits: OutputLimits; config: ConfigStore } {
  const config = new ConfigStore()
  assert.equal(config.set([['client-output-buffer-limit', value]]), null)
  return { limits: new OutputLimits(config), config }
}

describe('client-output-buffer-limit', () => {
  it('the defaults leave normal clients unlimited and bound pubsub clients at 32mb/8mb/60s', () => {
    const limits = new OutputLimits(new ConfigStore())
    assert.equal(limits.threshold('normal'), Number.POSITIVE_INFINITY)
    assert.equal(limits.threshold('pubsub'), 8 * 1024 * 1024)
    const who = {}
    assert.equal(limits.reached(who, 'pubsub', 32 * 1024 * 1024, 0), true)
    assert.equal(limits.reached(who, 'normal', 1e12, 0), false)
  })

  it('the hard limit closes as soon as it is reached', () => {
    const { limits } = make('normal 1000 0 0')
    assert.equal(limits.threshold('normal'), 1000)
    assert.equal(limits.reached({}, 'normal', 999, 0), false)
    assert.equal(limits.reached({}, 'normal', 1000, 0), true)
  })

  it('the soft limit closes only after more than its seconds over it', () => {
    const { limits } = make('pubsub 0 100 2')
    const who = {}
    assert.equal(limits.reached(who, 'pubsub', 150, 10_000), false)
    assert.equal(limits.reached(who, 'pubsub', 150, 12_000), false)
    assert.equal(limits.reached(who, 'pubsub', 150, 12_001), true)
  })

  it('dropping below the soft limit restarts its timer', () => {
    const { limits } = make('pubsub 0 100 2')
    const who = {}
    limits.reached(who, 'pubsub', 150, 0)
    assert.equal(limits.reached(who, 'pubsub', 50, 1500), false)
    assert.equal(limits.reached(who, 'pubsub', 150, 2500), false)
    assert.equal(limits.reached(who, 'pubsub', 150, 4400), false)
    assert.equal(limits.reached(who, 'pubsub', 150, 4600), true)
  })

  it('follows CONFIG SET', () => {
    const { limits, config } = make('normal 0 0 0')
    assert.equal(limits.threshold('normal'), Number.POSITIVE_INFINITY)
    assert.equal(config.set([['client-output-buffer-limit', 'normal 1mb 256kb 10']]), null)
    assert.equal(limits.threshold('normal'), 256 * 1024)
    assert.equal(limits.reached({}, 'normal', 1024 * 1024, 0), true)
  })
})
