import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * `popup.html?domain=<name>` is a documented address (the watchlist and tests open it); crxjs keeps
 * pages at their source path, so the built popup is also emitted at the root. Its asset URLs are
 * absolute (/assets/…), so the copy works unchanged.
 */
function popupAtRoot(): Plugin {
  return {
    name: 'popup-at-root',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = Object.values(bundle).find((file) => file.fileName === 'src/popup/index.html');
      if (page?.type === 'asset')
        this.emitFile({ type: 'asset', fileName: 'popup.html', source: page.source });
    },
  };
}

// The Chrome build; scripts/build-firefox.mjs derives dist/firefox from it afterwards.
export default defineConfig({
  plugins: [preact(), crx({ manifest }), popupAtRoot()],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    // The first-run page is opened by the worker (runtime.onInstalled), not named in the manifest.
    rollupOptions: { input: { welcome: 'src/popup/welcome.html' } },
  },
});
