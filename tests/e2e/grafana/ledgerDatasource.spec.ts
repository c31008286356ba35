/**
 * The ledger datasource in Grafana's own places: the panel editor, Explore, query variables,
 * annotations and alert rules, against the demo stack (`npm run server`, then `npm run e2e`).
 */
import { expect, test } from '@grafana/plugin-e2e';
import { testIds } from '../../../src/shared/testIds';

const PROVISIONED = { fileName: 'ledger.yaml' };

test.describe('ledger datasource', () => {
  test('a new panel shows spend over time by model, and switching the query type runs the new query', async ({
    panelEditPage,
    readProvisionedDataSource,
    page,
  }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    await panelEditPage.datasource.set(ds.name);

    await expect(page.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Cost over time');
    await expect(panelEditPage.refreshPanel()).toBeOK();

    const queryDone = page.waitForResponse((r) => r.url().includes('/api/ds/query'));
    await page.getByTestId(testIds.queryEditor.queryType).click();
    await page.getByRole('option', { name: /^Cost breakdown/ }).click();
    await expect(queryDone).toBeOK();
    await expect(page.getByTestId(testIds.queryEditor.option('groupBy'))).toBeVisible();
  });

  test('the tenant filter lists the tenants of the time range', async ({
    panelEditPage,
    readProvisionedDataSource,
    page,
  }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    await panelEditPage.datasource.set(ds.name);

    await page.getByTestId(testIds.queryEditor.filter('tenants')).getByRole('combobox').click();

    await expect(page.getByRole('option').first()).toBeVisible();
  });

  test('Explore runs ledger queries', async ({ explorePage, readProvisionedDataSource, page }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    await explorePage.datasource.set(ds.name);

    await expect(page.getByTestId(testIds.queryEditor.container)).toBeVisible();
    await expect(explorePage.runQuery()).toBeOK();
  });

  test('a query variable lists the tenants', async ({ variableEditPage, readProvisionedDataSource, page }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    await variableEditPage.setVariableType('Query');
    await variableEditPage.datasource.set(ds.name);

    await expect(page.getByTestId(testIds.variableEditor.container)).toBeVisible();
    await variableEditPage.runQuery();
    await expect(variableEditPage).toDisplayPreviews([/.+/], {});
  });

  test('an annotation query reads audit events', async ({ annotationEditPage, readProvisionedDataSource, page }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    await annotationEditPage.datasource.set(ds.name);

    await expect(page.getByTestId(testIds.annotationEditor.container)).toBeVisible();
    await expect(annotationEditPage.runQuery()).toBeOK();
  });

  test("a new alert rule starts from each tenant's budget share and evaluates", async ({
    alertRuleEditPage,
    readProvisionedDataSource,
    page,
  }) => {
    const ds = await readProvisionedDataSource(PROVISIONED);
    const query = await alertRuleEditPage.getQueryRow();
    await query.datasource.set(ds.name);

    await expect(page.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Budget');
    await expect(page.getByTestId(testIds.queryEditor.option('forAlerting'))).toBeChecked();
    await expect(alertRuleEditPage.evaluate()).toBeOK();
  });
});
