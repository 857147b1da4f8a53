// Custody after hand-over (bag opened, resealed, sheet moved or lost) and the printable
// runbook, as contract operations: the app and `custos` record and write them the same way.
import { createHash } from 'node:crypto'
import type { Api } from '../../../shared/api'
import { stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { recordBagOpened, recordBagResealed, recordSheetLost, recordSheetMoved } from '../ceremonies/custody'
import { renderRunbookPdf } from '../ceremonies/runbook-pdf'
import { writePrivateFile } from '../files/private-file'
import type { ApiDeps } from './api-deps'
import { requireDesktop, setIdOf, withCeremonies } from './workflow-context'
import { setView } from './workflow-views'

export type CustodyOpName = 'custody.bagOpened' | 'custody.resealed' | 'custody.moved' | 'custody.lost' | 'runbook.save'

export function custodyOps(deps: ApiDeps): Pick<Api, CustodyOpName> {
  const run = <T>(body: (ctx: CeremonyContext) => Promise<T> | T) => withCeremonies(deps, body)
  const at = (ref: { setId: string; index: number; copy: number }) => ({ setId: setIdOf(ref.setId), index: ref.index, copy: ref.copy })
  return {
    'custody.bagOpened': (input) =>
      run((ctx) => {
        const ref = at(input)
        const mismatch = recordBagOpened(ctx, ref, input.serial, input.reason)
        return { mismatch, set: setView(stateOf(ctx), ref.setId) }
      }),
    'custody.resealed': (input) =>
      run((ctx) => {
        const ref = at(input)
        recordBagResealed(ctx, ref, input.serial)
        return setView(stateOf(ctx), ref.setId)
      }),
    'custody.moved': (input) =>
      run((ctx) => {
        const ref = at(input)
        recordSheetMoved(ctx, ref, input.toCustodianId, input.bagSerial)
        return setView(stateOf(ctx), ref.setId)
      }),
    'custody.lost': (input) =>
      run((ctx) => {
        const ref = at(input)
        recordSheetLost(ctx, ref, input.note)
        return setView(stateOf(ctx), ref.setId)
      }),
    'runbook.save': async () => {
      const desktop = requireDesktop(deps, 'Saving the runbook')
      // Rendered before the dialog so a vault that cannot be opened is refused before anything is asked.
      const pdf = await run(async (ctx) => {
        const state = stateOf(ctx)
        return renderRunbookPdf({
          state,
          vaultName: state.vault?.name ?? 'Custos vault',
          fingerprint: ctx.key.fingerprint,
          publicKey: Buffer.from(ctx.key.raw).toString('base64'),
          checkpoint: ctx.log.checkpoint().text,
          generatedAt: ctx.clock.now(),
        })
      })
      const path = await desktop.showSaveDialog({
        title: 'Save the runbook',
        defaultName: `custos-runbook-${deps.clock.now().toISOString().slice(0, 10)}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      })
      if (!path) return { saved: false }
      // Private: it lists every custodian's contact details.
      writePrivateFile(path, pdf)
      return { saved: true, path, bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') }
    },
  }
}
