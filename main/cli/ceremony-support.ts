// What the ceremony commands share: opening the vault and logbook for one command, reading
// "custodian=file" presentations, sheet labels like "2.1", repeatable options, yes/no answers.
import { CustosError } from '../../shared/errors'
import { openCeremonyContext, type CeremonyContext } from '../core/ceremonies/ceremony-context'
import { parseSheetLabel } from '../core/ceremonies/ids'
import type { SheetPresentation } from '../core/ceremonies/quorum'
import { localActor } from '../core/logbook'
import { collectShareInputs } from './commands/combine'
import type { CliContext } from './context'

export async function withCeremony<T>(ctx: CliContext, dataDir: string | undefined, body: (c: CeremonyContext) => Promise<T> | T): Promise<T> {
  const ceremony = openCeremonyContext(ctx.dataDir(dataDir), ctx.clock, localActor(ctx.env))
  try {
    return await body(ceremony)
  } finally {
    ceremony.close()
  }
}

/** For commander: lets an option be given several times. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

export function sheetOption(label: string): { index: number; copy: number } {
  const sheet = parseSheetLabel(label)
  if (!sheet) throw new CustosError('USAGE', `"${label}" is not a sheet; write share and copy as on the sheet, e.g. 2.1.`)
  return sheet
}

export function yesNo(value: string, what: string): boolean {
  if (/^(y|yes|true)$/i.test(value)) return true
  if (/^(n|no|false)$/i.test(value)) return false
  throw new CustosError('USAGE', `${what}: answer yes or no, not "${value}".`)
}

/** Reads --present CUSTODIAN=FILE (share text file or sheet photo) into presentations. */
export async function readPresentations(ctx: CliContext, values: string[]): Promise<SheetPresentation[]> {
  if (values.length === 0) {
    throw new CustosError('USAGE', 'Name each sheet and who presents it: --present alice=sheet-1.jpg --present bob=share-2.txt')
  }
  const presentations: SheetPresentation[] = []
  for (const value of values) {
    const at = value.indexOf('=')
    if (at <= 0 || at === value.length - 1) {
      throw new CustosError('USAGE', `--present ${value}: write CUSTODIAN=FILE, e.g. --present alice=sheet-1.jpg`)
    }
    const custodianId = value.slice(0, at).trim()
    const inputs = await collectShareInputs([value.slice(at + 1)], ctx)
    for (const input of inputs) presentations.push({ custodianId, input })
  }
  return presentations
}
