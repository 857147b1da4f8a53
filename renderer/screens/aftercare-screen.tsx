// PLACEHOLDER (being written): Aftercare.
import { ScreenHeading } from '../components/screen-heading'

export function AftercareScreen({ params }: { params: string[] }) {
  void params
  return <ScreenHeading title="Aftercare" />
}
