#!/usr/bin/env node
// Makes sure better-sqlite3's native build matches who is about to load it:
//   node scripts/ensure-native.mjs node      -> node_modules holds the Node build (npm test, CLI)
//   node scripts/ensure-native.mjs electron  -> .native/electron/better_sqlite3.node holds the
//                                               Electron build (npm start; main/app passes it
//                                               as better-sqlite3's nativeBinding)
// Both builds coexist, so switching between `npm test` and `npm start` costs nothing after the
// first time. The node check is a fast no-op when the Node build already loads.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const mode = process.argv[2]

function fail(message) {
  console.error(`ensure-native: ${message}`)
  process.exit(1)
}

function run(command, args, cwd, env = {}) {
  const merged = { ...process.env, ...env }
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key]
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: merged })
  return result.status === 0
}

/** npm passes its config to scripts as npm_config_*; a nodedir or target there would make
 * node-gyp build against the wrong headers, so the Electron build ignores them. */
const ELECTRON_BUILD_ENV = {
  npm_config_nodedir: undefined,
  npm_config_target: undefined,
  npm_config_runtime: undefined,
  npm_config_disturl: undefined,
  npm_config_arch: undefined,
}

function nodeBuildLoads() {
  // In a child process: a failed dlopen must not poison this process, and the check must see
  // exactly what `node` will see after a rebuild.
  const probe = "const D=require('better-sqlite3');new D(':memory:').prepare('select 1').get()"
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0
}

function ensureNode() {
  if (nodeBuildLoads()) return
  console.log('ensure-native: better-sqlite3 in node_modules is not built for this Node; rebuilding it…')
  // better-sqlite3's own install script: prebuild-install (seconds), else node-gyp from source.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  if (!run(npm, ['rebuild', 'better-sqlite3'], root, { npm_config_runtime: undefined, npm_config_target: undefined })) {
    fail('rebuilding better-sqlite3 for Node failed; see the output above (a C++ toolchain may be needed).')
  }
  if (!nodeBuildLoads()) fail('better-sqlite3 still does not load in Node after the rebuild.')
  console.log('ensure-native: better-sqlite3 is built for Node.')
}

function ensureElectron() {
  const electronPkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'))
  const electronDir = dirname(require.resolve('electron/package.json'))
  if (!process.env.CUSTOS_SKIP_ELECTRON_CHECK && !existsSync(join(electronDir, 'path.txt'))) {
    fail(
      'the Electron binary is not installed (it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD). ' +
        'Run "node node_modules/electron/install.js" on a machine with internet access, then npm start again.',
    )
  }
  const sqlitePkgPath = require.resolve('better-sqlite3/package.json')
  const sqliteDir = dirname(sqlitePkgPath)
  const sqliteVersion = JSON.parse(readFileSync(sqlitePkgPath, 'utf8')).version
  const stamp = {
    electron: electronPkg.version,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  }
  const outDir = join(root, '.native', 'electron')
  const target = join(outDir, 'better_sqlite3.node')
  const stampFile = join(outDir, 'build.json')
  if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) return

  console.log(`ensure-native: building better-sqlite3 ${sqliteVersion} for Electron ${electronPkg.version}…`)
  // Build in a private copy so the Node build in node_modules is never touched.
  const work = join(outDir, 'work', 'better-sqlite3')
  rmSync(join(outDir, 'work'), { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  cpSync(sqliteDir, work, {
    recursive: true,
    filter: (src) => !src.startsWith(join(sqliteDir, 'build')) && !src.startsWith(join(sqliteDir, 'node_modules')),
  })
  const target_ = ['--runtime=electron', `--target=${electronPkg.version}`, `--arch=${process.arch}`]
  const prebuilt = run(
    process.execPath,
    [require.resolve('prebuild-install/bin.js'), ...target_, `--platform=${process.platform}`],
    work,
    ELECTRON_BUILD_ENV,
  )
  if (!prebuilt) {
    console.log('ensure-native: no prebuilt binary; compiling from source with node-gyp…')
    const built = run(
      process.execPath,
      [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', ...target_, '--dist-url=https://electronjs.org/headers'],
      work,
      ELECTRON_BUILD_ENV,
    )
    if (!built) {
      rmSync(join(outDir, 'work'), { recursive: true, force: true })
      fail('building better-sqlite3 for Electron failed; see the output above (it needs internet access once).')
    }
  }
  const binary = join(work, 'build', 'Release', 'better_sqlite3.node')
  if (!existsSync(binary)) fail(`the Electron build did not produce ${binary}.`)
  copyFileSync(binary, target)
  writeFileSync(stampFile, JSON.stringify(stamp))
  rmSync(join(outDir, 'work'), { recursive: true, force: true })
  console.log(`ensure-native: Electron build of better-sqlite3 ready in ${target}.`)
}

if (mode === 'node') ensureNode()
else if (mode === 'electron') ensureElectron()
else fail('say which runtime: "node scripts/ensure-native.mjs node" or "… electron".')
