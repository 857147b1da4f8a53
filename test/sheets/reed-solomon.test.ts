// The erasure-aware Reed-Solomon decoder behind reading stained QR codes, checked against
// the qrcode package's encoder: within capacity it restores the data, beyond it it refuses.
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rsDecode } from '../../main/core/sheets/reed-solomon'

const require = createRequire(import.meta.url)
const Encoder = require('qrcode/lib/core/reed-solomon-encoder.js') as new (degree: number) => { encode(data: Uint8Array): Uint8Array }
const NSYM = 30

const block = fc.uint8Array({ minLength: 15, maxLength: 16 }).map((data) => ({
  data: [...data],
  codeword: [...data, ...new Encoder(NSYM).encode(data)],
}))

describe('Reed-Solomon with erasures', () => {
  it('corrects any mix with 2 x errors + erasures <= 30', () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: NSYM }), fc.integer({ min: 0, max: 2 ** 31 }), ({ data, codeword }, erasures, seed) => {
        const errors = Math.floor((NSYM - erasures) / 2)
        const order = [...codeword.keys()].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101))
        const damaged = [...codeword]
        const erased = order.slice(0, erasures)
        for (const i of erased) damaged[i] = 0xff
        for (const i of order.slice(erasures, erasures + errors)) damaged[i] = damaged[i]! ^ 0x5a
        expect(rsDecode(damaged, NSYM, erased)).toEqual(data)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a block with more damage than it can carry rather than guess', () => {
    fc.assert(
      fc.property(block, ({ codeword }) => {
        const damaged = codeword.map((v, i) => (i < 16 ? v ^ (i + 1) : v))
        const result = rsDecode(damaged, NSYM)
        // 16 errors exceed 15: either refused, or (rarely) a different valid codeword, never the original silently.
        if (result) expect(result).not.toEqual(codeword.slice(0, codeword.length - NSYM))
      }),
      { numRuns: 100 },
    )
    expect(rsDecode(new Array(46).fill(1), NSYM, Array.from({ length: 31 }, (_, i) => i))).toBeUndefined()
  })
})
