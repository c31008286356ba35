import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { LedgerSecureJsonData } from '../shared/datasourceSettings';
import type { LedgerDataQuery, LedgerOptions } from './types';

export const plugin = new DataSourcePlugin<DataSource, LedgerDataQuery, LedgerOptions, LedgerSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
