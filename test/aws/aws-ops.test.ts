// The AWS aftercare operations of the desktop app through dispatch(createApi(...)), against the
// fake IAM endpoint: offline commands and evidence, connected status and revoke with the network
// gate open only for the call, and a rotation whose new set goes through the issuance wizard's ops.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revokeProgress } from '../../shared/aws-events'
import { createApi } from '../../main/core/api/create-api'
import { createPendingSheets, type PendingSheets } from '../../main/core/api/pending-sheets'
import { startIssuance } from '../../main/core/ceremonies/issuance'
import { grantRelease, requestRelease } from '../../main/core/ceremonies/release'
import { createNetworkGate, type NetworkGate } from '../../main/core/desktop/network-gate'
import { apiCaller } from '../helpers/api-call'
import { releaseRequest } from '../helpers/release-request'
import { BREAK_GLASS_USER, METHOD_ID, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
let gate: NetworkGate
let pending: PendingSheets
let releaseId: string
/** Every switch of the gate, and what it allowed while on. */
let switches: Array<{ on: boolean; iam?: boolean; other?: boolean; publicIam?: boolean }>

beforeEach(async () => {
  h = await makeHarness()
  // The released key was held by an active set of the method and handed out by a granted release.
  const ctx = h.ceremony()
  const issued = startIssuance(ctx, { methodId: METHOD_ID, bundle: h.releasedBundle })
  h.finishCeremony({ issued, pdf: Buffer.alloc(0), copies: 1 })
  releaseId = requestRelease(ctx, releaseRequest({ methodId: METHOD_ID, useCase: 'SSO outage' })).releaseId
  grantRelease(ctx, releaseId, issued.sheets.slice(0, 2).map((s) => ({ custodianId: s.custodianId, input: { source: `sheet of ${s.custodianId}`, payload: s.payload } })))
  h.book.close()
  gate = createNetworkGate()
  pending = createPendingSheets()
  switches = []
  gate.onChange((on) =>
    switches.push(
      on
        ? { on, iam: gate.allows(`${h.server.endpoint}/`), other: gate.allows('https://example.com/'), publicIam: gate.allows('https://iam.amazonaws.com/') }
        : { on },
    ),
  )
})
afterEach(async () => {
  h.reopen()
  await h.close()
})

const api = () => createApi({ dataDir: h.dataDir, clock: h.clock, network: gate, pendingSheets: pending, iamEndpoint: h.server.endpoint })
const { must: ok, refused } = apiCaller(api)
async function openObligations(): Promise<string[]> {
  const { obligations } = await ok<{ obligations: Array<{ kind: string; releaseId?: string }> }>('obligations.list', {})
  return obligations.filter((o) => o.releaseId === releaseId).map((o) => o.kind).sort()
}
function withBook<T>(body: () => T): T {
  h.reopen()
  try {
    return body()
  } finally {
    h.book.close()
  }
}
/** The gate was switched on once per connected call, let only the IAM endpoint through, and is off. */
function expectGateUsed(calls: number) {
  expect(switches).toEqual(Array.from({ length: calls }, () => [{ on: true, iam: true, other: false, publicIam: false }, { on: false }]).flat())
  expect(gate.isConnected()).toBe(false)
}

describe('AWS aftercare ops', () => {
  it('offline: prints the commands for the released key, and typed-in evidence meets the revoke obligation', async () => {
    const k = h.released.accessKeyId
    const steps = await ok('aws.offlineSteps', { releaseId, purpose: 'revoke' })
    expect(steps.target).toEqual({ userName: BREAK_GLASS_USER, accessKeyId: k })
    expect(steps.steps[0].command).toContain(`aws iam update-access-key --user-name ${BREAK_GLASS_USER} --access-key-id ${k} --status Inactive`)
    expect(steps.steps[0].command).toContain(`--endpoint-url ${h.server.endpoint}`)
    const other = await ok('aws.offlineSteps', { releaseId, purpose: 'status', userName: 'breakglass-eu' })
    expect(other.target.userName).toBe('breakglass-eu')

    expect(await openObligations()).toContain('revoke')
    expect(await ok('aws.recordEvidence', { releaseId, step: 'deactivate', requestId: 'a1b2c3d4-0000-4000-8000-000000000001', performedAt: '2026-03-01T04:20:00Z' })).toEqual({ recorded: true })
    expect(await openObligations()).not.toContain('revoke')
    withBook(() => {
      expect(ofType(h.events(), 'aws.evidence-recorded').at(-1)).toMatchObject({ step: 'deactivate', accessKeyId: k, reason: 'revoke', performedAt: '2026-03-01T04:20:00.000Z' })
      expect(revokeProgress(h.book.state().aws, k)).toBe('deactivated')
    })
    expect(h.server.requests).toHaveLength(0)
    expect(switches).toEqual([])

    expect(await refused('aws.offlineSteps', { releaseId: 'REL-NOPE', purpose: 'revoke' })).toMatchObject({ code: 'RELEASE_NOT_FOUND' })
    expect(await refused('aws.recordEvidence', { releaseId, step: 'delete', performedAt: 'yesterday' })).toMatchObject({ code: 'USAGE' })
  })

  it('connected: status and revoke reach only the IAM endpoint, for the call only, signed by the credential given', async () => {
    const status = await ok('aws.status', { releaseId, credential: h.releasedBundle })
    expect(status).toMatchObject({ userName: BREAK_GLASS_USER, target: { accessKeyId: h.released.accessKeyId, exists: true, status: 'Active' } })
    expect(status.keys).toEqual([expect.objectContaining({ accessKeyId: h.released.accessKeyId, isTarget: true })])
    expectGateUsed(1)

    // Deactivation needs no confirmation; deletion waits for it.
    const revoked = await ok('aws.revoke', { releaseId, credential: h.operatorBundle })
    expect(revoked).toEqual({ accessKeyId: h.released.accessKeyId, status: 'inactive', done: ['deactivated'], progress: expect.any(Array) })
    expect(await openObligations()).not.toContain('revoke')
    const deleted = await ok('aws.revoke', { releaseId, credential: h.operatorBundle, confirmDelete: true })
    expect(deleted).toEqual({ accessKeyId: h.released.accessKeyId, status: 'deleted', done: ['deleted'], progress: expect.any(Array) })
    expectGateUsed(3)
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(0)
    expect(h.server.requests.filter((r) => r.action !== 'ListAccessKeys' && r.action !== 'GetAccessKeyLastUsed').every((r) => r.accessKeyId === h.operator.accessKeyId)).toBe(true)

    // The released key is refused from now on, and the gate closes after the failure too.
    expect(await refused('aws.status', { releaseId, credential: h.releasedBundle })).toMatchObject({ code: 'AWS_CREDENTIAL_REFUSED' })
    expectGateUsed(4)
  })

  it('connected: a network failure ends with the gate closed and connected mode logged off', async () => {
    await h.server.stop()
    expect(await refused('aws.status', { releaseId, credential: h.releasedBundle })).toMatchObject({ code: 'AWS_NETWORK' })
    expectGateUsed(1)
    withBook(() => expect(h.book.state().aws.connected).toBe(false))
  })

  it('rotate: the first visit issues a pending set, refused while pending, the second visit after activation deletes the old key', async () => {
    const first = await ok('aws.rotate', { releaseId, credential: h.releasedBundle, label: 'Payments break-glass' })
    expect(first).toMatchObject({ oldKeyId: h.released.accessKeyId, oldKeyStatus: 'active', complete: false, done: ['created', 'verified', 'issued'] })
    expect(first.next).toContain(`Finish the issuance ceremony of set ${first.setId}`)
    const issued = first.issued
    expect(issued).toMatchObject({ setId: first.setId, methodId: METHOD_ID, threshold: 2, total: 3, copies: 1, label: 'Payments break-glass' })
    expect(issued.sheets.map((s: { custodianId: string }) => s.custodianId)).toEqual(['alice', 'bob', 'carol'])
    expect(issued.sheets[0].typedLines.length).toBeGreaterThan(1)
    expect(pending.get(first.setId)?.length).toBe(issued.pdfBytes)
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.status)).toEqual(['Active', 'Active'])
    const sets = await ok('sets.list', {})
    expect(sets.sets.find((s: { setId: string }) => s.setId === first.setId)).toMatchObject({ status: 'pending', awsAccessKeyId: first.newKeyId })
    expectGateUsed(1)
    expect(await openObligations()).toEqual(expect.arrayContaining(['revoke', 'rotate-reissue']))

    // Again before the ceremony: refused, nothing sent to AWS, the gate never opened.
    const requests = h.server.requests.length
    expect(await refused('aws.rotate', { releaseId, credential: h.releasedBundle, confirmDelete: true })).toMatchObject({
      code: 'SET_NOT_READY',
      // One message for every front end now (issue 13): no command or screen names in it.
      message: expect.stringContaining(`Finish the ceremony of set ${first.setId}`),
    })
    expect(h.server.requests.length).toBe(requests)
    expectGateUsed(1)

    // The wizard carries on through the issuance ops: scan back every sheet, hand over, activate.
    const scan = await ok('issuance.scanBack', {
      setId: first.setId,
      sheets: issued.sheets.map((s: { index: number; copy: number; payload: string }) => ({ index: s.index, copy: s.copy, source: `camera ${s.index}`, payload: s.payload })),
    })
    expect(scan.ok, scan.problems.join(' ')).toBe(true)
    for (const s of issued.sheets) {
      await ok('issuance.handover', { setId: first.setId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: `TE-${s.index}` })
    }
    await ok('issuance.activate', { setId: first.setId })
    expect(await openObligations()).toContain('revoke')
    expect(await openObligations()).not.toContain('rotate-reissue')

    // Second visit: the old (released) key signs its own deletion once confirmed.
    const second = await ok('aws.rotate', { releaseId, credential: h.releasedBundle, confirmDelete: true })
    expect(second).toMatchObject({ complete: true, oldKeyStatus: 'deleted', newKeyId: first.newKeyId, setId: first.setId, done: ['old-deleted'] })
    expect(second.issued).toBeUndefined()
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([first.newKeyId])
    expect(await openObligations()).not.toContain('revoke')
    expectGateUsed(2)

    // AWS refuses the old key now.
    expect(await refused('aws.status', { releaseId, credential: h.releasedBundle })).toMatchObject({ code: 'AWS_CREDENTIAL_REFUSED' })
    expectGateUsed(3)
  })

  it('rotate: making room is asked up front; without the answer nothing is created', async () => {
    const spare = h.server.addKey(BREAK_GLASS_USER, 'Inactive')
    const stop = await refused('aws.rotate', { releaseId, credential: h.releasedBundle })
    expect(stop).toMatchObject({ code: 'AWS_STEP_NEEDS_CONFIRMATION', message: expect.stringContaining(`Confirm deleting the inactive key ${spare.accessKeyId}`) })
    expect(h.server.requests.some((r) => r.action === 'CreateAccessKey')).toBe(false)
    const first = await ok('aws.rotate', { releaseId, credential: h.releasedBundle, confirmMakeRoom: true })
    expect(first.done).toEqual(['made-room', 'created', 'verified', 'issued'])
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([h.released.accessKeyId, first.newKeyId])
    expectGateUsed(2)
  })
})

