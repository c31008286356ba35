/** Helpers of the query editors' tests (not part of the plugin). */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DataSource } from '../../datasource';
import type { LedgerDataQuery } from '../../types';

/**
 * Combobox menus are virtual lists sized from their scroll element, which jsdom lays out at 0 px:
 * give every element a size so that the menus render their options.
 */
export function giveElementsASize() {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, value: 400 });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, value: 400 });
  });
  afterAll(() => {
    // Back to jsdom's own getters on Element.prototype.
    delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
    delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
  });
}

/** A datasource that lists fixed values, and the dashboard variables `$tenant` and `$model`. */
export function fakeDatasource(values: string[] = ['acme', 'globex']) {
  return {
    listValues: jest.fn<Promise<string[]>, Parameters<DataSource['listValues']>>().mockResolvedValue(values),
    dashboardVariables: jest.fn(() => ['$tenant', '$model']),
  };
}

export const asDatasource = (fake: ReturnType<typeof fakeDatasource>) => fake as unknown as DataSource;

export function changes() {
  return { onChange: jest.fn<void, [LedgerDataQuery]>(), onRunQuery: jest.fn() };
}

/** The last query the editor sent. */
export const lastQuery = (onChange: jest.Mock<void, [LedgerDataQuery]>) => onChange.mock.calls.at(-1)?.[0];

/**
 * Opens a combobox inside `container`, types `text`, and waits until an option matches `expected`
 * (asynchronous options come after a debounce; a typed custom value is offered at once).
 */
export async function openMenu(container: HTMLElement, text = '', expected: string | RegExp = /./) {
  const input = container.tagName === 'INPUT' ? container : within(container).getByRole('combobox');
  fireEvent.click(input);
  if (text !== '') {
    fireEvent.change(input, { target: { value: text } });
  }
  await waitFor(() => expect(screen.getAllByRole('option', { name: expected }).length).toBeGreaterThan(0), {
    timeout: 5000,
  });
  return screen.getAllByRole('option');
}
