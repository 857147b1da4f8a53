import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { dispatch } from '../../main/core/api/dispatch'
import { makeTempDir } from '../../test/helpers/temp-dir'
const t = makeTempDir('probe-')
const api = createApi({ dataDir: t.path, clock: fixedClock('2026-04-02T03:00:00Z') })
console.log(await dispatch(api, 'obligations.list', {}))
await dispatch(api, 'vault.init', { name: 'x' })
console.log(JSON.stringify(await dispatch(api, 'custodians.add', { name: '', contact: ' ', team: 'Ops' }), null, 1))
console.log(JSON.stringify(await dispatch(api, 'custodians.add', { name: 'A'.repeat(130), contact: 'x', team: 'Ops' }), null, 1))
console.log(JSON.stringify(await dispatch(api, 'custodians.add', { name: 'Al', contact: 'x', team: 'Ops', custodianId: 'Bad Id' }), null, 1))
console.log(JSON.stringify(await dispatch(api, 'methods.add', { name: 'M', scope: '', ownerTeam: 'o', useCases: [], access: 'a', policy: { threshold: 3, total: 2 } }), null, 1))
console.log(JSON.stringify(await dispatch(api, 'methods.add', { name: 'M', scope: 's', ownerTeam: 'o', useCases: [''], access: 'a', policy: { threshold: 2, total: 3, copies: 0 } }), null, 1))
t.cleanup()
