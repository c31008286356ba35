/**
 * setPluginPage: the page chrome Grafana draws around a plugin's page (SceneAppPage renders through
 * it). @grafana/runtime's default is a bare <div>, which would drop the title, the tabs and the
 * page's controls (scenes passes the variable pickers and the time picker as `actions`). This one
 * draws breadcrumbs, the title (`data-testid shell page title`), the subtitle, the actions and the
 * tabs, then the page.
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, NavModelItem } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Tab, TabsBar, useStyles2 } from '@grafana/ui';
import { shellTestIds } from './testIds';

function breadcrumbsOf(pageNav: NavModelItem | undefined): NavModelItem[] {
  const items: NavModelItem[] = [];
  for (let item = pageNav?.parentItem; item; item = item.parentItem) {
    if (!item.hideFromBreadcrumbs) {
      items.unshift(item);
    }
  }
  return items;
}

export function ShellPluginPage({ pageNav, subTitle, actions, renderTitle, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const title = pageNav?.text ?? '';
  const breadcrumbs = breadcrumbsOf(pageNav);
  const subtitle = subTitle ?? pageNav?.subTitle;
  return (
    <div className={styles.page}>
      {breadcrumbs.length > 0 && (
        <nav aria-label="Breadcrumbs" className={styles.breadcrumbs}>
          {breadcrumbs.map((item, i) => (
            <span key={i}>
              <a href={item.url}>{item.text}</a> ›{' '}
            </span>
          ))}
          <span>{title}</span>
        </nav>
      )}
      <div className={styles.header}>
        <h1 data-testid={shellTestIds.pageTitle} className={styles.title}>
          {renderTitle ? renderTitle(title) : title}
        </h1>
        {subtitle && <div data-testid={shellTestIds.pageSubtitle}>{subtitle}</div>}
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
      {pageNav?.children && pageNav.children.length > 0 && (
        <TabsBar className={styles.tabs}>
          {pageNav.children.map((tab, i) => (
            <Tab key={i} label={tab.text} active={tab.active} href={tab.url} suffix={tab.tabSuffix} />
          ))}
        </TabsBar>
      )}
      <div className={styles.body}>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  breadcrumbs: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  header: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  title: css({ margin: 0 }),
  actions: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' }),
  tabs: css({ marginBottom: 0 }),
  body: css({ display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0 }),
});
