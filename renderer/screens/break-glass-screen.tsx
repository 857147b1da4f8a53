// PLACEHOLDER (being written): Break glass.
import { ScreenHeading } from '../components/screen-heading'

export function BreakGlassScreen({ params }: { params: string[] }) {
  void params
  return <ScreenHeading title="Break glass" />
}
