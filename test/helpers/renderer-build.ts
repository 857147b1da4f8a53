// Builds the renderer once per source state for every e2e file: the bundle is cached under
// node_modules/.cache keyed by a hash of renderer/, shared/ and the vite config, and a lock
// makes parallel test files wait for one build instead of each spending CPU on their own.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { join, relative } from 'node:path'
import { build } from 'vite'
import { rendererViteConfig } from '../../electron.vite.config'

const ROOT = join(import.meta.dirname, '..', '..')
const CACHE = join(ROOT, 'node_modules', '.cache', 'custos-e2e-renderer')

function sourceHash(): string {
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0')
    }
  }
  walk(join(ROOT, 'renderer'))
  walk(join(ROOT, 'shared'))
  hash.update(readFileSync(join(ROOT, 'electron.vite.config.ts')))
  hash.update(readFileSync(join(ROOT, 'package-lock.json')))
  return hash.digest('hex').slice(0, 16)
}

/** A build lock older than this was left by a test process that died mid-build. */
const STALE_LOCK_MS = 5 * 60_000

/** The directory holding the built renderer for the current sources (built on first use). */
export async function builtRenderer(): Promise<string> {
  const dir = join(CACHE, sourceHash())
  const lock = `${dir}.lock`
  mkdirSync(CACHE, { recursive: true })
  for (;;) {
    if (existsSync(join(dir, 'index.html'))) return dir
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const held = statSync(lock, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true })
      await sleep(250)
    }
  }
  try {
    if (!existsSync(join(dir, 'index.html'))) await buildInto(dir)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
  return dir
}

async function buildInto(dir: string): Promise<void> {
  const staging = `${dir}.${process.pid}.tmp`
  await build({ configFile: false, ...rendererViteConfig(staging) })
  writeFileSync(join(staging, '.complete'), '')
  try {
    renameSync(staging, dir)
  } catch {
    // Another test file finished the same build first: use theirs.
    rmSync(staging, { recursive: true, force: true })
  }
}
