// The ceremony operations of the API: each opens the vault and its logbook for the call,
// reads state by folding the log or appends through the ceremony services, then closes.
import type { z } from 'zod'
import type { CustodianView, MethodView } from '../../../shared/ceremony-api'
import type { Clock } from '../clock'
import { openCeremonyContext, stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { addCustodian, retireCustodian, sheetsHeldBy, updateCustodian } from '../ceremonies/custodians'
import { defineMethod, updateMethod, type MethodChanges, type MethodInput } from '../ceremonies/methods'
import { vaultObligations } from '../ceremonies/vault-obligations'
import { localActor } from '../logbook/record'

export function withCeremonyContext<T>(dataDir: string, clock: Clock, body: (ctx: CeremonyContext) => T): T {
  const ctx = openCeremonyContext(dataDir, clock, localActor())
  try {
    return body(ctx)
  } finally {
    ctx.close()
  }
}

function custodianView(ctx: CeremonyContext, custodianId: string): z.infer<typeof CustodianView> {
  const custodian = stateOf(ctx).custodians[custodianId]!
  return { ...custodian, holds: sheetsHeldBy(ctx, custodianId).map((s) => `${s.setId} ${s.index}.${s.copy}`) }
}

export function ceremonyOps(dataDir: string, clock: Clock) {
  const run = <T>(body: (ctx: CeremonyContext) => T) => withCeremonyContext(dataDir, clock, body)
  return {
    listMethods: (): { methods: z.infer<typeof MethodView>[] } => run((ctx) => ({ methods: Object.values(stateOf(ctx).methods) })),
    addMethod: (input: MethodInput): z.infer<typeof MethodView> => run((ctx) => defineMethod(ctx, input)),
    updateMethod: ({ methodId, ...changes }: MethodChanges & { methodId: string }) =>
      run((ctx) => updateMethod(ctx, methodId, changes)),
    updateCustodian: ({ custodianId, ...changes }: { custodianId: string; name?: string; contact?: string; team?: string }) =>
      run((ctx) => custodianView(ctx, updateCustodian(ctx, custodianId, changes).custodianId)),
    retireCustodian: ({ custodianId, reason }: { custodianId: string; reason: string }) =>
      run((ctx) => {
        retireCustodian(ctx, custodianId, reason)
        return custodianView(ctx, custodianId)
      }),
    listCustodians: () => run((ctx) => ({ custodians: Object.keys(stateOf(ctx).custodians).map((id) => custodianView(ctx, id)) })),
    addCustodian: (input: { custodianId?: string; name: string; contact: string; team: string }) =>
      run((ctx) => custodianView(ctx, addCustodian(ctx, input).custodianId)),
    listObligations: () =>
      run((ctx) => {
        const now = ctx.clock.now()
        return { now: now.toISOString(), obligations: vaultObligations(stateOf(ctx), now) }
      }),
  }
}
