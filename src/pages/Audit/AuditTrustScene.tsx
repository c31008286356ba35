import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneQueryRunner,
} from '@grafana/scenes';
import { Badge, Text, useStyles2, type BadgeColor } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { ledgerRunner } from '../common/ledgerData';
import { errorOf, frameOf } from './auditFrame';
import { REF_IDS, auditTrailStateQuery, auditVerifyQuery, type AuditFilterQuery } from './auditQueries';
import { eventHref } from './auditRoutes';
import { chainLine, chainsOf, trailStateOf, trailStateParts, type Tone } from './auditTrust';

export interface AuditTrustSceneState extends SceneObjectState {
  datasourceUid: string;
  /** The page's tenant variable: one line per chain it selects (All: every chain). */
  filters: Pick<AuditFilterQuery, 'tenants'>;
  verify: SceneQueryRunner;
  trail: SceneQueryRunner;
}

type Options = Pick<AuditTrustSceneState, 'datasourceUid' | 'filters'> & Partial<AuditTrustSceneState>;

/** More chains than this are summed up in one line, the worst shown first. */
export const CHAIN_LINES_MAX = 5;

/**
 * Whether the audit trail can be trusted: for each hash chain the tenant variable selects,
 * "Verified to <time> (N events)", "Broken at <time>: <kind>" with a link to the event, or "Not
 * chained"; and the trail's state: the oldest event held, the retention and the last purge.
 *
 * Verification walks whole chains, which takes seconds on millions of events, so it has a runner
 * of its own, and so does the state: the events table and the chart never wait for either.
 */
export class AuditTrustScene extends SceneObjectBase<AuditTrustSceneState> {
  static Component = AuditTrustRenderer;

  public constructor(options: Options) {
    // Neither is a panel: nothing reports a width to size the queries by.
    super({
      verify: ledgerRunner(options.datasourceUid, [auditVerifyQuery(options.filters)], { maxDataPoints: 1 }),
      trail: ledgerRunner(options.datasourceUid, [auditTrailStateQuery(options.filters)], { maxDataPoints: 1 }),
      ...options,
    });
    // The runners are this object's children, not its $data: activating them is ours.
    this.addActivationHandler(() => {
      const deactivate = [this.state.verify.activate(), this.state.trail.activate()];
      return () => deactivate.forEach((d) => d());
    });
  }
}

const TONE: Record<Tone, BadgeColor> = { ok: 'green', broken: 'red', unchained: 'orange', empty: 'darkgrey' };
const ICON: Record<Tone, 'check' | 'exclamation-triangle' | 'info-circle' | 'minus-circle'> = {
  ok: 'check',
  broken: 'exclamation-triangle',
  unchained: 'info-circle',
  empty: 'minus-circle',
};

function AuditTrustRenderer({ model }: SceneComponentProps<AuditTrustScene>) {
  const { verify, trail } = model.useState();
  const verifyData = verify.useState().data;
  const trailData = trail.useState().data;
  const styles = useStyles2(getStyles);
  const timeZone = sceneGraph.getTimeRange(model).getTimeZone();
  const formatTime = (ms: number) => dateTimeFormat(ms, { timeZone });

  const verifyFrame = frameOf(verifyData?.series, REF_IDS.verify);
  const verifyError = errorOf(verifyData?.errors);
  const chains = chainsOf(verifyFrame);
  const notices = (verifyFrame?.meta?.notices ?? []).map((n) => n.text);
  const state = trailStateOf(frameOf(trailData?.series, REF_IDS.state));
  const search = locationService.getSearchObject();
  const shown = chains.slice(0, CHAIN_LINES_MAX);
  const rest = chains.slice(CHAIN_LINES_MAX);
  const several = chains.length > 1;

  let body: React.ReactNode;
  if (verifyData?.state === LoadingState.Error || verifyError) {
    body = (
      <Text color="warning" data-testid={testIds.audit.trustError}>
        The audit chain could not be verified: {verifyError ?? 'the ledger did not answer.'}
      </Text>
    );
  } else if (!verifyFrame) {
    body = (
      <Text color="secondary" data-testid={testIds.audit.trustLoading}>
        Verifying the audit chain…
      </Text>
    );
  } else if (chains.length === 0) {
    body = <Text color="secondary">No audit chain to verify.</Text>;
  } else {
    body = (
      <ul className={styles.lines}>
        {shown.map((row) => {
          const line = chainLine(row, formatTime);
          return (
            <li key={row.tenant} data-testid={testIds.audit.trustChain(row.tenant)}>
              {several && <span className={styles.label}>{line.label}</span>}
              <Badge color={TONE[line.tone]} icon={ICON[line.tone]} text={line.text} />
              {line.eventId && (
                <a
                  className={styles.link}
                  href={eventHref(line.eventId, search)}
                  data-testid={testIds.audit.trustBreakLink(row.tenant)}
                >
                  Open the event
                </a>
              )}
              {line.note && (
                <Text color="secondary" variant="bodySmall">
                  {line.note}
                </Text>
              )}
            </li>
          );
        })}
        {rest.length > 0 && (
          <li>
            <Text color="secondary" variant="bodySmall">
              {`${rest.length} more chains: ${summary(rest.map((r) => r.status))}`}
            </Text>
          </li>
        )}
      </ul>
    );
  }

  return (
    <section className={styles.container} data-testid={testIds.audit.trust} aria-label="Audit trail integrity">
      {body}
      {notices.map((text) => (
        <Text key={text} color="secondary" variant="bodySmall">
          {text}
        </Text>
      ))}
      {state && (
        <Text color="secondary" variant="bodySmall" data-testid={testIds.audit.trustState}>
          {trailStateParts(state, formatTime).join(' · ')}
        </Text>
      )}
    </section>
  );
}

/** "3 verified, 1 not chained". */
function summary(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) {
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), width: '100%' }),
  lines: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    li: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: theme.spacing(1) },
  }),
  label: css({ fontWeight: theme.typography.fontWeightMedium, minWidth: theme.spacing(12) }),
  link: css({ color: theme.colors.text.link, textDecoration: 'underline' }),
});
