import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskCredentials, proxyFor } from '../src/ctgov/proxy.js';
import { cli } from './support/cli.js';
import { arrayStore, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';

describe('proxyFor: the proxy undici picks for a URL', () => {
  const HTTPS = 'https://clinicaltrials.gov/api/v2/studies';
  it.each([
    [HTTPS, {}, undefined],
    [HTTPS, { HTTPS_PROXY: 'http://p:3128' }, { variable: 'HTTPS_PROXY', host: 'p:3128', credentials: false }],
    [
      HTTPS,
      { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' },
      { variable: 'https_proxy', host: 'a:1', credentials: false },
    ],
    // https falls back to the http proxy; http never uses the https one.
    [HTTPS, { HTTP_PROXY: 'http://p:8080' }, { variable: 'HTTP_PROXY', host: 'p:8080', credentials: false }],
    ['http://127.0.0.1:4000/api/v2', { HTTPS_PROXY: 'http://p:1' }, undefined],
    // A user name and password are not repeated in a message.
    [
      HTTPS,
      { HTTPS_PROXY: 'http://user:secret@p:3128' },
      { variable: 'HTTPS_PROXY', host: 'p:3128', credentials: true },
    ],
    // Set but empty is not set: undici reads these with ??, so the empty one wins and means no proxy.
    [
      HTTPS,
      { https_proxy: '', HTTPS_PROXY: 'http://b:2', HTTP_PROXY: 'http://h:3' },
      { variable: 'HTTP_PROXY', host: 'h:3', credentials: false },
    ],
    ['http://127.0.0.1:4000/api/v2', { http_proxy: '', HTTP_PROXY: 'http://h:3' }, undefined],
    [HTTPS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }, undefined],
    [HTTPS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'example.org, .gov' }, undefined],
    [HTTPS, { HTTPS_PROXY: 'http://p:1', no_proxy: 'clinicaltrials.gov:443' }, undefined],
    [
      HTTPS,
      { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'clinicaltrials.gov:8443' },
      { variable: 'HTTPS_PROXY', host: 'p:1', credentials: false },
    ],
    [
      HTTPS,
      { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'trials.gov' },
      { variable: 'HTTPS_PROXY', host: 'p:1', credentials: false },
    ],
  ])('%s with %j', (url, env, expected) => expect(proxyFor(url, env)).toEqual(expected));
});

describe('a proxy value that cannot be used is refused before any request, its password masked', () => {
  it.each([
    ['http://bob:s3cr3t@proxy:3128', 'http://bob:***@proxy:3128'],
    ['bob:s3cr3t@proxy:3128', 'bob:***@proxy:3128'],
    ['socks5://bob:s3cr3t@proxy:1080', 'socks5://bob:***@proxy:1080'],
    ['http://bob@proxy:3128', 'http://bob@proxy:3128'],
    ['http://proxy:3128', 'http://proxy:3128'],
  ])('maskCredentials(%j) = %j', (value, shown) => expect(maskCredentials(value)).toBe(shown));
  it.each([
    ['ftp://bob:s3cr3t@proxy:21', '"ftp://bob:***@proxy:21" is not an http:// or https:// proxy URL'],
    ['http://bob:s3cr3t@proxy:99999', '"http://bob:***@proxy:99999" is not a proxy URL'],
    ['http://127.0.0.1:3128/x', '"http://127.0.0.1:3128/x" has a path; a proxy URL has none'],
    ['http://127.0.0.1:3128?x', '"http://127.0.0.1:3128?x" has a path; a proxy URL has none'],
  ])('HTTPS_PROXY=%s', async (value, said) => {
    const r = await cli(['fetch', 'NCT07438847'], { env: { HTTPS_PROXY: value } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `trialcard: error: HTTPS_PROXY ${said} (set it to e.g. http://proxy.example.org:3128, or unset HTTPS_PROXY)\n`,
    );
    expect(r.stderr).not.toContain('s3cr3t');
  });
});

describe('through a proxy, its failures are named as the proxy’s', () => {
  let registry: Awaited<ReturnType<typeof startFakeCtgov>>;
  let closedPort = 0;
  const proxies: Server[] = [];
  let connects = 0;
  const tunnels: { destroy(): void }[] = [];
  /** A proxy on the loopback: tunnels CONNECT to the target, or answers every CONNECT with `status`. */
  const proxy = async (status?: number | 'silent') => {
    const s = createServer();
    s.on('connect', (req, socket) => {
      connects += 1;
      tunnels.push(socket); // a CONNECT's socket is the test's to close, not the server's
      if (status === 'silent') return; // never answers the CONNECT
      if (status) return socket.end(`HTTP/1.1 ${status} No\r\n\r\n`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    proxies.push(s);
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    registry = await startFakeCtgov({ store: arrayStore(fixtureRecords()) });
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    closedPort = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
  });
  afterAll(async () => {
    await registry.close();
    for (const t of tunnels) t.destroy();
    for (const s of proxies) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const fetch = (env: NodeJS.ProcessEnv, retries = '0') =>
    cli(['fetch', 'NCT07438847', '--api-base', registry.baseUrl, '--retries', retries, '--rate', '0'], { env });

  it('a proxy that refuses connections', async () => {
    const r = await fetch({ HTTP_PROXY: `http://127.0.0.1:${closedPort}` });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `trialcard: error: cannot reach the proxy 127.0.0.1:${closedPort} (ECONNREFUSED), set in HTTP_PROXY ` +
        '(check HTTP_PROXY, or unset it to connect directly)\n',
    );
  });

  it.each([
    [407, 'the proxy wants a user name and password: put them in HTTP_PROXY (http://user:password@host:port)'],
    [403, 'check the proxy, or unset HTTP_PROXY to connect directly'],
  ])('a proxy that answers %i to the tunnel', async (status, hint) => {
    const uri = await proxy(status);
    connects = 0;
    // Its answer would be the same on a retry: asked once.
    const r = await fetch({ HTTP_PROXY: uri }, '3');
    expect(connects).toBe(1);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `trialcard: error: the proxy ${uri.slice(7)} (HTTP_PROXY) would not connect to ` +
        `${new URL(registry.baseUrl).host} (HTTP ${status}) (${hint})\n`,
    );
  });

  it('a proxy that refuses the user name and password given says so', async () => {
    const uri = await proxy(407);
    const r = await fetch({ HTTP_PROXY: uri.replace('//', '//bob:s3cr3t@') });
    expect(r.stderr).toContain('(the proxy refused the user name and password in HTTP_PROXY: check them)');
    expect(r.stderr).not.toContain('s3cr3t');
  });

  it('a proxy that never answers keeps to --timeout, and is named', async () => {
    const uri = await proxy('silent');
    const started = Date.now();
    const r = await cli(
      ['fetch', 'NCT07438847', '--api-base', registry.baseUrl, '--retries', '0', '--timeout', '500'],
      { env: { HTTP_PROXY: uri } },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`did not answer in time (${new URL(registry.baseUrl).host}, through the proxy `);
  });

  it('a working proxy, and NO_PROXY, both reach the registry: the run’s environment decides', async () => {
    const uri = await proxy();
    const before = registry.requests.length;
    expect((await fetch({ HTTP_PROXY: uri })).code).toBe(0);
    expect((await fetch({ HTTP_PROXY: `http://127.0.0.1:${closedPort}`, NO_PROXY: '127.0.0.1' })).code).toBe(0);
    expect(registry.requests.length - before).toBe(2);
  });
});
