import { tableFromIPC, Type, TimeUnit, type Timestamp } from 'apache-arrow';
import { frameToArrow } from './arrow';
import type { Frame } from './frame';

const frame: Frame = {
  name: 'usage',
  refId: 'A',
  meta: { executedQueryString: 'SELECT 1', notices: [{ severity: 'warning', text: 'cut at 3 rows' }] },
  fields: [
    { name: 'time', type: 'time', values: [1700000000000, 1700000000001.5, 1700000000002] },
    { name: 'cost', type: 'float64', values: [0.5, 1.25, NaN], config: { unit: 'currencyUSD' } },
    { name: 'tokens', type: 'int64', values: [1, 9007199254740993n, -3], labels: { model: 'gpt-4o' } },
    { name: 'user', type: 'string', nullable: true, values: ['ana', null, 'zoë'] },
    { name: 'estimated', type: 'boolean', values: [true, false, true] },
    { name: 'details', type: 'json', nullable: true, values: ['{"a":1}', null, { b: [2] }] },
  ],
};

describe('frameToArrow', () => {
  const bytes = frameToArrow(frame);
  const table = tableFromIPC(bytes);

  it('writes the IPC file format (ARROW1 magic at both ends), not the stream format', () => {
    const text = Buffer.from(bytes);
    expect(text.subarray(0, 6).toString('ascii')).toBe('ARROW1');
    expect(text.subarray(text.length - 6).toString('ascii')).toBe('ARROW1');
  });

  it('puts name, refId and meta JSON in the schema metadata', () => {
    expect(table.schema.metadata.get('name')).toBe('usage');
    expect(table.schema.metadata.get('refId')).toBe('A');
    expect(JSON.parse(table.schema.metadata.get('meta')!)).toEqual(frame.meta);
  });

  it.each([
    ['time', Type.Timestamp, 'time', false],
    ['cost', Type.Float, 'number', false],
    ['tokens', Type.Int, 'number', false],
    ['user', Type.Utf8, 'string', true],
    ['estimated', Type.Bool, 'boolean', false],
    ['details', Type.Binary, 'other', true],
  ])('field %s has Arrow type %s, tstype %s, nullable %s', (name, typeId, tstype, nullable) => {
    const field = table.schema.fields.find((f) => f.name === name)!;
    expect(field.type.typeId).toBe(typeId);
    expect(field.metadata.get('tstype')).toBe(tstype);
    expect(field.nullable).toBe(nullable);
  });

  it('uses nanosecond timestamps without a time zone and keeps sub-millisecond precision', () => {
    const field = table.schema.fields[0];
    expect((field.type as Timestamp).unit).toBe(TimeUnit.NANOSECOND);
    expect((field.type as Timestamp).timezone).toBeNull();
    const raw = table.getChild('time')!.data[0].values as BigInt64Array;
    expect(Array.from(raw)).toEqual([1700000000000000000n, 1700000000001500000n, 1700000000002000000n]);
  });

  it('writes labels and config as JSON field metadata only where set', () => {
    expect(JSON.parse(table.schema.fields[2].metadata.get('labels')!)).toEqual({ model: 'gpt-4o' });
    expect(JSON.parse(table.schema.fields[1].metadata.get('config')!)).toEqual({ unit: 'currencyUSD' });
    expect(table.schema.fields[0].metadata.has('labels')).toBe(false);
    expect(table.schema.fields[0].metadata.has('config')).toBe(false);
  });

  it('round-trips values, nulls and exact int64', () => {
    expect(table.getChild('user')!.toArray()).toEqual(['ana', null, 'zoë']);
    expect(Array.from(table.getChild('tokens')!.data[0].values as BigInt64Array)).toEqual([1n, 9007199254740993n, -3n]);
    expect(Array.from(table.getChild('estimated')!.toArray())).toEqual([true, false, true]);
    expect(Number.isNaN(table.getChild('cost')!.get(2))).toBe(true);
    const details = table.getChild('details')!;
    expect(Buffer.from(details.get(0) as Uint8Array).toString()).toBe('{"a":1}');
    expect(details.get(1)).toBeNull();
    expect(Buffer.from(details.get(2) as Uint8Array).toString()).toBe('{"b":[2]}');
  });

  it('encodes an empty frame with its schema', () => {
    const empty = tableFromIPC(frameToArrow({ refId: 'B', fields: [{ name: 'v', type: 'float64', values: [] }] }));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields[0].name).toBe('v');
  });

  it('refuses a null in a non-nullable field and columns of different lengths', () => {
    expect(() => frameToArrow({ fields: [{ name: 'v', type: 'float64', values: [1, null] }] })).toThrow(/not nullable/);
    expect(() =>
      frameToArrow({
        fields: [
          { name: 'a', type: 'float64', values: [1] },
          { name: 'b', type: 'float64', values: [1, 2] },
        ],
      })
    ).toThrow(/has 2 values, expected 1/);
  });
});
