export * from './server'
export * from './browser-platform'
export * from './wire'
