import React from 'react';
import { Divider } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { AccessSection } from './config/AccessSection';
import { BudgetsSection } from './config/BudgetsSection';
import { ConnectionSection } from './config/ConnectionSection';
import { DescriptionSection } from './config/DescriptionSection';
import type { ConfigEditorProps } from './config/editing';
import { LimitsSection } from './config/LimitsSection';
import { NamesSection } from './config/NamesSection';
import { PricesSection } from './config/PricesSection';
import { TablesSection } from './config/TablesSection';
import { TlsSection } from './config/TlsSection';

export type { ConfigEditorProps } from './config/editing';

/**
 * The ledger datasource's settings page. Each section edits its part of jsonData / secureJsonData
 * (names in src/shared/datasourceSettings.ts); "Save & test" runs the backend's health check, which
 * refuses bad settings by name.
 */
export function ConfigEditor(props: ConfigEditorProps) {
  return (
    <div data-testid={testIds.datasourceConfig.container}>
      <ConnectionSection {...props} />
      <Divider />
      <TlsSection {...props} />
      <Divider />
      <TablesSection {...props} />
      <Divider />
      <LimitsSection {...props} />
      <Divider />
      <AccessSection {...props} />
      <Divider />
      <NamesSection {...props} />
      <Divider />
      <PricesSection {...props} />
      <Divider />
      <BudgetsSection {...props} />
      <Divider />
      <DescriptionSection {...props} />
    </div>
  );
}
