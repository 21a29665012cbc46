export { startApp, resultsDir, TEST_API_CREDENTIALS, type AppHarness, type StartOptions } from './app'
export { chromiumPath, launchChromium } from './browser'
export { ensureBuilt, rendererDir, repoRoot } from './build'
export { dropFiles, type DroppedFile } from './drop-files'
