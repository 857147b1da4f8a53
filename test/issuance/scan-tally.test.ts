// The issuance wizard's scan tally (renderer/issuance/scan-tally.ts): which printed sheet a
// read stands for, when copies of a share carry the same QR code.
import { describe, expect, it } from 'vitest'
import { splitBundle } from '../../main/core/shares/split'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import vectors from '../vectors/shares.json'
import { clearSheet, describeOutcome, newTally, nextSheet, recordRead, seenCount, type Tally } from '../../renderer/issuance/scan-tally'

const key = generateVaultKey()
const bundle = { kind: 'generic' as const, fields: { password: 'correct horse battery staple' } }
// Sheets printed before format 2 carry no copy number: every copy of a share has the same QR
// code, which is the case this tally exists for (format 2 sheets name their own copy).
const legacy = vectors.valid.find((v) => v.name === 'aws-root-login 2-of-3')!
const other = splitBundle({ bundle, threshold: 2, total: 3 }, key)
const payload = (index: number) => legacy.payloads[index - 1]!
const names = ['Alice', 'Bob', 'Carol', 'Dana', 'Erin', 'Frank']

/** 3 shares x 2 copies, each sheet with its own custodian. */
function twoCopies(): Tally {
  const sheets = [1, 2, 3].flatMap((index) => [1, 2].map((copy) => ({ index, copy, custodianName: names[(copy - 1) * 3 + index - 1]! })))
  return newTally(legacy.setId, 2, sheets)
}

describe('scan tally', () => {
  it('counts a camera read as the first copy not yet seen, and refuses the same share again until Next sheet', () => {
    let tally = twoCopies()
    let step = recordRead(tally, payload(2), 'camera read 1', 'camera')
    expect(step.outcome).toEqual({ kind: 'counted', index: 2, copy: 1, custodianName: 'Bob', total: 2 })
    tally = step.tally
    // The same sheet, still in front of the camera (or copy 2 held up without Next sheet): not counted.
    step = recordRead(tally, payload(2), 'camera read 2', 'camera')
    expect(step.outcome).toEqual({ kind: 'press-next-sheet', index: 2, copy: 1 })
    expect(step.tally).toBe(tally)
    // Another share needs no Next sheet.
    step = recordRead(tally, payload(3), 'camera read 3', 'camera')
    expect(step.outcome).toMatchObject({ kind: 'counted', index: 3, copy: 1 })
    tally = nextSheet(step.tally)
    step = recordRead(tally, payload(2), 'camera read 4', 'camera')
    expect(step.outcome).toEqual({ kind: 'counted', index: 2, copy: 2, custodianName: 'Erin', total: 2 })
    tally = nextSheet(step.tally)
    step = recordRead(tally, payload(2), 'camera read 5', 'camera')
    expect(step.outcome).toEqual({ kind: 'all-copies-seen', index: 2 })
    expect(seenCount(step.tally)).toBe(3)
  })

  it('counts two QR codes of one photo as two copies, but the same file imported twice as one', () => {
    let tally = twoCopies()
    tally = recordRead(tally, payload(1), 'desk.jpg, QR 1 of 2', 'image').tally
    const second = recordRead(tally, payload(1), 'desk.jpg, QR 2 of 2', 'image')
    expect(second.outcome).toMatchObject({ kind: 'counted', index: 1, copy: 2 })
    const again = recordRead(second.tally, payload(1), 'desk.jpg, QR 1 of 2', 'image')
    expect(again.outcome).toEqual({ kind: 'already-read', index: 1, copy: 1 })
  })

  it('refuses a sheet of another set and a damaged text, naming what is wrong, without counting them', () => {
    const tally = twoCopies()
    const foreign = recordRead(tally, other.payloads[0]!, 'camera read 1', 'camera')
    expect(foreign.outcome).toEqual({ kind: 'other-set', setId: other.header.setId, index: 1 })
    expect(describeOutcome(foreign.outcome, 2)).toEqual({
      tone: 'bad',
      text: `That sheet is share 1 of set ${other.header.setId}, not of the set being issued. Keep it apart from the new sheets.`,
    })
    const damaged = recordRead(tally, payload(1).slice(0, -9), 'typed entry 1', 'typed')
    expect(damaged.outcome.kind).toBe('unreadable')
    expect(seenCount(foreign.tally) + seenCount(damaged.tally)).toBe(0)
  })

  it('forgets one sheet to scan it again, and its share is no longer locked', () => {
    let tally = recordRead(twoCopies(), payload(1), 'camera read 1', 'camera').tally
    tally = clearSheet(tally, 1, 1)
    expect(seenCount(tally)).toBe(0)
    expect(recordRead(tally, payload(1), 'camera read 2', 'camera').outcome).toMatchObject({ kind: 'counted', index: 1, copy: 1 })
  })
})
