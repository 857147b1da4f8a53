// Looks for a canary secret on disk in every form it could leak in: raw text, hex and
// base64 (at each of the three byte alignments), so "never written to disk" is checked.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function canaryForms(canary: string): { form: string; bytes: Buffer }[] {
  const raw = Buffer.from(canary, 'utf8')
  const forms = [
    { form: 'raw', bytes: raw },
    { form: 'utf16le', bytes: Buffer.from(canary, 'utf16le') },
    { form: 'hex', bytes: Buffer.from(raw.toString('hex')) },
    { form: 'HEX', bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
  ]
  for (let shift = 0; shift < 3; shift++) {
    // A secret embedded at any offset shows as this inner run of base64, whatever surrounds it.
    const encoded = Buffer.concat([Buffer.alloc(shift, 0), raw]).toString('base64')
    const inner = encoded.slice(Math.ceil((shift * 4) / 3) + 1, Math.floor(((shift + raw.length) * 4) / 3) - 1)
    forms.push({ form: `base64+${shift}`, bytes: Buffer.from(inner) })
    forms.push({ form: `base64url+${shift}`, bytes: Buffer.from(inner.replace(/\+/g, '-').replace(/\//g, '_')) })
  }
  return forms
}

export interface CanaryHit {
  file: string
  form: string
}

/** Every file under `roots` (recursively), and every file in the temp dir changed since `since`. */
export function scanForCanary(canary: string, roots: string[], since?: number): CanaryHit[] {
  const forms = canaryForms(canary)
  const hits: CanaryHit[] = []
  const seen = new Set<string>()
  const visit = (path: string, onlyNewerThan?: number) => {
    if (seen.has(path)) return
    seen.add(path)
    let stat
    try {
      stat = statSync(path)
    } catch {
      return
    }
    if (stat.isDirectory()) {
      let names: string[] = []
      try {
        names = readdirSync(path)
      } catch {
        return
      }
      for (const name of names) if (name !== 'node_modules') visit(join(path, name), onlyNewerThan)
      return
    }
    if (!stat.isFile() || stat.size > 64 * 1024 * 1024) return
    if (onlyNewerThan !== undefined && stat.mtimeMs < onlyNewerThan) return
    let content: Buffer
    try {
      content = readFileSync(path)
    } catch {
      return
    }
    for (const { form, bytes } of forms) if (content.includes(bytes)) hits.push({ file: path, form })
  }
  for (const root of roots) visit(root)
  if (since !== undefined) visit(tmpdir(), since)
  return hits
}
