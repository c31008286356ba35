import React from 'react';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { EmptyState, LinkButton, Text } from '@grafana/ui';

export interface MessageSceneState extends SceneObjectState {
  /** One sentence: what is missing or refused. */
  message: string;
  /** What to do about it. */
  detail?: string;
  variant: 'call-to-action' | 'not-found' | 'completed';
  link?: { url: string; text: string };
  testId: string;
}

/**
 * A page or panel that explains instead of failing: no access, a page turned off, a datasource not
 * set or not found. Scenes render it in place of the panels that could not work.
 */
export class MessageScene extends SceneObjectBase<MessageSceneState> {
  static Component = MessageRenderer;
}

function MessageRenderer({ model }: SceneComponentProps<MessageScene>) {
  const { message, detail, variant, link, testId } = model.useState();
  return (
    <div data-testid={testId}>
      <EmptyState
        variant={variant}
        message={message}
        button={
          link ? (
            <LinkButton href={link.url} variant="secondary" icon="arrow-right">
              {link.text}
            </LinkButton>
          ) : undefined
        }
      >
        {detail && <Text color="secondary">{detail}</Text>}
      </EmptyState>
    </div>
  );
}
