import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../shared/testIds';

export interface InstalledNoticeProps {
  upcomingPages: readonly string[];
}

/** Says that the app is installed and which pages are on their way. */
export function InstalledNotice({ upcomingPages }: InstalledNoticeProps) {
  const styles = useStyles2(getStyles);

  return (
    <div data-testid={testIds.appOverview.container}>
      <Stack direction="column" gap={1}>
        <Alert severity="success" title="LLM Ops Observability is installed">
          <span data-testid={testIds.appOverview.installed}>
            The app is installed. Add its LLM Ops Ledger datasource under Connections → Data sources.
          </span>
        </Alert>
        <Text element="p">These pages arrive in the next versions:</Text>
        <ul className={styles.list} data-testid={testIds.appOverview.upcomingPages}>
          {upcomingPages.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'disc',
    paddingLeft: theme.spacing(3),
  }),
});
