// The printable ceremony scripts as contract operations: save one (the app's save dialog, or
// the CLI's --out), and record a step as done so the logbook and the filled paper agree.
import { createHash } from 'node:crypto'
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import { record, stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { buildCeremonyScript, SCRIPT_TITLES } from '../ceremonies/ceremony-scripts'
import { renderScriptPdf } from '../ceremonies/script-pdf'
import { writePrivateFile } from '../files/private-file'
import type { ApiDeps } from './api-deps'
import { requireDesktop, withCeremonies } from './workflow-context'

export type ScriptOpName = 'scripts.save' | 'scripts.recordStep'

export function scriptOps(deps: ApiDeps): Pick<Api, ScriptOpName> {
  const run = <T>(body: (ctx: CeremonyContext) => Promise<T> | T) => withCeremonies(deps, body)
  const scriptOf = (ctx: CeremonyContext, methodId: string, kind: Parameters<typeof buildCeremonyScript>[0]['kind']) =>
    buildCeremonyScript({
      state: stateOf(ctx),
      methodId,
      kind,
      fingerprint: ctx.key.fingerprint,
      publicKey: Buffer.from(ctx.key.raw).toString('base64'),
      checkpoint: ctx.log.checkpoint().text,
      now: ctx.clock.now(),
    })
  return {
    'scripts.save': async ({ methodId, kind }) => {
      const desktop = requireDesktop(deps, 'Saving a ceremony script')
      // Rendered before the dialog, so an unknown method is refused before anything is asked.
      const pdf = await run((ctx) => renderScriptPdf(scriptOf(ctx, methodId, kind)))
      const path = await desktop.showSaveDialog({
        title: `Save the ${SCRIPT_TITLES[kind].toLowerCase()}`,
        defaultName: `custos-${kind}-script-${methodId}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      })
      if (!path) return { saved: false }
      // Private: it lists custodians' contacts and who holds which share.
      writePrivateFile(path, pdf)
      return { saved: true, path, bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') }
    },
    'scripts.recordStep': (input) =>
      run((ctx) => {
        const script = scriptOf(ctx, input.methodId, input.kind)
        const step = script.steps.find((s) => s.n === input.step)
        if (!step) {
          throw new CustosError(
            'INPUT_INVALID',
            `The ${SCRIPT_TITLES[input.kind].toLowerCase()} has steps 1 to ${script.steps.length}; there is no step ${input.step}.`,
            { field: 'step', steps: script.steps.length },
          )
        }
        const doneBy = stateOf(ctx).custodians[input.doneBy]?.name ?? input.doneBy
        const [entry] = record(ctx, {
          type: 'script.step-done',
          script: input.kind,
          methodId: input.methodId,
          ...(input.reference ? { reference: input.reference } : {}),
          step: step.n,
          action: step.action.slice(0, 500),
          doneBy,
          ...(input.note ? { note: input.note } : {}),
        })
        return { kind: input.kind, methodId: input.methodId, step: step.n, action: step.action, doneBy, time: entry!.time }
      }),
  }
}
