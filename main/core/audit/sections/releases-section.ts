// Releases told as narratives: who asked and why, which custodians presented which sheets,
// who received the credential, each deadline and whether it was met, and the review.
import type { AuditModel, ReleaseStory } from '../audit-model'
import { foldReleases } from './releases-fold'
import { groupId } from '../../../../shared/entry-words'
import { COLOR, type AuditWriter, type Fact } from '../audit-writer'
import { duration, emptyNote, formatTime, type AuditSection } from './section'

function stories(model: AuditModel): ReleaseStory[] {
  return model.releases ?? foldReleases(model)
}

export const releasesSection: AuditSection = {
  title: 'Break-glass releases',
  count: (model) => stories(model).length,
  render(writer, model) {
    const list = stories(model)
    writer.section(
      this.title,
      'Each release of the emergency credential in the period, told from request to review. ' +
        'Sequence numbers point into the full entry table.',
    )
    if (list.length === 0) {
      emptyNote(writer, 'No break-glass release was recorded in this period.')
      return
    }
    list.forEach((story, i) => renderStory(writer, story, model, i))
  },
}

function renderStory(writer: AuditWriter, story: ReleaseStory, model: AuditModel, index: number): void {
  if (index > 0) writer.y += 6
  writer.heading(
    `Release ${story.id} · incident ${story.incident}`,
    `${story.method ? `Method ${story.method} · ` : ''}requested ${formatTime(story.requestedAt)} · log entries ${seqList(story.seqs)}`,
  )
  const facts: Fact[] = [
    ['Requested by', story.requester],
    ['Justification', story.justification],
  ]
  if (story.businessImpact) facts.push(['Business risk and impact', story.businessImpact])
  if (story.whyNotNormalAccess) facts.push(['Why normal access could not be used', story.whyNotNormalAccess])
  if (story.useCase) facts.push(['Permitted use case', story.useCase])
  if (story.resourceOwner) facts.push(['Resource owner', story.resourceOwner])
  facts.push(['Operator (received it)', story.operator])
  if (story.recoveredOutside) facts.push(['Recovered outside the vault', story.recoveredOutside])
  facts.push(['Released at', story.releasedAt ? formatTime(story.releasedAt) : 'not released'])
  if (story.setId) facts.push(['Share set', groupId(story.setId), { mono: true }])
  writer.facts(facts, 190)

  writer.label('Quorum: who presented which sheet')
  if (story.presented.length === 0) writer.paragraph('No quorum was gathered: the credential was not released.', { color: COLOR.warn })
  writer.table(
    [
      { title: 'Custodian', width: 140, value: (p: ReleaseStory['presented'][number]) => p.custodian },
      { title: 'Sheet', width: 165, mono: true, value: (p) => p.share },
      { title: 'Presented', width: 105, value: (p) => formatTime(p.at) },
      { title: 'Note', width: writer.width - 410, value: (p) => p.note ?? '' },
    ],
    story.presented,
    { size: 8 },
  )

  const now = Date.parse(model.generatedAt)
  if (story.deadlines.length > 0) writer.label('Deadlines')
  writer.table(
    [
      { title: 'Obligation', width: 170, value: (d: ReleaseStory['deadlines'][number]) => d.what },
      { title: 'Due', width: 105, value: (d) => formatTime(d.dueAt) },
      { title: 'Met', width: 105, value: (d) => (d.metAt ? formatTime(d.metAt) : '—') },
      { title: 'Verdict', width: writer.width - 380, value: (d) => deadlineVerdict(d, now).text, color: (d) => deadlineVerdict(d, now).color },
    ],
    story.deadlines,
    { size: 8 },
  )

  if (story.exceptions && story.exceptions.length > 0) {
    writer.panel([{ text: 'Exceptions recorded', bold: true }, ...story.exceptions.map((text) => ({ text: `• ${text}` }))])
  }
  if (story.review && story.review.length > 0) {
    writer.label('Post-incident review')
    writer.facts(story.review.map((r) => [r.question, r.answer] as [string, string]), 190)
  } else {
    writer.paragraph('Post-incident review: not yet recorded.', { color: COLOR.warn })
  }
}

function deadlineVerdict(d: ReleaseStory['deadlines'][number], now: number): { text: string; color: string } {
  const due = Date.parse(d.dueAt)
  if (d.metAt) {
    const late = Date.parse(d.metAt) - due
    return late <= 0 ? { text: 'Met on time', color: COLOR.ok } : { text: `Met late by ${duration(late)}`, color: COLOR.bad }
  }
  return now > due ? { text: `OVERDUE by ${duration(now - due)}`, color: COLOR.bad } : { text: 'Open', color: COLOR.warn }
}

function seqList(seqs: number[]): string {
  if (seqs.length === 0) return '—'
  return seqs.length > 8 ? `#${seqs[0]}–#${seqs[seqs.length - 1]}` : seqs.map((s) => `#${s}`).join(', ')
}
