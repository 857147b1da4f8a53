// The recovery kit as a contract operation: the app's save dialog (a folder) or the CLI's
// --out; each set's kit travels with its sheets so a quorum can recover on any machine.
import type { Api } from '../../../shared/api'
import { writeRecoveryKit } from '../recovery/recovery-kit'
import type { ApiDeps } from './api-deps'
import { requireDesktop } from './workflow-context'

export type KitOpName = 'recoveryKit.save'

export function kitOps(deps: ApiDeps): Pick<Api, KitOpName> {
  return {
    'recoveryKit.save': async () => {
      const desktop = requireDesktop(deps, 'Saving the recovery kit')
      const dir = await desktop.showSaveDialog({ title: 'Save the recovery kit (a new folder)', defaultName: 'custos-recovery-kit' })
      if (!dir) return { saved: false, files: [] }
      const kit = writeRecoveryKit(dir)
      return { saved: true, path: kit.dir, files: kit.files }
    },
  }
}
