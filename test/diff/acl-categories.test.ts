/**
 * ACL CAT against redis-server 7.0: the category list is equal, and for every command and
 * subcommand redoubt has, membership in each category is the same as Redis's (redoubt does
 * not have every Redis command yet, so only those both have are compared; order is Redis's
 * hash-table order and is not compared).
 */

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { diffSuite } from '../helpers/diff.js'

const { diffScript, withPair } = diffSuite()

describe('ACL CAT against redis-server', () => {
  it('lists the same categories in the same order', (t) => diffScript(t, [['ACL', 'CAT']]))

  it('every command redoubt has is in the same categories as in Redis', (t) =>
    withPair(async (pair) => {
      const { redis, redoubt } = await pair.connect()
      const cats = (await redoubt.callDecoded('ACL', 'CAT')) as string[]
      const mine = new Map<string, Set<string>>()
      const theirs = new Map<string, Set<string>>()
      for (const cat of cats) {
        mine.set(cat, new Set((await redoubt.callDecoded('ACL', 'CAT', cat)) as string[]))
        theirs.set(cat, new Set((await redis.callDecoded('ACL', 'CAT', cat)) as string[]))
      }
      const all = new Set<string>()
      for (const s of mine.values()) for (const c of s) all.add(c)
      assert.ok(all.size > 200, `redoubt lists ${all.size} commands`)
      // Commands Redis 7.0 does not have (additions such as CLIENT SETINFO) are not compared.
      const known = new Set<string>()
      for (const s of theirs.values()) for (const c of s) known.add(c)
      for (const c of [...all]) if (!known.has(c)) all.delete(c)
      const problems: string[] = []
      for (const cat of cats) {
        for (const cmd of all) {
          const a = mine.get(cat)!.has(cmd)
          const b = theirs.get(cat)!.has(cmd)
          if (a !== b) problems.push(`${cmd} @${cat}: redoubt ${a}, redis ${b}`)
        }
      }
      assert.deepEqual(problems, [])
      await redis.close()
      await redoubt.close()
    }, t))
})
