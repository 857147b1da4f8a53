// A short table mapping each item of the summary to the controls it evidences (SOC 2 Trust
// Services Criteria 2017; ISO/IEC 27001:2022 Annex A, with the 2013 number auditors still cite
// for incident response). A guide for the auditor, who decides what a control needs.
import type { AuditSection } from './section'

export interface ControlRow {
  item: string
  where: string
  soc2: string
  iso27001: string
}

export const CONTROL_MAP: readonly ControlRow[] = [
  {
    item: 'Each release: incident ticket, justification, requester, named operator',
    where: 'Period summary; Break-glass releases',
    soc2: 'CC6.1 logical access; CC6.2 access authorised before it is granted',
    iso27001: 'A.5.15 Access control; A.5.18 Access rights; A.8.2 Privileged access rights',
  },
  {
    item: 'Quorum: who presented which sheet',
    where: 'Period summary; release narratives',
    soc2: 'CC6.1 (no single person holds the credential)',
    iso27001: 'A.5.3 Segregation of duties; A.8.2 Privileged access rights',
  },
  {
    item: 'Time to revoke and time to rotate',
    where: 'Period summary; release deadlines',
    soc2: 'CC6.2 and CC6.3 access removed when no longer needed',
    iso27001: 'A.5.18 Access rights; A.8.5 Secure authentication',
  },
  {
    item: 'Post-incident review, done or overdue',
    where: 'Period summary; release narratives',
    soc2: 'CC7.4 incident response; CC7.5 recovery and lessons',
    iso27001: 'A.5.26 Response to incidents; A.5.27 Learning from incidents (2013: A.16.1.5, A.16.1.6)',
  },
  {
    item: 'Drills and their results',
    where: 'Period summary; Drills',
    soc2: 'CC7.5 recovery procedures tested; CC9.1 business disruption',
    iso27001: 'A.5.29 Security during disruption; A.5.30 ICT readiness for business continuity',
  },
  {
    item: 'Sets issued, retired, destroyed; custody of every sheet; plain splits flagged',
    where: 'Share sets; Custody changes',
    soc2: 'CC6.1 credentials protected; CC6.5 disposal of assets that hold them',
    iso27001: 'A.5.17 Authentication information; A.7.10 Storage media; A.7.14 Secure disposal',
  },
  {
    item: 'Obligations missed',
    where: 'Period summary; Open obligations',
    soc2: 'CC7.4 incident response; CC4.2 deficiencies communicated',
    iso27001: 'A.5.26 Response to incidents',
  },
  {
    item: 'Key use reconciled against CloudTrail',
    where: 'Period summary (when recorded)',
    soc2: 'CC7.2 monitoring for anomalies; CC7.3 evaluation of events',
    iso27001: 'A.8.15 Logging; A.8.16 Monitoring activities',
  },
  {
    item: 'The signed, hash-chained logbook embedded in this file',
    where: 'Cover; All entries; custos-logbook.json',
    soc2: 'CC7.2 monitoring; CC2.1 information quality',
    iso27001: 'A.8.15 Logging; A.5.33 Protection of records',
  },
]

export const controlsSection: AuditSection = {
  title: 'Controls evidenced',
  count: () => CONTROL_MAP.length,
  render(writer) {
    writer.section(
      this.title,
      'Which control each item of the summary evidences. The mapping is a guide; the auditor decides what each control requires.',
    )
    writer.table(
      [
        { title: 'Item', width: 140, value: (r: ControlRow) => r.item },
        { title: 'Where in this PDF', width: 90, value: (r) => r.where },
        { title: 'SOC 2 (TSC 2017)', width: 125, value: (r) => r.soc2 },
        { title: 'ISO/IEC 27001:2022 Annex A', width: writer.width - 355, value: (r) => r.iso27001 },
      ],
      CONTROL_MAP,
      { size: 7.5 },
    )
  },
}
