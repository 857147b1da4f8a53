// Bad inputs at the ceremonies: each gets a clear error, and the log changes only by the
// exception it must record, never by a release or a half-done step.
import { afterEach, describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors'
import { grantRelease, requestRelease, type ReleaseRequestInput } from '../../main/core/ceremonies/release'
import { startIssuance } from '../../main/core/ceremonies/issuance'
import { operatorProblem } from '../../main/core/ceremonies/quorum'
import { stateOf } from '../../main/core/ceremonies/ceremony-context'
import { recordBagOpened, recordSheetMoved } from '../../main/core/ceremonies/custody'
import { ceremonyFixture, FIXTURE_BUNDLE, type CeremonyFixture } from '../helpers/ceremony-fixture'
import { releaseRequest } from '../helpers/release-request'

let fx: CeremonyFixture
afterEach(() => fx?.cleanup())

const request = (over: Partial<ReleaseRequestInput> = {}): ReleaseRequestInput =>
  releaseRequest({ methodId: 'root', useCase: 'Account recovery', incidentTicket: 'INC-1', operator: 'olivia', ...over })

function failure(run: () => unknown): CustosError {
  try {
    run()
  } catch (error) {
    return error as CustosError
  }
  throw new Error('expected a refusal')
}
const size = () => fx.ctx.log.head().size
const typesSince = (from: number) => fx.ctx.log.entries({ fromSeq: from + 1 }).map((e) => e.type)

describe('ceremony refusals', () => {
  it('a request with missing fields names every missing field and records nothing', () => {
    fx = ceremonyFixture()
    const before = size()
    const error = failure(() =>
      requestRelease(fx.ctx, request({ incidentTicket: ' ', businessRisk: '', requester: { name: 'Ann', team: '', area: 'x' } })),
    )
    expect(error.code).toBe('REQUEST_INCOMPLETE')
    expect(error.message).toContain('incident ticket, business risk and impact, requester team')
    expect(size()).toBe(before)
  })

  it('a use case the method does not permit is refused with the permitted list', () => {
    fx = ceremonyFixture()
    const error = failure(() => requestRelease(fx.ctx, request({ useCase: 'Browse billing' })))
    expect(error.message).toMatch(/Permitted: "Account recovery"/)
  })

  it('a custodian presenting a sheet assigned to someone else is refused and logged as an exception', () => {
    fx = ceremonyFixture()
    const { releaseId } = requestRelease(fx.ctx, request())
    const before = size()
    const error = failure(() => grantRelease(fx.ctx, releaseId, fx.present(['alice'], ['carol', 'bob'])))
    expect(error.code).toBe('NOT_ENOUGH_SHARES')
    expect(error.message).toMatch(/Carol presented share 2, which the log says is held by Bob and Erin/)
    expect(typesSince(before)).toEqual(['custody.exception', 'quorum.failed'])
    const exception = stateOf(fx.ctx).exceptions.at(-1)!
    expect(exception).toMatchObject({ kind: 'presented-by-other-custodian', custodianId: 'carol', during: releaseId })
    expect(stateOf(fx.ctx).releases[releaseId]!.granted).toBeUndefined()
  })

  it('shares of a retired set are refused with when it was retired and which set to use', () => {
    fx = ceremonyFixture()
    const old = fx.sheetOf
    fx.clock.set('2026-03-03T10:00:00Z')
    const second = fx.issueNewSet({ ...FIXTURE_BUNDLE, password: 'rotated root password' })
    const { releaseId } = requestRelease(fx.ctx, request())
    const presentations = [
      { custodianId: 'alice', input: { source: 'old sheet', payload: old.get('alice')!.payload } },
      { custodianId: 'bob', input: { source: 'new sheet', payload: second.sheetOf.get('bob')!.payload } },
    ]
    const error = failure(() => grantRelease(fx.ctx, releaseId, presentations))
    expect(error.message).toContain(`old sheet belongs to set ${fx.setId}, which was retired on 2026-03-03; use a sheet from set ${second.setId}`)
    expect(stateOf(fx.ctx).exceptions.at(-1)!.kind).toBe('retired-set-presented')
  })

  it('the operator may not present a sheet for their own release when policy forbids it', () => {
    fx = ceremonyFixture()
    // Olivia also holds a sheet: move Alice's copy to her first.
    recordSheetMoved(fx.ctx, { setId: fx.setId, index: 1, copy: 1 }, 'olivia', 'BAG-9')
    const { releaseId } = requestRelease(fx.ctx, request({ operator: 'olivia' }))
    const error = failure(() => grantRelease(fx.ctx, releaseId, [
      { custodianId: 'olivia', input: { source: 'sheet 1.1', payload: fx.sheetOf.get('alice')!.payload } },
      ...fx.present(['bob']),
    ]))
    expect(error.code).toBe('OPERATOR_MAY_NOT_PRESENT')
    expect(stateOf(fx.ctx).releases[releaseId]!.granted).toBeUndefined()
    expect(stateOf(fx.ctx).exceptions.at(-1)!.kind).toBe('operator-presented')
  })

  it('even where policy lets the operator present, the operator cannot be the only custodian present', () => {
    fx = ceremonyFixture({ operatorMayPresent: true })
    // Custody rules keep any one person from holding K different shares (a move that would is
    // refused), so this is the grant's last line of defence, checked on the rule itself.
    const error = failure(() => recordSheetMoved(fx.ctx, { setId: fx.setId, index: 2, copy: 1 }, 'alice', 'BAG-10'))
    expect(error.code).toBe('ASSIGNMENT_INVALID')
    const { releaseId } = requestRelease(fx.ctx, request({ operator: 'olivia' }))
    const state = stateOf(fx.ctx)
    const message = operatorProblem(state, state.methods.root!, state.releases[releaseId]!, ['olivia', 'olivia'])
    expect(message).toMatch(/only custodian present/)
    expect(operatorProblem(state, state.methods.root!, state.releases[releaseId]!, ['olivia', 'bob'])).toBeUndefined()
  })

  it('the operator rule holds for the person, whatever the spelling of their name', () => {
    fx = ceremonyFixture()
    const before = size()
    for (const spelling of ['Olivia', 'olivia (on call)', 'OLIVIA', 'Olívia']) {
      const error = failure(() => requestRelease(fx.ctx, request({ operator: spelling })))
      expect(error.code).toBe('INPUT_INVALID')
      expect(error.message).toContain('looks like a custodian on the roster: Olivia (id olivia)')
      expect(error.details).toMatchObject({ field: 'operator', candidates: [{ custodianId: 'olivia', name: 'Olivia' }] })
    }
    expect(size()).toBe(before)
    // Named by id, the roster person is recorded by id and refused as a presenter.
    recordSheetMoved(fx.ctx, { setId: fx.setId, index: 1, copy: 1 }, 'olivia', 'BAG-9')
    const { releaseId, operator, operatorId } = requestRelease(fx.ctx, request({ operator: 'olivia' }))
    expect({ operator, operatorId }).toEqual({ operator: 'Olivia', operatorId: 'olivia' })
    const error = failure(() => grantRelease(fx.ctx, releaseId, [
      { custodianId: 'olivia', input: { source: 'sheet 1.1', payload: fx.sheetOf.get('alice')!.payload } },
      ...fx.present(['bob']),
    ]))
    expect(error.code).toBe('OPERATOR_MAY_NOT_PRESENT')
  })

  it('an operator who is not on the roster is named in full and recorded without an id', () => {
    fx = ceremonyFixture()
    const release = requestRelease(fx.ctx, request({ operator: 'Oscar Outsider' }))
    expect(release.operator).toBe('Oscar Outsider')
    expect(release.operatorId).toBeUndefined()
    expect(grantRelease(fx.ctx, release.releaseId, fx.present(['alice'], ['bob'])).operator).toBe('Oscar Outsider')
  })

  it('a second set for a method cannot be issued while one is being issued', () => {
    fx = ceremonyFixture()
    const assignments = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((custodianId, i) => ({ index: (i % 3) + 1, copy: Math.floor(i / 3) + 1, custodianId }))
    const pending = startIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE, assignments })
    const before = size()
    const error = failure(() => startIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE, assignments }))
    expect(error.code).toBe('ISSUANCE_IN_PROGRESS')
    expect(error.message).toContain(pending.header.setId)
    expect(size()).toBe(before)
    expect(stateOf(fx.ctx).methods.root!.activeSetId).toBe(fx.setId)
  })

  it('refuses an assignment that lets fewer than K people recover the credential', () => {
    fx = ceremonyFixture()
    const before = size()
    const greedy = [
      { index: 1, copy: 1, custodianId: 'alice' },
      { index: 2, copy: 1, custodianId: 'alice' },
      { index: 3, copy: 1, custodianId: 'bob' },
      { index: 1, copy: 2, custodianId: 'carol' },
      { index: 2, copy: 2, custodianId: 'dave' },
      { index: 3, copy: 2, custodianId: 'erin' },
    ]
    const error = failure(() => startIssuance(fx.ctx, { methodId: 'root', bundle: FIXTURE_BUNDLE, assignments: greedy }))
    expect(error.code).toBe('ASSIGNMENT_INVALID')
    expect(error.message).toMatch(/alice \(1 people\) would hold 2 different shares/)
    expect(size()).toBe(before)
  })

  it('a release already granted cannot be granted again', () => {
    fx = ceremonyFixture()
    const { releaseId } = requestRelease(fx.ctx, request())
    const granted = grantRelease(fx.ctx, releaseId, fx.present(['alice'], ['bob']))
    expect(granted.bundle).toEqual(FIXTURE_BUNDLE)
    expect(granted.totp?.code).toMatch(/^\d{6}$/)
    expect(failure(() => grantRelease(fx.ctx, releaseId, fx.present(['alice'], ['bob']))).code).toBe('RELEASE_STATE')
  })

  it('a bag whose serial does not match the record is logged as an exception', () => {
    fx = ceremonyFixture()
    expect(recordBagOpened(fx.ctx, { setId: fx.setId, index: 2, copy: 1 }, 'BAG-bob', 'drill')).toBe(false)
    expect(recordBagOpened(fx.ctx, { setId: fx.setId, index: 3, copy: 1 }, 'BAG-FORGED', 'drill')).toBe(true)
    expect(stateOf(fx.ctx).exceptions.map((e) => e.kind)).toEqual(['bag-serial-mismatch'])
  })

  it('the release is durable before the credential is returned: a failing log means no credential', () => {
    fx = ceremonyFixture()
    const { releaseId } = requestRelease(fx.ctx, request())
    const log = fx.ctx.log
    // The grant is checked and appended in one step (appendWith): make that step fail.
    const appendWith = log.appendWith.bind(log)
    log.appendWith = () => {
      throw new CustosError('LOG_WRITE_FAILED', 'disk full (injected)')
    }
    try {
      expect(failure(() => grantRelease(fx.ctx, releaseId, fx.present(['alice'], ['bob']))).code).toBe('LOG_WRITE_FAILED')
    } finally {
      log.appendWith = appendWith
    }
    expect(stateOf(fx.ctx).releases[releaseId]!.granted).toBeUndefined()
  })
})
