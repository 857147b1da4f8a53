// Each printed sheet names itself: format 2 copies carry a signed copy number, so scan-back
// knows copy 2 from copy 1, refuses a sheet scanned under another sheet's name, and lists
// exactly which sheets were not scanned; copies still count once when combining.
import { describe, expect, it } from 'vitest'
import { combineShares } from '../../main/core/shares/combine'
import { splitBundle } from '../../main/core/shares/split'
import { verifyScanItems } from '../../main/core/sheets/scan-back'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { parsePayload } from '../../shared/share-format'

const key = generateVaultKey()
const BUNDLE = { kind: 'generic', fields: { pin: '2468' } } as const
const set = splitBundle({ bundle: BUNDLE, threshold: 2, total: 3, copies: 2 }, key)
const sheet = (index: number, copy: number) => set.sheets.find((s) => s.index === index && s.copy === copy)!.payload

describe('sheet identity', () => {
  it('every copy is its own signed sheet carrying its copy number', () => {
    expect(set.sheets).toHaveLength(6)
    expect(new Set(set.sheets.map((s) => s.payload)).size).toBe(6)
    expect(parsePayload(sheet(2, 2))).toMatchObject({ index: 2, copy: 2 })
  })

  it('scan-back refuses copy 2 scanned as copy 1 and names the sheet it really is', () => {
    const report = verifyScanItems({
      vault: key,
      setId: set.header.setId,
      copies: 2,
      items: [{ source: 'scan 1', payload: sheet(2, 2), declared: { index: 2, copy: 1 } }],
    })
    expect(report.sheets[0]).toMatchObject({ ok: false, problem: { code: 'SHARE_INDEX_CONFLICT' } })
    expect(report.sheets[0]!.problem!.message).toMatch(/scanned as sheet 2\.1 but is sheet 2\.2/)
  })

  it('scan-back without declared sheets still knows which copies were scanned and which were not', () => {
    const items = [sheet(1, 1), sheet(1, 2), sheet(2, 2), sheet(3, 1), sheet(3, 2)].map((payload, i) => ({ source: `camera ${i + 1}`, payload }))
    const report = verifyScanItems({ vault: key, setId: set.header.setId, copies: 2, items })
    expect(report.sheets.map((s) => `${s.index}.${s.copy}`)).toEqual(['1.1', '1.2', '2.2', '3.1', '3.2'])
    expect(report.ok).toBe(false)
    expect(report.problems.join('\n')).toMatch(/Sheet 2\.1 of set .* was not scanned/)
  })

  it('the same sheet scanned twice counts once, and copies of one share count once when combining', () => {
    const report = verifyScanItems({ vault: key, setId: set.header.setId, copies: 2, items: set.sheets.concat(set.sheets[0]!).map((s, i) => ({ source: `s${i}`, payload: s.payload })) })
    expect(report.seen.map((s) => s.copies)).toEqual([2, 2, 2])
    const result = combineShares([sheet(1, 1), sheet(1, 2), sheet(3, 2)].map((payload, i) => ({ source: `s${i}`, payload })), key)
    expect(result.bundle).toEqual(BUNDLE)
    expect(result.notices.join(' ')).toMatch(/Share 1 was presented twice/)
  })
})
