/**
 * The tenant, user and model variables: multi-value, listed by the ledger for the page's time
 * range, All by default. All interpolates to ALL_VALUE, which the datasource turns into "no filter".
 */
import { VariableRefresh } from '@grafana/data';
import { QueryVariable, SceneVariableSet } from '@grafana/scenes';
import { ALL_VALUE, type VariableName } from '../../shared/queryTypes';
import { ledgerRef } from './ledgerData';

export type LedgerVariable = 'tenant' | 'user' | 'model';

const LISTS: Record<LedgerVariable, { label: string; list: VariableName }> = {
  tenant: { label: 'Tenant', list: 'tenants' },
  user: { label: 'User', list: 'users' },
  model: { label: 'Model', list: 'models' },
};

export function ledgerVariable(uid: string, name: LedgerVariable): QueryVariable {
  return new QueryVariable({
    name,
    label: LISTS[name].label,
    datasource: ledgerRef(uid),
    query: { refId: `variable-${name}`, queryType: 'variableValues', variable: LISTS[name].list },
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
    // The ledger sorts the values; listing them again when the range changes keeps them current.
    refresh: VariableRefresh.onTimeRangeChanged,
  });
}

export function ledgerVariables(uid: string, names: LedgerVariable[]): SceneVariableSet {
  return new SceneVariableSet({ variables: names.map((name) => ledgerVariable(uid, name)) });
}
