// The backend behind the contract: one plain object of async functions over main/core's
// services. Every transport (Electron IPC, the loopback test host) binds this same object.
import type { Api } from '../../../shared/api'
import type { Clock } from '../clock'
import { combineShares } from '../shares/combine'
import { splitBundle } from '../shares/split'
import { openVault, vaultExists } from '../vault/vault-store'
import { inspectShare } from '../shares/inspect'

export interface ApiDeps {
  dataDir: string
  clock: Clock
}

export function createApi(deps: ApiDeps): Api {
  const vault = () => openVault(deps.dataDir)
  return {
    'vault.status': async () => {
      if (!vaultExists(deps.dataDir)) return { dataDir: deps.dataDir, initialized: false }
      const { info } = vault()
      return {
        dataDir: deps.dataDir,
        initialized: true,
        name: info.name,
        fingerprint: info.fingerprint,
        createdAt: info.createdAt,
      }
    },
    'shares.inspect': async (input) => inspectShare(input, vaultExists(deps.dataDir) ? vault().key : undefined),
    'shares.split': async (input) => {
      const result = splitBundle(input, vault().key)
      return { header: result.header, payloads: result.payloads }
    },
    'shares.combine': async ({ shares }) => combineShares(shares, vault().key),
  }
}

