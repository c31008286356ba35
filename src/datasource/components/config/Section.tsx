import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { FieldSet, Text, useStyles2 } from '@grafana/ui';

interface SectionProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** One titled group of the config page, with an optional explanation under its title. */
export function Section({ title, description, children }: SectionProps) {
  const styles = useStyles2(getStyles);
  return (
    <FieldSet label={title}>
      {description && (
        <div className={styles.description}>
          <Text element="p" color="secondary">
            {description}
          </Text>
        </div>
      )}
      {children}
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  description: css({ marginBottom: theme.spacing(2), maxWidth: theme.spacing(100) }),
});
