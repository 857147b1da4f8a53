// The desktop app seals the vault keys under a random passphrase that only the OS key store
// (safeStorage) can give back; CUSTOS_PASSPHRASE_FILE overrides it, as on the command line.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appPassphraseSource } from '../../main/app/app-passphrase'
import { createApi, dispatch } from '../../main/core/api'
import { fixedClock } from '../../main/core/clock'
import { setPassphraseSource } from '../../main/core/vault/passphrase'
import { createFakeElectron } from './fake-electron'
import { makeTempDir } from '../helpers/temp-dir'

const temps: ReturnType<typeof makeTempDir>[] = []
afterEach(() => {
  setPassphraseSource(undefined)
  for (const t of temps.splice(0)) t.cleanup()
})

function setup() {
  const tmp = makeTempDir('custos-app-pass-')
  temps.push(tmp)
  const store = createFakeElectron().safeStorage
  const file = join(tmp.path, 'vault-passphrase.sealed')
  return { tmp, store, file, api: createApi({ dataDir: join(tmp.path, 'vault'), clock: fixedClock('2026-06-01T09:00:00Z') }) }
}

describe('the desktop app passphrase', () => {
  it('makes a random passphrase at vault creation, keeps it sealed by the OS key store, and unlocks with it later', async () => {
    const { store, file, api, tmp } = setup()
    setPassphraseSource(appPassphraseSource(store, file, {}))
    expect((await dispatch(api, 'vault.init', { name: 'Desk' })).ok).toBe(true)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const sealed = readFileSync(file)
    expect(sealed.toString('utf8')).toMatch(/^os-sealed:[A-Za-z0-9_-]{32}$/)
    const added = await dispatch(api, 'custodians.add', { name: 'Alice Ng', contact: 'alice@example.com', team: 'Ops' })
    expect(added.ok).toBe(true)
    // The key file in the data directory holds no plaintext key.
    expect(readFileSync(join(tmp.path, 'vault', 'vault-key.sealed'), 'utf8')).not.toContain('PRIVATE KEY')
  })

  it('refuses to sign when the key store cannot open the sealed passphrase (another account or machine), saying what to do', async () => {
    const { store, file, api, tmp } = setup()
    setPassphraseSource(appPassphraseSource(store, file, {}))
    expect((await dispatch(api, 'vault.init', { name: 'Desk' })).ok).toBe(true)
    writeFileSync(file, 'sealed by someone else')
    setPassphraseSource(appPassphraseSource(store, file, {}))
    // A fresh API so the key is unlocked again (the process would be a new app start).
    const again = createApi({ dataDir: join(tmp.path, 'vault'), clock: fixedClock('2026-06-01T10:00:00Z') })
    const refused = await dispatch(again, 'custodians.add', { name: 'Bob Ray', contact: 'bob@example.com', team: 'Ops' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_WRONG' } })
    expect(!refused.ok && refused.error.message).toMatch(/CUSTOS_PASSPHRASE_FILE/)
  })

  it('without a key store, asks for CUSTOS_PASSPHRASE_FILE and creates nothing', async () => {
    const { store, file, api, tmp } = setup()
    store.available = false
    setPassphraseSource(appPassphraseSource(store, file, {}))
    const refused = await dispatch(api, 'vault.init', { name: 'Desk' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } })
    expect(existsSync(join(tmp.path, 'vault'))).toBe(false)
    expect(existsSync(file)).toBe(false)
  })

  it('uses CUSTOS_PASSPHRASE_FILE when it is set, like the command line', async () => {
    const { store, file, api, tmp } = setup()
    const passFile = join(tmp.path, 'pass')
    writeFileSync(passFile, 'a passphrase from a file\n', { mode: 0o600 })
    setPassphraseSource(appPassphraseSource(store, file, { CUSTOS_PASSPHRASE_FILE: passFile }))
    expect((await dispatch(api, 'vault.init', { name: 'Desk' })).ok).toBe(true)
    expect(existsSync(file)).toBe(false)
  })
})
