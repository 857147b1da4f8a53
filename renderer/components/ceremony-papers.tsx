// Ceremony papers: the runbook, a method's KSK-style scripts (break glass, issuance, drill,
// destruction record) and the recovery kit, saved through the desktop's dialog like the
// sheets; and a script's steps recorded as they are done, so the log and the paper agree.
import { useState, type FormEvent } from 'react'
import { SCRIPT_KINDS, type ScriptKind } from '../../shared/script-api'
import { call, messageOf } from '../custos-client'
import { ErrorNotice } from './error-notice'
import { SelectField, TextField } from './form-field'
import type { MethodView } from './method-details'

const SCRIPT_NAMES: Record<ScriptKind, string> = {
  'break-glass': 'break-glass script',
  issuance: 'issuance script',
  drill: 'drill script',
  destruction: 'destruction record',
  'custody-record': 'custody record',
}

type Outcome = { tone: 'ok' | 'warn'; text: string } | { tone: 'error'; title: string; message: string }

/** The papers' buttons and the step form; the screen gives them their (folding) card and heading. */
export function CeremonyPapers({ methods }: { methods: MethodView[] }) {
  const [methodId, setMethodId] = useState(methods[0]?.methodId ?? '')
  const [busy, setBusy] = useState<string>()
  const [outcome, setOutcome] = useState<Outcome>()
  const chosen = methods.find((m) => m.methodId === methodId) ?? methods[0]

  async function save(what: string, run: () => Promise<{ saved: boolean; path?: string }>) {
    setBusy(what)
    setOutcome(undefined)
    try {
      const saved = await run()
      setOutcome(saved.saved ? { tone: 'ok', text: `The ${what} was saved to ${saved.path}. Print it and keep it with the runbook.` } : { tone: 'warn', text: 'Nothing was saved: the dialog was cancelled.' })
    } catch (error) {
      setOutcome({ tone: 'error', title: `The ${what} was not saved`, message: messageOf(error) })
    } finally {
      setBusy(undefined)
    }
  }

  return (
    <>
      <p>
        Print these and keep them with the sheets. Each script has numbered steps, who does each, what to check and what to do if a check fails,
        whom to call for each share, and the vault’s public key. The recovery kit recovers the credential from the sheets on any computer if this
        one is lost.
      </p>
      <div className="form-actions">
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save('runbook', () => call('runbook.save', {}))}>
          Save runbook…
        </button>
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void save('recovery kit', () => call('recoveryKit.save', {}))}>
          Save recovery kit…
        </button>
      </div>
      {methods.length > 0 && chosen && (
        <>
          <SelectField
            id="papers-method"
            label="Method for the scripts"
            placeholder="Choose a method"
            value={chosen.methodId}
            onChange={setMethodId}
            options={methods.map((m) => ({ value: m.methodId, label: m.name }))}
          />
          <div className="form-actions">
            {SCRIPT_KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className="button"
                disabled={busy !== undefined}
                onClick={() => void save(`${SCRIPT_NAMES[kind]} of ${chosen.name}`, () => call('scripts.save', { methodId: chosen.methodId, kind }))}
              >
                Save {SCRIPT_NAMES[kind]}…
              </button>
            ))}
          </div>
        </>
      )}
      <div aria-live="polite" className="section-gap">
        {outcome?.tone === 'error' && <ErrorNotice title={outcome.title} message={outcome.message} />}
        {outcome && outcome.tone !== 'error' && (
          <div className={`notice ${outcome.tone === 'ok' ? 'notice-ok' : ''}`} role="status">
            <p className="notice-title">{outcome.text}</p>
          </div>
        )}
      </div>
      {chosen && <RecordStepForm methodId={chosen.methodId} methodName={chosen.name} />}
    </>
  )
}

function RecordStepForm({ methodId, methodName }: { methodId: string; methodName: string }) {
  const [kind, setKind] = useState<ScriptKind | ''>('')
  const [step, setStep] = useState('')
  const [doneBy, setDoneBy] = useState('')
  const [reference, setReference] = useState('')
  const [errors, setErrors] = useState<{ kind?: string; step?: string; doneBy?: string }>({})
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>()

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    const found = {
      ...(kind ? {} : { kind: 'Choose the script.' }),
      ...(/^\d{1,2}$/.test(step.trim()) && Number(step) >= 1 ? {} : { step: 'Give the step number as printed, e.g. 3.' }),
      ...(doneBy.trim() ? {} : { doneBy: 'Say who did the step: a custodian id or a full name.' }),
    }
    setErrors(found)
    setOutcome(undefined)
    if (Object.keys(found).length > 0 || !kind) return
    try {
      const done = await call('scripts.recordStep', {
        methodId,
        kind,
        step: Number(step),
        doneBy: doneBy.trim(),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      })
      setOutcome({ ok: true, text: `Recorded: step ${done.step} of the ${SCRIPT_NAMES[kind]} done by ${done.doneBy} at ${done.time.slice(11, 16)} UTC.` })
      setStep('')
    } catch (error) {
      setOutcome({ ok: false, text: messageOf(error) })
    }
  }

  return (
    <form className="form section-gap" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="record-step-heading">
      <h3 id="record-step-heading">Record a step of a script for {methodName}</h3>
      <SelectField
        id="step-script"
        label="Script"
        placeholder="Choose the script"
        value={kind}
        onChange={(v) => setKind(v as ScriptKind | '')}
        options={SCRIPT_KINDS.map((k) => ({ value: k, label: SCRIPT_NAMES[k] }))}
        error={errors.kind}
      />
      <TextField id="step-number" label="Step number" inputMode="numeric" value={step} onChange={setStep} error={errors.step} />
      <TextField id="step-done-by" label="Done by" value={doneBy} onChange={setDoneBy} error={errors.doneBy} hint="A custodian id or a person’s full name." />
      <TextField id="step-reference" label="Release, set or drill" optional value={reference} onChange={setReference} />
      <div className="form-actions">
        <button type="submit" className="button">
          Record step
        </button>
      </div>
      <div aria-live="polite">
        {outcome && (
          <div className={`notice ${outcome.ok ? 'notice-ok' : 'notice-error'}`} role={outcome.ok ? 'status' : 'alert'}>
            <p>{outcome.text}</p>
          </div>
        )}
      </div>
    </form>
  )
}
