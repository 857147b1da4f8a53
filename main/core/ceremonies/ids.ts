// Identifiers people can read and type: slugs from names for methods and custodians, and
// dated random ids for releases and drills.
import { randomBytes } from 'node:crypto'
import { base32Encode } from '../../../shared/base32'

export function slugId(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return slug || 'item'
}

export function newId(prefix: string, now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '')
  return `${prefix}-${day}-${base32Encode(randomBytes(3)).toLowerCase().slice(0, 4)}`
}

/** "2.1" (share 2, copy 1) to numbers; the form sheets print and people type. */
export function parseSheetLabel(label: string): { index: number; copy: number } | undefined {
  const m = /^\s*(\d{1,2})\s*[.\/-]\s*(\d)\s*$/.exec(label)
  return m ? { index: Number(m[1]), copy: Number(m[2]) } : undefined
}
