// App operations over a long logbook: each vault is built fast through the real store (big
// append transactions), then every operation is timed cold (first call in the process: open,
// verify and fold once) and warm (the kept state advanced by what was appended since).
// Target: warm ≤50 ms at 10k entries, not growing with the log. Peak RSS at 100k is printed.
// Run: npx tsx test/bench/logbook-ops.bench.ts [sizes=1000,10000,100000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fixedClock } from '../../main/core/clock'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import { openVault } from '../../main/core/vault/vault-store'
import type { VaultEvent } from '../../shared/events'

const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number)
const emit = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n')
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-ops-'))
  const dataDir = join(dir, 'vault')
  const clock = fixedClock('2026-01-01T00:00:00Z')
  const api = createApi({ dataDir, clock })
  const call = async (name: string, input: unknown) => {
    const r = await dispatch(api, name, input)
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`)
    return r.value
  }
  await call('vault.init', { name: `Bench ${size}` })
  await call('methods.add', {
    methodId: 'aws-prod', name: 'AWS production key', scope: 'AWS 123456789012', ownerTeam: 'Cloud', useCases: ['Restore access'], access: 'Admin',
    policy: { threshold: 2, total: 3 },
  })
  for (let i = 0; i < 12; i++) await call('custodians.add', { name: `Custodian ${i}`, contact: '+41 44 000 00 00', team: 'Ops' })
  closeSharedLogbooks()

  // Fill to `size` entries through the real store: custodian changes and roster reviews, the
  // everyday entries a long-lived vault collects, 5,000 per transaction.
  const t0 = performance.now()
  {
    const log = openLogbook(dataDir, openVault(dataDir).key, { clock })
    let n = log.head().size
    while (n < size) {
      const batch: VaultEvent[] = []
      for (let j = 0; j < 5000 && n + batch.length < size; j++) {
        const k = n + batch.length
        batch.push(k % 3 === 0 ? { type: 'roster.reviewed', reviewer: `Reviewer ${k}` } : { type: 'custodian.updated', custodianId: `custodian-${k % 12}`, contact: `+41 44 ${k}` })
      }
      clock.advance(1000)
      n += log.appendAll('bench', batch).length
    }
    log.close()
  }
  emit({ bench: 'logbook-ops.build', entries: size, seconds: +((performance.now() - t0) / 1000).toFixed(2), note: 'appendAll through the real store, 5000 per transaction' })

  const rssBefore = process.memoryUsage().rss
  const time = async (label: string, name: string, input: unknown) => {
    const t = performance.now()
    await call(name, input)
    return { label, ms: +(performance.now() - t).toFixed(1) }
  }
  const results: { label: string; ms: number }[] = []
  clock.advance(1000)
  results.push(await time('custodians.list (cold: open, verify, fold once)', 'custodians.list', {}))
  for (const [label, name, input] of [
    ['custodians.list', 'custodians.list', {}],
    ['methods.list', 'methods.list', {}],
    ['obligations.list', 'obligations.list', {}],
    ['custodians.add (first signature: unlocks the sealed key)', 'custodians.add', { name: 'Late Joiner', contact: '+41 44 000 00 99', team: 'Ops' }],
    ['custodians.add', 'custodians.add', { name: 'Later Joiner', contact: '+41 44 000 00 98', team: 'Ops' }],
    ['custodians.list after an add', 'custodians.list', {}],
    ['custodians.update', 'custodians.update', { custodianId: 'late-joiner', team: 'SRE' }],
    ['methods.update', 'methods.update', { methodId: 'aws-prod', scope: 'AWS 123456789012 prod' }],
    ['log.entries (latest 50)', 'log.entries', { limit: 50, newestFirst: true }],
  ] as const) {
    results.push(await time(label, name, input))
  }
  const verify = await time('log.verify (the whole check, streamed)', 'log.verify', {})
  closeSharedLogbooks()
  const maxRss = process.resourceUsage().maxRSS * 1024
  for (const r of results) emit({ bench: 'logbook-ops.op', entries: size, op: r.label, ms: r.ms, ...(r.label.includes('cold') || r.label.includes('unlocks') ? {} : { target: '<=50ms at 10k' }) })
  emit({ bench: 'logbook-ops.verify', entries: size, ms: verify.ms })
  emit({ bench: 'logbook-ops.memory', entries: size, rssBeforeOpsMB: mb(rssBefore), peakRssMB: mb(maxRss), note: 'peak RSS of the whole bench process so far (rows are streamed, never read into arrays)' })
  rmSync(dir, { recursive: true, force: true })
}
