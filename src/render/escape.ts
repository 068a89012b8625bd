// Each output format escapes record text its own way; the model holds plain text.

/**
 * Markdown inline text: no emphasis, code, links, raw HTML or entities can form from record text,
 * and no static-site template tag either: the brace that opens `{{`, `{%`, `{#` (Liquid, Nunjucks,
 * Hugo shortcodes `{{<`) becomes `&#123;`, which Markdown renders back to the same brace.
 */
export function escapeMarkdownInline(text: string): string {
  // Most record text has none of these: one scan instead of six replacements.
  if (!INLINE_SPECIAL.test(text)) return text;
  return text
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/[*_`~]/g, (c) => `\\${c}`)
    .replace(/\](?=[([:])/g, '\\]')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .replace(TEMPLATE_OPENER, '&#123;');
}

const TEMPLATE_OPENER = /\{(?=[{%#])/g;
const TAG_OR_COMMENT = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^<>]*>/g;
const INLINE_SPECIAL = /[\\*_`~\]&<{]/;

/**
 * A front-matter value from record text: no HTML tags or comments (a site layout may print it
 * unescaped) and no template opener (the brace becomes a full-width brace, which no engine reads).
 * Tags are removed until none is left (one inside another, "<<b>img …>", would come back whole),
 * and a "<" that could still open one (an unclosed "<img …") becomes a full-width "＜".
 */
export function frontMatterText(text: string): string {
  let out = text;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(TAG_OR_COMMENT, '');
  }
  return out
    .replace(/<(?=[A-Za-z/!?])/g, '\uFF1C')
    .replace(TEMPLATE_OPENER, '\uFF5B')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** Escapes what a line could start with (heading, quote, list, rule, code indent). */
export function escapeMarkdownLineStart(text: string): string {
  return text
    .replace(/^\s+/, '')
    .replace(/^([#>+=|])/, '\\$1')
    .replace(/^-(?=\s|-|$)/, '\\-')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownLineStart(escapeMarkdownInline(text));
}

/**
 * Multi-line registry text (summaries): paragraphs and the registry's own list lines survive; nothing else becomes
 * markup.
 */
export function escapeMarkdownBlock(text: string): string {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const bullet = /^(?:[*+\-•])\s+(.*)$/.exec(line);
    const numbered = /^(\d{1,3})[.)]\s+(.*)$/.exec(line);
    if (bullet) out.push(`- ${escapeMarkdownLine(bullet[1] ?? '')}`);
    else if (numbered) out.push(`${numbered[1]}. ${escapeMarkdownLine(numbered[2] ?? '')}`);
    else out.push(escapeMarkdownLine(line));
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** Only https links leave trialcard; anything else is dropped by the caller. */
export function safeHttpsUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A URL inside Markdown link parentheses. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
}
