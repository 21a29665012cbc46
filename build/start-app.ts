/**
 * `npm start`: the Electron binary first (one clear line when it cannot be had), then the build, then the app.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { electronBinary } from './electron-binary'

const root = join(import.meta.dirname, '..')

const binary = await electronBinary(join(root, 'node_modules/electron'))
if (!binary.ok) {
  process.stderr.write(
    `npm start needs the Electron binary, which could not be downloaded (${binary.reason}). ` +
      'The same app runs in your browser without it: npm run demo -- --web\n',
  )
  process.exit(1)
}
const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const app = spawn(binary.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal))
app.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
