// `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after the
// other (so they do not compete for the two cores), and passes their JSON lines through.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The benches make vaults, whose keys are sealed under a passphrase given as scripts give it.
if (!process.env.CUSTOS_PASSPHRASE_FILE) {
  const file = join(mkdtempSync(join(tmpdir(), 'custos-bench-')), 'passphrase')
  writeFileSync(file, 'bench passphrase for custos vaults\n', { mode: 0o600 })
  process.env.CUSTOS_PASSPHRASE_FILE = file
}

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const file of benches) {
  process.stderr.write(`# ${file}\n`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' })
  if (run.status !== 0) {
    failed++
    process.stdout.write(JSON.stringify({ bench: file, error: `exited with ${run.status}` }) + '\n')
  }
}
process.exitCode = failed ? 1 : 0
