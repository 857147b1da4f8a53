// The issuance wizard driven as a person would, for e2e tests that issue a set of an AWS
// access key: the credential and the split, the PDF saved (and rendered as scans), the
// scan-back from those images and the hand-over of every sheet.
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { FakeDesktopPort } from './fake-desktop-port'
import { renderPdfPages } from './sheet-images'

export const wizardStep = (page: Page, n: number, title: string) => page.getByRole('heading', { level: 2, name: `Step ${n} of 7: ${title}` })

/** Step 2 with the key, step 3 as proposed; returns the new set's id once step 4 (print) shows. */
export async function enterAccessKeyAndSplit(
  page: Page,
  key: { accessKeyId: string; secretAccessKey: string; accountId: string; userName: string },
): Promise<string> {
  const form = page.getByRole('form', { name: 'Credential' })
  await form.getByLabel('Access key ID').fill(key.accessKeyId)
  await form.getByLabel('Secret access key', { exact: true }).fill(key.secretAccessKey)
  await form.getByLabel('AWS account ID').fill(key.accountId)
  await form.getByLabel('IAM user name').fill(key.userName)
  await form.getByRole('button', { name: 'Next: sheets and custodians' }).click()
  await page.getByRole('button', { name: 'Split and create the sheets' }).click()
  await wizardStep(page, 4, 'Print the sheets').waitFor()
  return new URL(page.url()).hash.split('/').pop()!
}

/** Step 4: "Save PDF…" to `pdf` through the fake dialog; returns its pages rendered at 150 dpi into `pagesDir`. */
export async function saveAndRenderSheets(page: Page, desktop: FakeDesktopPort, pdf: string, pagesDir: string): Promise<string[]> {
  desktop.nextSavePath = pdf
  await page.getByRole('button', { name: 'Save PDF…' }).click()
  await page.getByRole('status').filter({ hasText: `Saved to ${pdf}` }).waitFor()
  mkdirSync(pagesDir)
  return renderPdfPages(pdf, pagesDir, 'scan', 150)
}

/** Step 5 from the scans of a 3-sheet set, then step 6: each holder's bag serial; returns with every sheet handed over. */
export async function scanBackAndHandOver(page: Page, desktop: FakeDesktopPort, scans: string[], handovers: { name: string; bag: string }[]): Promise<void> {
  desktop.nextOpenPaths = scans
  await page.getByRole('button', { name: 'Next: scan back the printed sheets' }).click()
  await page.getByRole('button', { name: 'Import images…' }).click()
  await page.getByRole('heading', { name: 'Sheets seen: 3 of 3' }).waitFor()
  await page.getByRole('button', { name: 'Check the 3 sheets' }).click()
  await wizardStep(page, 6, 'Hand over the sheets').waitFor()
  for (const [i, { name, bag }] of handovers.entries()) {
    await page.getByLabel(`Bag serial for share ${i + 1} (${name})`).fill(bag)
    await page.getByRole('button', { name: `Record hand-over to ${name}` }).click()
    await page.getByRole('row', { name: new RegExp(`^Share ${i + 1} `) }).getByText('✓ Handed over').waitFor()
  }
}
