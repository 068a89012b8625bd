import HandlebarsRuntime from 'handlebars/runtime.js';

// A listing's index at 100,000 trials is tens of MB of text built from as many rows. Rendered in
// parts, neither the rows nor the text are ever held whole: a list given as a LazyList makes its
// items one at a time, and an {{#each}} over it leaves a marker in the template's own output; the
// marker is replaced by the items' output as the pieces are read. Any template works unchanged:
// {{@index}}, {{@first}}, {{@last}}, {{@../index}}, block params and {{else}} behave as in a plain each.

const Handlebars = HandlebarsRuntime as unknown as typeof import('handlebars');

/** A list whose items are made as a template reaches them. `length` works in templates, indexing does not. */
export class LazyList<T> {
  readonly length: number;
  readonly #keys: readonly string[];
  readonly #make: (key: string) => T;

  constructor(keys: readonly string[], make: (key: string) => T) {
    this.length = keys.length;
    this.#keys = keys;
    this.#make = make;
  }

  *[Symbol.iterator](): Generator<T> {
    for (const key of this.#keys) yield this.#make(key);
  }
}

/** `[]` when there is nothing, so that `{{#if list}}` is false as for an empty array. */
export function lazyList<T>(keys: readonly string[], make: (key: string) => T): LazyList<T> | [] {
  return keys.length ? new LazyList(keys, make) : [];
}

type Frame = Record<string, unknown> & { _parent?: Frame };
type Program = (context: unknown, options: { data?: Frame; blockParams?: unknown[] }) => string;
interface Deferred {
  list: LazyList<unknown>;
  fn: Program;
  data: Frame | undefined;
}

/** A plain `each` reuses its frames as it goes; a deferred list keeps the frames as they were when it was reached. */
const copyFrame = (f: Frame | undefined): Frame | undefined => (f ? { ...f, _parent: copyFrame(f._parent) } : f);

type Env = ReturnType<typeof Handlebars.create>;

/**
 * Overrides `each` in `hb` so that a template run through the returned function renders in parts.
 * Outside such a run (or over anything but a LazyList) `each` is Handlebars' own.
 */
export function partsRenderer(hb: Env) {
  const each = hb.helpers.each as (this: unknown, context: unknown, options: unknown) => string;
  let run: { nonce: string; next: number; deferred: Map<string, Deferred> } | undefined;
  hb.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    if (!run || !(context instanceof LazyList)) return each.call(this, context, options);
    if (context.length === 0) return options.inverse(this);
    const marker = `\u0000${run.nonce}:${run.next++}\u0000`;
    run.deferred.set(marker, { list: context, fn: options.fn as Program, data: copyFrame(options.data as Frame) });
    return marker;
  });
  // Handlebars indents every line a partial on an indented line of its own returns: a marker is one line, so such a
  // partial is rendered whole (its lists made there and then).
  type Invoke = (this: unknown, partial: unknown, context: unknown, options?: { indent?: string }) => string;
  const vm = hb.VM as unknown as { invokePartial: Invoke };
  (hb as unknown as { VM: typeof vm }).VM = {
    ...vm,
    invokePartial(this: unknown, partial: unknown, context: unknown, options?: { indent?: string }) {
      if (!run || !options?.indent) return vm.invokePartial.call(this, partial, context, options);
      const outer = run;
      run = undefined;
      try {
        return vm.invokePartial.call(this, partial, context, options);
      } finally {
        run = outer;
      }
    },
  };

  return function* inParts(template: (context: unknown) => string, context: unknown): Generator<string> {
    const nonce = Math.random().toString(36).slice(2);
    const state = { nonce, next: 0, deferred: new Map<string, Deferred>() };
    const markers = new RegExp(`\u0000${nonce}:\\d+\u0000`, 'g');
    const render = (fn: () => string) => {
      const outer = run;
      run = state;
      try {
        return fn();
      } finally {
        run = outer;
      }
    };
    function* expand(text: string): Generator<string> {
      let at = 0;
      for (const m of text.matchAll(markers)) {
        if (m.index > at) yield text.slice(at, m.index);
        at = m.index + m[0].length;
        const d = state.deferred.get(m[0]);
        if (!d) continue;
        state.deferred.delete(m[0]);
        const data = d.data ? Handlebars.Utils.createFrame(d.data) : undefined;
        let i = 0;
        for (const item of d.list) {
          if (data) Object.assign(data, { key: i, index: i, first: i === 0, last: i === d.list.length - 1 });
          const blockParams = Handlebars.Utils.blockParams([item, i], [null, null]);
          yield* expand(render(() => d.fn(item, { ...(data ? { data } : {}), blockParams })));
          i += 1;
        }
      }
      if (at < text.length) yield text.slice(at);
    }
    yield* expand(render(() => template(context)));
  };
}
