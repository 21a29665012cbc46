export * from './router'
export * from './event-bus'
export * from './to-error-envelope'
export * from './serve-connection'
