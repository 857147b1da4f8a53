// Canonical JSON: one byte string per value, whatever order fields were built in, and a
// refusal for anything that could serialise two ways.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../main/core/logbook/canonical-json'

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
    expect(canonicalJson({ 'é': 1, e: 2, E: 3, '😀': 4, '\uFFFF': 5 })).toBe('{"E":3,"e":2,"é":1,"😀":4,"\uFFFF":5}')
  })

  it('leaves out undefined optional fields but refuses what JSON cannot hold exactly', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}')
    for (const bad of [{ n: 1.5 }, { n: 2 ** 53 }, { n: NaN }, { s: '\uD800' }, { d: new Date(0) }, [undefined], { f: () => 1 }, { b: 10n }]) {
      expect(() => canonicalJson(bad)).toThrow(/cannot hold/)
    }
    expect(canonicalJson(-0)).toBe('0')
  })

  it('is the same for any key order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse())
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj))
        expect(canonicalJson(JSON.parse(canonicalJson(obj)))).toBe(canonicalJson(obj))
      }),
    )
  })
})
