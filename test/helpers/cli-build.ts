// The compiled `custos` for tests: the shipped build in out/cli/ (what bin/custos.js starts)
// and a test build with a pinned clock (cli-test-entry.ts), rebuilt when any source is newer.
// A lock makes parallel test files wait for one build instead of each running esbuild.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildCli, CLI_ENTRY } from '../../scripts/build-cli.mjs'

const ROOT = join(import.meta.dirname, '..', '..')
const TEST_DIR = join(ROOT, 'node_modules', '.cache', 'custos-test-cli')
const TEST_ENTRY = join(TEST_DIR, 'custos-test.mjs')
const SOURCES = ['main/cli', 'main/core', 'shared', 'test/helpers/cli-test-entry.ts', 'scripts/build-cli.mjs'].map((p) => join(ROOT, p))
const LOCK = join(ROOT, 'node_modules', '.cache', 'custos-cli-build.lock')
/** A build lock older than this was left by a test process that died mid-build. */
const STALE_LOCK_MS = 2 * 60_000

export interface BuiltCli {
  /** out/cli/custos.mjs: exactly what `npx custos` and the packaged app run. */
  shipped: string
  /** The same CLI started by cli-test-entry.ts, which pins the clock to CUSTOS_FAKE_NOW. */
  test: string
}

let ready: Promise<BuiltCli> | undefined

/** Both builds, fresh for the sources as they are now (built at most once per test process). */
export function builtCli(): Promise<BuiltCli> {
  ready ??= ensureBuilt()
  return ready
}

function newestSource(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))))
}

function fresh(): boolean {
  const newest = Math.max(...SOURCES.map(newestSource))
  return [CLI_ENTRY, TEST_ENTRY].every((entry) => (statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= newest)
}

async function ensureBuilt(): Promise<BuiltCli> {
  const built = { shipped: CLI_ENTRY, test: TEST_ENTRY }
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true })
  for (;;) {
    if (fresh()) return built
    try {
      mkdirSync(LOCK)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const held = statSync(LOCK, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      await sleep(200)
    }
  }
  try {
    if (!fresh()) {
      await buildCli()
      await buildCli({ outDir: TEST_DIR, entryPoints: { 'custos-test': 'test/helpers/cli-test-entry.ts' } })
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
  return built
}
