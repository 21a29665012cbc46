import { chmod } from 'node:fs/promises'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = { '@contract': resolve(root, 'electron/core/contract/index.ts') }

/** out/main/cli.js is package.json's `bin` (tg-contacts): it needs a shebang and the executable bit. */
function executableCli(): Plugin {
  return {
    name: 'tg-contacts:executable-cli',
    renderChunk(code, chunk) {
      return chunk.isEntry && chunk.name === 'cli' ? { code: `#!/usr/bin/env node\n${code}`, map: null } : null
    },
    async writeBundle(options, bundle) {
      if (options.dir && 'cli.js' in bundle) await chmod(resolve(options.dir, 'cli.js'), 0o755)
    },
  }
}

export default defineConfig({
  main: {
    resolve: { alias },
    plugins: [executableCli()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'electron/core/cli/index.ts'),
          // The import preview's worker thread (electron/core/importer/job/preview-off-thread.ts finds it here).
          'preview-worker': resolve(root, 'electron/core/importer/job/preview-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    resolve: { alias },
    build: { rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } } },
    plugins: [vue()],
  },
})
