// Runs the committed share format 2 vectors (test/vectors/shares-v2.json): every sheet is
// checked with the public key it carries, any K shares recover the bundle, the data key,
// receipt key, set header and typed lines match, each negative case fails with its code,
// and the example receipt verifies; the Python reference checks v1 and v2 independently.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors'
import { parseReceipt, receiptHash } from '../../shared/receipt'
import { receiptPublicKeyOf } from '../../shared/share-auth'
import { serializeBundle } from '../../shared/bundle'
import { encodeSetHeader, parsePayload } from '../../shared/share-format'
import { parseTypedGroups, setLineCount } from '../../shared/typed-groups'
import { checkShare, combineShares } from '../../main/core/shares/combine'
import { combineKey } from '../../main/core/shares/shamir'
import { publicKeyFromRaw } from '../../main/core/vault/vault-key'

interface V2Set { name: string; threshold: number; total: number; bundleJson: string; dataKeyHex: string; receiptSeedHex: string; receiptPublicKeyBase64: string; setHeaderHex: string; setLineCount: number; sheets: { index: number; copy: number; payload: string; typed: string[] }[] }
interface V2Negative { name: string; description: string; operation: string; inputs: string[]; error: string }
const vectors: { vaultPublicKeyBase64: string; valid: V2Set[]; negative: V2Negative[]; receipt: { text: Record<string, unknown>; receiptHash: string } } =
  JSON.parse(readFileSync(new URL('./shares-v2.json', import.meta.url), 'utf8'))
const vault = publicKeyFromRaw(new Uint8Array(Buffer.from(vectors.vaultPublicKeyBase64, 'base64')))
const asInputs = (payloads: string[]) => payloads.map((payload, i) => ({ source: `input ${i + 1}`, payload }))

describe('share format 2 vectors', () => {
  it.each(vectors.valid)('valid set: $name', (set) => {
    const firsts = set.sheets.filter((s) => s.copy === 1).map((s) => s.payload)
    for (const sheet of set.sheets) {
      const share = parsePayload(sheet.payload)
      expect([share.index, share.copy]).toEqual([sheet.index, sheet.copy])
      expect(Buffer.from(share.header.vaultPublicKey!).toString('base64')).toBe(vectors.vaultPublicKeyBase64)
      expect(Buffer.from(share.header.receiptPublicKey!).toString('base64')).toBe(set.receiptPublicKeyBase64)
      expect(checkShare({ source: 's', payload: sheet.payload }, vault).index).toBe(sheet.index)
      expect(parseTypedGroups(sheet.typed.join('\n'))).toBe(sheet.payload)
      expect(setLineCount(sheet.payload)).toBe(set.setLineCount)
    }
    expect(serializeBundle(combineShares(asInputs(firsts.slice(-set.threshold)), vault).bundle)).toBe(set.bundleJson)
    const points = firsts.slice(0, set.threshold).map((p) => parsePayload(p)).map((s) => ({ index: s.index, value: s.value }))
    expect(combineKey(points)!.toString('hex')).toBe(set.dataKeyHex)
    expect(Buffer.from(encodeSetHeader(parsePayload(firsts[0]!).header)).toString('hex')).toBe(set.setHeaderHex)
    expect(Buffer.from(receiptPublicKeyOf(Buffer.from(set.receiptSeedHex, 'hex'))).toString('base64')).toBe(set.receiptPublicKeyBase64)
  })

  it.each(vectors.negative)('negative: $name ($description) fails with $error', (vector) => {
    let error: unknown
    try {
      if (vector.operation === 'check') checkShare({ source: 'input 1', payload: vector.inputs[0]! }, vault)
      else if (vector.operation === 'typed') parseTypedGroups(vector.inputs[0]!)
      else combineShares(asInputs(vector.inputs), vault)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CustosError)
    expect((error as CustosError).code).toBe(vector.error)
  })

  it('the example receipt verifies with the set\'s receipt key, and its hash matches', () => {
    const { body } = parseReceipt(JSON.stringify(vectors.receipt.text))
    expect(body.receiptPublicKey).toBe(vectors.valid[0]!.receiptPublicKeyBase64)
    expect(receiptHash(body)).toBe(vectors.receipt.receiptHash)
    const tampered = { ...vectors.receipt.text, operator: 'Mallory' }
    expect(() => parseReceipt(JSON.stringify(tampered))).toThrow(/does not verify/)
  })
})

describe('independent implementation, format 2', () => {
  it('the Python reference written from docs/FORMAT.md reads v2 sheets, typed lines, the receipt key seed and the receipt hash', async () => {
    const { spawnSync } = await import('node:child_process')
    const { fileURLToPath } = await import('node:url')
    const run = spawnSync('python3', [
      fileURLToPath(new URL('./reference-combine.py', import.meta.url)),
      fileURLToPath(new URL('./shares-v2.json', import.meta.url)),
    ], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout.match(/^ok /gm)).toHaveLength(vectors.valid.length + 1)
  })
})
