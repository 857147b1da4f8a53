// PLACEHOLDER (being written): Audit.
import { ScreenHeading } from '../components/screen-heading'

export function AuditScreen({ params }: { params: string[] }) {
  void params
  return <ScreenHeading title="Audit" />
}
