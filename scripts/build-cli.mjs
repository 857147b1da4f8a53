#!/usr/bin/env node
// Compiles the `custos` command line with esbuild into out/cli/ (part of `npm run build`):
// custos.mjs runs the command, index.mjs exports main() for the packaged app's `--cli`.
// Small pure-JS packages (zod, commander, @noble/*, …) are bundled in: reading one file is
// much faster than resolving zod's 200 modules. The packages in EXTERNAL stay in node_modules
// (a native module, libraries that read data files beside their code, and the big lazily
// loaded ones); each lazily imported module becomes its own chunk, so `custos --help` never
// loads pdfkit, @aws-sdk, zxing-wasm or node-forge.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_OUT_DIR = join(ROOT, 'out', 'cli')
/** The runnable command: bin/custos.js and the tests start this file. */
export const CLI_ENTRY = join(CLI_OUT_DIR, 'custos.mjs')
/** Loaded from node_modules at run time, never bundled. */
const EXTERNAL = [
  'better-sqlite3', // native: loaded by path, the Electron or Node build
  'pdfkit', // reads its AFM data files beside its own code
  'fontkit',
  '@signpdf/*',
  'zxing-wasm',
  'zxing-wasm/*', // reads its .wasm file from node_modules
  '@aws-sdk/*', // big, and loaded only by the aws commands
  'node-forge',
  'electron',
]
/** Bundled CommonJS packages call require() for Node's modules: give them a real one. */
const BANNER = "import { createRequire as __custosCreateRequire } from 'node:module'; const require = __custosCreateRequire(import.meta.url);"
/** Chunks no entry has used for this long are removed (a running process may still load an older one). */
const STALE_CHUNK_MS = 15 * 60_000

/**
 * Builds `entryPoints` ({ outName: sourcePath }) into `outDir`. The files are built in a
 * staging folder and moved in chunks first, entries last, each by an atomic rename, so
 * processes that start the command while another build runs (parallel test files, several
 * terminals) see either the old or the new build, never half of one.
 */
export async function buildCli({ outDir = CLI_OUT_DIR, entryPoints = defaultEntries(), define = {} } = {}) {
  const { build } = await import('esbuild')
  const staging = `${outDir}.${process.pid}.${Date.now()}.tmp`
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints,
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: EXTERNAL,
      // ESM builds first: UMD wrappers (jsonc-parser's) hide their require()s from the bundler.
      mainFields: ['module', 'main'],
      banner: { js: BANNER },
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      define,
      logLevel: 'warning',
      legalComments: 'none',
    })
    const entryFiles = new Set(Object.keys(entryPoints).map((name) => `${name}.mjs`))
    const files = listFiles(staging)
    mkdirSync(join(outDir, 'chunks'), { recursive: true })
    for (const file of files.filter((f) => !entryFiles.has(f))) install(staging, outDir, file)
    for (const file of files.filter((f) => entryFiles.has(f))) install(staging, outDir, file)
    removeStaleChunks(outDir, new Set(files))
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

export function defaultEntries() {
  return { custos: 'main/cli/run.ts', index: 'main/cli/index.ts' }
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)]
  })
}

function install(staging, outDir, file) {
  const target = join(outDir, file)
  mkdirSync(dirname(target), { recursive: true })
  // A chunk's name carries its content hash: one already there is the same file.
  if (file.startsWith('chunks') && existsSync(target)) return
  const temp = `${target}.${process.pid}.tmp`
  copyFileSync(join(staging, file), temp)
  renameSync(temp, target)
}

function removeStaleChunks(outDir, current) {
  const chunks = join(outDir, 'chunks')
  for (const name of readdirSync(chunks)) {
    const file = join('chunks', name)
    if (current.has(file)) continue
    const path = join(chunks, name)
    if (Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --clean (npm run build, before packaging): drop chunks of earlier builds so none is packed.
  if (process.argv.includes('--clean')) rmSync(CLI_OUT_DIR, { recursive: true, force: true })
  await buildCli()
}
