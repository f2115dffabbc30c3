/**
 * `npm run stack [-- --delay <ms>] [--zones <dir>] [--sites <dir>] [--json]`: the test DNS stack and
 * web server in the foreground, for trying the CLI or the extension by hand. Ctrl-C stops both.
 */
import { parseArgs } from 'node:util';
import { startDnsStack } from '../test/stack/dns-stack.ts';
import { startWebServer } from '../test/stack/web-server.ts';
import { startRdapWorld, worldRegistrations } from '../test/world/rdap-world.ts';

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
const [dns, web, rdap] = await Promise.all([
  startDnsStack({ zonesDir: args.zones, delayMs: args.delayMs }),
  startWebServer({ sitesDir: args.sites }),
  startRdapWorld(),
]);
// Every scenario domain at once: the line reproduces each row of SCENARIOS.md's "expect" column.
const scenarioDomains = [
  ...new Set([...worldRegistrations().map((r) => r.domain), 'panaderia-ejemplo.es', 'nettix-demo.com.pe']),
].sort();
const info = {
  dohUrl: dns.dohUrl,
  dnsPort: dns.dnsPort,
  authPort: dns.authPort,
  webHttpPort: web.httpPort,
  webHttpsPort: web.httpsPort,
  webPort: web.port,
  zonesDir: dns.zonesDir,
  sitesDir: web.sitesDir,
  rdapBootstrapUrl: rdap.bootstrapUrl,
  cli: `npm run cli -- check ${scenarioDomains.join(' ')} --doh ${dns.dohUrl} --rdap-bootstrap ${rdap.bootstrapUrl}`,
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
  RDAP (recorded + world):    ${info.rdapBootstrapUrl}
  CLI, one domain:            npm run cli -- check acme-google.com --doh ${info.dohUrl} --rdap-bootstrap ${info.rdapBootstrapUrl}
  CLI, every scenario:        ${info.cli}
                              (MTA-STS policies are served by the web server under the test hosts' names:
                              the browser and the tests map those hosts to it; the CLI reaches them only there)
  Zones: ${info.zonesDir}   (edit, then restart; scenarios in test/stack/SCENARIOS.md)
Ctrl-C to stop.`);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all([dns.stop(), web.stop(), rdap.stop()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
