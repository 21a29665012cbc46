import { chmod } from 'node:fs/promises'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { thirdPartyLicenses } from './build/third-party-licenses'

const root = import.meta.dirname
const alias = {
  '@contract': resolve(root, 'electron/core/contract/index.ts'),
  // The phone rule, shared by core and renderer (it imports only libphonenumber-js).
  '@phones': resolve(root, 'electron/core/phones/rule.ts'),
}

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

/**
 * The API credentials an installed build ships with (the release workflow sets them from repository secrets). They go
 * into the main-side bundles only; a build without them keeps the credentials screen. A malformed pair fails the build.
 */
function builtinCredentialDefines(env: NodeJS.ProcessEnv): Record<string, string> {
  const id = env.TG_CONTACTS_BUILTIN_API_ID ?? ''
  const hash = env.TG_CONTACTS_BUILTIN_API_HASH ?? ''
  if ((id || hash) && !(/^[1-9]\d{0,9}$/.test(id) && /^[0-9a-f]{32}$/i.test(hash))) {
    throw new Error('TG_CONTACTS_BUILTIN_API_ID / TG_CONTACTS_BUILTIN_API_HASH must both be set: the api_id number and the 32-character hex api_hash')
  }
  return id ? { __TG_CONTACTS_BUILTIN_API_ID__: JSON.stringify(id), __TG_CONTACTS_BUILTIN_API_HASH__: JSON.stringify(hash) } : {}
}

export default defineConfig({
  main: {
    resolve: { alias },
    define: builtinCredentialDefines(process.env),
    plugins: [executableCli()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'electron/core/cli/index.ts'),
          // The core's own process: Electron's utility process in the app, a Node child in tests, demo and bench.
          'core-host': resolve(root, 'electron/core/host/index.ts'),
          // The import preview's worker thread (electron/core/importer/job/preview-off-thread.ts finds it here).
          'preview-worker': resolve(root, 'electron/core/importer/job/preview-worker.ts'),
          // The demo's emulator thread (electron/core/demo/demo-connection.ts); it loads the emulator's chunk itself.
          'demo-worker': resolve(root, 'electron/core/demo/demo-worker.ts'),
          // The contact list's big answers are read here (electron/core/contacts/answers/answer-decoder.ts).
          'answer-worker': resolve(root, 'electron/core/contacts/answers/answer-worker.ts'),
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
    plugins: [vue(), thirdPartyLicenses(root)],
  },
})
