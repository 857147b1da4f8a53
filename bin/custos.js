#!/usr/bin/env node
// The `custos` command (npx custos, npm run custos): starts the compiled CLI in out/cli/.
// In a source checkout it first (re)builds it with esbuild when it is missing or older than
// the sources, so `npx custos` works straight after `npm ci` and after every edit.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const entry = join(root, 'out', 'cli', 'custos.mjs')
const sources = ['main/cli', 'main/core', 'shared'].map((dir) => join(root, dir))

/** The newest modification time under `dir` (a few hundred stats: about a millisecond). */
function newestMtime(dir) {
  let newest = 0
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name)
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const built = statSync(entry, { throwIfNoEntry: false })
const inCheckout = sources.every((dir) => existsSync(dir))
if (!built || (inCheckout && Math.max(...sources.map(newestMtime)) > built.mtimeMs)) {
  const { buildCli } = await import('../scripts/build-cli.mjs')
  await buildCli()
}
await import('../out/cli/custos.mjs')
