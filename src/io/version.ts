import { readFileSync } from 'node:fs';

const pkg = () =>
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    engines?: { node?: string };
  };

/** The package version, for --version and the default User-Agent. */
export function readVersion(): string {
  return pkg().version;
}

/**
 * The build's fingerprint (dist/bundle/build-id, a hash of the bundled program), or '' where there is none (tests
 * run from the sources before a build).
 */
export function readBuildId(): string {
  try {
    return readFileSync(new URL('../../dist/bundle/build-id', import.meta.url), 'utf8').trim();
  } catch {
    return '';
  }
}

/** The Node.js versions the package supports (package.json engines.node), for trialcard doctor. */
export function readEngines(): string {
  return pkg().engines?.node ?? '>=0';
}
