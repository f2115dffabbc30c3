/**
 * `npm run stack [-- --delay <ms>] [--zones <dir>] [--sites <dir>] [--json]`: the test DNS stack and
 * web server in the foreground, for trying the CLI or the extension by hand. Ctrl-C stops both.
 */
import { parseArgs } from 'node:util';
import { startDnsStack } from '../test/stack/dns-stack.ts';
import { startWebServer } from '../test/stack/web-server.ts';

const usage = 'usage: npm run stack -- [--delay <ms>] [--zones <dir>] [--sites <dir>] [--json]';

function options() {
  try {
    const { values } = parseArgs({
      options: {
        delay: { type: 'string', default: '0' },
        zones: { type: 'string' },
        sites: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const delayMs = Number(values.delay);
    if (!Number.isInteger(delayMs) || delayMs < 0) throw new Error(`--delay must be a whole number of ms`);
    return { ...values, delayMs };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

const args = options();
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const started = performance.now();
const [dns, web] = await Promise.all([
  startDnsStack({ zonesDir: args.zones, delayMs: args.delayMs }),
  startWebServer({ sitesDir: args.sites }),
]);
const info = {
  dohUrl: dns.dohUrl,
  dnsPort: dns.dnsPort,
  authPort: dns.authPort,
  webHttpPort: web.httpPort,
  webHttpsPort: web.httpsPort,
  webPort: web.port,
  zonesDir: dns.zonesDir,
  sitesDir: web.sitesDir,
};
if (args.json) {
  console.log(JSON.stringify(info));
} else {
  console.log(`DNS stack and web server up in ${Math.round(performance.now() - started)} ms
  DoH (RFC 8484, plain HTTP): ${info.dohUrl}${args.delayMs ? `   (+${args.delayMs} ms per request)` : ''}
  Unbound (validating):       127.0.0.1:${info.dnsPort}   kdig @127.0.0.1 -p ${info.dnsPort} +dnssec secure-signed.org MX
  Knot (authoritative):       127.0.0.1:${info.authPort}
  Web server:                 http://127.0.0.1:${info.webHttpPort}  https://127.0.0.1:${info.webHttpsPort}  both: ${info.webPort}
  Chromium:                   --host-rules="MAP * 127.0.0.1:${info.webPort}, EXCLUDE 127.0.0.1" --ignore-certificate-errors
  CLI:                        npm run cli -- check acme-google.com --doh ${info.dohUrl}
  Zones: ${info.zonesDir}   (edit, then restart; scenarios in test/stack/SCENARIOS.md)
Ctrl-C to stop.`);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all([dns.stop(), web.stop()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
