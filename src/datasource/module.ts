import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { LedgerSecureJsonData } from '../shared/datasourceSettings';
import type { LedgerDataQuery, LedgerOptions } from './types';

// No lazy chunks here: the scaffold emits every chunk at dist/ while this module's public path is
// dist/datasource/ at run time, so a lazy editor of the nested plugin would not be found.
export const plugin = new DataSourcePlugin<DataSource, LedgerDataQuery, LedgerOptions, LedgerSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
