// A small, strict reader for the one kind of PDF Custos writes (a single revision with a classic
// xref table): enough to find the signature and pull the embedded files out for verification,
// without trusting an external tool on the auditor's machine.
import { inflateSync } from 'node:zlib'

export type PdfValue =
  | number
  | boolean
  | null
  | PdfName
  | PdfRef
  | Buffer
  | PdfValue[]
  | PdfDict

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.entries.get(key)
  }
}

export class PdfReadError extends Error {}

export interface PdfStream {
  dict: PdfDict
  raw: Buffer
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25])

export class PdfReader {
  private readonly offsets = new Map<number, number>()
  readonly trailer: PdfDict

  constructor(private readonly buf: Buffer) {
    const tail = buf.subarray(Math.max(0, buf.length - 1024)).toString('latin1')
    const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)
    if (!match) throw new PdfReadError('the file does not end with a PDF trailer (startxref ... %%EOF)')
    let pos = Number(match[1])
    if (buf.toString('latin1', pos, pos + 4) !== 'xref') {
      throw new PdfReadError('the cross-reference table is not where the trailer says it is')
    }
    pos += 4
    // Subsections: "start count" lines followed by 20-byte entries.
    for (;;) {
      pos = this.skipSpace(pos)
      const header = /^(\d+) (\d+)/.exec(buf.toString('latin1', pos, pos + 40))
      if (!header) break
      const start = Number(header[1])
      const count = Number(header[2])
      pos = this.skipSpace(pos + header[0].length)
      for (let i = 0; i < count; i++) {
        const entry = buf.toString('latin1', pos, pos + 20)
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry)
        if (!m) throw new PdfReadError(`cross-reference entry ${start + i} is malformed`)
        if (m[3] === 'n') this.offsets.set(start + i, Number(m[1]))
        pos += 20
      }
    }
    if (buf.toString('latin1', pos, pos + 7) !== 'trailer') throw new PdfReadError('the trailer dictionary is missing')
    const trailer = this.parse(pos + 7).value
    if (!(trailer instanceof PdfDict)) throw new PdfReadError('the trailer is not a dictionary')
    this.trailer = trailer
  }

  /** Follows a reference (or returns a direct value as is). */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    if (!(value instanceof PdfRef)) return value
    return this.object(value.num).value
  }

  dict(value: PdfValue | undefined, what: string): PdfDict {
    const resolved = this.resolve(value)
    if (!(resolved instanceof PdfDict)) throw new PdfReadError(`${what} is missing or not a dictionary`)
    return resolved
  }

  object(num: number): { value: PdfValue; stream?: PdfStream } {
    const offset = this.offsets.get(num)
    if (offset === undefined) throw new PdfReadError(`object ${num} is not in the cross-reference table`)
    const head = /^(\d+)\s+(\d+)\s+obj/.exec(this.buf.toString('latin1', offset, offset + 40))
    if (!head || Number(head[1]) !== num) throw new PdfReadError(`object ${num} is not at the offset the table gives`)
    const { value, end } = this.parse(offset + head[0].length)
    let pos = this.skipSpace(end)
    if (this.buf.toString('latin1', pos, pos + 6) === 'stream' && value instanceof PdfDict) {
      pos += 6
      if (this.buf[pos] === 0x0d) pos++
      if (this.buf[pos] === 0x0a) pos++
      const length = this.resolve(value.get('Length'))
      if (typeof length !== 'number' || length < 0 || pos + length > this.buf.length) {
        throw new PdfReadError(`object ${num} has a stream with a bad /Length`)
      }
      return { value, stream: { dict: value, raw: this.buf.subarray(pos, pos + length) } }
    }
    return { value }
  }

  /** A stream's decoded bytes (only FlateDecode or no filter: what pdfkit writes). */
  decodeStream(stream: PdfStream): Buffer {
    const filter = stream.dict.get('Filter')
    const names = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter]
    let data = stream.raw
    for (const f of names) {
      if (!(f instanceof PdfName) || f.name !== 'FlateDecode') throw new PdfReadError('a stream uses an unsupported filter')
      try {
        data = inflateSync(data)
      } catch {
        throw new PdfReadError('a compressed stream is damaged')
      }
    }
    return data
  }

  /** The document's embedded files by name (the catalog's /Names /EmbeddedFiles name tree). */
  embeddedFiles(): Map<string, Buffer> {
    const catalog = this.dict(this.trailer.get('Root'), 'the document catalog')
    const files = new Map<string, Buffer>()
    const names = this.resolve(catalog.get('Names'))
    if (!(names instanceof PdfDict)) return files
    const tree = this.resolve(names.get('EmbeddedFiles'))
    if (!(tree instanceof PdfDict)) return files
    const visit = (node: PdfDict, depth: number) => {
      if (depth > 16) throw new PdfReadError('the embedded-files name tree is too deep')
      const leaf = this.resolve(node.get('Names'))
      if (Array.isArray(leaf)) {
        for (let i = 0; i + 1 < leaf.length; i += 2) {
          const name = leaf[i]
          if (!Buffer.isBuffer(name)) continue
          const spec = this.dict(leaf[i + 1], 'an embedded file specification')
          const ef = this.dict(spec.get('EF'), 'an embedded file entry')
          const ref = ef.get('F')
          if (!(ref instanceof PdfRef)) throw new PdfReadError('an embedded file is not a stream')
          const { stream } = this.object(ref.num)
          if (!stream) throw new PdfReadError('an embedded file is not a stream')
          const key = decodePdfText(name)
          if (files.has(key)) throw new PdfReadError(`two embedded files are both named ${key}`)
          files.set(key, this.decodeStream(stream))
        }
      }
      const kids = this.resolve(node.get('Kids'))
      if (Array.isArray(kids)) for (const kid of kids) visit(this.dict(kid, 'a name-tree node'), depth + 1)
    }
    visit(tree, 0)
    return files
  }

  private skipSpace(pos: number): number {
    const buf = this.buf
    while (pos < buf.length) {
      const c = buf[pos]!
      if (WHITESPACE.has(c)) pos++
      else if (c === 0x25) while (pos < buf.length && buf[pos] !== 0x0a && buf[pos] !== 0x0d) pos++
      else break
    }
    return pos
  }

  private parse(start: number, depth = 0): { value: PdfValue; end: number } {
    if (depth > 64) throw new PdfReadError('an object is nested too deeply')
    const buf = this.buf
    let pos = this.skipSpace(start)
    const c = buf[pos]
    if (c === undefined) throw new PdfReadError('the file ends inside an object')
    if (c === 0x2f) {
      let end = pos + 1
      while (end < buf.length && !WHITESPACE.has(buf[end]!) && !DELIMITERS.has(buf[end]!)) end++
      const raw = buf.toString('latin1', pos + 1, end).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      return { value: new PdfName(raw), end }
    }
    if (c === 0x3c && buf[pos + 1] === 0x3c) {
      const entries = new Map<string, PdfValue>()
      pos += 2
      for (;;) {
        pos = this.skipSpace(pos)
        if (buf[pos] === 0x3e && buf[pos + 1] === 0x3e) return { value: new PdfDict(entries), end: pos + 2 }
        const key = this.parse(pos, depth + 1)
        if (!(key.value instanceof PdfName)) throw new PdfReadError('a dictionary key is not a name')
        const val = this.parse(key.end, depth + 1)
        entries.set(key.value.name, val.value)
        pos = val.end
      }
    }
    if (c === 0x3c) {
      const end = buf.indexOf(0x3e, pos)
      if (end < 0) throw new PdfReadError('a hex string is not closed')
      const hex = buf.toString('latin1', pos + 1, end).replace(/\s+/g, '')
      if (!/^[0-9a-fA-F]*$/.test(hex)) throw new PdfReadError('a hex string holds non-hex characters')
      return { value: Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), end: end + 1 }
    }
    if (c === 0x28) return this.parseLiteralString(pos)
    if (c === 0x5b) {
      const items: PdfValue[] = []
      pos++
      for (;;) {
        pos = this.skipSpace(pos)
        if (buf[pos] === 0x5d) return { value: items, end: pos + 1 }
        const item = this.parse(pos, depth + 1)
        items.push(item.value)
        pos = item.end
      }
    }
    const word = /^[^\s()<>[\]{}/%]+/.exec(buf.toString('latin1', pos, pos + 64))?.[0]
    if (!word) throw new PdfReadError(`unexpected byte at offset ${pos}`)
    if (word === 'true' || word === 'false') return { value: word === 'true', end: pos + word.length }
    if (word === 'null') return { value: null, end: pos + word.length }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // "N G R" is a reference.
      const ref = /^(\d+)\s+(\d+)\s+R(?![^\s()<>[\]{}/%])/.exec(buf.toString('latin1', pos, pos + 40))
      if (ref) return { value: new PdfRef(Number(ref[1]), Number(ref[2])), end: pos + ref[0].length }
      return { value: Number(word), end: pos + word.length }
    }
    throw new PdfReadError(`unexpected keyword "${word.slice(0, 20)}" at offset ${pos}`)
  }

  private parseLiteralString(start: number): { value: Buffer; end: number } {
    const buf = this.buf
    const out: number[] = []
    let depth = 1
    let pos = start + 1
    while (pos < buf.length) {
      const c = buf[pos++]!
      if (c === 0x5c) {
        const n = buf[pos++]!
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c }
        if (simple[n] !== undefined) out.push(simple[n]!)
        else if (n >= 0x30 && n <= 0x37) {
          let oct = n - 0x30
          for (let i = 0; i < 2 && buf[pos]! >= 0x30 && buf[pos]! <= 0x37; i++) oct = oct * 8 + (buf[pos++]! - 0x30)
          out.push(oct & 0xff)
        } else if (n === 0x0d) {
          if (buf[pos] === 0x0a) pos++
        } else if (n !== 0x0a) out.push(n)
      } else if (c === 0x28) {
        depth++
        out.push(c)
      } else if (c === 0x29) {
        if (--depth === 0) return { value: Buffer.from(out), end: pos }
        out.push(c)
      } else out.push(c)
    }
    throw new PdfReadError('a string is not closed')
  }
}

/** PDF text strings: UTF-16BE with a BOM, or PDFDocEncoding (ASCII-compatible for our names). */
export function decodePdfText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    if (bytes.length % 2 !== 0) throw new PdfReadError('a UTF-16 text string has an odd length')
    const swapped = Buffer.from(bytes.subarray(2))
    swapped.swap16()
    return swapped.toString('utf16le')
  }
  return bytes.toString('latin1')
}
