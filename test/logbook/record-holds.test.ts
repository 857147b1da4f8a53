// The record holds (issue 14): one quick check per numbered item, through the `custos` command
// line, of what the issue found broken. The heavy versions live beside it: history.test.ts
// (items 1, 4, 7, 8), races.test.ts (2), checkpoint-use.test.ts (3), the fuzz test (7).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { createApi } from '../../main/core/api/create-api'
import { requestRelease } from '../../main/core/ceremonies/release'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import { awsKeyBundle, issueActiveSet, seedStandardVault, STANDARD_METHOD, STANDARD_USE_CASE } from '../helpers/ceremony-seed'
import { releaseRequest } from '../helpers/release-request'
import { makeTempDir } from '../helpers/temp-dir'
import { custosInProcess } from '../cli/in-process-cli'
import { exitCodeFor } from '../../main/cli/exit-codes'

const tmp = makeTempDir('custos-record-holds-')
const dataDir = join(tmp.path, 'vault')
const NOW = '2026-06-01T12:00:00Z'
let releaseId = ''
const sheetFiles = new Map<string, string>()

const cli = (args: string[], input?: string, now = NOW) => custosInProcess([...args, '--data-dir', dataDir], { now, ...(input !== undefined ? { input } : {}) })
const size = async () => (await cli(['log', 'show', '--json'])).json().size as number
const entriesOf = async (type: string) => (await cli(['log', 'show', '--type', type, '--json'])).json().entries as { event: Record<string, unknown> }[]

beforeAll(async () => {
  const clock = fixedClock('2026-05-01T09:00:00Z')
  const api = createApi({ dataDir, clock })
  await seedStandardVault(api, dataDir, clock, async (ctx) => {
    const set = await issueActiveSet(ctx, { methodId: STANDARD_METHOD.methodId, bundle: awsKeyBundle(), workDir: join(tmp.path, 'work') })
    clock.advance(3600_000)
    releaseId = requestRelease(ctx, releaseRequest({ methodId: STANDARD_METHOD.methodId, useCase: STANDARD_USE_CASE, incidentTicket: 'INC-14' })).releaseId
    for (const [custodianId, payload] of set.payloadByCustodian) {
      const file = join(tmp.path, `${custodianId}.txt`)
      writeFileSync(file, payload + '\n')
      sheetFiles.set(custodianId, file)
    }
  })
  closeSharedLogbooks(dataDir)
}, 120_000)
afterAll(() => {
  closeSharedLogbooks()
  tmp.cleanup()
})

