// Derives dist/firefox from the Chrome build (vite + crxjs write dist/chrome). Firefox runs MV3
// background code as an event page, so it needs `background.scripts` (crxjs keeps only
// `service_worker`), an add-on id, and the data-collection declaration AMO requires.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const chromeDir = join(root, 'dist', 'chrome');
const firefoxDir = join(root, 'dist', 'firefox');
export const GECKO_ID = 'domain-insight@domain-insight.dev';

if (!existsSync(join(chromeDir, 'manifest.json'))) {
  console.error('dist/chrome/manifest.json is missing: run vite build first');
  process.exit(1);
}
rmSync(firefoxDir, { recursive: true, force: true });
cpSync(chromeDir, firefoxDir, { recursive: true });

const manifest = JSON.parse(readFileSync(join(firefoxDir, 'manifest.json'), 'utf8'));
const worker = manifest.background?.service_worker;
if (typeof worker !== 'string') throw new Error('the Chrome manifest has no background.service_worker');
manifest.background = { scripts: [worker], type: 'module' };
delete manifest.minimum_chrome_version;
manifest.browser_specific_settings = {
  gecko: {
    id: GECKO_ID,
    // data_collection_permissions is read from Firefox 140 (desktop) / 142 (Android).
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['none'] },
  },
  gecko_android: { strict_min_version: '142.0' },
};
writeFileSync(join(firefoxDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log('dist/firefox written');
