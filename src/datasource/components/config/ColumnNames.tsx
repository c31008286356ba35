import React from 'react';
import { CollapsableSection, FieldValidationMessage, InlineField, Input, Stack, Text } from '@grafana/ui';
import {
  type AuditColumns,
  DEFAULT_AUDIT_COLUMNS,
  DEFAULT_USAGE_COLUMNS,
  type UsageColumns,
} from '../../../shared/datasourceSettings';
import { settingError } from '../../../shared/datasourceSettingsSchema';
import { testIds } from '../../../shared/testIds';
import { type ColumnMeaning, type ColumnsKey, type ConfigEditorProps, withColumn } from './editing';

const ids = testIds.datasourceConfig;

/** What each column holds, as its input's label. Typed so that a new column cannot be forgotten here. */
export const USAGE_COLUMN_LABELS: Record<keyof UsageColumns, string> = {
  id: 'Row id',
  userId: 'User id',
  tenantId: 'Tenant id',
  model: 'Model',
  inputTokens: 'Input tokens',
  outputTokens: 'Output tokens',
  cost: 'Cost',
  timestamp: 'Time (DATETIME)',
  createTime: 'Create time (ms)',
};

export const AUDIT_COLUMN_LABELS: Record<keyof AuditColumns, string> = {
  id: 'Row id',
  userId: 'User id',
  tenantId: 'Tenant id',
  action: 'Action',
  details: 'Details',
  createTime: 'Create time (ms)',
};

const LABEL_WIDTH = 20;

export interface ColumnGroupProps<C extends ColumnsKey> extends ConfigEditorProps {
  columnsKey: C;
  title: string;
  labels: Record<ColumnMeaning<C>, string>;
  defaults: Record<ColumnMeaning<C>, string>;
  testId: (meaning: string) => string;
}

/** One table's column names, by meaning (also used by the names section). */
export function ColumnGroup<C extends ColumnsKey>({
  options,
  onOptionsChange,
  columnsKey,
  title,
  labels,
  defaults,
  testId,
}: ColumnGroupProps<C>) {
  const saved: unknown = options.jsonData[columnsKey];
  const columns = (saved ?? {}) as Partial<Record<ColumnMeaning<C>, string>>;
  const meanings = Object.keys(labels) as Array<ColumnMeaning<C>>;
  // The map as a whole: a column the plugin does not know (a provisioning typo) is refused.
  const mapError = settingError(columnsKey, saved, title);

  return (
    <div>
      <Text element="h6">{title}</Text>
      {mapError && <FieldValidationMessage>{mapError}</FieldValidationMessage>}
      {meanings.map((meaning) => {
        const id = `ledger-${columnsKey}-${meaning}`;
        const error = settingError(columnsKey, saved, labels[meaning], [meaning]);
        return (
          <InlineField
            key={meaning}
            label={labels[meaning]}
            labelWidth={LABEL_WIDTH}
            invalid={error !== undefined}
            error={error}
            htmlFor={id}
          >
            <Input
              id={id}
              width={30}
              value={columns[meaning] ?? ''}
              placeholder={defaults[meaning]}
              onChange={(event) => onOptionsChange(withColumn(options, columnsKey, meaning, event.currentTarget.value))}
              data-testid={testId(meaning)}
            />
          </InlineField>
        );
      })}
    </div>
  );
}

/**
 * The column names of both tables, by meaning; empty means the default (shown as placeholder).
 * Opens by itself when some name is already set, so that a custom or wrong name is not hidden.
 */
export function ColumnNames(props: ConfigEditorProps) {
  const { usageColumns, auditColumns } = props.options.jsonData;
  const customized = Object.keys(usageColumns ?? {}).length + Object.keys(auditColumns ?? {}).length > 0;

  return (
    <CollapsableSection label="Column names" isOpen={customized} headerDataTestId={ids.columnNames}>
      <Stack direction="row" gap={4} wrap="wrap">
        <ColumnGroup
          {...props}
          columnsKey="usageColumns"
          title="Usage table"
          labels={USAGE_COLUMN_LABELS}
          defaults={DEFAULT_USAGE_COLUMNS}
          testId={ids.usageColumn}
        />
        <ColumnGroup
          {...props}
          columnsKey="auditColumns"
          title="Audit table"
          labels={AUDIT_COLUMN_LABELS}
          defaults={DEFAULT_AUDIT_COLUMNS}
          testId={ids.auditColumn}
        />
      </Stack>
    </CollapsableSection>
  );
}
