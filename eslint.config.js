import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

const electronOnlyInShell = "Only electron/main and electron/preload may import 'electron'; core and renderer run without it."
const noElectronInCore = {
  'no-restricted-syntax': [
    'error',
    { selector: 'ImportExpression[source.value=/^electron(\\u002F|$)/]', message: electronOnlyInShell },
    { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]", message: electronOnlyInShell },
  ],
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: electronOnlyInShell }],
      patterns: [{ group: ['electron/*'], message: electronOnlyInShell }],
    },
  ],
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}', 'test/component/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'vue/multi-word-component-names': 'off',
      // Template layout is a formatter's business, not a correctness rule.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  { files: ['electron/core/**/*.ts', 'electron/emulator/**/*.ts', 'renderer/**/*.{ts,vue}'], rules: noElectronInCore },
  // CommonJS packages of our own (electron/core/telegram/aes-compat: GramJS require()s it).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
)
