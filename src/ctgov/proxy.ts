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

/** The first of `names` that is set, even to '' (undici reads them with ??, and '' then means no proxy). */
const first = (env: Env, names: string[]) => {
  for (const name of names)
    if (env[name] !== undefined) return env[name] ? { variable: name, uri: env[name] } : undefined;
  return undefined;
};

export function proxyFor(url: string, env: Env): ProxyInUse | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const http = first(env, ['http_proxy', 'HTTP_PROXY']);
  const chosen = target.protocol === 'https:' ? (first(env, ['https_proxy', 'HTTPS_PROXY']) ?? http) : http;
  if (!chosen || bypassed(target, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
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
