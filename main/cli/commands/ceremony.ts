// custos ceremony: the issuance ceremony. issue (split, assign, print sheets), handover (bag
// serials), verify (scan back every printed sheet), activate (retiring the set before).
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { CustosError } from '../../../shared/errors'
import { groupForDisplay } from '../../../shared/share-format'
import { abandonIssuance, activateSet, recordHandover, recordScanBack, requireSet } from '../../core/ceremonies/issuance'
import type { SheetAssignment } from '../../core/ceremonies/assignment'
import { verifyScannedSheets } from '../../core/sheets/scan-back'
import type { CliContext } from '../context'
import { sheetOption, withCeremony } from '../ceremony-support'
import { readBundleInput } from '../files'
import { issueSheetsToFile, pageSizeOption } from '../sheets-pdf-file'
import { runCommand } from '../output'

interface Opts {
  dataDir?: string
  json?: boolean
  method?: string
  assign?: string
  label?: string
  bundleFile?: string
  pdf?: string
  pageSize?: string
  contact?: string
  set?: string
  sheet?: string
  custodian?: string
  bag?: string
  note?: string
}

const common = (c: Command) => c.option('--data-dir <dir>', 'vault directory').option('--json', 'print JSON')

function parseAssignments(text: string): SheetAssignment[] {
  return text.split(',').map((part) => {
    const [sheet, custodianId] = part.split('=').map((s) => s.trim())
    if (!sheet || !custodianId) throw new CustosError('USAGE', `--assign ${part}: write SHEET=CUSTODIAN, e.g. 1.1=alice,1.2=bob`)
    return { ...sheetOption(sheet), custodianId }
  })
}

export function registerCeremony(program: Command, ctx: CliContext): void {
  const ceremony = program.command('ceremony').description('issuance ceremony: issue, handover, verify, activate')

  common(ceremony.command('issue').description('split a credential (JSON on stdin) into a new set of sheets for a method'))
    .requiredOption('--method <id>', 'the method the set protects')
    .requiredOption('--pdf <file>', 'where to write the printable sheets (one page per sheet)')
    .option('--assign <list>', 'who holds which sheet: 1.1=alice,1.2=bob,... (default: roster order)')
    .option('--label <text>', 'text printed on every sheet (default: none)')
    .option('--bundle-file <file>', 'read the bundle JSON from this file instead of stdin')
    .option('--page-size <size>', 'a4 or letter', 'a4')
    .option('--contact <text>', 'whom to call in an emergency, printed on every sheet')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, async (c) => {
          const bundle = await readBundleInput(ctx, opts.bundleFile)
          const { issued } = await issueSheetsToFile(c, {
            methodId: opts.method!,
            bundle,
            ...(opts.assign ? { assignments: parseAssignments(opts.assign) } : {}),
            ...(opts.label ? { label: opts.label } : {}),
            pageSize: pageSizeOption(opts.pageSize),
            ...(opts.contact ? { emergencyContact: opts.contact } : {}),
          }, opts.pdf!)
          const { header } = issued
          const sheets = issued.sheets.map(({ payload: _p, ...s }) => s)
          return {
            json: { setId: header.setId, threshold: header.threshold, total: header.total, pdf: opts.pdf, sheets },
            text: [
              `Set ${groupForDisplay(header.setId)} issued (${header.threshold}-of-${header.total}); sheets written to ${opts.pdf}.`,
              ...sheets.map((s) => `  sheet ${s.index}.${s.copy} -> ${s.custodianName}`),
              'Next: print, hand each sheet over in a sealed bag (custos ceremony handover), scan every sheet back',
              `(custos ceremony verify --set ${header.setId} IMAGES...), then activate (custos ceremony activate --set ${header.setId}).`,
            ].join('\n'),
          }
        }),
      )
    })

  common(ceremony.command('handover').description('record that a custodian received a sheet in a sealed bag'))
    .requiredOption('--set <id>', 'set id')
    .requiredOption('--sheet <n.c>', 'share and copy, e.g. 2.1')
    .requiredOption('--custodian <id>', 'who received it')
    .requiredOption('--bag <serial>', 'tamper-evident bag serial')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          const sheet = sheetOption(opts.sheet!)
          recordHandover(c, { setId: opts.set!.toUpperCase(), ...sheet, custodianId: opts.custodian!, bagSerial: opts.bag! })
          return { json: { recorded: true }, text: `Recorded: sheet ${opts.sheet} of set ${opts.set} handed to ${opts.custodian} in bag ${opts.bag}.` }
        }),
      )
    })

  common(ceremony.command('verify').description('scan back every printed sheet of a set (PNG or JPEG images)'))
    .requiredOption('--set <id>', 'set id')
    .argument('<images...>', 'scans or photos of every printed sheet')
    .action(async (images: string[], opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, async (c) => {
          const custody = requireSet(c, opts.set!)
          const report = await verifyScannedSheets({
            vault: c.key,
            setId: opts.set!,
            images: images.map((file) => ({ source: file, bytes: readImage(file) })),
            copies: custody.copies,
          })
          recordScanBack(c, report)
          return {
            json: { report },
            text: `Scan-back of set ${report.setId} passed: ${report.seen.map((s) => `share ${s.index} x${s.copies}`).join(', ')}; the set recombines.`,
          }
        }),
      )
    })

  common(ceremony.command('activate').description('activate a verified set (retires the method\'s previous set)'))
    .requiredOption('--set <id>', 'set id')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          const { supersedes } = activateSet(c, opts.set!.toUpperCase())
          return {
            json: { setId: opts.set!.toUpperCase(), supersedes },
            text:
              `Set ${opts.set} is active.` +
              (supersedes ? ` Set ${supersedes} is retired: its sheets are refused from now on; collect and destroy them (custos custody destroyed).` : ''),
          }
        }),
      )
    })

  common(ceremony.command('abandon').description('abandon a set that was issued but not activated'))
    .requiredOption('--set <id>', 'set id')
    .requiredOption('--note <text>', 'why')
    .action(async (opts: Opts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(opts.json), () =>
        withCeremony(ctx, opts.dataDir, (c) => {
          abandonIssuance(c, opts.set!.toUpperCase(), opts.note!)
          return { json: { abandoned: true }, text: `Set ${opts.set} abandoned; destroy any printed sheet of it.` }
        }),
      )
    })
}

function readImage(file: string): Uint8Array {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new CustosError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code}. Check the path.`)
  }
}
