/** Configuration texts for the three daemons; every path lives in the stack's temp dir. */

export interface KnotZone {
  name: string;
  file: string;
  signed: boolean;
}

export function knotConfig(dir: string, port: number, zones: KnotZone[]): string {
  const zoneLines = zones.map((zone) =>
    [
      `  - domain: "${zone.name || '.'}"`,
      `    file: "${zone.file}"`,
      ...(zone.signed ? ['    dnssec-signing: on', '    dnssec-policy: stack'] : []),
    ].join('\n'),
  );
  return `server:
    rundir: "${dir}"
    pidfile: "${dir}/knot.pid"
    listen: 127.0.0.1@${port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "${dir}/knot-db"
    kasp-db: "${dir}/kasp"
    journal-db: "${dir}/knot-db/journal"
    timer-db: "${dir}/knot-db/timers"
control:
    listen: "${dir}/knot.sock"
policy:
  - id: stack
    algorithm: ecdsap256sha256
    single-type-signing: on
    nsec3: off
template:
  - id: default
    storage: "${dir}"
    # Never write back to the zone files (they are the repository's fixtures) and keep no history:
    # every load is the file as it is now.
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
${zoneLines.join('\n')}
`;
}

export function unboundConfig(dir: string, port: number, knotPort: number, stubZones: string[]): string {
  // Glue cannot carry Knot's port, so every zone is a stub pointing straight at Knot; DS answers
  // still come from the parent's stub, so the chain of trust is checked as on the internet.
  const stubs = stubZones.map(
    (zone) => `stub-zone:\n    name: "${zone || '.'}"\n    stub-addr: 127.0.0.1@${knotPort}\n`,
  );
  return `server:
    interface: 127.0.0.1
    port: ${port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "${dir}"
    pidfile: "${dir}/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 0
    log-servfail: yes
    val-log-level: 1
    num-threads: 1
    outgoing-range: 64
    so-reuseport: no
    msg-cache-size: 4m
    rrset-cache-size: 4m
    key-cache-size: 1m
    neg-cache-size: 1m
    do-not-query-localhost: no
    qname-minimisation: no
    # Do not go looking for name server addresses: every zone has a stub address already.
    target-fetch-policy: "0 0 0 0 0"
    prefetch: no
    module-config: "validator iterator"
    trust-anchor-file: "${dir}/trust-anchor.txt"
    access-control: 127.0.0.0/8 allow
remote-control:
    control-enable: yes
    control-interface: "${dir}/unbound.ctl"
    control-use-cert: no
${stubs.join('')}`;
}

export function dnsdistConfig(dnsPort: number, dohPort: number, unboundPort: number): string {
  return `setSecurityPollSuffix("")
setLocal("127.0.0.1:${dnsPort}")
newServer({address="127.0.0.1:${unboundPort}", name="unbound"})
-- One backend, always up: no health-check queries in the logs or the counts.
getServer(0):setUp()
-- No certificate: plain-HTTP DoH (HTTP/1.1 and h2c), the TLS end is not under test.
addDOHLocal("127.0.0.1:${dohPort}", nil, nil, "/dns-query", { reusePort=false })
`;
}
