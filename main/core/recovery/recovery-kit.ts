// Writes the recovery kit: the one-file recover.html (built by scripts/build-recovery-kit.mjs),
// a plain-language README, the format spec and SHA256SUMS, into a new or empty folder.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CustosError } from '../../../shared/errors'
import { writePrivateFile } from '../files/private-file'

export const KIT_FILES = ['recover.html', 'README.txt', 'FORMAT.md'] as const

let hostKitDir: string | undefined

/** The packaged app's copy of the built kit (extraResources), named by main/app at start. */
export function setRecoveryKitDir(dir: string | undefined): void {
  hostKitDir = dir
}

/** The built kit: the host's folder, else out/recovery-kit found upwards from this module. */
export function findRecoveryKitDir(): string {
  if (hostKitDir) return hostKitDir
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'out', 'recovery-kit')
    if (existsSync(join(candidate, 'recover.html'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new CustosError('INTERNAL', 'The recovery kit page is not built: run "npm run build" (it makes out/recovery-kit/recover.html).')
}

export interface WrittenKit {
  dir: string
  files: { name: string; bytes: number; sha256: string }[]
}

export function writeRecoveryKit(dir: string): WrittenKit {
  const source = findRecoveryKitDir()
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
      throw new CustosError('OUTPUT_DIR_NOT_EMPTY', `${dir} is not an empty folder. Choose a new or empty folder for the recovery kit.`, { path: dir })
    }
  } else {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 })
    } catch (error) {
      throw new CustosError('FILE_UNREADABLE', `Cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}. Choose a folder you can write to.`, { path: dir })
    }
  }
  const files = KIT_FILES.map((name) => {
    const bytes = readFileSync(join(source, name))
    // The kit holds nothing secret, but the same careful writer: whole files or none.
    writePrivateFile(join(dir, name), bytes, { exclusive: true })
    return { name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
  })
  // sha256sum's own format, so "sha256sum -c SHA256SUMS" checks the kit.
  writePrivateFile(join(dir, 'SHA256SUMS'), files.map((f) => `${f.sha256}  ${f.name}\n`).join(''), { exclusive: true })
  return { dir, files }
}
