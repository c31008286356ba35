/**
 * Pieces every shell page uses: loading with its error shown on the page, and an error boundary
 * that keeps a page's render error on the page (`data-testid shell error`), as Grafana's does
 * around plugin pages.
 */
import React, { Component, useEffect, useState, type ReactNode } from 'react';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { shellTestIds } from './testIds';

/** What an error says: Error's message, a FetchError's `data.message`, or the value as text. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  const err = e as { message?: unknown; data?: { message?: unknown }; statusText?: unknown } | undefined;
  for (const text of [err?.message, err?.data?.message, err?.statusText]) {
    if (typeof text === 'string' && text !== '') {
      return text;
    }
  }
  return JSON.stringify(e);
}

export function ShellError({ title, message }: { title: string; message: string }) {
  return (
    <div data-testid={shellTestIds.error}>
      <Alert severity="error" title={title}>
        {message}
      </Alert>
    </div>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    return this.state.error !== undefined ? (
      <ShellError title="The page failed to render" message={errorText(this.state.error)} />
    ) : (
      this.props.children
    );
  }
}

/** Runs `load` when `key` changes; the result, or the error as text. */
export function useLoad<T>(load: () => Promise<T>, key: string): { value?: T; error?: string } {
  const [state, setState] = useState<{ key?: string; value?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ key, value }),
      (e: unknown) => live && setState({ key, error: errorText(e) })
    );
    return () => {
      live = false;
    };
    // `load` is a new closure on every render; `key` says when it means something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : {};
}

/** Loading, the error, or the page for the loaded value. */
export function Loaded<T>(props: {
  state: { value?: T; error?: string };
  what: string;
  children: (v: T) => ReactNode;
}) {
  if (props.state.error !== undefined) {
    return <ShellError title={`Could not load ${props.what}`} message={props.state.error} />;
  }
  if (props.state.value === undefined) {
    return <LoadingPlaceholder text={`Loading ${props.what}…`} />;
  }
  return <>{props.children(props.state.value)}</>;
}
