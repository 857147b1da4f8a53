// PLACEHOLDER (being written): Drill.
import { ScreenHeading } from '../components/screen-heading'

export function DrillScreen({ params }: { params: string[] }) {
  void params
  return <ScreenHeading title="Drill" />
}
