// Runs every committed share test vector (test/vectors/shares.json) against the
// implementation: valid sets recover, each negative case fails with its documented code.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors'
import { parseTypedGroups } from '../../shared/typed-groups'
import { serializeBundle } from '../../shared/bundle'
import { checkShare, combineShares } from '../../main/core/shares/combine'
import { combineKey } from '../../main/core/shares/shamir'
import { publicKeyFromRaw } from '../../main/core/vault/vault-key'
import { parsePayload, encodeSetHeader } from '../../shared/share-format'

interface ValidSet {
  name: string
  threshold: number
  total: number
  bundleJson: string
  dataKeyHex: string
  setHeaderHex: string
  payloads: string[]
  typed: string[][]
}
interface Recovery {
  name: string
  inputs: string[]
  bundleJson: string
  rejected: string[]
  notices: number
}
interface Negative {
  name: string
  description: string
  operation: 'check' | 'combine' | 'typed'
  inputs: string[]
  error: string
  rejected?: string[]
}
const vectors: { vaultPublicKeyBase64: string; vaultFingerprint: string; valid: ValidSet[]; recoveries: Recovery[]; negative: Negative[] } =
  JSON.parse(readFileSync(new URL('./shares.json', import.meta.url), 'utf8'))
const vault = publicKeyFromRaw(new Uint8Array(Buffer.from(vectors.vaultPublicKeyBase64, 'base64')))
const asInputs = (payloads: string[]) => payloads.map((payload, i) => ({ source: `input ${i + 1}`, payload }))

function failure(run: () => unknown): CustosError {
  try {
    run()
  } catch (error) {
    if (error instanceof CustosError) return error
    throw error
  }
  throw new Error('expected a CustosError, but the call succeeded')
}

describe('share test vectors', () => {
  it('the vault key in the vectors has the documented fingerprint', () => {
    expect(vault.fingerprint).toBe(vectors.vaultFingerprint)
  })

  describe.each(vectors.valid)('valid set: $name', (set) => {
    it('the first K shares recover the bundle JSON exactly', () => {
      const result = combineShares(asInputs(set.payloads.slice(0, set.threshold)), vault)
      expect(serializeBundle(result.bundle)).toBe(set.bundleJson)
    })
    it('the last K shares recover it too, and the data key matches the vector', () => {
      const last = set.payloads.slice(-set.threshold)
      expect(serializeBundle(combineShares(asInputs(last), vault).bundle)).toBe(set.bundleJson)
      const points = last.map((p) => parsePayload(p)).map((s) => ({ index: s.index, value: s.value }))
      expect(combineKey(points)!.toString('hex')).toBe(set.dataKeyHex)
      expect(Buffer.from(encodeSetHeader(parsePayload(last[0]!).header)).toString('hex')).toBe(set.setHeaderHex)
    })
    it('the typed groups of every share read back to its payload', () => {
      set.typed.forEach((lines, i) => expect(parseTypedGroups(lines.join('\n'))).toBe(set.payloads[i]))
    })
  })

  it.each(vectors.recoveries)('recovery: $name', (vector) => {
    const result = combineShares(asInputs(vector.inputs), vault)
    expect(serializeBundle(result.bundle)).toBe(vector.bundleJson)
    expect(result.rejected.map((r) => r.error.code)).toEqual(vector.rejected)
    expect(result.notices).toHaveLength(vector.notices)
  })

  it('has at least 15 negative cases', () => {
    expect(vectors.negative.length).toBeGreaterThanOrEqual(15)
  })

  it.each(vectors.negative)('negative: $name ($description) fails with $error', (vector) => {
    const error = failure(() => {
      if (vector.operation === 'check') return checkShare({ source: 'input 1', payload: vector.inputs[0]! }, vault)
      if (vector.operation === 'typed') return parseTypedGroups(vector.inputs[0]!)
      return combineShares(asInputs(vector.inputs), vault)
    })
    expect(error.code).toBe(vector.error)
    expect(error.message.length).toBeGreaterThan(30)
    if (vector.rejected) {
      const rejected = (error.details?.rejected as { error: { code: string } }[]).map((r) => r.error.code)
      expect(rejected).toEqual(vector.rejected)
    }
  })
})

describe('independent implementation', () => {
  it('a Python re-implementation written from docs/FORMAT.md recovers every data key in the vectors', async () => {
    const { spawnSync } = await import('node:child_process')
    const { fileURLToPath } = await import('node:url')
    const run = spawnSync('python3', [
      fileURLToPath(new URL('./reference-combine.py', import.meta.url)),
      fileURLToPath(new URL('./shares.json', import.meta.url)),
    ], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout.match(/^ok /gm)).toHaveLength(vectors.valid.length)
  })
})
