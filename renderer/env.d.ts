// Vite's additions to the page's types (import.meta.glob, CSS imports).
/// <reference types="vite/client" />
