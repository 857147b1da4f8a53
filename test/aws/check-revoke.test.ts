// Check and revoke against the fake IAM endpoint with the real @aws-sdk/client-iam: evidence in
// the logbook, the revoked key really refused afterwards, and clear refusals when AWS says no.
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revokeProgress } from '../../shared/aws-events'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { checkKeys } from '../../main/core/aws/check-keys'
import { revokeKey } from '../../main/core/aws/revoke-key'
import { BREAK_GLASS_USER, awsTypes, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

const target = () => ({ userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId })

describe('aws status (check)', () => {
  it('lists the break-glass user\'s keys and when the released key was last used, and logs the request ids', async () => {
    const check = await checkKeys(h.deps(), signerFromBundle(h.releasedBundle), target())
    expect(check.keys).toEqual([expect.objectContaining({ accessKeyId: h.released.accessKeyId, status: 'Active', isTarget: true })])
    expect(check.target.lastUsed?.serviceName).toBe('iam')
    const events = h.events()
    expect(awsTypes(events)).toEqual(['set.issued', 'aws.connected-mode', 'aws.keys-listed', 'aws.key-last-used', 'aws.connected-mode'])
    const listed = ofType(events, 'aws.keys-listed')[0]!
    const served = h.server.requests.filter((r) => r.outcome === 'ok')
    expect(listed.requestId).toBe(served[0]!.requestId)
    expect(ofType(events, 'aws.key-last-used')[0]!.requestId).toBe(served[1]!.requestId)
    expect(listed.signerKeyId).toBe(h.released.accessKeyId)
    expect(h.book.state().aws.connected).toBe(false)
  })
})

describe('aws revoke', () => {
  it('deactivates and, once confirmed, deletes the key with the operator\'s credential; the key is then refused', async () => {
    h.answers.push(true)
    const result = await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    expect(result).toEqual({ accessKeyId: h.released.accessKeyId, status: 'deleted', done: ['deactivated', 'deleted'] })
    expect(h.server.keysOf(BREAK_GLASS_USER)).toEqual([])
    const events = h.events()
    const deactivated = ofType(events, 'aws.key-deactivated')[0]!
    const deleted = ofType(events, 'aws.key-deleted')[0]!
    expect(deactivated).toMatchObject({ accessKeyId: h.released.accessKeyId, reason: 'revoke', operation: 'UpdateAccessKey' })
    expect(deleted).toMatchObject({ accessKeyId: h.released.accessKeyId, reason: 'revoke', operation: 'DeleteAccessKey' })
    expect(deactivated.requestId).not.toBe(deleted.requestId)
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deleted')

    // The real SDK, signing with the revoked key, is refused by the endpoint.
    const client = new IAMClient({
      region: 'us-east-1',
      endpoint: h.server.endpoint,
      credentials: { accessKeyId: h.released.accessKeyId, secretAccessKey: h.released.secretAccessKey },
      maxAttempts: 1,
    })
    const { openWindow } = await import('../../main/core/aws/network-guard')
    const { destinationFromEndpoint } = await import('../../main/core/aws/allow-list')
    const window = openWindow(destinationFromEndpoint(h.server.endpoint))
    try {
      await expect(client.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' })
    } finally {
      window.close()
      client.destroy()
    }
  })

  it('with only the released key: deactivates it (revoke met), then explains why it cannot sign its own deletion', async () => {
    h.answers.push(true)
    await expect(revokeKey(h.deps(), signerFromBundle(h.releasedBundle), target())).rejects.toMatchObject({
      code: 'AWS_SIGNER_UNUSABLE',
      message: expect.stringContaining('can no longer sign requests'),
    })
    expect(h.server.keys.get(h.released.accessKeyId)?.status).toBe('Inactive')
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deactivated')
    expect(h.book.state().aws.connected).toBe(false)

    // Resumable: the next run with the operator's key skips the deactivation and deletes.
    h.answers.push(true)
    const result = await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    expect(result.done).toEqual(['deleted'])
    expect(h.server.requests.filter((r) => r.action === 'UpdateAccessKey')).toHaveLength(1)
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deleted')
  })

  it('keeps the key inactive when deletion is not confirmed, and says how to finish', async () => {
    h.answers.push(false)
    const result = await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    expect(result).toMatchObject({ status: 'inactive', done: ['deactivated'] })
    expect(h.questions[0]).toContain('Delete it for good?')
    expect(h.progress.join('\n')).toContain('again, confirming the deletion')
    expect(h.server.keys.get(h.released.accessKeyId)?.status).toBe('Inactive')
  })

  it('refuses with AWS_ACCESS_DENIED, logs the failed call with its request id, and leaves the key untouched', async () => {
    h.server.deny('alice.admin', 'UpdateAccessKey')
    await expect(revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())).rejects.toMatchObject({
      code: 'AWS_ACCESS_DENIED',
      message: expect.stringContaining('denied iam:UpdateAccessKey'),
    })
    const failed = ofType(h.events(), 'aws.call-failed')
    expect(failed).toEqual([expect.objectContaining({ operation: 'UpdateAccessKey', errorCode: 'AccessDenied', requestId: h.server.requests.at(-1)!.requestId })])
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('not-started')
    expect(h.server.keys.get(h.released.accessKeyId)?.status).toBe('Active')
    expect(h.book.verify().ok).toBe(true)
    // Resumable: once the permission is granted the same command goes through.
    h.server.allow('alice.admin', 'UpdateAccessKey')
    h.answers.push(true)
    await expect(revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())).resolves.toMatchObject({ status: 'deleted' })
  })

  it('records a key AWS no longer knows (NoSuchEntity) as already gone', async () => {
    h.server.keys.delete(h.released.accessKeyId)
    const result = await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    expect(result).toEqual({ accessKeyId: h.released.accessKeyId, status: 'deleted', done: ['already-gone'] })
    expect(ofType(h.events(), 'aws.key-deleted')[0]).toMatchObject({ alreadyGone: true, operation: 'UpdateAccessKey' })
  })

  it('retries through throttling and logs only the request that succeeded as evidence', async () => {
    h.server.inject({ action: 'UpdateAccessKey', code: 'Throttling', times: 2 })
    h.answers.push(true)
    await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    const updates = h.server.requests.filter((r) => r.action === 'UpdateAccessKey')
    expect(updates.map((r) => r.outcome)).toEqual(['Throttling', 'Throttling', 'ok'])
    expect(ofType(h.events(), 'aws.key-deactivated')[0]!.requestId).toBe(updates[2]!.requestId)
  })

  it('gives up on endless throttling with AWS_THROTTLED and a resumable state', async () => {
    h.server.inject({ action: 'UpdateAccessKey', code: 'Throttling', times: 10 })
    await expect(revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())).rejects.toMatchObject({
      code: 'AWS_THROTTLED',
      message: expect.stringContaining('run the same command again'),
    })
    expect(ofType(h.events(), 'aws.call-failed')).toHaveLength(1)
    expect(h.book.state().aws.connected).toBe(false)
  })

  it('reports the network being down as AWS_NETWORK and records nothing as done', async () => {
    await h.server.stop()
    await expect(revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())).rejects.toMatchObject({
      code: 'AWS_NETWORK',
      message: expect.stringContaining('Could not reach AWS IAM'),
    })
    expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('not-started')
    expect(ofType(h.events(), 'aws.call-failed')[0]).toMatchObject({ errorCode: 'ECONNREFUSED' })
    await h.server.restart()
    h.answers.push(true)
    await expect(revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())).resolves.toMatchObject({ status: 'deleted' })
  })

  it('never writes a secret access key into the logbook', async () => {
    h.answers.push(true)
    await checkKeys(h.deps(), signerFromBundle(h.releasedBundle), target())
    await revokeKey(h.deps(), signerFromBundle(h.operatorBundle), target())
    h.book.close()
    const bytes = h.logBytes().toString('latin1')
    expect(bytes).not.toContain(h.released.secretAccessKey)
    expect(bytes).not.toContain(h.operator.secretAccessKey)
    h.reopen()
  })
})
