// First run: no vault in the data folder yet. Creating one makes the vault's signing key;
// nothing secret is asked for here. The person's name makes the logbook's first entry theirs.
import { useState, type FormEvent } from 'react'
import { call, messageOf } from '../custos-client'
import { ScreenHeading } from '../components/screen-heading'

export function OnboardingScreen({ dataDir, onCreated }: { dataDir: string; onCreated: () => void }) {
  const [name, setName] = useState('')
  const [owner, setOwner] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await call('vault.init', { name, ...(owner.trim() ? { owner: owner.trim() } : {}) })
      onCreated()
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  return (
    <main className="onboarding" id="content">
      <div className="card onboarding-card">
        <ScreenHeading title="Create your vault" />
        <p className="lead">
          Custos keeps break-glass credentials as Shamir-split sheets for your custodians and a signed logbook of
          everything that happens to them. Start by naming this vault.
        </p>
        <form onSubmit={submit} className="form">
          <label htmlFor="vault-name">Vault name</label>
          <input
            id="vault-name"
            name="vault-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Payments production"
            required
            maxLength={80}
            autoComplete="off"
            aria-describedby="vault-name-hint"
          />
          <p id="vault-name-hint" className="hint">
            Printed on custodian sheets and audit exports. The vault is created in <code>{dataDir}</code>.
          </p>
          <label htmlFor="vault-owner">
            Your name <span className="optional">(optional)</span>
          </label>
          <input
            id="vault-owner"
            name="vault-owner"
            value={owner}
            onChange={(event) => setOwner(event.target.value)}
            maxLength={120}
            autoComplete="name"
            aria-describedby="vault-owner-hint"
          />
          <p id="vault-owner-hint" className="hint">
            The logbook records you as who created the vault. Without a name it records this computer&rsquo;s account.
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div>
            <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''}>
              {busy ? 'Creating…' : 'Create vault'}
            </button>
          </div>
        </form>
      </div>
    </main>
  )
}
