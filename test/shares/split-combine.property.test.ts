// Property tests of the envelope and K-of-N split over random policies and bundles:
// a quorum always recovers exactly the bundle; nothing less, mixed or altered ever does.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BASE32_ALPHABET, base32Value } from '../../shared/base32'
import { serializeBundle } from '../../shared/bundle'
import { CustosError } from '../../shared/errors'
import { encodeShare, formatPayload, parsePayload, signedMessage } from '../../shared/share-format'
import { combineShares, type ShareInput } from '../../main/core/shares/combine'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { anyBundle, policy } from '../helpers/bundle-arbitraries'

const vault = generateVaultKey()
const RUNS = 30
const SUBSETS_PER_RUN = 40

function inputs(payloads: string[], indexes: number[]): ShareInput[] {
  return indexes.map((i) => ({ source: `share-${i + 1}`, payload: payloads[i]! }))
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof CustosError) return error.code
    throw error
  }
  return 'NO_ERROR'
}

/** A small deterministic PRNG (mulberry32) so sampled subsets repeat with the fast-check seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** All subsets of {0..n-1} of a size when there are few, else a random sample of them. */
function subsets(n: number, size: number, rng: () => number): number[][] {
  const all: number[][] = []
  const walk = (start: number, prefix: number[]) => {
    if (all.length > SUBSETS_PER_RUN * 4) return
    if (prefix.length === size) return void all.push(prefix)
    for (let i = start; i < n; i++) walk(i + 1, [...prefix, i])
  }
  walk(0, [])
  if (all.length <= SUBSETS_PER_RUN) return all
  return Array.from({ length: SUBSETS_PER_RUN }, () => {
    const pool = [...Array(n).keys()]
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
    }
    return pool.slice(0, size).sort((a, b) => a - b)
  })
}

describe('split and combine (property)', () => {
  it('any K shares, in any order, recover exactly the bundle given', () => {
    fc.assert(
      fc.property(anyBundle, policy, (bundle, { threshold, total }) => {
        const { payloads } = splitBundle({ bundle, threshold, total }, vault)
        const rng = seeded(threshold * 31 + total)
        for (const subset of subsets(total, threshold, rng)) {
          const result = combineShares(inputs(payloads, subset.reverse()), vault)
          expect(serializeBundle(result.bundle)).toBe(serializeBundle(bundle))
          expect(result.rejected).toEqual([])
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('any K-1 shares are refused as not enough, saying how many more are needed', () => {
    fc.assert(
      fc.property(anyBundle, policy, (bundle, { threshold, total }) => {
        const { payloads } = splitBundle({ bundle, threshold, total }, vault)
        const rng = seeded(threshold * 7 + total)
        for (const subset of subsets(total, threshold - 1, rng)) {
          try {
            combineShares(inputs(payloads, subset), vault)
            expect.unreachable('fewer than K shares must not combine')
          } catch (error) {
            expect((error as CustosError).code).toBe('NOT_ENOUGH_SHARES')
            expect((error as CustosError).details).toMatchObject({ have: threshold - 1, need: threshold, missing: 1 })
          }
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('any single changed character in any share is caught and pinned on that share', () => {
    fc.assert(
      fc.property(
        anyBundle,
        policy,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 31 }),
        (bundle, { threshold, total }, whichShare, position, shift) => {
          const { payloads } = splitBundle({ bundle, threshold, total }, vault)
          const victim = whichShare % total
          const original = payloads[victim]!
          const at = position % original.length
          const char = original[at]!
          const value = base32Value(char)
          // Change to a different character: another base32 digit, or any other letter for the prefix.
          const replacement =
            value === undefined || at < 'CUSTOS:'.length
              ? char === 'X'
                ? 'Y'
                : 'X'
              : BASE32_ALPHABET[(value + shift) % 32]!
          const damaged = original.slice(0, at) + replacement + original.slice(at + 1)
          const chosen = [victim, ...[...Array(total).keys()].filter((i) => i !== victim)].slice(0, threshold + 1)
          const presented = chosen.map((i) => ({ source: `share-${i + 1}`, payload: i === victim ? damaged : payloads[i]! }))
          if (chosen.length > threshold) {
            const result = combineShares(presented, vault)
            expect(serializeBundle(result.bundle)).toBe(serializeBundle(bundle))
            expect(result.rejected.map((r) => r.source)).toEqual([`share-${victim + 1}`])
            expect(result.rejected[0]!.error.code).toMatch(/^SHARE_/)
          } else {
            try {
              combineShares(presented, vault)
              expect.unreachable('a damaged share must never combine')
            } catch (error) {
              expect((error as CustosError).code).toBe('NOT_ENOUGH_SHARES')
              const rejected = (error as CustosError).details!.rejected as { source: string }[]
              expect(rejected.map((r) => r.source)).toEqual([`share-${victim + 1}`])
            }
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('refuses to combine shares of two different sets, naming both sets', () => {
    fc.assert(
      fc.property(anyBundle, anyBundle, policy, fc.nat(), (a, b, { threshold, total }, pick) => {
        const setA = splitBundle({ bundle: a, threshold, total }, vault)
        const setB = splitBundle({ bundle: b, threshold, total }, vault)
        const stray = pick % total
        const presented = [
          ...inputs(setA.payloads, [...Array(threshold).keys()]),
          { source: 'stray', payload: setB.payloads[stray]! },
        ]
        try {
          combineShares(presented, vault)
          expect.unreachable('mixed sets must be refused')
        } catch (error) {
          expect((error as CustosError).code).toBe('SHARE_FROM_OTHER_SET')
          expect((error as CustosError).message).toContain(setA.header.setId)
          expect((error as CustosError).message).toContain(setB.header.setId)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses a tampered sealed bundle, whether or not the attacker could re-sign it', () => {
    fc.assert(
      fc.property(anyBundle, policy, fc.nat(), fc.integer({ min: 1, max: 255 }), (bundle, { threshold, total }, pos, xor) => {
        const { shares } = splitBundle({ bundle, threshold, total }, vault)
        const at = pos % shares[0]!.sealed.length
        const tampered = shares.map((share) => {
          const sealed = share.sealed.slice()
          sealed[at]! ^= xor
          return { ...share, sealed }
        })
        // Without the vault key: the signature no longer matches, so each share is refused alone.
        const unsigned = tampered.map((s, i) => ({ source: `share-${i + 1}`, payload: formatPayload(s) }))
        expect(codeOf(() => combineShares(unsigned.slice(0, threshold), vault))).toBe('NOT_ENOUGH_SHARES')
        // With the vault key (re-signed): the seal still fails, so no credential, right or wrong, comes out.
        const resigned = tampered.map((s, i) => ({
          source: `share-${i + 1}`,
          payload: formatPayload({ ...s, signature: vault.sign(signedMessage(s)) }),
        }))
        expect(codeOf(() => combineShares(resigned.slice(0, threshold), vault))).toBe('ENVELOPE_OPEN_FAILED')
      }),
      { numRuns: RUNS },
    )
  })

  it('payloads are plain uppercase alphanumeric-mode QR text and parse back to the same bytes', () => {
    fc.assert(
      fc.property(anyBundle, policy, (bundle, { threshold, total }) => {
        const { payloads } = splitBundle({ bundle, threshold, total }, vault)
        for (const payload of payloads) {
          expect(payload).toMatch(/^[0-9A-Z $%*+\-./:]+$/)
          expect(formatPayload(parsePayload(payload))).toBe(payload)
          expect(encodeShare(parsePayload(payload)).length).toBeGreaterThan(100)
        }
      }),
      { numRuns: RUNS },
    )
  })
})
