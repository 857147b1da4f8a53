// PLACEHOLDER (being written): Issue a set of sheets.
import { ScreenHeading } from '../components/screen-heading'

export function IssuanceScreen({ params }: { params: string[] }) {
  void params
  return <ScreenHeading title="Issue a set of sheets" />
}
