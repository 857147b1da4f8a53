// Ceremony scripts in the style of the IANA root KSK ceremony: numbered steps, who does each,
// what to check and what to do when a check fails, for one method, drawn from the logbook.
import type { ScriptKind } from '../../../shared/script-api'
import { groupForDisplay } from '../../../shared/share-format'
import { CustosError } from '../../../shared/errors'
import type { VaultState } from '../logbook'
import type { MethodRecord } from './ceremony-state'

export type Role = 'Operator' | 'Custodian' | 'Vault owner' | 'Witness' | 'Each custodian'

export interface ScriptStep {
  n: number
  who: Role
  /** What to do, in plain words. */
  action: string
  /** Where it is done in the app, in the app's own words. */
  app?: string
  /** The same step on the command line. */
  cli?: string
  /** What to check before initialling the step. */
  check?: string
  /** What to do when the check fails. */
  ifFails?: string
}

export interface ShareHolders {
  index: number
  holders: { custodianId: string; name: string; contact: string; copy: number; bagSerial?: string }[]
}

export interface CeremonyScript {
  kind: ScriptKind
  title: string
  vaultName: string
  method: MethodRecord
  /** The vault's signing key, as printed on the sheets: what a genuine sheet is checked against. */
  fingerprint: string
  publicKey: string
  setId?: string
  /** Whom to call: per share, every holder of a copy (any one copy of a share is enough). */
  shares: ShareHolders[]
  /** Sheets to destroy (destruction record): retired sets' sheets not yet destroyed. */
  toDestroy: { setId: string; index: number; copy: number; custodianId: string; name: string; bagSerial?: string }[]
  ownerContacts: string
  steps: ScriptStep[]
  /** Who signs at the end. */
  signatures: Role[]
  generatedAt: string
  checkpoint: string
}

export const SCRIPT_TITLES: Record<ScriptKind, string> = {
  'break-glass': 'Break-glass script',
  issuance: 'Issuance script',
  drill: 'Drill script',
  destruction: 'Destruction record',
  'custody-record': 'Custody record',
}

export interface ScriptSource {
  state: VaultState
  methodId: string
  kind: ScriptKind
  fingerprint: string
  publicKey: string
  checkpoint: string
  now: Date
}

export function buildCeremonyScript(source: ScriptSource): CeremonyScript {
  const { state, kind } = source
  const method = state.methods[source.methodId]
  if (!method) {
    throw new CustosError('METHOD_NOT_FOUND', `There is no method "${source.methodId}". Choose one of: ${Object.keys(state.methods).join(', ') || 'none yet'}.`, {
      methodId: source.methodId,
    })
  }
  const setId = method.activeSetId ?? method.pendingSetId
  const shares = setId ? holdersOf(state, setId) : []
  const toDestroy = Object.entries(state.custody)
    .filter(([, c]) => c.methodId === method.methodId && c.status === 'retired')
    .flatMap(([id, c]) =>
      c.sheets
        .filter((s) => !s.destroyed && !s.lost)
        .map((s) => ({ setId: id, index: s.index, copy: s.copy, custodianId: s.custodianId, name: state.custodians[s.custodianId]?.name ?? s.custodianId, ...(s.bagSerial ? { bagSerial: s.bagSerial } : {}) })),
    )
  const ctx: StepContext = { method, setId, ownerContacts: method.ownerContacts?.trim() || `the ${method.ownerTeam} team` }
  return {
    kind,
    title: `${SCRIPT_TITLES[kind]}: ${method.name}`,
    vaultName: state.vault?.name ?? 'Custos vault',
    method,
    fingerprint: source.fingerprint,
    publicKey: source.publicKey,
    ...(setId ? { setId } : {}),
    shares,
    toDestroy,
    ownerContacts: ctx.ownerContacts,
    steps: STEPS[kind](ctx).map((s, i) => ({ n: i + 1, ...s })),
    signatures: SIGNATURES[kind],
    generatedAt: source.now.toISOString(),
    checkpoint: source.checkpoint,
  }
}

