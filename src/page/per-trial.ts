/**
 * A fact worked out once per trial: a page asks for some several times (the lead, the who section, the facts),
 * and a trial is not changed once normalized.
 */
export function perTrial<T extends object, R>(work: (t: T) => R): (t: T) => R {
  const known = new WeakMap<T, R>();
  return (t) => {
    if (known.has(t)) return known.get(t) as R;
    const r = work(t);
    known.set(t, r);
    return r;
  };
}
