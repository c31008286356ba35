import React from 'react';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../shared/testIds';
import { LazyScene } from './LazyScene';
import { MessageScene } from './MessageScene';

describe('LazyScene', () => {
  it('shows loading, then the body it loaded, and loads only once', async () => {
    const load = jest.fn(
      async () => new MessageScene({ message: 'loaded body', variant: 'completed', testId: 'body' })
    );
    const lazy = new LazyScene({ load });
    const { rerender } = render(<lazy.Component model={lazy} />);
    expect(screen.getByTestId(testIds.page.loading)).toBeInTheDocument();
    expect(await screen.findByTestId('body')).toHaveTextContent('loaded body');
    rerender(<lazy.Component model={lazy} />);
    expect(load).toHaveBeenCalledTimes(1);
    // The body hangs below the lazy scene, so it finds the page's time range and variables.
    expect(lazy.state.body?.parent).toBe(lazy);
  });

  it('says so when its chunk cannot be loaded', async () => {
    const lazy = new LazyScene({ load: () => Promise.reject(new Error('ChunkLoadError: cost.js')) });
    render(<lazy.Component model={lazy} />);
    expect(await screen.findByTestId(testIds.page.loadError)).toHaveTextContent('ChunkLoadError: cost.js');
  });
});
