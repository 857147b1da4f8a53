// custos release: breaking the glass. request (every field required), grant (a quorum of
// custodians presents sheets; the credential goes to the terminal that asked, only after the
// release is durably logged), then the aftercare evidence: revoked, rotated.
import type { Command } from 'commander'
import { serializeBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import { stateOf } from '../../core/ceremonies/ceremony-context'
import { grantRelease, missingRequestFields, recordRevoked, recordRotated, REQUIRED_REQUEST_FIELDS, requestRelease, type ReleaseRequestInput } from '../../core/ceremonies/release'
import { askEach } from '../prompt'
import type { CliContext } from '../context'
import { collect, readPresentations, withCeremony } from '../ceremony-support'
import { runCommand } from '../output'

interface RequestOpts {
  dataDir?: string
  json?: boolean
  method?: string
  ticket?: string
  justification?: string
  risk?: string
  whyNotNormal?: string
  requesterName?: string
  requesterTeam?: string
  requesterArea?: string
  ownerTeam?: string
  ownerContacts?: string
  useCase?: string
  operator?: string
}

interface GrantOpts {
  dataDir?: string
  json?: boolean
  release: string
  present?: string[]
  toPipe?: boolean
}

const common = (c: Command) => c.option('--data-dir <dir>', 'vault directory').option('--json', 'print JSON')

export function registerRelease(program: Command, ctx: CliContext): void {
  const release = program.command('release').description('break the glass: request, grant, then revoke and rotate')

  common(release.command('request').description('record a release request (every field is required)'))
    .option('--method <id>', 'break-glass method')
    .option('--ticket <id>', 'incident ticket')
    .option('--justification <text>', 'why the credential is needed')
    .option('--risk <text>', 'business risk and impact')
    .option('--why-not-normal <text>', 'why normal access cannot be used')
    .option('--requester-name <name>')
    .option('--requester-team <team>')
    .option('--requester-area <area>')
    .option('--owner-team <team>', 'team owning the resource')
    .option('--owner-contacts <text>', 'how to reach the resource owner')
    .option('--use-case <text>', 'one of the method\'s permitted use cases')
    .option('--operator <name>', 'the one person who will receive the credential')
    .action(async (o: RequestOpts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
        withCeremony(ctx, o.dataDir, async (c) => {
          const input: ReleaseRequestInput = {
            methodId: o.method ?? '',
            incidentTicket: o.ticket ?? '',
            justification: o.justification ?? '',
            businessRisk: o.risk ?? '',
            whyNotNormalAccess: o.whyNotNormal ?? '',
            requester: { name: o.requesterName ?? '', team: o.requesterTeam ?? '', area: o.requesterArea ?? '' },
            resourceOwner: { team: o.ownerTeam ?? '', contacts: o.ownerContacts ?? '' },
            useCase: o.useCase ?? '',
            operator: o.operator ?? '',
          }
          // A person at a terminal is asked for what the flags left out; a script gets the error.
          if (ctx.io.isStdinTty) await promptMissing(input)
          const r = requestRelease(c, input)
          return {
            json: { releaseId: r.releaseId },
            text: `Release ${r.releaseId} requested for ${r.operator}. Gather the custodians, then: custos release grant --release ${r.releaseId} --present CUSTODIAN=SHEET ...`,
          }
        }),
      )
    })

  common(release.command('grant').description('present a quorum of sheets and release the credential to the operator'))
    .requiredOption('--release <id>', 'the release request')
    .option('--present <custodian=file>', 'a sheet (share file or photo) and who presents it; repeat', collect)
    .option('--to-pipe', 'allow printing the credential when stdout is not a terminal (a pipe or a file you chose)')
    .action(async (o: GrantOpts) => {
      process.exitCode = await runCommand(ctx.io, Boolean(o.json), async () => {
        // Checked before anything is recorded: the credential goes only to the terminal that asked.
        if (!process.stdout.isTTY && !o.toPipe) {
          throw new CustosError(
            'NOT_A_TERMINAL',
            'The credential is printed only to the terminal that asked, and stdout is not a terminal. ' +
              'Run this in a terminal, or add --to-pipe if you really mean to send it to a pipe or file.',
          )
        }
        const presentations = await readPresentations(ctx, o.present ?? [])
        return withCeremony(ctx, o.dataDir, (c) => {
          const granted = grantRelease(c, o.release, presentations)
          for (const notice of granted.notices) ctx.io.stderr(`note: ${notice}\n`)
          for (const out of granted.outcomes.filter((x) => !x.ok)) ctx.io.stderr(`refused: ${out.source}: ${out.error?.message}\n`)
          const lines = [
            serializeBundle(granted.bundle),
            ...(granted.totp ? [`MFA code: ${granted.totp.code} (valid ${granted.totp.secondsRemaining} s more)`] : []),
            `Released to ${granted.operator}. Revoke by ${granted.revokeBy}; rotate and re-issue by ${granted.rotateBy}; review by ${granted.reviewBy}.`,
          ]
          return {
            json: {
              releaseId: granted.releaseId,
              operator: granted.operator,
              bundle: granted.bundle,
              ...(granted.totp ? { totp: granted.totp } : {}),
              revokeBy: granted.revokeBy,
              rotateBy: granted.rotateBy,
              reviewBy: granted.reviewBy,
              outcomes: granted.outcomes,
            },
            text: lines.join('\n'),
          }
        })
      })
    })

  for (const [name, what, fn] of [
    ['revoked', 'record that the released credential was revoked (evidence)', recordRevoked],
    ['rotated', 'record that the credential was rotated (evidence)', recordRotated],
  ] as const) {
    common(release.command(name).description(what))
      .requiredOption('--release <id>', 'the release')
      .requiredOption('--evidence <text>', 'what was done, by whom, request ids or change records')
      .action(async (o: { dataDir?: string; json?: boolean; release: string; evidence: string }) => {
        process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
          withCeremony(ctx, o.dataDir, (c) => {
            fn(c, o.release, o.evidence)
            return { json: { recorded: name }, text: `Recorded: release ${o.release} ${name}.` }
          }),
        )
      })
  }

  common(release.command('list').description('list releases and their aftercare')).action(async (o: { dataDir?: string; json?: boolean }) => {
    process.exitCode = await runCommand(ctx.io, Boolean(o.json), () =>
      withCeremony(ctx, o.dataDir, (c) => {
        const releases = Object.values(stateOf(c).releases)
        return {
          json: { releases },
          text: releases.length
            ? releases
                .map((r) =>
                  `${r.releaseId} ${r.incidentTicket} (${r.methodId}) operator ${r.operator}: ` +
                  (r.granted ? `granted ${r.granted.time}` : `requested ${r.requested.time}`) +
                  `${r.revoked ? ', revoked' : ''}${r.rotated ? ', rotated' : ''}${r.review ? ', reviewed' : ''}`,
                )
                .join('\n')
            : 'No releases.',
        }
      }),
    )
  })
}

async function promptMissing(input: ReleaseRequestInput): Promise<void> {
  const missing = new Set(missingRequestFields(input as Record<string, unknown>))
  const asked = REQUIRED_REQUEST_FIELDS.filter(([, label]) => missing.has(label))
  const answers = await askEach(asked.map(([, label]) => label[0]!.toUpperCase() + label.slice(1)))
  asked.forEach(([path], i) => {
    const [head, tail] = path.split('.') as [string, string | undefined]
    const target = input as unknown as Record<string, Record<string, string> | string>
    if (tail) (target[head] as Record<string, string>)[tail] = answers[i]!
    else target[head] = answers[i]!
  })
}
