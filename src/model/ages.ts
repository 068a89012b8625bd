// Registry ages are "18 Years", "6 Months", "28 Days"; an absent bound means no limit.
export interface Age {
  value: number;
  unit: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';
  /** "18 years" */
  text: string;
}

const UNITS: Record<string, Age['unit']> = {
  year: 'year',
  years: 'year',
  month: 'month',
  months: 'month',
  week: 'week',
  weeks: 'week',
  day: 'day',
  days: 'day',
  hour: 'hour',
  hours: 'hour',
  minute: 'minute',
  minutes: 'minute',
};

export function parseAge(raw: string | undefined): Age | undefined {
  if (!raw) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$/.exec(raw);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || !unit) return undefined;
  const value = Number(m[1]);
  return { value, unit, text: `${value} ${value === 1 ? unit : `${unit}s`}` };
}

/** "18 years and up", "18 to 65 years", "6 months to 17 years", "up to 17 years", "any age". */
export function ageRangeLabel(min: Age | undefined, max: Age | undefined): string {
  if (min && min.value === 0) min = undefined;
  // "100 Years", "120 Years" and the like are placeholders for "no upper limit".
  if (max && max.unit === 'year' && max.value >= 95) max = undefined;
  if (min && max) {
    if (min.unit === max.unit) return `${min.value} to ${max.text}`;
    return `${min.text} to ${max.text}`;
  }
  if (min) return `${min.text} and up`;
  if (max) return `up to ${max.text}`;
  return 'any age';
}
