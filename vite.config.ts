import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

// `popup.html?domain=<name>` is a documented address (the watchlist and tests open it): the popup's
// page lives at the project root, so crxjs (which keeps pages at their source path) emits it once, there.
// The Chrome build; scripts/build-firefox.mjs derives dist/firefox from it afterwards.
export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    // The first-run page is opened by the worker (runtime.onInstalled), not named in the manifest.
    // (`rollupOptions` is Vite 8's old name for `rolldownOptions`: one of them, or the second wins.)
    rolldownOptions: {
      input: { welcome: 'src/popup/welcome.html' },
      // Rolldown's default ("smart") constant inlining copies an imported constant into every `if`
      // test that reads it; tldts-icann's 41 KB suffix-label string is read in three, so the worker
      // carried it three times (140 kB gzip instead of 96). Nothing else here gains from inlining.
      optimization: { inlineConst: false },
    },
  },
});
