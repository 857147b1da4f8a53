// Shares outside a ceremony: split into share files (and printable sheets) in folders chosen
// through the desktop port, and the verify-only check of printed sheets (nothing logged, the
// credential opened in memory only to check that the set recombines, never returned).
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import { writePrivateFile } from '../files/private-file'
import { localActor, recordSetIssued } from '../logbook/record'
import { combineShares } from '../shares/combine'
import { splitBundle } from '../shares/split'
import { verifyScanItems } from '../sheets/scan-back'
import { renderSheetsPdf } from '../sheets/sheet-pdf'
import { openVault } from '../vault/vault-store'
import type { ApiDeps } from './api-deps'
import { requireDesktop, setIdOf } from './workflow-context'

export type SharesOpName = 'shares.splitToFiles' | 'sheets.verify' | 'shares.check'

/** An empty or new folder, so no share of an earlier run is overwritten; made 0700 when new. */
function prepareEmptyFolder(path: string): void {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${path} is a file; the share files need an empty or new folder.`, { path, reason: 'file' })
    }
    if (readdirSync(path).length > 0) {
      throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${path} is not empty. Choose an empty or new folder so no earlier share is overwritten.`, { path, reason: 'not-empty' })
    }
    return
  }
  mkdirSync(path, { recursive: true, mode: 0o700 })
}

export function sharesOps(deps: ApiDeps): Pick<Api, SharesOpName> {
  return {
    'shares.splitToFiles': async (input) => {
      const desktop = requireDesktop(deps, 'Writing share files')
      const vault = openVault(deps.dataDir)
      const folder = await desktop.showSaveDialog({ title: 'Choose a new, empty folder for the share files', defaultName: 'custos-shares' })
      if (!folder) return { saved: false }
      const pdfPath = input.sheets
        ? await desktop.showSaveDialog({ title: 'Save the printable sheets', defaultName: 'custos-sheets.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] })
        : undefined
      if (input.sheets && !pdfPath) return { saved: false }
      const copies = input.sheets?.copies ?? 1
      const result = splitBundle({ bundle: input.bundle, threshold: input.threshold, total: input.total, copies, ...(input.label !== undefined ? { label: input.label } : {}) }, vault.key)
      // Every refusal comes before the log entry: the folder, the PDF name, the rendering.
      prepareEmptyFolder(folder)
      if (pdfPath && existsSync(pdfPath)) {
        throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${pdfPath} already exists. Choose a new file name for the sheets so no earlier sheets are overwritten.`, { path: pdfPath, reason: 'exists' })
      }
      const pdf = pdfPath
        ? await renderSheetsPdf({
            // Each printed copy carries its own signed copy number (share format 2).
            payloads: result.sheets.map((sheet) => sheet.payload),
            issuedAt: deps.clock.now(),
            copies,
            pageSize: input.sheets?.pageSize ?? 'A4',
            ...(input.sheets?.emergencyContact ? { emergencyContact: input.sheets.emergencyContact } : {}),
          })
        : undefined
      // Fail closed: the set is in the logbook before any share leaves memory.
      recordSetIssued(vault.dataDir, vault.key, deps.clock, localActor(), result.header, result.payloads)
      const { setId, threshold, total, label } = result.header
      const files = result.payloads.map((payload, i) => {
        const file = join(folder, `${setId}-share-${i + 1}-of-${total}.txt`)
        writePrivateFile(file, payload + '\n', { exclusive: true })
        return file
      })
      if (pdfPath && pdf) writePrivateFile(pdfPath, pdf, { exclusive: true })
      return {
        saved: true,
        setId,
        threshold,
        total,
        label,
        folder,
        files,
        ...(pdfPath ? { sheets: { path: pdfPath, pages: result.payloads.length * copies } } : {}),
      }
    },

    'shares.check': async ({ shares }) => {
      const vault = openVault(deps.dataDir)
      // The bundle is dropped here: only whether and how the set opened leaves this function.
      const { header, used, notices, rejected } = combineShares(shares, vault.key)
      return { setId: header.setId, threshold: header.threshold, total: header.total, label: header.label, recombines: true, used, notices, rejected }
    },

    'sheets.verify': async ({ setId, copies, sheets }) => {
      const vault = openVault(deps.dataDir)
      const report = verifyScanItems({
        vault: vault.key,
        setId: setIdOf(setId),
        items: sheets.map((s) => ('payload' in s ? { source: s.source, payload: s.payload } : { source: s.source, unread: s.unread })),
        ...(copies !== undefined ? { copies } : {}),
      })
      return {
        setId: report.setId,
        ok: report.ok,
        ...(report.threshold !== undefined ? { threshold: report.threshold } : {}),
        ...(report.total !== undefined ? { total: report.total } : {}),
        sheets: report.sheets.map((s) => ({
          source: s.source,
          ...(s.index !== undefined ? { index: s.index } : {}),
          ok: s.ok,
          ...(s.problem ? { problem: s.problem } : {}),
        })),
        seen: report.seen.map((s) => ({ index: s.index, copies: s.copies })),
        missingIndexes: report.missingIndexes,
        recombines: report.recombines,
        problems: report.problems,
      }
    },
  }
}
