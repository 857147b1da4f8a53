// Issuance with its sheets: prepared and rendered first, recorded only once the PDF is delivered,
// so a set in the logbook always has its sheets (and a failed delivery leaves no set behind).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { issueSheets } from '../../main/core/ceremonies/issue-sheets'
import { commitIssuance, prepareIssuance } from '../../main/core/ceremonies/issuance'
import { ceremonyFixture, FIXTURE_BUNDLE, type CeremonyFixture } from '../helpers/ceremony-fixture'

let fx: CeremonyFixture
beforeEach(() => {
  fx = ceremonyFixture()
})
afterEach(() => fx.cleanup())

const AWS_BUNDLE = { kind: 'aws-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: '123456789012', userName: 'breakglass' } as const

describe('issueSheets', () => {
  it('records the set only after the sheets PDF was delivered, with the key id of an AWS bundle', async () => {
    const before = fx.ctx.log.entries().length
    let deliveredAt = -1
    const result = await issueSheets(fx.ctx, {
      methodId: 'root',
      bundle: AWS_BUNDLE,
      awsAccessKeyId: AWS_BUNDLE.accessKeyId,
      pageSize: 'LETTER',
      deliver: (pdf) => {
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
        deliveredAt = fx.ctx.log.entries().length
      },
    })
    expect(deliveredAt).toBe(before)
    const entries = fx.ctx.log.entries().slice(before).map((e) => e.event)
    expect(entries.map((e) => e.type)).toEqual(['set.issued', 'sheets.assigned'])
    expect(entries[0]).toMatchObject({ setId: result.issued.header.setId, methodId: 'root', awsAccessKeyId: AWS_BUNDLE.accessKeyId })
    expect(result.copies).toBe(2)
    expect(result.issued.sheets).toHaveLength(6)
  })

  it('records nothing when the delivery fails, and the method can issue again', async () => {
    const before = fx.ctx.log.entries().length
    await expect(
      issueSheets(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE, deliver: () => Promise.reject(new Error('disk full')) }),
    ).rejects.toThrow('disk full')
    expect(fx.ctx.log.entries().length).toBe(before)
    await expect(issueSheets(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE })).resolves.toBeDefined()
  })

  it('refuses an awsAccessKeyId that is not the bundle\'s key, and a second commit of one prepared set', () => {
    expect(() => prepareIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE, awsAccessKeyId: AWS_BUNDLE.accessKeyId })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    )
    const prepared = prepareIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE })
    const other = prepareIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE })
    commitIssuance(fx.ctx, prepared)
    // Another set was recorded while this one was being rendered: one set in the making per method.
    expect(() => commitIssuance(fx.ctx, other)).toThrow(expect.objectContaining({ code: 'ISSUANCE_IN_PROGRESS' }))
  })
})
