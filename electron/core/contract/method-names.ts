import type { MethodName } from './methods'

/**
 * The contract's method names as a plain list, so the sandboxed preload and the browser shim can
 * build `window.api` without bundling zod. A unit test checks it equals Object.keys(methods).
 */
export const METHOD_NAMES = [
  'app.info',
  'auth.status',
  'auth.setCredentials',
  'auth.sendCode',
  'auth.resendCode',
  'auth.signIn',
  'auth.checkPassword',
  'auth.cancel',
  'auth.signOut',
  'contacts.list',
  'contacts.refresh',
  'contacts.details',
  'contacts.searchGlobal',
  'contacts.delete',
  'people.resolve',
  'contacts.add',
  'contacts.addByPhone',
  'requests.list',
  'requests.accept',
  'import.preview',
  'import.start',
  'import.status',
  'import.pause',
  'import.resume',
  'import.cancel',
  'import.report',
  'export.status',
  'export.run',
  'export.cancel',
  'cleanup.savedCount',
  'cleanup.resetSaved',
  'cleanup.previewDeleteByPhones',
  'cleanup.deleteByPhones',
  'dialog.chooseDirectory',
  'shell.showInFolder',
  'shell.openExternal',
] as const satisfies readonly MethodName[]
