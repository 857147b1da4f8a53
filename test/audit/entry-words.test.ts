// Logbook entries in words (shared/entry-words.ts), as the app's logbook screen and the audit
// PDF print them: names instead of ids, set ids grouped as on the sheets, tickets beside releases.
import { describe, expect, it } from 'vitest'
import {
  collectEntryNames,
  describeEntry,
  emptyEntryNames,
  entryTitle,
  groupId,
  isExceptionEntry,
  type EntryLike,
} from '../../shared/entry-words'
import { VAULT_EVENT_TYPES } from '../../shared/events'

const log: EntryLike[] = [
  { type: 'method.defined', payload: { methodId: 'aws-root', name: 'AWS root, payments', scope: 'AWS 123456789012', ownerTeam: 'Payments', useCases: ['Outage'], access: 'root', policy: { threshold: 2, total: 3, copies: 1, revokeWithinHours: 1, rotateWithinHours: 24, reviewWithinDays: 5, destroyWithinDays: 14, drillEveryDays: 90, operatorMayPresent: false } } },
  { type: 'custodian.added', payload: { custodianId: 'alice', name: 'Alice Ng', contact: 'alice@example.com', team: 'SRE' } },
  { type: 'custodian.added', payload: { custodianId: 'bob', name: 'Bob Stone', contact: 'bob@example.com', team: 'SRE' } },
  {
    type: 'release.requested',
    payload: {
      releaseId: 'rel-1', methodId: 'aws-root', incidentTicket: 'INC-5120', justification: 'j', businessRisk: 'b', whyNotNormalAccess: 'w',
      requester: { name: 'Dana Kowalski', team: 'Payments SRE', area: 'EU' }, resourceOwner: { team: 'Payments', contacts: 'x' }, useCase: 'Outage', operator: 'Dana Kowalski',
    },
  },
]
const names = collectEntryNames(log)

describe('logbook entries in words', () => {
  it('says who presented which share of which set for which ticket', () => {
    const granted: EntryLike = {
      type: 'release.granted',
      event: {
        type: 'release.granted', releaseId: 'rel-1', setId: '2QTNP9QV', operator: 'Dana Kowalski',
        presented: [{ index: 2, custodianId: 'alice', shareFingerprint: 'A'.repeat(16) }, { index: 3, custodianId: 'bob', shareFingerprint: 'B'.repeat(16) }],
        revokeBy: '2026-04-14T04:24:00.000Z', rotateBy: '2026-04-15T03:24:00.000Z', reviewBy: '2026-04-19T03:24:00.000Z',
      },
    }
    expect(describeEntry(granted, names)).toBe(
      'Alice Ng presented share 2, Bob Stone presented share 3 of set 2QTN-P9QV for INC-5120; ' +
        'credential released to Dana Kowalski (release rel-1), revoke by 2026-04-14 04:24 UTC',
    )
  })

  it('uses names the log gave, and the id itself for anyone it does not know', () => {
    const handed = (custodianId: string): EntryLike => ({ type: 'sheet.handed-over', payload: { setId: 'K7Q2M4XA', index: 1, copy: 2, custodianId, bagSerial: 'TEB-100' } })
    expect(describeEntry(handed('alice'), names)).toBe('Alice Ng received share 1 copy 2 of set K7Q2-M4XA in bag TEB-100')
    expect(describeEntry(handed('zoe'), names)).toBe('zoe received share 1 copy 2 of set K7Q2-M4XA in bag TEB-100')
  })

  it('calls a set made with a plain split what it is, and counts it as an exception', () => {
    const plain: EntryLike = { type: 'set.issued', payload: { setId: 'HX4R7M2B', threshold: 2, total: 3, label: '', vaultFingerprint: 'A'.repeat(16) } }
    expect(describeEntry(plain, names)).toBe('Share set HX4R-7M2B made with a plain split (no method, custodians or scan-back): 2 of 3 shares')
    expect(isExceptionEntry(plain)).toBe(true)
    const ceremony: EntryLike = { type: 'set.issued', payload: { ...plain.payload, methodId: 'aws-root' } }
    expect(describeEntry(ceremony, names)).toBe('Share set HX4R-7M2B issued for method AWS root, payments: 2 of 3 shares')
    expect(isExceptionEntry(ceremony)).toBe(false)
  })

  it('gives every event type a title, and an unknown type its fields', () => {
    for (const type of VAULT_EVENT_TYPES) expect(entryTitle(type), type).not.toBe(type)
    expect(describeEntry({ type: 'future.event', payload: { widget: 'W-1', count: 3 } }, emptyEntryNames())).toBe('widget: W-1; count: 3')
  })

  it('falls back to the fields when a payload does not fit its type', () => {
    expect(describeEntry({ type: 'release.granted', payload: { releaseId: 'rel-9' } }, names)).toBe('releaseId: rel-9')
  })

  it('groups set ids and fingerprints by four, as the sheets print them', () => {
    expect(groupId('V9QWDC1K')).toBe('V9QW-DC1K')
    expect(groupId('GHQJYBR7R7KEBED7')).toBe('GHQJ-YBR7-R7KE-BED7')
  })
})
