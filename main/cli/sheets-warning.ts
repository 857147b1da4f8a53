// The warning every command prints when it leaves a sheets PDF on disk: the file holds every
// share of the set, so it alone is the whole credential (issue 18). Said the same way everywhere.
import { groupForDisplay } from '../../shared/share-format'
import type { CliContext } from './context'

/** `check` is the command that scans the printout back (custos sheets verify, or ceremony verify for a ceremony set). */
export function warnSheetsOnDisk(ctx: CliContext, path: string, setId: string, check = `custos ceremony verify --set ${setId}`): void {
  ctx.io.stderr(
    `WARNING: ${path} holds every share of set ${groupForDisplay(setId)}: anyone with this file holds the credential. ` +
      `Print it (double-sided: each sheet's custody record is on its back), check the printout (${check}), then delete the file.\n`,
  )
}
