import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const repoRoot = join(import.meta.dirname, '../../..')
export const rendererDir = join(repoRoot, 'out/renderer')

/**
 * `npm test` and `npm run test:e2e` build before vitest starts; this only covers a bare
 * `vitest run --project e2e` on a fresh checkout, building once when there is no output yet.
 */
export function ensureBuilt(): void {
  if (existsSync(join(rendererDir, 'index.html'))) return
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
}
