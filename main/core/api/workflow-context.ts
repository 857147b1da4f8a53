// What every workflow operation needs around the ceremony services: the vault and logbook
// opened for one call (also across awaits), the desktop port when a dialog is involved,
// and plain input checks that name the field instead of failing inside the logbook.
import { CustosError } from '../../../shared/errors'
import { openCeremonyContext, type CeremonyContext } from '../ceremonies/ceremony-context'
import type { DesktopPort } from '../desktop/desktop-port'
import { localActor } from '../logbook/record'
import { normalizeSetId } from '../../../shared/set-id'
import type { ApiDeps } from './api-deps'

/** Opens the logbook for the body (sync or async) and closes it when the body is done. */
export async function withCeremonies<T>(deps: ApiDeps, body: (ctx: CeremonyContext) => Promise<T> | T): Promise<T> {
  const ctx = openCeremonyContext(deps.dataDir, deps.clock, localActor())
  try {
    return await body(ctx)
  } finally {
    ctx.close()
  }
}

export function requireDesktop(deps: ApiDeps, what: string): DesktopPort {
  if (!deps.desktop) {
    throw new CustosError(
      'USAGE',
      `${what} needs a desktop's dialogs, and this Custos runs without one.`,
      { needs: 'desktop' },
    )
  }
  return deps.desktop
}

/** Set ids are accepted as printed ("V5Q0-6ES4", any case). */
export function setIdOf(text: string): string {
  return normalizeSetId(text)
}

/** A required line of text for the log, trimmed; names the field when it is empty or too long. */
export function requiredText(value: string, max: number, what: string): string {
  const text = value.trim()
  if (!text) throw new CustosError('INPUT_INVALID', `Give ${what}; it cannot be empty.`, { field: what })
  if (text.length > max) throw new CustosError('INPUT_INVALID', `Shorten ${what} to ${max} characters at most (it has ${text.length}).`, { field: what })
  return text
}