describe('network gate with an IAM endpoint override', () => {
  it('allows the override origin, and only it, while connected; the default stays https IAM only', () => {
    const g = createNetworkGate()
    g.setConnected(true, 'http://127.0.0.1:4566')
    expect(g.allows('http://127.0.0.1:4566/')).toBe(true)
    expect(g.allows('http://127.0.0.1:4567/')).toBe(false)
    expect(g.allows('https://127.0.0.1:4566/')).toBe(false)
    expect(g.allows('http://user@127.0.0.1:4566/')).toBe(false)
    expect(g.allows('https://iam.amazonaws.com/')).toBe(false)
    expect(() => g.assertAllowed('https://example.com/x')).toThrow(/only talks to AWS IAM \(http:\/\/127\.0\.0\.1:4566\)/)
    g.setConnected(false)
    expect(g.allows('http://127.0.0.1:4566/')).toBe(false)
    g.setConnected(true)
    expect(g.allows('http://127.0.0.1:4566/')).toBe(false)
    expect(g.allows('https://iam.amazonaws.com/')).toBe(true)
    g.setConnected(false)
    // Plain http only to loopback, and only a bare origin.
    expect(() => g.setConnected(true, 'http://iam.example.com')).toThrow(/loopback/)
    expect(() => g.setConnected(true, 'https://iam.example.com/path')).toThrow(/bare origin/)
  })
})
