import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = {
  '@contract': resolve(root, 'electron/core/contract/index.ts'),
  // The phone rule, shared by core and renderer (it imports only libphonenumber-js).
  '@phones': resolve(root, 'electron/core/phones/rule.ts'),
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'] } },
      {
        plugins: [vue()],
        resolve: { alias },
        test: { name: 'component', environment: 'happy-dom', include: ['test/component/**/*.test.ts'] },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'electron',
          environment: 'node',
          include: ['test/electron/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
