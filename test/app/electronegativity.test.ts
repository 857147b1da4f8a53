// Electronegativity (Doyensec) over main/app, main/preload and renderer: no HIGH or MEDIUM
// finding without a justified suppression. The tool lives in tools/electronegativity with its
// own lock (it breaks on TypeScript 7); scripts/install-test-deps.sh installs that folder.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const toolDir = join(import.meta.dirname, '..', '..', 'tools', 'electronegativity')
const installed = existsSync(join(toolDir, 'node_modules', '@doyensec', 'electronegativity'))

describe('electronegativity', () => {
  it('reports no open HIGH or MEDIUM finding in the desktop code', () => {
    expect(installed, 'tools/electronegativity is not installed: run bash scripts/install-test-deps.sh').toBe(true)
    const result = spawnSync(process.execPath, ['run.mjs'], { cwd: toolDir, encoding: 'utf8' })
    const summaryLine = result.stdout.split('\n').find((line) => line.startsWith('{"bench":"electronegativity"'))
    expect(summaryLine, result.stdout + result.stderr).toBeDefined()
    const summary = JSON.parse(summaryLine!) as { open: number; findings: number }
    expect(summary.open, result.stdout).toBe(0)
    expect(result.status).toBe(0)
  })
})
