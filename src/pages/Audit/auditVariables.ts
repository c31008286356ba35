/**
 * The Audit Trail's filters as scene variables: tenant and user (shared with the other pages),
 * action, and free text in the details. They live on the page's EmbeddedScene, outside the lazily
 * loaded body, so that URL sync sees them from the start.
 */
import { VariableRefresh } from '@grafana/data';
import {
  CustomVariable,
  QueryVariable,
  SceneVariableSet,
  TextBoxVariable,
  type MultiValueVariableState,
} from '@grafana/scenes';
import { ALL_VALUE } from '../../shared/queryTypes';
import { ledgerRef } from '../common/ledgerData';
import { ledgerVariable } from '../common/ledgerVariables';
import { AUDIT_VARIABLES, SECURITY_ACTIONS } from './auditQueries';

export type AuditTab = 'events' | 'security';

/** Every action the ledger saw in the range; All drops the filter. */
export function actionVariable(uid: string): QueryVariable {
  return new QueryVariable({
    name: AUDIT_VARIABLES.action,
    label: 'Action',
    datasource: ledgerRef(uid),
    query: { refId: `variable-${AUDIT_VARIABLES.action}`, queryType: 'variableValues', variable: 'actions' },
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
    refresh: VariableRefresh.onTimeRangeChanged,
  });
}

/**
 * The security tab's action filter: the security actions only. Scenes lets a value from the URL
 * survive its first validation, for query variables whose options are still loading; these options
 * are fixed, so a value outside them can only come from an edited or stale link, and would list
 * other events under the security tab's title. Here it falls back to All like any invalid value.
 */
export class SecurityActionVariable extends CustomVariable {
  protected interceptStateUpdateAfterValidation(_update: Partial<MultiValueVariableState>): void {
    this.skipNextValidation = false;
  }
}

/**
 * All stands for the whole list (no allValue), so the security tab never shows other actions,
 * whether or not the range holds each kind.
 */
export function securityActionVariable(): SecurityActionVariable {
  return new SecurityActionVariable({
    name: AUDIT_VARIABLES.action,
    label: 'Action',
    query: SECURITY_ACTIONS.join(','),
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
  });
}

export function searchVariable(): TextBoxVariable {
  return new TextBoxVariable({ name: AUDIT_VARIABLES.search, label: 'Details contain', value: '' });
}

export function auditVariables(uid: string, tab: AuditTab): SceneVariableSet {
  return new SceneVariableSet({
    variables: [
      ledgerVariable(uid, 'user'),
      ledgerVariable(uid, 'tenant'),
      tab === 'security' ? securityActionVariable() : actionVariable(uid),
      searchVariable(),
    ],
  });
}