/** Per share, every holder of a live copy: the operator needs one holder of each of K shares. */
export function holdersOf(state: VaultState, setId: string): ShareHolders[] {
  const byIndex = new Map<number, ShareHolders['holders']>()
  for (const s of state.custody[setId]?.sheets ?? []) {
    if (s.lost || s.destroyed) continue
    const c = state.custodians[s.custodianId]
    const list = byIndex.get(s.index) ?? []
    list.push({ custodianId: s.custodianId, name: c?.name ?? s.custodianId, contact: c?.contact ?? '', copy: s.copy, ...(s.bagSerial ? { bagSerial: s.bagSerial } : {}) })
    byIndex.set(s.index, list)
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, holders]) => ({ index, holders: holders.sort((a, b) => a.copy - b.copy) }))
}

interface StepContext {
  method: MethodRecord
  setId?: string
  ownerContacts: string
}

type StepText = Omit<ScriptStep, 'n'>

const SIGNATURES: Record<ScriptKind, Role[]> = {
  'break-glass': ['Operator', 'Each custodian', 'Witness'],
  issuance: ['Vault owner', 'Each custodian', 'Witness'],
  drill: ['Vault owner', 'Each custodian'],
  destruction: ['Custodian', 'Witness'],
  'custody-record': ['Vault owner', 'Each custodian', 'Witness'],
}

const set = (c: StepContext) => (c.setId ? groupForDisplay(c.setId) : 'SET')

