/**
 * The name a tenant or user id is shown by where a value mapping cannot reach: a page title. Looked
 * up as the variable pickers list them (the datasource's `variables/<tenants|users>` resource with
 * the id as search text, over the page's time range), so the datasource's settings and the viewer's
 * role decide as everywhere else: tenant names for everyone who may see cost, a user's name only for
 * roles allowed personal data. Undefined when there is no name (names off, the tables missing, the
 * id not in the range, a lookup that failed): the title keeps the id.
 */
import { rangeUtil, type RawTimeRange } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { RESOURCE_PATHS } from '../../shared/resources';

export type NamedKind = 'tenants' | 'users';

interface VariablesReply {
  values?: Array<{ text?: string; value?: string }>;
}

/** The page's time range from the URL (`from`, `to`), else `fallback`, in epoch ms. */
export function pageRangeMs(fallback: RawTimeRange): { fromMs: number; toMs: number } {
  const search = locationService.getSearchObject();
  const raw = {
    from: typeof search.from === 'string' ? search.from : fallback.from,
    to: typeof search.to === 'string' ? search.to : fallback.to,
  };
  const range = rangeUtil.convertRawToRange(raw);
  return { fromMs: range.from.valueOf(), toMs: range.to.valueOf() };
}

export async function ledgerName(
  uid: string,
  kind: NamedKind,
  id: string,
  range: { fromMs: number; toMs: number }
): Promise<string | undefined> {
  if (uid === '' || id === '') {
    return undefined;
  }
  try {
    const reply = await getBackendSrv().get<VariablesReply>(
      `/api/datasources/uid/${encodeURIComponent(uid)}/resources/${RESOURCE_PATHS.variables}/${kind}`,
      { search: id, from: Math.floor(range.fromMs), to: Math.ceil(range.toMs), limit: 10 },
      undefined,
      { showErrorAlert: false, showSuccessAlert: false }
    );
    const text = reply.values?.find((v) => v.value === id)?.text;
    return text && text !== id ? text : undefined;
  } catch {
    // A title is not worth an error: it keeps the id.
    return undefined;
  }
}
