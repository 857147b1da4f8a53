// The account never loses its last key, and log and IAM agree: against the fake IAM endpoint, a
// rotation proves the new key exists and works before the old one goes (and keeps the old one when
// the new key was deleted or deactivated in the console); a lost answer to the old key's own
// deletion is recognised from AWS's refusal of that very key; status says when its own call hides
// the key's real last use, and shows where it was used.
import { serializeBundle } from '../../shared/bundle'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replacementOf, revokeProgress } from '../../shared/aws-events'
import { createApi } from '../../main/core/api/create-api'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { rotateKey } from '../../main/core/aws/rotate-key'
import { apiCaller } from '../helpers/api-call'
import { runCli } from '../helpers/run-cli'
import { BREAK_GLASS_USER, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

const target = () => ({ userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId })
const released = () => signerFromBundle(h.releasedBundle)
const operator = () => signerFromBundle(h.operatorBundle)
const serverKeys = () => h.server.keysOf(BREAK_GLASS_USER).map((k) => [k.accessKeyId, k.status])

/** First visit and the ceremony: the new key is issued as a set that is then activated. */
async function newSetActive(): Promise<{ newKeyId: string; setId: string }> {
  const first = await rotateKey(h.deps(), released(), target(), h.issuer())
  expect(first).toMatchObject({ waitingFor: 'ceremony' })
  h.finishCeremony(h.issued.at(-1)!)
  return { newKeyId: first.newKeyId!, setId: first.setId! }
}

describe('rotation proves the new key before retiring the old one', () => {
  it('the new key deleted in the console before the final run: the old key is kept, and the next run makes a fresh key', async () => {
    const { newKeyId, setId } = await newSetActive()
    h.server.keys.delete(newKeyId) // someone deletes it in the console while its sheets are with the custodians

    h.answers.push(true, true)
    await expect(rotateKey(h.deps(), operator(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_STATE_CONFLICT',
      message: expect.stringContaining(`The new key ${newKeyId} (set ${setId}) is no longer in IAM`),
      details: expect.objectContaining({ step: 'prove-new-key', found: 'missing' }),
    })
    // Nothing was done to the old key: IAM still has a working key, and the log says so.
    expect(serverKeys()).toEqual([[h.released.accessKeyId, 'Active']])
    expect(h.server.requests.filter((r) => r.action === 'UpdateAccessKey' || r.action === 'DeleteAccessKey')).toHaveLength(0)
    const aws = h.book.state().aws
    expect(aws.keys[h.released.accessKeyId]!.status).toBe('active')
    expect(aws.keys[newKeyId]!.status).toBe('deleted')
    expect(revokeProgress(aws, h.released.accessKeyId)).toBe('not-started')

    // The next rotation replaces the dead key with a fresh one, again through the ceremony.
    const again = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(again).toMatchObject({ complete: false, waitingFor: 'ceremony', oldKeyStatus: 'active', done: ['created', 'verified', 'issued'] })
    expect(again.newKeyId).not.toBe(newKeyId)
    expect(serverKeys()).toEqual([[h.released.accessKeyId, 'Active'], [again.newKeyId, 'Active']])
  })

  it('the new key deactivated in the console: the old key is kept and the refusal says how to recover', async () => {
    const { newKeyId } = await newSetActive()
    h.server.keys.get(newKeyId)!.status = 'Inactive'
    h.answers.push(true)
    await expect(rotateKey(h.deps(), operator(), target(), h.issuer())).rejects.toMatchObject({
      code: 'AWS_STATE_CONFLICT',
      message: expect.stringContaining(`--access-key-id ${newKeyId} --status Active`),
      details: expect.objectContaining({ found: 'inactive' }),
    })
    expect(h.server.keys.get(h.released.accessKeyId)!.status).toBe('Active')
  })

  it('signed by the new key itself, the listing is the live proof, and the old key then goes', async () => {
    const { newKeyId, setId } = await newSetActive()
    const recovered = h.recovered(h.issued.at(-1)!)
    h.answers.push(true)
    const result = await rotateKey(h.deps(), signerFromBundle(recovered), target(), h.issuer())
    expect(result).toMatchObject({ complete: true, newKeyId, setId })
    expect(h.progress).toContain(`Proved ${newKeyId} works: it signed the listing that shows it Active.`)
    expect(ofType(h.events(), 'aws.keys-listed').at(-1)).toMatchObject({ signerKeyId: newKeyId })
    expect(serverKeys()).toEqual([[newKeyId, 'Active']])
  })
})

describe("a lost answer to the old key's own deletion", () => {
  it('the retry is refused for that very key: the deletion is recorded, and log and IAM agree', async () => {
    await newSetActive()
    const old = h.released.accessKeyId
    // IAM deletes the key, and the answer never arrives.
    h.server.beforeAction = (action, params) => {
      if (action !== 'DeleteAccessKey') return
      h.server.beforeAction = undefined
      h.server.keys.delete(params.AccessKeyId!)
      return 'drop'
    }
    h.answers.push(true)
    const result = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(result).toMatchObject({ complete: true, oldKeyStatus: 'deleted' })
    expect(h.server.keys.has(old)).toBe(false)
    expect(h.book.state().aws.keys[old]!.status).toBe('deleted')
    expect(revokeProgress(h.book.state().aws, old)).toBe('deleted')
    expect(ofType(h.events(), 'aws.key-deleted').at(-1)).toMatchObject({ accessKeyId: old, alreadyGone: true, inferredFrom: 'refused-after-delete', reason: 'rotate' })
  })

  it('the network then goes down: the rerun with the same key ends with the key recorded as deleted, as in IAM', async () => {
    const { newKeyId } = await newSetActive()
    const old = h.released.accessKeyId
    h.server.beforeAction = async (action, params) => {
      if (action !== 'DeleteAccessKey') return
      h.server.beforeAction = undefined
      h.server.keys.delete(params.AccessKeyId!)
      await h.server.stop()
      return 'drop'
    }
    h.answers.push(true)
    await expect(rotateKey(h.deps(), released(), target(), h.issuer())).rejects.toMatchObject({ code: 'AWS_NETWORK' })
    // The log cannot know yet: it says a delete went out and its answer is missing.
    expect(h.book.state().aws.keys[old]).toMatchObject({ status: 'active', deleteSentBy: old })
    await h.server.restart()

    h.reopen()
    h.answers.push(true)
    const rerun = await rotateKey(h.deps(), released(), target(), h.issuer())
    expect(rerun).toMatchObject({ complete: true, oldKeyStatus: 'deleted', newKeyId })
    expect(h.book.state().aws.keys[old]!.status).toBe('deleted')
    expect(h.server.keys.has(old)).toBe(false)
    expect(ofType(h.events(), 'aws.key-deleted').at(-1)).toMatchObject({ accessKeyId: old, inferredFrom: 'refused-after-delete' })
    expect(replacementOf(h.book.state().aws, old)).toMatchObject({ accessKeyId: newKeyId, status: 'active' })
  })
})

describe('status shows real use', () => {
  const api = () => createApi({ dataDir: h.dataDir, clock: h.clock, iamEndpoint: h.server.endpoint })
  const { must } = apiCaller(api)
  const at = { userName: BREAK_GLASS_USER }

  it('flags a check signed by the key itself, and with the operator key shows when, with what and where it was used', async () => {
    h.book.close()
    const usedAt = new Date('2026-02-27T22:14:00Z')
    h.released.lastUsed = { date: usedAt, serviceName: 's3', region: 'eu-west-1' }
    const own = await must('aws.status', { ...at, accessKeyId: h.released.accessKeyId, credential: h.operatorBundle })
    expect(own).toMatchObject({ signedByTarget: false, target: { lastUsed: { date: usedAt.toISOString(), serviceName: 's3', region: 'eu-west-1' } } })
    expect(own.note).toBeUndefined()

    const self = await must('aws.status', { credential: h.releasedBundle })
    expect(self).toMatchObject({ signedByTarget: true, target: { accessKeyId: h.released.accessKeyId, lastUsed: { serviceName: 'iam', region: 'us-east-1' } } })
    expect(self.note).toContain('hides any earlier use')
    h.reopen()
  })

  it('on the command line: the warning, service and region, and no AWS SDK warning on stderr', async () => {
    h.book.close()
    h.released.lastUsed = { date: new Date('2026-02-27T22:14:00Z'), serviceName: 's3', region: 'eu-west-1' }
    const env = { CUSTOS_ACTOR: 'bob', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '' }
    const base = ['aws', 'status', '--connect', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir]
    const own = await runCli([...base, '--user', BREAK_GLASS_USER, '--key-id', h.released.accessKeyId], { input: serializeBundle(h.operatorBundle), env })
    expect(own.code, own.stderr).toBe(0)
    expect(own.stdout).toContain(`${h.released.accessKeyId} was last used 2026-02-27T22:14:00.000Z with s3 in eu-west-1.`)
    expect(own.stdout).not.toContain('Warning')
    expect(own.stderr).not.toContain('NodeVersionSupportWarning')

    const self = await runCli(base, { input: serializeBundle(h.releasedBundle), env })
    expect(self.code, self.stderr).toBe(0)
    expect(self.stdout).toContain(`Warning: this check was signed by ${h.released.accessKeyId} itself`)
    expect(self.stdout).toContain('with iam in us-east-1')
    expect(self.stderr).not.toContain('NodeVersionSupportWarning')
    // Every entry is by the same actor as the ceremonies'.
    h.reopen()
    expect(new Set(h.book.entries().slice(-4).map((e) => e.actor))).toEqual(new Set(['bob']))
  })
})
