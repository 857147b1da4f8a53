// `Custos --cli …`: the app's main entry hands the command line to the compiled CLI in
// out/cli/ before anything else happens: no window, no single-instance lock, no app scheme,
// not even waiting for Electron's ready event. Runs the real built CLI in this plain Node
// process (the way ELECTRON_RUN_AS_NODE would), with the fake electron module around it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { cliArgsOf } from '../../main/app/cli-dispatch'
import { builtCli } from '../helpers/cli-build'
import { FakeBrowserWindow, type FakeElectron } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())

const ROOT = join(import.meta.dirname, '..', '..')
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string

describe('the --cli switch', () => {
  it('is recognised only as the first argument, after the app directory in development', () => {
    expect(cliArgsOf(['/opt/Custos/custos-desktop', '--cli', 'log', 'verify'], true)).toEqual(['log', 'verify'])
    expect(cliArgsOf(['/usr/bin/electron', '/work/custos', '--cli', '--help'], false)).toEqual(['--help'])
    expect(cliArgsOf(['/opt/Custos/custos-desktop'], true)).toBeUndefined()
    expect(cliArgsOf(['/opt/Custos/custos-desktop', 'notes.txt', '--cli'], true)).toBeUndefined()
    expect(cliArgsOf(['/usr/bin/electron', '/work/custos'], false)).toBeUndefined()
  })
})

describe('Custos --cli', () => {
  const argv = process.argv
  const written: string[] = []
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  afterAll(() => {
    process.argv = argv
    write.mockRestore()
  })

  it('runs the compiled command line and exits with its code, before ready and without a window', async () => {
    await builtCli()
    const electron = (await import('electron')) as unknown as FakeElectron
    electron.app.appPath = ROOT
    process.argv = [process.execPath, ROOT, '--cli', '--version']
    await import('../../main/app/index')
    expect(electron.state.exitCode).toBe(0)
    expect(written.join('')).toContain(version)
    expect(electron.state.readyResolvers).toHaveLength(0)
    expect(electron.state.lockRequested).toBe(false)
    expect(electron.state.sandboxEnabled).toBe(false)
    expect(electron.state.registeredSchemes).toEqual([])
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })
})
