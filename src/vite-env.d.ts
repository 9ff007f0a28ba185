// Vite's client types (CSS side-effect imports, import.meta.env) for the page's sources.
/// <reference types="vite/client" />
