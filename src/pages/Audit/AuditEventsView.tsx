import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { LoadingState, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { sceneGraph, type SceneComponentProps } from '@grafana/scenes';
import { Alert, Button, Icon, LoadingPlaceholder, Pagination, Text, useStyles2 } from '@grafana/ui';
import type { AuditSortColumn } from '../../shared/queryTypes';
import { testIds } from '../../shared/testIds';
import { CSV_MAX_ROWS } from './auditCsv';
import type { ExportResult } from './auditExport';
import { errorOf, eventsOf, frameOf, pageInfoOf, type AuditEventRow } from './auditFrame';
import { REF_IDS, type SortDirection } from './auditQueries';
import { eventHref } from './auditRoutes';
import type { AuditEventsScene } from './AuditEventsScene';
import { PiiNote } from './PiiNote';

const COLUMNS: Array<{ id: AuditSortColumn; label: string }> = [
  { id: 'time', label: 'Time' },
  { id: 'action', label: 'Action' },
  { id: 'user', label: 'User' },
  { id: 'tenant', label: 'Tenant' },
];

const count = (n: number) => n.toLocaleString();

export function AuditEventsRenderer({ model }: SceneComponentProps<AuditEventsScene>) {
  const { page, sort, direction, pii, exporting, exportResult, exportError } = model.useState();
  const { data } = model.runner.useState();
  const styles = useStyles2(getStyles);
  const frame = frameOf(data?.series, REF_IDS.events);
  const rows = useMemo(() => eventsOf(frame), [frame]);
  const info = pageInfoOf(frame);
  const error = errorOf(data?.errors);
  const timeZone = sceneGraph.getTimeRange(model).getTimeZone();
  const pages = info && info.pageSize > 0 ? Math.max(1, Math.ceil(info.total / info.pageSize)) : 1;

  let body: React.ReactNode;
  if (data?.state === LoadingState.Error || error) {
    body = (
      <Alert severity="error" title="The audit events could not be loaded" data-testid={testIds.audit.eventsError}>
        {error ?? 'The ledger did not answer.'}
      </Alert>
    );
  } else if (!info) {
    body = <LoadingPlaceholder text="Loading events…" data-testid={testIds.audit.eventsLoading} />;
  } else if (info.total === 0) {
    body = (
      <div className={styles.empty} data-testid={testIds.audit.eventsEmpty}>
        <Text color="secondary">No events match the filters in this time range.</Text>
      </div>
    );
  } else {
    body = (
      <EventsTable
        rows={rows}
        sort={sort}
        direction={direction}
        onSort={(column) => model.sortBy(column)}
        timeZone={timeZone}
        loading={data?.state === LoadingState.Loading}
      />
    );
  }

  return (
    <div className={styles.container} data-testid={testIds.audit.events}>
      {!pii && <PiiNote />}
      <div className={styles.toolbar}>
        <span data-testid={testIds.audit.total}>
          {info && !error ? `${count(info.total)} events · page ${page} of ${count(pages)}` : ''}
        </span>
        <Button
          icon={exporting ? 'spinner' : 'download-alt'}
          variant="secondary"
          size="sm"
          disabled={exporting || !info || info.total === 0 || Boolean(error)}
          onClick={() => model.exportCsv()}
          tooltip="Every event the filters match in the time range, not only this page"
          data-testid={testIds.audit.exportCsv}
        >
          {exporting ? 'Exporting…' : 'Export CSV'}
        </Button>
      </div>
      <ExportStatus result={exportResult} error={exportError} />
      {body}
      {info && !error && (
        <div className={styles.pagination} data-testid={testIds.audit.pagination}>
          <Pagination
            currentPage={page}
            numberOfPages={pages}
            onNavigate={(p) => model.goToPage(p)}
            hideWhenSinglePage
          />
        </div>
      )}
    </div>
  );
}

function ExportStatus({ result, error }: { result?: ExportResult; error?: string }) {
  if (error) {
    return (
      <Alert severity="error" title="The CSV export failed" data-testid={testIds.audit.exportStatus}>
        {error}
      </Alert>
    );
  }
  if (!result) {
    return null;
  }
  if (result.capped) {
    return (
      <Alert severity="warning" title="The export is incomplete" data-testid={testIds.audit.exportStatus}>
        {`${result.fileName} holds the first ${count(result.rows)} of ${count(result.total)} events: an export stops at ${count(CSV_MAX_ROWS)}. Narrow the filters or the time range to export the rest.`}
      </Alert>
    );
  }
  return (
    <div data-testid={testIds.audit.exportStatus}>
      <Text color="secondary">{`Exported ${count(result.rows)} events to ${result.fileName}.`}</Text>
    </div>
  );
}

interface EventsTableProps {
  rows: AuditEventRow[];
  sort: AuditSortColumn;
  direction: SortDirection;
  onSort: (column: AuditSortColumn) => void;
  timeZone: string;
  loading: boolean;
}

function EventsTable({ rows, sort, direction, onSort, timeZone, loading }: EventsTableProps) {
  const styles = useStyles2(getStyles);
  // Read at render: the table re-renders with each page of data, after URL sync wrote the new state.
  const search = locationService.getSearchObject();
  return (
    <table className={loading ? `${styles.table} ${styles.loading}` : styles.table}>
      <thead>
        <tr>
          {COLUMNS.map(({ id, label }) => (
            <th key={id} aria-sort={id !== sort ? 'none' : direction === 'asc' ? 'ascending' : 'descending'}>
              <button
                type="button"
                className={styles.sortButton}
                onClick={() => onSort(id)}
                data-testid={testIds.audit.sortHeader(id)}
              >
                {label}
                {id === sort && <Icon name={direction === 'asc' ? 'arrow-up' : 'arrow-down'} />}
              </button>
            </th>
          ))}
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid={testIds.audit.eventRow(row.id)}>
            <td className={styles.nowrap}>
              <a className={styles.link} href={eventHref(row.id, search)} data-testid={testIds.audit.eventLink(row.id)}>
                {dateTimeFormat(row.time, { timeZone })}
              </a>
            </td>
            <td className={styles.nowrap}>{row.action}</td>
            {/* The name where the ledger sent one, its id on hover (the id is what filters and exports use). */}
            <td title={row.userName ? (row.user ?? undefined) : undefined}>{row.userName ?? row.user ?? '—'}</td>
            <td title={row.tenantName ? (row.tenant ?? undefined) : undefined}>
              {row.tenantName ?? row.tenant ?? '—'}
            </td>
            <td className={styles.details} title={row.details ?? undefined}>
              {row.details ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%' }),
  toolbar: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(2) }),
  empty: css({ padding: theme.spacing(4), textAlign: 'center' }),
  pagination: css({ display: 'flex', justifyContent: 'center' }),
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    },
    th: { fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.secondary },
    'th:last-child': { width: '45%' },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  loading: css({ opacity: 0.6 }),
  sortButton: css({
    all: 'unset',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  details: css({ whiteSpace: 'nowrap', fontFamily: theme.typography.fontFamilyMonospace }),
});
