#!/usr/bin/env node
// Runs Electronegativity over the desktop sources (main/app, main/preload, renderer) and
// reads its SARIF, since the tool exits 0 even with findings. Fails on any HIGH or MEDIUM
// finding that is not suppressed in suppressions.json with a justification.
// Usage: (cd tools/electronegativity && npm ci && node run.mjs)
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')
const cli = join(here, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js')
const electronVersion = JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')).version
const reportDir = join(repo, 'test', 'artifacts', 'electronegativity')
mkdirSync(reportDir, { recursive: true })

// Scan a copy holding only the desktop code: the tool has no exclude option for node_modules.
const stage = mkdtempSync(join(tmpdir(), 'custos-eneg-'))
for (const part of ['main/app', 'main/preload', 'renderer']) cpSync(join(repo, part), join(stage, part), { recursive: true })
cpSync(join(repo, 'package.json'), join(stage, 'package.json'))

/** With an output file: that file parsed (SARIF); without: the console table as text. */
function scan(output) {
  // -e and skipping the security-fixes check: both would ask the network for Electron's
  // release list, which an offline build machine cannot reach (Electron's version is kept
  // current through package.json and npm audit instead).
  const args = [cli, '-i', stage, '-r', '-v', 'false', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck']
  if (output) args.push('-o', output)
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' })
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr)
    throw new Error(`electronegativity exited with ${result.status}`)
  }
  return output ? JSON.parse(readFileSync(output, 'utf8')) : result.stdout
}

function results(sarif) {
  return sarif.runs.flatMap((run) =>
    run.results.map((r) => ({
      ruleId: r.ruleId,
      file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
      line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
      message: r.message.text,
    })),
  )
}

/**
 * Severity per finding, read from the tool's console table: its SARIF has no severity and its
 * CSV writer races its own header write (the header can overwrite the first rows).
 */
function severitiesFromTable(text) {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '')
  const map = new Map()
  let current
  for (const line of plain.split('\n')) {
    const cells = line.split('│').map((c) => c.trim())
    if (cells.length < 5) continue
    if (/^[A-Z0-9_]+_CHECK$/.test(cells[1]) && cells[2]) {
      current = `${cells[1]} ${cells[2]}:${Math.max(1, Number(cells[3].split(':')[0]))}`
    } else if (current && /^(INFORMATIONAL|LOW|MEDIUM|HIGH) \|/.test(cells[1])) {
      map.set(current, cells[1].split(' ')[0])
      current = undefined
    }
  }
  return map
}

try {
  const all = results(scan(join(reportDir, 'report.sarif')))
  const severities = severitiesFromTable(scan(undefined))
  for (const f of all) f.severity = severities.get(`${f.ruleId} ${f.file}:${f.line}`) ?? 'UNKNOWN'
  // UNKNOWN counts as serious: a finding we cannot grade is not waved through.
  const serious = all.filter((f) => f.severity !== 'LOW' && f.severity !== 'INFORMATIONAL')
  const suppressions = JSON.parse(readFileSync(join(here, 'suppressions.json'), 'utf8'))
  const suppressed = (f) => suppressions.find((s) => s.ruleId === f.ruleId && f.file.endsWith(s.file) && s.justification?.length > 20)
  const open = serious.filter((f) => !suppressed(f))
  const summary = {
    bench: 'electronegativity',
    electron: electronVersion,
    findings: all.length,
    mediumOrHigh: serious.length,
    suppressed: serious.length - open.length,
    open: open.length,
  }
  writeFileSync(join(reportDir, 'summary.json'), JSON.stringify({ ...summary, all, open }, null, 2))
  for (const f of all) {
    const note = suppressed(f) ? ` [suppressed: ${suppressed(f).justification}]` : ''
    console.log(`${f.severity.padEnd(7)} ${f.ruleId} ${f.file}:${f.line} ${f.message}${note}`)
  }
  console.log(JSON.stringify(summary))
  if (open.length > 0) {
    console.error(`electronegativity: ${open.length} HIGH/MEDIUM finding(s) without a justified suppression.`)
    process.exitCode = 1
  }
} finally {
  rmSync(stage, { recursive: true, force: true })
}
