// Stylesheets are bundled by vite; importing one has no value on the TypeScript side.
declare module '*.css';
