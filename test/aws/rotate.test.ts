// Rotation against the fake IAM endpoint: create, prove, issue through the ceremony, and only
// once the new set is active retire the old key; the two-key limit; throttling; the network
// dropping; and runs that stop midway (or sets that are abandoned) resumed from the logbook.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replacementOf, revokeProgress } from '../../shared/aws-events'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { checkKeys } from '../../main/core/aws/check-keys'
import { rotateKey, type NewKeyIssuer } from '../../main/core/aws/rotate-key'
import { abandonIssuance, startIssuance } from '../../main/core/ceremonies/issuance'
import { BREAK_GLASS_USER, METHOD_ID, awsTypes, fastRetry, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
let maxKeysSeen: number
beforeEach(async () => {
  h = await makeHarness()
  maxKeysSeen = 0
  h.server.beforeAction = () => {
    maxKeysSeen = Math.max(maxKeysSeen, h.server.keysOf(BREAK_GLASS_USER).length)
  }
})
afterEach(async () => {
  await h.close()
})

const target = () => ({ userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId })
const released = () => signerFromBundle(h.releasedBundle)
const operator = () => signerFromBundle(h.operatorBundle)
const serverKeys = () => h.server.keysOf(BREAK_GLASS_USER).map((k) => [k.accessKeyId, k.status])

/** First visit: the new key is created, proven and issued as a pending set; the old key untouched. */
async function issueNewKey(issuer: NewKeyIssuer = h.issuer()) {
  const result = await rotateKey(h.deps(), released(), target(), issuer)
  expect(result).toMatchObject({ complete: false, waitingFor: 'ceremony', oldKeyStatus: 'active' })
  return { result, issued: h.issued.at(-1)! }
}

describe('aws rotate', () => {
  it('issues the new key as a pending set, waits for its ceremony, then deletes the old key after activation', async () => {
    const { result, issued } = await issueNewKey()
    expect(result.done).toEqual(['created', 'verified', 'issued'])
    const newKey = h.server.keys.get(result.newKeyId!)!
    // Both keys work until the new set is active: the old one may still be the only credential anyone holds.
    expect(serverKeys()).toEqual([[h.released.accessKeyId, 'Active'], [result.newKeyId, 'Active']])

    // The new set: the method's policy, the key id in set.issued, custodians assigned, a real sheets PDF.
    expect(result.setId).toBe(issued.issued.header.setId)
    expect(issued.issued.header).toMatchObject({ threshold: 2, total: 3 })
    expect(issued.pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(issued.issued.sheets.map((s) => [s.index, s.custodianName])).toEqual([[1, 'Alice'], [2, 'Bob'], [3, 'Carol']])
    expect(ofType(h.events(), 'set.issued').at(-1)).toMatchObject({ setId: result.setId, methodId: METHOD_ID, awsAccessKeyId: result.newKeyId })
    expect(h.book.state().custody[result.setId!]).toMatchObject({ status: 'pending', methodId: METHOD_ID })
    expect(h.recovered(issued)).toMatchObject({ accessKeyId: result.newKeyId, secretAccessKey: newKey.secretAccessKey, accountId: '123456789012', userName: BREAK_GLASS_USER })
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('not-started')

    // Again before the ceremony is finished: refused, and nothing reaches AWS.
    h.reopen()
    const requests = h.server.requests.length
    const entries = h.book.entries().length
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({
      code: 'SET_NOT_READY',
      message: expect.stringContaining(`Finish the ceremony of set ${result.setId}`),
    })
    expect(h.server.requests.length).toBe(requests)
    expect(h.book.entries().length).toBe(entries)

    // Scan back, hand over, activate; the rerun retires the old key (which signs its own deletion).
    h.finishCeremony(issued)
    h.answers.push(true)
    const retired = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(retired).toMatchObject({ complete: true, oldKeyStatus: 'deleted', newKeyId: result.newKeyId, setId: result.setId, done: ['old-deleted'] })
    expect(h.questions.at(-1)).toContain(`Delete the old key ${h.released.accessKeyId} for good?`)
    expect(serverKeys()).toEqual([[result.newKeyId, 'Active']])

    const events = h.events()
    expect(awsTypes(events).slice(1)).toEqual([
      'aws.connected-mode', 'aws.keys-listed', 'aws.key-create-requested', 'aws.key-created', 'aws.key-verified',
      'set.issued', 'aws.connected-mode',
      // The retiring run first lists the keys: the new key must still be there and Active.
      'aws.connected-mode', 'aws.keys-listed', 'aws.key-deleted', 'aws.connected-mode',
    ])
    expect(ofType(events, 'aws.key-verified')[0]).toMatchObject({ signerKeyId: result.newKeyId, operation: 'GetUser' })
    expect(ofType(events, 'aws.key-deleted')[0]).toMatchObject({ signerKeyId: h.released.accessKeyId, accessKeyId: h.released.accessKeyId, reason: 'rotate' })
    const state = h.book.state().aws
    expect(replacementOf(state, h.released.accessKeyId)).toMatchObject({ accessKeyId: result.newKeyId, issuedSetId: result.setId })
    expect(revokeProgress(state, h.released.accessKeyId)).toBe('deleted')
    expect(maxKeysSeen).toBeLessThanOrEqual(2)

    // AWS now refuses the old key, and accepts the one the new set holds.
    await expect(checkKeys(h.deps(), released(), target())).rejects.toMatchObject({ code: 'AWS_CREDENTIAL_REFUSED' })
    const check = await checkKeys(h.deps(), signerFromBundle(h.recovered(issued)), { userName: BREAK_GLASS_USER, accessKeyId: result.newKeyId! })
    expect(check.target).toMatchObject({ exists: true, status: 'Active' })

    // No secret of either key is in the logbook.
    h.book.close()
    const bytes = h.logBytes().toString('latin1')
    expect(bytes).not.toContain(newKey.secretAccessKey)
    expect(bytes).not.toContain(h.released.secretAccessKey)
    h.reopen()

    // A rerun sees the rotation done and changes nothing.
    const again = await rotateKey(h.deps(), signerFromBundle(h.recovered(issued)), target(), h.issuer())
    expect(again).toMatchObject({ complete: true, done: [] })
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(1)
  })

  it('checks the issuance before creating a key: a method with a set already pending stops the rotation offline', async () => {
    startIssuance(h.ceremony(), { methodId: METHOD_ID, bundle: h.operatorBundle })
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({ code: 'ISSUANCE_IN_PROGRESS' })
    expect(h.server.requests).toHaveLength(0)
    expect(ofType(h.events(), 'aws.connected-mode')).toHaveLength(0)
  })

  it('explains the two-key limit and, when confirmed, deletes the inactive other key to make room', async () => {
    const spare = h.server.addKey(BREAK_GLASS_USER, 'Inactive')
    h.answers.push(true)
    const { result } = await issueNewKey()
    expect(h.questions[0]).toMatch(/two access keys, the most AWS allows/)
    expect(h.questions[0]).toContain(spare.accessKeyId)
    expect(result.done).toEqual(['made-room', 'created', 'verified', 'issued'])
    expect(ofType(h.events(), 'aws.key-deleted')[0]).toMatchObject({ accessKeyId: spare.accessKeyId, reason: 'make-room' })
    expect(maxKeysSeen).toBeLessThanOrEqual(2)
  })

  it('stops before creating anything when making room is not confirmed', async () => {
    const spare = h.server.addKey(BREAK_GLASS_USER, 'Inactive')
    h.answers.push(false)
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_STEP_NEEDS_CONFIRMATION',
      details: { step: 'make-room', accessKeyId: spare.accessKeyId },
    })
    expect(h.server.requests.some((r) => r.action === 'CreateAccessKey')).toBe(false)
  })

  it('stops with AWS_KEY_LIMIT when both keys are active, before creating anything', async () => {
    const other = h.server.addKey(BREAK_GLASS_USER, 'Active')
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_KEY_LIMIT',
      message: expect.stringContaining(`AWS allows two per user`),
    })
    expect(h.server.requests.some((r) => r.action === 'CreateAccessKey')).toBe(false)
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId).sort()).toEqual([h.released.accessKeyId, other.accessKeyId].sort())
    expect(h.book.state().aws.connected).toBe(false)
  })

  it('turns an AWS LimitExceeded answer into AWS_KEY_LIMIT with a resumable state', async () => {
    // Someone adds a second key between the listing and the create.
    h.server.beforeAction = (action) => {
      if (action === 'CreateAccessKey' && h.server.keysOf(BREAK_GLASS_USER).length === 1) h.server.addKey(BREAK_GLASS_USER)
    }
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({ code: 'AWS_KEY_LIMIT' })
    expect(ofType(h.events(), 'aws.call-failed').at(-1)).toMatchObject({ operation: 'CreateAccessKey', errorCode: 'LimitExceeded' })
    expect(h.book.state().aws.pendingCreate).toBeDefined()
    expect(h.book.verify().ok).toBe(true)
  })

  it('stops with AWS_ACCESS_DENIED when the signer may not create keys, logging the refusal', async () => {
    h.server.deny(BREAK_GLASS_USER, 'CreateAccessKey')
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({ code: 'AWS_ACCESS_DENIED' })
    expect(ofType(h.events(), 'aws.call-failed').at(-1)).toMatchObject({ operation: 'CreateAccessKey', errorCode: 'AccessDenied' })
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(1)
    expect(h.book.state().aws.connected).toBe(false)
  })

  it('waits out a new key that IAM has not propagated yet, then proves it', async () => {
    h.server.propagationFailures = 2
    const result = await rotateKey(h.deps(), released(), target(), h.issuer(), { verifyRetry: fastRetry })
    expect(result.done).toEqual(['created', 'verified', 'issued'])
    expect(h.server.requests.filter((r) => r.action === 'GetUser').map((r) => r.outcome)).toEqual(['InvalidClientTokenId', 'InvalidClientTokenId', 'ok'])
  })

  it('retries a throttled CreateAccessKey (AWS did not act) and ends with one new key', async () => {
    h.server.inject({ action: 'CreateAccessKey', code: 'Throttling', times: 2 })
    await issueNewKey()
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey').map((r) => r.outcome)).toEqual(['Throttling', 'Throttling', 'ok'])
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(2)
  })

  it('stopped after create, before the set is recorded: the rerun deletes the lost key and makes a fresh one', async () => {
    const crash = new Error('process killed')
    const dying: NewKeyIssuer = { check: () => undefined, issue: async () => Promise.reject(crash) }
    await expect(rotateKey(h.deps(), released(), target(), dying)).rejects.toBe(crash)
    const lost = ofType(h.events(), 'aws.key-created')[0]!.accessKeyId
    expect(ofType(h.events(), 'set.issued').filter((e) => e.awsAccessKeyId)).toHaveLength(0)
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(2)
    h.reopen()
    const { result, issued } = await issueNewKey()
    expect(result.done).toEqual(['orphan-deleted', 'created', 'verified', 'issued'])
    expect(result.newKeyId).not.toBe(lost)
    expect(ofType(h.events(), 'aws.key-deleted')[0]).toMatchObject({ accessKeyId: lost, reason: 'orphan' })
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([h.released.accessKeyId, result.newKeyId])
    expect(h.recovered(issued).accessKeyId).toBe(result.newKeyId)
    expect(maxKeysSeen).toBeLessThanOrEqual(2)
  })

  it('the new set abandoned (sheets lost): the rerun deletes the key only that set held and issues a fresh one', async () => {
    const first = await issueNewKey()
    abandonIssuance(h.ceremony(), first.result.setId!, 'printer ate the sheets')
    h.reopen()
    const second = await issueNewKey()
    expect(second.result.done).toEqual(['orphan-deleted', 'created', 'verified', 'issued'])
    expect(second.result.newKeyId).not.toBe(first.result.newKeyId)
    expect(second.result.setId).not.toBe(first.result.setId)
    expect(ofType(h.events(), 'aws.key-deleted').at(-1)).toMatchObject({ accessKeyId: first.result.newKeyId, reason: 'orphan' })
    // The old key was never touched: it stays the working key until the fresh set is active.
    expect(serverKeys()).toEqual([[h.released.accessKeyId, 'Active'], [second.result.newKeyId, 'Active']])
    expect(maxKeysSeen).toBeLessThanOrEqual(2)
    h.finishCeremony(second.issued)
    h.answers.push(true)
    const done = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(done).toMatchObject({ complete: true, newKeyId: second.result.newKeyId, done: ['old-deleted'] })
  })

  it('answer of CreateAccessKey lost on the wire: the rerun finds the unknown new key and deletes it', async () => {
    // The server makes the key but the connection drops before the answer arrives.
    h.server.beforeAction = async (action) => {
      if (action === 'CreateAccessKey') {
        h.server.addKey(BREAK_GLASS_USER)
        await h.server.stop()
      }
    }
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({ code: 'AWS_NETWORK' })
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey')).toHaveLength(1)
    expect(h.book.state().aws.pendingCreate).toBeDefined()
    h.server.beforeAction = undefined
    await h.server.restart()
    const { result } = await issueNewKey()
    expect(result.done[0]).toBe('orphan-deleted')
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(2)
    expect(h.issued).toHaveLength(1)
  })

  it('network down while retiring the old key: the rerun finishes without a third key', async () => {
    const { issued } = await issueNewKey()
    h.finishCeremony(issued)
    h.server.beforeAction = async (action) => {
      if (action !== 'UpdateAccessKey') return
      await h.server.stop()
      return 'drop'
    }
    await expect(rotateKey(h.deps(), operator(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_NETWORK',
      message: expect.stringContaining('continues from the last step'),
    })
    h.server.beforeAction = undefined
    await h.server.restart()
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('not-started')
    h.reopen()
    h.answers.push(true)
    const result = await rotateKey(h.deps(), operator(), target(), h.issuer())
    expect(result).toMatchObject({ complete: true, done: ['old-deactivated', 'old-deleted'] })
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey' && r.outcome === 'ok')).toHaveLength(1)
    expect(h.issued).toHaveLength(1)
  })

  it('stopped between deactivating and deleting the old key: the rerun only deletes it', async () => {
    const { issued } = await issueNewKey()
    h.finishCeremony(issued)
    h.server.beforeAction = (action) => (action === 'DeleteAccessKey' ? 'drop' : undefined)
    h.answers.push(true)
    await expect(rotateKey(h.deps(), signerFromBundle(h.recovered(issued)), target(), h.issuer())).rejects.toMatchObject({ code: 'AWS_NETWORK' })
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deactivated')
    h.server.beforeAction = undefined
    h.reopen()
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.recovered(issued)), target(), h.issuer())
    expect(result).toMatchObject({ complete: true, done: ['old-deleted'] })
    expect(ofType(h.events(), 'aws.key-deleted').at(-1)).toMatchObject({ signerKeyId: h.recovered(issued).accessKeyId, reason: 'rotate' })
  })

  it('with only the old key and no confirmation: deactivates it, then asks for another credential to delete it', async () => {
    const { issued } = await issueNewKey()
    h.finishCeremony(issued)
    h.answers.push(false)
    const first = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(first).toMatchObject({ complete: false, oldKeyStatus: 'inactive', waitingFor: 'other-signer', done: ['old-deactivated'] })
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deactivated')
    h.answers.push(true)
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_SIGNER_UNUSABLE',
      message: expect.stringContaining('cannot sign its own deletion'),
    })
    h.answers.push(true)
    const result = await rotateKey(h.deps(), operator(), target(), h.issuer())
    expect(result).toMatchObject({ complete: true, done: ['old-deleted'] })
  })
})
