// Rotation against the fake IAM endpoint: create, prove, issue, retire; the two-key limit;
// throttling; the network dropping; and runs that stop midway and are resumed from the logbook.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replacementOf, revokeProgress } from '../../shared/aws-events'
import type { AwsAccessKeyBundle } from '../../shared/bundle'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { splitIssuer } from '../../main/core/aws/issue-rotated-key'
import { rotateKey, type IssueNewKey } from '../../main/core/aws/rotate-key'
import { combineShares } from '../../main/core/shares/combine'
import type { SplitResult } from '../../main/core/shares/split'
import { BREAK_GLASS_USER, awsTypes, fastRetry, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
let delivered: SplitResult[]
let maxKeysSeen: number
beforeEach(async () => {
  h = await makeHarness()
  delivered = []
  maxKeysSeen = 0
  h.server.beforeAction = () => {
    maxKeysSeen = Math.max(maxKeysSeen, h.server.keysOf(BREAK_GLASS_USER).length)
  }
})
afterEach(async () => {
  await h.close()
})

const target = () => ({ userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId })
const issuer = (): IssueNewKey =>
  splitIssuer({ log: h.log, vaultKey: h.vault.key, threshold: 2, total: 3, deliver: async (r) => void delivered.push(r) })
const recovered = (): AwsAccessKeyBundle => {
  const shares = delivered.at(-1)!.payloads.slice(0, 2).map((payload, i) => ({ source: `s${i}`, payload }))
  return combineShares(shares, h.vault.key).bundle as AwsAccessKeyBundle
}

describe('aws rotate', () => {
  it('creates and proves the new key, issues it as a new set, then deactivates and deletes the old key', async () => {
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())
    expect(result).toMatchObject({ complete: true, oldKeyStatus: 'deleted', done: ['created', 'verified', 'issued', 'old-deactivated', 'old-deleted'] })
    const keys = h.server.keysOf(BREAK_GLASS_USER)
    expect(keys.map((k) => [k.accessKeyId, k.status])).toEqual([[result.newKeyId, 'Active']])

    // The new set holds the new, working key; the bundle carries the account from the verified ARN.
    const bundle = recovered()
    expect(bundle).toMatchObject({ accessKeyId: result.newKeyId, secretAccessKey: keys[0]!.secretAccessKey, accountId: '123456789012', userName: BREAK_GLASS_USER })
    expect(result.setId).toBe(delivered[0]!.header.setId)

    const events = h.events()
    expect(awsTypes(events).slice(1)).toEqual([
      'aws.connected-mode', 'aws.keys-listed', 'aws.key-create-requested', 'aws.key-created', 'aws.key-verified',
      'set.issued', 'aws.key-deactivated', 'aws.key-deleted', 'aws.connected-mode',
    ])
    // The new key proved itself, and signed the old key's retirement (the old key could not sign its own deletion).
    expect(ofType(events, 'aws.key-verified')[0]).toMatchObject({ signerKeyId: result.newKeyId, operation: 'GetUser' })
    expect(ofType(events, 'aws.key-deleted')[0]).toMatchObject({ signerKeyId: result.newKeyId, accessKeyId: h.released.accessKeyId, reason: 'rotate' })
    expect(ofType(events, 'set.issued').at(-1)).toMatchObject({ awsAccessKeyId: result.newKeyId, threshold: 2, total: 3 })
    const state = h.book.state().aws
    expect(replacementOf(state, h.released.accessKeyId)).toMatchObject({ accessKeyId: result.newKeyId, issuedSetId: result.setId })
    expect(revokeProgress(state, h.released.accessKeyId)).toBe('deleted')
    expect(maxKeysSeen).toBeLessThanOrEqual(2)

    // No secret of either key is in the logbook.
    h.book.close()
    const bytes = h.logBytes().toString('latin1')
    expect(bytes).not.toContain(keys[0]!.secretAccessKey)
    expect(bytes).not.toContain(h.released.secretAccessKey)
    h.reopen()

    // A rerun sees the rotation done and changes nothing.
    const again = await rotateKey(h.deps(), signerFromBundle(bundle), target(), issuer())
    expect(again).toMatchObject({ complete: true, done: [] })
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(1)
  })

  it('explains the two-key limit and, when confirmed, deletes the inactive other key to make room', async () => {
    const spare = h.server.addKey(BREAK_GLASS_USER, 'Inactive')
    h.answers.push(true, true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())
    expect(h.questions[0]).toMatch(/two access keys, the most AWS allows/)
    expect(h.questions[0]).toContain(spare.accessKeyId)
    expect(result.done[0]).toBe('made-room')
    expect(ofType(h.events(), 'aws.key-deleted')[0]).toMatchObject({ accessKeyId: spare.accessKeyId, reason: 'make-room' })
    expect(result.complete).toBe(true)
    expect(maxKeysSeen).toBeLessThanOrEqual(2)
  })

  it('stops with AWS_KEY_LIMIT when both keys are active, before creating anything', async () => {
    const other = h.server.addKey(BREAK_GLASS_USER, 'Active')
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({
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
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({ code: 'AWS_KEY_LIMIT' })
    expect(ofType(h.events(), 'aws.call-failed').at(-1)).toMatchObject({ operation: 'CreateAccessKey', errorCode: 'LimitExceeded' })
    expect(h.book.state().aws.pendingCreate).toBeDefined()
    expect(h.book.verify().ok).toBe(true)
  })

  it('waits out a new key that IAM has not propagated yet, then proves it', async () => {
    h.server.propagationFailures = 2
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer(), { verifyRetry: fastRetry })
    expect(result.complete).toBe(true)
    expect(h.server.requests.filter((r) => r.action === 'GetUser').map((r) => r.outcome)).toEqual(['InvalidClientTokenId', 'InvalidClientTokenId', 'ok'])
  })

  it('retries a throttled CreateAccessKey (AWS did not act) and ends with one new key', async () => {
    h.server.inject({ action: 'CreateAccessKey', code: 'Throttling', times: 2 })
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())
    expect(result.complete).toBe(true)
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey').map((r) => r.outcome)).toEqual(['Throttling', 'Throttling', 'ok'])
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(1)
  })

  it('stopped after create, before the set is durable: the rerun deletes the lost key and makes a fresh one', async () => {
    const crash = new Error('process killed')
    await expect(
      rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), async () => {
        throw crash
      }),
    ).rejects.toBe(crash)
    const lost = ofType(h.events(), 'aws.key-created')[0]!.accessKeyId
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(2)
    h.reopen()
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())
    expect(result.done).toEqual(['orphan-deleted', 'created', 'verified', 'issued', 'old-deactivated', 'old-deleted'])
    expect(result.newKeyId).not.toBe(lost)
    expect(ofType(h.events(), 'aws.key-deleted')[0]).toMatchObject({ accessKeyId: lost, reason: 'orphan' })
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([result.newKeyId])
    expect(recovered().accessKeyId).toBe(result.newKeyId)
    expect(maxKeysSeen).toBeLessThanOrEqual(2)
  })

  it('answer of CreateAccessKey lost on the wire: the rerun finds the unknown new key and deletes it', async () => {
    // The server makes the key but the connection drops before the answer arrives.
    h.server.beforeAction = async (action) => {
      if (action === 'CreateAccessKey') {
        h.server.addKey(BREAK_GLASS_USER)
        await h.server.stop()
      }
    }
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({ code: 'AWS_NETWORK' })
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey')).toHaveLength(1)
    expect(h.book.state().aws.pendingCreate).toBeDefined()
    h.server.beforeAction = undefined
    await h.server.restart()
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())
    expect(result.done[0]).toBe('orphan-deleted')
    expect(result.complete).toBe(true)
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(1)
  })

  it('network down after issuance: the rerun with the new key from the new set finishes without a third key', async () => {
    h.server.beforeAction = async (action) => {
      if (action !== 'UpdateAccessKey') return
      await h.server.stop()
      return 'drop'
    }
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({
      code: 'AWS_NETWORK',
      message: expect.stringContaining('continues from the last step'),
    })
    h.server.beforeAction = undefined
    await h.server.restart()
    const state = h.book.state().aws
    expect(replacementOf(state, h.released.accessKeyId)?.issuedSetId).toBeDefined()
    expect(revokeProgress(state, h.released.accessKeyId)).toBe('not-started')
    h.reopen()
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(recovered()), target(), issuer())
    expect(result).toMatchObject({ complete: true, done: ['old-deactivated', 'old-deleted'] })
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey' && r.outcome === 'ok')).toHaveLength(1)
    expect(delivered).toHaveLength(1)
  })

  it('resumed with only the old key after issuance: deactivates it, then asks for another credential to delete it', async () => {
    h.server.beforeAction = async (action) => {
      if (action !== 'UpdateAccessKey') return
      await h.server.stop()
      return 'drop'
    }
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({ code: 'AWS_NETWORK' })
    h.server.beforeAction = undefined
    await h.server.restart()
    h.answers.push(true)
    await expect(rotateKey(h.deps(), signerFromBundle(h.releasedBundle), target(), issuer())).rejects.toMatchObject({
      code: 'AWS_SIGNER_UNUSABLE',
      message: expect.stringContaining('cannot sign its own deletion'),
    })
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deactivated')
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(h.operatorBundle), target(), issuer())
    expect(result).toMatchObject({ complete: true, done: ['old-deleted'] })
  })
})
