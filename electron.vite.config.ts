import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = { '@contract': resolve(root, 'electron/core/contract/index.ts') }

export default defineConfig({
  main: {
    resolve: { alias },
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
