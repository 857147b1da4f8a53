// Crash safety: a child appending in a loop is killed with SIGKILL at random moments; after
// each kill the log opens, verifies, holds no partial transaction and loses no confirmed entry.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { keyFromSeed, makeLog } from './logbook-helpers'

const CHILD_SOURCE = fileURLToPath(new URL('./fixtures/append-child.ts', import.meta.url))
// Bundled once to plain JS inside the repo (so its packages resolve from node_modules): each child then
// starts in a fraction of the time tsx would take, and 20 rounds stay quick.
const CHILD = fileURLToPath(new URL('../artifacts/logbook-crash/append-child.mjs', import.meta.url))

beforeAll(async () => {
  mkdirSync(fileURLToPath(new URL('../artifacts/logbook-crash/', import.meta.url)), { recursive: true })
  await build({ entryPoints: [CHILD_SOURCE], bundle: true, platform: 'node', format: 'esm', outfile: CHILD, packages: 'external', logLevel: 'error' })
})
const ROUNDS = 20

function runAndKill(dir: string, seed: number, killAfterMs: number, afterReady: boolean): Promise<{ confirmed: Map<number, string>; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] })
    const confirmed = new Map<number, string>()
    let buffer = ''
    let stderr = ''
    const kill = () => setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    if (!afterReady) kill()
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl: number
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line === 'ready') {
          if (afterReady) kill()
          continue
        }
        const [seq, hash] = line.split(' ')
        confirmed.set(Number(seq), hash!)
      }
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed: ${stderr}`))
      else resolve({ confirmed, signal })
    })
  })
}

describe('the logbook across crashes', () => {
  it(`survives ${ROUNDS} SIGKILLs at random moments without losing a confirmed entry`, async () => {
    const seed = 5
    const { dir } = makeLog(1, keyFromSeed(seed))
    const key = keyFromSeed(seed)
    const allConfirmed = new Map<number, string>()
    const kills: { afterReady: boolean; ms: number; confirmed: number; size: number }[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // Most kills land mid-append; every fourth lands during start-up and opening.
      const afterReady = round % 4 !== 3
      const ms = afterReady ? Math.floor(Math.random() * 120) : Math.floor(Math.random() * 150)
      const { confirmed } = await runAndKill(dir, seed, ms, afterReady)
      for (const [seq, hash] of confirmed) allConfirmed.set(seq, hash)

      const log = openLogbook(dir, key) // read-write open: recovers the WAL and verifies, or throws
      try {
        const report = log.verify([], { signatures: 'all' })
        expect(report.problem).toBeUndefined()
        const entries = log.entries()
        const bySeq = new Map(entries.map((e) => [e.seq, e]))
        for (const [seq, hash] of allConfirmed) expect(bySeq.get(seq)?.hash, `confirmed entry ${seq}`).toBe(hash)
        // No partial transaction: every "-1" of a pair is followed by its "-2".
        for (const e of entries.slice(1)) {
          const label = (e.event as { label: string }).label
          if (label.endsWith('-1')) expect((bySeq.get(e.seq + 1)?.event as { label?: string })?.label).toBe(label.replace(/-1$/, '-2'))
          if (label.endsWith('-2')) expect((bySeq.get(e.seq - 1)?.event as { label?: string })?.label).toBe(label.replace(/-2$/, '-1'))
        }
        kills.push({ afterReady, ms, confirmed: confirmed.size, size: report.size })
      } finally {
        log.close()
      }
    }
    // The child really was appending when it died in most rounds.
    expect(kills.filter((k) => k.confirmed > 0).length).toBeGreaterThanOrEqual(ROUNDS / 2)
    expect(allConfirmed.size).toBeGreaterThan(0)
    console.log(JSON.stringify({ crashRounds: kills.length, confirmedEntries: allConfirmed.size, finalSize: kills.at(-1)?.size }))
  }, 180_000)
})
