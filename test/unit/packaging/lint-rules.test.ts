import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: join(import.meta.dirname, '../../..') })

async function electronImportErrors(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((message) => message.message.includes('Only electron/main and electron/preload')).length
}

// The first lint loads the whole flat config and its plugins: seconds on a loaded 2-core machine.
describe("the lint rule that keeps 'electron' out of core, the emulator and renderer", { timeout: 60_000 }, () => {
  it('flags static, dynamic and require imports of electron under electron/core and renderer', async () => {
    expect(await electronImportErrors('electron/core/app/probe.ts', "import { app } from 'electron'\nexport const name = app.name\n")).toBe(1)
    expect(await electronImportErrors('electron/core/app/probe.ts', "export const shell = import('electron/main')\n")).toBe(1)
    expect(await electronImportErrors('renderer/src/probe.ts', "import type { IpcRenderer } from 'electron'\nexport type R = IpcRenderer\n")).toBe(1)
    // The emulator runs inside the core's process for the demo.
    expect(await electronImportErrors('electron/emulator/probe.ts', "import { app } from 'electron'\nexport const name = app.name\n")).toBe(1)
  })

  it('allows electron in main and preload, and look-alike packages anywhere', async () => {
    expect(await electronImportErrors('electron/main/probe.ts', "import { app } from 'electron'\nexport const name = app.name\n")).toBe(0)
    expect(await electronImportErrors('electron/preload/probe.ts', "import { ipcRenderer } from 'electron'\nexport const r = ipcRenderer\n")).toBe(0)
    expect(await electronImportErrors('electron/core/app/probe.ts', "import { defineConfig } from 'electron-vite'\nexport const c = defineConfig\n")).toBe(0)
  })
})
