// The issuance ceremony as the desktop wizard drives it: split and render the sheets (kept
// in memory), save or print them, scan every printed sheet back, hand each over, activate.
import { createHash } from 'node:crypto'
import type { Api } from '../../../shared/api'
import { CustosError, isCustosError } from '../../../shared/errors'
import { stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { abandonIssuance, activateSet, recordHandover, recordScanBack, requireSet } from '../ceremonies/issuance'
import { issueSheets } from '../ceremonies/issue-sheets'
import { verifyScanItems } from '../sheets/scan-back'
import { writePrivateFile } from '../files/private-file'
import type { ApiDeps } from './api-deps'
import { createPendingSheets } from './pending-sheets'
import { requireDesktop, requiredText, setIdOf, withCeremonies } from './workflow-context'
import { issuanceStartedView, setView, setViews } from './workflow-views'

export type IssuanceOpName =
  | 'issuance.start'
  | 'issuance.savePdf'
  | 'issuance.printPdf'
  | 'issuance.scanBack'
  | 'issuance.handover'
  | 'issuance.activate'
  | 'issuance.abandon'
  | 'sets.list'

/** The pending set's sheets PDF from memory, or a refusal saying what to do instead. */
function pendingPdf(ctx: CeremonyContext, deps: ApiDeps, setId: string): Buffer {
  const custody = requireSet(ctx, setId)
  if (custody.status !== 'pending') {
    throw new CustosError(
      'SET_NOT_READY',
      `Set ${setId} is ${custody.status}; its sheets PDF is kept only while the set is being issued. ` +
        'To print sheets again, issue a new set.',
      { setId, status: custody.status },
    )
  }
  const pdf = deps.pendingSheets?.get(setId)
  if (!pdf) {
    const next = custody.scanVerified
      ? 'The sheets were already printed and scanned back: continue with the hand-over and activation.'
      : 'If the sheets were printed, continue with the scan-back of every sheet; if not, abandon this set and issue a new one.'
    throw new CustosError(
      'SET_NOT_READY',
      `The sheets PDF of set ${setId} is no longer in memory (Custos was restarted since the set was issued; ` +
        `it is never kept on disk). ${next}`,
      { setId, scanVerified: Boolean(custody.scanVerified) },
    )
  }
  return pdf
}

export function issuanceOps(deps: ApiDeps): Pick<Api, IssuanceOpName> {
  const pending = deps.pendingSheets ?? createPendingSheets()
  const run = <T>(body: (ctx: CeremonyContext) => Promise<T> | T) => withCeremonies(deps, body)

  return {
    'issuance.start': (input) =>
      run(async (ctx) => {
        let result
        try {
          result = await issueSheets(ctx, {
            methodId: input.methodId,
            bundle: input.bundle,
            ...(input.assignments ? { assignments: input.assignments } : {}),
            ...(input.label ? { label: input.label } : {}),
            pageSize: input.pageSize ?? 'A4',
            ...(input.emergencyContact?.trim() ? { emergencyContact: input.emergencyContact.trim() } : {}),
            ...(input.anonymous ? { anonymous: true } : {}),
          })
        } catch (error) {
          if (isCustosError(error) && error.code === 'ISSUANCE_IN_PROGRESS' && typeof error.details?.setId === 'string') {
            const setId = error.details.setId
            throw new CustosError(
              'ISSUANCE_IN_PROGRESS',
              `Set ${setId} is already being issued for this method; a method has one set in the making at most. ` +
                `Finish set ${setId} (scan back, hand over, activate) or abandon it, then start again.`,
              { setId },
            )
          }
          throw error
        }
        pending.put(result.issued.header.setId, result.pdf)
        return issuanceStartedView(result, input.methodId)
      }),

    'issuance.savePdf': async ({ setId: given }) => {
      const setId = setIdOf(given)
      const desktop = requireDesktop(deps, 'Saving the sheets')
      const pdf = await run((ctx) => pendingPdf(ctx, deps, setId))
      const path = await desktop.showSaveDialog({
        title: `Save the sheets of set ${setId}`,
        defaultName: `custos-sheets-${setId}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      })
      if (!path) return { saved: false }
      // 0600 even over an existing file (the dialog confirmed replacing it), synced, renamed into place.
      writePrivateFile(path, pdf)
      return { saved: true, path, sha256: createHash('sha256').update(pdf).digest('hex') }
    },

    'issuance.printPdf': async ({ setId: given }) => {
      const setId = setIdOf(given)
      const desktop = requireDesktop(deps, 'Printing the sheets')
      const pdf = await run((ctx) => pendingPdf(ctx, deps, setId))
      return { printed: await desktop.printPdf({ title: `Custos sheets, set ${setId}`, pdf }) }
    },

    'issuance.scanBack': (input) =>
      run((ctx) => {
        const setId = setIdOf(input.setId)
        const custody = requireSet(ctx, setId)
        if (custody.status !== 'pending') {
          throw new CustosError(
            'SET_NOT_READY',
            `Set ${setId} is ${custody.status}; scan-back checks the sheets of a set being issued.`,
            { setId, status: custody.status },
          )
        }
        const report = verifyScanItems({
          vault: ctx.key,
          setId,
          copies: custody.copies,
          items: input.sheets.map((s) => ({ source: s.source, payload: s.payload, declared: { index: s.index, copy: s.copy } })),
        })
        // Logged only when everything passed: a failed scan-back changes nothing.
        if (report.ok) recordScanBack(ctx, report)
        return {
          setId,
          ok: report.ok,
          sheets: report.sheets.map((sheet, i) => ({
            index: input.sheets[i]!.index,
            copy: input.sheets[i]!.copy,
            source: sheet.source,
            ok: sheet.ok,
            ...(sheet.problem ? { error: sheet.problem } : {}),
          })),
          problems: report.problems,
        }
      }),

    'issuance.handover': (input) =>
      run((ctx) => {
        const setId = setIdOf(input.setId)
        const bagSerial = requiredText(input.bagSerial, 60, 'the tamper-evident bag serial')
        recordHandover(ctx, { setId, index: input.index, copy: input.copy, custodianId: input.custodianId, bagSerial })
        return setView(stateOf(ctx), setId)
      }),

    'issuance.activate': ({ setId: given }) =>
      run((ctx) => {
        const setId = setIdOf(given)
        activateSet(ctx, setId)
        pending.drop(setId)
        return setView(stateOf(ctx), setId)
      }),

    'issuance.abandon': ({ setId: given, note }) =>
      run((ctx) => {
        const setId = setIdOf(given)
        abandonIssuance(ctx, setId, requiredText(note, 500, 'why the set is abandoned'))
        pending.drop(setId)
        return setView(stateOf(ctx), setId)
      }),

    'sets.list': ({ methodId }) => run((ctx) => ({ sets: setViews(stateOf(ctx), methodId) })),
  }
}