describe('the record holds (issue 14)', () => {
  it('1. an emptied logbook is refused with exit 6, never a fresh history (more: history.test.ts)', async () => {
    const other = makeTempDir('custos-record-holds-empty-')
    try {
      const dir = join(other.path, 'v')
      expect((await custosInProcess(['init', '--data-dir', dir, '--name', 'Empty test'], { now: NOW })).code).toBe(0)
      closeSharedLogbooks()
      writeFileSync(join(dir, 'logbook.sqlite'), '')
      for (const s of ['-wal', '-shm']) if (existsSync(join(dir, `logbook.sqlite${s}`))) writeFileSync(join(dir, `logbook.sqlite${s}`), '')
      const r = await custosInProcess(['custodian', 'add', '--data-dir', dir, '--name', 'Eve', '--contact', 'x', '--team', 'y', '--json'], { now: NOW })
      expect(r.code).toBe(6)
      expect(statSync(join(dir, 'logbook.sqlite')).size).toBe(0)
    } finally {
      closeSharedLogbooks()
      other.cleanup()
    }
  })

  it('2. a taken custodian id is refused inside the write (exit 7), so it is logged once (more: races.test.ts)', async () => {
    const add = () => cli(['custodian', 'add', '--id', 'dora-once', '--name', 'Dora Once', '--contact', 'x', '--team', 'Ops', '--json'])
    expect((await add()).code).toBe(0)
    const again = await add()
    expect(again.code).toBe(7)
    expect(again.json().error.code).toBe('CUSTODIAN_EXISTS')
    expect((await entriesOf('custodian.added')).filter((e) => e.event.custodianId === 'dora-once')).toHaveLength(1)
  })

  it('3. the signing key is not plaintext on disk, and a handed-out checkpoint is kept for later writes (more: checkpoint-use.test.ts)', async () => {
    const keyFiles = readdirSync(dataDir).filter((n) => n.endsWith('.pem') || n.includes('key'))
    expect(keyFiles.length).toBeGreaterThan(0)
    for (const f of keyFiles) {
      const path = join(dataDir, f)
      if (statSync(path).isFile()) expect(readFileSync(path, 'utf8')).not.toContain('BEGIN PRIVATE KEY')
    }
    const cp = await cli(['log', 'checkpoint', '--json'])
    expect(cp.code).toBe(0)
    expect(readdirSync(join(dataDir, 'checkpoints')).some((n) => n.startsWith(String(cp.json().size).padStart(16, '0')))).toBe(true)
  })

  it('4. CUSTOS_FAKE_NOW does not move the clock of the shipped command line', async () => {
    // A vault of its own: this one is written with the real clock, which the others run ahead of.
    const other = makeTempDir('custos-record-holds-clock-')
    try {
      const dir = join(other.path, 'v')
      const env = { CUSTOS_FAKE_NOW: '2001-01-01T00:00:00Z' }
      expect((await custosInProcess(['init', '--data-dir', dir, '--name', 'Clock test'], { env })).code).toBe(0)
      const entry = (await custosInProcess(['log', 'show', '--data-dir', dir, '--json'], { env })).json().entries.at(-1)
      expect(entry.time.startsWith('2001')).toBe(false)
    } finally {
      closeSharedLogbooks()
      other.cleanup()
    }
  })

  it('5. a name resembling a custodian\'s is refused as operator with the candidate ids (exit 3)', async () => {
    const r = await cli([
      'release', 'request', '--method', STANDARD_METHOD.methodId, '--ticket', 'INC-15', '--justification', 'outage', '--risk', 'high',
      '--why-not-normal', 'SSO down', '--requester-name', 'Ron Requester', '--requester-team', 'Ops', '--requester-area', 'Payments',
      '--owner-team', 'Cloud', '--owner-contacts', 'cloud@example.com', '--use-case', STANDARD_USE_CASE, '--operator', 'Alice Martin (on call)', '--json',
    ])
    expect(r.code, r.stdout + r.stderr).toBe(3)
    expect(r.json().error.message).toContain('alice-martin')
  })

  it('6. a bundle with invalid UTF-8 is refused (exit 3) and no set is logged; JSON errors never quote the secret', async () => {
    const before = (await entriesOf('set.issued')).length
    const bad = Buffer.concat([Buffer.from('{"kind":"generic","fields":{"password":"ab'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])
    const file = join(tmp.path, 'bad-utf8.json')
    writeFileSync(file, bad)
    const r = await cli(['split', '--threshold', '2', '--shares', '3', '--bundle-file', file, '--out', join(tmp.path, 'utf8-out'), '--json'])
    expect(r.code).toBe(3)
    const malformed = join(tmp.path, 'malformed.json')
    writeFileSync(malformed, '{"kind":"generic","fields":{"password":hunter2}}')
    const m = await cli(['split', '--threshold', '2', '--shares', '3', '--bundle-file', malformed, '--out', join(tmp.path, 'malformed-out'), '--json'])
    expect(m.code).toBe(3)
    expect(m.stdout + m.stderr).not.toContain('hunter2')
    expect((await entriesOf('set.issued')).length).toBe(before)
  })

  describe('7. honest exits', () => {
    const bundle = JSON.stringify({ kind: 'generic', fields: { password: 'honest-exit-secret' } })

    it('split --pdf into a missing folder logs nothing, leaves no share file, and says nothing was changed', async () => {
      const before = await size()
      const out = join(tmp.path, 'split-pdf-out')
      const r = await cli(['split', '--threshold', '2', '--shares', '3', '--out', out, '--pdf', join(tmp.path, 'missing-dir', 'x.pdf'), '--json'], bundle)
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBe(1)
      expect(r.json().error.message).toMatch(/Nothing was changed: set \S+ was not recorded in the logbook and no share file or sheets PDF was written/)
      expect(await size()).toBe(before)
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
    })

    it('split --out somewhere unwritable logs nothing and exits with a typed error', async () => {
      const before = await size()
      const blocker = join(tmp.path, 'a-file')
      writeFileSync(blocker, 'not a folder')
      const r = await cli(['split', '--threshold', '2', '--shares', '3', '--out', join(blocker, 'shares'), '--json'], bundle)
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBe(1)
      expect(await size()).toBe(before)
    })

    it('release grant --present "<custodian name>=sheet" names the candidate ids instead of crashing', async () => {
      const r = await custosInProcess(['release', 'grant', '--data-dir', dataDir, '--release', releaseId, '--to-pipe', '--json', '--present', `Alice Martin=${sheetFiles.get('alice-martin')}`], { now: NOW })
      expect([3, 7], r.stdout + r.stderr).toContain(r.code)
      expect(r.json().error.code).toBe('CUSTODIAN_NOT_FOUND')
      expect(r.json().error.message).toMatch(/"Alice Martin" is a custodian's name.*use alice-martin/)
      expect((await entriesOf('quorum.failed')).length).toBe(0)
    })

    it('log verify diagnoses a damaged file with exit 6, never exit 1 (more: history.test.ts and the fuzz test)', async () => {
      const other = makeTempDir('custos-record-holds-verify-')
      try {
        const dir = join(other.path, 'v')
        expect((await custosInProcess(['init', '--data-dir', dir, '--name', 'Damage test'], { now: NOW })).code).toBe(0)
        closeSharedLogbooks()
        const path = join(dir, 'logbook.sqlite')
        const bytes = readFileSync(path)
        bytes.fill(0x41, 100, 4096)
        writeFileSync(path, bytes)
        const r = await custosInProcess(['log', 'verify', '--data-dir', dir, '--json'], { now: NOW })
        expect(r.code).toBe(6)
      } finally {
        closeSharedLogbooks()
        other.cleanup()
      }
    })
  })

  describe('8. smaller', () => {
    it('the logbook file is owner-only (0600)', () => {
      expect(statSync(join(dataDir, 'logbook.sqlite')).mode & 0o777).toBe(0o600)
    })

    it('control characters from a share file are escaped in messages, not echoed raw', async () => {
      const file = join(tmp.path, 'escape.txt')
      writeFileSync(file, 'custos1:\u001b[31mRED\u0007not a share\n')
      const r = await cli(['inspect', file, '--json'])
      expect(r.code).not.toBe(0)
      expect(r.code).not.toBe(1)
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
    })

    it('NOT_ENOUGH_SHARES still says which share was presented twice', async () => {
      const alice = sheetFiles.get('alice-martin')!
      const copy = join(tmp.path, 'alice-again.txt')
      writeFileSync(copy, readFileSync(alice))
      const r = await custosInProcess(
        ['release', 'grant', '--data-dir', dataDir, '--release', releaseId, '--to-pipe', '--json', '--present', `alice-martin=${alice}`, '--present', `alice-martin=${copy}`],
        { now: NOW },
      )
      expect(r.code).toBe(exitCodeFor('NOT_ENOUGH_SHARES'))
      expect(r.json().error.code).toBe('NOT_ENOUGH_SHARES')
      expect(r.stdout + r.stderr, r.stdout + r.stderr).toMatch(/Share 1 was already presented by Alice Martin/)
    })
  })

  it('3. a release grant hands out a fresh checkpoint of the log with the grant in it, and keeps it', async () => {
    const r = await custosInProcess(
      ['release', 'grant', '--data-dir', dataDir, '--release', releaseId, '--to-pipe', '--json', '--present', `alice-martin=${sheetFiles.get('alice-martin')}`, '--present', `bob-keller=${sheetFiles.get('bob-keller')}`],
      { now: NOW },
    )
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const note = r.json().checkpoint as string
    expect(note).toMatch(/^custos\.logbook\/[0-9A-Z]{16}\n\d+\n/)
    const size = Number(note.split('\n')[1])
    const head = (await cli(['log', 'show', '--json'])).json()
    expect(size).toBe(head.size)
    expect(readdirSync(join(dataDir, 'checkpoints'))).toContain(`${String(size).padStart(16, '0')}-${head.headHash.slice(0, 16)}.txt`)
  })
})
