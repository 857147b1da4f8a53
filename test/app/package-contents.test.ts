// What the desktop package ships, read from what electron-builder itself packs: the real
// electron-builder.yml (files, asar, extraResources, extraFiles, executableName) and
// production dependencies, built as a linux `dir` target around a stand-in Electron binary
// (the real one cannot be downloaded here; fuses and the native rebuild need it and are skipped).
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { extractFile, listPackage } from '@electron/asar'
import { build, Platform } from 'electron-builder'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sheetFontFiles } from '../../main/core/sheets/sheet-fonts'
import { builtCli } from '../helpers/cli-build'
import { makeTempDir } from '../helpers/temp-dir'

const ROOT = join(import.meta.dirname, '..', '..')
const tmp = makeTempDir('custos-package-')
afterAll(() => tmp.cleanup())
const appDir = join(tmp.path, 'dist', 'linux-unpacked')
const asarPath = join(appDir, 'resources', 'app.asar')
let files: string[] = []
let packedModules = new Set<string>()

/** Dev-only tools and libraries that must never reach an installed Custos. */
const DEV_ONLY = ['tsx', 'esbuild', 'vitest', 'vite', 'typescript', 'electron', 'electron-builder', 'electron-vite', 'react', 'react-dom', 'playwright-core', 'fast-check']

beforeAll(async () => {
  // The app as `npm run build` leaves it: out/main, out/preload, out/renderer and out/cli.
  execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'pipe' })
  await builtCli()
  const electronDist = join(tmp.path, 'electron-dist')
  mkdirSync(electronDist)
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n')
  chmodSync(join(electronDist, 'electron'), 0o755)
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    // Merged over electron-builder.yml: only what a stand-in binary cannot do is switched off.
    config: { electronDist, electronFuses: null, npmRebuild: false, directories: { output: join(tmp.path, 'dist') } },
  })
  files = listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'))
  packedModules = new Set(
    files
      .filter((f) => f.startsWith('/node_modules/'))
      .map((f) => f.split('/').slice(2))
      .map((parts) => (parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!))
      .filter((name) => name !== undefined && name !== 'undefined'),
  )
}, 600_000)

describe('the packaged desktop app', () => {
  it('packs the built app, including the compiled command line in out/cli', () => {
    for (const file of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/out/cli/custos.mjs', '/out/cli/index.mjs', '/package.json']) {
      expect(files, file).toContain(file)
    }
  })

  it('ships no dev-only code: no tsx, esbuild, vitest or React in the node_modules it packs', () => {
    expect(DEV_ONLY.filter((name) => packedModules.has(name))).toEqual([])
    expect(files.filter((f) => f.includes('/node_modules/@esbuild/'))).toEqual([])
    expect(files.filter((f) => /^\/(main|shared|renderer|test|scripts)\//.test(f))).toEqual([])
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('/node_modules/'))).toEqual([])
  })

  it('keeps React inside the renderer bundle', () => {
    const bundle = files.find((f) => /^\/out\/renderer\/assets\/index-.*\.js$/.test(f))!
    expect(extractFile(asarPath, bundle.slice(1)).toString('utf8')).toContain('react.dev/errors')
  })

  it('has every package the compiled command line imports at run time', () => {
    const cliFiles = files.filter((f) => f.startsWith('/out/cli/') && f.endsWith('.mjs'))
    const imported = new Set<string>()
    for (const file of cliFiles) {
      const code = extractFile(asarPath, file.slice(1)).toString('utf8')
      // esbuild's ESM output: `import … from "x"` (one or more lines), `import "x"`, `import("x")`,
      // and __require("x") where a bundled CommonJS package requires an external one.
      const specifiers = /^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^\}\s*from\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\b__require\d*\(\s*"([^"]+)"\s*\)/gm
      for (const match of code.matchAll(specifiers)) {
        const spec = match.slice(1).find((s) => s !== undefined)!
        if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
      }
    }
    expect([...imported]).toEqual(expect.arrayContaining(['better-sqlite3', 'pdfkit']))
    expect([...imported].filter((name) => !packedModules.has(name))).toEqual([])
  })

  it('puts the sheet and audit PDF fonts in <resources>/fonts, where main/app tells core to look', () => {
    const fontDir = join(appDir, 'resources', 'fonts')
    expect(() => sheetFontFiles(fontDir)).not.toThrow()
    expect(readdirSync(fontDir)).toContain('LICENSE-DejaVu.txt')
    expect(files.filter((f) => f.endsWith('.ttf'))).toEqual([])
  })

  it('installs a `custos` launcher beside the app that runs the app with --cli', () => {
    const launcher = join(appDir, 'custos')
    expect(statSync(launcher).mode & 0o111).not.toBe(0)
    expect(readFileSync(launcher, 'utf8')).toMatch(/exec "\$here\/custos-desktop" --cli "\$@"/)
    expect(existsSync(join(appDir, 'custos-desktop'))).toBe(true)
    // The deb links /usr/bin/custos to it (electron-builder fills ${sanitizedProductName}).
    expect(readFileSync(join(ROOT, 'resources', 'linux', 'after-install.tpl'), 'utf8')).toContain(
      "ln -sf '/opt/${sanitizedProductName}/custos' '/usr/bin/custos'",
    )
  })

  it('keeps better-sqlite3 outside the archive, where a native module can be loaded', () => {
    expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'package.json'))).toBe(true)
  })
})
