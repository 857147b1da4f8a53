// Everything the Aftercare screens read, in one round: the releases, the open obligations
// (with the vault clock's now), the sets of sheets and the methods. `version` re-reads it.
import { call } from '../custos-client'
import { useAsync } from '../use-async'

async function loadAftercareData() {
  const [{ releases }, { now, obligations }, { sets }, { methods }] = await Promise.all([
    call('releases.list', {}),
    call('obligations.list', {}),
    call('sets.list', {}),
    call('methods.list', {}),
  ])
  return { releases, now: new Date(now).getTime(), obligations, sets, methods }
}

export type AftercareData = Awaited<ReturnType<typeof loadAftercareData>>

export function useAftercareData(version: number) {
  // A fresh closure per call: useAsync re-runs when the function it is given changes.
  return useAsync(() => loadAftercareData(), [version])
}
