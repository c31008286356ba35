import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { LoadingState, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneQueryRunner,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, Badge, EmptyState, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../shared/testIds';
import { ledgerRunner } from '../common/ledgerData';
import { errorOf, eventsOf, frameOf, type AuditEventRow } from './auditFrame';
import { REF_IDS, auditEventQuery } from './auditQueries';
import { eventDetails, type ChangeKind, type FieldChange } from './eventDiff';
import { PiiNote } from './PiiNote';

export interface EventDetailSceneState extends SceneObjectState {
  datasourceUid: string;
  eventId: string;
  pii: boolean;
}

/**
 * One audit event, fetched by id whatever the page's time range (a link from last week's list still
 * opens): who, what, when, the fields it changed, and its details as indented JSON.
 */
export class EventDetailScene extends SceneObjectBase<EventDetailSceneState> {
  static Component = EventDetailRenderer;

  public constructor(state: EventDetailSceneState) {
    super({
      ...state,
      // The detail is not a panel: nothing reports a width to size the query by.
      $data: state.$data ?? ledgerRunner(state.datasourceUid, [auditEventQuery(state.eventId)], { maxDataPoints: 1 }),
    });
  }

  public get runner(): SceneQueryRunner {
    const data = this.state.$data;
    if (!(data instanceof SceneQueryRunner)) {
      throw new Error('the event detail needs its own query runner');
    }
    return data;
  }
}

function EventDetailRenderer({ model }: SceneComponentProps<EventDetailScene>) {
  const { eventId, pii } = model.useState();
  const { data } = model.runner.useState();
  const styles = useStyles2(getStyles);
  const frame = frameOf(data?.series, REF_IDS.event);
  const event: AuditEventRow | undefined = useMemo(() => eventsOf(frame)[0], [frame]);
  const error = errorOf(data?.errors);

  if (data?.state === LoadingState.Error || error) {
    return (
      <Alert severity="error" title="The event could not be loaded" data-testid={testIds.audit.eventError}>
        {error ?? 'The ledger did not answer.'}
      </Alert>
    );
  }
  if (!frame) {
    return <LoadingPlaceholder text="Loading the event…" />;
  }
  if (!event) {
    return (
      <div data-testid={testIds.audit.eventNotFound}>
        <EmptyState variant="not-found" message={`No audit event has the id ${eventId}.`}>
          <Text color="secondary">It may have been removed from the audit log, or the link is incomplete.</Text>
        </EmptyState>
      </div>
    );
  }
  const timeZone = sceneGraph.getTimeRange(model).getTimeZone();
  return (
    <div className={styles.container} data-testid={testIds.audit.eventDetail}>
      {!pii && <PiiNote />}
      <dl className={styles.properties}>
        <dt>Time</dt>
        <dd>{`${dateTimeFormat(event.time, { timeZone })} (${new Date(event.time).toISOString()})`}</dd>
        <dt>Action</dt>
        <dd>{event.action}</dd>
        <dt>User</dt>
        <dd>{named(event.user, event.userName)}</dd>
        <dt>Tenant</dt>
        <dd>{named(event.tenant, event.tenantName)}</dd>
        <dt>Event id</dt>
        <dd>{event.id}</dd>
      </dl>
      <EventBody details={event.details} />
    </div>
  );
}

/** A name with its id (the id is what the filters take), or the id alone. */
function named(id: string | null, name: string | undefined): string {
  return id === null ? '—' : name ? `${name} (${id})` : id;
}

function EventBody({ details }: { details: string | null }) {
  const styles = useStyles2(getStyles);
  const { pretty, changes } = useMemo(() => eventDetails(details), [details]);
  return (
    <>
      {changes.length > 0 && (
        <section>
          <Text element="h3" variant="h5">
            Changes
          </Text>
          <ChangesTable changes={changes} />
        </section>
      )}
      <section>
        <Text element="h3" variant="h5">
          Details
        </Text>
        {pretty === null ? (
          <Text color="secondary">This event has no details.</Text>
        ) : (
          <pre className={styles.json} data-testid={testIds.audit.eventJson}>
            {pretty}
          </pre>
        )}
      </section>
    </>
  );
}

const BADGE: Record<ChangeKind, { text: string; color: 'green' | 'red' | 'blue' }> = {
  added: { text: 'added', color: 'green' },
  removed: { text: 'removed', color: 'red' },
  changed: { text: 'changed', color: 'blue' },
};

function ChangesTable({ changes }: { changes: FieldChange[] }) {
  const styles = useStyles2(getStyles);
  const absent = <Text color="secondary">absent</Text>;
  return (
    <table className={styles.table} data-testid={testIds.audit.changes}>
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-testid={testIds.audit.changeRow(c.field)}>
            <td className={styles.mono}>{c.field}</td>
            <td className={styles.mono}>{c.before ?? absent}</td>
            <td className={styles.mono}>{c.after ?? absent}</td>
            <td>
              <Badge text={BADGE[c.change].text} color={BADGE[c.change].color} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
  properties: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0, wordBreak: 'break-all' },
  }),
  table: css({
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }),
  json: css({
    margin: 0,
    padding: theme.spacing(1.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  }),
});
