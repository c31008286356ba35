/**
 * For tests only: frames as the ledger datasource answers them, built from the result contract
 * (src/shared/resultFrames.ts), so that a renamed or retyped field fails the page tests too.
 */
import { FieldType, createDataFrame, type DataFrame, type QueryResultMeta } from '@grafana/data';
import type { ResultField, ResultFieldType } from '../../../shared/resultFrames';

const FIELD_TYPE: Record<ResultFieldType, FieldType> = {
  time: FieldType.time,
  float64: FieldType.number,
  int64: FieldType.number,
  string: FieldType.string,
  boolean: FieldType.boolean,
  json: FieldType.other,
};

/** A frame named as the contract names it, with these declared fields and values, in this order. */
export function ledgerFrame(
  refId: string,
  frame: { name: string },
  columns: Array<[ResultField, unknown[]]>,
  meta?: QueryResultMeta
): DataFrame {
  return createDataFrame({
    refId,
    name: frame.name,
    meta,
    fields: columns.map(([field, values]) => ({
      name: field.name,
      type: FIELD_TYPE[field.type],
      values,
      config: {
        ...(field.unit !== undefined ? { unit: field.unit } : {}),
        ...(field.displayName !== undefined ? { displayName: field.displayName } : {}),
        ...(field.description !== undefined ? { description: field.description } : {}),
      },
    })),
  });
}
