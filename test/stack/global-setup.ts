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

type Stack = [Awaited<ReturnType<typeof startDnsStack>>, Awaited<ReturnType<typeof startWebServer>>];

/**
 * Two projects (integration, browser) name this setup; Vitest runs it once per project in the same
 * process, so the stack is started once (kept on globalThis, which every module instance shares)
 * and stopped when the last project that uses it is done.
 */
const shared = globalThis as { __domainInsightStack?: { started: Promise<Stack>; users: number } };

/** Starts the DNS stack and the web server once for the whole test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.__domainInsightStack ??= {
    started: Promise.all([startDnsStack(), startWebServer()]),
    users: 0,
  };
  const holder = shared.__domainInsightStack;
  holder.users++;
  const [dns, web] = await holder.started;
  project.provide('dohUrl', dns.dohUrl);
  project.provide('dnsPort', dns.dnsPort);
  project.provide('webHttpPort', web.httpPort);
  project.provide('webHttpsPort', web.httpsPort);
  project.provide('webPort', web.port);
  project.provide('zonesDir', dns.zonesDir);
  return async () => {
    holder.users--;
    if (holder.users > 0) return;
    shared.__domainInsightStack = undefined;
    await Promise.all([dns.stop(), web.stop()]);
  };
}
