// The text of one sheet as the app receives it: the QR payload ("CUSTOS:..."), read by a
// camera or from an image, or the typed groups printed under the QR code, typed by a person.
import { CustosError, isCustosError } from '../../../shared/errors'
import { parseTypedGroups } from '../../../shared/typed-groups'
import type { ShareInput } from '../shares/combine'

const QR_PAYLOAD = /^CUSTOS:\S+$/i
/** Only what typed lines contain: base32 groups, spaces, line breaks, hyphens and line numbers. */
const TYPED_LINES = /^[0-9A-Za-z\s.:)-]+$/

/**
 * Returns the share input with its payload in QR form. Typed groups are checked group by
 * group, so a typo is named by line and group; anything else goes on as given and is
 * refused by the share check with its own reason.
 */
export function shareInputFromSheetText(input: ShareInput): ShareInput {
  const text = input.payload.trim()
  if (QR_PAYLOAD.test(text) || !TYPED_LINES.test(text)) return { source: input.source, payload: text }
  try {
    return { source: input.source, payload: parseTypedGroups(text) }
  } catch (error) {
    if (!isCustosError(error)) throw error
    throw new CustosError(error.code, `${input.source}: ${error.message}`, { ...error.details, source: input.source })
  }
}
