import { describe, expect, it } from 'vitest';
import type { ViewJson } from '../../src/db/sql/views';
import { withFields } from '../../src/services/view-fields';

const view = (text: string) => text as ViewJson<Record<string, unknown>>;

describe('withFields', () => {
  it('adds the fields to the object Postgres wrote, nested objects and spacing as they were', () => {
    const json = withFields(view('{"id" : "a", "lines" : [{"n" : 1}], "payment" : {"method" : "cod"}} '), {
      token: 'secret "quoted" \\ value',
      left: undefined,
    });
    expect(JSON.parse(json)).toEqual({
      id: 'a',
      lines: [{ n: 1 }],
      payment: { method: 'cod' },
      token: 'secret "quoted" \\ value',
    });
  });

  it('adds to an empty object, and leaves a view alone when every field is undefined', () => {
    expect(JSON.parse(withFields(view('{}'), { token: 't' }))).toEqual({ token: 't' });
    expect(withFields(view('{"id" : "a"}'), { token: undefined })).toBe('{"id" : "a"}');
  });
});
