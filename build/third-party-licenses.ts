import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'

/** One library the app ships, as the About dialog lists it. */
export interface ShippedLibrary {
  name: string
  version: string
  license: string
}

interface LockPackage {
  version?: string
  license?: string
  dev?: boolean
  devOptional?: boolean
}

/** `…/node_modules/@scope/name/…` or `…/node_modules/name/…` → the innermost package's folder below node_modules. */
function packageFolderOf(moduleId: string): string | null {
  const at = moduleId.lastIndexOf('/node_modules/')
  if (at === -1) return null
  const parts = moduleId.slice(at + '/node_modules/'.length).split('/')
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  return name ? moduleId.slice(0, at + '/node_modules/'.length) + name : null
}

function libraryAt(folder: string): ShippedLibrary {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown }
  return { name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : 'see package' }
}

/** What npm installs for production (package-lock: every package not marked dev): the main side's runtime libraries. */
export function productionLibraries(root: string): ShippedLibrary[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional)
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '',
      license: entry.license ?? 'see package',
    }))
}

/**
 * Emits licenses.json next to the renderer: every library bundled into the window (from the bundle's own module list)
 * and every production dependency the main side loads from node_modules, for the About dialog.
 */
export function thirdPartyLicenses(root: string): Plugin {
  return {
    name: 'tg-contacts:third-party-licenses',
    apply: 'build',
    generateBundle(_options, bundle) {
      const folders = new Set<string>()
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue
        for (const id of output.moduleIds) {
          const folder = packageFolderOf(id.replaceAll('\\', '/'))
          if (folder) folders.add(folder)
        }
      }
      const byKey = new Map<string, ShippedLibrary>()
      for (const library of [...[...folders].map(libraryAt), ...productionLibraries(root)]) byKey.set(`${library.name}@${library.version}`, library)
      const libraries = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
      this.emitFile({ type: 'asset', fileName: 'licenses.json', source: `${JSON.stringify(libraries, null, 1)}\n` })
    },
  }
}
