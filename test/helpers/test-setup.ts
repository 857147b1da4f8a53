// Runs before every test file: the vault keys are sealed under a passphrase, which tests give
// the way scripts and CI do (CUSTOS_PASSPHRASE_FILE), at a cheap sealing cost (tests only).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setSealingCostForTests } from '../../main/core/vault/key-file'

export const TEST_PASSPHRASE = 'test passphrase for custos vaults'

if (!process.env.CUSTOS_PASSPHRASE_FILE) {
  const dir = mkdtempSync(join(tmpdir(), 'custos-passphrase-'))
  const file = join(dir, 'passphrase')
  writeFileSync(file, `${TEST_PASSPHRASE}\n`, { mode: 0o600 })
  process.env.CUSTOS_PASSPHRASE_FILE = file
  // One per test process; gone when the process ends (its children have ended by then).
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
}
// The test build of the CLI (test/helpers/cli-test-entry.ts) reads this too; the shipped one never does.
process.env.CUSTOS_TEST_SEALING_LOG2N ??= '12'
setSealingCostForTests(Number(process.env.CUSTOS_TEST_SEALING_LOG2N))
