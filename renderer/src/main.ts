import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createApiClient } from './api/client'
import { installBridgeApiIfNeeded } from './api/bridge-shim'
import { API_KEY } from './stores/api'
import './styles/base.css'

// In a plain browser there is no preload: the shim connects window.api to the WebSocket bridge.
installBridgeApiIfNeeded()
const app = createApp(App)
app.provide(API_KEY, createApiClient(window.api))
app.use(createPinia())
app.mount('#app')
