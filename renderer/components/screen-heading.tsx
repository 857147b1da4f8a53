// A screen's h1, focused when the screen opens so keyboard and screen-reader users land on it.
import { useEffect, useRef, type ReactNode } from 'react'

export function ScreenHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} · Custos`
    ref.current?.focus({ preventScroll: true })
  }, [title])
  return (
    <header className="screen-header">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children && <div className="screen-actions">{children}</div>}
    </header>
  )
}
