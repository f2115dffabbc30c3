/**
 * `npm run docs`: writes docs/checks.md from the code's catalogue (scripts/checks-doc.ts);
 * `npm run docs -- --check` fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CHECKS_DOC, checksMarkdown } from './checks-doc.ts';

const text = checksMarkdown();
if (process.argv.includes('--check')) {
  if (readFileSync(CHECKS_DOC, 'utf8') !== text) {
    console.error(`${CHECKS_DOC} is stale: run npm run docs`);
    process.exit(1);
  }
} else {
  writeFileSync(CHECKS_DOC, text);
  console.log(`wrote ${CHECKS_DOC}`);
}
