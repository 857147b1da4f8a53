// Who the operator of a release is: a person on the roster (named by id) or an explicit
// outsider (named in full). The operator rule then applies to the person, whatever the spelling.
import { CustosError } from '../../../shared/errors'
import type { VaultState } from '../logbook'
import type { CustodianRecord, ReleaseRecord } from './ceremony-state'

/** What the operator rule needs of a release. */
export type ReleaseOperator = Pick<ReleaseRecord, 'operator' | 'operatorId'>

export interface ResolvedOperator {
  /** The name recorded and shown. */
  operator: string
  /** Set when the operator is on the roster. */
  operatorId?: string
}

/**
 * A custodian id names that person. Any other text is an outsider's name, unless it resembles
 * a custodian's name ("Alice Ng (on call)" for custodian Alice Ng): then it is refused with the
 * candidates, since the rule that a custodian may not release to themselves must not depend on
 * how their name was typed.
 */
export function resolveOperator(state: VaultState, text: string): ResolvedOperator {
  const given = text.trim()
  const byId = state.custodians[given]
  if (byId) return { operator: byId.name, operatorId: byId.custodianId }
  const candidates = Object.values(state.custodians).filter((c) => !c.retired && resembles(given, c))
  if (candidates.length > 0) {
    const list = candidates.map((c) => `${c.name} (id ${c.custodianId})`).join(', ')
    throw new CustosError(
      'INPUT_INVALID',
      `The operator "${given}" looks like ${candidates.length === 1 ? 'a custodian on the roster' : 'custodians on the roster'}: ${list}. ` +
        'Name a person on the roster by their id; give a full name only for someone who is not on the roster.',
      { field: 'operator', candidates: candidates.map((c) => ({ custodianId: c.custodianId, name: c.name })) },
    )
  }
  return { operator: given }
}

/** Whether the custodian presenting a sheet is the release's operator (by id; by name for requests made before ids). */
export function isReleaseOperator(state: VaultState, release: ReleaseOperator, custodianId: string): boolean {
  if (release.operatorId) return release.operatorId === custodianId
  const name = words(release.operator)
  return words(custodianId) === name || words(state.custodians[custodianId]?.name ?? '') === name
}

function resembles(text: string, custodian: CustodianRecord): boolean {
  const given = words(text)
  const name = words(custodian.name)
  if (!given || !name) return false
  if (given === words(custodian.custodianId)) return true
  const padded = (s: string) => ` ${s} `
  // Either name holds the other as whole words: "alice ng on call" holds "alice ng"; "alice" is held by "alice ng".
  return padded(given).includes(padded(name)) || padded(name).includes(padded(given))
}

/** Lower case, accents and punctuation dropped, single spaces: how people compare names by eye. */
function words(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
