// Vite's client types: lets TypeScript accept `import './styles.css'`.
/// <reference types="vite/client" />
