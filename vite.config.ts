import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

// `popup.html?domain=<name>` is a documented address (the watchlist and tests open it): the popup's
// page lives at the project root, so crxjs (which keeps pages at their source path) emits it once, there.
/**
 * The data files carry, beside each entry, the public source that confirms it and notes for whoever
 * edits them (`source`, `note`, `description`, `$comment`, the reason a provider has no status
 * feed). Tests read them; the extension never shows them, so the build leaves them out.
 */
const DOC_ONLY_KEYS = new Set(['source', 'sources', 'note', 'description', '$comment']);
function dataWithoutDocs(): Plugin {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (DOC_ONLY_KEYS.has(key)) continue;
      // `{ unsupported: why }` only needs to say "unsupported" at run time.
      out[key] = key === 'unsupported' ? '' : strip(inner);
    }
    return out;
  };
  return {
    name: 'data-without-docs',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]core[\\/]data[\\/][^\\/]+\.json$/.test(id)) return null;
      return { code: JSON.stringify(strip(JSON.parse(code))), map: null };
    },
  };
}

// The Chrome build; scripts/build-firefox.mjs derives dist/firefox from it afterwards.
export default defineConfig({
  plugins: [dataWithoutDocs(), preact(), crx({ manifest })],
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
