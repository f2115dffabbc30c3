import type { TestProject } from 'vitest/node';
import { startDnsStack } from './dns-stack.ts';
import { startWebServer } from './web-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port>/dns-query: the stack's DoH endpoint (validating). */
    dohUrl: string;
    /** Unbound on 127.0.0.1 (UDP/TCP), for kdig. */
    dnsPort: number;
    webHttpPort: number;
    webHttpsPort: number;
    /** HTTP and HTTPS on one port: for Chromium's --host-rules="MAP * 127.0.0.1:<port>". */
    webPort: number;
    /** The zone files the shared stack serves (read only: edit a copy in your own stack). */
    zonesDir: string;
  }
}

/** Starts the DNS stack and the web server once for the whole test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dns, web] = await Promise.all([startDnsStack(), startWebServer()]);
  project.provide('dohUrl', dns.dohUrl);
  project.provide('dnsPort', dns.dnsPort);
  project.provide('webHttpPort', web.httpPort);
  project.provide('webHttpsPort', web.httpsPort);
  project.provide('webPort', web.port);
  project.provide('zonesDir', dns.zonesDir);
  return async () => {
    await Promise.all([dns.stop(), web.stop()]);
  };
}
