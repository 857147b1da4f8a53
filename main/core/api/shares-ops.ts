// Shares outside a ceremony: split into share files (and printable sheets) in folders chosen
// through the desktop port, and the verify-only check of printed sheets (nothing logged, the
// credential opened in memory only to check that the set recombines, never returned).
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import { stagePrivateFile, type StagedFile } from '../files/private-file'
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
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new CustosError('FILE_UNREADABLE', `Cannot create the folder ${path} for the share files: ${code}. Choose a folder you can write to.`, { path, reason: code })
  }
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
      // Every refusal comes before the log entry: the folder, the PDF name, the rendering, the writes.
      const folderIsNew = !existsSync(folder)
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
      const { setId, threshold, total, label } = result.header
      // All or nothing: every file is written and synced under a temporary name first, then the
      // set is logged, then the files are put in place. A share is never in place unlogged.
      const staged: StagedFile[] = []
      const undo = () => {
        for (const f of staged) f.discard()
        if (folderIsNew) rmdirSync(folder, { recursive: false }) // only the empty folder this run made
      }
      try {
        result.payloads.forEach((payload, i) => staged.push(stagePrivateFile(join(folder, `${setId}-share-${i + 1}-of-${total}.txt`), payload + '\n')))
        if (pdfPath && pdf) staged.push(stagePrivateFile(pdfPath, pdf))
        recordSetIssued(vault.dataDir, vault.key, deps.clock, localActor(), result.header, result.payloads)
      } catch (error) {
        try {
          undo()
        } catch {
          // the temporary files are gone already; a folder we cannot remove is harmless and empty
        }
        if (error instanceof CustosError) {
          throw new CustosError(
            error.code,
            `${error.message} Nothing was changed: set ${setId} was not recorded in the logbook and no share file or sheets PDF was written.`,
            { ...error.details, changed: 'nothing' },
          )
        }
        throw error
      }
      const files: string[] = []
      try {
        for (const f of staged) {
          f.commit()
          if (f.path !== pdfPath) files.push(f.path)
        }
      } catch (error) {
        for (const f of staged) f.discard()
        const put = staged.filter((f) => existsSync(f.path)).map((f) => f.path)
        const why = error instanceof CustosError ? error.message : String(error)
        throw new CustosError(
          'FILE_UNREADABLE',
          `${why} Set ${setId} IS recorded in the logbook as issued, but not every file was put in place` +
            (put.length ? ` (written: ${put.join(', ')}).` : ' (none was written).') +
            ' Delete any share files of it, then split again and record the set as destroyed if your runbook asks.',
          { setId, changed: 'logged', written: put },
        )
      }
      return {
        saved: true,
        setId,
        threshold,
        total,
        label,
        folder,
        files,
        // Two pages per sheet: its face, then its custody record on the back.
        ...(pdfPath ? { sheets: { path: pdfPath, pages: 2 * result.payloads.length * copies } } : {}),
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
