// CLI start-up benchmark: wall time of whole `custos` processes (the compiled out/cli/custos.mjs
// that bin/custos.js starts, built first from the current sources) for --help, inspect and log
// verify on a 1,000-entry vault, beside `node -e 0` measured in the same run. On Linux the
// children's CPU time is reported too (it varies less than wall time on a busy machine).
// One JSON object per line.
// Run: npx tsx test/bench/cli.bench.ts [runs=9]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { buildCli, CLI_ENTRY } from '../../scripts/build-cli.mjs'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { openVault } from '../../main/core/vault/vault-store'
import type { VaultEvent } from '../../shared/events'
import { report } from './bench-stats'

const runs = Number(process.argv[2] ?? 9)
const BIN = fileURLToPath(new URL('../../bin/custos.js', import.meta.url))
const ENTRIES = 1000
const TARGET_MS = 300
const dir = mkdtempSync(join(tmpdir(), 'custos-bench-cli-'))
const dataDir = join(dir, 'vault')
const shareDir = join(dir, 'shares')
// Scripts unlock the vault keys with a passphrase file (CUSTOS_PASSPHRASE_FILE); so does the bench.
const passphraseFile = join(dir, 'passphrase')
writeFileSync(passphraseFile, 'cli start-up bench passphrase\n', { mode: 0o600 })
process.env.CUSTOS_PASSPHRASE_FILE = passphraseFile
const env = { ...process.env, CUSTOS_DATA_DIR: dataDir }

function custos(args: string[], input?: string): string {
  const run = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`custos ${args.join(' ')} exited ${run.status}: ${run.stderr}`)
  return run.stdout
}

/** CPU time (user + system, ms) of this process's finished children; Linux only (10 ms ticks). */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[13]) + Number(fields[14])) * 10
  } catch {
    return undefined
  }
}

/** Median, p95 and min wall time (and median CPU) of `runs` whole processes after one warm-up. */
function time(command: string, argv: string[]): void {
  spawnSync(process.execPath, argv, { env, stdio: 'ignore' })
  const times: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const cpuBefore = childrenCpuMs()
    const start = performance.now()
    const run = spawnSync(process.execPath, argv, { env, stdio: 'ignore' })
    times.push(performance.now() - start)
    const cpuAfter = childrenCpuMs()
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore)
    if (run.status !== 0) throw new Error(`${command} exited ${run.status}`)
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  times.sort((a, b) => a - b)
  const ms = (t: number) => Math.round(t * 10) / 10
  report({
    bench: 'cli.startup',
    command,
    runs,
    medianMs: ms(median(times)),
    p95Ms: ms(times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!),
    minMs: ms(times[0]!),
    ...(cpu.length === runs ? { cpuMedianMs: median(cpu) } : {}),
    ...(command.startsWith('custos') ? { targetMs: TARGET_MS } : {}),
  })
}

try {
  // The command as it is now: out/cli/ built from the current sources.
  await buildCli()
  // A vault with 1,000 logbook entries: init and one split through the CLI, the rest appended
  // in one transaction (set.issued entries, as the logbook benchmark uses).
  custos(['init', '--name', 'CLI start-up bench'])
  custos(['split', '--threshold', '2', '--shares', '3', '--out', shareDir], JSON.stringify({ kind: 'generic', fields: { password: 'bench' } }))
  const { key } = openVault(dataDir)
  const log = openLogbook(dataDir, key)
  const events: VaultEvent[] = []
  for (let i = log.head().size; i < ENTRIES; i++) {
    events.push({
      type: 'set.issued',
      setId: ('00000000' + i.toString(32).toUpperCase()).slice(-8).replace(/[ILOU]/g, 'X'),
      threshold: 3,
      total: 5,
      label: `bench set ${i}`,
      vaultFingerprint: key.fingerprint,
      shareFingerprints: ['0123456789ABCDEF', '0123456789ABCDEG', '0123456789ABCDEH', '0123456789ABCDEJ', '0123456789ABCDEK'],
    })
  }
  log.appendAll('bench', events)
  log.close()
  const share = join(shareDir, readdirSync(shareDir).sort()[0]!)

  time('node -e 0', ['-e', '0'])
  time('custos --help', [CLI_ENTRY, '--help'])
  time('custos inspect FILE', [CLI_ENTRY, 'inspect', share])
  time(`custos log verify (${ENTRIES} entries)`, [CLI_ENTRY, 'log', 'verify'])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
