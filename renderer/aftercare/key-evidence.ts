// What the logbook holds about one AWS access key's revocation: connected calls
// (aws.key-deactivated, aws.key-deleted) and offline evidence (aws.evidence-recorded),
// oldest first, each in the one-line words the audit PDF uses.
import { AWS_EVENT_SUMMARIES } from '../../shared/aws-events'
import { call } from '../custos-client'

export interface KeyEvidence {
  seq: number
  time: string
  step: 'deactivate' | 'delete'
  line: string
}

const TYPES = ['aws.key-deactivated', 'aws.key-deleted', 'aws.evidence-recorded'] as const

export async function keyEvidence(accessKeyId: string): Promise<KeyEvidence[]> {
  const pages = await Promise.all(TYPES.map((type) => call('log.entries', { type, newestFirst: true, limit: 200 })))
  const found: KeyEvidence[] = []
  pages.forEach((page, i) => {
    const type = TYPES[i]!
    for (const entry of page.entries) {
      const event = entry.event as Record<string, unknown>
      if (event.accessKeyId !== accessKeyId) continue
      const step = type === 'aws.key-deactivated' ? 'deactivate' : type === 'aws.key-deleted' ? 'delete' : event.step
      if (step !== 'deactivate' && step !== 'delete') continue
      const summarize = AWS_EVENT_SUMMARIES[type] as (e: unknown) => string
      found.push({ seq: entry.seq, time: entry.time, step, line: summarize({ ...event, type }) })
    }
  })
  return found.sort((a, b) => a.seq - b.seq)
}
