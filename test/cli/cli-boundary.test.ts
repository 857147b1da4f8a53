// The command line is a client of the API contract: no file under main/cli reaches into
// main/core except through main/core/api's index (createApi, dispatch and the few helpers
// it re-exports), so input checks, state rules and logging cannot drift from the app's.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'main', 'cli')
const CORE = join(ROOT, 'main', 'core')
const ENTRY = join(CORE, 'api')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [path] : []
  })
}

/** Every module specifier a file names: static imports, re-exports, dynamic import() and require(). */
function specifiers(text: string): string[] {
  const found: string[] = []
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g]
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]!)
  return found
}

/** main/core/api itself (its index), with or without an extension; anything else in core is a breach. */
function isAllowedCoreTarget(target: string): boolean {
  const bare = target.replace(/\.(ts|js|mjs)$/, '')
  return bare === ENTRY || bare === join(ENTRY, 'index')
}

export function coreImportsOutsideEntry(files: string[]): string[] {
  const breaches: string[] = []
  for (const file of files) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue
      const target = resolve(dirname(file), spec)
      if ((target === CORE || target.startsWith(CORE + '/')) && !isAllowedCoreTarget(target)) {
        breaches.push(`${relative(ROOT, file)} imports ${spec}`)
      }
    }
  }
  return breaches
}

describe('the command line reaches the backend only through the contract', () => {
  it('no file under main/cli imports main/core other than main/core/api (its index)', () => {
    const files = sourceFiles(CLI)
    expect(files.length).toBeGreaterThan(10)
    expect(coreImportsOutsideEntry(files)).toEqual([])
  })

  it('the check itself catches a deep import, a dynamic one and a re-export', () => {
    const probe = (text: string) => {
      const breaches: string[] = []
      for (const spec of specifiers(text)) {
        const target = resolve(join(CLI, 'commands'), spec)
        if ((target === CORE || target.startsWith(CORE + '/')) && !isAllowedCoreTarget(target)) breaches.push(spec)
      }
      return breaches
    }
    expect(probe("import { openVault } from '../../core/vault/vault-store'")).toEqual(['../../core/vault/vault-store'])
    expect(probe("const m = await import('../../core/shares/combine')")).toEqual(['../../core/shares/combine'])
    expect(probe("export { x } from '../../core/api/create-api'")).toEqual(['../../core/api/create-api'])
    expect(probe("import { createApi } from '../../core/api'")).toEqual([])
    expect(probe("import type { Clock } from '../../core/api/index'")).toEqual([])
  })
})
