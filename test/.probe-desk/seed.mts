import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { dispatch } from '../../main/core/api/dispatch'
import { makeTempDir } from '../helpers/temp-dir'
import { withCeremonies, seedMethod, seedCustodians, issueActiveSet, grantSeedRelease } from '../helpers/ceremony-seed'
const t = makeTempDir('probe-')
const clock = fixedClock('2026-04-02T01:00:00Z')
const api = createApi({ dataDir: t.path + '/v', clock })
const t0 = Date.now()
await dispatch(api, 'vault.init', { name: 'Payments production' })
await withCeremonies(t.path + '/v', clock, async (ctx) => {
  seedMethod(ctx, { methodId: 'aws-prod', name: 'AWS production break-glass key', scope: 'AWS 123456789012 production', ownerTeam: 'Cloud platform', useCases: ['Restore access after an SSO outage'], access: 'AdministratorAccess', policy: { threshold: 2, total: 3, copies: 1 } })
  seedCustodians(ctx, [{ name: 'Alice Martin', contact: '+41 44 000 00 01', team: 'Operations' }, { name: 'Bob Keller', contact: 'b', team: 'Operations' }, { name: 'Carol Weber', contact: 'c', team: 'Security' }])
  const t1 = Date.now()
  const set = await issueActiveSet(ctx, { methodId: 'aws-prod', bundle: { kind: 'aws-access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: '123456789012', userName: 'break-glass' }, workDir: t.path + '/sheets' })
  console.log('issue ms', Date.now() - t1, set.setId)
  clock.advance(3600_000)
  grantSeedRelease(ctx, { methodId: 'aws-prod', useCase: 'Restore access after an SSO outage', ticket: 'INC-4711', presenters: ['alice-martin', 'bob-keller'].map((c) => ({ custodianId: c, payload: set.payloadByCustodian.get(c)! })) })
})
clock.advance(2 * 3600_000)
console.log('total ms', Date.now() - t0)
console.log(JSON.stringify(await dispatch(api, 'obligations.list', {}), null, 1))
console.log(JSON.stringify(await dispatch(api, 'custodians.list', {}), null, 1))
console.log(JSON.stringify(await dispatch(api, 'methods.list', {}), null, 1))
t.cleanup()
