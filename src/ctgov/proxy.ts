// Which proxy a request goes through, chosen as undici's EnvHttpProxyAgent chooses it (its code, 7.x):
// http_proxy ?? HTTP_PROXY for http, https_proxy ?? HTTPS_PROXY for https (else the http one), none for a
// host NO_PROXY names (itself or a parent domain, optionally with a port; "*" for all). Only to say
// whose fault a failure is: a connection that fails through a proxy failed at the proxy.

export interface ProxyInUse {
  /** The variable that set it, as its user wrote it ("HTTPS_PROXY"). */
  variable: string;
  /** host:port of the proxy, without any user name or password. */
  host: string;
  /** Whether the URL carries a user name (and password) for the proxy. */
  credentials: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that sets a proxy: the first of the pair that is set, even to '' (undici reads them with ??). */
const pick = (env: Env, names: [string, string]) => {
  const name = names.find((n) => env[n] !== undefined);
  return name === undefined ? undefined : { variable: name, uri: env[name] as string };
};

/** The proxy settings as undici's EnvHttpProxyAgent takes them ('' for none, so it never reads process.env). */
export function proxySettings(env: Env): { httpProxy: string; httpsProxy: string; noProxy: string } {
  return {
    httpProxy: pick(env, ['http_proxy', 'HTTP_PROXY'])?.uri ?? '',
    httpsProxy: pick(env, ['https_proxy', 'HTTPS_PROXY'])?.uri ?? '',
    noProxy: pick(env, ['no_proxy', 'NO_PROXY'])?.uri ?? '',
  };
}

export function proxyFor(url: string, env: Env): ProxyInUse | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  // '' is no proxy; an https request without its own falls back to the http one, as in undici.
  const set = (p: ReturnType<typeof pick>) => (p?.uri ? p : undefined);
  const http = set(pick(env, ['http_proxy', 'HTTP_PROXY']));
  const chosen = target.protocol === 'https:' ? (set(pick(env, ['https_proxy', 'HTTPS_PROXY'])) ?? http) : http;
  if (!chosen || bypassed(target, proxySettings(env).noProxy)) return undefined;
  let host = maskCredentials(chosen.uri);
  let credentials = false;
  try {
    const u = new URL(chosen.uri);
    host = u.host;
    credentials = u.username !== '';
  } catch {}
  return { variable: chosen.variable, host, credentials };
}

function bypassed(target: URL, noProxy: string): boolean {
  if (noProxy === '*') return true;
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const m = /^(.+):(\d+)$/.exec(entry);
      const name = (m ? (m[1] as string) : entry).replace(/^\*?\./, '').toLowerCase();
      if (m && Number(m[2]) !== port) return false;
      return hostname === name || hostname.endsWith(`.${name}`);
    });
}

/** A proxy value as it may be shown: a password in it is masked ("http://bob:***@proxy:3128"). */
export function maskCredentials(value: string): string {
  return value.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?([^:@/]*):[^@/]*@/i, '$1$2:***@');
}

/** Why a proxy value cannot be used, or undefined: undici takes only http(s)://host:port, with no path. */
export function proxyProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a proxy URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http:// or https:// proxy URL';
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash)
    return 'has a path; a proxy URL has none';
  return undefined;
}