const STEPS: Record<ScriptKind, (c: StepContext) => StepText[]> = {
  'break-glass': (c) => [
    {
      who: 'Operator',
      action: 'Confirm the emergency: open an incident ticket and confirm that normal access really cannot be used.',
      check: 'Write the ticket number in the margin. Permitted use cases: ' + c.method.useCases.join('; ') + '.',
      ifFails: 'If normal access works or the use case is not permitted, stop here: this method is not for this incident.',
    },
    {
      who: 'Operator',
      action: 'Work through the initial checklist: resource owner contacted, local team informed, wider team informed, escalated to the service owner.',
      check: 'Each of the four is done or deliberately skipped with a reason for the record.',
      ifFails: `If the resource owner cannot be reached, escalate to ${c.ownerContacts} and note who you reached.`,
    },
    {
      who: 'Operator',
      action: 'Compare the vault with the latest checkpoint a custodian holds (printed on the sheets and below).',
      app: 'Logbook > Verify, with the checkpoint',
      cli: 'custos log verify --checkpoint CHECKPOINT_FILE',
      check: 'Custos says the logbook verifies and extends the checkpoint.',
      ifFails: 'Do not use this vault machine. Call the vault owner and recover on another machine with the recovery kit (see "If the vault machine is down").',
    },
    {
      who: 'Operator',
      action: 'Record the release request: ticket, justification, business risk, why normal access cannot be used, requester, resource owner, use case, operator.',
      app: 'Break glass > Request',
      cli: `custos release request --method ${c.method.methodId} --ticket TICKET --operator OPERATOR_ID_OR_FULL_NAME ...`,
      check: 'Custos shows a release id. Write it in the margin.',
      ifFails: 'Custos names each missing or wrong field: correct it. Nothing is recorded until the request is complete.',
    },
    {
      who: 'Operator',
      action: `Call custodians of ${c.method.policy.threshold} different shares (table "Whom to call"): one holder of each share is enough.`,
      check: `${c.method.policy.threshold} different share numbers are confirmed, none held by the operator${c.method.policy.operatorMayPresent ? ' alone' : ''}.`,
      ifFails: 'If a holder cannot be reached, call the other holder of the same share. If fewer than the needed shares can be gathered, escalate to the vault owner; never accept photos or read-out groups sent remotely.',
    },
    {
      who: 'Each custodian',
      action: 'Check the request before you come: call back the operator or the vault owner on the number in this script, never on a number the caller gave.',
      check: 'The ticket and the operator match what the operator recorded.',
      ifFails: 'If anything does not match, do not present your sheet and tell the vault owner.',
    },
    {
      who: 'Each custodian',
      action: 'In person, compare the bag serial with your paper custody record, open the bag and present the sheet.',
      app: 'Break glass > present the sheets (camera, image or typed groups)',
      cli: 'custos release grant --release RELEASE_ID --present CUSTODIAN_ID=SHEET_FILE ...',
      check: 'Custos accepts each sheet and names who presents it.',
      ifFails: 'A refused sheet: read the message. Another or retired set: set it aside for destruction and call the other holder of that share. Damaged: type its groups, or use the other copy. A serial that does not match is recorded as an exception; tell the vault owner.',
    },
    {
      who: 'Operator',
      action: 'Receive the credential on the vault machine only; use it only for the permitted use case.',
      check: 'The release is recorded before the credential is shown; it is never copied into the ticket, chat or e-mail.',
    },
    {
      who: 'Operator',
      action: `Revoke the released credential within ${c.method.policy.revokeWithinHours} hour(s) and record the evidence.`,
      app: 'Aftercare > Revoke',
      cli: 'custos release revoked --release RELEASE_ID --evidence TEXT',
      check: 'Aftercare shows "Revoked".',
      ifFails: 'If the credential cannot be revoked in time, tell the vault owner at once; the overdue reminder stays until it is recorded.',
    },
    {
      who: 'Operator',
      action: `Rotate the credential and issue a new set within ${c.method.policy.rotateWithinHours} hour(s) (the issuance script).`,
      app: 'Aftercare > Rotate',
      cli: 'custos release rotated --release RELEASE_ID --evidence TEXT',
      check: 'A new set is active; the old set is listed for destruction.',
    },
    {
      who: 'Each custodian',
      action: 'Reseal your sheet in a new tamper-evident bag and record the new serial on your sheet\'s reseal log and in Custos.',
      app: 'Custodians & methods > the sheet > Resealed',
      cli: `custos custody resealed --set ${set(c)} --sheet SHARE.COPY --serial NEW_SERIAL`,
      check: 'The serial in Custos matches the bag.',
    },
    {
      who: 'Vault owner',
      action: `Hold the post-incident review within ${c.method.policy.reviewWithinDays} day(s) and record it.`,
      app: 'Aftercare > Review',
      cli: 'custos review --release RELEASE_ID ...',
      check: 'The dashboard no longer lists the review.',
    },
  ],
  issuance: (c) => [
    {
      who: 'Vault owner',
      action: `Gather the custodians who will hold the sheets (${c.method.policy.total} shares, ${c.method.policy.copies} cop${c.method.policy.copies === 1 ? 'y' : 'ies'} each) and a witness, with new tamper-evident bags.`,
      check: 'Every custodian is on the roster with a current contact.',
      ifFails: 'Add or update custodians first (Custodians & methods).',
    },
    {
      who: 'Vault owner',
      action: 'Enter the credential and split it into sheets, each sheet assigned to one custodian.',
      app: 'Issue sheets > Method, Credential, Sheets',
      cli: `custos ceremony issue --method ${c.method.methodId} --assign SHARE.COPY=CUSTODIAN_ID ... --pdf FILE`,
      check: 'Custos accepts the assignment: no small group of custodians can recover the credential alone.',
      ifFails: 'Custos names the custodians who would hold too many shares: change the assignment.',
    },
    {
      who: 'Vault owner',
      action: 'Print every sheet on the vault\'s printer. Do not save the all-sheets PDF anywhere else; it is the whole credential.',
      app: 'Issue sheets > Print',
      check: 'Every page printed whole; the QR code and the groups are sharp.',
      ifFails: 'Reprint the page; shred spoiled pages in front of the witness.',
    },
    {
      who: 'Vault owner',
      action: 'Scan back every printed sheet: camera, image or typed groups.',
      app: 'Issue sheets > Scan back',
      cli: 'custos ceremony verify --set SET_ID SHEET_FILE ...',
      check: 'Every sheet shows as seen and the set recombines.',
      ifFails: 'A sheet that does not scan back is reprinted; if the set does not recombine, abandon it and start again.',
    },
    {
      who: 'Each custodian',
      action: 'Check your own sheet: the vault fingerprint on it matches this script, your name and share are right. Seal it in a bag in front of the witness.',
      check: 'Bag serial written on the sheet\'s custody record and read out to the vault owner.',
    },
    {
      who: 'Vault owner',
      action: 'Record each hand-over with the bag serial.',
      app: 'Issue sheets > Hand over',
      cli: 'custos ceremony handover --set SET_ID --sheet SHARE.COPY --custodian CUSTODIAN_ID --bag SERIAL',
      check: 'Every sheet is handed over.',
    },
    {
      who: 'Vault owner',
      action: 'Activate the set. The previous set is retired and listed for destruction.',
      app: 'Issue sheets > Activate',
      cli: 'custos ceremony activate --set SET_ID',
      check: 'The method shows the new set as active.',
      ifFails: 'Custos names what is missing (scan-back or a hand-over).',
    },
    {
      who: 'Witness',
      action: 'Confirm that no copy of the credential or of the all-sheets PDF remains outside the bags.',
      check: 'The vault machine\'s screen shows no credential; no file was saved.',
    },
  ],
  drill: (c) => [
    {
      who: 'Vault owner',
      action: `Schedule the drill (every ${c.method.policy.drillEveryDays} days) with custodians of ${c.method.policy.threshold} different shares (table "Whom to call").`,
      check: 'The custodians confirmed by calling back the number in this script.',
    },
    {
      who: 'Each custodian',
      action: 'Bring your sealed sheet; compare the bag serial with your custody record, then open the bag.',
      check: 'The serial matches.',
      ifFails: 'A mismatch is recorded as an exception: tell the vault owner.',
    },
    {
      who: 'Each custodian',
      action: 'Present your sheet. Custos checks that the set opens without showing the credential.',
      app: 'Drill > present the sheets',
      cli: `custos drill run --method ${c.method.methodId} --present CUSTODIAN_ID=SHEET_FILE ...`,
      check: 'The drill passes and each sheet\'s verification date is updated.',
      ifFails: 'A failed drill: the set may not open in an emergency. Issue a new set (issuance script).',
    },
    {
      who: 'Each custodian',
      action: 'Reseal your sheet in a new bag and record the serial on the sheet\'s reseal log and in Custos.',
      cli: `custos custody resealed --set ${set(c)} --sheet SHARE.COPY --serial NEW_SERIAL`,
      check: 'The serial in Custos matches the bag.',
    },
  ],
  'custody-record': (c) => [
    {
      who: 'Vault owner',
      action: 'Hand each sealed bag to its custodian in front of the witness; both sign that sheet\'s lines below, with the date.',
      app: 'Issue sheets > Hand over',
      cli: 'custos ceremony handover --set SET_ID --sheet SHARE.COPY --custodian CUSTODIAN_ID --bag SERIAL',
      check: 'The bag serial on the bag is the one written on this record and in Custos.',
      ifFails: 'A serial that does not match: do not hand the bag over; reseal the sheet in a new bag and record the new serial.',
    },
    {
      who: 'Each custodian',
      action: 'Keep this record with your sheet. Each time the bag is opened (drill, release, check), reseal the sheet in a new bag and fill one row of your reseal log.',
      cli: `custos custody resealed --set ${set(c)} --sheet SHARE.COPY --serial NEW_SERIAL`,
      check: 'The last serial in your reseal log is the serial on your bag and in Custos.',
      ifFails: 'A bag that was opened without a row here is a custody exception: tell the vault owner the same day.',
    },
    {
      who: 'Each custodian',
      action: `If your sheet is lost, damaged or handed to someone else, tell the vault owner (${c.ownerContacts}) the same day.`,
      cli: 'custos custody lost --set SET_ID --sheet SHARE.COPY --note TEXT',
      check: 'The vault owner confirmed it is recorded; a new set is then issued.',
    },
  ],
  destruction: () => [
    {
      who: 'Custodian',
      action: 'Bring the sheet of the retired set (listed below) in its bag.',
      check: 'The set id on the sheet is the retired set\'s, not the active one\'s.',
      ifFails: 'A sheet of the active set is never destroyed here: put it back.',
    },
    {
      who: 'Witness',
      action: 'Watch the sheet being cross-cut shredded or burned, whole.',
      check: 'Nothing of the sheet is readable afterwards.',
    },
    {
      who: 'Custodian',
      action: 'Record the destruction with the witness\'s name.',
      app: 'Aftercare > Destroy retired sheets',
      cli: 'custos custody destroyed --set SET_ID --sheet SHARE.COPY --witness NAME',
      check: 'The dashboard no longer lists the sheet for destruction.',
    },
  ],
}
